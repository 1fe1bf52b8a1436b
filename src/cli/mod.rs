//! The command-line commands: each parses its arguments (clap) and calls one function.

// GATE(reader): pub mod export;
pub mod inputs;
pub mod params;
pub mod sample;
