//! One event from start to end: particles → showers → pile-up → crystals → reconstructed
//! clusters → SuperClusters → the dumper's columns.

use crate::dumper::event::{EventId, PileUp};
use crate::dumper::{JaggedBuf, OwnedEvent};

use super::geometry::{Crystal, hashed_index};
use super::hits::{self, Hits};
use super::particles::gun;
use super::pileup;
use super::rng::{Rng, Stream, stream};
use super::shapes::{self, ClusterShapes};
use super::showers::{Proto, Role, shower};
use super::superclusters::{self, ScInput};
use super::truth;
use super::{Config, Extras, GeneratedEvent, Special, Truth};

/// Run number written in `runId`.
pub const RUN: i32 = 1;
/// Events per luminosity section.
pub const EVENTS_PER_LUMI: u64 = 100;

/// One reconstructed cluster before it becomes columns.
#[derive(Debug, Clone)]
struct Cluster {
    eta: f32,
    phi: f32,
    hits: Hits,
    energy: f32,
    shapes: ClusterShapes,
    scores: Vec<f64>,
    role: Role,
}

/// Relative energy resolution of the ECAL for a deposit of `e` GeV (stochastic, noise,
/// constant terms).
fn resolution(e: f64, iz: i32) -> f64 {
    let (s, n, c) = if iz == 0 {
        (0.03, 0.12, 0.005)
    } else {
        (0.05, 0.25, 0.008)
    };
    ((s * s) / e + (n * n) / (e * e) + c * c).sqrt()
}

/// Energy correction of a cluster's raw energy: a few percent, larger at low energy.
fn correction(rng: &mut Rng, raw: f64, eta: f64) -> f64 {
    1.015 + 0.05 * (-raw / 8.0).exp() + 0.01 * eta.abs() / 3.0 + rng.gauss(0.0, 0.003)
}

/// Reconstructs a shower: energy response, crystals, energies, shapes.
fn reconstruct(
    rng: &mut Rng,
    p: &Proto,
    n_calos: usize,
    pu: &pileup::PileUpInfo,
) -> Option<Cluster> {
    let mut e =
        p.energy * (0.97 * (1.0 + rng.gauss(0.0, resolution(p.energy, p.iz)))).clamp(0.6, 1.3);
    if !p.fractions.is_empty() {
        // Pile-up energy under a signal shower.
        e += rng.exponential(0.04 * pu.obs_pu / 65.0 * (1.0 + p.eta.abs()));
    }
    let signal = !p.fractions.is_empty();
    // The crystal is looked up at the position as stored (f32).
    let (eta, phi) = (p.eta as f32, p.phi as f32);
    let h = hits::clusterize(rng, eta as f64, phi as f64, p.iz, e, p.spread, signal)?;
    let raw = h.raw as f64;
    let energy = (raw * correction(rng, raw, p.eta)) as f32;
    let shapes = shapes::compute(&h.hits, h.raw, p.eta, p.iz);
    Some(Cluster {
        eta,
        phi,
        hits: h,
        energy,
        shapes,
        scores: truth::score_row(p, n_calos),
        role: p.role,
    })
}

/// The Et-tie case: a barrel pile-up cluster above 1 GeV and its mirror image at -eta, with
/// identical energies (so exactly equal Et).
fn tie_pair(rng: &mut Rng, n_calos: usize, pu: &pileup::PileUpInfo) -> Vec<Cluster> {
    loop {
        let eta = rng.uniform(0.2, 1.2);
        let p = Proto {
            eta,
            phi: rng.uniform(-3.0, 3.0),
            iz: 0,
            energy: rng.uniform(2.0, 4.0) * eta.cosh(),
            fractions: Vec::new(),
            overlap: None,
            spread: 0.5,
            role: Role::PileUp,
        };
        let Some(a) = reconstruct(rng, &p, n_calos, pu) else {
            continue;
        };
        let mut b = a.clone();
        b.eta = -a.eta;
        b.hits.center.ieta = -a.hits.center.ieta;
        for h in &mut b.hits.hits {
            h.crystal.ieta = -h.crystal.ieta;
        }
        return vec![a, b];
    }
}

/// Makes event `k` of configuration `cfg`.
pub fn event(cfg: &Config, k: u64) -> GeneratedEvent {
    let special = Special::of_event(k);
    let mut rp = stream(cfg.seed, k, Stream::Particles);
    let particles = gun(&mut rp, cfg.species, special);
    let n_calos = particles.len();

    let mut rs = stream(cfg.seed, k, Stream::Showers);
    let showers: Vec<_> = particles
        .iter()
        .enumerate()
        .map(|(c, p)| shower(&mut rs, c, p))
        .collect();
    let mut signal: Vec<Proto> = showers
        .iter()
        .flat_map(|s| s.protos.iter().cloned())
        .collect();
    truth::merge_overlapping(&mut signal);

    let mut rpu = stream(cfg.seed, k, Stream::PileUp);
    let pu = pileup::info(&mut rpu, (cfg.pileup.min, cfg.pileup.max));
    let mut pu_protos = pileup::clusters(&mut rpu, &pu, special.quiet);
    truth::add_overlaps(&mut rpu, &mut pu_protos, &signal);

    let mut rh = stream(cfg.seed, k, Stream::Hits);
    let mut clusters: Vec<Cluster> = signal
        .iter()
        .filter_map(|p| reconstruct(&mut rh, p, n_calos, &pu))
        .collect();
    // Every pile-up shower makes a cluster: one that misses the seeding threshold (off the
    // crystal's centre) is pushed up in energy until it passes.
    for mut p in pu_protos {
        for _ in 0..12 {
            if let Some(c) = reconstruct(&mut rh, &p, n_calos, &pu) {
                clusters.push(c);
                break;
            }
            p.energy *= 1.2;
        }
    }
    if special.tie {
        clusters.extend(tie_pair(&mut rh, n_calos, &pu));
    }
    if special.quiet {
        for c in &mut clusters {
            let et = c.energy as f64 / (c.eta as f64).cosh();
            if et >= 0.95 {
                let s = 0.9 / et;
                hits::scale(&mut c.hits, s);
                c.energy = (c.energy as f64 * s) as f32;
            }
        }
    }
    // The dumper's order: PF clusters by subdetector and crystal (barrel, EE-, EE+).
    clusters.sort_by_key(|c| hashed_index(c.hits.center));

    let mut rr = stream(cfg.seed, k, Stream::Reco);
    let sc_in: Vec<ScInput> = clusters
        .iter()
        .map(|c| ScInput {
            raw: c.hits.raw,
            energy: c.energy,
            eta: c.eta,
            phi: c.phi,
            iz: c.hits.center.iz,
        })
        .collect();
    let scs = superclusters::build(&sc_in, |_| rr.uniform(1.0, 1.03));
    let calos = truth::calo_branches(&mut rr, &particles, &showers);

    let mut ev = OwnedEvent {
        id: EventId {
            file_key: 0,
            entry: k,
            run: Some(RUN),
            lumi: Some(1 + (k / EVENTS_PER_LUMI) as i32),
            event: Some(k as i64 + 1),
        },
        pileup: PileUp {
            n_vtx: Some(pu.n_vtx),
            rho: Some(pu.rho),
            obs_pu: Some(pu.obs_pu),
            true_pu: Some(pu.true_pu),
        },
        ..OwnedEvent::default()
    };
    fill_clusters(&mut ev, &clusters);
    ev.calo_sim_energy = calos.sim_energy;
    ev.calo_sim_eta = calos.sim_eta;
    ev.calo_sim_phi = calos.sim_phi;
    ev.calo_sim_iz = calos.sim_iz;
    ev.calo_gen_energy = calos.gen_energy;
    ev.calo_gen_eta = calos.gen_eta;
    ev.calo_gen_phi = calos.gen_phi;
    let mut extras = Extras {
        calo_sim_energy_good_status: calos.sim_energy_good_status,
        ..Extras::default()
    };
    for sc in &scs {
        ev.sc_seed_index.push(sc.seed as i32);
        let idx: Vec<i32> = sc.clusters.iter().map(|&j| j as i32).collect();
        ev.sc_cl_index.push_row(&idx);
        extras.sc_raw_energy.push(sc.raw_energy);
        extras.sc_energy.push(sc.energy);
        extras.sc_eta.push(sc.eta);
        extras.sc_phi.push(sc.phi);
    }
    GeneratedEvent {
        event: ev,
        extras,
        truth: Truth {
            particles,
            roles: clusters.iter().map(|c| c.role).collect(),
            special,
        },
    }
}

/// Appends one row to a jagged buffer without an intermediate vector.
fn push_row<T>(buf: &mut JaggedBuf<T>, row: impl Iterator<Item = T>) {
    buf.values.extend(row);
    buf.offsets.push(buf.values.len());
}

fn fill_clusters(ev: &mut OwnedEvent, clusters: &[Cluster]) {
    for c in clusters {
        let center: Crystal = c.hits.center;
        ev.cl_energy.push(c.energy);
        ev.cl_raw_energy.push(c.hits.raw);
        ev.cl_eta.push(c.eta);
        ev.cl_phi.push(c.phi);
        ev.cl_ieta.push(center.ieta);
        ev.cl_iphi.push(center.iphi);
        ev.cl_iz.push(center.iz);
        ev.cl_nxtals.push(c.hits.hits.len() as f64);
        let (f, s) = (&c.shapes.full5x5, &c.shapes.frac);
        ev.cl_f5_r9.push(f.r9);
        ev.cl_f5_sigma_ieta_ieta.push(f.sigma_ieta_ieta);
        ev.cl_f5_sigma_ieta_iphi.push(f.sigma_ieta_iphi);
        ev.cl_f5_sigma_iphi_iphi.push(f.sigma_iphi_iphi);
        ev.cl_f5_swiss_cross.push(f.swiss_cross);
        ev.cl_r9.push(s.r9);
        ev.cl_sigma_ieta_ieta.push(s.sigma_ieta_ieta);
        ev.cl_sigma_ieta_iphi.push(s.sigma_ieta_iphi);
        ev.cl_sigma_iphi_iphi.push(s.sigma_iphi_iphi);
        ev.cl_swiss_cross.push(s.swiss_cross);
        ev.cl_eta_width.push(c.shapes.eta_width);
        ev.cl_phi_width.push(c.shapes.phi_width);
        ev.cl_scores.push_row(&c.scores);
        let hits = &c.hits.hits;
        push_row(&mut ev.hit_energy, hits.iter().map(|h| h.energy));
        push_row(&mut ev.hit_fraction, hits.iter().map(|h| h.fraction));
        push_row(&mut ev.hit_ieta, hits.iter().map(|h| h.crystal.ieta));
        push_row(&mut ev.hit_iphi, hits.iter().map(|h| h.crystal.iphi));
        push_row(&mut ev.hit_iz, hits.iter().map(|h| h.crystal.iz));
    }
}
