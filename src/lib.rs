//! scwin: DeepSC training windows from CMS ECAL dumper files.
//!
//! Data flows one way:
//! dumper file → [`root`] → [`dumper`] (events) → [`windows`] (+ [`truth`]) →
//! [`export`] (NDJSON, TFRecord) | [`tui`] (screen).

pub mod dumper;
pub mod root;
pub mod truth;
pub mod windows;
pub mod export;
pub mod sample;
pub mod cli;
