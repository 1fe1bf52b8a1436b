//! Reading dumper files: [`DumperFile`] opens a file and checks its schema, then decodes
//! entry ranges into [`EventBatch`]es whose [`Event`]s are views into the batch's columns
//! (no allocation per event).
//!
//! Parallelism: [`DumperFile::read_range`] decodes all baskets of all needed branches of the
//! range on the current rayon pool; [`DumperFile::entry_ranges`] splits a file at basket
//! boundaries so that ranges can be processed on different threads.

use std::ops::Range;
use std::path::Path;

use crate::root::read::{AnyColumn, Column, Element, ErrorKind, RootError, RootFile, Tree};

use super::event::{Event, EventId, Jagged, JaggedBuf, OwnedEvent, PileUp};
use super::schema::{self, SchemaError, SchemaReport};
use super::validate::{self, EventProblem};

/// Errors of the dumper reader.
#[derive(Debug, thiserror::Error)]
pub enum DumperError {
    /// The ROOT layer failed (I/O, corrupt data, missing tree ...).
    #[error(transparent)]
    Root(#[from] RootError),
    /// The tree does not have the dumper schema.
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

/// An open dumper file whose schema was checked.
#[derive(Debug, Clone)]
pub struct DumperFile {
    tree: Tree,
    association: String,
    report: SchemaReport,
}

// The required branches the Event uses (the association branch comes after them): one typed
// column each in a batch.
macro_rules! fixed_columns {
    ($($field:ident: $t:ty = $name:expr),* $(,)?) => {
        const FIXED_NAMES: &[&str] = &[$($name),*];

        #[derive(Debug, Clone)]
        struct Fixed {
            $($field: Column<$t>,)*
        }

        impl Fixed {
            fn take(
                cols: &mut impl Iterator<Item = AnyColumn>,
                bad: impl Fn(&str) -> DumperError,
            ) -> Result<Fixed, DumperError> {
                Ok(Fixed {
                    $($field: cols
                        .next()
                        .and_then(|c| c.into_typed::<$t>().ok())
                        .ok_or_else(|| bad($name))?,)*
                })
            }
        }
    };
}

fixed_columns! {
    cl_energy: f32 = "pfCluster_energy",
    cl_raw_energy: f32 = "pfCluster_rawEnergy",
    cl_eta: f32 = "pfCluster_eta",
    cl_phi: f32 = "pfCluster_phi",
    cl_ieta: i32 = "pfCluster_ieta",
    cl_iphi: i32 = "pfCluster_iphi",
    cl_iz: i32 = "pfCluster_iz",
    cl_nxtals: f64 = "pfCluster_nXtals",
    cl_f5_r9: f32 = "pfCluster_full5x5_r9",
    cl_f5_sieie: f32 = "pfCluster_full5x5_sigmaIetaIeta",
    cl_f5_sieip: f32 = "pfCluster_full5x5_sigmaIetaIphi",
    cl_f5_sipip: f32 = "pfCluster_full5x5_sigmaIphiIphi",
    cl_f5_swiss: f32 = "pfCluster_full5x5_swissCross",
    cl_r9: f32 = "pfCluster_r9",
    cl_sieie: f32 = "pfCluster_sigmaIetaIeta",
    cl_sieip: f32 = "pfCluster_sigmaIetaIphi",
    cl_sipip: f32 = "pfCluster_sigmaIphiIphi",
    cl_swiss: f32 = "pfCluster_swissCross",
    cl_eta_width: f32 = "pfCluster_etaWidth",
    cl_phi_width: f32 = "pfCluster_phiWidth",
    hit_energy: f32 = "pfClusterHit_rechitEnergy",
    hit_fraction: f32 = "pfClusterHit_fraction",
    hit_ieta: i32 = "pfClusterHit_ieta",
    hit_iphi: i32 = "pfClusterHit_iphi",
    hit_iz: i32 = "pfClusterHit_iz",
    calo_sim_energy: f32 = "caloParticle_simEnergy",
    calo_sim_eta: f32 = "caloParticle_simEta",
    calo_sim_phi: f32 = "caloParticle_simPhi",
    calo_sim_iz: i32 = "caloParticle_simIz",
    sc_seed_index: i32 = "superCluster_seedIndex",
    sc_cl_index: i32 = "superCluster_pfClustersIndex",
}

/// Optional branches the [`Event`] uses, in the order they are appended to the read list.
const OPTIONAL_USED: &[&str] = &[
    "runId",
    "lumiId",
    "eventId",
    "nVtx",
    "rho",
    "obsPU",
    "truePU",
    "caloParticle_genEnergy",
    "caloParticle_genEta",
    "caloParticle_genPhi",
];

impl DumperFile {
    /// Opens `path`'s `recosimdumper/caloTree` and checks the schema for `association`
    /// (`"sim_fraction"` → branch `pfCluster_sim_fraction`).
    pub fn open(path: impl AsRef<Path>, association: &str) -> Result<DumperFile, DumperError> {
        Self::open_tree(path, schema::TREE_PATH, association)
    }

    /// As [`DumperFile::open`], with another tree path.
    pub fn open_tree(
        path: impl AsRef<Path>,
        tree_path: &str,
        association: &str,
    ) -> Result<DumperFile, DumperError> {
        Self::from_root(&RootFile::open(path)?, tree_path, association)
    }

    /// As [`DumperFile::open_tree`], on an already open [`RootFile`].
    pub fn from_root(
        file: &RootFile,
        tree_path: &str,
        association: &str,
    ) -> Result<DumperFile, DumperError> {
        let tree = file.tree(tree_path)?;
        let report = SchemaReport::check(&tree, association).into_result()?;
        Ok(DumperFile {
            tree,
            association: association.to_string(),
            report,
        })
    }

    /// This file with a cache of decoded baskets of up to `bytes` bytes, for interactive
    /// random access ([`DumperFile::event`] stepping through events decodes each basket
    /// once). See [`Tree::with_basket_cache`].
    pub fn with_basket_cache(mut self, bytes: usize) -> DumperFile {
        self.tree = self.tree.with_basket_cache(bytes);
        self
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        self.tree.file_path()
    }

    /// The tree.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// The association strategy (`sim_fraction`).
    pub fn association(&self) -> &str {
        &self.association
    }

    /// The schema check (which optional branches are present, warnings).
    pub fn schema(&self) -> &SchemaReport {
        &self.report
    }

    /// Number of events.
    pub fn entries(&self) -> u64 {
        self.tree.entries()
    }

    /// The branches [`DumperFile::read_range`] decodes: the required ones (with the
    /// association branch) and the optional ones the [`Event`] uses that are present.
    pub fn branches_read(&self) -> Vec<String> {
        let mut v: Vec<String> = FIXED_NAMES.iter().map(|s| s.to_string()).collect();
        v.push(schema::association_branch(&self.association));
        v.extend(
            OPTIONAL_USED
                .iter()
                .filter(|n| self.report.has(n))
                .map(|s| s.to_string()),
        );
        v
    }

    /// The file's basket clusters for the branches read: ranges in which every basket is
    /// decoded exactly once, about one basket per branch each (ROOT flushes a cluster every
    /// few tens of MB). The natural unit of parallel work when memory allows it.
    pub fn clusters(&self) -> Vec<Range<u64>> {
        let names = self.branches_read();
        let names: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        self.tree.cluster_ranges(&names)
    }

    /// Splits the file into consecutive entry ranges of at most `max_entries_per_range`
    /// entries (at least 1) for parallel work, cut where the fewest basket bytes of the
    /// branches read straddle the cut ([`Tree::entry_ranges`]): at basket-cluster boundaries
    /// when they are within reach, so that no basket is decoded twice. Ranges smaller than a
    /// cluster ([`DumperFile::clusters`]) decode the baskets they cut once per range.
    pub fn entry_ranges(&self, max_entries_per_range: u64) -> Vec<Range<u64>> {
        let names = self.branches_read();
        let names: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        self.tree.entry_ranges(&names, max_entries_per_range)
    }

    /// Decodes every needed branch over `range` (all baskets in parallel on the current
    /// rayon pool).
    pub fn read_range(&self, range: Range<u64>) -> Result<EventBatch, DumperError> {
        let names = self.branches_read();
        let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        let cols = self.tree.read_many(&refs, range.clone())?;
        let bad = |what: &str| {
            DumperError::Root(RootError::new(
                self.path(),
                format!("tree {}, branch {what}", self.tree.path()),
                ErrorKind::Unsupported("column of an unexpected type".into()),
            ))
        };
        let mut cols = cols.into_iter();
        let fixed = Fixed::take(&mut cols, bad)?;
        let assoc = schema::association_branch(&self.association);
        let scores = cols
            .next()
            .and_then(|c| c.into_typed::<f64>().ok())
            .ok_or_else(|| bad(&assoc))?;
        let mut batch = EventBatch {
            file_key: crate::dumper::event::file_key(self.path()),
            first_entry: range.start,
            len: (range.end - range.start) as usize,
            fixed,
            scores,
            run: None,
            lumi: None,
            event: None,
            n_vtx: None,
            rho: None,
            obs_pu: None,
            true_pu: None,
            calo_gen: [None, None, None],
        };
        fn opt<T: Element>(c: Option<AnyColumn>) -> Option<Column<T>> {
            c.and_then(|c| c.into_typed::<T>().ok())
        }
        for name in OPTIONAL_USED.iter().filter(|n| self.report.has(n)) {
            let c = cols.next();
            match *name {
                "runId" => batch.run = opt(c),
                "lumiId" => batch.lumi = opt(c),
                "eventId" => batch.event = opt(c),
                "nVtx" => batch.n_vtx = opt(c),
                "rho" => batch.rho = opt(c),
                "obsPU" => batch.obs_pu = opt(c),
                "truePU" => batch.true_pu = opt(c),
                "caloParticle_genEnergy" => batch.calo_gen[0] = opt(c),
                "caloParticle_genEta" => batch.calo_gen[1] = opt(c),
                "caloParticle_genPhi" => batch.calo_gen[2] = opt(c),
                _ => {}
            }
        }
        Ok(batch)
    }

    /// One event, copied out (random access: only the baskets holding `entry` are read).
    pub fn event(&self, entry: u64) -> Result<OwnedEvent, DumperError> {
        let b = self.read_range(entry..entry.saturating_add(1))?;
        Ok(to_owned_event(&b.event(0)))
    }

    /// Validates an event with this file's association branch name in messages.
    pub fn validate(&self, ev: &Event<'_>) -> Result<(), EventProblem> {
        validate::validate_with(ev, &schema::association_branch(&self.association))
    }
}

/// The decoded columns of a range of events. [`EventBatch::event`] gives views into them.
#[derive(Debug, Clone)]
pub struct EventBatch {
    /// [`crate::dumper::event::file_key`] of the file the batch comes from.
    file_key: u64,
    first_entry: u64,
    len: usize,
    fixed: Fixed,
    scores: Column<f64>,
    run: Option<Column<i32>>,
    lumi: Option<Column<i32>>,
    event: Option<Column<i64>>,
    n_vtx: Option<Column<i32>>,
    rho: Option<Column<f32>>,
    obs_pu: Option<Column<f64>>,
    true_pu: Option<Column<f64>>,
    calo_gen: [Option<Column<f32>>; 3],
}

impl EventBatch {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True without events.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Entry number of the first event.
    pub fn first_entry(&self) -> u64 {
        self.first_entry
    }

    /// Entries of the batch.
    pub fn entries(&self) -> Range<u64> {
        self.first_entry..self.first_entry + self.len as u64
    }

    /// Event `i` of the batch (0-based; entry `first_entry() + i`). Past the end, an event
    /// with empty vectors.
    pub fn event(&self, i: usize) -> Event<'_> {
        fn jag<T: Element>(c: &Column<T>, i: usize) -> Jagged<'_, T> {
            Jagged::new(c.rows(i), c.values()).unwrap_or_else(Jagged::empty)
        }
        fn opt<T: Element>(c: &Option<Column<T>>, i: usize) -> Option<T> {
            c.as_ref().and_then(|c| c.scalar(i))
        }
        fn optv<T: Element>(c: &Option<Column<T>>, i: usize) -> &[T] {
            c.as_ref().map_or(&[], |c| c.entry(i))
        }
        Event {
            id: EventId {
                file_key: self.file_key,
                entry: self.first_entry + i as u64,
                run: opt(&self.run, i),
                lumi: opt(&self.lumi, i),
                event: opt(&self.event, i),
            },
            pileup: PileUp {
                n_vtx: opt(&self.n_vtx, i),
                rho: opt(&self.rho, i),
                obs_pu: opt(&self.obs_pu, i),
                true_pu: opt(&self.true_pu, i),
            },
            cl_energy: self.fixed.cl_energy.entry(i),
            cl_raw_energy: self.fixed.cl_raw_energy.entry(i),
            cl_eta: self.fixed.cl_eta.entry(i),
            cl_phi: self.fixed.cl_phi.entry(i),
            cl_ieta: self.fixed.cl_ieta.entry(i),
            cl_iphi: self.fixed.cl_iphi.entry(i),
            cl_iz: self.fixed.cl_iz.entry(i),
            cl_nxtals: self.fixed.cl_nxtals.entry(i),
            cl_f5_r9: self.fixed.cl_f5_r9.entry(i),
            cl_f5_sigma_ieta_ieta: self.fixed.cl_f5_sieie.entry(i),
            cl_f5_sigma_ieta_iphi: self.fixed.cl_f5_sieip.entry(i),
            cl_f5_sigma_iphi_iphi: self.fixed.cl_f5_sipip.entry(i),
            cl_f5_swiss_cross: self.fixed.cl_f5_swiss.entry(i),
            cl_r9: self.fixed.cl_r9.entry(i),
            cl_sigma_ieta_ieta: self.fixed.cl_sieie.entry(i),
            cl_sigma_ieta_iphi: self.fixed.cl_sieip.entry(i),
            cl_sigma_iphi_iphi: self.fixed.cl_sipip.entry(i),
            cl_swiss_cross: self.fixed.cl_swiss.entry(i),
            cl_eta_width: self.fixed.cl_eta_width.entry(i),
            cl_phi_width: self.fixed.cl_phi_width.entry(i),
            cl_scores: jag(&self.scores, i),
            hit_energy: jag(&self.fixed.hit_energy, i),
            hit_fraction: jag(&self.fixed.hit_fraction, i),
            hit_ieta: jag(&self.fixed.hit_ieta, i),
            hit_iphi: jag(&self.fixed.hit_iphi, i),
            hit_iz: jag(&self.fixed.hit_iz, i),
            calo_sim_energy: self.fixed.calo_sim_energy.entry(i),
            calo_sim_eta: self.fixed.calo_sim_eta.entry(i),
            calo_sim_phi: self.fixed.calo_sim_phi.entry(i),
            calo_sim_iz: self.fixed.calo_sim_iz.entry(i),
            calo_gen_energy: optv(&self.calo_gen[0], i),
            calo_gen_eta: optv(&self.calo_gen[1], i),
            calo_gen_phi: optv(&self.calo_gen[2], i),
            sc_seed_index: self.fixed.sc_seed_index.entry(i),
            sc_cl_index: jag(&self.fixed.sc_cl_index, i),
        }
    }

    /// All events in order.
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> + '_ {
        (0..self.len).map(|i| self.event(i))
    }
}

/// Copies an event view into an [`OwnedEvent`].
pub fn to_owned_event(e: &Event<'_>) -> OwnedEvent {
    fn jb<T: Clone>(j: &Jagged<'_, T>) -> JaggedBuf<T> {
        let rows: Vec<&[T]> = j.iter().collect();
        JaggedBuf::from_rows(&rows)
    }
    OwnedEvent {
        id: e.id,
        pileup: e.pileup,
        cl_energy: e.cl_energy.to_vec(),
        cl_raw_energy: e.cl_raw_energy.to_vec(),
        cl_eta: e.cl_eta.to_vec(),
        cl_phi: e.cl_phi.to_vec(),
        cl_ieta: e.cl_ieta.to_vec(),
        cl_iphi: e.cl_iphi.to_vec(),
        cl_iz: e.cl_iz.to_vec(),
        cl_nxtals: e.cl_nxtals.to_vec(),
        cl_f5_r9: e.cl_f5_r9.to_vec(),
        cl_f5_sigma_ieta_ieta: e.cl_f5_sigma_ieta_ieta.to_vec(),
        cl_f5_sigma_ieta_iphi: e.cl_f5_sigma_ieta_iphi.to_vec(),
        cl_f5_sigma_iphi_iphi: e.cl_f5_sigma_iphi_iphi.to_vec(),
        cl_f5_swiss_cross: e.cl_f5_swiss_cross.to_vec(),
        cl_r9: e.cl_r9.to_vec(),
        cl_sigma_ieta_ieta: e.cl_sigma_ieta_ieta.to_vec(),
        cl_sigma_ieta_iphi: e.cl_sigma_ieta_iphi.to_vec(),
        cl_sigma_iphi_iphi: e.cl_sigma_iphi_iphi.to_vec(),
        cl_swiss_cross: e.cl_swiss_cross.to_vec(),
        cl_eta_width: e.cl_eta_width.to_vec(),
        cl_phi_width: e.cl_phi_width.to_vec(),
        cl_scores: jb(&e.cl_scores),
        hit_energy: jb(&e.hit_energy),
        hit_fraction: jb(&e.hit_fraction),
        hit_ieta: jb(&e.hit_ieta),
        hit_iphi: jb(&e.hit_iphi),
        hit_iz: jb(&e.hit_iz),
        calo_sim_energy: e.calo_sim_energy.to_vec(),
        calo_sim_eta: e.calo_sim_eta.to_vec(),
        calo_sim_phi: e.calo_sim_phi.to_vec(),
        calo_sim_iz: e.calo_sim_iz.to_vec(),
        calo_gen_energy: e.calo_gen_energy.to_vec(),
        calo_gen_eta: e.calo_gen_eta.to_vec(),
        calo_gen_phi: e.calo_gen_phi.to_vec(),
        sc_seed_index: e.sc_seed_index.to_vec(),
        sc_cl_index: jb(&e.sc_cl_index),
    }
}
