//! `scwin convert`: NDJSON windows (made by scwin, or by the original scripts) to the
//! TFRecord dataset layout of outputs.md.
//!
//! Inputs may be plain or gzip-compressed (detected by content), including the original
//! scripts' `.tar.gz` archives: a record starts at the LAST `{"window_index"` of its line,
//! which skips the tar header before the first record; lines with only tar padding are
//! skipped. Lines are cut into fixed-size chunks that rayon encodes in parallel; chunks are
//! written in input order, so the output bytes do not depend on the number of threads.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::export::tfrecord::{
    EncodedChunk, TfChunk, TfCompression, TfDatasetSummary, TfDatasetWriter, TfOptions, Weights,
    encode_json_line,
};

/// Output formats of `scwin convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConvertFormat {
    /// `tf.train.SequenceExample` TFRecords in the calo_matched / no_calo_matched layout.
    Tfrecord,
}

/// Arguments of `scwin convert`.
#[derive(Debug, Clone, clap::Args)]
pub struct ConvertArgs {
    /// NDJSON window files: .ndjson, .ndjson.gz, or the original scripts' .tar.gz archives.
    #[arg(required = true, value_name = "WINDOWS")]
    pub inputs: Vec<PathBuf>,

    /// Output directory (gets calo_matched/, no_calo_matched/ and NAME_metadata.txt).
    #[arg(short, long, value_name = "OUTDIR", alias = "out")]
    pub output: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value = "tfrecord")]
    pub format: ConvertFormat,

    /// Dataset name: all inputs go into one dataset NAME. Without it, each input becomes
    /// its own dataset named after the file (extensions .gz/.tar/.ndjson/.json removed).
    #[arg(long)]
    pub name: Option<String>,

    /// ROOT file with a TH2 named `weight` (x: et_seed, y: ncls) giving each window's `wi`.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,

    /// Flavour flag `f` written for calo-matched windows (e.g. 11 electrons, 22 photons);
    /// windows without a calo get 0.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub flavour: i64,

    /// Compression of the TFRecord files (`compression_type` "GZIP" or "").
    #[arg(long, value_enum, default_value = "none")]
    pub tf_compression: TfCompression,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Warn about and skip lines that do not parse as windows (the original scripts did
    /// so silently) instead of stopping with an error.
    #[arg(long)]
    pub skip_bad_lines: bool,

    /// Lines per chunk (one gzip member per chunk and class). Changes the bytes of GZIP
    /// output, never the records.
    #[arg(long, default_value_t = 1024, hide = true)]
    pub chunk_lines: usize,
}

/// Reads the `weight` TH2 of a ROOT file.
///
/// The ROOT reader (`scwin::root::read`) is built on another branch; once it is merged
/// this is `Weights::from_th2(RootFile::open(path)?.th2("weight")?)`. Until then, a
/// [`Weights`] can be made from any [`crate::root::hist::Th2`] through the library.
/// Loads the TH2 `weight` (x: seed Et, y: number of clusters) of a ROOT file.
pub fn load_weights(path: &Path) -> Result<Weights> {
    let h = crate::root::read::RootFile::open(path)
        .and_then(|f| f.th2("weight"))
        .map_err(|e| anyhow::anyhow!("--weights: {e}"))?;
    Weights::from_th2(h).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Runs `scwin convert`.
pub fn run(args: &ConvertArgs) -> Result<()> {
    let ConvertFormat::Tfrecord = args.format;
    if args.chunk_lines == 0 {
        bail!("--chunk-lines must be at least 1");
    }
    let weights = args
        .weights
        .as_deref()
        .map(load_weights)
        .transpose()?
        .map(Arc::new);
    let opts = TfOptions {
        flavour: args.flavour,
        weights,
    };
    let jobs = datasets(args)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let settings = Settings {
        opts,
        compression: args.tf_compression,
        chunk_lines: args.chunk_lines,
        skip_bad_lines: args.skip_bad_lines,
    };
    for (name, inputs) in &jobs {
        let summary = pool.install(|| convert_dataset(&settings, &args.output, name, inputs))?;
        let [c0, c1, c2] = summary.counts;
        eprintln!(
            "{name}: {} windows (class 0: {c0}, 1: {c1}, 2: {c2}) -> {}, {}",
            c0 + c1 + c2,
            summary.calo_path.display(),
            summary.no_calo_path.display()
        );
    }
    Ok(())
}

/// How the records are made and written.
pub struct Settings {
    pub opts: TfOptions,
    pub compression: TfCompression,
    pub chunk_lines: usize,
    pub skip_bad_lines: bool,
}

/// The datasets to write: (name, inputs).
fn datasets(args: &ConvertArgs) -> Result<Vec<(String, Vec<PathBuf>)>> {
    if let Some(name) = &args.name {
        return Ok(vec![(name.clone(), args.inputs.clone())]);
    }
    let mut out: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for p in &args.inputs {
        let stem = dataset_stem(p);
        if stem.is_empty() {
            bail!(
                "{}: cannot name a dataset after this file; give --name",
                p.display()
            );
        }
        if let Some((_, prev)) = out.iter().find(|(n, _)| *n == stem) {
            bail!(
                "{} and {} would both be dataset `{stem}`; give --name to merge them",
                prev[0].display(),
                p.display()
            );
        }
        out.push((stem, vec![p.clone()]));
    }
    Ok(out)
}

/// The file name without its data extensions (`a.ndjson.gz` → `a`, `b.tar.gz` → `b`).
pub fn dataset_stem(p: &Path) -> String {
    let mut s = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let before = s.len();
        for ext in [".gz", ".tar", ".ndjson", ".jsonl", ".json", ".tgz"] {
            if s.len() > ext.len() && s.ends_with(ext) {
                s.truncate(s.len() - ext.len());
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Opens an input, decompressing gzip (all members) when the content starts with the gzip
/// magic bytes.
fn open_input(path: &Path) -> Result<Box<dyn BufRead>> {
    let f = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut br = BufReader::with_capacity(1 << 20, f);
    let gz = br
        .fill_buf()
        .with_context(|| format!("{}: cannot read", path.display()))?
        .starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(br),
        ))
    } else {
        Box::new(br)
    })
}

/// A run of consecutive lines of one input.
struct LineChunk {
    /// 1-based number of the first line.
    first_line: u64,
    data: Vec<u8>,
    /// End offset of each line in `data`.
    ends: Vec<usize>,
}

/// Reads up to `max_lines` lines; `None` at end of input.
fn read_chunk(
    r: &mut dyn BufRead,
    first_line: u64,
    max_lines: usize,
) -> std::io::Result<Option<LineChunk>> {
    let mut c = LineChunk {
        first_line,
        data: Vec::new(),
        ends: Vec::with_capacity(max_lines),
    };
    while c.ends.len() < max_lines {
        if r.read_until(b'\n', &mut c.data)? == 0 {
            break;
        }
        c.ends.push(c.data.len());
    }
    Ok((!c.ends.is_empty()).then_some(c))
}

/// Encodes one chunk of lines. Bad lines are errors naming the file and line, or warnings
/// when skipping them.
fn encode_chunk(s: &Settings, file: &Path, c: &LineChunk) -> Result<(EncodedChunk, u64)> {
    let mut chunk = TfChunk::new();
    let mut skipped = 0;
    let mut start = 0;
    for (k, &end) in c.ends.iter().enumerate() {
        let line = &c.data[start..end];
        start = end;
        match encode_json_line(line, &s.opts) {
            Ok(Some((class, rec))) => chunk.push(class, &rec),
            Ok(None) => {}
            Err(e) => {
                let at = format!("{}:{}", file.display(), c.first_line + k as u64);
                if !s.skip_bad_lines {
                    bail!("{at}: {e}");
                }
                eprintln!("warning: {at}: {e} (line skipped)");
                skipped += 1;
            }
        }
    }
    let enc = chunk
        .finish(s.compression)
        .with_context(|| format!("{}: compressing records", file.display()))?;
    Ok((enc, skipped))
}

/// Converts `inputs`, in order, into the dataset `name` in `out_dir`.
pub fn convert_dataset(
    s: &Settings,
    out_dir: &Path,
    name: &str,
    inputs: &[PathBuf],
) -> Result<TfDatasetSummary> {
    let mut writer = TfDatasetWriter::create(out_dir, name, s.compression)
        .with_context(|| format!("creating dataset `{name}` in {}", out_dir.display()))?;
    let batch = rayon::current_num_threads() * 4;
    let mut skipped = 0;
    for input in inputs {
        let mut r = open_input(input)?;
        let mut line = 1u64;
        loop {
            let mut chunks = Vec::with_capacity(batch);
            while chunks.len() < batch {
                let c = read_chunk(&mut *r, line, s.chunk_lines)
                    .with_context(|| format!("{}:{line}: cannot read", input.display()))?;
                let Some(c) = c else { break };
                line += c.ends.len() as u64;
                chunks.push(c);
            }
            if chunks.is_empty() {
                break;
            }
            let encoded: Vec<Result<(EncodedChunk, u64)>> = chunks
                .par_iter()
                .map(|c| encode_chunk(s, input, c))
                .collect();
            for e in encoded {
                let (chunk, skip) = e?;
                skipped += skip;
                writer
                    .write_chunk(&chunk)
                    .with_context(|| format!("writing dataset `{name}`"))?;
            }
        }
    }
    if skipped > 0 {
        eprintln!("warning: {name}: {skipped} bad lines skipped");
    }
    writer
        .finish()
        .with_context(|| format!("finishing dataset `{name}`"))
}
