//! Writes ROOT files that real ROOT and uproot read back: a TTree in a TDirectory with
//! scalar (`Long64_t`, `Int_t`, `Float_t`, `Double_t`) and split `std::vector<T>` /
//! `std::vector<std::vector<T>>` branches (T = int, float, double), and TH2F histograms.
//!
//! ```no_run
//! use scwin::root::write::*;
//! # fn main() -> Result<(), WriteError> {
//! let mut w = RootWriter::create("out.root", Compression::zlib(1))?;
//! let mut t = w.tree(
//!     "recosimdumper/caloTree",
//!     "caloTree",
//!     &[
//!         BranchSpec::new("eventId", BranchType::I64),
//!         BranchSpec::new("pfCluster_energy", BranchType::VecF32),
//!         BranchSpec::new("pfClusterHit_ieta", BranchType::VecVecI32),
//!     ],
//! )?;
//! let energies = [1.5f32, 2.0];
//! let (offsets, ieta) = ([0u32, 2, 3], [1i32, 2, -5]);
//! t.fill(&[
//!     BranchValue::I64(1),
//!     BranchValue::VecF32(&energies),
//!     BranchValue::VecVecI32(Jagged::Flat { offsets: &offsets, values: &ieta }),
//! ])?;
//! t.finish()?;
//! w.close()?; // renames the temporary file to out.root
//! # Ok(()) }
//! ```
//!
//! Files: [`file`](mod@file) (header, keys, directories, free list, temp file and rename),
//! [`tree`] (clusters and the TTree record), [`branch`] (branch types, entry layout, TBranch
//! records), `streamers` (the StreamerInfo record), [`th2`] (TH2F), [`compress`] (ROOT's
//! compressed blocks).
//!
//! Guarantees:
//! - ROOT's layout: for the same tree or TH2F, the uncompressed file is byte-identical to
//!   what ROOT 6.40 writes, except dates and UUIDs (tests/root_write_layout.rs);
//! - deterministic: fixed date ([`DATIME`]) and UUIDs derived from the file's base name, so
//!   the same content gives the same bytes;
//! - atomic: the file is written as `.<name>.part-<pid>` next to the final path and renamed
//!   by [`RootWriter::close`]; dropping the writer removes it. A killed process (SIGKILL,
//!   Ctrl-C without unwinding) can leave the hidden `.part` file, never a partial file
//!   under the final name;
//! - bounded memory: one cluster of entries (see [`tree`]);
//! - files over 2 GB use ROOT's 64-bit header, keys and directory records.
//!
//! Not supported: other branch types, several trees written at the same time (one after
//! the other is fine), updating an existing file, TTree friends/indices, variable cluster
//! sizes (`fClusterRangeEnd`), and ROOT's old compression algorithm.

pub mod branch;
pub mod compress;
pub mod file;
mod streamer_table;
mod streamers;
pub mod th2;
pub mod tree;
mod wbuf;

use std::path::PathBuf;

pub use branch::{BranchSpec, BranchType, BranchValue, Jagged};
pub use compress::{Algorithm, Compression};
pub use file::{DATIME, RootWriter, WriterOptions};
pub use tree::{TreeOptions, TreeWriter};

/// Errors of the writer; each names the file being written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An I/O operation failed.
    #[error("{}: {what}: {source}", .path.display())]
    Io {
        /// The file being written (its final name).
        path: PathBuf,
        /// What was being done.
        what: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A bad argument (name, value of the wrong type, object too large, ...).
    #[error("{}: {message}", .path.display())]
    Invalid {
        /// The file being written (its final name).
        path: PathBuf,
        /// What is wrong (names the tree, branch, entry or object when known).
        message: String,
    },
}
