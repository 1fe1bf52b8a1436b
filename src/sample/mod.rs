//! Synthetic dumper events: what `scwin sample` writes, and what tests and benchmarks run on.
//!
//! Real dumper files are not public, so [`Generator`] makes events with the dumper's
//! branches and the physics that shapes DeepSC windows (`shared/spec/sample.md`): four
//! particles per event (one per eta range, pT flat 1-100 GeV), electrons that radiate
//! bremsstrahlung along phi on the side of their charge, photons that sometimes convert,
//! a few hundred pile-up clusters, hits on real ECAL crystals, sim-fraction truth, and
//! Mustache SuperClusters made with the same code as the truth labels.
//!
//! Event `k` depends only on (seed, k): [`Generator::generate`] can run in any order and on
//! any number of threads ([`Generator::generate_range`] uses rayon) with identical output.
//!
//! Some events are awkward on purpose ([`Special::of_event`]): showers across the
//! phi = ±pi seam and the barrel iphi 360 → 1 wrap (event k % 10 == 3), particles at the
//! barrel/endcap boundary (k % 10 == 5), two pile-up clusters of exactly equal Et
//! (k % 10 == 7), two particles sharing a cluster (k % 20 == 11), and events with no cluster
//! above 1 GeV (k % 50 == 49).

pub mod assemble;
pub mod geometry;
pub mod hits;
pub mod particles;
pub mod pileup;
pub mod rng;
pub mod shapes;
pub mod showers;
pub mod stats;
pub mod superclusters;
pub mod truth;
pub mod write;

use rayon::prelude::*;

use crate::dumper::OwnedEvent;

pub use particles::{GunParticle, Species};
pub use pileup::PileUpInfo;
pub use showers::Role;

/// A pile-up range `MIN:MAX` (flat in between).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PuRange {
    pub min: u32,
    pub max: u32,
}

impl Default for PuRange {
    /// The production samples: flat 55-75.
    fn default() -> Self {
        PuRange { min: 55, max: 75 }
    }
}

impl std::str::FromStr for PuRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("expected MIN:MAX (e.g. 55:75) or one number, got {s:?}");
        let (a, b) = match s.split_once(':') {
            Some((a, b)) => (a, b),
            None => (s, s),
        };
        let min: u32 = a.trim().parse().map_err(|_| bad())?;
        let max: u32 = b.trim().parse().map_err(|_| bad())?;
        if min > max || max > 400 {
            return Err(format!("pile-up range {s:?}: need MIN <= MAX <= 400"));
        }
        Ok(PuRange { min, max })
    }
}

impl std::fmt::Display for PuRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.min, self.max)
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Number of events.
    pub events: u64,
    pub seed: u64,
    pub species: Species,
    pub pileup: PuRange,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            events: DEFAULT_EVENTS,
            seed: 1,
            species: Species::Electron,
            pileup: PuRange::default(),
        }
    }
}

/// Events of `scwin sample` when `--events` is not given (the bundled file's size).
pub const DEFAULT_EVENTS: u64 = 300;

/// The deliberately awkward cases of an event (module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Special {
    /// Showers across phi = ±pi and across the barrel iphi 360 → 1 wrap.
    pub seam: bool,
    /// Particles at the barrel/endcap boundary.
    pub boundary: bool,
    /// Two pile-up clusters of exactly equal energy and Et, above 1 GeV.
    pub tie: bool,
    /// The two barrel particles overlap: one cluster shared by two CaloParticles.
    pub shared: bool,
    /// No cluster above 1 GeV of Et (particles of pT 1-1.1 GeV, soft pile-up).
    pub quiet: bool,
}

impl Special {
    /// The awkward cases of event `k`.
    pub fn of_event(k: u64) -> Special {
        Special {
            seam: k % 10 == 3,
            boundary: k % 10 == 5,
            tie: k % 10 == 7,
            shared: k % 20 == 11,
            quiet: k % 50 == 49,
        }
    }
}

/// Branches of the dumper that [`OwnedEvent`] does not hold (optional branches the window
/// builder does not read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    pub calo_sim_energy_good_status: Vec<f32>,
    pub sc_raw_energy: Vec<f32>,
    pub sc_energy: Vec<f32>,
    pub sc_eta: Vec<f32>,
    pub sc_phi: Vec<f32>,
}

/// Generator truth that no dumper branch holds (for tests and plots).
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// The gun particles, in CaloParticle order.
    pub particles: Vec<GunParticle>,
    /// What made each cluster, in cluster order.
    pub roles: Vec<Role>,
    pub special: Special,
}

/// One generated event: the dumper branches and the generator's truth.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedEvent {
    pub event: OwnedEvent,
    pub extras: Extras,
    pub truth: Truth,
}

/// The sample generator. Cheap to copy; every method is pure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Generator {
    pub config: Config,
}

impl Generator {
    pub fn new(config: Config) -> Self {
        Generator { config }
    }

    /// Event `k` (0-based), with its truth.
    pub fn generate(&self, k: u64) -> GeneratedEvent {
        assemble::event(&self.config, k)
    }

    /// Event `k` as the window builder takes it.
    pub fn event(&self, k: u64) -> OwnedEvent {
        self.generate(k).event
    }

    /// Events `range`, made in parallel on the current rayon pool, in order.
    pub fn generate_range(&self, range: std::ops::Range<u64>) -> Vec<GeneratedEvent> {
        range.into_par_iter().map(|k| self.generate(k)).collect()
    }

    /// Every event of the configuration, `chunk` at a time (each chunk made in parallel):
    /// bounded memory for large files, ordered output.
    pub fn chunks(&self, chunk: u64) -> impl Iterator<Item = Vec<GeneratedEvent>> + '_ {
        let chunk = chunk.max(1);
        let n = self.config.events;
        (0..n.div_ceil(chunk))
            .map(move |c| self.generate_range(c * chunk..((c + 1) * chunk).min(n)))
    }
}
