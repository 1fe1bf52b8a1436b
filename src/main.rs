use clap::Parser;

/// scwin: DeepSC training windows from CMS ECAL dumper files.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Dumper files to open in the inspector (none: the bundled sample).
    files: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    scwin::tui::run(&cli.files)
}
