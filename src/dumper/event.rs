//! One dumper event, as the window builder sees it.
//!
//! [`Event`] is a borrowed view: every field is a slice into columnar buffers (one entry of a
//! decoded entry range, or an [`OwnedEvent`] built by hand or by the sample generator), so
//! building windows never copies per-event vectors.

/// A `vector<vector<T>>` value of one event: `rows()` rows, row `i` is
/// `values[offsets[i]..offsets[i + 1]]`.
///
/// `offsets` may index into a larger shared `values` buffer (a whole decoded entry range);
/// only `offsets.len() - 1` rows belong to this event.
#[derive(Debug, Clone, Copy)]
pub struct Jagged<'a, T> {
    offsets: &'a [usize],
    values: &'a [T],
}

impl<'a, T> Jagged<'a, T> {
    /// `offsets` must be non-decreasing, non-empty, and within `values`; this is checked.
    pub fn new(offsets: &'a [usize], values: &'a [T]) -> Option<Self> {
        let ok = !offsets.is_empty()
            && offsets.windows(2).all(|w| w[0] <= w[1])
            && offsets[offsets.len() - 1] <= values.len();
        ok.then_some(Jagged { offsets, values })
    }

    pub fn empty() -> Self {
        Jagged {
            offsets: &[0],
            values: &[],
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Row `i`, or an empty slice past the end.
    pub fn row(&self, i: usize) -> &'a [T] {
        if i + 1 < self.offsets.len() {
            &self.values[self.offsets[i]..self.offsets[i + 1]]
        } else {
            &[]
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [T]> + '_ {
        (0..self.rows()).map(|i| self.row(i))
    }
}

/// An owned `vector<vector<T>>`: the buffer behind a [`Jagged`].
#[derive(Debug, Clone, PartialEq)]
pub struct JaggedBuf<T> {
    pub offsets: Vec<usize>,
    pub values: Vec<T>,
}

impl<T> Default for JaggedBuf<T> {
    fn default() -> Self {
        JaggedBuf {
            offsets: vec![0],
            values: Vec::new(),
        }
    }
}

impl<T: Clone> JaggedBuf<T> {
    pub fn from_rows<R: AsRef<[T]>>(rows: &[R]) -> Self {
        let mut b = JaggedBuf::default();
        for r in rows {
            b.push_row(r.as_ref());
        }
        b
    }

    pub fn push_row(&mut self, row: &[T]) {
        self.values.extend_from_slice(row);
        self.offsets.push(self.values.len());
    }

    pub fn view(&self) -> Jagged<'_, T> {
        Jagged {
            offsets: &self.offsets,
            values: &self.values,
        }
    }

    pub fn to_rows(&self) -> Vec<Vec<T>> {
        self.view().iter().map(|r| r.to_vec()).collect()
    }
}

/// Event identity: where it came from and, when the branches exist, who it is.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EventId {
    /// A stable hash of the input file's name ([`file_key`]), so that random choices
    /// (window sampling) are keyed by (file, entry) and never by thread scheduling.
    pub file_key: u64,
    /// Entry number in the tree.
    pub entry: u64,
    pub run: Option<i32>,
    pub lumi: Option<i32>,
    pub event: Option<i64>,
}

/// FNV-1a 64 of a file's name (not its directory): the same file gives the same key on any
/// machine and from any working directory.
pub fn file_key(path: &std::path::Path) -> u64 {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fnv1a(name.as_bytes())
}

/// FNV-1a, 64 bit: a small stable hash for keys that must not change between releases.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Pile-up information, when the branches exist.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PileUp {
    pub n_vtx: Option<i32>,
    pub rho: Option<f32>,
    pub obs_pu: Option<f64>,
    pub true_pu: Option<f64>,
}

/// One dumper event. Field names follow the branches of `shared/spec/dumper.md`
/// (`pfCluster_X` → `cl_x`, `caloParticle_X` → `calo_x`, `superCluster_X` → `sc_x`).
///
/// Per-cluster slices all have the cluster count as length once the event is validated.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub id: EventId,
    pub pileup: PileUp,

    // pfClusters
    pub cl_energy: &'a [f32],
    pub cl_raw_energy: &'a [f32],
    pub cl_eta: &'a [f32],
    pub cl_phi: &'a [f32],
    pub cl_ieta: &'a [i32],
    pub cl_iphi: &'a [i32],
    pub cl_iz: &'a [i32],
    pub cl_nxtals: &'a [f64],
    pub cl_f5_r9: &'a [f32],
    pub cl_f5_sigma_ieta_ieta: &'a [f32],
    pub cl_f5_sigma_ieta_iphi: &'a [f32],
    pub cl_f5_sigma_iphi_iphi: &'a [f32],
    pub cl_f5_swiss_cross: &'a [f32],
    pub cl_r9: &'a [f32],
    pub cl_sigma_ieta_ieta: &'a [f32],
    pub cl_sigma_ieta_iphi: &'a [f32],
    pub cl_sigma_iphi_iphi: &'a [f32],
    pub cl_swiss_cross: &'a [f32],
    pub cl_eta_width: &'a [f32],
    pub cl_phi_width: &'a [f32],
    /// The association branch (`pfCluster_sim_fraction` by default): [cluster][caloparticle].
    pub cl_scores: Jagged<'a, f64>,

    // pfCluster hits: [cluster][hit]
    pub hit_energy: Jagged<'a, f32>,
    pub hit_fraction: Jagged<'a, f32>,
    pub hit_ieta: Jagged<'a, i32>,
    pub hit_iphi: Jagged<'a, i32>,
    pub hit_iz: Jagged<'a, i32>,

    // CaloParticles
    pub calo_sim_energy: &'a [f32],
    pub calo_sim_eta: &'a [f32],
    pub calo_sim_phi: &'a [f32],
    pub calo_sim_iz: &'a [i32],
    /// Optional gen-level branches (empty when absent).
    pub calo_gen_energy: &'a [f32],
    pub calo_gen_eta: &'a [f32],
    pub calo_gen_phi: &'a [f32],

    // Mustache SuperClusters
    pub sc_seed_index: &'a [i32],
    pub sc_cl_index: Jagged<'a, i32>,
}

impl<'a> Event<'a> {
    pub fn n_clusters(&self) -> usize {
        self.cl_energy.len()
    }

    pub fn n_calos(&self) -> usize {
        self.calo_sim_energy.len()
    }

    /// The twelve shower-shape columns in the reference's order: the five full-5x5 shapes
    /// (r9, sigmaIetaIeta, sigmaIetaIphi, sigmaIphiIphi, swissCross), the same five
    /// without 5x5, then etaWidth and phiWidth.
    pub fn shower_shapes(&self) -> [&'a [f32]; 12] {
        [
            self.cl_f5_r9,
            self.cl_f5_sigma_ieta_ieta,
            self.cl_f5_sigma_ieta_iphi,
            self.cl_f5_sigma_iphi_iphi,
            self.cl_f5_swiss_cross,
            self.cl_r9,
            self.cl_sigma_ieta_ieta,
            self.cl_sigma_ieta_iphi,
            self.cl_sigma_iphi_iphi,
            self.cl_swiss_cross,
            self.cl_eta_width,
            self.cl_phi_width,
        ]
    }
}

/// An event that owns its vectors: built by hand in tests, by the sample generator, or
/// copied out of a decoded range. [`OwnedEvent::view`] gives the [`Event`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedEvent {
    pub id: EventId,
    pub pileup: PileUp,
    pub cl_energy: Vec<f32>,
    pub cl_raw_energy: Vec<f32>,
    pub cl_eta: Vec<f32>,
    pub cl_phi: Vec<f32>,
    pub cl_ieta: Vec<i32>,
    pub cl_iphi: Vec<i32>,
    pub cl_iz: Vec<i32>,
    pub cl_nxtals: Vec<f64>,
    pub cl_f5_r9: Vec<f32>,
    pub cl_f5_sigma_ieta_ieta: Vec<f32>,
    pub cl_f5_sigma_ieta_iphi: Vec<f32>,
    pub cl_f5_sigma_iphi_iphi: Vec<f32>,
    pub cl_f5_swiss_cross: Vec<f32>,
    pub cl_r9: Vec<f32>,
    pub cl_sigma_ieta_ieta: Vec<f32>,
    pub cl_sigma_ieta_iphi: Vec<f32>,
    pub cl_sigma_iphi_iphi: Vec<f32>,
    pub cl_swiss_cross: Vec<f32>,
    pub cl_eta_width: Vec<f32>,
    pub cl_phi_width: Vec<f32>,
    pub cl_scores: JaggedBuf<f64>,
    pub hit_energy: JaggedBuf<f32>,
    pub hit_fraction: JaggedBuf<f32>,
    pub hit_ieta: JaggedBuf<i32>,
    pub hit_iphi: JaggedBuf<i32>,
    pub hit_iz: JaggedBuf<i32>,
    pub calo_sim_energy: Vec<f32>,
    pub calo_sim_eta: Vec<f32>,
    pub calo_sim_phi: Vec<f32>,
    pub calo_sim_iz: Vec<i32>,
    pub calo_gen_energy: Vec<f32>,
    pub calo_gen_eta: Vec<f32>,
    pub calo_gen_phi: Vec<f32>,
    pub sc_seed_index: Vec<i32>,
    pub sc_cl_index: JaggedBuf<i32>,
}

impl OwnedEvent {
    pub fn view(&self) -> Event<'_> {
        Event {
            id: self.id,
            pileup: self.pileup,
            cl_energy: &self.cl_energy,
            cl_raw_energy: &self.cl_raw_energy,
            cl_eta: &self.cl_eta,
            cl_phi: &self.cl_phi,
            cl_ieta: &self.cl_ieta,
            cl_iphi: &self.cl_iphi,
            cl_iz: &self.cl_iz,
            cl_nxtals: &self.cl_nxtals,
            cl_f5_r9: &self.cl_f5_r9,
            cl_f5_sigma_ieta_ieta: &self.cl_f5_sigma_ieta_ieta,
            cl_f5_sigma_ieta_iphi: &self.cl_f5_sigma_ieta_iphi,
            cl_f5_sigma_iphi_iphi: &self.cl_f5_sigma_iphi_iphi,
            cl_f5_swiss_cross: &self.cl_f5_swiss_cross,
            cl_r9: &self.cl_r9,
            cl_sigma_ieta_ieta: &self.cl_sigma_ieta_ieta,
            cl_sigma_ieta_iphi: &self.cl_sigma_ieta_iphi,
            cl_sigma_iphi_iphi: &self.cl_sigma_iphi_iphi,
            cl_swiss_cross: &self.cl_swiss_cross,
            cl_eta_width: &self.cl_eta_width,
            cl_phi_width: &self.cl_phi_width,
            cl_scores: self.cl_scores.view(),
            hit_energy: self.hit_energy.view(),
            hit_fraction: self.hit_fraction.view(),
            hit_ieta: self.hit_ieta.view(),
            hit_iphi: self.hit_iphi.view(),
            hit_iz: self.hit_iz.view(),
            calo_sim_energy: &self.calo_sim_energy,
            calo_sim_eta: &self.calo_sim_eta,
            calo_sim_phi: &self.calo_sim_phi,
            calo_sim_iz: &self.calo_sim_iz,
            calo_gen_energy: &self.calo_gen_energy,
            calo_gen_eta: &self.calo_gen_eta,
            calo_gen_phi: &self.calo_gen_phi,
            sc_seed_index: &self.sc_seed_index,
            sc_cl_index: self.sc_cl_index.view(),
        }
    }
}
