//! `scwin sample`: writes a synthetic dumper file (see [`crate::sample`]).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::root::write::Compression;
use crate::sample::write::write_dumper;
use crate::sample::{Config, DEFAULT_EVENTS, Generator, PuRange, Species};

/// Compression algorithm of the written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompressionArg {
    Zlib,
    Lzma,
    Lz4,
    Zstd,
    None,
}

impl CompressionArg {
    /// The algorithm at the level ROOT uses by default for it.
    pub fn compression(self) -> Compression {
        match self {
            CompressionArg::Zlib => Compression::zlib(1),
            CompressionArg::Lzma => Compression::lzma(1),
            CompressionArg::Lz4 => Compression::lz4(4),
            CompressionArg::Zstd => Compression::zstd(5),
            CompressionArg::None => Compression::none(),
        }
    }
}

/// Particles of the gun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParticleArg {
    Electron,
    Photon,
    Mixed,
}

impl From<ParticleArg> for Species {
    fn from(p: ParticleArg) -> Species {
        match p {
            ParticleArg::Electron => Species::Electron,
            ParticleArg::Photon => Species::Photon,
            ParticleArg::Mixed => Species::Mixed,
        }
    }
}

/// Write a synthetic dumper file: four electrons or photons per event (pT 1-100 GeV, one per
/// eta range), pile-up, hits, sim-fraction truth and Mustache SuperClusters, in
/// `recosimdumper/caloTree` with the dumper's branches and types. The same options give a
/// byte-identical file.
#[derive(Debug, Clone, Args)]
pub struct SampleArgs {
    /// Output ROOT file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Number of events.
    #[arg(long, default_value_t = DEFAULT_EVENTS)]
    pub events: u64,
    /// Random seed: event k depends only on (seed, k).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Particles of the gun ("mixed": each particle an electron, a positron or a photon).
    #[arg(long, value_enum, default_value_t = ParticleArg::Electron)]
    pub particle: ParticleArg,
    /// Pile-up range MIN:MAX, flat (the production samples: 55:75).
    #[arg(long, value_name = "MIN:MAX", default_value = "55:75")]
    pub pu: PuRange,
    /// Compression of the file (ROOT's default, zlib, as real dumper files).
    #[arg(long, value_enum, default_value_t = CompressionArg::Zlib)]
    pub compression: CompressionArg,
    /// Print nothing.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Events generated in parallel at a time, then written in order.
const CHUNK: u64 = 1024;

/// Runs `scwin sample`.
pub fn run(args: &SampleArgs) -> anyhow::Result<std::process::ExitCode> {
    let config = Config {
        events: args.events,
        seed: args.seed,
        species: args.particle.into(),
        pileup: args.pu,
    };
    let generator = Generator::new(config);
    let start = Instant::now();
    let written = write_dumper(
        &args.output,
        generator.chunks(CHUNK).flatten(),
        args.compression.compression(),
    )
    .with_context(|| format!("writing {}", args.output.display()))?;
    let secs = start.elapsed().as_secs_f64();
    if !args.quiet {
        println!(
            "wrote {}: {} events ({}, PU {}, seed {}), {} pfClusters ({:.0}/event), {} hits, \
             {:.2} MB ({:.1} kB/event, {:?}), {:.2} s ({:.0} events/s)",
            args.output.display(),
            written.events,
            config.species,
            config.pileup,
            config.seed,
            written.clusters,
            written.clusters as f64 / written.events.max(1) as f64,
            written.hits,
            written.bytes as f64 / 1e6,
            written.bytes as f64 / 1e3 / written.events.max(1) as f64,
            args.compression,
            secs,
            written.events as f64 / secs.max(1e-9),
        );
    }
    Ok(std::process::ExitCode::SUCCESS)
}
