//! Summary numbers of generated events: what `scwin sample` prints and `docs/sample.md`
//! quotes.

use super::GeneratedEvent;

/// Counts over a set of events.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub events: u64,
    pub clusters: u64,
    /// Clusters with calibrated Et above 1 GeV (the window seeds).
    pub clusters_above_1gev: u64,
    pub hits: u64,
    pub superclusters: u64,
    /// Clusters in SuperClusters (seeds included).
    pub clusters_in_superclusters: u64,
}

impl Summary {
    pub fn add(&mut self, g: &GeneratedEvent) {
        let ev = &g.event;
        self.events += 1;
        self.clusters += ev.cl_energy.len() as u64;
        self.clusters_above_1gev += ev
            .cl_energy
            .iter()
            .zip(&ev.cl_eta)
            .filter(|(e, eta)| **e as f64 / (**eta as f64).cosh() >= 1.0)
            .count() as u64;
        self.hits += ev.hit_energy.values.len() as u64;
        self.superclusters += ev.sc_seed_index.len() as u64;
        self.clusters_in_superclusters += ev.sc_cl_index.values.len() as u64;
    }

    pub fn of<'a>(events: impl IntoIterator<Item = &'a GeneratedEvent>) -> Summary {
        let mut s = Summary::default();
        events.into_iter().for_each(|g| s.add(g));
        s
    }

    fn per_event(&self, n: u64) -> f64 {
        n as f64 / self.events.max(1) as f64
    }

    pub fn clusters_per_event(&self) -> f64 {
        self.per_event(self.clusters)
    }

    pub fn seeds_per_event(&self) -> f64 {
        self.per_event(self.clusters_above_1gev)
    }

    pub fn clusters_per_supercluster(&self) -> f64 {
        self.clusters_in_superclusters as f64 / self.superclusters.max(1) as f64
    }
}
