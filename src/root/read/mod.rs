//! A focused ROOT file reader: what scwin needs of the format, and nothing about physics.
//!
//! - [`RootFile`]: file header (32- and 64-bit variants), directories at any depth, keys
//!   (highest cycle wins), objects decompressed from ZLIB, LZMA, LZ4, ZSTD or stored raw.
//! - [`Tree`]: a TTree's branches (scalars, `vector<T>`, `vector<vector<T>>` of numbers) and
//!   [`Column`]s decoded over entry ranges, baskets in parallel on rayon.
//! - [`RootFile::th2`]: TH2F / TH2D into [`crate::root::hist::Th2`].
//!
//! Every error is a [`RootError`] naming the file and, when known, the object, branch,
//! basket and entry. Reads are bounded by the bytes present: corrupt or truncated files give
//! errors, never panics or huge allocations.
//!
//! ```no_run
//! use scwin::root::read::RootFile;
//! let f = RootFile::open("dumper.root")?;
//! let t = f.tree("recosimdumper/caloTree")?;
//! let e = t.read::<f32>("pfCluster_energy", 0..t.entries())?;
//! println!("{} clusters in entry 0", e.entry(0).len());
//! # Ok::<(), scwin::root::read::RootError>(())
//! ```

mod basket;
mod cache;
mod column;
mod compression;
mod cursor;
mod error;
mod file;
mod key;
mod th2;
mod tree;
mod tree_meta;
mod types;
mod xxhash;

pub use column::{AnyColumn, AnyColumnElement, Column};
pub use compression::{Algorithm, Compression};
pub use error::{ErrorKind, Result, RootError};
pub use file::{FileHeader, KeyEntry, RootFile};
pub use key::Key;
pub use tree::Tree;
pub use tree_meta::{BasketInfo, BranchInfo};
pub use types::{BranchKind, BranchType, ElemType, Element};
