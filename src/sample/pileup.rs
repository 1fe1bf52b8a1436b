//! Pile-up: the event's pile-up summary (truePU, obsPU, nVtx, rho) and the low-energy
//! clusters that minimum-bias interactions and noise leave in the ECAL.
//!
//! Pile-up clusters are spread flat in eta over |eta| < 3 and uniformly in phi; the energy
//! of their central crystal falls steeply (Pareto, index [`ET_INDEX`]) from the seeding
//! threshold; their number grows with the observed pile-up ([`CLUSTERS_PER_PU`] per
//! interaction). A few are single-crystal noise clusters.

use std::f64::consts::PI;

use super::geometry::{EE_ETA_MAX, iz_of_eta};
use super::hits::{central_share, seed_threshold};
use super::rng::Rng;
use super::showers::{Proto, Role};

/// Pile-up clusters per pile-up interaction.
pub const CLUSTERS_PER_PU: f64 = 5.2;
/// Index of the spectrum of the central crystal's energy: P(E > t) = (E_seed / t)^ET_INDEX.
pub const ET_INDEX: f64 = 4.0;
/// Mean number of noise clusters per event.
pub const NOISE_CLUSTERS: f64 = 20.0;
/// Highest pile-up cluster Et (GeV).
pub const ET_MAX: f64 = 40.0;

/// The pile-up summary of an event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PileUpInfo {
    /// Mean number of interactions of the bunch crossing (flat in the requested range).
    pub true_pu: f64,
    /// Number of interactions (Poisson around `true_pu`).
    pub obs_pu: f64,
    /// Reconstructed vertices.
    pub n_vtx: i32,
    /// Median energy density (GeV per unit area).
    pub rho: f32,
}

/// Draws the pile-up summary for a pile-up range `(min, max)`.
pub fn info(rng: &mut Rng, range: (u32, u32)) -> PileUpInfo {
    let (lo, hi) = (range.0 as f64, range.1 as f64);
    let true_pu = if hi > lo { rng.uniform(lo, hi) } else { lo };
    let obs_pu = rng.poisson(true_pu) as f64;
    let n_vtx = ((0.72 * obs_pu + rng.gauss(0.0, 2.5)).round() as i32).max(1);
    let rho = (0.47 * obs_pu * (1.0 + rng.gauss(0.0, 0.08))).max(0.0) as f32;
    PileUpInfo {
        true_pu,
        obs_pu,
        n_vtx,
        rho,
    }
}

/// The pile-up and noise clusters of an event. In a `quiet` event every one stays below
/// 1 GeV of Et.
pub fn clusters(rng: &mut Rng, pu: &PileUpInfo, quiet: bool) -> Vec<Proto> {
    let n = rng.poisson(CLUSTERS_PER_PU * pu.obs_pu);
    let mut out = Vec::with_capacity(n as usize + 32);
    let lim = EE_ETA_MAX - 0.02;
    for _ in 0..n {
        let eta = rng.uniform(-lim, lim);
        let phi = rng.uniform(-PI, PI);
        let iz = iz_of_eta(eta);
        let spread = rng.uniform(0.3, 0.5);
        // The energy of the central crystal falls steeply from the seeding threshold; the
        // shower's energy follows from where it hits the crystal.
        let share = central_share(eta, phi, iz, spread);
        let mut energy = rng.pareto(seed_threshold(eta) * 1.01, ET_INDEX) / share;
        while energy / eta.cosh() > ET_MAX {
            energy = rng.pareto(seed_threshold(eta) * 1.01, ET_INDEX) / share;
        }
        if quiet {
            energy = energy.min(0.8 * eta.cosh());
        }
        out.push(Proto {
            eta,
            phi,
            iz,
            energy,
            fractions: Vec::new(),
            overlap: None,
            spread,
            role: Role::PileUp,
        });
    }
    let n_noise = rng.poisson(NOISE_CLUSTERS);
    for _ in 0..n_noise {
        let eta = rng.uniform(-lim, lim);
        let e = seed_threshold(eta) * (1.02 + rng.exponential(0.3));
        out.push(Proto {
            eta,
            phi: rng.uniform(-PI, PI),
            iz: iz_of_eta(eta),
            energy: e,
            fractions: Vec::new(),
            overlap: None,
            spread: 0.05,
            role: Role::Noise,
        });
    }
    out
}
