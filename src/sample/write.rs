//! Writing generated events as a dumper file: every required and optional branch of
//! `shared/spec/dumper.md`, with its exact C++ type, in the TTree `recosimdumper/caloTree`,
//! through the project's ROOT writer ([`crate::root::write`]).

use std::borrow::Borrow;
use std::path::Path;

use crate::dumper::JaggedBuf;
use crate::root::write::{
    BranchSpec, BranchType, BranchValue, Compression, Jagged, RootWriter, WriteError,
};

use super::GeneratedEvent;

/// Path of the dumper's tree.
pub const TREE_PATH: &str = "recosimdumper/caloTree";
/// Title of the dumper's tree.
pub const TREE_TITLE: &str = "caloTree";

/// Every branch written, in file order, with its C++ type.
pub const BRANCHES: &[(&str, BranchType)] = {
    use BranchType::*;
    &[
        ("eventId", I64),
        ("lumiId", I32),
        ("runId", I32),
        ("nVtx", I32),
        ("rho", F32),
        ("obsPU", F64),
        ("truePU", F64),
        ("caloParticle_genEnergy", VecF32),
        ("caloParticle_genEta", VecF32),
        ("caloParticle_genPhi", VecF32),
        ("caloParticle_simEnergy", VecF32),
        ("caloParticle_simEnergyGoodStatus", VecF32),
        ("caloParticle_simEta", VecF32),
        ("caloParticle_simPhi", VecF32),
        ("caloParticle_simIz", VecI32),
        ("pfCluster_rawEnergy", VecF32),
        ("pfCluster_energy", VecF32),
        ("pfCluster_eta", VecF32),
        ("pfCluster_phi", VecF32),
        ("pfCluster_ieta", VecI32),
        ("pfCluster_iphi", VecI32),
        ("pfCluster_iz", VecI32),
        ("pfCluster_nXtals", VecF64),
        ("pfCluster_etaWidth", VecF32),
        ("pfCluster_phiWidth", VecF32),
        ("pfCluster_r9", VecF32),
        ("pfCluster_sigmaIetaIeta", VecF32),
        ("pfCluster_sigmaIetaIphi", VecF32),
        ("pfCluster_sigmaIphiIphi", VecF32),
        ("pfCluster_swissCross", VecF32),
        ("pfCluster_full5x5_r9", VecF32),
        ("pfCluster_full5x5_sigmaIetaIeta", VecF32),
        ("pfCluster_full5x5_sigmaIetaIphi", VecF32),
        ("pfCluster_full5x5_sigmaIphiIphi", VecF32),
        ("pfCluster_full5x5_swissCross", VecF32),
        ("pfCluster_sim_fraction", VecVecF64),
        ("pfClusterHit_rechitEnergy", VecVecF32),
        ("pfClusterHit_fraction", VecVecF32),
        ("pfClusterHit_ieta", VecVecI32),
        ("pfClusterHit_iphi", VecVecI32),
        ("pfClusterHit_iz", VecVecI32),
        ("superCluster_rawEnergy", VecF32),
        ("superCluster_energy", VecF32),
        ("superCluster_eta", VecF32),
        ("superCluster_phi", VecF32),
        ("superCluster_seedIndex", VecI32),
        ("superCluster_pfClustersIndex", VecVecI32),
    ]
};

/// What [`write_dumper`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    pub events: u64,
    pub clusters: u64,
    pub hits: u64,
    /// Size of the file on disk.
    pub bytes: u64,
}

/// Offsets of a jagged buffer as the writer takes them (u32, relative to its values).
fn offsets32(buf: &JaggedBuf<impl Copy>, out: &mut Vec<u32>) {
    out.clear();
    let base = buf.offsets[0];
    out.extend(buf.offsets.iter().map(|&o| (o - base) as u32));
}

/// A jagged buffer as the writer takes it, with offsets `o` from [`offsets32`].
fn flat<'a, T>(o: &'a [u32], b: &'a JaggedBuf<T>) -> Jagged<'a, T> {
    Jagged::Flat {
        offsets: o,
        values: &b.values[b.offsets[0]..],
    }
}

/// Writes `events` in order to a dumper file at `path`.
///
/// The file is written under a temporary name and renamed when complete; the same events,
/// path and compression give a byte-identical file.
pub fn write_dumper<E: Borrow<GeneratedEvent>>(
    path: &Path,
    events: impl IntoIterator<Item = E>,
    compression: Compression,
) -> Result<Written, WriteError> {
    let specs: Vec<BranchSpec> = BRANCHES
        .iter()
        .map(|&(n, t)| BranchSpec::new(n, t))
        .collect();
    let mut w = RootWriter::create(path, compression)?;
    let mut written = Written::default();
    {
        let mut t = w.tree(TREE_PATH, TREE_TITLE, &specs)?;
        // Scratch offsets, reused across events.
        let mut o: [Vec<u32>; 8] = Default::default();
        for g in events {
            let g = g.borrow();
            let ev = &g.event;
            let x = &g.extras;
            offsets32(&ev.cl_scores, &mut o[0]);
            offsets32(&ev.hit_energy, &mut o[1]);
            offsets32(&ev.hit_fraction, &mut o[2]);
            offsets32(&ev.hit_ieta, &mut o[3]);
            offsets32(&ev.hit_iphi, &mut o[4]);
            offsets32(&ev.hit_iz, &mut o[5]);
            offsets32(&ev.sc_cl_index, &mut o[6]);
            use BranchValue as V;
            let id = ev.id;
            let pu = ev.pileup;
            let values = [
                V::I64(id.event.unwrap_or(id.entry as i64 + 1)),
                V::I32(id.lumi.unwrap_or(1)),
                V::I32(id.run.unwrap_or(1)),
                V::I32(pu.n_vtx.unwrap_or(0)),
                V::F32(pu.rho.unwrap_or(0.0)),
                V::F64(pu.obs_pu.unwrap_or(0.0)),
                V::F64(pu.true_pu.unwrap_or(0.0)),
                V::VecF32(&ev.calo_gen_energy),
                V::VecF32(&ev.calo_gen_eta),
                V::VecF32(&ev.calo_gen_phi),
                V::VecF32(&ev.calo_sim_energy),
                V::VecF32(&x.calo_sim_energy_good_status),
                V::VecF32(&ev.calo_sim_eta),
                V::VecF32(&ev.calo_sim_phi),
                V::VecI32(&ev.calo_sim_iz),
                V::VecF32(&ev.cl_raw_energy),
                V::VecF32(&ev.cl_energy),
                V::VecF32(&ev.cl_eta),
                V::VecF32(&ev.cl_phi),
                V::VecI32(&ev.cl_ieta),
                V::VecI32(&ev.cl_iphi),
                V::VecI32(&ev.cl_iz),
                V::VecF64(&ev.cl_nxtals),
                V::VecF32(&ev.cl_eta_width),
                V::VecF32(&ev.cl_phi_width),
                V::VecF32(&ev.cl_r9),
                V::VecF32(&ev.cl_sigma_ieta_ieta),
                V::VecF32(&ev.cl_sigma_ieta_iphi),
                V::VecF32(&ev.cl_sigma_iphi_iphi),
                V::VecF32(&ev.cl_swiss_cross),
                V::VecF32(&ev.cl_f5_r9),
                V::VecF32(&ev.cl_f5_sigma_ieta_ieta),
                V::VecF32(&ev.cl_f5_sigma_ieta_iphi),
                V::VecF32(&ev.cl_f5_sigma_iphi_iphi),
                V::VecF32(&ev.cl_f5_swiss_cross),
                V::VecVecF64(flat(&o[0], &ev.cl_scores)),
                V::VecVecF32(flat(&o[1], &ev.hit_energy)),
                V::VecVecF32(flat(&o[2], &ev.hit_fraction)),
                V::VecVecI32(flat(&o[3], &ev.hit_ieta)),
                V::VecVecI32(flat(&o[4], &ev.hit_iphi)),
                V::VecVecI32(flat(&o[5], &ev.hit_iz)),
                V::VecF32(&x.sc_raw_energy),
                V::VecF32(&x.sc_energy),
                V::VecF32(&x.sc_eta),
                V::VecF32(&x.sc_phi),
                V::VecI32(&ev.sc_seed_index),
                V::VecVecI32(flat(&o[6], &ev.sc_cl_index)),
            ];
            t.fill(&values)?;
            written.events += 1;
            written.clusters += ev.cl_energy.len() as u64;
            written.hits += ev.hit_energy.values.len() as u64;
        }
        t.finish()?;
    }
    w.close()?;
    written.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_branch_of_the_spec_once() {
        let names: Vec<&str> = BRANCHES.iter().map(|b| b.0).collect();
        for (i, n) in names.iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} twice");
        }
        assert_eq!(names.len(), 48);
    }
}
