//! A TTree being written: entries are buffered per branch and written as one basket per
//! branch when a cluster is complete, so basket boundaries are aligned across branches and
//! coincide with the tree's clusters (`fAutoFlush`). At [`TreeWriter::finish`] the TTree
//! metadata (branches, leaves, basket tables) is written as a key in its directory.
//!
//! Clusters: the first cluster ends when the buffered (uncompressed) entries reach
//! [`TreeOptions::cluster_bytes`]; its number of entries then becomes `fAutoFlush` and every
//! further cluster has exactly that many entries (ROOT's own rule), unless
//! [`TreeOptions::entries_per_cluster`] fixes it from the start. Memory stays at one cluster.
//! A tree written as a single cluster records ROOT's default `fAutoFlush = -30000000`.

use rayon::prelude::*;

use super::WriteError;
use super::branch::{BranchBuf, BranchSpec, BranchValue, begin_objarray, write_io_features};
use super::compress::compress;
use super::file::{KeyHeader, KeySpec, RootWriter, check_name};
use super::streamers::{TREE_HEAD, TREE_TAIL};
use super::wbuf::WBuf;

/// ROOT's default `fAutoFlush` (30 MB), recorded when the tree never auto-flushed.
const DEFAULT_AUTO_FLUSH: i64 = -30_000_000;
/// Length of the TBasket fields that extend a basket's key header.
const BASKET_HEADER_EXTRA: usize = 2 + 4 + 4 + 4 + 4 + 1;

/// How a tree groups entries into clusters (one basket per branch per cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeOptions {
    /// Uncompressed bytes of all branches that end the first cluster (default 8 MiB).
    pub cluster_bytes: usize,
    /// Entries per cluster, fixed from the start (overrides `cluster_bytes`).
    pub entries_per_cluster: Option<u64>,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            cluster_bytes: 8 << 20,
            entries_per_cluster: None,
        }
    }
}

/// Writes one TTree; created by [`RootWriter::tree`]. Call [`TreeWriter::finish`] when done:
/// a tree that is dropped unfinished is not in the file, and [`RootWriter::close`] then
/// fails.
#[derive(Debug)]
pub struct TreeWriter<'w> {
    w: &'w mut RootWriter,
    dir: usize,
    path: String,
    name: String,
    title: String,
    branches: Vec<BranchBuf>,
    entries: i64,
    cluster_start: i64,
    per_cluster: Option<u64>,
    fixed: bool,
    flushed_while_filling: bool,
    cluster_bytes: usize,
    buffered: usize,
    sizes: Vec<usize>,
}

impl RootWriter {
    /// Starts a TTree at `path` (`"dir/sub/name"`; directories are created as needed) with
    /// the given branches, with default [`TreeOptions`].
    pub fn tree<'w>(
        &'w mut self,
        path: &str,
        title: &str,
        branches: &[BranchSpec],
    ) -> Result<TreeWriter<'w>, WriteError> {
        self.tree_with(path, title, branches, TreeOptions::default())
    }

    /// Starts a TTree with explicit [`TreeOptions`].
    pub fn tree_with<'w>(
        &'w mut self,
        path: &str,
        title: &str,
        branches: &[BranchSpec],
        options: TreeOptions,
    ) -> Result<TreeWriter<'w>, WriteError> {
        if let Some(t) = &self.open_tree {
            return Err(self.invalid(format!("tree '{t}' is still being written")));
        }
        let (dir_path, name) = match path.rsplit_once('/') {
            Some((d, n)) => (d, n),
            None => ("", path),
        };
        check_name(self, name, "tree")?;
        if branches.is_empty() {
            return Err(self.invalid(format!("tree '{path}' has no branches")));
        }
        for (i, b) in branches.iter().enumerate() {
            check_name(self, &b.name, "branch")?;
            if branches[..i].iter().any(|o| o.name == b.name) {
                return Err(self.invalid(format!(
                    "tree '{path}': branch '{}' is defined twice",
                    b.name
                )));
            }
        }
        if options.entries_per_cluster == Some(0) || options.cluster_bytes == 0 {
            return Err(self.invalid(format!("tree '{path}': clusters cannot be empty")));
        }
        let dir = self.dir_index(dir_path)?;
        self.open_tree = Some(path.to_string());
        Ok(TreeWriter {
            dir,
            path: path.to_string(),
            name: name.to_string(),
            title: title.to_string(),
            branches: branches.iter().cloned().map(BranchBuf::new).collect(),
            entries: 0,
            cluster_start: 0,
            per_cluster: options.entries_per_cluster,
            fixed: options.entries_per_cluster.is_some(),
            flushed_while_filling: false,
            cluster_bytes: options.cluster_bytes,
            buffered: 0,
            sizes: Vec::with_capacity(branches.len()),
            w: self,
        })
    }
}

impl TreeWriter<'_> {
    /// Number of entries filled so far.
    pub fn entries(&self) -> u64 {
        self.entries as u64
    }

    /// The branches, in the order [`TreeWriter::fill`] expects values.
    pub fn branches(&self) -> impl Iterator<Item = &BranchSpec> {
        self.branches.iter().map(|b| &b.spec)
    }

    /// Appends one entry: one value per branch, in the order the branches were given.
    /// A value of the wrong type (or malformed jagged offsets) is an error naming the branch
    /// and the entry; nothing of that entry is kept.
    pub fn fill(&mut self, values: &[BranchValue]) -> Result<(), WriteError> {
        if values.len() != self.branches.len() {
            return Err(self.w.invalid(format!(
                "tree '{}', entry {}: {} values for {} branches",
                self.path,
                self.entries,
                values.len(),
                self.branches.len()
            )));
        }
        self.sizes.clear();
        for (b, v) in self.branches.iter().zip(values) {
            match v.check(b.spec.ty) {
                Ok(n) => self.sizes.push(n),
                Err(msg) => {
                    return Err(self.w.invalid(format!(
                        "tree '{}', branch '{}' ({}), entry {}: {msg}",
                        self.path,
                        b.spec.name,
                        b.spec.ty.root_name(),
                        self.entries
                    )));
                }
            }
        }
        for ((b, v), &n) in self.branches.iter_mut().zip(values).zip(&self.sizes) {
            b.push(v, n);
            self.buffered += n;
        }
        self.entries += 1;
        let in_cluster = (self.entries - self.cluster_start) as u64;
        let full = match self.per_cluster {
            Some(k) => in_cluster >= k,
            None if self.buffered >= self.cluster_bytes => {
                self.per_cluster = Some(in_cluster);
                true
            }
            None => false,
        };
        if full {
            self.flush_cluster()?;
            self.flushed_while_filling = true;
        }
        Ok(())
    }

    /// Writes the buffered entries as one basket per branch.
    fn flush_cluster(&mut self) -> Result<(), WriteError> {
        if self.entries == self.cluster_start {
            return Ok(());
        }
        let mut baskets = Vec::with_capacity(self.branches.len());
        for b in &mut self.branches {
            let keylen =
                KeyHeader::len_for("TBasket", &b.spec.name, &self.name, true) + BASKET_HEADER_EXTRA;
            let Some(p) = b.take_basket(keylen) else {
                return Err(self.w.invalid(format!(
                    "tree '{}', branch '{}': entries {}..{} take {} bytes, more than a ROOT basket holds; use smaller clusters",
                    self.path,
                    b.spec.name,
                    self.cluster_start,
                    self.entries,
                    b.buffered()
                )));
            };
            baskets.push((keylen, p));
        }
        let comp = self.w.compression;
        let zipped: Vec<Result<Option<Vec<u8>>, String>> = baskets
            .par_iter()
            .map(|(_, p)| compress(&comp, &p.payload))
            .collect();
        let top = self.w.dirs[0].seek_dir;
        for ((b, (keylen, p)), z) in self.branches.iter_mut().zip(baskets).zip(zipped) {
            let z = z.map_err(|m| {
                self.w.invalid(format!(
                    "tree '{}', branch '{}': compression failed: {m}",
                    self.path, b.spec.name
                ))
            })?;
            let objlen = p.payload.len();
            let mut extra = Vec::with_capacity(BASKET_HEADER_EXTRA);
            extra.extend_from_slice(&3i16.to_be_bytes());
            let buffer_size = (keylen + objlen).max(super::branch::BASKET_SIZE as usize) as i32;
            extra.extend_from_slice(&buffer_size.to_be_bytes());
            extra.extend_from_slice(&p.nevbuf_size.to_be_bytes());
            extra.extend_from_slice(&p.nevbuf.to_be_bytes());
            extra.extend_from_slice(&((keylen + p.data_len) as i32).to_be_bytes());
            extra.push(0);
            let spec = KeySpec {
                class: "TBasket",
                name: &b.spec.name,
                title: &self.name,
                cycle: 0,
                seek_pdir: top,
                big: true,
                extra: &extra,
            };
            let stored = z.as_deref().unwrap_or(&p.payload);
            let key = self.w.put_key_stored(&spec, objlen, stored)?;
            b.record_basket(
                key.seek_key,
                key.nbytes,
                (keylen + objlen) as i64,
                self.entries,
            );
            b.recycle(p.payload);
        }
        self.buffered = 0;
        self.cluster_start = self.entries;
        Ok(())
    }

    /// Writes the remaining entries and the TTree metadata. The tree is in the file only
    /// after this.
    pub fn finish(mut self) -> Result<(), WriteError> {
        self.flush_cluster()?;
        let auto_flush = match self.per_cluster {
            Some(k) if self.fixed || self.flushed_while_filling => k as i64,
            _ => DEFAULT_AUTO_FLUSH,
        };
        let mut classes: Vec<&'static str> = TREE_HEAD.to_vec();
        for b in &self.branches {
            classes.extend_from_slice(b.spec.ty.classes());
        }
        classes.extend_from_slice(TREE_TAIL);
        self.w.classes.add(&classes);
        let setting = self.w.compression.setting();
        let (name, title) = (self.name.clone(), self.title.clone());
        let entries = self.entries;
        let branches = &self.branches;
        self.w
            .put_object(self.dir, "TTree", &name, &title, |keylen| {
                serialize_tree(
                    keylen, &name, &title, entries, auto_flush, branches, setting,
                )
            })?;
        self.w.open_tree = None;
        Ok(())
    }
}

fn serialize_tree(
    keylen: u32,
    name: &str,
    title: &str,
    entries: i64,
    auto_flush: i64,
    branches: &[BranchBuf],
    setting: i32,
) -> Vec<u8> {
    let tot: i64 = branches.iter().map(|b| b.tot_bytes).sum();
    let zip: i64 = branches.iter().map(|b| b.zip_bytes).sum();
    let mut b = WBuf::new(keylen);
    let m = b.begin(20);
    b.tnamed(name, title, 0x8);
    let ml = b.begin(2); // TAttLine
    b.i16(602);
    b.i16(1);
    b.i16(1);
    b.end(ml);
    let mf = b.begin(2); // TAttFill
    b.i16(0);
    b.i16(1001);
    b.end(mf);
    let mm = b.begin(3); // TAttMarker
    b.i16(1);
    b.i16(1);
    b.f32(1.0);
    b.end(mm);
    b.i64(entries);
    b.i64(tot);
    b.i64(zip);
    b.i64(0); // fSavedBytes
    b.i64(0); // fFlushedBytes
    b.f64(1.0); // fWeight
    b.i32(0); // fTimerInterval
    b.i32(25); // fScanField
    b.i32(0); // fUpdate
    b.i32(super::branch::DEFAULT_ENTRY_OFFSET_LEN); // fDefaultEntryOffsetLen
    b.i32(0); // fNClusterRange
    b.i64(1_000_000_000_000); // fMaxEntries
    b.i64(1_000_000_000_000); // fMaxEntryLoop
    b.i64(0); // fMaxVirtualSize
    b.i64(-300_000_000); // fAutoSave
    b.i64(auto_flush);
    b.i64(1_000_000); // fEstimate
    b.u8(0); // fClusterRangeEnd (none)
    b.u8(0); // fClusterSize (none)
    write_io_features(&mut b);
    let mb = begin_objarray(&mut b, 0x4000, branches.len() as i32);
    let leaves: Vec<u32> = branches
        .iter()
        .map(|br| br.serialize(&mut b, entries, setting))
        .collect();
    b.end(mb);
    let ml = begin_objarray(&mut b, 0, leaves.len() as i32);
    for t in leaves {
        b.object_ref(t);
    }
    b.end(ml);
    b.null_pointer(); // fAliases
    b.i32(0); // fIndexValues (empty TArrayD)
    b.i32(0); // fIndex (empty TArrayI)
    b.null_pointer(); // fTreeIndex
    b.null_pointer(); // fFriends
    b.null_pointer(); // fUserInfo
    b.null_pointer(); // fBranchRef
    b.end(m);
    b.into_inner()
}
