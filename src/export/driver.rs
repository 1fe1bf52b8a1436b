//! The export driver: runs the window builder over dumper files and writes NDJSON (and
//! TFRecord) outputs.
//!
//! Work is split into entry ranges of every input ("chunks", cut at basket boundaries by
//! the reader). Chunks are decoded, validated, built into windows and encoded on rayon, a
//! group at a time; results are then written strictly in (file, chunk) order, so the bytes
//! on disk do not depend on the number of threads. With gzip, each chunk is compressed by
//! its worker into its own gzip member (never an empty one), and members are concatenated.
//! Memory stays at one group of chunks, whatever the input size.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Source;
use super::atomic::AtomicFile;
use super::ndjson;
use super::tfrecord::{
    EncodedChunk, TfChunk, TfCompression, TfDatasetWriter, TfOptions, dataset_paths,
};
use crate::dumper::reader::DumperFile;
use crate::windows::Builder;

/// What to write and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub out_dir: PathBuf,
    pub ndjson: bool,
    /// gzip the NDJSON (`.ndjson.gz`), the default.
    pub gzip: bool,
    /// gzip level 0-9.
    pub gzip_level: u32,
    /// Worker threads (0 = all cores).
    pub threads: usize,
    /// Rewrite outputs that already exist.
    pub redo: bool,
    /// An invalid event fails its file instead of being skipped and counted.
    pub strict: bool,
    /// Entries per chunk (the unit of parallel work).
    pub chunk_entries: u64,
    /// TFRecord output (`calo_matched/`, `no_calo_matched/`, metadata), if asked.
    pub tfrecord: Option<TfExport>,
}

/// TFRecord settings of an export.
#[derive(Debug, Clone, Default)]
pub struct TfExport {
    /// Dataset name; `None` = the input's stem (one dataset per input).
    pub name: Option<String>,
    pub options: TfOptions,
    pub compression: TfCompression,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            out_dir: PathBuf::from("windows"),
            ndjson: true,
            gzip: true,
            gzip_level: 6,
            threads: 0,
            redo: false,
            strict: false,
            chunk_entries: 256,
            tfrecord: None,
        }
    }
}

/// Window counts by class (0 no calo, 1 calo-matched, 2 calo-matched main cluster).
pub type ClassCounts = [u64; 3];

/// What happened to one input.
#[derive(Debug, Clone, PartialEq)]
pub enum FileOutcome {
    Done {
        events: u64,
        invalid_events: u64,
        windows: ClassCounts,
        clusters: u64,
    },
    /// Every output already existed (use `redo` to rewrite).
    Skipped,
    Failed(String),
    Cancelled,
}

/// Progress reported while exporting (from the writing thread).
#[derive(Debug, Clone)]
pub enum Progress {
    /// Inputs opened: total entries to process (skipped files excluded).
    Started { files: usize, entries: u64 },
    /// More entries were processed.
    Entries(u64),
    /// An input finished (or was skipped, or failed).
    File { path: PathBuf, outcome: FileOutcome },
    /// A skipped invalid event (the first few per file are reported).
    InvalidEvent {
        path: PathBuf,
        entry: u64,
        problem: String,
    },
}

/// The result of an export.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: Vec<(PathBuf, FileOutcome)>,
    pub events: u64,
    pub invalid_events: u64,
    pub windows: ClassCounts,
    pub clusters: u64,
    pub bytes_written: u64,
    pub elapsed: Duration,
    pub cancelled: bool,
}

impl Summary {
    pub fn failed(&self) -> usize {
        self.files
            .iter()
            .filter(|(_, o)| matches!(o, FileOutcome::Failed(_)))
            .count()
    }

    pub fn total_windows(&self) -> u64 {
        self.windows.iter().sum()
    }
}

/// The outputs of one input.
#[derive(Debug, Clone)]
pub struct OutputPaths {
    pub ndjson: Option<PathBuf>,
    /// TFRecord dataset name (files from [`dataset_paths`]).
    pub tf_name: Option<String>,
    /// calo_matched, no_calo_matched and metadata files of the TFRecord dataset.
    pub tf_files: Vec<PathBuf>,
}

impl OutputPaths {
    fn all(&self) -> Vec<&Path> {
        self.ndjson
            .iter()
            .chain(self.tf_files.iter())
            .map(|p| p.as_path())
            .collect()
    }
}

/// The name outputs take from an input: its file name without `.root`.
pub fn input_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".to_string());
    name.strip_suffix(".root")
        .map(str::to_string)
        .unwrap_or(name)
}

/// Where the outputs of `input` go.
pub fn output_paths(opts: &ExportOptions, input: &Path) -> OutputPaths {
    let stem = input_stem(input);
    let tf_name = opts
        .tfrecord
        .as_ref()
        .map(|t| t.name.clone().unwrap_or_else(|| stem.clone()));
    let tf_files = tf_name
        .as_ref()
        .map(|n| {
            let (a, b, c) = dataset_paths(&opts.out_dir, n);
            vec![a, b, c]
        })
        .unwrap_or_default();
    OutputPaths {
        ndjson: opts.ndjson.then(|| {
            let ext = if opts.gzip { "ndjson.gz" } else { "ndjson" };
            opts.out_dir.join(format!("{stem}.{ext}"))
        }),
        tf_name,
        tf_files,
    }
}

/// How many invalid events per file are reported one by one.
const INVALID_REPORTED: u64 = 5;

/// Encoded output of one chunk.
#[derive(Default)]
struct ChunkOut {
    ndjson: Vec<u8>,
    tf: Option<EncodedChunk>,
    events: u64,
    invalid: Vec<(u64, String)>,
    windows: ClassCounts,
    clusters: u64,
}

/// One open input and its state while writing.
struct Input {
    path: PathBuf,
    display: String,
    file: DumperFile,
    ranges: Vec<Range<u64>>,
    outputs: OutputPaths,
}

struct Open {
    ndjson: Option<AtomicFile>,
    tf: Option<TfDatasetWriter>,
    events: u64,
    invalid: u64,
    windows: ClassCounts,
    clusters: u64,
    chunks_done: usize,
}

fn process_chunk(
    input: &Input,
    range: Range<u64>,
    builder: &Builder,
    opts: &ExportOptions,
) -> Result<ChunkOut, String> {
    let batch = input
        .file
        .read_range(range.clone())
        .map_err(|e| e.to_string())?;
    let compat = builder.params.compat();
    let src = Source {
        file: &input.display,
    };
    let mut out = ChunkOut::default();
    let mut tf = opts.tfrecord.as_ref().map(|_| TfChunk::new());
    let mut encoder = ndjson::NdjsonEncoder::new(compat);
    for i in 0..batch.len() {
        let ev = batch.event(i);
        if let Err(problem) = input.file.validate(&ev) {
            if opts.strict {
                return Err(format!("entry {}: {problem}", ev.id.entry));
            }
            out.invalid.push((ev.id.entry, problem.to_string()));
            continue;
        }
        out.events += 1;
        for w in builder.build(&ev) {
            out.windows[w.class() as usize] += 1;
            out.clusters += w.clusters.len() as u64;
            if opts.ndjson {
                encoder.write_window(&mut out.ndjson, &w, &ev, src);
            }
            if let (Some(chunk), Some(t)) = (tf.as_mut(), opts.tfrecord.as_ref()) {
                chunk.push_window(&w, &ev, &t.options);
            }
        }
        if out.events == 1 {
            // Size the buffer from the first event instead of growing it by doubling.
            out.ndjson
                .reserve(out.ndjson.len() * (batch.len() - i - 1) * 5 / 4);
        }
    }
    if let (Some(chunk), Some(t)) = (tf, opts.tfrecord.as_ref()) {
        out.tf = Some(chunk.finish(t.compression).map_err(|e| e.to_string())?);
    }
    if opts.gzip && !out.ndjson.is_empty() {
        out.ndjson = super::gzip(&out.ndjson, opts.gzip_level);
    }
    Ok(out)
}

/// Exports every input. Failures of one input do not stop the others; they are in the
/// summary. `progress` is called from the writing thread; `cancel` stops the export at the
/// next group of chunks, leaving no partial output.
pub fn export(
    inputs: &[PathBuf],
    builder: &Builder,
    opts: &ExportOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Summary {
    let t0 = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .expect("thread pool");
    let mut summary = pool.install(|| run(inputs, builder, opts, progress, cancel));
    summary.elapsed = t0.elapsed();
    summary
}

fn run(
    inputs: &[PathBuf],
    builder: &Builder,
    opts: &ExportOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Summary {
    let mut summary = Summary::default();
    let outcome = |summary: &mut Summary, path: &Path, o: FileOutcome| {
        progress(Progress::File {
            path: path.to_path_buf(),
            outcome: o.clone(),
        });
        summary.files.push((path.to_path_buf(), o));
    };

    // Open every input that has something to do (schema checked at open), in parallel.
    let association = builder.params.association.clone();
    let opened: Vec<(PathBuf, Result<Option<Input>, String>)> = inputs
        .par_iter()
        .map(|path| {
            let outputs = output_paths(opts, path);
            if !opts.redo && outputs.all().iter().all(|p| p.exists()) {
                return (path.clone(), Ok(None));
            }
            let r = DumperFile::open(path, &association)
                .map(|file| {
                    let ranges = file.entry_ranges(opts.chunk_entries);
                    Some(Input {
                        path: path.clone(),
                        display: path.display().to_string(),
                        file,
                        ranges,
                        outputs,
                    })
                })
                .map_err(|e| e.to_string());
            (path.clone(), r)
        })
        .collect();
    let mut work: Vec<Input> = Vec::new();
    for (path, r) in opened {
        match r {
            Ok(Some(input)) => work.push(input),
            Ok(None) => outcome(&mut summary, &path, FileOutcome::Skipped),
            Err(e) => outcome(&mut summary, &path, FileOutcome::Failed(e)),
        }
    }
    progress(Progress::Started {
        files: work.len(),
        entries: work.iter().map(|i| i.file.entries()).sum(),
    });

    // Every (input, chunk) in output order.
    let tasks: Vec<(usize, usize)> = work
        .iter()
        .enumerate()
        .flat_map(|(f, input)| (0..input.ranges.len()).map(move |c| (f, c)))
        .collect();
    let mut open: Vec<Option<Open>> = work.iter().map(|_| None).collect();
    let mut failed: Vec<Option<String>> = work.iter().map(|_| None).collect();
    // Inputs without entries still get (empty) outputs.
    // Two chunks per thread in flight: enough to keep threads busy, bounded memory.
    let group = rayon::current_num_threads().max(1) * 2;
    let mut next_task = 0;
    let finish_empty = |f: usize| work[f].ranges.is_empty();
    let mut pending_empty: Vec<usize> = (0..work.len()).filter(|&f| finish_empty(f)).collect();

    while next_task < tasks.len() || !pending_empty.is_empty() {
        if cancel.load(Ordering::Relaxed) {
            summary.cancelled = true;
            break;
        }
        let end = (next_task + group).min(tasks.len());
        let results: Vec<Result<ChunkOut, String>> = tasks[next_task..end]
            .par_iter()
            .map(|&(f, c)| {
                if cancel.load(Ordering::Relaxed) {
                    return Err("cancelled".to_string());
                }
                process_chunk(&work[f], work[f].ranges[c].clone(), builder, opts)
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            summary.cancelled = true;
            break;
        }
        let mut items: Vec<(usize, Option<Result<ChunkOut, String>>)> = tasks[next_task..end]
            .iter()
            .zip(results)
            .map(|(&(f, _), r)| (f, Some(r)))
            .collect();
        items.extend(pending_empty.drain(..).map(|f| (f, None)));
        next_task = end;

        for (f, r) in items {
            if failed[f].is_some() {
                continue;
            }
            let input = &work[f];
            let step = (|| -> Result<bool, String> {
                if open[f].is_none() {
                    let create = |p: &Option<PathBuf>| -> Result<Option<AtomicFile>, String> {
                        p.as_ref()
                            .map(|p| {
                                AtomicFile::create(p)
                                    .map_err(|e| format!("cannot create {}: {e}", p.display()))
                            })
                            .transpose()
                    };
                    let tf = match (&input.outputs.tf_name, opts.tfrecord.as_ref()) {
                        (Some(name), Some(t)) => Some(
                            TfDatasetWriter::create(&opts.out_dir, name, t.compression).map_err(
                                |e| format!("cannot create TFRecord dataset {name}: {e}"),
                            )?,
                        ),
                        _ => None,
                    };
                    open[f] = Some(Open {
                        ndjson: create(&input.outputs.ndjson)?,
                        tf,
                        events: 0,
                        invalid: 0,
                        windows: [0; 3],
                        clusters: 0,
                        chunks_done: 0,
                    });
                }
                let o = open[f].as_mut().expect("opened above");
                if let Some(r) = r {
                    let chunk = r?;
                    if let Some(w) = o.ndjson.as_mut() {
                        w.write_all(&chunk.ndjson)
                            .map_err(|e| format!("cannot write {}: {e}", w.dest().display()))?;
                        summary.bytes_written += chunk.ndjson.len() as u64;
                    }
                    if let (Some(w), Some(c)) = (o.tf.as_mut(), chunk.tf.as_ref()) {
                        w.write_chunk(c)
                            .map_err(|e| format!("cannot write TFRecord: {e}"))?;
                        summary.bytes_written += (c.no_calo.len() + c.calo.len()) as u64;
                    }
                    for (entry, problem) in chunk.invalid.iter() {
                        if o.invalid < INVALID_REPORTED {
                            progress(Progress::InvalidEvent {
                                path: input.path.clone(),
                                entry: *entry,
                                problem: problem.clone(),
                            });
                        }
                        o.invalid += 1;
                    }
                    progress(Progress::Entries(chunk.events + chunk.invalid.len() as u64));
                    o.events += chunk.events;
                    for k in 0..3 {
                        o.windows[k] += chunk.windows[k];
                    }
                    o.clusters += chunk.clusters;
                    o.chunks_done += 1;
                }
                Ok(o.chunks_done == input.ranges.len())
            })();
            match step {
                Ok(false) => {}
                Ok(true) => {
                    let o = open[f].take().expect("open");
                    let commit = || -> Result<(), String> {
                        if let Some(mut w) = o.ndjson {
                            if opts.gzip && o.windows.iter().sum::<u64>() == 0 {
                                // A valid, empty gzip file.
                                w.write_all(&super::gzip(&[], opts.gzip_level))
                                    .map_err(|e| e.to_string())?;
                            }
                            let dest = w.dest().to_path_buf();
                            w.commit()
                                .map_err(|e| format!("cannot finish {}: {e}", dest.display()))?;
                        }
                        if let Some(t) = o.tf {
                            t.finish()
                                .map_err(|e| format!("cannot finish the TFRecord dataset: {e}"))?;
                        }
                        Ok(())
                    };
                    match commit() {
                        Ok(()) => {
                            summary.events += o.events;
                            summary.invalid_events += o.invalid;
                            summary.clusters += o.clusters;
                            for k in 0..3 {
                                summary.windows[k] += o.windows[k];
                            }
                            outcome(
                                &mut summary,
                                &input.path,
                                FileOutcome::Done {
                                    events: o.events,
                                    invalid_events: o.invalid,
                                    windows: o.windows,
                                    clusters: o.clusters,
                                },
                            );
                        }
                        Err(e) => {
                            failed[f] = Some(e.clone());
                            outcome(&mut summary, &input.path, FileOutcome::Failed(e));
                        }
                    }
                }
                Err(e) => {
                    // Dropping the open outputs removes their temporary files.
                    open[f] = None;
                    let e = format!("{}: {e}", input.display);
                    failed[f] = Some(e.clone());
                    outcome(&mut summary, &input.path, FileOutcome::Failed(e));
                }
            }
        }
    }
    if summary.cancelled {
        // Inputs not yet finished: their open outputs are dropped (temporaries removed).
        drop(open);
        for input in &work {
            if !summary.files.iter().any(|(p, _)| p == &input.path) {
                outcome(&mut summary, &input.path, FileOutcome::Cancelled);
            }
        }
    }
    summary
}
