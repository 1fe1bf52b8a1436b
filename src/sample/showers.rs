//! Showers of the gun particles: where each particle's energy lands, as "proto-clusters"
//! (a position, a true deposited energy per CaloParticle, a lateral spread) before the
//! clustering into crystals.
//!
//! - An electron's main shower lands bent by `q × bend` in phi; the photons it radiated in
//!   the tracker land between its vertex direction and its impact, i.e. on the side of the
//!   main cluster given by the charge: `dphi(brem - main) = q × bend × t`, `t` in (0, 1).
//!   Their eta follows the Mustache's parabola `deta ≈ k(eta) dphi²`.
//! - A photon converts with a probability growing with the material; the pair's two legs
//!   open in phi in opposite directions.
//!
//! Sim fractions are drawn here, as the share of the CaloParticle's sim energy the cluster
//! will hold: main 0.5-0.9, bremsstrahlung 1e-3-0.2.

use super::geometry::{EB_ETA_MAX, EE_ETA_MAX, iz_of_eta, phi_step, wrap_phi};
use super::particles::{GunParticle, bend, face_eta, material_x0};
use super::rng::Rng;

/// What made a cluster (kept alongside the event as generator truth, for tests and plots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The main cluster of CaloParticle `calo`.
    Main { calo: usize },
    /// A bremsstrahlung cluster of electron `calo`.
    Brem { calo: usize },
    /// The second leg of converted photon `calo` (its first leg is its `Main`).
    ConversionLeg { calo: usize },
    /// Two CaloParticles' showers merged into one cluster (`calos.0` holds more energy).
    Shared { calos: (usize, usize) },
    /// A pile-up cluster.
    PileUp,
    /// A noise cluster (a single crystal above the seeding threshold).
    Noise,
}

impl Role {
    /// The CaloParticle a signal cluster belongs to (the larger one when shared).
    pub fn calo(&self) -> Option<usize> {
        match *self {
            Role::Main { calo } | Role::Brem { calo } | Role::ConversionLeg { calo } => Some(calo),
            Role::Shared { calos } => Some(calos.0),
            Role::PileUp | Role::Noise => None,
        }
    }
}

/// One shower before clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct Proto {
    pub eta: f64,
    pub phi: f64,
    pub iz: i32,
    /// True deposited energy (GeV) that the cluster will hold.
    pub energy: f64,
    /// (CaloParticle, sim fraction) of the signal energy in this shower.
    pub fractions: Vec<(usize, f64)>,
    /// Pile-up only: a small overlap with a CaloParticle's shower (1e-5 to 1e-3).
    pub overlap: Option<(usize, f64)>,
    /// Lateral spread of the shower (crystal units, see `hits`).
    pub spread: f64,
    pub role: Role,
}

/// The showers of one particle and its sim-level summary.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticleShower {
    /// Energy deposited in the ECAL by the particle and its secondaries.
    pub sim_energy: f64,
    /// Energy-weighted position of the deposits.
    pub sim_eta: f64,
    pub sim_phi: f64,
    pub protos: Vec<Proto>,
}

/// Average curvature of the Mustache's two parabolas at seed `eta` (CMSSW parameters):
/// bremsstrahlung clusters follow `deta ≈ k dphi²`.
pub fn mustache_curvature(eta: f64) -> f64 {
    let x = eta * eta.sin();
    let up = x * (-0.107537 * x + 0.590969) - 0.076494;
    let lo = x * (-0.0268843 * x + 0.147742) - 0.0191235;
    (0.5 * (up + lo)).max(0.0)
}

/// Keeps `eta` inside subdetector `iz` (showers do not jump between barrel and endcap).
fn clamp_to(eta: f64, iz: i32) -> f64 {
    match iz {
        0 => eta.clamp(-EB_ETA_MAX + 1e-4, EB_ETA_MAX - 1e-4),
        _ => eta.abs().clamp(EB_ETA_MAX + 1e-4, EE_ETA_MAX - 0.03) * iz as f64,
    }
}

/// The showers of gun particle `p`, CaloParticle number `calo`.
pub fn shower(rng: &mut Rng, calo: usize, p: &GunParticle) -> ParticleShower {
    let sim_energy = p.energy * rng.uniform(0.95, 0.99);
    let eta0 = face_eta(p.eta, p.vz);
    let iz = iz_of_eta(eta0);
    let eta0 = clamp_to(eta0, iz);
    let step = phi_step(eta0, iz);
    let mut protos = Vec::new();
    let main = |rng: &mut Rng, eta: f64, phi: f64, f: f64, spread: f64| Proto {
        eta: clamp_to(eta + rng.gauss(0.0, 0.001), iz),
        phi: wrap_phi(phi + rng.gauss(0.0, 0.001)),
        iz,
        energy: f * sim_energy,
        fractions: vec![(calo, f)],
        overlap: None,
        spread,
        role: Role::Main { calo },
    };
    if p.is_electron() {
        let q = p.charge as f64;
        let n = rng.poisson(1.0 + 2.0 * material_x0(eta0)).min(5);
        // (dphi, share): photons radiated at radius fraction x land at t = (1 - x)^2 of the
        // way from the electron's impact back to its vertex direction.
        // Shares of the sim energy radiated by each photon (its cluster's sim fraction).
        let shares: Vec<(f64, f64)> = (0..n)
            .map(|_| (rng.uniform(0.03, 0.95), 1e-3 + 0.199 * rng.unit().powf(1.5)))
            .collect();
        let radiated: f64 = shares.iter().map(|s| s.1).sum::<f64>().min(0.6);
        // Having radiated, the electron bends more: it lands further from its vertex
        // direction than 0.735 / pT. A photon radiated at radius fraction x lands
        // b (1 - x(2 - x)) from the vertex direction, on the side of the electron.
        let b = bend(p.pt, eta0);
        let b_main = b / (1.0 - 0.6 * radiated);
        let phi_main = wrap_phi(p.phi - q * b_main);
        let mut brems: Vec<(f64, f64)> = shares
            .into_iter()
            .map(|(x, s)| (q * (b_main - b * x * (2.0 - x)), s))
            .collect();
        // Photons landing within 2 crystals of the electron (or of a larger brem cluster)
        // are part of that cluster.
        brems.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut kept: Vec<(f64, f64)> = Vec::new();
        for (dphi, s) in brems {
            let far_main = dphi.abs() > 2.0 * step;
            let far_others = kept.iter().all(|k| (k.0 - dphi).abs() > 2.0 * step);
            if far_main && far_others {
                kept.push((dphi, s));
            }
        }
        let total: f64 = kept.iter().map(|k| k.1).sum();
        if total > 0.43 {
            let scale = 0.43 / total;
            kept.iter_mut().for_each(|k| k.1 *= scale);
            kept.retain(|k| k.1 >= 1e-3);
        }
        let total: f64 = kept.iter().map(|k| k.1).sum();
        let f_main = (rng.uniform(0.8, 0.93) - total).clamp(0.5, 0.9);
        let spread = rng.uniform(0.33, 0.45);
        protos.push(main(rng, eta0, phi_main, f_main, spread));
        let k = mustache_curvature(eta0);
        for (dphi, s) in kept {
            let deta = eta0.signum() * k * dphi * dphi + rng.gauss(0.0, 0.004);
            protos.push(Proto {
                eta: clamp_to(eta0 + deta, iz),
                phi: wrap_phi(phi_main + dphi),
                iz,
                energy: s * sim_energy,
                fractions: vec![(calo, s)],
                overlap: None,
                spread: rng.uniform(0.35, 0.5),
                role: Role::Brem { calo },
            });
        }
    } else {
        let convert = rng.chance((0.1 + 0.3 * material_x0(eta0)).min(0.6));
        let mut single = true;
        if convert {
            // Conversion at radius fraction x; legs share the energy z : 1 - z.
            let x = rng.uniform(0.05, 0.9);
            let z = rng.uniform(0.5, 0.95);
            let pt_big = p.pt * z;
            let pt_small = p.pt * (1.0 - z);
            let open = |pt: f64| bend(pt, eta0) * (1.0 - x).powi(2);
            let q = rng.sign() as f64;
            let d_big = -q * open(pt_big);
            let d_small = q * open(pt_small);
            let f_total = rng.uniform(0.82, 0.95);
            let f_big = (f_total * z).clamp(0.5, 0.9);
            let f_small = f_total - f_big;
            if (d_big - d_small).abs() > 2.5 * step && f_small >= 1e-3 {
                single = false;
                let spread = rng.uniform(0.33, 0.45);
                protos.push(main(rng, eta0, wrap_phi(p.phi + d_big), f_big, spread));
                protos.push(Proto {
                    eta: clamp_to(eta0 + rng.gauss(0.0, 0.003), iz),
                    phi: wrap_phi(p.phi + d_small),
                    iz,
                    energy: f_small * sim_energy,
                    fractions: vec![(calo, f_small)],
                    overlap: None,
                    spread: rng.uniform(0.33, 0.45),
                    role: Role::ConversionLeg { calo },
                });
            }
        }
        if single {
            // Unconverted, or a late conversion inside one cluster (wider).
            let (f, spread) = if convert {
                (rng.uniform(0.7, 0.9), rng.uniform(0.4, 0.55))
            } else {
                (rng.uniform(0.78, 0.9), rng.uniform(0.3, 0.38))
            };
            protos.push(main(rng, eta0, p.phi, f, spread));
        }
    }
    // The sim position: deposits weighted by energy, phi relative to the main shower.
    let (mut se, mut sdphi, mut sw) = (0.0, 0.0, 0.0);
    let phi_ref = protos[0].phi;
    for pr in &protos {
        se += pr.energy * pr.eta;
        sdphi += pr.energy * wrap_phi(pr.phi - phi_ref);
        sw += pr.energy;
    }
    ParticleShower {
        sim_energy,
        sim_eta: se / sw,
        sim_phi: wrap_phi(phi_ref + sdphi / sw),
        protos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::Special;
    use crate::sample::particles::{Species, gun};
    use crate::sample::rng::{Stream, stream};

    #[test]
    fn fractions_in_range_and_below_one() {
        let mut r = stream(5, 0, Stream::Showers);
        for _ in 0..500 {
            for (c, p) in gun(&mut r, Species::Mixed, Special::default())
                .iter()
                .enumerate()
            {
                let s = shower(&mut r, c, p);
                let total: f64 = s.protos.iter().map(|p| p.fractions[0].1).sum();
                assert!(total <= 1.0, "{total}");
                for pr in &s.protos {
                    let f = pr.fractions[0].1;
                    match pr.role {
                        Role::Main { .. } => assert!((0.5..=0.9).contains(&f), "{f}"),
                        Role::Brem { .. } => assert!((1e-3..=0.2).contains(&f), "{f}"),
                        _ => {}
                    }
                    assert_eq!(pr.iz, s.protos[0].iz);
                }
            }
        }
    }
}
