//! Clustering a shower into crystals: the hits of a pfCluster.
//!
//! The shower's energy spreads over the 5 × 5 crystals around the crystal it points to, with
//! a lateral profile `exp(-|du| / s) × exp(-|dv| / s)` (crystal units, `s` the shower's
//! spread). Crystals above the rechit threshold join the cluster if they touch it; the
//! central one must pass the seeding threshold, or there is no cluster. The cluster holds
//! exactly the shower's energy: hit energies × fractions sum to the raw energy. Some outer
//! hits are shared with a neighbouring cluster: their fraction is below 1 and their rechit
//! energy is larger than what this cluster gets of it.

use super::geometry::EB_ETA_MAX;
use super::geometry::{Crystal, cell_of, crystal_at, nearest_local, to_local};
use super::rng::Rng;

/// One hit of a cluster: `pfClusterHit_{ieta,iphi,iz,rechitEnergy,fraction}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub crystal: Crystal,
    pub energy: f32,
    pub fraction: f32,
}

/// The crystals of one cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    /// The crystal the shower points to (`pfCluster_ieta/iphi/iz`).
    pub center: Crystal,
    pub hits: Vec<Hit>,
    /// Sum of energy × fraction over the hits (computed from the f32 values).
    pub raw: f32,
}

/// Energy (GeV) of the most energetic crystal a cluster needs to be seeded, at `eta`
/// (PF seeding thresholds: ≈0.23 GeV in the barrel, rising with |eta| in the endcaps).
pub fn seed_threshold(eta: f64) -> f64 {
    let a = eta.abs();
    if a < EB_ETA_MAX {
        0.23
    } else {
        0.6 * (1.0 + 1.3 * (a - EB_ETA_MAX))
    }
}

/// Energy (GeV) a crystal needs to be part of a cluster (PF rechit thresholds).
pub fn hit_threshold(eta: f64) -> f64 {
    let a = eta.abs();
    if a < EB_ETA_MAX {
        0.08
    } else {
        0.25 * (1.0 + 1.3 * (a - EB_ETA_MAX))
    }
}

/// Probability that an outer hit is shared with another cluster.
const SHARED_HIT_P: f64 = 0.12;

/// The crystal a shower points to and the lateral profile around it: weights of the 5
/// columns and 5 rows of crystals centred on it (the weight of crystal (a, b) is
/// `wu[a] * wv[b]`).
fn profile(eta: f64, phi: f64, iz: i32, spread: f64) -> (Crystal, [f64; 5], [f64; 5]) {
    let (u, v) = to_local(eta, phi, iz);
    let center = nearest_local(u, v, iz);
    let (ci, cj) = cell_of(center);
    // The shower axis inside the central crystal (it may lie just outside at the ring edges).
    let pu = u.clamp(ci as f64 + 0.02, ci as f64 + 0.98);
    let pv = v.clamp(cj as f64 + 0.02, cj as f64 + 0.98);
    let line = |p: f64, c: i32| -> [f64; 5] {
        std::array::from_fn(|k| (-((c + k as i32 - 2) as f64 + 0.5 - p).abs() / spread).exp())
    };
    (center, line(pu, ci), line(pv, cj))
}

/// Share of a shower's energy that its central crystal gets.
pub fn central_share(eta: f64, phi: f64, iz: i32, spread: f64) -> f64 {
    let (_, wu, wv) = profile(eta, phi, iz, spread);
    wu[2] * wv[2] / (wu.iter().sum::<f64>() * wv.iter().sum::<f64>())
}

/// The hits of a shower of `energy` GeV at (`eta`, `phi`) in subdetector `iz`, or `None`
/// when no crystal passes the seeding threshold. With `conserve`, the crystals of the
/// cluster hold all the energy (the sim fractions drawn for a particle's shower stay
/// exact); otherwise the energy of crystals below threshold is lost.
pub fn clusterize(
    rng: &mut Rng,
    eta: f64,
    phi: f64,
    iz: i32,
    energy: f64,
    spread: f64,
    conserve: bool,
) -> Option<Hits> {
    let (center, wu, wv) = profile(eta, phi, iz, spread);
    let total = wu.iter().sum::<f64>() * wv.iter().sum::<f64>();
    if wu[2] * wv[2] / total * energy < seed_threshold(eta) {
        return None;
    }
    let (ci, cj) = cell_of(center);
    // (weight, crystal if it exists) of the 5 x 5 crystals, row by row.
    let cells: [(f64, Option<Crystal>); 25] = std::array::from_fn(|k| {
        let (a, b) = (k / 5, k % 5);
        let w = wu[a] * wv[b];
        (w, crystal_at(ci + a as i32 - 2, cj + b as i32 - 2, iz))
    });
    let thr = hit_threshold(eta);
    let mut keep = [false; 25];
    for (k, c) in cells.iter().enumerate() {
        keep[k] = c.1.is_some() && c.0 / total * energy >= thr;
    }
    keep[12] = true;
    // Only crystals touching the cluster (8-connected to the central one) join it.
    let mut joined = [false; 25];
    joined[12] = true;
    let mut stack = vec![12usize];
    while let Some(k) = stack.pop() {
        let (ki, kj) = (k as i32 / 5, k as i32 % 5);
        for n in 0..25usize {
            let (ni, nj) = (n as i32 / 5, n as i32 % 5);
            if keep[n] && !joined[n] && (ni - ki).abs() <= 1 && (nj - kj).abs() <= 1 {
                joined[n] = true;
                stack.push(n);
            }
        }
    }
    let kept: f64 = if !conserve {
        total
    } else {
        cells
            .iter()
            .zip(&joined)
            .filter(|(_, j)| **j)
            .map(|(c, _)| c.0)
            .sum()
    };
    let mut hits = Vec::with_capacity(9);
    let mut raw = 0.0f64;
    for (k, c) in cells.iter().enumerate() {
        if !joined[k] {
            continue;
        }
        let deposit = c.0 / kept * energy;
        let fraction = if k != 12 && rng.chance(SHARED_HIT_P) {
            rng.uniform(0.3, 0.95) as f32
        } else {
            1.0f32
        };
        let e = (deposit / fraction as f64) as f32;
        raw += e as f64 * fraction as f64;
        hits.push(Hit {
            crystal: c.1.expect("joined crystals exist"),
            energy: e,
            fraction,
        });
    }
    Some(Hits {
        center,
        hits,
        raw: raw as f32,
    })
}

/// Scales every hit energy by `s` and recomputes the raw energy.
pub fn scale(h: &mut Hits, s: f64) {
    let mut raw = 0.0f64;
    for hit in &mut h.hits {
        hit.energy = (hit.energy as f64 * s) as f32;
        raw += hit.energy as f64 * hit.fraction as f64;
    }
    h.raw = raw as f32;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::rng::{Stream, stream};

    #[test]
    fn energy_is_conserved_and_threshold_applies() {
        let mut r = stream(9, 0, Stream::Hits);
        let h = clusterize(&mut r, 0.4, 1.0, 0, 30.0, 0.5, true).unwrap();
        let sum: f64 = h
            .hits
            .iter()
            .map(|h| h.energy as f64 * h.fraction as f64)
            .sum();
        assert!((sum - 30.0).abs() < 1e-3 && (h.raw as f64 - sum).abs() < 1e-4);
        assert!(h.hits.len() >= 9);
        assert!(clusterize(&mut r, 0.4, 1.0, 0, 0.1, 0.5, true).is_none());
        let single = clusterize(&mut r, 2.0, 1.0, 1, 3.0, 0.05, false).unwrap();
        assert_eq!(single.hits.len(), 1);
    }
}
