//! Windows: the unit of the DeepSC dataset. [`build`] is a pure function of an event, the
//! parameters and the threshold map; the inspector and every exporter call it.

pub mod build;
pub mod geometry;
pub mod params;

pub use build::{Builder, build};
pub use params::{CaloPosition, EtKind, HalfSize, MaxNoCalo, Mode, Params, WindowShape};

/// One cluster inside one window, with its truth labels (algorithm.md section 3).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterInWindow {
    /// Index of the cluster in the event (`cl_index`).
    pub index: usize,
    pub is_seed: bool,
    pub in_geom_mustache: bool,
    pub is_calo_matched: bool,
    pub is_calo_seed: bool,
    pub in_scluster: bool,
    pub in_mustache: bool,
    /// Score of the cluster with ITS OWN best CaloParticle, -1 when none.
    pub calo_score: f64,
    /// `cluster_deta`: positive towards larger |eta|.
    pub deta: f64,
    /// `cluster_dphi` = wrap(phi_seed - phi_cluster).
    pub dphi: f64,
}

/// One window: a seed cluster, its CaloParticle (if any), its clusters and summaries.
///
/// Per-cluster features that are plain copies of branch values (energies, shower shapes,
/// hits) are not duplicated here: exporters read them from the event by index.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// `window_index`: deterministic from (file, entry, seed) in fixed mode, 9 letters from
    /// the seeded generator in compat mode.
    pub name: String,
    /// Position in creation order (seeds by decreasing calibrated Et), before sampling.
    pub order: usize,
    /// Index of the seed cluster (`seed_index`).
    pub seed: usize,
    /// CaloParticle of the seed (`calo_index`), -1 when none.
    pub calo: i32,
    pub is_seed_calo_seed: bool,
    /// Index of the Mustache SuperCluster seeded by this seed, -1 when none.
    pub mustache_seed_index: i32,
    /// Score of the seed with its CaloParticle, -1 when not associated.
    pub seed_score: f64,
    pub seed_eta: f64,
    pub seed_phi: f64,
    pub seed_iz: i32,
    pub seed_ieta: i32,
    pub seed_iphi: i32,
    /// Raw energy and Et of the seed.
    pub en_seed: f64,
    pub et_seed: f64,
    pub en_seed_calib: f64,
    pub et_seed_calib: f64,
    /// CaloParticle sim energy and Et; 0 without a calo.
    pub en_true: f64,
    pub et_true: f64,
    /// Working-point bin (1-based) and threshold (scale applied) of this seed.
    pub wp_bin: (usize, usize),
    pub threshold: f64,
    pub clusters: Vec<ClusterInWindow>,
    pub nclusters_insc: usize,
    /// -1 without a calo.
    pub max_en_cluster_insc: f64,
    pub max_deta_cluster_insc: f64,
    pub max_dphi_cluster_insc: f64,
    pub max_en_cluster: f64,
    pub max_deta_cluster: f64,
    pub max_dphi_cluster: f64,
}

impl Window {
    pub fn is_seed_calo_matched(&self) -> bool {
        self.calo >= 0
    }

    pub fn is_seed_mustache_matched(&self) -> bool {
        self.mustache_seed_index >= 0
    }

    /// The TFRecord class `w_cl`: 0 no calo, 1 calo-matched but the seed is not the calo's
    /// main cluster, 2 calo-matched and main cluster.
    pub fn class(&self) -> u8 {
        match (self.is_seed_calo_matched(), self.is_seed_calo_seed) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        }
    }

    pub fn ncls(&self) -> usize {
        self.clusters.len()
    }
}
