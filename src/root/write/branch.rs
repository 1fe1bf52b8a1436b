//! Branch types, per-entry values, and the per-branch basket buffer with its on-disk
//! description (TBranch + TLeafL/I/F/D for scalars, TBranchElement + TLeafElement for the
//! split `std::vector` branches), serialized as ROOT 6.40 writes them.
//!
//! Entry layout in a basket, as ROOT writes it:
//! - scalars: the big-endian value, no entry offsets;
//! - `vector<T>`: byte count (`0x40000000 | n`), version (ROOT 6.40 writes 10), length,
//!   values; the basket ends with the entry-offset table;
//! - `vector<vector<T>>`: the same header, the outer length, then each inner vector as its
//!   length followed by its values (no inner headers).

use super::wbuf::{BYTE_COUNT_MASK, WBuf};

/// Class version ROOT 6.40 writes in front of each `std::vector` entry.
const STL_ENTRY_VERSION: i16 = 10;
/// `fClassVersion` ROOT records in a TBranchElement holding a `std::vector`.
const STL_CLASS_VERSION: i16 = 6;
/// Initial `fEntryOffsetLen` of branches with variable-size entries (ROOT's default).
pub(crate) const DEFAULT_ENTRY_OFFSET_LEN: i32 = 1000;
/// `fBasketSize` recorded in each branch (ROOT's default basket buffer size).
pub(crate) const BASKET_SIZE: i32 = 32000;
/// Largest serialized entry a byte count can describe.
const MAX_ENTRY_BYTES: usize = 0x3FFF_FFFE;

/// The C++ type of a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BranchType {
    /// `Long64_t` (leaf `/L`).
    I64,
    /// `Int_t` (leaf `/I`).
    I32,
    /// `Float_t` (leaf `/F`).
    F32,
    /// `Double_t` (leaf `/D`).
    F64,
    /// `std::vector<int>`.
    VecI32,
    /// `std::vector<float>`.
    VecF32,
    /// `std::vector<double>`.
    VecF64,
    /// `std::vector<std::vector<int>>`.
    VecVecI32,
    /// `std::vector<std::vector<float>>`.
    VecVecF32,
    /// `std::vector<std::vector<double>>`.
    VecVecF64,
}

impl BranchType {
    /// The type name as ROOT spells it: `Long64_t`, `Int_t`, `Float_t`, `Double_t` for
    /// scalars (the leaf type), `vector<float>`, `vector<vector<double> >` for vectors (the
    /// TBranchElement class name).
    pub fn root_name(self) -> &'static str {
        match self {
            BranchType::I64 => "Long64_t",
            BranchType::I32 => "Int_t",
            BranchType::F32 => "Float_t",
            BranchType::F64 => "Double_t",
            BranchType::VecI32 => "vector<int>",
            BranchType::VecF32 => "vector<float>",
            BranchType::VecF64 => "vector<double>",
            BranchType::VecVecI32 => "vector<vector<int> >",
            BranchType::VecVecF32 => "vector<vector<float> >",
            BranchType::VecVecF64 => "vector<vector<double> >",
        }
    }

    /// True for the `std::vector` types (TBranchElement, entry offsets in baskets).
    pub fn is_vector(self) -> bool {
        !matches!(
            self,
            BranchType::I64 | BranchType::I32 | BranchType::F32 | BranchType::F64
        )
    }

    fn elem_size(self) -> usize {
        match self {
            BranchType::I64 | BranchType::F64 | BranchType::VecF64 | BranchType::VecVecF64 => 8,
            _ => 4,
        }
    }

    fn leaf_class(self) -> &'static str {
        match self {
            BranchType::I64 => "TLeafL",
            BranchType::I32 => "TLeafI",
            BranchType::F32 => "TLeafF",
            BranchType::F64 => "TLeafD",
            _ => "TLeafElement",
        }
    }

    fn letter(self) -> &'static str {
        match self {
            BranchType::I64 => "L",
            BranchType::I32 => "I",
            BranchType::F32 => "F",
            BranchType::F64 => "D",
            _ => "",
        }
    }

    /// `TClass::GetCheckSum` of the vector class, as ROOT records it in the branch.
    fn class_checksum(self) -> u32 {
        match self {
            BranchType::VecI32 => 9976712,
            BranchType::VecF32 => 89790107,
            BranchType::VecF64 => 269370212,
            BranchType::VecVecI32 => 3104527037,
            BranchType::VecVecF32 => 2170935584,
            BranchType::VecVecF64 => 2217838159,
            _ => 0,
        }
    }

    /// Classes ROOT describes in the StreamerInfo record for this branch.
    pub(crate) fn classes(self) -> &'static [&'static str] {
        match self {
            BranchType::I64 => &["TBranch", "TLeafL", "TLeaf"],
            BranchType::I32 => &["TBranch", "TLeafI", "TLeaf"],
            BranchType::F32 => &["TBranch", "TLeafF", "TLeaf"],
            BranchType::F64 => &["TBranch", "TLeafD", "TLeaf"],
            _ => &["TBranchElement", "TBranch", "TLeafElement", "TLeaf"],
        }
    }
}

/// A branch to create: its name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchSpec {
    /// Branch (and leaf) name.
    pub name: String,
    /// C++ type.
    pub ty: BranchType,
}

impl BranchSpec {
    /// A branch named `name` of type `ty`.
    pub fn new(name: impl Into<String>, ty: BranchType) -> BranchSpec {
        BranchSpec {
            name: name.into(),
            ty,
        }
    }
}

/// Values of a `vector<vector<T>>` entry: rows as vectors, or a flat (offsets, values) form
/// that avoids one allocation per row (row `i` is `values[offsets[i]..offsets[i + 1]]`;
/// `offsets` has one more element than there are rows and never decreases).
#[derive(Debug, Clone, Copy)]
pub enum Jagged<'a, T> {
    /// One vector per row.
    Rows(&'a [Vec<T>]),
    /// Row `i` is `values[offsets[i] as usize..offsets[i + 1] as usize]`.
    Flat {
        /// Row boundaries: rows + 1 non-decreasing indices into `values`.
        offsets: &'a [u32],
        /// All rows' values, concatenated.
        values: &'a [T],
    },
}

impl<T> Jagged<'_, T> {
    fn check(&self) -> Result<(), String> {
        if let Jagged::Flat { offsets, values } = self {
            if offsets.is_empty() {
                return Err("offsets is empty (it needs rows + 1 elements)".into());
            }
            if offsets.windows(2).any(|w| w[0] > w[1]) {
                return Err("offsets decrease".into());
            }
            let last = *offsets.last().expect("non-empty") as usize;
            if last > values.len() {
                return Err(format!(
                    "offsets end at {last} but there are {} values",
                    values.len()
                ));
            }
        }
        Ok(())
    }

    fn rows(&self) -> usize {
        match self {
            Jagged::Rows(r) => r.len(),
            Jagged::Flat { offsets, .. } => offsets.len() - 1,
        }
    }

    fn total(&self) -> usize {
        match self {
            Jagged::Rows(r) => r.iter().map(Vec::len).sum(),
            Jagged::Flat { offsets, .. } => (offsets[offsets.len() - 1] - offsets[0]) as usize,
        }
    }

    fn for_each_row(&self, mut f: impl FnMut(&[T])) {
        match self {
            Jagged::Rows(r) => r.iter().for_each(|v| f(v)),
            Jagged::Flat { offsets, values } => offsets
                .windows(2)
                .for_each(|w| f(&values[w[0] as usize..w[1] as usize])),
        }
    }
}

/// One entry's value for one branch, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub enum BranchValue<'a> {
    /// For a [`BranchType::I64`] branch.
    I64(i64),
    /// For a [`BranchType::I32`] branch.
    I32(i32),
    /// For a [`BranchType::F32`] branch.
    F32(f32),
    /// For a [`BranchType::F64`] branch.
    F64(f64),
    /// For a [`BranchType::VecI32`] branch.
    VecI32(&'a [i32]),
    /// For a [`BranchType::VecF32`] branch.
    VecF32(&'a [f32]),
    /// For a [`BranchType::VecF64`] branch.
    VecF64(&'a [f64]),
    /// For a [`BranchType::VecVecI32`] branch.
    VecVecI32(Jagged<'a, i32>),
    /// For a [`BranchType::VecVecF32`] branch.
    VecVecF32(Jagged<'a, f32>),
    /// For a [`BranchType::VecVecF64`] branch.
    VecVecF64(Jagged<'a, f64>),
}

impl BranchValue<'_> {
    /// The branch type this value belongs to.
    pub fn branch_type(&self) -> BranchType {
        match self {
            BranchValue::I64(_) => BranchType::I64,
            BranchValue::I32(_) => BranchType::I32,
            BranchValue::F32(_) => BranchType::F32,
            BranchValue::F64(_) => BranchType::F64,
            BranchValue::VecI32(_) => BranchType::VecI32,
            BranchValue::VecF32(_) => BranchType::VecF32,
            BranchValue::VecF64(_) => BranchType::VecF64,
            BranchValue::VecVecI32(_) => BranchType::VecVecI32,
            BranchValue::VecVecF32(_) => BranchType::VecVecF32,
            BranchValue::VecVecF64(_) => BranchType::VecVecF64,
        }
    }

    /// Checks the value against its branch; returns the serialized size of the entry.
    pub(crate) fn check(&self, ty: BranchType) -> Result<usize, String> {
        if self.branch_type() != ty {
            return Err(format!(
                "expected a {} value, got {}",
                ty.root_name(),
                self.branch_type().root_name()
            ));
        }
        let es = ty.elem_size();
        let size = match self {
            BranchValue::I64(_) | BranchValue::F64(_) => 8,
            BranchValue::I32(_) | BranchValue::F32(_) => 4,
            BranchValue::VecI32(v) => 10 + v.len() * es,
            BranchValue::VecF32(v) => 10 + v.len() * es,
            BranchValue::VecF64(v) => 10 + v.len() * es,
            BranchValue::VecVecI32(j) => {
                j.check()?;
                10 + 4 * j.rows() + j.total() * es
            }
            BranchValue::VecVecF32(j) => {
                j.check()?;
                10 + 4 * j.rows() + j.total() * es
            }
            BranchValue::VecVecF64(j) => {
                j.check()?;
                10 + 4 * j.rows() + j.total() * es
            }
        };
        if size > MAX_ENTRY_BYTES {
            return Err(format!(
                "the entry takes {size} bytes, more than ROOT's byte counts allow"
            ));
        }
        Ok(size)
    }
}

macro_rules! put_slice {
    ($out:expr, $v:expr) => {
        for x in $v.iter() {
            $out.extend_from_slice(&x.to_be_bytes());
        }
    };
}

/// One basket ready to be written.
pub(crate) struct BasketPayload {
    /// Entries' bytes followed by the entry-offset table (for vectors).
    pub payload: Vec<u8>,
    /// Number of entries.
    pub nevbuf: i32,
    /// Length of the entries' bytes (before the offset table).
    pub data_len: usize,
    /// `fNevBufSize` of the basket header.
    pub nevbuf_size: i32,
}

/// A branch being filled: its description, the current basket and what was written.
#[derive(Debug)]
pub(crate) struct BranchBuf {
    pub spec: BranchSpec,
    data: Vec<u8>,
    starts: Vec<u32>,
    nev: usize,
    entry_offset_len: i32,
    pub basket_bytes: Vec<i32>,
    pub basket_entry: Vec<i64>,
    pub basket_seek: Vec<i64>,
    pub tot_bytes: i64,
    pub zip_bytes: i64,
}

impl BranchBuf {
    pub(crate) fn new(spec: BranchSpec) -> BranchBuf {
        let entry_offset_len = if spec.ty.is_vector() {
            DEFAULT_ENTRY_OFFSET_LEN
        } else {
            0
        };
        BranchBuf {
            spec,
            data: Vec::new(),
            starts: Vec::new(),
            nev: 0,
            entry_offset_len,
            basket_bytes: Vec::new(),
            basket_entry: vec![0],
            basket_seek: Vec::new(),
            tot_bytes: 0,
            zip_bytes: 0,
        }
    }

    /// Bytes buffered in the current basket.
    pub(crate) fn buffered(&self) -> usize {
        self.data.len()
    }

    /// Appends one entry (already checked with [`BranchValue::check`]).
    pub(crate) fn push(&mut self, v: &BranchValue, size: usize) {
        let out = &mut self.data;
        if self.spec.ty.is_vector() {
            self.starts.push(out.len() as u32);
            out.reserve(size);
            out.extend_from_slice(&((size as u32 - 4) | BYTE_COUNT_MASK).to_be_bytes());
            out.extend_from_slice(&STL_ENTRY_VERSION.to_be_bytes());
        }
        match v {
            BranchValue::I64(x) => out.extend_from_slice(&x.to_be_bytes()),
            BranchValue::I32(x) => out.extend_from_slice(&x.to_be_bytes()),
            BranchValue::F32(x) => out.extend_from_slice(&x.to_be_bytes()),
            BranchValue::F64(x) => out.extend_from_slice(&x.to_be_bytes()),
            BranchValue::VecI32(s) => {
                out.extend_from_slice(&(s.len() as u32).to_be_bytes());
                put_slice!(out, s);
            }
            BranchValue::VecF32(s) => {
                out.extend_from_slice(&(s.len() as u32).to_be_bytes());
                put_slice!(out, s);
            }
            BranchValue::VecF64(s) => {
                out.extend_from_slice(&(s.len() as u32).to_be_bytes());
                put_slice!(out, s);
            }
            BranchValue::VecVecI32(j) => push_jagged(out, j, |o, r| put_slice!(o, r)),
            BranchValue::VecVecF32(j) => push_jagged(out, j, |o, r| put_slice!(o, r)),
            BranchValue::VecVecF64(j) => push_jagged(out, j, |o, r| put_slice!(o, r)),
        }
        self.nev += 1;
    }

    /// Takes the current basket's content, to be written with key length `keylen`
    /// (entry offsets count from the start of the key). Returns `None` if it is too large
    /// for ROOT's 32-bit basket fields.
    pub(crate) fn take_basket(&mut self, keylen: usize) -> Option<BasketPayload> {
        let data_len = self.data.len();
        if keylen + data_len + 4 * (self.nev + 2) > i32::MAX as usize {
            return None;
        }
        let mut payload = std::mem::take(&mut self.data);
        let nevbuf_size = if self.spec.ty.is_vector() {
            payload.reserve(4 * (self.nev + 2));
            payload.extend_from_slice(&((self.nev + 1) as i32).to_be_bytes());
            for s in &self.starts {
                payload.extend_from_slice(&((keylen as u32) + s).to_be_bytes());
            }
            payload.extend_from_slice(&0i32.to_be_bytes());
            let before = self.entry_offset_len;
            // ROOT's TBranch::WriteBasketImpl resizes the offset table hint.
            let n = self.nev as i32;
            if self.entry_offset_len > 10 && 4 * n < self.entry_offset_len {
                self.entry_offset_len = if n < 3 { 10 } else { 4 * n };
            } else if self.entry_offset_len != 0 && n > self.entry_offset_len {
                self.entry_offset_len = 2 * n;
            }
            before
        } else {
            self.spec.ty.elem_size() as i32
        };
        self.starts.clear();
        let nevbuf = self.nev as i32;
        self.nev = 0;
        Some(BasketPayload {
            payload,
            nevbuf,
            data_len,
            nevbuf_size,
        })
    }

    /// Gives back a written basket's buffer so the next basket reuses its memory.
    pub(crate) fn recycle(&mut self, mut buf: Vec<u8>) {
        if self.data.is_empty() && buf.capacity() > self.data.capacity() {
            buf.clear();
            self.data = buf;
        }
    }

    /// Records a basket written at `seek` with `nbytes` on disk and `objlen + keylen`
    /// uncompressed, ending at entry `last_entry` (exclusive).
    pub(crate) fn record_basket(
        &mut self,
        seek: u64,
        nbytes: i32,
        total_len: i64,
        last_entry: i64,
    ) {
        self.basket_bytes.push(nbytes);
        self.basket_seek.push(seek as i64);
        self.basket_entry.push(last_entry);
        self.tot_bytes += total_len;
        self.zip_bytes += i64::from(nbytes);
    }

    /// Serializes the branch (TBranch or TBranchElement with its leaf) into the TTree
    /// buffer; returns the reference tag of its leaf for the tree's fLeaves.
    pub(crate) fn serialize(&self, b: &mut WBuf, entries: i64, compress_setting: i32) -> u32 {
        let ty = self.spec.ty;
        let name = self.spec.name.as_str();
        if ty.is_vector() {
            let (mo, _) = b.begin_object("TBranchElement");
            let m = b.begin(10);
            let leaf = self.serialize_tbranch(b, name, 0x0050_0000, 99, entries, compress_setting);
            b.tstring(ty.root_name());
            b.tstring("");
            b.tstring("");
            b.u32(ty.class_checksum());
            b.i16(STL_CLASS_VERSION);
            b.i32(-1); // fID
            b.i32(0); // fType
            b.i32(-1); // fStreamerType
            b.i32(0); // fMaximum
            b.null_pointer(); // fBranchCount
            b.null_pointer(); // fBranchCount2
            b.end(m);
            b.end(mo);
            leaf
        } else {
            let (mo, _) = b.begin_object("TBranch");
            let title = format!("{name}/{}", ty.letter());
            let leaf = self.serialize_tbranch(b, &title, 0x0040_0000, 0, entries, compress_setting);
            b.end(mo);
            leaf
        }
    }

    fn serialize_tbranch(
        &self,
        b: &mut WBuf,
        title: &str,
        bits: u32,
        split_level: i32,
        entries: i64,
        compress_setting: i32,
    ) -> u32 {
        let nbaskets = self.basket_bytes.len();
        let max_baskets = (nbaskets + 1).max(10);
        let m = b.begin(13);
        b.tnamed(&self.spec.name, title, bits);
        let ma = b.begin(2); // TAttFill
        b.i16(0);
        b.i16(1001);
        b.end(ma);
        b.i32(compress_setting);
        b.i32(BASKET_SIZE);
        b.i32(self.entry_offset_len);
        b.i32(nbaskets as i32); // fWriteBasket
        b.i64(entries); // fEntryNumber
        write_io_features(b);
        b.i32(0); // fOffset
        b.i32(max_baskets as i32);
        b.i32(split_level);
        b.i64(entries);
        b.i64(0); // fFirstEntry
        b.i64(self.tot_bytes);
        b.i64(self.zip_bytes);
        write_objarray_header(b, 0, 0); // fBranches
        let ml = begin_objarray(b, 0, 1); // fLeaves
        let leaf = self.serialize_leaf(b);
        b.end(ml);
        // fBaskets: ROOT writes one empty slot per basket written, plus one.
        let mk = begin_objarray(b, 0, nbaskets as i32 + 1);
        for _ in 0..=nbaskets {
            b.null_pointer();
        }
        b.end(mk);
        b.u8(1);
        for i in 0..max_baskets {
            b.i32(self.basket_bytes.get(i).copied().unwrap_or(0));
        }
        b.u8(1);
        for i in 0..max_baskets {
            b.i64(if i <= nbaskets {
                self.basket_entry[i]
            } else {
                0
            });
        }
        b.u8(1);
        for i in 0..max_baskets {
            b.i64(self.basket_seek.get(i).copied().unwrap_or(0));
        }
        b.tstring(""); // fFileName
        b.end(m);
        leaf
    }

    fn serialize_leaf(&self, b: &mut WBuf) -> u32 {
        let ty = self.spec.ty;
        let name = self.spec.name.as_str();
        let (mo, tag) = b.begin_object(ty.leaf_class());
        let m = b.begin(1);
        let ml = b.begin(2); // TLeaf
        b.tnamed(name, name, 0);
        b.i32(1); // fLen
        b.i32(if ty.is_vector() {
            0
        } else {
            ty.elem_size() as i32
        }); // fLenType
        b.i32(0); // fOffset
        b.bool(false); // fIsRange
        b.bool(false); // fIsUnsigned
        b.null_pointer(); // fLeafCount
        b.end(ml);
        match ty {
            BranchType::I64 => {
                b.i64(0);
                b.i64(0);
            }
            BranchType::I32 => {
                b.i32(0);
                b.i32(0);
            }
            BranchType::F32 => {
                b.f32(0.0);
                b.f32(0.0);
            }
            BranchType::F64 => {
                b.f64(0.0);
                b.f64(0.0);
            }
            _ => {
                b.i32(-1); // fID
                b.i32(-1); // fType
            }
        }
        b.end(m);
        b.end(mo);
        tag
    }
}

fn push_jagged<T>(out: &mut Vec<u8>, j: &Jagged<T>, put: impl Fn(&mut Vec<u8>, &[T])) {
    out.extend_from_slice(&(j.rows() as u32).to_be_bytes());
    j.for_each_row(|r| {
        out.extend_from_slice(&(r.len() as u32).to_be_bytes());
        put(out, r);
    });
}

/// `ROOT::TIOFeatures` (a "foreign" class: version 0 followed by its checksum).
pub(crate) fn write_io_features(b: &mut WBuf) {
    let m = b.begin(0);
    b.u32(446770960);
    b.u8(0);
    b.end(m);
}

/// Opens an embedded TObjArray with `n` objects to follow.
pub(crate) fn begin_objarray(b: &mut WBuf, bits: u32, n: i32) -> super::wbuf::Mark {
    let m = b.begin(3);
    b.tobject(bits);
    b.tstring("");
    b.i32(n);
    b.i32(0); // fLowerBound
    m
}

/// An embedded empty TObjArray.
pub(crate) fn write_objarray_header(b: &mut WBuf, bits: u32, n: i32) {
    let m = begin_objarray(b, bits, n);
    b.end(m);
}
