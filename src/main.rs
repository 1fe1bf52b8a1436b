//! The `scwin` command line: parses arguments and calls one function per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use scwin::cli;

/// Build DeepSC training windows from CMS ECAL dumper files: inspect them in a terminal UI,
/// export them as NDJSON and TFRecord, produce datasets on batch systems.
#[derive(Debug, Parser)]
#[command(
    name = "scwin",
    version,
    about,
    long_about = None,
    propagate_version = true,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a command: dumper files (or directories, globs) to open in the inspector;
    /// none opens the bundled sample.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the windows of dumper files and write them as NDJSON and/or TFRecord.
    Export(Box<cli::export::ExportArgs>),
    /// Convert NDJSON windows (from scwin or the original scripts) to TFRecord.
    Convert(cli::convert::ConvertArgs),
    /// Derive a simfraction working point (correctionlib JSON) from dumper files.
    DeriveWp(cli::wp::DeriveWpArgs),
    /// Generate a realistic synthetic dumper file (the bundled sample is one).
    Sample(cli::sample::SampleArgs),
    /// Describe dumper files: tree, entries, compression, branches, schema.
    Info(cli::info::Args),
    /// Decode and validate every event of dumper files; exit 1 if any file is bad.
    Check(cli::check::Args),
    /// Produce a dataset on HTCondor or Slurm: submission folders, job status, resubmission.
    Batch(cli::batch::BatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Export(args)) => cli::export::run(args),
        Some(Command::Convert(args)) => cli::convert::run(args).map(|()| ExitCode::SUCCESS),
        Some(Command::DeriveWp(args)) => cli::wp::run(args),
        Some(Command::Sample(args)) => cli::sample::run(args),
        Some(Command::Info(args)) => cli::info::run(args),
        Some(Command::Check(args)) => cli::check::run(args),
        Some(Command::Batch(args)) => cli::batch::run(args),
        None => scwin::tui::run(&cli.files).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
