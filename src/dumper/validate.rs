//! Per-event validation: what must hold for the window builder to use an event.
//!
//! With `n` = number of clusters (`pfCluster_energy` length) and `m` = number of
//! CaloParticles (`caloParticle_simEnergy` length), the checks, in this order:
//!
//! 1. every per-cluster vector (`pfCluster_rawEnergy`, `_eta`, `_phi`, `_ieta`, `_iphi`,
//!    `_iz`, `_nXtals`, the ten shower shapes, `_etaWidth`, `_phiWidth`) has `n` values;
//! 2. the association branch (`pfCluster_sim_fraction` by default) has `n` rows, each of
//!    `m` values;
//! 3. `pfClusterHit_rechitEnergy` has `n` rows, and `pfClusterHit_fraction`, `_ieta`,
//!    `_iphi`, `_iz` have the same number of rows with the same lengths;
//! 4. `caloParticle_simEta`, `_simPhi`, `_simIz` have `m` values; the optional
//!    `caloParticle_gen*` have `m` values or none (absent);
//! 5. `superCluster_seedIndex` has as many values as `superCluster_pfClustersIndex` has
//!    rows; every seed index is in `0..n`, or is `0` or `-1` (the dumper writes 0 when it
//!    found no seed, so 0 is accepted even without clusters); every
//!    `superCluster_pfClustersIndex` value is in `0..n`;
//! 6. no NaN or infinity in `pfCluster_energy`, `_rawEnergy`, `_eta`, `_phi`,
//!    `caloParticle_simEnergy`, `_simEta`, `_simPhi`.
//!
//! Zero and negative energies are valid, and so are empty events. The first failing check
//! is reported as an [`EventProblem`] naming the branch.

use std::fmt;

use super::event::{Event, Jagged};

/// Why an event cannot be used: the branch and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventProblem {
    /// The offending branch.
    pub branch: String,
    /// What is wrong.
    pub what: String,
}

impl fmt::Display for EventProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "branch {}: {}", self.branch, self.what)
    }
}

impl std::error::Error for EventProblem {}

fn problem(branch: &str, what: String) -> EventProblem {
    EventProblem {
        branch: branch.to_string(),
        what,
    }
}

fn len_is<T>(branch: &str, v: &[T], n: usize, of: &str) -> Result<(), EventProblem> {
    if v.len() != n {
        return Err(problem(branch, format!("{} values for {n} {of}", v.len())));
    }
    Ok(())
}

fn finite(branch: &str, v: &[f32]) -> Result<(), EventProblem> {
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(problem(branch, format!("value {i} is {}", v[i])));
    }
    Ok(())
}

fn same_shape<A, B>(
    branch: &str,
    j: &Jagged<'_, A>,
    reference: &Jagged<'_, B>,
    ref_name: &str,
) -> Result<(), EventProblem> {
    if j.rows() != reference.rows() {
        return Err(problem(
            branch,
            format!("{} rows, {ref_name} has {}", j.rows(), reference.rows()),
        ));
    }
    for r in 0..j.rows() {
        let (a, b) = (j.row(r).len(), reference.row(r).len());
        if a != b {
            return Err(problem(
                branch,
                format!("row {r} has {a} values, {ref_name} has {b}"),
            ));
        }
    }
    Ok(())
}

/// Validates an event whose association branch is `pfCluster_sim_fraction`.
pub fn validate(ev: &Event<'_>) -> Result<(), EventProblem> {
    validate_with(ev, "pfCluster_sim_fraction")
}

/// Validates an event; `association_branch` names the scores branch in messages.
pub fn validate_with(ev: &Event<'_>, association_branch: &str) -> Result<(), EventProblem> {
    let n = ev.n_clusters();
    let m = ev.n_calos();
    let cl = "clusters";
    // 1. per-cluster vectors
    len_is("pfCluster_rawEnergy", ev.cl_raw_energy, n, cl)?;
    len_is("pfCluster_eta", ev.cl_eta, n, cl)?;
    len_is("pfCluster_phi", ev.cl_phi, n, cl)?;
    len_is("pfCluster_ieta", ev.cl_ieta, n, cl)?;
    len_is("pfCluster_iphi", ev.cl_iphi, n, cl)?;
    len_is("pfCluster_iz", ev.cl_iz, n, cl)?;
    len_is("pfCluster_nXtals", ev.cl_nxtals, n, cl)?;
    for (name, v) in [
        ("pfCluster_full5x5_r9", ev.cl_f5_r9),
        ("pfCluster_full5x5_sigmaIetaIeta", ev.cl_f5_sigma_ieta_ieta),
        ("pfCluster_full5x5_sigmaIetaIphi", ev.cl_f5_sigma_ieta_iphi),
        ("pfCluster_full5x5_sigmaIphiIphi", ev.cl_f5_sigma_iphi_iphi),
        ("pfCluster_full5x5_swissCross", ev.cl_f5_swiss_cross),
        ("pfCluster_r9", ev.cl_r9),
        ("pfCluster_sigmaIetaIeta", ev.cl_sigma_ieta_ieta),
        ("pfCluster_sigmaIetaIphi", ev.cl_sigma_ieta_iphi),
        ("pfCluster_sigmaIphiIphi", ev.cl_sigma_iphi_iphi),
        ("pfCluster_swissCross", ev.cl_swiss_cross),
        ("pfCluster_etaWidth", ev.cl_eta_width),
        ("pfCluster_phiWidth", ev.cl_phi_width),
    ] {
        len_is(name, v, n, cl)?;
    }
    // 2. association scores
    if ev.cl_scores.rows() != n {
        return Err(problem(
            association_branch,
            format!("{} rows for {n} clusters", ev.cl_scores.rows()),
        ));
    }
    for (r, row) in ev.cl_scores.iter().enumerate() {
        if row.len() != m {
            return Err(problem(
                association_branch,
                format!("row {r} has {} values for {m} CaloParticles", row.len()),
            ));
        }
    }
    // 3. hits
    if ev.hit_energy.rows() != n {
        return Err(problem(
            "pfClusterHit_rechitEnergy",
            format!("{} rows for {n} clusters", ev.hit_energy.rows()),
        ));
    }
    let he = "pfClusterHit_rechitEnergy";
    same_shape(
        "pfClusterHit_fraction",
        &ev.hit_fraction,
        &ev.hit_energy,
        he,
    )?;
    same_shape("pfClusterHit_ieta", &ev.hit_ieta, &ev.hit_energy, he)?;
    same_shape("pfClusterHit_iphi", &ev.hit_iphi, &ev.hit_energy, he)?;
    same_shape("pfClusterHit_iz", &ev.hit_iz, &ev.hit_energy, he)?;
    // 4. CaloParticles
    let cp = "CaloParticles";
    len_is("caloParticle_simEta", ev.calo_sim_eta, m, cp)?;
    len_is("caloParticle_simPhi", ev.calo_sim_phi, m, cp)?;
    len_is("caloParticle_simIz", ev.calo_sim_iz, m, cp)?;
    for (name, v) in [
        ("caloParticle_genEnergy", ev.calo_gen_energy),
        ("caloParticle_genEta", ev.calo_gen_eta),
        ("caloParticle_genPhi", ev.calo_gen_phi),
    ] {
        if !v.is_empty() {
            len_is(name, v, m, cp)?;
        }
    }
    // 5. SuperClusters
    if ev.sc_seed_index.len() != ev.sc_cl_index.rows() {
        return Err(problem(
            "superCluster_seedIndex",
            format!(
                "{} values, superCluster_pfClustersIndex has {} rows",
                ev.sc_seed_index.len(),
                ev.sc_cl_index.rows()
            ),
        ));
    }
    for (k, &s) in ev.sc_seed_index.iter().enumerate() {
        if s != -1 && s != 0 && (s < 0 || s as usize >= n) {
            return Err(problem(
                "superCluster_seedIndex",
                format!("value {k} is {s}, outside 0..{n}"),
            ));
        }
    }
    for (k, row) in ev.sc_cl_index.iter().enumerate() {
        if let Some(&bad) = row.iter().find(|&&c| c < 0 || c as usize >= n) {
            return Err(problem(
                "superCluster_pfClustersIndex",
                format!("row {k} holds {bad}, outside 0..{n}"),
            ));
        }
    }
    // 6. finite values
    finite("pfCluster_energy", ev.cl_energy)?;
    finite("pfCluster_rawEnergy", ev.cl_raw_energy)?;
    finite("pfCluster_eta", ev.cl_eta)?;
    finite("pfCluster_phi", ev.cl_phi)?;
    finite("caloParticle_simEnergy", ev.calo_sim_energy)?;
    finite("caloParticle_simEta", ev.calo_sim_eta)?;
    finite("caloParticle_simPhi", ev.calo_sim_phi)?;
    Ok(())
}
