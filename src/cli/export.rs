//! `scwin export`: windows of dumper files to NDJSON (and TFRecord).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, ValueEnum};

use super::inputs;
use super::params::WindowArgs;
use crate::export::driver::{self, ExportOptions, FileOutcome, Progress, TfExport};
use crate::export::tfrecord::{TfCompression, TfOptions};
use crate::windows::Builder;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Ndjson,
    Tfrecord,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TfCompressionArg {
    None,
    Gzip,
}

/// Build the windows of dumper files and write them as a dataset.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Dumper files, directories (every *.root inside) or globs. Default: the bundled sample.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output directory.
    #[arg(
        short,
        long,
        value_name = "OUTDIR",
        default_value = "windows",
        alias = "output"
    )]
    pub out: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "ndjson")]
    pub format: Format,
    /// TFRecord dataset name (default: the input's stem); needs a single input.
    #[arg(long, value_name = "NAME", help_heading = "TFRecord")]
    pub name: Option<String>,
    /// ROOT file with a TH2 `weight` (x: seed Et, y: number of clusters) for the `wi` weight.
    #[arg(long, value_name = "FILE", help_heading = "TFRecord")]
    pub weights: Option<PathBuf>,
    /// Flavour flag `f` written for calo-matched windows (e.g. 11 electrons, 22 photons).
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "TFRecord")]
    pub flavour: i64,
    /// Compression of the TFRecord files.
    #[arg(long, value_enum, default_value = "none", help_heading = "TFRecord")]
    pub tf_compression: TfCompressionArg,
    /// Write plain .ndjson instead of .ndjson.gz.
    #[arg(long)]
    pub no_gzip: bool,
    /// gzip compression level (0-9).
    #[arg(long, value_name = "0-9", default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..=9))]
    pub gzip_level: u32,
    /// Worker threads (default: all cores).
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub threads: usize,
    /// Rewrite outputs that already exist (by default a complete output is skipped).
    #[arg(long)]
    pub redo: bool,
    /// Fail a file on its first invalid event instead of skipping and counting them.
    #[arg(long)]
    pub strict: bool,
    /// Entries per unit of parallel work at most; units are cut at basket-cluster
    /// boundaries when possible, so that no basket is decoded twice.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub chunk: u64,
    /// No progress bar, only the summary.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub window: WindowArgs,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let files = if args.inputs.is_empty() {
        inputs::bundled_sample()?
    } else {
        inputs::expand(&args.inputs)?
    };
    let params = args.window.params()?;
    let builder = Builder::new(params)?;
    let tfrecord = if args.format == Format::Ndjson {
        None
    } else {
        if args.name.is_some() && files.len() > 1 {
            anyhow::bail!("--name names one TFRecord dataset: give a single input with it");
        }
        let weights = args
            .weights
            .as_deref()
            .map(super::convert::load_weights)
            .transpose()?
            .map(Arc::new);
        Some(TfExport {
            name: args.name.clone(),
            options: TfOptions {
                flavour: args.flavour,
                weights,
            },
            compression: match args.tf_compression {
                TfCompressionArg::None => TfCompression::None,
                TfCompressionArg::Gzip => TfCompression::Gzip,
            },
        })
    };
    let opts = ExportOptions {
        out_dir: args.out.clone(),
        ndjson: args.format != Format::Tfrecord,
        tfrecord,
        gzip: !args.no_gzip,
        gzip_level: args.gzip_level,
        threads: args.threads,
        redo: args.redo,
        strict: args.strict,
        chunk_entries: args.chunk.max(1),
    };
    // Two inputs must not write the same output.
    let mut seen = std::collections::HashMap::new();
    for f in &files {
        let stem = driver::input_stem(f);
        if let Some(prev) = seen.insert(stem.clone(), f.clone()) {
            anyhow::bail!(
                "{} and {} would both write {}/{stem}.*: rename one or export them separately",
                prev.display(),
                f.display(),
                opts.out_dir.display()
            );
        }
    }

    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        // Ctrl-C: stop at the next chunk group; temporary files are removed.
        let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed));
    }
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    if show_bar {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} events ({per_sec}, eta {eta}) {msg}",
            )
            .expect("valid template"),
        );
    }
    let progress = |p: Progress| {
        match p {
        Progress::Started { entries, .. } => bar.set_length(entries),
        Progress::Entries(n) => bar.inc(n),
        Progress::File { path, outcome } => {
            let msg = match outcome {
                FileOutcome::Done { .. } => return,
                FileOutcome::Skipped => format!(
                    "{}: skipped, outputs already exist (--redo rewrites them)",
                    path.display()
                ),
                FileOutcome::Failed(e) => format!("error: {e}"),
                FileOutcome::Cancelled => format!("{}: cancelled", path.display()),
            };
            bar.suspend(|| eprintln!("{msg}"));
        }
        Progress::InvalidEvent {
            path,
            entry,
            problem,
        } => bar.suspend(|| {
            eprintln!(
                "warning: {}: entry {entry}: {problem} (event skipped; --strict makes this an error)",
                path.display()
            )
        }),
    }
    };
    let summary = driver::export(&files, &builder, &opts, &progress, &cancel);
    bar.finish_and_clear();

    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    let [c0, c1, c2] = summary.windows;
    let total = summary.total_windows();
    let pct = |n: u64| {
        if total > 0 {
            100.0 * n as f64 / total as f64
        } else {
            0.0
        }
    };
    let done = summary
        .files
        .iter()
        .filter(|(_, o)| matches!(o, FileOutcome::Done { .. }))
        .count();
    let skipped = summary
        .files
        .iter()
        .filter(|(_, o)| matches!(o, FileOutcome::Skipped))
        .count();
    println!(
        "{done} file(s) written to {}, {skipped} skipped, {} failed",
        opts.out_dir.display(),
        summary.failed()
    );
    println!(
        "{} events ({} invalid, skipped), {total} windows: class 0/1/2 = {c0} / {c1} / {c2} ({:.1}% / {:.1}% / {:.1}%), {} clusters in windows ({:.1} per window)",
        summary.events,
        summary.invalid_events,
        pct(c0),
        pct(c1),
        pct(c2),
        summary.clusters,
        if total > 0 {
            summary.clusters as f64 / total as f64
        } else {
            0.0
        },
    );
    println!(
        "{:.2} s, {:.0} events/s, {:.1} MB written ({:.1} MB/s)",
        secs,
        summary.events as f64 / secs,
        summary.bytes_written as f64 / 1e6,
        summary.bytes_written as f64 / 1e6 / secs
    );
    if summary.cancelled {
        eprintln!("cancelled: unfinished outputs were removed");
        return Ok(ExitCode::from(130));
    }
    Ok(if summary.failed() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
