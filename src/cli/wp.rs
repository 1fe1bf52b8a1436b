//! `scwin derive-wp`: derive a simfraction working point from dumper files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::inputs;
use super::params::WindowArgs;
use crate::dumper::DumperFile;
use crate::export::atomic::AtomicFile;
use crate::truth::derive::{Deriver, to_correctionlib};

/// Derive a working point: per (seed Et, |seed eta|) bin, the simfraction threshold that
/// minimises the effective sigma of (seed + matched clusters above it) / E_true.
#[derive(Debug, Args)]
pub struct DeriveWpArgs {
    /// Dumper files, directories or globs. Default: the bundled sample.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output correctionlib JSON file (usable with --wp).
    #[arg(short, long, value_name = "FILE")]
    pub out: PathBuf,
    /// Description stored in the JSON.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    #[command(flatten)]
    pub window: WindowArgs,
}

pub fn run(args: &DeriveWpArgs) -> anyhow::Result<ExitCode> {
    let files = if args.inputs.is_empty() {
        inputs::bundled_sample()?
    } else {
        inputs::expand(&args.inputs)?
    };
    let params = args.window.params()?;
    let mut deriver = Deriver::new(&params);
    let mut events = 0u64;
    for path in &files {
        let file = DumperFile::open(path, &params.association)?;
        for range in file.entry_ranges(256) {
            let batch = file.read_range(range)?;
            for ev in batch.events() {
                if file.validate(&ev).is_ok() {
                    deriver.add_event(&ev);
                    events += 1;
                }
            }
        }
    }
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let description = args.description.clone().unwrap_or_else(|| {
        format!(
            "simfraction thresholds minimising sigma_eff, derived by scwin {} from {}",
            env!("CARGO_PKG_VERSION"),
            names.join(", ")
        )
    });
    let (map, bins) = deriver.finish(&args.out.display().to_string());
    let mut f = AtomicFile::create(&args.out)?;
    f.write_all(to_correctionlib(&map, &description).as_bytes())?;
    f.commit()?;
    let fallback = bins.iter().filter(|b| b.from_global).count();
    println!(
        "{} events, {} calo-matched windows: {} of {} bins derived, {fallback} bins with fewer windows took the global threshold",
        events,
        deriver.windows(),
        bins.len() - fallback,
        bins.len()
    );
    println!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
