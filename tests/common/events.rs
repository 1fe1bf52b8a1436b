//! Hand-built dumper events for tests: clusters, CaloParticles and SuperClusters added one
//! by one, every per-cluster branch kept consistent.
#![allow(dead_code)]

use scwin::dumper::{EventId, JaggedBuf, OwnedEvent};

/// A cluster to add: energies in GeV, position, and its scores per CaloParticle.
#[derive(Clone, Debug)]
pub struct Cl {
    pub energy: f32,
    pub raw: f32,
    pub eta: f32,
    pub phi: f32,
    pub iz: i32,
    pub scores: Vec<f64>,
}

/// A cluster of calibrated energy `e` (raw = e / 1.05) with no association scores yet.
pub fn cl(e: f32, eta: f32, phi: f32) -> Cl {
    let iz = if eta.abs() < 1.479 {
        0
    } else if eta > 0.0 {
        1
    } else {
        -1
    };
    Cl {
        energy: e,
        raw: e / 1.05,
        eta,
        phi,
        iz,
        scores: vec![],
    }
}

impl Cl {
    pub fn scores(mut self, s: &[f64]) -> Self {
        self.scores = s.to_vec();
        self
    }
    pub fn raw(mut self, raw: f32) -> Self {
        self.raw = raw;
        self
    }
    pub fn iz(mut self, iz: i32) -> Self {
        self.iz = iz;
        self
    }
}

#[derive(Default)]
pub struct EventBuilder {
    clusters: Vec<Cl>,
    calos: Vec<(f32, f32, f32, i32)>,
    scs: Vec<(i32, Vec<i32>)>,
    entry: u64,
}

impl EventBuilder {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn entry(mut self, entry: u64) -> Self {
        self.entry = entry;
        self
    }
    /// A CaloParticle with sim energy, eta, phi (iz from eta).
    pub fn calo(mut self, e: f32, eta: f32, phi: f32) -> Self {
        let iz = if eta.abs() < 1.479 {
            0
        } else if eta > 0.0 {
            1
        } else {
            -1
        };
        self.calos.push((e, eta, phi, iz));
        self
    }
    pub fn cluster(mut self, c: Cl) -> Self {
        self.clusters.push(c);
        self
    }
    /// A Mustache SuperCluster seeded by `seed` holding `members`.
    pub fn sc(mut self, seed: i32, members: &[i32]) -> Self {
        self.scs.push((seed, members.to_vec()));
        self
    }

    pub fn build(self) -> OwnedEvent {
        let n_calo = self.calos.len();
        let mut ev = OwnedEvent {
            id: EventId {
                file_key: 7,
                entry: self.entry,
                run: Some(1),
                lumi: Some(2),
                event: Some(1000 + self.entry as i64),
            },
            ..Default::default()
        };
        for (k, c) in self.clusters.iter().enumerate() {
            ev.cl_energy.push(c.energy);
            ev.cl_raw_energy.push(c.raw);
            ev.cl_eta.push(c.eta);
            ev.cl_phi.push(c.phi);
            ev.cl_ieta.push((c.eta / 0.0174).round() as i32 + 1);
            ev.cl_iphi.push((c.phi / 0.0174).round() as i32 + 181);
            ev.cl_iz.push(c.iz);
            ev.cl_nxtals.push(3.0 + k as f64);
            for col in [
                &mut ev.cl_f5_r9,
                &mut ev.cl_f5_sigma_ieta_ieta,
                &mut ev.cl_f5_sigma_ieta_iphi,
                &mut ev.cl_f5_sigma_iphi_iphi,
                &mut ev.cl_f5_swiss_cross,
                &mut ev.cl_r9,
                &mut ev.cl_sigma_ieta_ieta,
                &mut ev.cl_sigma_ieta_iphi,
                &mut ev.cl_sigma_iphi_iphi,
                &mut ev.cl_swiss_cross,
                &mut ev.cl_eta_width,
                &mut ev.cl_phi_width,
            ] {
                col.push(0.01 * (k as f32 + 1.0));
            }
            let mut row = c.scores.clone();
            row.resize(n_calo, 0.0);
            ev.cl_scores.push_row(&row);
            let ieta = ev.cl_ieta[k];
            let iphi = ev.cl_iphi[k];
            ev.hit_ieta.push_row(&[ieta, ieta + 1]);
            ev.hit_iphi.push_row(&[iphi, iphi]);
            ev.hit_iz.push_row(&[c.iz, c.iz]);
            ev.hit_energy.push_row(&[c.raw * 0.75, c.raw * 0.25]);
            ev.hit_fraction.push_row(&[1.0, 1.0]);
        }
        for &(e, eta, phi, iz) in &self.calos {
            ev.calo_sim_energy.push(e);
            ev.calo_sim_eta.push(eta);
            ev.calo_sim_phi.push(phi);
            ev.calo_sim_iz.push(iz);
            ev.calo_gen_energy.push(e);
            ev.calo_gen_eta.push(eta);
            ev.calo_gen_phi.push(phi);
        }
        let mut members = JaggedBuf::default();
        for (seed, m) in &self.scs {
            ev.sc_seed_index.push(*seed);
            members.push_row(m);
        }
        ev.sc_cl_index = members;
        ev
    }
}
