//! scwin: DeepSC training windows from CMS ECAL dumper files.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[allow(unused_imports)]
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
    // GATE(reader): Export(cli::export::ExportArgs),
    Sample(cli::sample::SampleArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<ExitCode> = match &cli.command {
        // GATE(reader): Some(Command::Export(args)) => cli::export::run(args),
        Some(Command::Sample(args)) => cli::sample::run(args),
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
