//! `Tree`: a TTree's branches and columnar reads over entry ranges.
//!
//! A read touches only the baskets that overlap the requested entries; those baskets are
//! fetched, decompressed and decoded in parallel on the current rayon pool, then joined in
//! entry order. Memory is the decoded range plus the baskets being decoded.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::basket;
use super::cache::BasketCache;
use super::column::{AnyColumn, Column};
use super::error::{ErrorKind, Result, RootError};
use super::file::{FileInner, RootFile};
use super::tree_meta::{BranchInfo, TreeMeta, parse_tree};
use super::types::{BranchType, Element};

/// A TTree: metadata of its branches and a handle on its file.
#[derive(Debug, Clone)]
pub struct Tree {
    file: Arc<FileInner>,
    path: String,
    cycle: i16,
    meta: TreeMeta,
    /// Flattened branches (depth-first) and their index by name.
    flat: Vec<BranchInfo>,
    index: HashMap<String, usize>,
    cache: Option<Arc<BasketCache>>,
}

/// One unit of parallel work: entries `range` (relative to the basket) of basket `basket` of
/// flat branch `branch`.
struct Task {
    slot: usize,
    branch: usize,
    basket: usize,
    range: Range<usize>,
}

impl RootFile {
    /// The TTree at `path` (`recosimdumper/caloTree`; highest cycle unless `;N` is given).
    pub fn tree(&self, path: &str) -> Result<Tree> {
        let key = self.inner.find_key(path)?;
        let loc = format!("tree {path}");
        if key.class_name != "TTree" {
            return Err(self.inner.error(
                &loc,
                ErrorKind::NotFound(format!("'{path}' is a {}, not a TTree", key.class_name)),
            ));
        }
        let buf = self
            .inner
            .read_object(&key)
            .map_err(|k| self.inner.error(&loc, k))?;
        let meta = parse_tree(&buf, key.key_len as usize).map_err(|k| self.inner.error(&loc, k))?;
        let mut flat = Vec::new();
        fn walk(bs: &[BranchInfo], out: &mut Vec<BranchInfo>) {
            for b in bs {
                out.push(b.clone());
                walk(&b.children, out);
            }
        }
        walk(&meta.branches, &mut flat);
        let mut index = HashMap::with_capacity(flat.len());
        for (i, b) in flat.iter().enumerate() {
            index.entry(b.name.clone()).or_insert(i);
        }
        Ok(Tree {
            file: self.inner.clone(),
            path: path.to_string(),
            cycle: key.cycle,
            meta,
            flat,
            index,
            cache: None,
        })
    }
}

impl Tree {
    /// Path of the tree in its file, as asked for.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The file the tree is in.
    pub fn file_path(&self) -> &Path {
        &self.file.path
    }

    /// Cycle of the tree's key.
    pub fn cycle(&self) -> i16 {
        self.cycle
    }

    /// This tree with a cache of decoded baskets of up to `bytes` bytes (shared by its
    /// clones): repeated reads of entries in the same baskets (an event display stepping
    /// through events) decode each basket once. Without it (the default) every read decodes
    /// its baskets, which is what bulk processing wants.
    pub fn with_basket_cache(mut self, bytes: usize) -> Tree {
        self.cache = Some(Arc::new(BasketCache::new(bytes)));
        self
    }

    /// (hits, misses) of the basket cache, if there is one.
    pub fn cache_stats(&self) -> Option<(u64, u64)> {
        self.cache.as_ref().map(|c| c.stats())
    }

    /// Tree name.
    pub fn name(&self) -> &str {
        &self.meta.name
    }

    /// Tree title.
    pub fn title(&self) -> &str {
        &self.meta.title
    }

    /// Number of entries.
    pub fn entries(&self) -> u64 {
        self.meta.entries
    }

    /// Top-level branches, in file order (sub-branches in [`BranchInfo::children`]).
    pub fn branches(&self) -> &[BranchInfo] {
        &self.meta.branches
    }

    /// All branches, depth-first.
    pub fn all_branches(&self) -> &[BranchInfo] {
        &self.flat
    }

    /// The branch called `name`, if any.
    pub fn get_branch(&self, name: &str) -> Option<&BranchInfo> {
        self.index.get(name).map(|&i| &self.flat[i])
    }

    /// The branch called `name`, or an error naming the file and tree.
    pub fn branch(&self, name: &str) -> Result<&BranchInfo> {
        self.get_branch(name).ok_or_else(|| {
            self.error(
                "",
                ErrorKind::NotFound(format!("no branch '{name}' in the tree")),
            )
        })
    }

    /// An error located in this tree (and `what` inside it).
    fn error(&self, what: &str, kind: ErrorKind) -> RootError {
        let loc = if what.is_empty() {
            format!("tree {}", self.path)
        } else {
            format!("tree {}, {what}", self.path)
        };
        self.file.error(&loc, kind)
    }

    /// Entries where every one of `branches` starts a basket (always includes 0 and
    /// [`Tree::entries`]): the places to split the tree for parallel work without decoding a
    /// basket twice. Unknown branch names are ignored.
    pub fn common_basket_boundaries(&self, branches: &[&str]) -> Vec<u64> {
        let mut sets: Vec<Vec<u64>> = Vec::new();
        for name in branches {
            if let Some(b) = self.get_branch(name) {
                let mut v: Vec<u64> = b.baskets.iter().map(|k| k.first_entry).collect();
                v.push(self.entries());
                sets.push(v);
            }
        }
        let Some(first) = sets.first() else {
            return vec![0, self.entries()];
        };
        let mut out: Vec<u64> = first
            .iter()
            .copied()
            .filter(|e| sets[1..].iter().all(|s| s.binary_search(e).is_ok()))
            .collect();
        if out.first() != Some(&0) {
            out.insert(0, 0);
        }
        if out.last() != Some(&self.entries()) {
            out.push(self.entries());
        }
        out.dedup();
        out
    }

    /// The basket clusters of `branches`: consecutive ranges between the entries where all
    /// of them start a basket ([`Tree::common_basket_boundaries`]). Decoding range by range
    /// decodes every basket exactly once; a range holds about one basket per branch.
    pub fn cluster_ranges(&self, branches: &[&str]) -> Vec<Range<u64>> {
        self.common_basket_boundaries(branches)
            .windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| w[0]..w[1])
            .collect()
    }

    /// Splits `0..entries` into consecutive ranges of at most `max_entries` (at least 1)
    /// entries for parallel work. Each cut is placed, within reach, where the fewest basket
    /// bytes of `branches` straddle it (a straddled basket is decoded by both ranges); cuts
    /// where every branch starts a basket cost nothing, and among equal costs the farthest
    /// wins. Unknown branch names are ignored.
    pub fn entry_ranges(&self, branches: &[&str], max_entries: u64) -> Vec<Range<u64>> {
        let n = self.entries();
        let max = max_entries.max(1);
        let infos: Vec<&BranchInfo> = branches.iter().filter_map(|b| self.get_branch(b)).collect();
        let mut cands: Vec<u64> = infos
            .iter()
            .flat_map(|b| b.baskets.iter().map(|k| k.first_entry))
            .filter(|&e| e > 0 && e < n)
            .collect();
        cands.push(n);
        cands.sort_unstable();
        cands.dedup();
        // Bytes of the baskets that straddle entry `e` (0 where all branches start one).
        let cost = |e: u64| -> u64 {
            infos
                .iter()
                .map(|b| {
                    let i = b.baskets.partition_point(|k| k.end_entry <= e);
                    match b.baskets.get(i) {
                        Some(k) if k.first_entry < e => u64::from(k.bytes.max(1)),
                        _ => 0,
                    }
                })
                .sum()
        };
        let mut out = Vec::new();
        let mut start = 0u64;
        while start < n {
            let lo = cands.partition_point(|&e| e <= start);
            let hi = cands.partition_point(|&e| e <= start.saturating_add(max));
            let end = cands[lo..hi]
                .iter()
                .copied()
                .min_by_key(|&e| (cost(e), std::cmp::Reverse(e)))
                .unwrap_or_else(|| start.saturating_add(max).min(n));
            out.push(start..end);
            start = end;
        }
        out
    }

    fn check_range(&self, range: &Range<u64>) -> Result<()> {
        if range.start > range.end || range.end > self.entries() {
            return Err(self.error(
                "",
                ErrorKind::EntryRange {
                    start: range.start,
                    end: range.end,
                    entries: self.entries(),
                },
            ));
        }
        Ok(())
    }

    fn branch_index(&self, name: &str) -> Result<(usize, BranchType)> {
        let &i = self.index.get(name).ok_or_else(|| {
            self.error(
                "",
                ErrorKind::NotFound(format!("no branch '{name}' in the tree")),
            )
        })?;
        let b = &self.flat[i];
        match &b.btype {
            Ok(t) => Ok((i, *t)),
            Err(why) => Err(self.error(
                &format!("branch {name}"),
                ErrorKind::Unsupported(why.clone()),
            )),
        }
    }

    /// Reads `branch` over `range` as `T`; the element type must match exactly (a
    /// `vector<float>` branch reads as `f32`, not `f64`).
    pub fn read<T: Element>(&self, branch: &str, range: Range<u64>) -> Result<Column<T>> {
        let (i, t) = self.branch_index(branch)?;
        if t.elem != T::TYPE {
            let requested = BranchType {
                kind: t.kind,
                elem: T::TYPE,
            };
            return Err(self.error(
                &format!("branch {branch}"),
                ErrorKind::TypeMismatch {
                    found: t.name(),
                    requested: requested.name(),
                },
            ));
        }
        let col = self.read_indices(&[i], range)?.pop();
        match col.map(T::from_any) {
            Some(Ok(c)) => Ok(c),
            _ => Err(self.error(
                &format!("branch {branch}"),
                ErrorKind::Unsupported("internal column type error".into()),
            )),
        }
    }

    /// Reads `branch` over `range` in its own element type.
    pub fn read_any(&self, branch: &str, range: Range<u64>) -> Result<AnyColumn> {
        let (i, _) = self.branch_index(branch)?;
        let mut v = self.read_indices(&[i], range)?;
        v.pop().ok_or_else(|| {
            self.error(
                &format!("branch {branch}"),
                ErrorKind::Unsupported("internal: no column".into()),
            )
        })
    }

    /// Reads several branches over `range`; all their baskets are decoded in one parallel
    /// pass. Columns come back in the order of `branches`.
    pub fn read_many(&self, branches: &[&str], range: Range<u64>) -> Result<Vec<AnyColumn>> {
        let idx = branches
            .iter()
            .map(|b| self.branch_index(b).map(|(i, _)| i))
            .collect::<Result<Vec<_>>>()?;
        self.read_indices(&idx, range)
    }

    fn read_indices(&self, idx: &[usize], range: Range<u64>) -> Result<Vec<AnyColumn>> {
        self.check_range(&range)?;
        let mut tasks = Vec::new();
        for (slot, &bi) in idx.iter().enumerate() {
            let b = &self.flat[bi];
            if range.end > b.entries {
                return Err(self.error(
                    &format!("branch {}", b.name),
                    ErrorKind::EntryRange {
                        start: range.start,
                        end: range.end,
                        entries: b.entries,
                    },
                ));
            }
            // Baskets overlapping the range: binary search the first one.
            let start = b.baskets.partition_point(|k| k.end_entry <= range.start);
            for (k, info) in b.baskets.iter().enumerate().skip(start) {
                if info.first_entry >= range.end {
                    break;
                }
                let lo = range.start.max(info.first_entry) - info.first_entry;
                let hi = range.end.min(info.end_entry) - info.first_entry;
                if hi > lo {
                    tasks.push(Task {
                        slot,
                        branch: bi,
                        basket: k,
                        range: lo as usize..hi as usize,
                    });
                }
            }
        }
        let parts: Vec<Result<(usize, AnyColumn)>> = tasks
            .par_iter()
            .map(|t| self.decode_task(t, range.start).map(|c| (t.slot, c)))
            .collect();
        let mut out: Vec<AnyColumn> = idx
            .iter()
            .map(|&bi| {
                // Types were checked by branch_index.
                let t = self.flat[bi]
                    .btype
                    .clone()
                    .unwrap_or(BranchType::scalar(super::types::ElemType::U8));
                AnyColumn::new(t.elem, t.kind, range.start)
            })
            .collect();
        for p in parts {
            let (slot, col) = p?;
            out[slot].append(col);
        }
        Ok(out)
    }

    fn decode_task(&self, t: &Task, first_entry: u64) -> Result<AnyColumn> {
        let b = &self.flat[t.branch];
        let info = &b.baskets[t.basket];
        let loc = || {
            format!(
                "branch {}, basket {} (entries {}..{}, file offset {})",
                b.name, t.basket, info.first_entry, info.end_entry, info.seek
            )
        };
        let bt = b
            .btype
            .clone()
            .map_err(|why| self.error(&loc(), ErrorKind::Unsupported(why)))?;
        let key = (t.branch, t.basket);
        if let Some(full) = self.cache.as_ref().and_then(|c| c.get(key)) {
            return Ok(full.slice(t.range.clone()));
        }
        let data = basket::load(&self.file, info).map_err(|k| self.error(&loc(), k))?;
        // With a cache, the whole basket is decoded and kept.
        let range = match &self.cache {
            Some(_) => 0..data.nev,
            None => t.range.clone(),
        };
        let first = match &self.cache {
            Some(_) => info.first_entry,
            None => first_entry,
        };
        let mut col = AnyColumn::new(bt.elem, bt.kind, first);
        let decoded = col.decode_basket(&data, range);
        basket::recycle(data);
        decoded.map_err(|k| {
            let entry = info.first_entry + t.range.start as u64;
            self.error(&format!("{} near entry {entry}", loc()), k)
        })?;
        match &self.cache {
            Some(cache) => {
                let part = col.slice(t.range.clone());
                cache.put(key, Arc::new(col));
                Ok(part)
            }
            None => Ok(col),
        }
    }
}
