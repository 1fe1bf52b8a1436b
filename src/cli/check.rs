//! `scwin check FILE... [--threads N]`: decode every basket of every branch the windows need,
//! for every entry, validate every event, and report each file as good or bad. Exit code 1
//! when any file is bad.
//!
//! A file is bad when it cannot be opened, lacks the dumper schema, or a basket fails to
//! decode. Events failing validation (`dumper::validate`) are counted and the first one is
//! shown; with `--strict` they make the file bad too.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::dumper::{DumperFile, schema};

use super::{human_bytes, thousands};

/// Arguments of `scwin check`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dumper ROOT files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Path of the tree in the file.
    #[arg(long, default_value = schema::TREE_PATH)]
    pub tree: String,
    /// Association strategy: the scores branch is `pfCluster_<ASSOCIATION>`.
    #[arg(long, default_value = schema::DEFAULT_ASSOCIATION)]
    pub association: String,
    /// Invalid events make a file bad.
    #[arg(long)]
    pub strict: bool,
    /// Entries decoded per task (cut at basket boundaries when possible). Default: one basket
    /// cluster per task, so that every basket is decoded once. Memory is about threads x one
    /// range.
    #[arg(long)]
    pub range_entries: Option<u64>,
}

/// The outcome of checking one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileCheck {
    /// Events decoded.
    pub events: u64,
    /// Events that failed validation.
    pub invalid: u64,
    /// The first invalid event: entry and problem.
    pub first_invalid: Option<(u64, String)>,
    /// Compressed bytes of the branches decoded.
    pub zip_bytes: u64,
    /// Uncompressed bytes of the branches decoded.
    pub raw_bytes: u64,
    /// Optional branches present with an unexpected type (ignored).
    pub warnings: Vec<String>,
}

/// Decodes and validates every event of `path` on the current rayon pool.
pub fn check_file(path: &Path, args: &Args) -> anyhow::Result<FileCheck> {
    let f = DumperFile::open_tree(path, &args.tree, &args.association)?;
    let names = f.branches_read();
    let (mut zip_bytes, mut raw_bytes) = (0u64, 0u64);
    for n in &names {
        if let Some(b) = f.tree().get_branch(n) {
            zip_bytes += b.zip_bytes;
            raw_bytes += b.tot_bytes;
        }
    }
    let invalid = AtomicU64::new(0);
    let ranges = match args.range_entries {
        Some(n) => f.entry_ranges(n),
        None => f.clusters(),
    };
    // As many ranges in flight as threads: memory stays at threads x one range.
    let per_round = rayon::current_num_threads().max(1);
    let mut firsts: Vec<Option<(u64, String)>> = Vec::new();
    for round in ranges.chunks(per_round) {
        let r: Vec<Option<(u64, String)>> = round
            .par_iter()
            .map(|r| -> anyhow::Result<Option<(u64, String)>> {
                let batch = f.read_range(r.clone())?;
                let mut first = None;
                for ev in batch.events() {
                    if let Err(p) = f.validate(&ev) {
                        invalid.fetch_add(1, Ordering::Relaxed);
                        if first.is_none() {
                            first = Some((ev.id.entry, p.to_string()));
                        }
                    }
                }
                Ok(first)
            })
            .collect::<anyhow::Result<_>>()?;
        firsts.extend(r);
    }
    Ok(FileCheck {
        events: f.entries(),
        invalid: invalid.into_inner(),
        first_invalid: firsts.into_iter().flatten().next(),
        zip_bytes,
        raw_bytes,
        warnings: f.schema().warnings(),
    })
}

/// Checks every file, one line each, then a throughput summary.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let start = Instant::now();
    let (mut good, mut bad) = (0usize, 0usize);
    let (mut events, mut zip, mut raw) = (0u64, 0u64, 0u64);
    for path in &args.files {
        match pool.install(|| check_file(path, args)) {
            Ok(c) => {
                events += c.events;
                zip += c.zip_bytes;
                raw += c.raw_bytes;
                let strict_bad = args.strict && c.invalid > 0;
                let mut line = format!(
                    "{}  {}  {} events",
                    if strict_bad { "BAD  " } else { "GOOD " },
                    path.display(),
                    thousands(c.events)
                );
                if let Some((entry, why)) = &c.first_invalid {
                    line.push_str(&format!(
                        ", {} invalid (first: entry {entry}: {why})",
                        thousands(c.invalid)
                    ));
                }
                println!("{line}");
                for w in &c.warnings {
                    println!("       warning: {w}");
                }
                if strict_bad {
                    bad += 1;
                } else {
                    good += 1;
                }
            }
            Err(e) => {
                bad += 1;
                let msg = format!("{e:#}");
                let path_s = path.display().to_string();
                // Errors start with the file name; do not repeat it.
                let msg = msg
                    .strip_prefix(&format!("{path_s}: "))
                    .unwrap_or(&msg)
                    .to_string();
                println!(
                    "BAD    {}  {}",
                    path.display(),
                    msg.replace('\n', "\n       ")
                );
            }
        }
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    println!(
        "checked {} file{} ({good} good, {bad} bad): {} events in {secs:.2} s on {threads} \
         thread{} — {} events/s, {}/s compressed, {}/s uncompressed",
        args.files.len(),
        if args.files.len() == 1 { "" } else { "s" },
        thousands(events),
        if threads == 1 { "" } else { "s" },
        thousands((events as f64 / secs) as u64),
        human_bytes((zip as f64 / secs) as u64),
        human_bytes((raw as f64 / secs) as u64),
    );
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
