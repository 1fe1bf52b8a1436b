//! Mustache SuperClusters, as CMSSW's `PFECALSuperClusterAlgo` makes them: seeds are the
//! clusters above [`SEED_ET`] of calibrated Et, taken by decreasing Et; each seed not yet
//! in a SuperCluster collects every free cluster of its subdetector inside the Mustache and
//! the dynamic dphi window (`truth::mustache`, CMSSW mode: the same code the truth labels
//! use).

use crate::truth::mustache::{in_dynamic_dphi_window, in_mustache};

use super::geometry::wrap_phi;

/// Seeding threshold of SuperClusters (calibrated Et, GeV).
pub const SEED_ET: f64 = 1.0;

/// Above any cutoff of the dynamic dphi window (0.6), with margin for f32 rounding.
const MAX_DPHI: f64 = 0.62;

/// What the SuperCluster builder needs of a cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScInput {
    pub raw: f32,
    pub energy: f32,
    pub eta: f32,
    pub phi: f32,
    pub iz: i32,
}

/// One SuperCluster: its seed, its clusters (seed first, then by index) and its energies.
#[derive(Debug, Clone, PartialEq)]
pub struct SuperCluster {
    pub seed: usize,
    pub clusters: Vec<usize>,
    pub raw_energy: f32,
    pub energy: f32,
    pub eta: f32,
    pub phi: f32,
}

/// Builds the SuperClusters of an event. `correction(k)` is the SuperCluster energy
/// correction of SuperCluster `k` (applied to the sum of calibrated energies).
pub fn build(cl: &[ScInput], mut correction: impl FnMut(usize) -> f64) -> Vec<SuperCluster> {
    let et = |c: &ScInput| c.energy as f64 / (c.eta as f64).cosh();
    let mut order: Vec<usize> = (0..cl.len()).filter(|&i| et(&cl[i]) > SEED_ET).collect();
    order.sort_by(|&a, &b| et(&cl[b]).total_cmp(&et(&cl[a])));
    let mut used = vec![false; cl.len()];
    let mut out = Vec::new();
    for &s in &order {
        if used[s] {
            continue;
        }
        used[s] = true;
        let seed = cl[s];
        let mut members = vec![s];
        for (j, c) in cl.iter().enumerate() {
            // The dynamic dphi window is never wider than 0.6: a cheap cut before the
            // Mustache (which alone decides).
            if used[j]
                || c.iz != seed.iz
                || wrap_phi(c.phi as f64 - seed.phi as f64).abs() > MAX_DPHI
            {
                continue;
            }
            if in_mustache(seed.eta, seed.phi, c.raw, c.eta, c.phi)
                && in_dynamic_dphi_window(seed.eta, seed.phi, c.raw, c.eta, c.phi, false)
            {
                used[j] = true;
                members.push(j);
            }
        }
        let raw: f64 = members.iter().map(|&j| cl[j].raw as f64).sum();
        let calib: f64 = members.iter().map(|&j| cl[j].energy as f64).sum();
        let eta = members
            .iter()
            .map(|&j| cl[j].raw as f64 * cl[j].eta as f64)
            .sum::<f64>()
            / raw;
        let dphi = members
            .iter()
            .map(|&j| cl[j].raw as f64 * wrap_phi(cl[j].phi as f64 - seed.phi as f64))
            .sum::<f64>()
            / raw;
        let k = out.len();
        out.push(SuperCluster {
            seed: s,
            clusters: members,
            raw_energy: raw as f32,
            energy: (calib * correction(k)) as f32,
            eta: eta as f32,
            phi: wrap_phi(seed.phi as f64 + dphi) as f32,
        });
    }
    out
}
