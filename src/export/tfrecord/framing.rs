//! TFRecord framing, GZIP members, and a pure-Rust record reader.
//!
//! A record on disk is: `u64` length (little-endian), masked crc32c of those 8 bytes, the
//! data, masked crc32c of the data; masked = `((crc >> 15) | (crc << 17)) + 0xa282ead8`
//! (wrapping). A GZIP TFRecord file is the same stream gzip-compressed; TensorFlow reads a
//! concatenation of gzip members, but silently stops at an EMPTY member, so
//! [`gzip_member`] never writes one.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::Compression;

/// Compression of a TFRecord file (`tf.data.TFRecordDataset(compression_type=...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TfCompression {
    /// `compression_type=""` (or `None`): what the original scripts wrote, and what the
    /// DeepSC loaders read without options.
    #[default]
    None,
    /// `compression_type="GZIP"`.
    Gzip,
}

impl TfCompression {
    /// The `compression_type` string TensorFlow expects.
    pub fn tf_name(self) -> &'static str {
        match self {
            TfCompression::None => "",
            TfCompression::Gzip => "GZIP",
        }
    }
}

const MASK_DELTA: u32 = 0xa282_ead8;

/// TFRecord's masked crc32c of `data`.
pub fn masked_crc32c(data: &[u8]) -> u32 {
    let crc = crc32c::crc32c(data);
    crc.rotate_right(15).wrapping_add(MASK_DELTA)
}

/// Appends one framed record (header, data, footer) to `out`.
pub fn frame_record(out: &mut Vec<u8>, data: &[u8]) {
    let len = (data.len() as u64).to_le_bytes();
    out.reserve(data.len() + 16);
    out.extend_from_slice(&len);
    out.extend_from_slice(&masked_crc32c(&len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&masked_crc32c(data).to_le_bytes());
}

/// Appends `data` to `out` as one gzip member (default level). Does nothing when `data` is
/// empty: an empty member would end TensorFlow's reading of the file.
pub fn gzip_member(out: &mut Vec<u8>, data: &[u8]) -> io::Result<()> {
    if data.is_empty() {
        return Ok(());
    }
    out.extend_from_slice(&crate::export::gzip(data, Compression::default().level()));
    Ok(())
}

/// `data` (already framed records) in the given compression: as is, or as one gzip member
/// (empty when `data` is empty).
pub fn compress_chunk(data: Vec<u8>, compression: TfCompression) -> io::Result<Vec<u8>> {
    match compression {
        TfCompression::None => Ok(data),
        TfCompression::Gzip => {
            let mut out = Vec::with_capacity(data.len() / 3 + 64);
            gzip_member(&mut out, &data)?;
            Ok(out)
        }
    }
}

/// The decompressed contents of each gzip member of `bytes`, in order (for checks: that no
/// member is empty, that members are record-aligned).
pub fn gzip_members(mut bytes: &[u8]) -> io::Result<Vec<Vec<u8>>> {
    let mut members = Vec::new();
    while !bytes.is_empty() {
        let mut dec = flate2::bufread::GzDecoder::new(bytes);
        let mut out = Vec::new();
        dec.read_to_end(&mut out)?;
        let rest = dec.into_inner();
        if rest.len() == bytes.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "gzip member made no progress",
            ));
        }
        bytes = rest;
        members.push(out);
    }
    Ok(members)
}

/// Iterator over the records of a TFRecord stream, checking both CRCs of every record.
///
/// Ends cleanly at end of input on a record boundary; a truncated record or a CRC mismatch
/// is an `InvalidData` error (after which the iterator ends).
pub struct RecordReader<R> {
    inner: R,
    done: bool,
    index: u64,
}

fn bad(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// Reads as many bytes as possible into `buf`; returns how many (less than `buf.len()` only
/// at end of input).
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl<R: Read> RecordReader<R> {
    /// Reads uncompressed TFRecords from `inner`.
    pub fn new(inner: R) -> Self {
        RecordReader {
            inner,
            done: false,
            index: 0,
        }
    }

    fn next_record(&mut self) -> io::Result<Option<Vec<u8>>> {
        let i = self.index;
        let mut header = [0u8; 12];
        match read_full(&mut self.inner, &mut header)? {
            0 => return Ok(None),
            12 => {}
            n => {
                return Err(bad(format!(
                    "record {i}: truncated header ({n} of 12 bytes)"
                )));
            }
        }
        let len_bytes: [u8; 8] = header[..8].try_into().expect("8 bytes");
        let crc = u32::from_le_bytes(header[8..].try_into().expect("4 bytes"));
        if masked_crc32c(&len_bytes) != crc {
            return Err(bad(format!("record {i}: length CRC mismatch")));
        }
        let len = u64::from_le_bytes(len_bytes);
        let len = usize::try_from(len)
            .ok()
            .filter(|&l| l <= (1 << 40))
            .ok_or_else(|| bad(format!("record {i}: implausible length {len}")))?;
        let mut data = Vec::new();
        let got = (&mut self.inner).take(len as u64).read_to_end(&mut data)?;
        if got != len {
            return Err(bad(format!(
                "record {i}: truncated data ({got} of {len} bytes)"
            )));
        }
        let mut footer = [0u8; 4];
        if read_full(&mut self.inner, &mut footer)? != 4 {
            return Err(bad(format!("record {i}: truncated data CRC")));
        }
        if masked_crc32c(&data) != u32::from_le_bytes(footer) {
            return Err(bad(format!("record {i}: data CRC mismatch")));
        }
        self.index += 1;
        Ok(Some(data))
    }
}

impl<R: Read> Iterator for RecordReader<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Records of an uncompressed TFRecord stream.
pub fn read_records<R: Read>(r: R) -> RecordReader<R> {
    RecordReader::new(r)
}

/// Records of a TFRecord stream that may be gzip-compressed (detected by the gzip magic
/// bytes; all members are read, as TensorFlow reads non-empty members).
pub fn read_records_auto<'a, R: Read + 'a>(r: R) -> io::Result<RecordReader<Box<dyn Read + 'a>>> {
    let mut br = BufReader::with_capacity(1 << 16, r);
    let is_gzip = br.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let inner: Box<dyn Read + 'a> = if is_gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(br))
    } else {
        Box::new(br)
    };
    Ok(RecordReader::new(inner))
}

/// Records of a TFRecord file, plain or GZIP.
pub fn open_records(path: &Path) -> io::Result<RecordReader<Box<dyn Read>>> {
    let f = std::fs::File::open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    read_records_auto(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_mask_matches_tensorflow() {
        // tensorflow/core/lib/hash/crc32c.h: Mask(crc) = ((crc >> 15) | (crc << 17)) + kMaskDelta.
        let crc = crc32c::crc32c(b"abc");
        assert_eq!(
            masked_crc32c(b"abc"),
            crc.rotate_right(15).wrapping_add(0xa282ead8)
        );
    }

    #[test]
    fn frame_and_read_back_with_errors() {
        let mut buf = Vec::new();
        for r in [&b"one"[..], b"", b"three"] {
            frame_record(&mut buf, r);
        }
        let recs: Vec<Vec<u8>> = read_records(&buf[..]).collect::<Result<_, _>>().unwrap();
        assert_eq!(recs, vec![b"one".to_vec(), vec![], b"three".to_vec()]);

        let mut gz = Vec::new();
        gzip_member(&mut gz, &buf[..19]).unwrap();
        gzip_member(&mut gz, &[]).unwrap();
        gzip_member(&mut gz, &buf[19..]).unwrap();
        assert_eq!(gzip_members(&gz).unwrap().len(), 2);
        let again: Vec<Vec<u8>> = read_records_auto(&gz[..])
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(again, recs);

        let mut corrupt = buf.clone();
        corrupt[13] ^= 1;
        let e = read_records(&corrupt[..]).next().unwrap().unwrap_err();
        assert!(e.to_string().contains("data CRC"), "{e}");
        let e = read_records(&buf[..buf.len() - 2])
            .last()
            .unwrap()
            .unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
    }
}
