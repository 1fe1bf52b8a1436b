//! Element types and branch layouts the reader decodes, and the [`Element`] trait that ties
//! them to Rust types.

use std::fmt;

/// A fundamental element type of a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElemType {
    /// `bool` / `Bool_t` (1 byte).
    Bool,
    /// `char` / `Char_t`.
    I8,
    /// `unsigned char` / `UChar_t`.
    U8,
    /// `short` / `Short_t`.
    I16,
    /// `unsigned short` / `UShort_t`.
    U16,
    /// `int` / `Int_t`.
    I32,
    /// `unsigned int` / `UInt_t`.
    U32,
    /// `long`, `long long`, `Long64_t` (8 bytes on disk).
    I64,
    /// `unsigned long`, `unsigned long long`, `ULong64_t`.
    U64,
    /// `float` / `Float_t`.
    F32,
    /// `double` / `Double_t`.
    F64,
}

impl ElemType {
    /// Bytes per value on disk.
    pub fn size(self) -> usize {
        match self {
            ElemType::Bool | ElemType::I8 | ElemType::U8 => 1,
            ElemType::I16 | ElemType::U16 => 2,
            ElemType::I32 | ElemType::U32 | ElemType::F32 => 4,
            ElemType::I64 | ElemType::U64 | ElemType::F64 => 8,
        }
    }

    /// ROOT's typedef name (`Int_t`, `Float_t`, `Long64_t`, ...), used for scalar branches.
    pub fn root_name(self) -> &'static str {
        match self {
            ElemType::Bool => "Bool_t",
            ElemType::I8 => "Char_t",
            ElemType::U8 => "UChar_t",
            ElemType::I16 => "Short_t",
            ElemType::U16 => "UShort_t",
            ElemType::I32 => "Int_t",
            ElemType::U32 => "UInt_t",
            ElemType::I64 => "Long64_t",
            ElemType::U64 => "ULong64_t",
            ElemType::F32 => "Float_t",
            ElemType::F64 => "Double_t",
        }
    }

    /// The C++ name (`int`, `float`, ...), used inside `vector<...>`.
    pub fn cpp_name(self) -> &'static str {
        match self {
            ElemType::Bool => "bool",
            ElemType::I8 => "char",
            ElemType::U8 => "unsigned char",
            ElemType::I16 => "short",
            ElemType::U16 => "unsigned short",
            ElemType::I32 => "int",
            ElemType::U32 => "unsigned int",
            ElemType::I64 => "long",
            ElemType::U64 => "unsigned long",
            ElemType::F32 => "float",
            ElemType::F64 => "double",
        }
    }

    /// Parses a C++ or ROOT element type name (`float`, `Float_t`, `unsigned int`,
    /// `long long`, `int32_t`, ...).
    pub fn from_cpp(name: &str) -> Option<ElemType> {
        let n = name.trim();
        Some(match n {
            "bool" | "Bool_t" => ElemType::Bool,
            "char" | "Char_t" | "signed char" | "int8_t" => ElemType::I8,
            "unsigned char" | "UChar_t" | "uint8_t" => ElemType::U8,
            "short" | "Short_t" | "short int" | "int16_t" => ElemType::I16,
            "unsigned short" | "UShort_t" | "unsigned short int" | "uint16_t" => ElemType::U16,
            "int" | "Int_t" | "int32_t" => ElemType::I32,
            "unsigned int" | "UInt_t" | "unsigned" | "uint32_t" => ElemType::U32,
            "long" | "Long_t" | "long long" | "Long64_t" | "long int" | "int64_t" => ElemType::I64,
            "unsigned long" | "ULong_t" | "unsigned long long" | "ULong64_t" | "uint64_t" => {
                ElemType::U64
            }
            "float" | "Float_t" => ElemType::F32,
            "double" | "Double_t" => ElemType::F64,
            _ => return None,
        })
    }
}

impl fmt::Display for ElemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cpp_name())
    }
}

/// How entries of a branch are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BranchKind {
    /// One value per entry (a leaf like `x/I`).
    Scalar,
    /// `vector<T>`: a variable number of values per entry.
    Vector,
    /// `vector<vector<T>>`: a variable number of rows per entry, of variable length.
    VecVec,
}

/// The decoded type of a branch: its layout and element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BranchType {
    /// Layout.
    pub kind: BranchKind,
    /// Element type.
    pub elem: ElemType,
}

impl BranchType {
    /// A scalar of `elem`.
    pub fn scalar(elem: ElemType) -> Self {
        BranchType {
            kind: BranchKind::Scalar,
            elem,
        }
    }

    /// A `vector<elem>`.
    pub fn vector(elem: ElemType) -> Self {
        BranchType {
            kind: BranchKind::Vector,
            elem,
        }
    }

    /// A `vector<vector<elem>>`.
    pub fn vecvec(elem: ElemType) -> Self {
        BranchType {
            kind: BranchKind::VecVec,
            elem,
        }
    }

    /// The normalized type name: `Int_t` (ROOT typedefs for scalars), `vector<float>`,
    /// `vector<vector<double>>` (C++ names inside, no space between closing brackets).
    pub fn name(&self) -> String {
        match self.kind {
            BranchKind::Scalar => self.elem.root_name().to_string(),
            BranchKind::Vector => format!("vector<{}>", self.elem.cpp_name()),
            BranchKind::VecVec => format!("vector<vector<{}>>", self.elem.cpp_name()),
        }
    }

    /// Parses `vector<T>` / `vector<vector<T> >` (with or without `std::`, any spacing).
    pub fn parse_stl(class_name: &str) -> Option<BranchType> {
        let s: String = class_name.replace("std::", "");
        let s = s.trim();
        let inner = strip_vector(s)?;
        if let Some(inner2) = strip_vector(inner) {
            return ElemType::from_cpp(inner2).map(BranchType::vecvec);
        }
        ElemType::from_cpp(inner).map(BranchType::vector)
    }
}

fn strip_vector(s: &str) -> Option<&str> {
    let s = s.trim();
    let rest = s.strip_prefix("vector")?.trim_start();
    let rest = rest.strip_prefix('<')?;
    let rest = rest.strip_suffix('>')?;
    // An allocator argument is not expected; reject it rather than misparse.
    if rest.contains(',') {
        return None;
    }
    Some(rest.trim())
}

impl fmt::Display for BranchType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A Rust type a branch can be decoded into: one per [`ElemType`].
pub trait Element:
    Copy + Send + Sync + Default + fmt::Debug + PartialEq + 'static + super::column::AnyColumnElement
{
    /// The matching element type.
    const TYPE: ElemType;
    /// Appends the big-endian values in `bytes` (a multiple of `TYPE.size()` long).
    fn extend_from_be(out: &mut Vec<Self>, bytes: &[u8]);
}

macro_rules! element_num {
    ($t:ty, $e:expr) => {
        impl Element for $t {
            const TYPE: ElemType = $e;
            #[inline]
            fn extend_from_be(out: &mut Vec<Self>, bytes: &[u8]) {
                const N: usize = std::mem::size_of::<$t>();
                out.extend(bytes.chunks_exact(N).map(|c| {
                    let mut a = [0u8; N];
                    a.copy_from_slice(c);
                    <$t>::from_be_bytes(a)
                }));
            }
        }
    };
}

element_num!(i8, ElemType::I8);
element_num!(u8, ElemType::U8);
element_num!(i16, ElemType::I16);
element_num!(u16, ElemType::U16);
element_num!(i32, ElemType::I32);
element_num!(u32, ElemType::U32);
element_num!(i64, ElemType::I64);
element_num!(u64, ElemType::U64);
element_num!(f32, ElemType::F32);
element_num!(f64, ElemType::F64);

impl Element for bool {
    const TYPE: ElemType = ElemType::Bool;
    fn extend_from_be(out: &mut Vec<Self>, bytes: &[u8]) {
        out.extend(bytes.iter().map(|&b| b != 0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stl_names() {
        assert_eq!(
            BranchType::parse_stl("vector<float>"),
            Some(BranchType::vector(ElemType::F32))
        );
        assert_eq!(
            BranchType::parse_stl("vector<vector<double> >"),
            Some(BranchType::vecvec(ElemType::F64))
        );
        assert_eq!(
            BranchType::parse_stl("std::vector<std::vector<int>>"),
            Some(BranchType::vecvec(ElemType::I32))
        );
        assert_eq!(
            BranchType::parse_stl("vector<unsigned int>"),
            Some(BranchType::vector(ElemType::U32))
        );
        assert_eq!(BranchType::parse_stl("vector<TLorentzVector>"), None);
        assert_eq!(BranchType::parse_stl("vector<vector<vector<int> > >"), None);
        assert_eq!(
            BranchType::vecvec(ElemType::F64).name(),
            "vector<vector<double>>"
        );
    }

    #[test]
    fn decodes_big_endian() {
        let mut v: Vec<f32> = Vec::new();
        f32::extend_from_be(&mut v, &1.5f32.to_be_bytes());
        assert_eq!(v, vec![1.5]);
        let mut w: Vec<i16> = Vec::new();
        i16::extend_from_be(&mut w, &[0xff, 0xfe, 0, 3]);
        assert_eq!(w, vec![-2, 3]);
    }
}
