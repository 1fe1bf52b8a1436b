//! The window builder (algorithm.md sections 2, 3, 5, 6): seeds, windows, labels,
//! summaries and the sampling of windows without a calo.

use std::cmp::Ordering;
use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::geometry::{delta_phi, in_window, signed_deta};
use super::params::{CaloPosition, EtKind, Params};
use super::{ClusterInWindow, Window};
use crate::dumper::Event;
use crate::dumper::event::fnv1a;
use crate::truth::association::Association;
use crate::truth::mustache::in_geom_mustache;
use crate::truth::wp::{ThresholdMap, WpError};

/// Parameters with their threshold map loaded: what every caller of [`build`] holds.
#[derive(Debug, Clone)]
pub struct Builder {
    pub params: Params,
    pub wp: Arc<ThresholdMap>,
}

impl Builder {
    /// Loads the working point named by `params.wp` (or the bundled default).
    pub fn new(params: Params) -> Result<Self, WpError> {
        let wp = match &params.wp {
            Some(path) => ThresholdMap::load(path, &params.wp_hist)?,
            None => crate::truth::wp::default_map(),
        };
        Ok(Builder {
            params,
            wp: Arc::new(wp),
        })
    }

    pub fn build(&self, ev: &Event) -> Vec<Window> {
        build(ev, &self.params, &self.wp)
    }
}

/// Python's `max(list)`: the first element, replaced by any later one that is strictly
/// greater (so NaN behaves as in the reference). `None` for an empty list.
fn py_max(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut best: Option<f64> = None;
    for v in values {
        if best.is_none_or(|b| v > b) {
            best = Some(v);
        }
    }
    best
}

/// Descending by value, stable (ties keep index order, as Python's `sorted(reverse=True)`);
/// a total order even with NaN, so sorting never panics.
fn descending(a: f64, b: f64) -> Ordering {
    b.partial_cmp(&a).unwrap_or_else(|| b.total_cmp(&a))
}

/// The per-event random generator: keyed by (seed, file, entry), never by thread.
fn event_rng(p: &Params, ev: &Event) -> ChaCha8Rng {
    let mut key = Vec::with_capacity(24);
    key.extend_from_slice(&p.seed.to_le_bytes());
    key.extend_from_slice(&ev.id.file_key.to_le_bytes());
    key.extend_from_slice(&ev.id.entry.to_le_bytes());
    ChaCha8Rng::seed_from_u64(fnv1a(&key))
}

/// Fixed-mode window name: 16 hex digits of a hash of (file, entry, seed index).
fn fixed_name(ev: &Event, seed: usize) -> String {
    let mut key = Vec::with_capacity(24);
    key.extend_from_slice(&ev.id.file_key.to_le_bytes());
    key.extend_from_slice(&ev.id.entry.to_le_bytes());
    key.extend_from_slice(&(seed as u64).to_le_bytes());
    format!("{:016x}", fnv1a(&key))
}

/// Compat-mode window name: 9 lowercase letters, as the reference (but seeded).
fn compat_name(rng: &mut ChaCha8Rng) -> String {
    (0..9)
        .map(|_| (b'a' + rng.random_range(0..26u8)) as char)
        .collect()
}

/// Position (eta, phi, iz) of CaloParticle `c`, or `None` if the event lacks it.
fn calo_position(p: &Params, ev: &Event, c: usize) -> Option<(f64, f64, i32)> {
    match p.calo_position {
        CaloPosition::Sim => Some((
            *ev.calo_sim_eta.get(c)? as f64,
            *ev.calo_sim_phi.get(c)? as f64,
            *ev.calo_sim_iz.get(c)?,
        )),
        CaloPosition::Gen => {
            let eta = *ev.calo_gen_eta.get(c)?;
            let iz = if eta.abs() < 1.479 {
                0
            } else if eta > 0.0 {
                1
            } else {
                -1
            };
            Some((eta as f64, *ev.calo_gen_phi.get(c)? as f64, iz))
        }
    }
}

/// Builds the windows of one event. Pure: the same event and parameters give the same
/// windows, in creation order (seeds by decreasing calibrated Et), sampled as
/// `params.maxnocalow` says.
pub fn build(ev: &Event, p: &Params, wp: &ThresholdMap) -> Vec<Window> {
    let compat = p.compat();
    let n = ev.n_clusters();
    // Every per-cluster slice is read with the cluster count of pfCluster_energy; a shorter
    // slice (an event that failed validation) yields no windows rather than a panic.
    let per_cluster_ok = [
        ev.cl_raw_energy.len(),
        ev.cl_eta.len(),
        ev.cl_phi.len(),
        ev.cl_ieta.len(),
        ev.cl_iphi.len(),
        ev.cl_iz.len(),
    ]
    .iter()
    .all(|&l| l == n);
    if !per_cluster_ok {
        return Vec::new();
    }
    let assoc = Association::compute(ev.cl_scores, n, ev.n_calos());
    let eta = |i: usize| ev.cl_eta[i] as f64;
    let pos = |i: usize| (eta(i), ev.cl_phi[i] as f64, ev.cl_iz[i]);
    let et_calib: Vec<f64> = (0..n)
        .map(|i| ev.cl_energy[i] as f64 / eta(i).cosh())
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| descending(et_calib[a], et_calib[b]));

    let mut rng = event_rng(p, ev);
    let mut windows: Vec<Window> = Vec::new();

    // 1. Seeds and windows.
    for &i in &order {
        if et_calib[i] < p.min_et_seed {
            continue;
        }
        if !p.overlap && windows.iter().any(|w| in_window(p, w_pos(w), pos(i))) {
            continue;
        }
        let mut calo = -1i32;
        let mut caloseed = false;
        if assoc.calo_of[i] != -1 && assoc.score_of[i] > p.seed_min_fraction {
            let c = assoc.calo_of[i];
            // compat: the reference's check is `if <tuple>:`, always true.
            let accepted = compat
                || calo_position(p, ev, c as usize).is_some_and(|cp| in_window(p, pos(i), cp));
            if accepted {
                calo = c;
                caloseed = assoc.calo_seed_of(c) == Some(i);
            }
        }
        let mustache_seed_index = ev
            .sc_seed_index
            .iter()
            .position(|&s| s == i as i32)
            .map_or(-1, |k| k as i32);
        let en_seed = ev.cl_raw_energy[i] as f64;
        let en_seed_calib = ev.cl_energy[i] as f64;
        let cosh = eta(i).cosh();
        let (en_true, et_true) = if calo >= 0 {
            let c = calo as usize;
            let e = ev.calo_sim_energy.get(c).copied().unwrap_or(f32::NAN) as f64;
            let ceta = ev.calo_sim_eta.get(c).copied().unwrap_or(f32::NAN) as f64;
            (e, e / ceta.cosh())
        } else {
            (0.0, 0.0)
        };
        let et_seed = en_seed / cosh;
        let et_seed_calib = en_seed_calib / cosh;
        let et_lookup = match p.wp_et {
            EtKind::Raw => et_seed,
            EtKind::Calib => et_seed_calib,
        };
        let wp_bin = wp.bin(et_lookup, eta(i));
        let threshold = wp.value(wp_bin.0, wp_bin.1) * p.wp_scale;
        let name = if compat {
            compat_name(&mut rng)
        } else {
            fixed_name(ev, i)
        };
        windows.push(Window {
            name,
            order: windows.len(),
            seed: i,
            calo,
            is_seed_calo_seed: caloseed,
            mustache_seed_index,
            seed_score: assoc.score_of[i],
            seed_eta: eta(i),
            seed_phi: ev.cl_phi[i] as f64,
            seed_iz: ev.cl_iz[i],
            seed_ieta: ev.cl_ieta[i],
            seed_iphi: ev.cl_iphi[i],
            en_seed,
            et_seed,
            en_seed_calib,
            et_seed_calib,
            en_true,
            et_true,
            wp_bin,
            threshold,
            clusters: Vec::new(),
            nclusters_insc: 0,
            max_en_cluster_insc: -1.0,
            max_deta_cluster_insc: -1.0,
            max_dphi_cluster_insc: -1.0,
            max_en_cluster: -1.0,
            max_deta_cluster: -1.0,
            max_dphi_cluster: -1.0,
        });
    }

    // 2. Clusters into windows.
    for &j in &order {
        let pj = pos(j);
        for w in windows.iter_mut() {
            if !in_window(p, w_pos(w), pj) {
                continue;
            }
            let in_geom = in_geom_mustache(
                w.seed_eta as f32,
                w.seed_phi as f32,
                ev.cl_raw_energy[j],
                ev.cl_eta[j],
                ev.cl_phi[j],
                compat,
            );
            let (is_calo_matched, pass, is_calo_seed) = if w.calo < 0 {
                (false, false, false)
            } else if assoc.calo_of[j] == w.calo {
                (
                    true,
                    assoc.score_of[j] >= w.threshold,
                    assoc.calo_seed_of(w.calo) == Some(j),
                )
            } else {
                (false, false, false)
            };
            let in_mustache = w.mustache_seed_index >= 0
                && ev
                    .sc_cl_index
                    .row(w.mustache_seed_index as usize)
                    .contains(&(j as i32));
            w.clusters.push(ClusterInWindow {
                index: j,
                is_seed: j == w.seed,
                in_geom_mustache: in_geom,
                is_calo_matched,
                is_calo_seed,
                in_scluster: pass || j == w.seed,
                in_mustache,
                calo_score: assoc.score_of[j],
                deta: signed_deta(w.seed_eta, pj.0),
                dphi: delta_phi(w.seed_phi, pj.1),
            });
            if !p.overlap {
                break;
            }
        }
    }

    // 3. Summaries.
    let fold = |v: f64| if compat { v } else { v.abs() };
    for w in windows.iter_mut() {
        let en = |c: &ClusterInWindow| ev.cl_raw_energy[c.index] as f64;
        if w.calo >= 0 {
            let insc = || w.clusters.iter().filter(|c| c.in_scluster);
            w.nclusters_insc = insc().count();
            w.max_en_cluster_insc = py_max(insc().map(en)).unwrap_or(-1.0);
            w.max_deta_cluster_insc = py_max(insc().map(|c| fold(c.deta))).unwrap_or(-1.0);
            w.max_dphi_cluster_insc = py_max(insc().map(|c| fold(c.dphi))).unwrap_or(-1.0);
        }
        w.max_en_cluster = py_max(w.clusters.iter().map(en)).unwrap_or(-1.0);
        w.max_deta_cluster = py_max(w.clusters.iter().map(|c| fold(c.deta))).unwrap_or(-1.0);
        w.max_dphi_cluster = py_max(w.clusters.iter().map(|c| fold(c.dphi))).unwrap_or(-1.0);
    }

    // 4. Sampling of windows without a calo.
    if let Some(max) = p.maxnocalow.limit() {
        let nocalo: Vec<usize> = (0..windows.len())
            .filter(|&k| windows[k].calo < 0)
            .collect();
        if nocalo.len() > max {
            let mut pool = nocalo;
            // Partial Fisher-Yates: the first `max` of `pool` become a uniform sample.
            for k in 0..max {
                let r = rng.random_range(k..pool.len());
                pool.swap(k, r);
            }
            let mut keep = vec![false; windows.len()];
            for &k in &pool[..max] {
                keep[k] = true;
            }
            let mut k = 0;
            windows.retain(|w| {
                let kept = w.calo >= 0 || keep[k];
                k += 1;
                kept
            });
        }
    }
    windows
}

fn w_pos(w: &Window) -> (f64, f64, i32) {
    (w.seed_eta, w.seed_phi, w.seed_iz)
}
