//! The particle gun: four particles per event, one in each eta range, as the production
//! samples "FourElectronsGun" / "FourGammasGun" (pT flat 1-100 GeV, phi uniform), and where
//! they hit the calorimeter.

use std::f64::consts::PI;

use super::Special;
use super::geometry::{EB_CRYSTAL_ETA, EB_ETA_MAX, EB_PHI_START, EB_RADIUS_CM, EE_Z_CM, wrap_phi};
use super::rng::Rng;

/// The eta range of each of the four particles, in CaloParticle order.
pub const ETA_RANGES: [(f64, f64); 4] = [(-3.0, -1.479), (-1.479, 0.0), (0.0, 1.479), (1.479, 3.0)];

/// Flat pT range of the gun (GeV).
pub const PT_RANGE: (f64, f64) = (1.0, 100.0);

/// Electron rest mass (GeV).
const ELECTRON_MASS: f64 = 0.000511;

/// Which particles the gun shoots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Species {
    /// Electrons and positrons, half each.
    #[default]
    Electron,
    /// Photons.
    Photon,
    /// Each particle an electron, a positron or a photon (1/4, 1/4, 1/2).
    Mixed,
}

impl std::str::FromStr for Species {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "electron" | "electrons" | "e" => Ok(Species::Electron),
            "photon" | "photons" | "gamma" => Ok(Species::Photon),
            "mixed" => Ok(Species::Mixed),
            _ => Err(format!("expected electron, photon or mixed, got {s:?}")),
        }
    }
}

impl std::fmt::Display for Species {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Species::Electron => "electron",
            Species::Photon => "photon",
            Species::Mixed => "mixed",
        })
    }
}

/// One generated particle (gen level).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GunParticle {
    /// PDG id: 11 electron, -11 positron, 22 photon.
    pub pdg_id: i32,
    /// Electric charge: -1, +1, or 0 for a photon.
    pub charge: i32,
    pub pt: f64,
    /// Direction at the vertex.
    pub eta: f64,
    pub phi: f64,
    pub energy: f64,
    /// Vertex z (cm).
    pub vz: f64,
}

impl GunParticle {
    pub fn is_electron(&self) -> bool {
        self.charge != 0
    }
}

/// The four particles of one event. `special` places some on purpose (module docs of
/// [`super`]): across the phi = ±pi seam, at the barrel/endcap boundary, two overlapping.
pub fn gun(rng: &mut Rng, species: Species, special: Special) -> Vec<GunParticle> {
    let mut out = Vec::with_capacity(4);
    for (i, &(lo, hi)) in ETA_RANGES.iter().enumerate() {
        let (pdg_id, charge) = match species {
            Species::Electron => {
                let q = rng.sign();
                (-11 * q, q)
            }
            Species::Photon => (22, 0),
            Species::Mixed => match rng.int(0, 4) {
                0 => (11, -1),
                1 => (-11, 1),
                _ => (22, 0),
            },
        };
        let pt = if special.quiet {
            rng.uniform(1.0, 1.1)
        } else {
            rng.uniform(PT_RANGE.0, PT_RANGE.1)
        };
        // Keep away from |eta| = 3 so the shower fits in the endcap ring.
        let eta = rng.uniform(lo.max(-2.95), hi.min(2.95));
        let phi = rng.uniform(-PI, PI);
        let vz = rng.gauss(0.0, 3.5);
        let mut p = GunParticle {
            pdg_id,
            charge,
            pt,
            eta,
            phi,
            energy: 0.0,
            vz,
        };
        place_special(rng, i, &mut p, special);
        p.energy = (p.pt * p.pt * p.eta.cosh().powi(2)
            + ELECTRON_MASS.powi(2) * charge.abs() as f64)
            .sqrt();
        out.push(p);
    }
    out
}

/// Moves particle `i` where an awkward case of `special` wants it.
fn place_special(rng: &mut Rng, i: usize, p: &mut GunParticle, special: Special) {
    let vz = p.vz;
    // The vertex direction that makes the main shower land at `phi_target`.
    let aim = |p: &mut GunParticle, phi_target: f64| {
        let eta_face = face_eta(p.eta, vz);
        p.phi = wrap_phi(phi_target + p.charge as f64 * bend(p.pt, eta_face));
    };
    if special.seam {
        match i {
            // Main shower just below +pi (positron: brem towards larger phi, across the
            // seam) or just above -pi (electron: brem towards smaller phi).
            2 => {
                let target = if p.charge >= 0 {
                    PI - 0.004
                } else {
                    -PI + 0.004
                };
                aim(p, target);
            }
            // Across the iphi 360 -> 1 wrap of the barrel numbering (phi = -10°).
            1 => aim(p, EB_PHI_START + rng.uniform(-0.003, 0.003)),
            // Endcap showers across the seam too.
            0 | 3 => aim(
                p,
                if rng.chance(0.5) {
                    PI - 0.002
                } else {
                    -PI + 0.002
                },
            ),
            _ => {}
        }
    }
    if special.boundary {
        match i {
            2 => p.eta = EB_ETA_MAX - rng.uniform(0.2, 1.0) * EB_CRYSTAL_ETA,
            3 => p.eta = EB_ETA_MAX + rng.uniform(0.003, 0.02),
            1 => p.eta = -EB_ETA_MAX + rng.uniform(0.2, 1.0) * EB_CRYSTAL_ETA,
            _ => {}
        }
    }
    if special.shared && (i == 1 || i == 2) {
        // The two barrel particles both near eta 0 and showering at the same phi: their
        // main clusters overlap into one cluster shared by two CaloParticles.
        p.eta = if i == 1 { -0.006 } else { 0.006 };
        p.vz = 0.0;
        let target = 0.7 + 0.003 * i as f64;
        aim(p, target);
    }
}

/// Radius (cm) at which a particle of (face) pseudorapidity `eta` reaches the ECAL face.
pub fn face_radius_cm(eta: f64) -> f64 {
    if eta.abs() < EB_ETA_MAX {
        EB_RADIUS_CM
    } else {
        (EE_Z_CM / eta.abs().sinh()).min(EB_RADIUS_CM)
    }
}

/// Bending in phi (rad) of a charged track of transverse momentum `pt` (GeV) between the
/// vertex and the ECAL face: 0.3 × 3.8 T × r / (2 pT), i.e. 0.735 / pT at the barrel face.
pub fn bend(pt: f64, eta_face: f64) -> f64 {
    0.3 * 3.8 * face_radius_cm(eta_face) / 100.0 / (2.0 * pt.max(0.05))
}

/// Pseudorapidity of the impact point on the ECAL face, seen from the nominal interaction
/// point, for a particle of direction `eta` from a vertex at `vz` cm.
pub fn face_eta(eta: f64, vz: f64) -> f64 {
    // Barrel first: z at the barrel radius.
    let z = vz + EB_RADIUS_CM * eta.sinh();
    let eta_b = (z / EB_RADIUS_CM).asinh();
    if eta_b.abs() < EB_ETA_MAX {
        return eta_b;
    }
    let side = eta_b.signum();
    let r = (side * EE_Z_CM - vz) / eta.sinh();
    (EE_Z_CM / r.abs().max(1.0)).asinh() * side
}

/// Material in front of the ECAL (radiation lengths, roughly the CMS tracker profile).
pub fn material_x0(eta: f64) -> f64 {
    let a = eta.abs();
    if a < 1.0 {
        0.4 + 0.3 * a
    } else if a < 1.6 {
        0.7 + 0.8 * (a - 1.0)
    } else if a < 2.2 {
        1.18 - 0.5 * (a - 1.6)
    } else {
        0.88 - 0.3 * (a - 2.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::rng::{Stream, stream};

    #[test]
    fn one_particle_per_eta_range() {
        let mut r = stream(1, 0, Stream::Particles);
        for _ in 0..200 {
            let ps = gun(&mut r, Species::Mixed, Special::default());
            assert_eq!(ps.len(), 4);
            for (p, &(lo, hi)) in ps.iter().zip(&ETA_RANGES) {
                assert!(p.eta >= lo && p.eta <= hi);
                assert!((1.0..=100.0).contains(&p.pt));
                assert!((p.energy - p.pt * p.eta.cosh()).abs() < 1e-3);
            }
        }
    }

    #[test]
    fn bend_at_barrel_face() {
        assert!((bend(1.0, 0.5) - 0.735).abs() < 0.001);
        assert!(bend(10.0, 2.5) < bend(10.0, 0.5));
        assert!((face_eta(1.0, 0.0) - 1.0).abs() < 1e-12);
        assert!(face_eta(1.0, 5.0) > 1.0);
    }
}
