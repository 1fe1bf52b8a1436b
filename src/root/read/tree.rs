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
        let data = basket::load(&self.file, info).map_err(|k| self.error(&loc(), k))?;
        let mut col = AnyColumn::new(bt.elem, bt.kind, first_entry);
        col.decode_basket(&data, t.range.clone()).map_err(|k| {
            let entry = info.first_entry + t.range.start as u64;
            self.error(&format!("{} near entry {entry}", loc()), k)
        })?;
        Ok(col)
    }
}
