//! A small deterministic generator of realistic-looking dumper events, for tests, benchmarks
//! and the `synth:N` pseudo-input (an inspector session without a ROOT file).
//!
//! Each event has up to four particles (one per eta range, as the production guns), electrons
//! radiating bremsstrahlung clusters along phi on the side of their charge, photons that
//! sometimes convert, a few hundred pile-up clusters with a tail above 1 GeV,
//! `sim_fraction` rows (main cluster 0.5-0.9, brem 1e-3-0.2, pile-up 0 or tiny overlaps) and
//! SuperClusters made by running the Mustache from every seed above 1 GeV. The scores of a
//! second association, `simScore`, are the same rows slightly perturbed.
//!
//! It is NOT the sample generator of `scwin` (which writes real dumper ROOT files); it only
//! needs to give the inspector something physical to show.

use std::f64::consts::PI;
use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::geom::{EB_MAX_ETA, eb_index, ee_index};
use super::source::EventSource;
use crate::dumper::event::{EventId, PileUp, fnv1a};
use crate::dumper::{JaggedBuf, OwnedEvent};
use crate::truth::mustache::in_geom_mustache;

/// Generator settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthConfig {
    /// Seed of the generator: same seed and entry, same event.
    pub seed: u64,
    /// Number of pile-up / noise clusters per event.
    pub pileup: usize,
    /// Number of particles (1..=4), one per eta range.
    pub particles: usize,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 1,
            pileup: 120,
            particles: 4,
        }
    }
}

/// One cluster before it is written into the event columns.
struct Cl {
    e_raw: f64,
    eta: f64,
    phi: f64,
    /// (calo, score) pairs.
    scores: Vec<(usize, f64)>,
}

fn wrap(phi: f64) -> f64 {
    let mut p = phi;
    while p > PI {
        p -= 2.0 * PI;
    }
    while p <= -PI {
        p += 2.0 * PI;
    }
    p
}

/// Generates entry `entry` with settings `cfg`.
pub fn event(cfg: &SynthConfig, entry: u64) -> OwnedEvent {
    let mut key = cfg.seed.to_le_bytes().to_vec();
    key.extend_from_slice(&entry.to_le_bytes());
    let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(&key));
    let mut cls: Vec<Cl> = Vec::new();
    let mut calo = (Vec::new(), Vec::new(), Vec::new(), Vec::new()); // E, eta, phi, iz
    let ranges = [(-3.0, -1.479), (-1.479, 0.0), (0.0, 1.479), (1.479, 3.0)];
    for (c, &(lo, hi)) in ranges.iter().take(cfg.particles.clamp(1, 4)).enumerate() {
        let eta: f64 = rng.random_range(lo + 0.02..hi - 0.02);
        let phi: f64 = rng.random_range(-PI..PI);
        let pt: f64 = rng.random_range(1.0..100.0);
        let e_true = pt * eta.cosh();
        let electron = rng.random_bool(0.5);
        let charge = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
        let iz = if eta.abs() < EB_MAX_ETA {
            0
        } else if eta > 0.0 {
            1
        } else {
            -1
        };
        calo.0.push(e_true as f32);
        calo.1.push(eta as f32);
        calo.2.push(phi as f32);
        calo.3.push(iz);
        // Main cluster, slightly displaced.
        let main_frac: f64 = rng.random_range(0.55..0.9);
        let mut left = e_true * (1.0 - main_frac);
        cls.push(Cl {
            e_raw: e_true * main_frac * rng.random_range(0.93..1.0),
            eta: eta + rng.random_range(-0.005..0.005),
            phi: wrap(phi + rng.random_range(-0.005..0.005)),
            scores: vec![(c, main_frac * rng.random_range(0.9..1.0))],
        });
        let nbrem = if electron {
            rng.random_range(0..=5usize)
        } else if rng.random_bool(0.3) {
            1
        } else {
            0
        };
        let bend = (0.735 / pt).min(0.5);
        for k in 0..nbrem {
            let f: f64 = rng.random_range(0.05..0.5);
            let e = left * f;
            left -= e;
            let dphi = charge * bend * (k as f64 + 1.0) * rng.random_range(0.3..1.0)
                + rng.random_range(-0.02..0.02);
            let score = (e / e_true).clamp(1e-3, 0.2);
            cls.push(Cl {
                e_raw: e.max(0.2),
                eta: eta + rng.random_range(-0.02..0.03) * eta.signum(),
                phi: wrap(phi + if electron { dphi } else { dphi * 0.2 }),
                scores: vec![(c, score)],
            });
        }
    }
    let ncalo = calo.0.len();
    for _ in 0..cfg.pileup {
        // Et falls steeply, with a tail above 1 GeV.
        let u: f64 = rng.random_range(0.0..1.0);
        let et = 0.1 + 0.35 * (-u.max(1e-12).ln()) * if rng.random_bool(0.08) { 4.0 } else { 1.0 };
        let eta: f64 = rng.random_range(-2.95..2.95);
        let phi: f64 = rng.random_range(-PI..PI);
        let mut scores = Vec::new();
        if ncalo > 0 && rng.random_bool(0.05) {
            scores.push((rng.random_range(0..ncalo), rng.random_range(1e-5..1e-3)));
        }
        cls.push(Cl {
            e_raw: et * eta.cosh(),
            eta,
            phi,
            scores,
        });
    }
    // An occasional cluster shared by two particles.
    if ncalo >= 2 && rng.random_bool(0.2) {
        let i = rng.random_range(0..cls.len());
        cls[i].scores.push((rng.random_range(0..ncalo), 0.02));
    }

    let mut ev = OwnedEvent {
        id: EventId {
            file_key: fnv1a(b"synth"),
            entry,
            run: Some(1),
            lumi: Some(1 + (entry / 100) as i32),
            event: Some(1000 + entry as i64),
        },
        pileup: PileUp {
            n_vtx: Some(60),
            rho: Some(35.0),
            obs_pu: Some(65.0),
            true_pu: Some(64.6),
        },
        calo_sim_energy: calo.0.clone(),
        calo_sim_eta: calo.1.clone(),
        calo_sim_phi: calo.2.clone(),
        calo_sim_iz: calo.3.clone(),
        calo_gen_energy: calo.0,
        calo_gen_eta: calo.1,
        calo_gen_phi: calo.2,
        ..OwnedEvent::default()
    };
    for cl in &cls {
        let iz = if cl.eta.abs() < EB_MAX_ETA {
            0
        } else if cl.eta > 0.0 {
            1
        } else {
            -1
        };
        let (ieta, iphi) = if iz == 0 {
            eb_index(cl.eta, cl.phi)
        } else {
            ee_index(cl.eta, cl.phi)
        };
        let barrel = iz == 0;
        ev.cl_raw_energy.push(cl.e_raw as f32);
        ev.cl_energy
            .push((cl.e_raw * rng.random_range(1.01..1.08)) as f32);
        ev.cl_eta.push(cl.eta as f32);
        ev.cl_phi.push(cl.phi as f32);
        ev.cl_ieta.push(ieta);
        ev.cl_iphi.push(iphi);
        ev.cl_iz.push(iz);
        let nx = rng.random_range(1..=9usize);
        ev.cl_nxtals.push(nx as f64);
        let r9: f32 = rng.random_range(0.3..1.0);
        let sieie: f32 = if barrel {
            rng.random_range(0.009..0.012)
        } else {
            rng.random_range(0.02..0.03)
        };
        ev.cl_f5_r9.push(r9);
        ev.cl_r9.push(r9 * 0.98);
        ev.cl_f5_sigma_ieta_ieta.push(sieie);
        ev.cl_sigma_ieta_ieta.push(sieie * 0.97);
        let sieip: f32 = rng.random_range(-1e-4..1e-4);
        ev.cl_f5_sigma_ieta_iphi.push(sieip);
        ev.cl_sigma_ieta_iphi.push(sieip);
        ev.cl_f5_sigma_iphi_iphi.push(sieie * 1.1);
        ev.cl_sigma_iphi_iphi.push(sieie * 1.05);
        let sx: f32 = rng.random_range(0.0..1.0);
        ev.cl_f5_swiss_cross.push(sx);
        ev.cl_swiss_cross.push(sx);
        ev.cl_eta_width.push(rng.random_range(0.005..0.02));
        ev.cl_phi_width.push(rng.random_range(0.005..0.05));
        let mut row = vec![0.0f64; ncalo];
        for &(c, s) in &cl.scores {
            row[c] = s;
        }
        ev.cl_scores.push_row(&row);
        // Hits: nx crystals around the centre, energies summing to the raw energy.
        let mut w: Vec<f32> = (0..nx)
            .map(|k| {
                if k == 0 {
                    3.0
                } else {
                    rng.random_range(0.1..1.0)
                }
            })
            .collect();
        let sum: f32 = w.iter().sum();
        w.iter_mut().for_each(|x| *x *= cl.e_raw as f32 / sum);
        let offs = [
            (0, 0),
            (1, 0),
            (-1, 0),
            (0, 1),
            (0, -1),
            (1, 1),
            (-1, -1),
            (1, -1),
            (-1, 1),
        ];
        let hi: Vec<i32> = (0..nx).map(|k| ieta + offs[k].0).collect();
        let hp: Vec<i32> = (0..nx).map(|k| iphi + offs[k].1).collect();
        ev.hit_energy.push_row(&w);
        ev.hit_fraction.push_row(&vec![1.0f32; nx]);
        ev.hit_ieta.push_row(&hi);
        ev.hit_iphi.push_row(&hp);
        ev.hit_iz.push_row(&vec![iz; nx]);
    }
    superclusters(&mut ev);
    ev
}

/// Fills `sc_seed_index` / `sc_cl_index` by running the Mustache from every seed above
/// 1 GeV (by decreasing Et) over clusters not yet taken.
fn superclusters(ev: &mut OwnedEvent) {
    let n = ev.cl_energy.len();
    let et = |i: usize| ev.cl_energy[i] as f64 / (ev.cl_eta[i] as f64).cosh();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| et(b).total_cmp(&et(a)));
    let mut taken = vec![false; n];
    let mut seeds = Vec::new();
    let mut rows: Vec<Vec<i32>> = Vec::new();
    for &s in &order {
        if taken[s] || et(s) < 1.0 {
            continue;
        }
        taken[s] = true;
        let mut row = vec![s as i32];
        for &j in &order {
            if taken[j] || ev.cl_iz[j] != ev.cl_iz[s] {
                continue;
            }
            if in_geom_mustache(
                ev.cl_eta[s],
                ev.cl_phi[s],
                ev.cl_raw_energy[j],
                ev.cl_eta[j],
                ev.cl_phi[j],
                false,
            ) {
                taken[j] = true;
                row.push(j as i32);
            }
        }
        seeds.push(s as i32);
        rows.push(row);
    }
    ev.sc_seed_index = seeds;
    ev.sc_cl_index = JaggedBuf::from_rows(&rows);
}

/// A lazily generated input of `entries` synthetic events (nothing is held in memory).
#[derive(Debug, Clone)]
pub struct SynthSource {
    pub cfg: SynthConfig,
    pub entries: u64,
    pub association: String,
}

impl SynthSource {
    pub fn new(entries: u64, cfg: SynthConfig) -> Self {
        SynthSource {
            cfg,
            entries,
            association: "sim_fraction".into(),
        }
    }
}

/// The `simScore` rows: `sim_fraction` rows perturbed deterministically.
fn sim_score(ev: &mut OwnedEvent) {
    let rows: Vec<Vec<f64>> = ev
        .cl_scores
        .to_rows()
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.into_iter()
                .map(|s| {
                    if s > 0.0 {
                        (s * (1.1 + 0.02 * (i % 5) as f64)).min(1.0)
                    } else {
                        s
                    }
                })
                .collect()
        })
        .collect();
    ev.cl_scores = JaggedBuf::from_rows(&rows);
}

impl EventSource for SynthSource {
    fn name(&self) -> String {
        format!("synth:{}", self.entries)
    }

    fn entries(&self) -> u64 {
        self.entries
    }

    fn event(&self, entry: u64) -> Result<OwnedEvent, String> {
        if entry >= self.entries {
            return Err(format!("{}: no entry {entry}", self.name()));
        }
        let mut ev = event(&self.cfg, entry);
        if self.association == "simScore" {
            sim_score(&mut ev);
        }
        Ok(ev)
    }

    fn with_association(&self, association: &str) -> Result<Arc<dyn EventSource>, String> {
        match association {
            "sim_fraction" | "simScore" => Ok(Arc::new(SynthSource {
                association: association.to_string(),
                ..self.clone()
            })),
            other => Err(format!("{}: no branch pfCluster_{other}", self.name())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_consistent() {
        let cfg = SynthConfig::default();
        let a = event(&cfg, 7);
        assert_eq!(a, event(&cfg, 7));
        assert_ne!(a, event(&cfg, 8));
        let n = a.cl_energy.len();
        assert_eq!(a.cl_scores.view().rows(), n);
        assert_eq!(a.hit_energy.view().rows(), n);
        assert!(!a.sc_seed_index.is_empty());
        assert_eq!(a.calo_sim_energy.len(), 4);
    }
}
