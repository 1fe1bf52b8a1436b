//! Background work: everything the update function asks for that does I/O or takes long.
//! Each job runs on its own thread (file-wide work fans out on rayon) and reports over the
//! one event channel as [`Msg`]s. Stale work stops early: every job carries the generation
//! of its request and gives up when a newer request of its kind exists.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use crossbeam_channel::Sender;
use rayon::prelude::*;

use super::msg::{Effect, ExportSpec, Filter, Msg};
use super::source::Inputs;
use super::stats::{Acc, disagrees};
use crate::truth::wp::ThresholdMap;
use crate::windows::Builder;

/// Entries per unit of work of the file summary (and per progress report).
const CHUNK: u64 = 64;

/// The job runner.
#[derive(Clone)]
pub struct Jobs {
    tx: Sender<Msg>,
    load_latest: Arc<AtomicU64>,
    summary_latest: Arc<AtomicU64>,
    export_cancel: Arc<AtomicBool>,
    running: Arc<AtomicUsize>,
    /// Set by [`Jobs::shutdown`]: every job stops at its next check.
    closed: Arc<AtomicBool>,
}

/// Decrements the running-jobs count when a job ends, even by panic.
struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Jobs {
    pub fn new(tx: Sender<Msg>) -> Self {
        Jobs {
            tx,
            load_latest: Arc::new(AtomicU64::new(0)),
            summary_latest: Arc::new(AtomicU64::new(0)),
            export_cancel: Arc::new(AtomicBool::new(false)),
            running: Arc::new(AtomicUsize::new(0)),
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Asks every running job to stop (the session is ending).
    pub fn shutdown(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.export_cancel.store(true, Ordering::SeqCst);
    }

    /// Number of jobs still running.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    fn spawn(&self, f: impl FnOnce(Sender<Msg>) + Send + 'static) {
        self.running.fetch_add(1, Ordering::SeqCst);
        let guard = Running(self.running.clone());
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let _guard = guard;
            f(tx);
        });
    }

    /// Starts the job of an effect. `SetMouse` and `Quit` belong to the terminal and are
    /// ignored here.
    pub fn perform(&self, fx: Effect) {
        match fx {
            Effect::Load { req, inputs, entry } => {
                self.load_latest.store(req, Ordering::SeqCst);
                self.spawn(move |tx| {
                    let result = inputs.event(entry).map(Arc::new);
                    let _ = tx.send(Msg::Loaded { req, entry, result });
                });
            }
            Effect::Seek {
                req,
                inputs,
                builder,
                from,
                forward,
                filter,
            } => {
                self.load_latest.store(req, Ordering::SeqCst);
                let latest = self.load_latest.clone();
                let closed = self.closed.clone();
                self.spawn(move |tx| {
                    let msg = seek(&inputs, &builder, from, forward, filter, &|| {
                        latest.load(Ordering::SeqCst) != req || closed.load(Ordering::SeqCst)
                    });
                    let _ = tx.send(match msg {
                        Some(Ok(entry)) => Msg::Loaded {
                            req,
                            entry,
                            result: inputs.event(entry).map(Arc::new),
                        },
                        Some(Err(e)) => Msg::Loaded {
                            req,
                            entry: from,
                            result: Err(e),
                        },
                        None => Msg::SeekExhausted { req },
                    });
                });
            }
            Effect::Summary {
                req,
                inputs,
                builder,
            } => {
                self.summary_latest.store(req, Ordering::SeqCst);
                let latest = self.summary_latest.clone();
                let closed = self.closed.clone();
                self.spawn(move |tx| {
                    let stale =
                        || latest.load(Ordering::SeqCst) != req || closed.load(Ordering::SeqCst);
                    let progress = |done, total| {
                        if tx.send(Msg::SummaryProgress { req, done, total }).is_err() {
                            // Nobody listens any more: stop.
                            closed.store(true, Ordering::SeqCst);
                        }
                    };
                    if let Some(result) = summarize(&inputs, &builder, &stale, &progress) {
                        let _ = tx.send(Msg::SummaryDone {
                            req,
                            result: result.map(|a| Arc::new(a.finish())),
                        });
                    }
                });
            }
            Effect::LoadWp { req, path, hist } => self.spawn(move |tx| {
                let result = match &path {
                    None => Ok(crate::truth::wp::default_map()),
                    Some(p) => ThresholdMap::load(p, &hist).map_err(|e| e.to_string()),
                };
                let _ = tx.send(Msg::WpLoaded {
                    req,
                    result: result.map(Arc::new),
                });
            }),
            Effect::Reopen {
                req,
                inputs,
                association,
            } => self.spawn(move |tx| {
                let result = inputs.with_association(&association);
                let _ = tx.send(Msg::Reopened { req, result });
            }),
            Effect::Save { path, text } => self.spawn(move |tx| {
                let r = save(&path, &text).map(|()| path.clone());
                let _ = tx.send(Msg::Saved(r));
            }),
            Effect::Export(spec) => {
                self.export_cancel.store(false, Ordering::SeqCst);
                let cancel = self.export_cancel.clone();
                self.spawn(move |tx| {
                    let r = export(&spec, &cancel, &|done, total| {
                        let _ = tx.send(Msg::ExportProgress { done, total });
                    });
                    let _ = tx.send(Msg::ExportDone(r));
                });
            }
            Effect::CancelExport => self.export_cancel.store(true, Ordering::SeqCst),
            Effect::SetMouse(_) | Effect::Quit => {}
        }
    }
}

/// Writes a file, creating its directory.
fn save(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Finds the next entry after (or before) `from` with a window passing `filter`.
/// `None` when there is none (or the request went stale).
pub fn seek(
    inputs: &Inputs,
    builder: &Builder,
    from: u64,
    forward: bool,
    filter: Filter,
    stale: &dyn Fn() -> bool,
) -> Option<Result<u64, String>> {
    let total = inputs.total();
    let passes = |w: &crate::windows::Window| {
        (!filter.calo || w.calo >= 0) && (!filter.disagree || disagrees(w))
    };
    let mut pos = from;
    loop {
        if stale() {
            return None;
        }
        let range = if forward {
            if pos + 1 >= total {
                return None;
            }
            pos + 1..(pos + 1 + CHUNK).min(total)
        } else {
            if pos == 0 {
                return None;
            }
            pos.saturating_sub(CHUNK)..pos
        };
        let mut hits = Vec::new();
        if let Err(e) = inputs.for_each(range.clone(), &mut |e, ev| {
            if builder.build(ev).iter().any(passes) {
                hits.push(e);
            }
        }) {
            return Some(Err(e));
        }
        let hit = if forward { hits.first() } else { hits.last() };
        if let Some(&e) = hit {
            return Some(Ok(e));
        }
        pos = if forward { range.end - 1 } else { range.start };
    }
}

/// Folds every entry of the inputs into an accumulator, on rayon. `None` when the request
/// went stale; progress is reported per chunk.
pub fn summarize(
    inputs: &Inputs,
    builder: &Builder,
    stale: &(dyn Fn() -> bool + Sync),
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Option<Result<Acc, String>> {
    let total = inputs.total();
    let chunks: Vec<u64> = (0..total.div_ceil(CHUNK)).collect();
    let done = AtomicU64::new(0);
    let result = chunks
        .par_iter()
        .map(|&c| -> Option<Result<Acc, String>> {
            if stale() {
                return None;
            }
            let range = c * CHUNK..((c + 1) * CHUNK).min(total);
            let n = range.end - range.start;
            let mut acc = Acc::new();
            let r = inputs.for_each(range, &mut |e, ev| {
                let w = builder.build(ev);
                acc.add_event(e, ev, &w);
            });
            let d = done.fetch_add(n, Ordering::SeqCst) + n;
            progress(d, total);
            Some(r.map(|()| acc))
        })
        .reduce_with(|a, b| match (a, b) {
            (Some(Ok(a)), Some(Ok(b))) => Some(Ok(a.merge(b))),
            (Some(Err(e)), _) | (_, Some(Err(e))) => Some(Err(e)),
            _ => None,
        });
    if stale() {
        return None;
    }
    match result {
        None => Some(Ok(Acc::new())),
        Some(r) => r,
    }
}

/// The export: files go through `scwin::export::driver` (what `scwin export` runs);
/// inputs without a file (synthetic) are written here as NDJSON.
fn export(
    spec: &ExportSpec,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<String, String> {
    match spec.inputs.paths() {
        Some(paths) => export_files(spec, &paths, cancel, progress),
        None => export_in_memory(spec, cancel, progress),
    }
}

/// Files: the export driver, with its progress and cancel flag.
fn export_files(
    spec: &ExportSpec,
    paths: &[PathBuf],
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<String, String> {
    use crate::export::driver::{self, ExportOptions, FileOutcome, Progress, TfExport};
    let opts = ExportOptions {
        out_dir: spec.out_dir.clone(),
        ndjson: spec.formats.ndjson(),
        tfrecord: spec.formats.tfrecord().then(TfExport::default),
        ..ExportOptions::default()
    };
    let total = AtomicU64::new(spec.inputs.total());
    let done = AtomicU64::new(0);
    let report = |p: Progress| match p {
        Progress::Started { entries, .. } => {
            total.store(entries, Ordering::SeqCst);
            progress(0, entries);
        }
        Progress::Entries(n) => {
            let d = done.fetch_add(n, Ordering::SeqCst) + n;
            progress(d, total.load(Ordering::SeqCst));
        }
        _ => {}
    };
    let s = driver::export(paths, &spec.builder, &opts, &report, cancel);
    if s.cancelled {
        return Err(format!(
            "cancelled after {} of {} events; no partial output left",
            s.events,
            total.load(Ordering::SeqCst)
        ));
    }
    let failed: Vec<String> = s
        .files
        .iter()
        .filter_map(|(p, o)| match o {
            FileOutcome::Failed(e) => Some(format!("{}: {e}", p.display())),
            _ => None,
        })
        .collect();
    let skipped = s
        .files
        .iter()
        .filter(|(_, o)| matches!(o, FileOutcome::Skipped))
        .count();
    let mut msg = format!(
        "{} windows (class 0/1/2: {}/{}/{}) from {} events -> {}",
        s.total_windows(),
        s.windows[0],
        s.windows[1],
        s.windows[2],
        s.events,
        spec.out_dir.display()
    );
    if s.invalid_events > 0 {
        msg.push_str(&format!(", {} invalid events skipped", s.invalid_events));
    }
    if skipped > 0 {
        msg.push_str(&format!(", {skipped} inputs already exported (skipped)"));
    }
    if failed.is_empty() {
        Ok(msg)
    } else {
        Err(format!("{msg}; failed: {}", failed.join("; ")))
    }
}

/// Inputs without a file: NDJSON written here with the crate's encoder, one file per input,
/// atomically (temporary file renamed on success).
fn export_in_memory(
    spec: &ExportSpec,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<String, String> {
    if spec.formats.tfrecord() {
        return Err(
            "TFRecord export reads dumper files; synthetic inputs export NDJSON only".into(),
        );
    }
    let out = &spec.out_dir;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let total = spec.inputs.total();
    let mut done = 0u64;
    let mut windows = 0u64;
    let mut files = Vec::new();
    let compat = spec.params.compat();
    for src in &spec.inputs.sources {
        let name = src.name();
        let stem = Path::new(&name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".into())
            .replace(':', "_");
        let path: PathBuf = out.join(format!("{stem}.ndjson"));
        let tmp = out.join(format!(".{stem}.ndjson.tmp"));
        let file = std::fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let mut w = std::io::BufWriter::new(file);
        let mut buf = Vec::new();
        let mut err: Option<String> = None;
        let n = src.entries();
        let mut entry = 0u64;
        while entry < n {
            if cancel.load(Ordering::SeqCst) {
                drop(w);
                let _ = std::fs::remove_file(&tmp);
                return Err(format!("cancelled after {done} of {total} events"));
            }
            let end = (entry + CHUNK).min(n);
            src.for_each(entry..end, &mut |_, ev| {
                for win in spec.builder.build(ev) {
                    buf.clear();
                    crate::export::ndjson::write_window(
                        &mut buf,
                        &win,
                        ev,
                        crate::export::Source { file: &name },
                        compat,
                    );
                    windows += 1;
                    if err.is_none()
                        && let Err(e) = w.write_all(&buf)
                    {
                        err = Some(e.to_string());
                    }
                }
            })?;
            if let Some(e) = err.take() {
                let _ = std::fs::remove_file(&tmp);
                return Err(format!("{}: {e}", tmp.display()));
            }
            done += end - entry;
            entry = end;
            progress(done, total);
        }
        w.flush().map_err(|e| format!("{}: {e}", tmp.display()))?;
        drop(w);
        std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.push(path.display().to_string());
    }
    Ok(format!(
        "{windows} windows from {total} events -> {}",
        files.join(", ")
    ))
}
