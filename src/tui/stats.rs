//! File-wide statistics: counts, label totals, and the energy resolution of the current truth
//! definition (median and effective sigma of sum(raw E of in_scluster clusters) / E_true over
//! calo-matched windows, per seed Et x |seed eta| bin).
//!
//! Pure functions and a mergeable accumulator, so that the background job can fold entry
//! ranges on rayon and merge them in any order with the same result.

use crate::dumper::Event;
use crate::windows::Window;

/// Seed Et bin edges (GeV, raw Et) of the resolution table; the last bin is open.
pub const ET_EDGES: [f64; 6] = [0.0, 10.0, 20.0, 40.0, 60.0, 100.0];
/// |seed eta| bin edges of the resolution table.
pub const ETA_EDGES: [f64; 5] = [0.0, 1.0, 1.479, 2.0, 3.0];
/// Range and bin count of the resolution histogram.
pub const HIST_RANGE: (f64, f64) = (0.0, 1.6);
pub const HIST_BINS: usize = 64;

pub use crate::truth::resolution::{median, sigma_eff};

/// Bin of `v` in `edges` (last bin open above, values below the first edge in bin 0).
pub fn bin_of(edges: &[f64], v: f64) -> usize {
    let n = edges.len();
    edges[1..].partition_point(|&e| e <= v).min(n - 1)
}

/// sum(raw E of the in_scluster clusters) / E_true of a calo-matched window, else `None`.
pub fn window_ratio(w: &Window, ev: &Event<'_>) -> Option<f64> {
    if w.calo < 0 || w.en_true.is_nan() || w.en_true <= 0.0 {
        return None;
    }
    let sum: f64 = w
        .clusters
        .iter()
        .filter(|c| c.in_scluster)
        .map(|c| ev.cl_raw_energy.get(c.index).copied().unwrap_or(0.0) as f64)
        .sum();
    Some(sum / w.en_true)
}

/// Do the labels of a window disagree with the Mustache SuperCluster (some cluster has
/// in_scluster != in_mustache)?
pub fn disagrees(w: &Window) -> bool {
    w.clusters.iter().any(|c| c.in_scluster != c.in_mustache)
}

/// Totals of the six cluster labels over all clusters in all windows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LabelCounts {
    pub is_seed: u64,
    pub is_calo_matched: u64,
    pub is_calo_seed: u64,
    pub in_scluster: u64,
    pub in_geom_mustache: u64,
    pub in_mustache: u64,
}

impl LabelCounts {
    fn add(&mut self, o: &LabelCounts) {
        self.is_seed += o.is_seed;
        self.is_calo_matched += o.is_calo_matched;
        self.is_calo_seed += o.is_calo_seed;
        self.in_scluster += o.in_scluster;
        self.in_geom_mustache += o.in_geom_mustache;
        self.in_mustache += o.in_mustache;
    }
}

/// Per entry: how many windows pass each filter (used to step through filtered events).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntryCounts {
    pub windows: u32,
    pub calo: u32,
    pub disagree: u32,
    /// Calo-matched AND disagreeing.
    pub both: u32,
}

/// Median and effective sigma of one resolution bin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinStat {
    pub n: usize,
    pub median: f64,
    pub sigma_eff: f64,
}

/// The accumulator the background job folds events into.
#[derive(Debug, Clone, Default)]
pub struct Acc {
    pub events: u64,
    pub windows: u64,
    pub classes: [u64; 3],
    pub clusters: u64,
    pub disagree: u64,
    pub labels: LabelCounts,
    /// Ratios per (et bin, eta bin), `et * n_eta + eta`.
    pub ratios: Vec<Vec<f64>>,
    /// (first entry of the chunk, counts of its entries), merged in entry order.
    pub per_entry: Vec<(u64, Vec<EntryCounts>)>,
    pub event_ids: Vec<(i64, u64)>,
}

impl Acc {
    pub fn new() -> Self {
        Acc {
            ratios: vec![Vec::new(); (ET_EDGES.len()) * (ETA_EDGES.len() - 1)],
            ..Acc::default()
        }
    }

    /// Folds the windows of one event.
    pub fn add_event(&mut self, entry: u64, ev: &Event<'_>, windows: &[Window]) {
        self.events += 1;
        if let Some(id) = ev.id.event {
            self.event_ids.push((id, entry));
        }
        let mut counts = EntryCounts::default();
        for w in windows {
            self.windows += 1;
            self.classes[w.class() as usize] += 1;
            self.clusters += w.clusters.len() as u64;
            counts.windows += 1;
            if w.calo >= 0 {
                counts.calo += 1;
            }
            if disagrees(w) {
                counts.disagree += 1;
                self.disagree += 1;
                if w.calo >= 0 {
                    counts.both += 1;
                }
            }
            for c in &w.clusters {
                self.labels.is_seed += c.is_seed as u64;
                self.labels.is_calo_matched += c.is_calo_matched as u64;
                self.labels.is_calo_seed += c.is_calo_seed as u64;
                self.labels.in_scluster += c.in_scluster as u64;
                self.labels.in_geom_mustache += c.in_geom_mustache as u64;
                self.labels.in_mustache += c.in_mustache as u64;
            }
            if let Some(r) = window_ratio(w, ev) {
                let ie = bin_of(&ET_EDGES, w.et_seed);
                let ia = bin_of(&ETA_EDGES[..ETA_EDGES.len() - 1], w.seed_eta.abs());
                self.ratios[ie * (ETA_EDGES.len() - 1) + ia].push(r);
            }
        }
        match self.per_entry.last_mut() {
            Some((start, v)) if *start + v.len() as u64 == entry => v.push(counts),
            _ => self.per_entry.push((entry, vec![counts])),
        }
    }

    /// Merges another accumulator (of other entries) into this one.
    pub fn merge(mut self, o: Acc) -> Acc {
        self.events += o.events;
        self.windows += o.windows;
        for k in 0..3 {
            self.classes[k] += o.classes[k];
        }
        self.clusters += o.clusters;
        self.disagree += o.disagree;
        self.labels.add(&o.labels);
        if self.ratios.is_empty() {
            self.ratios = o.ratios;
        } else {
            for (a, b) in self.ratios.iter_mut().zip(o.ratios) {
                a.extend(b);
            }
        }
        self.per_entry.extend(o.per_entry);
        self.event_ids.extend(o.event_ids);
        self
    }

    /// The summary of everything folded in.
    pub fn finish(mut self) -> Summary {
        let n_eta = ETA_EDGES.len() - 1;
        let mut all: Vec<f64> = Vec::new();
        let mut cells = Vec::with_capacity(self.ratios.len());
        for r in &mut self.ratios {
            all.extend_from_slice(r);
            cells.push(BinStat {
                n: r.len(),
                median: median(r),
                sigma_eff: sigma_eff(r),
            });
        }
        let mut hist = vec![0u64; HIST_BINS];
        let (lo, hi) = HIST_RANGE;
        for &r in &all {
            let b = ((r - lo) / (hi - lo) * HIST_BINS as f64).floor();
            if b >= 0.0 {
                hist[(b as usize).min(HIST_BINS - 1)] += 1;
            }
        }
        let overall = BinStat {
            n: all.len(),
            median: median(&mut all),
            sigma_eff: sigma_eff(&mut all),
        };
        // Entries skipped (invalid events) count as having no window.
        self.per_entry.sort_by_key(|(s, _)| *s);
        let mut per_entry: Vec<EntryCounts> = Vec::new();
        for (start, v) in self.per_entry {
            per_entry.resize(start as usize, EntryCounts::default());
            per_entry.extend(v);
        }
        self.event_ids.sort_unstable();
        Summary {
            events: self.events,
            windows: self.windows,
            classes: self.classes,
            clusters: self.clusters,
            disagree: self.disagree,
            labels: self.labels,
            cells,
            n_eta,
            overall,
            hist,
            per_entry,
            event_ids: self.event_ids,
        }
    }
}

/// The file-wide summary for one set of parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub events: u64,
    pub windows: u64,
    pub classes: [u64; 3],
    /// Total clusters in windows (sum of ncls).
    pub clusters: u64,
    /// Windows whose labels disagree with the Mustache SuperCluster.
    pub disagree: u64,
    pub labels: LabelCounts,
    /// Resolution per (seed Et bin, |eta| bin): `cells[et * n_eta + eta]`.
    pub cells: Vec<BinStat>,
    pub n_eta: usize,
    /// Over all calo-matched windows.
    pub overall: BinStat,
    /// Histogram of the ratio over [`HIST_RANGE`] (overflow in the last bin).
    pub hist: Vec<u64>,
    /// Per entry, counts of windows passing each filter (in entry order from 0).
    pub per_entry: Vec<EntryCounts>,
    /// (event id, entry), sorted: for "go to event id".
    pub event_ids: Vec<(i64, u64)>,
}

impl Summary {
    /// Mean number of clusters per window.
    pub fn clusters_per_window(&self) -> f64 {
        if self.windows == 0 {
            0.0
        } else {
            self.clusters as f64 / self.windows as f64
        }
    }

    /// The entry of an event id, if the file has it.
    pub fn entry_of_event(&self, id: i64) -> Option<u64> {
        let i = self.event_ids.partition_point(|&(e, _)| e < id);
        self.event_ids
            .get(i)
            .filter(|(e, _)| *e == id)
            .map(|&(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins() {
        assert_eq!(bin_of(&ET_EDGES, 5.0), 0);
        assert_eq!(bin_of(&ET_EDGES, 10.0), 1);
        assert_eq!(bin_of(&ET_EDGES, 1e6), 5);
        assert_eq!(bin_of(&ETA_EDGES[..4], 2.9), 3);
        assert_eq!(bin_of(&ETA_EDGES[..4], 5.0), 3);
    }
}
