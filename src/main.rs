//! The `scwin` command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// DeepSC training windows from CMS ECAL dumper files.
#[derive(Debug, Parser)]
#[command(name = "scwin", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert NDJSON windows (scwin's or the original scripts') to TFRecords.
    Convert(scwin::cli::convert::ConvertArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Convert(args) => scwin::cli::convert::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scwin: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
