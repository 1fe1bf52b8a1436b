//! Exporters: windows to NDJSON and TFRecord files, and the driver that runs the window
//! builder over inputs in parallel and writes outputs atomically and in a fixed order.

pub mod atomic;
pub mod driver;
pub mod ndjson;
pub mod tfrecord;

/// Where a window comes from, written with each NDJSON record so it can be traced back.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The input file as the user named it.
    pub file: &'a str,
}
