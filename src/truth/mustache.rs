//! The Mustache and the dynamic dphi window of CMSSW's `Mustache.cc`, as the reference
//! scripts compile them (`Mustache.C` with ROOT's ACLiC).
//!
//! Arguments are `f32`, as in the C++ original, and every intermediate follows the C++
//! promotion rules exactly: `float` arithmetic where the C++ is `float`, `double` where a
//! `double` literal (`0.5`, `1.`, `4.`) or a `double` variable enters, rounded back to
//! `float` where the C++ assigns to a `float`. Rust's `f32::{sin, log10, cosh, sqrt}` call the
//! same libm as the C++ (`sinf`, `log10f`, …), so labels agree bit for bit.
//!
//! `E` is always the RAW cluster energy (as the reference passes `pfCluster_rawEnergy`).

use std::f64::consts::PI;

/// ROOT's `Phi_mpi_pi` (the `Mustache.C` variant): wraps into `[-pi, pi)` with loops.
pub fn phi_mpi_pi(mut x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    while x >= PI {
        x -= 2.0 * PI;
    }
    while x < -PI {
        x += 2.0 * PI;
    }
    x
}

/// C++ `std::max(a, b)`: `(a < b) ? b : a`. Unlike `f32::max`, a NaN in `a` propagates,
/// as in the original (Rust's `max` would drop it and change the label).
fn cpp_max<T: PartialOrd>(a: T, b: T) -> T {
    if a < b { b } else { a }
}

/// C++ `std::min(a, b)`: `(b < a) ? b : a`.
fn cpp_min<T: PartialOrd>(a: T, b: T) -> T {
    if b < a { b } else { a }
}

/// Mustache parameters (CMSSW `Mustache.cc`, hard-coded in the reference).
mod params {
    pub const LOG10_E_MIN: f32 = -3.0;
    pub const SQRT_LOG_CLUST_E_TUNING: f32 = 1.1;
    pub const P_UP: [f32; 3] = [-0.107537, 0.590969, -0.076494];
    pub const P_LOW: [f32; 3] = [-0.0268843, 0.147742, -0.0191235];
    pub const W0: [f32; 2] = [-0.00681785, -0.00239516];
    pub const W1: [f32; 2] = [0.000699995, -0.00554331];
    pub const HALF_CRYSTAL_WIDTH: f32 = 0.0087;
}

/// `inMustache(eta0, phi0, E, eta, phi)`: is a cluster of raw energy `e` at (`eta`, `phi`)
/// inside the Mustache region of a seed at (`eta0`, `phi0`)?
pub fn in_mustache(eta0: f32, phi0: f32, e: f32, eta: f32, phi: f32) -> bool {
    use params::*;
    let log10_e = e.log10();
    // `std::abs(ClusEta) < etaMin` with etaMin = 0 is never true; kept out.
    if log10_e < LOG10_E_MIN {
        return false;
    }
    let sineta0 = eta0.sin();
    let x = eta0 * sineta0;
    let s = (log10_e + SQRT_LOG_CLUST_E_TUNING).sqrt();
    // b = A - 0.5 * (sum): the sum is float, `0.5 *` makes it double, the result is
    // rounded to float on assignment.
    let up = W1[0] * x + W1[1] / s;
    let lo = W0[0] * x + W0[1] / s;
    let sum = W1[0] * x + W1[1] / s + W0[0] * x + W0[1] / s;
    let mid = 0.5 * sum as f64;
    let b_upper = (up as f64 - mid) as f32;
    let b_lower = (lo as f64 - mid) as f32;

    let curv_up = x * (P_UP[0] * x + P_UP[1]) + P_UP[2];
    let curv_low = x * (P_LOW[0] * x + P_LOW[1]) + P_LOW[2];

    let a_upper = ((1.0 / (4.0 * curv_up as f64)) - b_upper.abs() as f64) as f32;
    let a_lower = ((1.0 / (4.0 * curv_low as f64)) - b_lower.abs() as f64) as f32;

    let dphi = phi_mpi_pi((phi - phi0) as f64);
    let dphi2 = dphi * dphi;
    let upper_cut = (cpp_max(1.0 / (4.0 * a_upper as f64), 0.0) * dphi2
        + cpp_max(b_upper, HALF_CRYSTAL_WIDTH) as f64
        + HALF_CRYSTAL_WIDTH as f64) as f32;
    let lower_cut = (cpp_max(1.0 / (4.0 * a_lower as f64), 0.0) * dphi2
        + cpp_min(b_lower, -HALF_CRYSTAL_WIDTH) as f64) as f32;

    let sign: f32 = if eta0 < 0.0 { -1.0 } else { 1.0 };
    let deta = sign * (eta - eta0);
    deta < upper_cut && deta > lower_cut
}

/// Parameters of the dynamic dphi window per |seed eta| bin:
/// (yoffset, scale, xoffset, width, saturation, cutoff).
const DYN_DPHI: [[f64; 6]; 4] = [
    [0.0280506, 0.946048, -0.101172, 0.432767, 0.14, 0.6],
    [0.0497038, 0.975707, -0.18149, 0.431729, 0.14, 0.55],
    [0.05643, 1.60429, -0.642352, 0.458106, 0.12, 0.45],
    [0.0928887, 1.22321, -0.260256, 0.345852, 0.12, 0.3],
];

/// The maximum |dphi| of the dynamic window for a cluster of raw energy `e` at `eta`, around a
/// seed at `seed_eta`. `compat` reproduces the reference's `* width` (CMSSW divides).
pub fn dynamic_max_dphi(seed_eta: f32, e: f32, eta: f32, compat: bool) -> f64 {
    let abs_seed_eta = seed_eta.abs() as f64;
    // float / float, log10 of a float: as the C++ overloads do.
    let log_et = (e / eta.cosh()).log10() as f64;
    let bin = (abs_seed_eta >= 1.479) as usize
        + (abs_seed_eta >= 1.75) as usize
        + (abs_seed_eta >= 2.0) as usize;
    let [yoffset, scale, xoffset, width, saturation, cutoff] = DYN_DPHI[bin];
    let arg = if compat {
        (log_et - xoffset) * width
    } else {
        (log_et - xoffset) / width
    };
    let maxdphi = yoffset + scale / (1.0 + arg.exp());
    cpp_max(cpp_min(maxdphi, cutoff), saturation)
}

/// `inDynamicDPhiWindow(seed_eta, seed_phi, E, eta, phi)`.
pub fn in_dynamic_dphi_window(
    seed_eta: f32,
    seed_phi: f32,
    e: f32,
    eta: f32,
    phi: f32,
    compat: bool,
) -> bool {
    let clus_dphi = phi_mpi_pi((seed_phi - phi) as f64).abs();
    // `ClustE < 0. || absSeedEta < 0.`; a NaN energy goes on, as in C++, and fails below.
    if e < 0.0 {
        return false;
    }
    clus_dphi < dynamic_max_dphi(seed_eta, e, eta, compat)
}

/// The reference's `in_geom_mustache`: inside the Mustache AND inside the dynamic dphi window.
pub fn in_geom_mustache(
    seed_eta: f32,
    seed_phi: f32,
    e: f32,
    eta: f32,
    phi: f32,
    compat: bool,
) -> bool {
    in_mustache(seed_eta, seed_phi, e, eta, phi)
        && in_dynamic_dphi_window(seed_eta, seed_phi, e, eta, phi, compat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_into_half_open_interval() {
        assert_eq!(phi_mpi_pi(PI), -PI);
        assert!((phi_mpi_pi(3.0 * PI + 0.1) - (-PI + 0.1)).abs() < 1e-12);
        assert_eq!(phi_mpi_pi(-PI), -PI);
        assert!(phi_mpi_pi(f64::NAN).is_nan());
    }

    #[test]
    fn seed_is_in_its_own_mustache() {
        for &(eta, e) in &[(0.3f32, 20.0f32), (-1.2, 5.0), (2.1, 50.0), (-2.6, 3.0)] {
            assert!(in_mustache(eta, 0.5, e, eta, 0.5), "eta {eta} e {e}");
            assert!(in_dynamic_dphi_window(eta, 0.5, e, eta, 0.5, false));
        }
    }

    #[test]
    fn mustache_rejects_tiny_energy_and_far_eta() {
        assert!(!in_mustache(0.5, 0.0, 0.0009, 0.5, 0.0));
        assert!(!in_mustache(0.5, 0.0, 10.0, 0.7, 0.0));
        assert!(in_mustache(0.5, 0.0, 10.0, 0.5, 0.0));
    }

    #[test]
    fn mustache_opens_along_phi() {
        // A low-energy brem cluster at dphi 0.15 slightly towards larger eta is in; the same
        // cluster at deta 0.1 is not.
        assert!(in_mustache(0.5, 0.0, 2.0, 0.51, 0.15));
        assert!(!in_mustache(0.5, 0.0, 2.0, 0.6, 0.15));
    }

    #[test]
    fn compat_dynamic_window_is_wider_at_high_et() {
        // For log10(Et) well above xoffset, dividing by width shrinks the window faster.
        let fixed = dynamic_max_dphi(0.5, 100.0, 0.5, false);
        let compat = dynamic_max_dphi(0.5, 100.0, 0.5, true);
        assert!(compat > fixed, "compat {compat} fixed {fixed}");
        assert_eq!(fixed, 0.14);
    }
}

#[cfg(test)]
mod nan_tests {
    use super::*;

    /// Below E = 10^-1.1 GeV the C++ takes sqrt of a negative number: the NaN propagates
    /// through `std::max` and the cluster is never in the Mustache, not even at the seed.
    #[test]
    fn very_soft_clusters_are_never_in_the_mustache() {
        assert!(!in_mustache(0.5, 0.1, 0.07, 0.5, 0.1));
        assert!(in_mustache(0.5, 0.1, 0.08, 0.5, 0.1));
        assert!(!in_dynamic_dphi_window(0.5, 0.1, f32::NAN, 0.5, 0.1, false));
    }
}
