//! The command-line commands: each parses its arguments (clap) and calls one function.

pub mod convert;
