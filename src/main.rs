//! The `scwin` command line: parses arguments and calls one function per subcommand.

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
    /// Describe dumper files: tree, entries, compression, branches, schema.
    Info(scwin::cli::info::Args),
    /// Decode and validate every event of dumper files; exit 1 if any file is bad.
    Check(scwin::cli::check::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Info(args) => scwin::cli::info::run(args),
        Command::Check(args) => scwin::cli::check::run(args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("scwin: {e:#}");
        ExitCode::from(2)
    })
}
