//! Shower shapes of a cluster, computed from its hits as CMSSW's `EcalClusterTools` does:
//!
//! - `r9` = E(3×3 around the most energetic crystal) / raw energy, at most 1;
//! - `swissCross` = 1 - E(4 direct neighbours) / E(max crystal);
//! - `sigmaIetaIeta`, `sigmaIphiIphi`: log-weighted (w0 = 4.7) spread in crystal steps, in
//!   units of 0.01745 (barrel) or 0.0447 (endcap) per step, as `localCovariances`; in the
//!   endcap the "eta" direction is the radial one; `sigmaIetaIphi` is the normalised
//!   covariance (-1..1);
//! - `etaWidth`, `phiWidth`: energy-weighted spread in eta and phi.
//!
//! The `full5x5_` variants use the full rechit energies, the others energy × fraction.
//! A single-crystal cluster has zero widths, r9 = swissCross = 1.

use super::geometry::{Crystal, EE_N, cell_distance, cell_of, eta_step, phi_step};
use super::hits::Hit;

/// Crystal size used for the sigmas of `localCovariances` (barrel, endcap).
const CRYS_SIZE: [f64; 2] = [0.01745, 0.0447];
/// Log-weighting cut-off.
const W0: f64 = 4.7;

/// One set of shapes (full 5x5 or with fractions).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Shapes {
    pub r9: f32,
    pub sigma_ieta_ieta: f32,
    pub sigma_ieta_iphi: f32,
    pub sigma_iphi_iphi: f32,
    pub swiss_cross: f32,
}

/// Every shape branch of one cluster.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClusterShapes {
    pub full5x5: Shapes,
    pub frac: Shapes,
    pub eta_width: f32,
    pub phi_width: f32,
}

/// Offsets (along eta, along phi) in crystal steps of every hit from `max`.
fn offsets(hits: &[Hit], max: Crystal) -> Vec<(f64, f64)> {
    let radial = if max.iz != 0 {
        let (i, j) = cell_of(max);
        let half = EE_N as f64 / 2.0;
        let (x, y) = (i as f64 + 0.5 - half, j as f64 + 0.5 - half);
        let r = (x * x + y * y).sqrt().max(1e-9);
        Some((x / r, y / r))
    } else {
        None
    };
    hits.iter()
        .map(|h| {
            let (di, dj) = cell_distance(max, h.crystal);
            let (di, dj) = (di as f64, dj as f64);
            match radial {
                None => (di, dj),
                Some((rx, ry)) => (di * rx + dj * ry, -di * ry + dj * rx),
            }
        })
        .collect()
}

fn shapes(offs: &[(f64, f64)], energies: &[f64], raw: f64, iz: i32) -> Shapes {
    let (kmax, emax) = energies
        .iter()
        .enumerate()
        .fold((0, f64::MIN), |b, (k, &e)| if e > b.1 { (k, e) } else { b });
    let (mi, mj) = offs[kmax];
    let mut e3 = 0.0;
    let mut e4 = 0.0;
    for (k, &(a, b)) in offs.iter().enumerate() {
        let (da, db) = ((a - mi).round().abs(), (b - mj).round().abs());
        if da <= 1.0 && db <= 1.0 {
            e3 += energies[k];
        }
        if da + db == 1.0 {
            e4 += energies[k];
        }
    }
    let total: f64 = energies.iter().sum();
    let w: Vec<f64> = energies
        .iter()
        .map(|&e| (W0 + (e / total).ln()).max(0.0))
        .collect();
    let sw: f64 = w.iter().sum();
    let (me, mp) = offs
        .iter()
        .zip(&w)
        .fold((0.0, 0.0), |a, (o, w)| (a.0 + w * o.0, a.1 + w * o.1));
    let (me, mp) = (me / sw, mp / sw);
    let (mut see, mut spp, mut sep) = (0.0, 0.0, 0.0);
    for (o, w) in offs.iter().zip(&w) {
        see += w * (o.0 - me) * (o.0 - me);
        spp += w * (o.1 - mp) * (o.1 - mp);
        sep += w * (o.0 - me) * (o.1 - mp);
    }
    let (see, spp, sep) = (see / sw, spp / sw, sep / sw);
    let size = CRYS_SIZE[(iz != 0) as usize];
    let corr = if see > 0.0 && spp > 0.0 {
        sep / (see * spp).sqrt()
    } else {
        0.0
    };
    Shapes {
        r9: (e3 / raw).clamp(0.0, 1.0) as f32,
        sigma_ieta_ieta: (see.sqrt() * size) as f32,
        sigma_ieta_iphi: corr.clamp(-1.0, 1.0) as f32,
        sigma_iphi_iphi: (spp.sqrt() * size) as f32,
        swiss_cross: (1.0 - e4 / emax).clamp(0.0, 1.0) as f32,
    }
}

/// The shapes of a cluster at `eta` with these hits and raw energy.
pub fn compute(hits: &[Hit], raw: f32, eta: f64, iz: i32) -> ClusterShapes {
    if hits.is_empty() {
        return ClusterShapes::default();
    }
    let full: Vec<f64> = hits.iter().map(|h| h.energy as f64).collect();
    let frac: Vec<f64> = hits
        .iter()
        .map(|h| h.energy as f64 * h.fraction as f64)
        .collect();
    let kmax = full
        .iter()
        .enumerate()
        .fold((0, f64::MIN), |b, (k, &e)| if e > b.1 { (k, e) } else { b })
        .0;
    let offs = offsets(hits, hits[kmax].crystal);
    let raw = raw as f64;
    // Energy-weighted widths, converted to eta and phi.
    let total: f64 = frac.iter().sum();
    let (me, mp) = offs
        .iter()
        .zip(&frac)
        .fold((0.0, 0.0), |a, (o, e)| (a.0 + e * o.0, a.1 + e * o.1));
    let (me, mp) = (me / total, mp / total);
    let (mut ve, mut vp) = (0.0, 0.0);
    for (o, e) in offs.iter().zip(&frac) {
        ve += e * (o.0 - me).powi(2);
        vp += e * (o.1 - mp).powi(2);
    }
    ClusterShapes {
        full5x5: shapes(&offs, &full, raw, iz),
        frac: shapes(&offs, &frac, raw, iz),
        eta_width: ((ve / total).sqrt() * eta_step(eta, iz)) as f32,
        phi_width: ((vp / total).sqrt() * phi_step(eta, iz)) as f32,
    }
}
