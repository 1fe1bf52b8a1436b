//! scwin: DeepSC training windows from CMS ECAL dumper files.
//!
//! Data flows one way:
//! dumper file → [`root`] → [`dumper`] (events) → [`windows`] (+ [`truth`]) →
//! [`export`] (NDJSON, TFRecord) | [`tui`] (screen);
//! [`batch`] writes HTCondor/Slurm submission folders around `scwin export`.

pub mod batch;
pub mod cli;
pub mod dumper;
pub mod export;
pub mod root;
pub mod sample;
pub mod truth;
pub mod tui;
pub mod windows;
