//! Truth branches: `pfCluster_sim_fraction` rows, pile-up overlaps with the particles'
//! showers, and the CaloParticle branches (sim and gen).
//!
//! The sim fraction of cluster i with CaloParticle c is the share of c's sim energy that i
//! holds: main clusters 0.5-0.9, bremsstrahlung 1e-3-0.2 (drawn in `showers`), pile-up
//! clusters 0, or a small overlap (1e-5 to 1e-3) when they sit near a particle's shower.

use super::geometry::{iz_of_eta, to_local, wrap_phi};
use super::particles::GunParticle;
use super::rng::Rng;
use super::showers::{ParticleShower, Proto, Role};

/// Range of the sim fraction of a pile-up cluster overlapping a particle's shower.
pub const OVERLAP_RANGE: (f64, f64) = (1e-5, 1e-3);
/// Probability that a pile-up cluster near a particle's main cluster overlaps it.
pub const OVERLAP_P: f64 = 0.35;

/// Gives some pile-up clusters near a particle's main shower (same subdetector,
/// |deta| < 0.3, |dphi| < 0.5) a small overlap with that particle.
pub fn add_overlaps(rng: &mut Rng, pileup: &mut [Proto], signal: &[Proto]) {
    let mains: Vec<(usize, f64, f64, i32)> = signal
        .iter()
        .filter_map(|p| match p.role {
            Role::Main { calo } => Some((calo, p.eta, p.phi, p.iz)),
            Role::Shared { calos } => Some((calos.0, p.eta, p.phi, p.iz)),
            _ => None,
        })
        .collect();
    for pu in pileup.iter_mut() {
        let near = mains.iter().find(|m| {
            m.3 == pu.iz && (m.1 - pu.eta).abs() < 0.3 && wrap_phi(m.2 - pu.phi).abs() < 0.5
        });
        if let Some(&(calo, ..)) = near
            && rng.chance(OVERLAP_P)
        {
            pu.overlap = Some((calo, rng.log_uniform(OVERLAP_RANGE.0, OVERLAP_RANGE.1)));
        }
    }
}

/// The `pfCluster_sim_fraction` row of a cluster made from `proto`.
pub fn score_row(proto: &Proto, n_calos: usize) -> Vec<f64> {
    let mut row = vec![0.0; n_calos];
    for &(c, f) in &proto.fractions {
        row[c] += f;
    }
    if let Some((c, f)) = proto.overlap {
        row[c] += f;
    }
    row
}

/// Merges showers of different particles that land within 2 crystals of each other into
/// one cluster shared by both CaloParticles.
pub fn merge_overlapping(protos: &mut Vec<Proto>) {
    let mut i = 0;
    while i < protos.len() {
        let mut j = i + 1;
        while j < protos.len() {
            let (a, b) = (&protos[i], &protos[j]);
            let other_particle = a
                .fractions
                .iter()
                .all(|x| b.fractions.iter().all(|y| x.0 != y.0));
            if a.iz == b.iz && other_particle && close(a, b) {
                let b = protos.remove(j);
                let a = &mut protos[i];
                let (ca, cb) = ((a.role.calo(), a.energy), (b.role.calo(), b.energy));
                let w = a.energy / (a.energy + b.energy);
                let dphi = wrap_phi(b.phi - a.phi);
                a.eta = w * a.eta + (1.0 - w) * b.eta;
                a.phi = wrap_phi(a.phi + (1.0 - w) * dphi);
                a.energy += b.energy;
                a.spread = a.spread.max(b.spread);
                a.fractions.extend(b.fractions);
                a.role = match (ca.0, cb.0) {
                    (Some(x), Some(y)) if x != y => Role::Shared {
                        calos: if ca.1 >= cb.1 { (x, y) } else { (y, x) },
                    },
                    _ => a.role,
                };
                // The merged shower keeps the role's first calo as the larger one.
                a.fractions.sort_by(|p, q| q.1.total_cmp(&p.1));
                continue;
            }
            j += 1;
        }
        i += 1;
    }
}

fn close(a: &Proto, b: &Proto) -> bool {
    let (au, av) = to_local(a.eta, a.phi, a.iz);
    let (bu, bv) = to_local(b.eta, b.phi, b.iz);
    let mut dv = (av - bv).abs();
    if a.iz == 0 {
        dv = dv.min(360.0 - dv);
    }
    (au - bu).hypot(dv) < 2.0
}

/// The CaloParticle branches of an event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaloBranches {
    pub sim_energy: Vec<f32>,
    pub sim_eta: Vec<f32>,
    pub sim_phi: Vec<f32>,
    pub sim_iz: Vec<i32>,
    pub gen_energy: Vec<f32>,
    pub gen_eta: Vec<f32>,
    pub gen_phi: Vec<f32>,
    pub sim_energy_good_status: Vec<f32>,
}

/// CaloParticle branches from the particles and their showers.
pub fn calo_branches(
    rng: &mut Rng,
    particles: &[GunParticle],
    showers: &[ParticleShower],
) -> CaloBranches {
    let mut b = CaloBranches::default();
    for (p, s) in particles.iter().zip(showers) {
        b.sim_energy.push(s.sim_energy as f32);
        b.sim_eta.push(s.sim_eta as f32);
        b.sim_phi.push(s.sim_phi as f32);
        b.sim_iz.push(iz_of_eta(s.sim_eta));
        b.gen_energy.push(p.energy as f32);
        b.gen_eta.push(p.eta as f32);
        b.gen_phi.push(p.phi as f32);
        // A small part of the sim hits comes from secondaries of bad status.
        let good = if rng.chance(0.8) {
            1.0
        } else {
            rng.uniform(0.97, 1.0)
        };
        b.sim_energy_good_status.push((s.sim_energy * good) as f32);
    }
    b
}
