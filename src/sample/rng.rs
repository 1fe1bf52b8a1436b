//! Random streams of the generator and the few distributions it draws from.
//!
//! Event `k` of seed `s` draws from ChaCha8 streams keyed by `(s, k, purpose)` only: events can
//! be made in any order, on any number of threads, and each part of an event (the particles,
//! the pile-up, ...) keeps its values when another part's code changes.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// What a random stream is used for (part of its key).
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Stream {
    Particles = 1,
    Showers = 2,
    PileUp = 3,
    Hits = 4,
    Reco = 5,
}

/// SplitMix64: a bijective mixer turning (seed, event, stream) into well-spread seed words.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The random stream `purpose` of event `event` for generator seed `seed`.
pub fn stream(seed: u64, event: u64, purpose: Stream) -> Rng {
    let mut key = [0u8; 32];
    let mut x = splitmix(seed) ^ splitmix(event.wrapping_add(0x51_7cc1_b727_220a));
    x ^= splitmix(purpose as u64);
    for chunk in key.chunks_mut(8) {
        x = splitmix(x);
        chunk.copy_from_slice(&x.to_le_bytes());
    }
    Rng(ChaCha8Rng::from_seed(key))
}

/// A random stream with the distributions the generator needs.
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Log-uniform in [lo, hi).
    pub fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        (self.uniform(lo.ln(), hi.ln())).exp()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An integer in [lo, hi).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.random_range(lo..hi)
    }

    /// +1 or -1 with equal probability.
    pub fn sign(&mut self) -> i32 {
        if self.chance(0.5) { 1 } else { -1 }
    }

    /// Standard normal (Box-Muller; one value per call keeps streams simple).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Normal with mean `mu` and width `sigma`.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        mu + sigma * self.normal()
    }

    /// Exponential with mean `mean`.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Pareto with minimum `xm` and index `alpha`: P(x > t) = (xm / t)^alpha.
    pub fn pareto(&mut self, xm: f64, alpha: f64) -> f64 {
        xm * (1.0 - self.unit()).powf(-1.0 / alpha)
    }

    /// Poisson with mean `lambda` (Knuth's product method; exact, fine for lambda < 500).
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        // Split large means so exp(-lambda) never underflows.
        let chunks = (lambda / 200.0).ceil().max(1.0);
        let part = lambda / chunks;
        let mut total = 0u32;
        for _ in 0..chunks as u32 {
            let limit = (-part).exp();
            let mut p = 1.0;
            loop {
                p *= self.unit();
                if p <= limit {
                    break;
                }
                total += 1;
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_keyed_by_event_and_purpose() {
        let a = stream(1, 7, Stream::Particles).unit();
        assert_eq!(a, stream(1, 7, Stream::Particles).unit());
        assert_ne!(a, stream(1, 8, Stream::Particles).unit());
        assert_ne!(a, stream(2, 7, Stream::Particles).unit());
        assert_ne!(a, stream(1, 7, Stream::PileUp).unit());
    }

    #[test]
    fn poisson_mean() {
        let mut r = stream(3, 0, Stream::PileUp);
        let n = 4000;
        let mean = (0..n).map(|_| r.poisson(65.0) as f64).sum::<f64>() / n as f64;
        assert!((mean - 65.0).abs() < 0.6, "{mean}");
    }
}
