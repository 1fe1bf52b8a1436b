//! Parsing the streamed TTree object: TTree, TBranch, TBranchElement, TLeaf* and embedded
//! TBaskets, into the metadata the reader needs. Everything else is skipped with the byte
//! counts ROOT writes in front of each object.
//!
//! Supported class versions (ROOT 6.14 … 6.40 write the highest ones): TTree 18–20, TBranch
//! 10–13, TBranchElement 8–10, TObjArray 3, TLeaf 2. Other versions give an
//! [`ErrorKind::Unsupported`] error naming the class and version.

use std::collections::HashMap;
use std::sync::Arc;

use super::cursor::{AnyObject, Cursor};
use super::error::{ErrorKind, KResult, corrupt, unsupported};
use super::types::{BranchType, ElemType};

/// The bytes of a basket stored inside its TBranch (written without flushing).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EmbeddedBasket {
    /// Entries in the basket.
    pub nev: usize,
    /// Entry data (without the entry offsets).
    pub data: Vec<u8>,
    /// `nev + 1` byte offsets into `data`, when entries have variable size.
    pub offsets: Option<Vec<usize>>,
}

/// Where a basket of a branch lives and which entries it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct BasketInfo {
    /// First entry in the basket.
    pub first_entry: u64,
    /// One past the last entry.
    pub end_entry: u64,
    /// Offset of the basket's key in the file (0 for embedded baskets).
    pub seek: u64,
    /// Bytes of the basket on disk (key + compressed data).
    pub bytes: u32,
    pub(crate) embedded: Option<Arc<EmbeddedBasket>>,
}

impl BasketInfo {
    /// True when the basket is stored inside the TBranch object rather than in its own key.
    pub fn is_embedded(&self) -> bool {
        self.embedded.is_some()
    }
}

/// One leaf of a branch (only what the reader needs).
#[derive(Debug, Clone)]
struct LeafInfo {
    class: String,
    len: i32,
    unsigned: bool,
    has_count: bool,
}

/// A branch as described in the file.
#[derive(Debug, Clone)]
pub struct BranchInfo {
    /// Branch name.
    pub name: String,
    /// Streamer class: `TBranch`, `TBranchElement`, ...
    pub class: String,
    /// The C++ type as written in the file: the leaf type for scalars (`Int_t`), the class
    /// name for TBranchElements (`vector<vector<double> >`).
    pub file_type: String,
    /// The decoded type, or `Err(reason)` when the reader does not support this branch.
    pub btype: std::result::Result<BranchType, String>,
    /// Entries in the branch.
    pub entries: u64,
    /// Baskets in entry order.
    pub baskets: Vec<BasketInfo>,
    /// Uncompressed bytes (ROOT's fTotBytes).
    pub tot_bytes: u64,
    /// Compressed bytes (ROOT's fZipBytes).
    pub zip_bytes: u64,
    /// Sub-branches (split objects), if any.
    pub children: Vec<BranchInfo>,
}

impl BranchInfo {
    /// The normalized type name (see [`BranchType::name`]), or the file's name when the type
    /// is not supported.
    pub fn type_name(&self) -> String {
        match &self.btype {
            Ok(t) => t.name(),
            Err(_) => self.file_type.clone(),
        }
    }
}

/// The parsed TTree object.
#[derive(Debug, Clone)]
pub(crate) struct TreeMeta {
    pub name: String,
    pub title: String,
    pub entries: u64,
    pub branches: Vec<BranchInfo>,
}

type Classes = HashMap<u32, String>;

fn check_version(class: &str, v: i16, lo: i16, hi: i16) -> KResult<()> {
    if v < lo || v > hi {
        return Err(unsupported(format!(
            "{class} class version {v} (supported: {lo} to {hi})"
        )));
    }
    Ok(())
}

/// Parses a TTree object (the uncompressed bytes of its key; `key_len` for references).
pub(crate) fn parse_tree(buf: &[u8], key_len: usize) -> KResult<TreeMeta> {
    let mut c = Cursor::new(buf, key_len);
    let mut classes = Classes::new();
    let h = c.header()?;
    check_version("TTree", h.version, 18, 20)?;
    let (name, title) = c.tnamed()?;
    c.skip_versioned("TAttLine")?;
    c.skip_versioned("TAttFill")?;
    c.skip_versioned("TAttMarker")?;
    let entries = c.i64()?;
    // fTotBytes, fZipBytes, fSavedBytes, fFlushedBytes
    c.skip(4 * 8)?;
    let _weight = c.f64()?;
    // fTimerInterval, fScanField, fUpdate, fDefaultEntryOffsetLen
    c.skip(4 * 4)?;
    let n_cluster_range = c.count("fNClusterRange")?;
    // fMaxEntries, fMaxEntryLoop, fMaxVirtualSize, fAutoSave, fAutoFlush, fEstimate
    c.skip(6 * 8)?;
    for _ in 0..2 {
        // fClusterRangeEnd, fClusterSize: a flag byte and the array.
        c.skip(1)?;
        c.skip(
            n_cluster_range
                .checked_mul(8)
                .ok_or_else(|| corrupt("fNClusterRange"))?,
        )?;
    }
    if h.version >= 20 {
        c.skip_versioned("TIOFeatures")?;
    }
    if entries < 0 {
        return Err(corrupt(format!("tree with {entries} entries")));
    }
    let branches = parse_branch_array(&mut c, &mut classes, 0)?;
    Ok(TreeMeta {
        name,
        title,
        entries: entries as u64,
        branches,
    })
}

/// A TObjArray header: returns the number of objects.
fn objarray_header(c: &mut Cursor<'_>) -> KResult<usize> {
    let h = c.header()?;
    check_version("TObjArray", h.version, 3, 3)?;
    c.tobject()?;
    let _name = c.string()?;
    let n = c.count("TObjArray size")?;
    let _lower = c.i32()?;
    if n > c.remaining() / 4 {
        return Err(corrupt(format!(
            "TObjArray claims {n} objects in {} bytes",
            c.remaining()
        )));
    }
    Ok(n)
}

fn parse_branch_array(
    c: &mut Cursor<'_>,
    classes: &mut Classes,
    depth: usize,
) -> KResult<Vec<BranchInfo>> {
    if depth > 16 {
        return Err(unsupported("branches nested more than 16 levels deep"));
    }
    let n = objarray_header(c)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        match c.object_any(classes)? {
            AnyObject::Null | AnyObject::Reference => {}
            AnyObject::New { class, end } => {
                let b = match class.as_str() {
                    "TBranch" => parse_tbranch(c, classes, depth).map(|(b, _)| b),
                    "TBranchElement" => parse_tbranch_element(c, classes, depth),
                    _ => {
                        // Another branch class (TBranchObject, TBranchSTL, ...): keep its
                        // name from the TBranch base when we can, skip the rest.
                        let name = peek_branch_name(c).unwrap_or_else(|_| "?".into());
                        Ok(unsupported_branch(name, &class))
                    }
                }
                .map_err(|e| match e {
                    ErrorKind::Corrupt(m) => corrupt(format!("in a {class}: {m}")),
                    e => e,
                })?;
                c.seek(end)?;
                out.push(b);
            }
        }
    }
    Ok(out)
}

fn unsupported_branch(name: String, class: &str) -> BranchInfo {
    BranchInfo {
        name,
        class: class.to_string(),
        file_type: class.to_string(),
        btype: Err(format!("branch class {class} is not supported")),
        entries: 0,
        baskets: Vec::new(),
        tot_bytes: 0,
        zip_bytes: 0,
        children: Vec::new(),
    }
}

fn peek_branch_name(c: &Cursor<'_>) -> KResult<String> {
    let mut p = c.clone();
    let _outer = p.header()?;
    let _tbranch = p.header()?;
    Ok(p.tnamed()?.0)
}

/// Parses a TBranch (after its class tag); returns it with its leaves.
fn parse_tbranch(
    c: &mut Cursor<'_>,
    classes: &mut Classes,
    depth: usize,
) -> KResult<(BranchInfo, Vec<LeafInfo>)> {
    let h = c.header()?;
    check_version("TBranch", h.version, 10, 13)?;
    let (name, _title) = c.tnamed()?;
    let ctx = |e: ErrorKind| match e {
        ErrorKind::Corrupt(m) => corrupt(format!("branch {name}: {m}")),
        ErrorKind::Unsupported(m) => unsupported(format!("branch {name}: {m}")),
        e => e,
    };
    let r = (|| {
        c.skip_versioned("TAttFill")?;
        let _compress = c.i32()?;
        let _basket_size = c.i32()?;
        let _entry_offset_len = c.i32()?;
        let write_basket = c.count("fWriteBasket")?;
        let _entry_number = c.i64()?;
        if h.version >= 13 {
            c.skip_versioned("TIOFeatures")?;
        }
        let _offset = c.i32()?;
        let max_baskets = c.count("fMaxBaskets")?;
        let _split = c.i32()?;
        let entries = c.i64()?;
        if h.version >= 11 {
            let _first_entry = c.i64()?;
        }
        let tot_bytes = c.i64()?;
        let zip_bytes = c.i64()?;
        let children = parse_branch_array(c, classes, depth + 1)?;
        let leaves = parse_leaves(c, classes)?;
        let embedded = parse_embedded_baskets(c, classes)?;
        if write_basket > max_baskets || max_baskets > c.remaining() / 8 {
            return Err(corrupt(format!(
                "fWriteBasket {write_basket} / fMaxBaskets {max_baskets} impossible"
            )));
        }
        c.skip(1)?;
        let mut basket_bytes = Vec::with_capacity(max_baskets);
        for _ in 0..max_baskets {
            basket_bytes.push(c.i32()?);
        }
        c.skip(1)?;
        let mut basket_entry = Vec::with_capacity(max_baskets);
        for _ in 0..max_baskets {
            basket_entry.push(c.i64()?);
        }
        let _seek_flag = c.u8()?;
        let mut basket_seek = Vec::with_capacity(max_baskets);
        for _ in 0..max_baskets {
            basket_seek.push(c.i64()?);
        }
        if entries < 0 || tot_bytes < 0 || zip_bytes < 0 {
            return Err(corrupt("negative entry or byte counts"));
        }
        let entries = entries as u64;
        let mut baskets = Vec::with_capacity(write_basket + embedded.len());
        for i in 0..write_basket {
            let first = basket_entry[i];
            let end = basket_entry.get(i + 1).copied().unwrap_or(entries as i64);
            if first < 0 || end < first || end as u64 > entries {
                return Err(corrupt(format!(
                    "basket {i} holds entries {first}..{end} of {entries}"
                )));
            }
            if basket_seek[i] <= 0 || basket_bytes[i] <= 0 {
                return Err(corrupt(format!(
                    "basket {i} at offset {} with {} bytes",
                    basket_seek[i], basket_bytes[i]
                )));
            }
            baskets.push(BasketInfo {
                first_entry: first as u64,
                end_entry: end as u64,
                seek: basket_seek[i] as u64,
                bytes: basket_bytes[i] as u32,
                embedded: None,
            });
        }
        let mut next = baskets.last().map_or(0, |b| b.end_entry);
        for e in embedded {
            let end = next + e.nev as u64;
            baskets.push(BasketInfo {
                first_entry: next,
                end_entry: end,
                seek: 0,
                bytes: 0,
                embedded: Some(Arc::new(e)),
            });
            next = end;
        }
        // Baskets must tile 0..entries.
        let mut at = 0u64;
        for (i, b) in baskets.iter().enumerate() {
            if b.first_entry != at {
                return Err(corrupt(format!(
                    "basket {i} starts at entry {} but the previous one ends at {at}",
                    b.first_entry
                )));
            }
            at = b.end_entry;
        }
        if at != entries {
            return Err(corrupt(format!(
                "baskets hold {at} entries, the branch has {entries}"
            )));
        }
        let _file_name = c.string()?;
        c.skip_object(&h, "TBranch")?;
        let info = BranchInfo {
            name: name.clone(),
            class: "TBranch".into(),
            file_type: String::new(),
            btype: Err(String::new()),
            entries,
            baskets,
            tot_bytes: tot_bytes as u64,
            zip_bytes: zip_bytes as u64,
            children,
        };
        Ok((info, leaves))
    })();
    let (mut info, leaves) = r.map_err(ctx)?;
    let (file_type, btype) = scalar_type(&leaves, &info.children);
    info.file_type = file_type;
    info.btype = btype;
    Ok((info, leaves))
}

/// The type of a plain TBranch from its leaves.
fn scalar_type(
    leaves: &[LeafInfo],
    children: &[BranchInfo],
) -> (String, std::result::Result<BranchType, String>) {
    if !children.is_empty() {
        return (
            "(split)".into(),
            Err("a branch with sub-branches".to_string()),
        );
    }
    let [leaf] = leaves else {
        return (
            format!("{} leaves", leaves.len()),
            Err(format!(
                "a branch with {} leaves (leaf lists are not supported)",
                leaves.len()
            )),
        );
    };
    let elem = match (leaf.class.as_str(), leaf.unsigned) {
        ("TLeafO", _) => Some(ElemType::Bool),
        ("TLeafB", false) => Some(ElemType::I8),
        ("TLeafB", true) => Some(ElemType::U8),
        ("TLeafS", false) => Some(ElemType::I16),
        ("TLeafS", true) => Some(ElemType::U16),
        ("TLeafI", false) => Some(ElemType::I32),
        ("TLeafI", true) => Some(ElemType::U32),
        ("TLeafL" | "TLeafG", false) => Some(ElemType::I64),
        ("TLeafL" | "TLeafG", true) => Some(ElemType::U64),
        ("TLeafF", _) => Some(ElemType::F32),
        ("TLeafD", _) => Some(ElemType::F64),
        _ => None,
    };
    let Some(elem) = elem else {
        return (
            leaf.class.clone(),
            Err(format!("leaf class {} is not supported", leaf.class)),
        );
    };
    let name = elem.root_name().to_string();
    if leaf.len != 1 || leaf.has_count {
        return (
            format!("{name}[]"),
            Err("an array leaf (fixed or variable length) is not supported".into()),
        );
    }
    (name, Ok(BranchType::scalar(elem)))
}

fn parse_tbranch_element(
    c: &mut Cursor<'_>,
    classes: &mut Classes,
    depth: usize,
) -> KResult<BranchInfo> {
    let h = c.header()?;
    check_version("TBranchElement", h.version, 8, 10)?;
    let (mut info, _leaves) = parse_tbranch(c, classes, depth)?;
    let class_name = c.string()?;
    let _parent = c.string()?;
    let _clones = c.string()?;
    let _checksum = c.u32()?;
    if h.version >= 10 {
        let _class_version = c.i16()?;
    } else {
        let _class_version = c.i32()?;
    }
    let id = c.i32()?;
    let btype = c.i32()?;
    let streamer_type = c.i32()?;
    c.skip_object(&h, "TBranchElement")?;
    info.class = "TBranchElement".into();
    info.file_type = class_name.clone();
    info.btype = if !info.children.is_empty() {
        Err(format!("split object of class {class_name}"))
    } else if id != -1 || btype != 0 {
        Err(format!(
            "a member branch of {class_name} (fID {id}, fType {btype}, streamer type \
             {streamer_type}); only top-level vector branches are supported"
        ))
    } else {
        BranchType::parse_stl(&class_name).ok_or_else(|| {
            format!(
                "class {class_name} (only vector<T> and vector<vector<T>> of numbers are \
                 supported)"
            )
        })
    };
    Ok(info)
}

fn parse_leaves(c: &mut Cursor<'_>, classes: &mut Classes) -> KResult<Vec<LeafInfo>> {
    let n = objarray_header(c)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        match c.object_any(classes)? {
            AnyObject::Null | AnyObject::Reference => {}
            AnyObject::New { class, end } => {
                let _derived = c.header()?;
                let base = c.header()?;
                check_version("TLeaf", base.version, 2, 2)?;
                let _named = c.tnamed()?;
                let len = c.i32()?;
                let _len_type = c.i32()?;
                let _offset = c.i32()?;
                let _is_range = c.u8()?;
                let unsigned = c.u8()? != 0;
                let has_count = match c.object_any(classes)? {
                    AnyObject::Null => false,
                    AnyObject::Reference => true,
                    AnyObject::New { end, .. } => {
                        c.seek(end)?;
                        true
                    }
                };
                c.seek(end)?;
                out.push(LeafInfo {
                    class,
                    len,
                    unsigned,
                    has_count,
                });
            }
        }
    }
    Ok(out)
}

fn parse_embedded_baskets(
    c: &mut Cursor<'_>,
    classes: &mut Classes,
) -> KResult<Vec<EmbeddedBasket>> {
    let n = objarray_header(c)?;
    let mut out = Vec::new();
    for _ in 0..n {
        match c.object_any(classes)? {
            AnyObject::Null | AnyObject::Reference => {}
            AnyObject::New { class, end } => {
                if class != "TBasket" {
                    return Err(corrupt(format!("a {class} in a branch's basket list")));
                }
                out.push(parse_embedded_basket(c, end)?);
                c.seek(end)?;
            }
        }
    }
    Ok(out)
}

/// An embedded TBasket: key fields, basket fields, flag, entry offsets, then the buffer
/// (`fLast` bytes: a copy of the key header followed by the entry data).
fn parse_embedded_basket(c: &mut Cursor<'_>, end: usize) -> KResult<EmbeddedBasket> {
    let start = c.pos();
    let _nbytes = c.i32()?;
    let _key_version = c.i16()?;
    let _obj_len = c.i32()?;
    let _datime = c.u32()?;
    let key_len = c.i16()?;
    if key_len < 19 + 18 {
        return Err(corrupt(format!(
            "embedded basket with key length {key_len}"
        )));
    }
    let key_len = key_len as usize;
    c.seek(start + key_len - 19)?;
    let _version = c.u16()?;
    let _buffer_size = c.i32()?;
    let nev_buf_size = c.i32()?;
    let nev = c.count("fNevBuf")?;
    let last = c.count("fLast")?;
    let flag = c.u8()?;
    if last < key_len || nev > c.remaining() {
        return Err(corrupt(format!(
            "embedded basket with fLast {last}, key length {key_len}, {nev} entries"
        )));
    }
    let border = last - key_len;
    let mut offsets = None;
    if flag % 10 != 2 {
        let n = c.count("entry offsets length")?;
        if n > c.remaining() / 4 {
            return Err(corrupt("embedded basket entry offsets past its end"));
        }
        let mut raw = Vec::with_capacity(n);
        for _ in 0..n {
            raw.push(c.i32()?);
        }
        let fixed = nev_buf_size >= 0 && (nev_buf_size as usize).saturating_mul(nev) == border;
        if !fixed || n > 0 {
            if n < nev {
                return Err(corrupt(format!(
                    "embedded basket has {n} entry offsets for {nev} entries"
                )));
            }
            let mut offs = Vec::with_capacity(nev + 1);
            for &o in &raw[..nev] {
                let o = (o as i64) - key_len as i64;
                if o < 0 || o as usize > border {
                    return Err(corrupt(format!("embedded basket entry offset {o}")));
                }
                offs.push(o as usize);
            }
            offs.push(border);
            offsets = Some(offs);
        }
        if flag > 20 && flag < 40 {
            let m = c.count("displacement length")?;
            c.skip(
                m.checked_mul(4)
                    .ok_or_else(|| corrupt("displacement length"))?,
            )?;
        }
    }
    if flag <= 10 {
        return Err(unsupported("embedded basket without its buffer"));
    }
    c.skip(key_len)?;
    let data = c.take(border)?.to_vec();
    if c.pos() > end {
        return Err(corrupt("embedded basket overruns its object"));
    }
    Ok(EmbeddedBasket { nev, data, offsets })
}
