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

/// `data` as one gzip member (a complete gzip stream) at `level` 0-9, with a zero mtime so the
/// bytes depend only on the data. An empty `data` gives a valid empty member: callers that
/// must never write one (TFRecord) check first.
pub fn gzip(data: &[u8], level: u32) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::GzBuilder::new().write(
        Vec::with_capacity(data.len() / 4 + 64),
        flate2::Compression::new(level),
    );
    enc.write_all(data).expect("writing to memory cannot fail");
    enc.finish().expect("writing to memory cannot fail")
}
