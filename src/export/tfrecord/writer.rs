//! The TFRecord dataset layout (outputs.md): one conversion named NAME into OUT gives
//! `OUT/calo_matched/calomatch_NAME.proto` (classes 1 and 2),
//! `OUT/no_calo_matched/nocalomatch_NAME.proto` (class 0) and `OUT/NAME_metadata.txt`.
//!
//! Work is split in chunks: a worker encodes a chunk of windows into a [`TfChunk`], which
//! frames them and compresses each class's part as ONE gzip member (never an empty one);
//! the writer appends finished chunks in order. The bytes depend only on the chunking,
//! never on the number of threads.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::framing::{TfCompression, compress_chunk, frame_record};
use super::record::{TfOptions, encode_window};
use crate::dumper::Event;
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

/// A file written under a temporary name next to its final path, renamed on commit and
/// removed if dropped uncommitted.
struct PendingFile {
    tmp: PathBuf,
    dest: PathBuf,
    out: Option<BufWriter<File>>,
}

impl PendingFile {
    fn create(dest: PathBuf) -> io::Result<Self> {
        let file_name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{file_name}.{}.partial", std::process::id()));
        let f = File::create(&tmp)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", tmp.display())))?;
        Ok(PendingFile {
            tmp,
            dest,
            out: Some(BufWriter::with_capacity(1 << 20, f)),
        })
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.out {
            Some(w) => w
                .write_all(bytes)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", self.tmp.display()))),
            None => Err(io::Error::other("file already committed")),
        }
    }

    /// Flushes and syncs the temporary file (it stays under its temporary name).
    fn close(&mut self) -> io::Result<()> {
        if let Some(w) = self.out.take() {
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
        }
        Ok(())
    }

    fn rename(&mut self) -> io::Result<()> {
        fs::rename(&self.tmp, &self.dest).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "renaming {} to {}: {e}",
                    self.tmp.display(),
                    self.dest.display()
                ),
            )
        })?;
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            self.out.take();
            let _ = fs::remove_file(&self.tmp);
        }
    }
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
    calo: PendingFile,
    no_calo: PendingFile,
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
            calo: PendingFile::create(calo)?,
            no_calo: PendingFile::create(no_calo)?,
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
        self.no_calo.write(no_calo)?;
        self.calo.write(calo)?;
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
        self.calo.close()?;
        self.no_calo.close()?;
        let mut meta = PendingFile::create(self.metadata_path.clone())?;
        let mut text = String::new();
        for (class, n) in self.counts.iter().enumerate() {
            text.push_str(&format!("{};{class};{n}\n", self.name));
        }
        meta.write(text.as_bytes())?;
        meta.close()?;
        self.calo.rename()?;
        self.no_calo.rename()?;
        meta.rename()?;
        Ok(TfDatasetSummary {
            calo_path: self.calo.dest.clone(),
            no_calo_path: self.no_calo.dest.clone(),
            metadata_path: self.metadata_path.clone(),
            counts: self.counts,
        })
    }
}
