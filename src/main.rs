//! scwin: DeepSC training windows from CMS ECAL dumper files.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use scwin::cli;

/// Build DeepSC training windows from CMS ECAL dumper files: inspect them in a terminal UI,
/// export them as NDJSON and TFRecord, produce datasets on batch systems.
#[derive(Debug, Parser)]
#[command(name = "scwin", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the windows of dumper files and write them as NDJSON and/or TFRecord.
    Export(cli::export::ExportArgs),
    /// Produce a dataset on HTCondor or Slurm: submit files, job status, resubmission.
    Batch(cli::batch::BatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Export(args)) => cli::export::run(args),
        Some(Command::Batch(args)) => cli::batch::run(args),
        None => {
            eprintln!("scwin: give a command; see `scwin --help`");
            Ok(ExitCode::from(2))
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
