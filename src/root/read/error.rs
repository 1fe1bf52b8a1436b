//! Errors of the ROOT reader: every error names the file and, when known, the object,
//! branch, basket and entry it happened in.

use std::fmt;
use std::path::PathBuf;

/// What went wrong, without the location (see [`RootError`]).
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The operating system refused a read.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The file has zero bytes.
    #[error("the file is empty")]
    Empty,
    /// The file does not start with the `root` magic bytes.
    #[error("not a ROOT file (no 'root' magic at the start)")]
    NotRoot,
    /// Data points past the end of the file (an interrupted copy, usually).
    #[error("truncated file: {0}")]
    Truncated(String),
    /// Bytes that cannot be what the format says (flipped bytes, wrong offsets).
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// A valid ROOT construct this reader does not handle.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A key, tree or branch that is not in the file.
    #[error("not found: {0}")]
    NotFound(String),
    /// A branch read with a Rust type that is not its element type.
    #[error("type mismatch: the branch holds {found}, it was read as {requested}")]
    TypeMismatch {
        /// The branch's type (C++ name).
        found: String,
        /// The requested type (C++ name of the Rust element type and layout).
        requested: String,
    },
    /// An entry range outside the tree.
    #[error("entry range {start}..{end} is outside the tree's {entries} entries")]
    EntryRange {
        /// First entry asked for.
        start: u64,
        /// One past the last entry asked for.
        end: u64,
        /// Entries in the tree.
        entries: u64,
    },
}

/// An error of the ROOT reader: the file, where in it (object, branch, basket, entry) and
/// what went wrong.
#[derive(Debug)]
pub struct RootError {
    /// The file being read.
    pub file: PathBuf,
    /// Where in the file, e.g. `tree recosimdumper/caloTree, branch pfCluster_energy,
    /// basket 3 (entries 120..180)`; empty when the error is about the whole file.
    pub location: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl fmt::Display for RootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.kind)
        } else {
            write!(
                f,
                "{}: {}: {}",
                self.file.display(),
                self.location,
                self.kind
            )
        }
    }
}

/// The message already includes the cause (e.g. the I/O error), so no `source` is chained.
impl std::error::Error for RootError {}

impl RootError {
    /// An error about `file` at `location` (may be empty).
    pub fn new(file: impl Into<PathBuf>, location: impl Into<String>, kind: ErrorKind) -> Self {
        RootError {
            file: file.into(),
            location: location.into(),
            kind,
        }
    }

    /// Prepends `outer` to the location (`outer, inner`).
    pub fn within(mut self, outer: &str) -> Self {
        if self.location.is_empty() {
            self.location = outer.to_string();
        } else if !outer.is_empty() {
            self.location = format!("{outer}, {}", self.location);
        }
        self
    }
}

/// Result of the reader.
pub type Result<T, E = RootError> = std::result::Result<T, E>;

/// Result of low-level parsing that does not know its file yet.
pub(crate) type KResult<T> = std::result::Result<T, ErrorKind>;

/// Shorthand for a [`ErrorKind::Corrupt`] error.
pub(crate) fn corrupt(msg: impl Into<String>) -> ErrorKind {
    ErrorKind::Corrupt(msg.into())
}

/// Shorthand for an [`ErrorKind::Unsupported`] error.
pub(crate) fn unsupported(msg: impl Into<String>) -> ErrorKind {
    ErrorKind::Unsupported(msg.into())
}
