//! The TFRecord dataset layout (outputs.md): one conversion named NAME into OUT gives
//! `OUT/calo_matched/calomatch_NAME.proto` (classes 1 and 2),
//! `OUT/no_calo_matched/nocalomatch_NAME.proto` (class 0) and `OUT/NAME_metadata.txt`.
//!
//! Work is split in chunks: a worker encodes a chunk of windows into a [`TfChunk`], which
//! frames them and compresses each class's part as ONE gzip member (never an empty one);
//! the writer appends finished chunks in order. The bytes depend only on the chunking,
//! never on the number of threads.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::framing::{TfCompression, compress_chunk, frame_record};
use super::record::{TfOptions, encode_window};
use crate::dumper::Event;
use crate::export::atomic::AtomicFile;
use crate::windows::Window;

/// A chunk of records being built by one worker: framed, not yet compressed.
#[derive(Debug, Clone)]
pub struct TfChunk {
    no_calo: Vec<u8>,
    calo: Vec<u8>,
    counts: [u64; 3],
}

/// A finished chunk: per-file bytes ready to append (compressed if asked), and the number of
/// records of each class (0, 1, 2) it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncodedChunk {
    /// Bytes for `nocalomatch_NAME.proto` (class 0).
    pub no_calo: Vec<u8>,
    /// Bytes for `calomatch_NAME.proto` (classes 1 and 2).
    pub calo: Vec<u8>,
    /// Records of class 0, 1, 2.
    pub counts: [u64; 3],
}

impl Default for TfChunk {
    fn default() -> Self {
        Self::new()
    }
}

impl TfChunk {
    pub fn new() -> Self {
        TfChunk {
            no_calo: Vec::new(),
            calo: Vec::new(),
            counts: [0; 3],
        }
    }

    /// Adds one encoded record of class `class` (0, 1 or 2; anything above 2 counts as 2).
    pub fn push(&mut self, class: u8, record: &[u8]) {
        let class = class.min(2);
        self.counts[class as usize] += 1;
        let buf = if class == 0 {
            &mut self.no_calo
        } else {
            &mut self.calo
        };
        frame_record(buf, record);
    }

    /// Encodes and adds one window.
    pub fn push_window(&mut self, w: &Window, ev: &Event<'_>, opts: &TfOptions) {
        self.push(w.class(), &encode_window(w, ev, opts));
    }

    /// Records of class 0, 1, 2 so far.
    pub fn counts(&self) -> [u64; 3] {
        self.counts
    }

    /// Compresses each part (one gzip member each, none when a part is empty).
    pub fn finish(self, compression: TfCompression) -> io::Result<EncodedChunk> {
        Ok(EncodedChunk {
            no_calo: compress_chunk(self.no_calo, compression)?,
            calo: compress_chunk(self.calo, compression)?,
            counts: self.counts,
        })
    }
}

/// The three paths of a dataset named `name` in `out_dir`: (calo-matched file,
/// no-calo-matched file, metadata file).
pub fn dataset_paths(out_dir: &Path, name: &str) -> (PathBuf, PathBuf, PathBuf) {
    (
        out_dir
            .join("calo_matched")
            .join(format!("calomatch_{name}.proto")),
        out_dir
            .join("no_calo_matched")
            .join(format!("nocalomatch_{name}.proto")),
        out_dir.join(format!("{name}_metadata.txt")),
    )
}

/// What [`TfDatasetWriter::finish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfDatasetSummary {
    pub calo_path: PathBuf,
    pub no_calo_path: PathBuf,
    pub metadata_path: PathBuf,
    /// Records of class 0, 1, 2.
    pub counts: [u64; 3],
}

/// Writes one dataset in the outputs.md layout from chunks given in order. Files are
/// written under temporary names and renamed by [`TfDatasetWriter::finish`]; dropping the
/// writer without finishing removes them, so a final name never holds a partial file.
pub struct TfDatasetWriter {
    name: String,
    compression: TfCompression,
    calo: AtomicFile,
    no_calo: AtomicFile,
    metadata_path: PathBuf,
    counts: [u64; 3],
}

impl TfDatasetWriter {
    /// Creates `out_dir/calo_matched/` and `out_dir/no_calo_matched/` and opens the two
    /// record files (under temporary names). `name` must be non-empty and hold no path
    /// separator.
    pub fn create(out_dir: &Path, name: &str, compression: TfCompression) -> io::Result<Self> {
        if name.is_empty() || name.contains(['/', '\\', '\0']) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid dataset name {name:?}"),
            ));
        }
        let (calo, no_calo, metadata_path) = dataset_paths(out_dir, name);
        for p in [&calo, &no_calo] {
            let dir = p.parent().expect("has a parent");
            fs::create_dir_all(dir)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        }
        Ok(TfDatasetWriter {
            name: name.to_string(),
            compression,
            calo: AtomicFile::create(&calo)?,
            no_calo: AtomicFile::create(&no_calo)?,
            metadata_path,
            counts: [0; 3],
        })
    }

    /// The compression the chunks must be in.
    pub fn compression(&self) -> TfCompression {
        self.compression
    }

    /// Appends a finished chunk (compressed with [`TfDatasetWriter::compression`]).
    pub fn write_chunk(&mut self, chunk: &EncodedChunk) -> io::Result<()> {
        self.write_raw(&chunk.no_calo, &chunk.calo, chunk.counts)
    }

    /// Appends already framed (and compressed) bytes for each file, with the number of
    /// records of class 0, 1, 2 they hold.
    pub fn write_raw(&mut self, no_calo: &[u8], calo: &[u8], counts: [u64; 3]) -> io::Result<()> {
        self.no_calo.write_all(no_calo)?;
        self.calo.write_all(calo)?;
        for (c, n) in self.counts.iter_mut().zip(counts) {
            *c += n;
        }
        Ok(())
    }

    /// Records of class 0, 1, 2 written so far.
    pub fn counts(&self) -> [u64; 3] {
        self.counts
    }

    /// Closes the files, renames them to their final names, then writes the metadata file
    /// (`NAME;class;count` for classes 0, 1, 2) the same way.
    pub fn finish(mut self) -> io::Result<TfDatasetSummary> {
        // All three files are synced before any is renamed; the metadata comes last.
        self.calo.sync()?;
        self.no_calo.sync()?;
        let mut meta = AtomicFile::create(&self.metadata_path)?;
        let mut text = String::new();
        for (class, n) in self.counts.iter().enumerate() {
            text.push_str(&format!("{};{class};{n}\n", self.name));
        }
        meta.write_all(text.as_bytes())?;
        meta.sync()?;
        let summary = TfDatasetSummary {
            calo_path: self.calo.dest().to_path_buf(),
            no_calo_path: self.no_calo.dest().to_path_buf(),
            metadata_path: self.metadata_path.clone(),
            counts: self.counts,
        };
        self.calo.commit()?;
        self.no_calo.commit()?;
        meta.commit()?;
        Ok(summary)
    }
}
