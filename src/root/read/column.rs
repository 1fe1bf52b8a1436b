//! Typed columns: the decoded values of one branch over an entry range, as flat buffers with
//! offsets, ready to be viewed as slices per entry without copying.

use std::ops::Range;

use super::basket::BasketData;
use super::error::{KResult, corrupt};
use super::types::{BranchKind, ElemType, Element};

/// Values of one branch over a range of entries.
///
/// - `Scalar`: `values[i]` is entry `i` (relative to [`Column::first_entry`]);
///   `entry_offsets` is empty.
/// - `Vector`: entry `i` is `values[entry_offsets[i]..entry_offsets[i + 1]]`.
/// - `VecVec`: entry `i` has rows `entry_offsets[i]..entry_offsets[i + 1]`; row `r` is
///   `values[row_offsets[r]..row_offsets[r + 1]]`. [`Column::rows`] gives the slice of
///   `row_offsets` for one entry: absolute offsets into `values`, the shape
///   `dumper::Jagged::new` takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Column<T> {
    kind: BranchKind,
    first_entry: u64,
    entry_offsets: Vec<usize>,
    row_offsets: Vec<usize>,
    values: Vec<T>,
}

impl<T: Element> Column<T> {
    /// An empty column of `kind` starting at `first_entry`.
    pub fn new(kind: BranchKind, first_entry: u64) -> Self {
        Column {
            kind,
            first_entry,
            entry_offsets: if kind == BranchKind::Scalar {
                Vec::new()
            } else {
                vec![0]
            },
            row_offsets: if kind == BranchKind::VecVec {
                vec![0]
            } else {
                Vec::new()
            },
            values: Vec::new(),
        }
    }

    /// Layout of the branch.
    pub fn kind(&self) -> BranchKind {
        self.kind
    }

    /// Entry number (in the tree) of the first entry of this column.
    pub fn first_entry(&self) -> u64 {
        self.first_entry
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        match self.kind {
            BranchKind::Scalar => self.values.len(),
            _ => self.entry_offsets.len() - 1,
        }
    }

    /// True when the column holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All values, flat.
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// Entry offsets (`len() + 1`; empty for scalars): into `values` for vectors, into the
    /// rows for `vector<vector<T>>`.
    pub fn entry_offsets(&self) -> &[usize] {
        &self.entry_offsets
    }

    /// Row offsets into `values` (`vector<vector<T>>` only; `rows + 1` long).
    pub fn row_offsets(&self) -> &[usize] {
        &self.row_offsets
    }

    /// The value of entry `i` of a scalar column.
    pub fn scalar(&self, i: usize) -> Option<T> {
        match self.kind {
            BranchKind::Scalar => self.values.get(i).copied(),
            _ => None,
        }
    }

    /// The values of entry `i`: one value for scalars, the vector for `vector<T>`, all
    /// values of all rows for `vector<vector<T>>`. Empty past the end.
    pub fn entry(&self, i: usize) -> &[T] {
        match self.kind {
            BranchKind::Scalar => self.values.get(i..i + 1).unwrap_or(&[]),
            BranchKind::Vector => {
                match (self.entry_offsets.get(i), self.entry_offsets.get(i + 1)) {
                    (Some(&a), Some(&b)) => &self.values[a..b],
                    _ => &[],
                }
            }
            BranchKind::VecVec => {
                let r = self.rows(i);
                match (r.first(), r.last()) {
                    (Some(&a), Some(&b)) => &self.values[a..b],
                    _ => &[],
                }
            }
        }
    }

    /// For `vector<vector<T>>`: the `rows + 1` row offsets of entry `i`, absolute into
    /// [`Column::values`]. `&[0]`-like single-element slice for an entry without rows; empty
    /// past the end or for other kinds.
    pub fn rows(&self, i: usize) -> &[usize] {
        if self.kind != BranchKind::VecVec {
            return &[];
        }
        match (self.entry_offsets.get(i), self.entry_offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.row_offsets[a..=b],
            _ => &[],
        }
    }

    /// Row `r` of entry `i` of a `vector<vector<T>>` column.
    pub fn row(&self, i: usize, r: usize) -> &[T] {
        let rows = self.rows(i);
        match (rows.get(r), rows.get(r + 1)) {
            (Some(&a), Some(&b)) => &self.values[a..b],
            _ => &[],
        }
    }

    /// A copy of entries `range` (relative to this column) as a column of their own.
    pub fn slice(&self, range: Range<usize>) -> Column<T> {
        let (a, b) = (range.start.min(self.len()), range.end.min(self.len()));
        let b = b.max(a);
        let first_entry = self.first_entry + a as u64;
        match self.kind {
            BranchKind::Scalar => Column {
                kind: self.kind,
                first_entry,
                entry_offsets: Vec::new(),
                row_offsets: Vec::new(),
                values: self.values[a..b].to_vec(),
            },
            BranchKind::Vector => {
                let base = self.entry_offsets[a];
                Column {
                    kind: self.kind,
                    first_entry,
                    entry_offsets: self.entry_offsets[a..=b].iter().map(|o| o - base).collect(),
                    row_offsets: Vec::new(),
                    values: self.values[base..self.entry_offsets[b]].to_vec(),
                }
            }
            BranchKind::VecVec => {
                let (ra, rb) = (self.entry_offsets[a], self.entry_offsets[b]);
                let (va, vb) = (self.row_offsets[ra], self.row_offsets[rb]);
                Column {
                    kind: self.kind,
                    first_entry,
                    entry_offsets: self.entry_offsets[a..=b].iter().map(|o| o - ra).collect(),
                    row_offsets: self.row_offsets[ra..=rb].iter().map(|o| o - va).collect(),
                    values: self.values[va..vb].to_vec(),
                }
            }
        }
    }

    /// Bytes of the column's buffers.
    pub fn heap_bytes(&self) -> usize {
        self.values.len() * std::mem::size_of::<T>()
            + (self.entry_offsets.len() + self.row_offsets.len()) * std::mem::size_of::<usize>()
    }

    /// Appends `other`, which must hold the entries right after this column's.
    pub(crate) fn append(&mut self, other: Column<T>) {
        if self.is_empty() && self.values.is_empty() {
            let first = self.first_entry;
            *self = other;
            self.first_entry = first;
            return;
        }
        match self.kind {
            BranchKind::Scalar => {}
            BranchKind::Vector => {
                let base = self.values.len();
                self.entry_offsets
                    .extend(other.entry_offsets[1..].iter().map(|o| o + base));
            }
            BranchKind::VecVec => {
                let base_rows = self.row_offsets.len() - 1;
                let base = self.values.len();
                self.entry_offsets
                    .extend(other.entry_offsets[1..].iter().map(|o| o + base_rows));
                self.row_offsets
                    .extend(other.row_offsets[1..].iter().map(|o| o + base));
            }
        }
        self.values.extend_from_slice(&other.values);
    }

    /// Decodes entries `range` (relative to the basket) of a basket into this column.
    pub(crate) fn decode_basket(&mut self, b: &BasketData, range: Range<usize>) -> KResult<()> {
        let size = T::TYPE.size();
        match self.kind {
            BranchKind::Scalar => {
                let data = b.data();
                if data.len() < b.nev * size {
                    return Err(corrupt(format!(
                        "basket has {} bytes for {} values of {size} bytes",
                        data.len(),
                        b.nev
                    )));
                }
                T::extend_from_be(
                    &mut self.values,
                    &data[range.start * size..range.end * size],
                );
            }
            BranchKind::Vector => {
                self.values.reserve(approx_values(b, &range, size, 10));
                for i in range {
                    let bytes = entry_bytes(b, i)?;
                    let (n, body) = vector_header(bytes, i)?;
                    if body.len() != n * size {
                        return Err(corrupt(format!(
                            "entry {i} of the basket: vector of {n} values in {} bytes",
                            body.len()
                        )));
                    }
                    T::extend_from_be(&mut self.values, body);
                    self.entry_offsets.push(self.values.len());
                }
            }
            BranchKind::VecVec => {
                self.values.reserve(approx_values(b, &range, size, 10));
                for i in range {
                    let bytes = entry_bytes(b, i)?;
                    let (n_rows, mut body) = vector_header(bytes, i)?;
                    if n_rows > body.len() / 4 {
                        return Err(corrupt(format!(
                            "entry {i} of the basket: {n_rows} rows in {} bytes",
                            body.len()
                        )));
                    }
                    for r in 0..n_rows {
                        let (n, rest) = split_count(body).ok_or_else(|| {
                            corrupt(format!("entry {i} of the basket: row {r} cut short"))
                        })?;
                        let len = n.checked_mul(size).filter(|&l| l <= rest.len()).ok_or_else(
                            || corrupt(format!("entry {i} of the basket: row {r} of {n} values runs past the entry")),
                        )?;
                        T::extend_from_be(&mut self.values, &rest[..len]);
                        self.row_offsets.push(self.values.len());
                        body = &rest[len..];
                    }
                    if !body.is_empty() {
                        return Err(corrupt(format!(
                            "entry {i} of the basket: {} bytes left after its rows",
                            body.len()
                        )));
                    }
                    self.entry_offsets.push(self.row_offsets.len() - 1);
                }
            }
        }
        Ok(())
    }
}

fn approx_values(b: &BasketData, range: &Range<usize>, size: usize, header: usize) -> usize {
    let Some(o) = &b.offsets else { return 0 };
    let bytes = o[range.end].saturating_sub(o[range.start]);
    bytes.saturating_sub(header * range.len()) / size
}

fn entry_bytes(b: &BasketData, i: usize) -> KResult<&[u8]> {
    b.entry(i).ok_or_else(|| {
        corrupt(format!(
            "entry {i} of the basket has no byte range (missing entry offsets)"
        ))
    })
}

fn split_count(b: &[u8]) -> Option<(usize, &[u8])> {
    let (head, rest) = b.split_first_chunk::<4>()?;
    let n = i32::from_be_bytes(*head);
    Some((usize::try_from(n).ok()?, rest))
}

/// An STL collection written object-wise: byte count (flagged) + version + `i32` size.
fn vector_header(bytes: &[u8], i: usize) -> KResult<(usize, &[u8])> {
    if bytes.len() < 10 {
        return Err(corrupt(format!(
            "entry {i} of the basket: {} bytes, too short for a vector",
            bytes.len()
        )));
    }
    let bc = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    if bc & super::cursor::K_BYTE_COUNT_MASK == 0 {
        return Err(corrupt(format!(
            "entry {i} of the basket: vector without byte count (0x{bc:08x})"
        )));
    }
    let count = (bc & !super::cursor::K_BYTE_COUNT_MASK) as usize;
    if count + 4 != bytes.len() {
        return Err(corrupt(format!(
            "entry {i} of the basket: byte count {count} for {} bytes",
            bytes.len() - 4
        )));
    }
    let (n, body) = split_count(&bytes[6..])
        .ok_or_else(|| corrupt(format!("entry {i} of the basket: negative vector size")))?;
    Ok((n, body))
}

/// A column of any element type, as returned by [`super::Tree::read_any`].
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum AnyColumn {
    Bool(Column<bool>),
    I8(Column<i8>),
    U8(Column<u8>),
    I16(Column<i16>),
    U16(Column<u16>),
    I32(Column<i32>),
    U32(Column<u32>),
    I64(Column<i64>),
    U64(Column<u64>),
    F32(Column<f32>),
    F64(Column<f64>),
}

macro_rules! any_dispatch {
    ($self:expr, $c:ident => $e:expr) => {
        match $self {
            AnyColumn::Bool($c) => $e,
            AnyColumn::I8($c) => $e,
            AnyColumn::U8($c) => $e,
            AnyColumn::I16($c) => $e,
            AnyColumn::U16($c) => $e,
            AnyColumn::I32($c) => $e,
            AnyColumn::U32($c) => $e,
            AnyColumn::I64($c) => $e,
            AnyColumn::U64($c) => $e,
            AnyColumn::F32($c) => $e,
            AnyColumn::F64($c) => $e,
        }
    };
}

impl AnyColumn {
    /// An empty column of element type `elem`.
    pub fn new(elem: ElemType, kind: BranchKind, first_entry: u64) -> Self {
        match elem {
            ElemType::Bool => AnyColumn::Bool(Column::new(kind, first_entry)),
            ElemType::I8 => AnyColumn::I8(Column::new(kind, first_entry)),
            ElemType::U8 => AnyColumn::U8(Column::new(kind, first_entry)),
            ElemType::I16 => AnyColumn::I16(Column::new(kind, first_entry)),
            ElemType::U16 => AnyColumn::U16(Column::new(kind, first_entry)),
            ElemType::I32 => AnyColumn::I32(Column::new(kind, first_entry)),
            ElemType::U32 => AnyColumn::U32(Column::new(kind, first_entry)),
            ElemType::I64 => AnyColumn::I64(Column::new(kind, first_entry)),
            ElemType::U64 => AnyColumn::U64(Column::new(kind, first_entry)),
            ElemType::F32 => AnyColumn::F32(Column::new(kind, first_entry)),
            ElemType::F64 => AnyColumn::F64(Column::new(kind, first_entry)),
        }
    }

    /// Element type.
    pub fn elem(&self) -> ElemType {
        match self {
            AnyColumn::Bool(_) => ElemType::Bool,
            AnyColumn::I8(_) => ElemType::I8,
            AnyColumn::U8(_) => ElemType::U8,
            AnyColumn::I16(_) => ElemType::I16,
            AnyColumn::U16(_) => ElemType::U16,
            AnyColumn::I32(_) => ElemType::I32,
            AnyColumn::U32(_) => ElemType::U32,
            AnyColumn::I64(_) => ElemType::I64,
            AnyColumn::U64(_) => ElemType::U64,
            AnyColumn::F32(_) => ElemType::F32,
            AnyColumn::F64(_) => ElemType::F64,
        }
    }

    /// Layout.
    pub fn kind(&self) -> BranchKind {
        any_dispatch!(self, c => c.kind())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        any_dispatch!(self, c => c.len())
    }

    /// True when the column holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of values (all entries, all rows).
    pub fn n_values(&self) -> usize {
        any_dispatch!(self, c => c.values().len())
    }

    /// A copy of entries `range` (relative to this column).
    pub fn slice(&self, range: Range<usize>) -> AnyColumn {
        macro_rules! sl {
            ($($v:ident),*) => {
                match self {
                    $(AnyColumn::$v(c) => AnyColumn::$v(c.slice(range)),)*
                }
            };
        }
        sl!(Bool, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64)
    }

    /// Bytes of the column's buffers.
    pub fn heap_bytes(&self) -> usize {
        any_dispatch!(self, c => c.heap_bytes())
    }

    /// Converts into a typed column; gives the column back when the type differs.
    pub fn into_typed<T: Element>(self) -> Result<Column<T>, AnyColumn> {
        T::from_any(self)
    }

    pub(crate) fn decode_basket(&mut self, b: &BasketData, range: Range<usize>) -> KResult<()> {
        any_dispatch!(self, c => c.decode_basket(b, range))
    }

    pub(crate) fn append(&mut self, other: AnyColumn) {
        macro_rules! app {
            ($($v:ident),*) => {
                match (self, other) {
                    $((AnyColumn::$v(a), AnyColumn::$v(b)) => a.append(b),)*
                    _ => {}
                }
            };
        }
        app!(Bool, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64)
    }
}

/// Conversion between typed and untyped columns (implemented for every [`Element`]).
pub trait AnyColumnElement: Sized {
    /// Unwraps the typed column, or gives the column back.
    fn from_any(c: AnyColumn) -> Result<Column<Self>, AnyColumn>;
    /// Wraps a typed column.
    fn into_any(c: Column<Self>) -> AnyColumn;
}

macro_rules! any_elem {
    ($t:ty, $v:ident) => {
        impl AnyColumnElement for $t {
            fn from_any(c: AnyColumn) -> Result<Column<Self>, AnyColumn> {
                match c {
                    AnyColumn::$v(c) => Ok(c),
                    other => Err(other),
                }
            }
            fn into_any(c: Column<Self>) -> AnyColumn {
                AnyColumn::$v(c)
            }
        }
    };
}

any_elem!(bool, Bool);
any_elem!(i8, I8);
any_elem!(u8, U8);
any_elem!(i16, I16);
any_elem!(u16, U16);
any_elem!(i32, I32);
any_elem!(u32, U32);
any_elem!(i64, I64);
any_elem!(u64, U64);
any_elem!(f32, F32);
any_elem!(f64, F64);
