//! The command-line commands: each parses its arguments (clap) and calls one function.

pub mod batch;
pub mod export;
pub mod inputs;
pub mod params;
