//! ROOT compression blocks: a compressed object is a sequence of blocks, each with a 9-byte
//! header (2-byte algorithm tag, method byte, 3-byte little-endian compressed and
//! uncompressed sizes) followed by the compressed bytes. Objects over 16 MiB span several
//! blocks.
//!
//! Supported tags: `ZL` (zlib; the stream's adler32 is verified), `XZ` (lzma/xz; CRC
//! verified), `L4` (an lz4 block preceded by the big-endian XXH64 of the compressed bytes,
//! verified), `ZS` (zstd). The old `CS` algorithm is reported as unsupported. Every block must
//! decompress to exactly its declared size.
//!
//! Allocation is bounded by the block headers: the output is allocated only after all headers
//! were walked and their uncompressed sizes (each < 16 MiB) add up to the expected size.

use std::fmt;

use super::error::{KResult, corrupt, unsupported};

/// Size of a compression block header.
pub const BLOCK_HEADER: usize = 9;

/// A compression algorithm as stored in the file header or block tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// No compression.
    None,
    /// zlib (deflate).
    Zlib,
    /// LZMA (xz container).
    Lzma,
    /// ROOT's old algorithm ("CS").
    Old,
    /// LZ4.
    Lz4,
    /// Zstandard.
    Zstd,
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Algorithm::None => "none",
            Algorithm::Zlib => "ZLIB",
            Algorithm::Lzma => "LZMA",
            Algorithm::Old => "old ROOT (CS)",
            Algorithm::Lz4 => "LZ4",
            Algorithm::Zstd => "ZSTD",
        })
    }
}

/// The file's compression setting (`fCompress` = 100 × algorithm + level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compression {
    /// The algorithm new objects are written with.
    pub algorithm: Algorithm,
    /// Level 0..=9 (0: uncompressed).
    pub level: u32,
    /// The raw setting.
    pub setting: i32,
}

impl Compression {
    /// Decodes ROOT's `fCompress` setting. Algorithm 0 means "global default" = ZLIB.
    pub fn from_setting(setting: i32) -> Self {
        let s = setting.max(0) as u32;
        let level = s % 100;
        let algorithm = if level == 0 {
            Algorithm::None
        } else {
            match s / 100 {
                0 | 1 => Algorithm::Zlib,
                2 => Algorithm::Lzma,
                3 => Algorithm::Old,
                4 => Algorithm::Lz4,
                5 => Algorithm::Zstd,
                _ => Algorithm::None,
            }
        };
        Compression {
            algorithm,
            level,
            setting,
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.algorithm == Algorithm::None {
            write!(f, "none ({})", self.setting)
        } else {
            write!(
                f,
                "{} level {} ({})",
                self.algorithm, self.level, self.setting
            )
        }
    }
}

struct Block {
    algorithm: Algorithm,
    src: std::ops::Range<usize>,
    out_len: usize,
}

fn le24(b: &[u8]) -> usize {
    b[0] as usize | (b[1] as usize) << 8 | (b[2] as usize) << 16
}

/// Walks the block headers of `src`, checking they tile it exactly and that their
/// uncompressed sizes add up to `expected`.
fn blocks(src: &[u8], expected: usize) -> KResult<Vec<Block>> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    let mut total = 0usize;
    while pos < src.len() {
        if src.len() - pos < BLOCK_HEADER {
            return Err(corrupt(format!(
                "compressed data ends inside a block header at offset {pos}"
            )));
        }
        let h = &src[pos..pos + BLOCK_HEADER];
        let algorithm = match &h[0..2] {
            b"ZL" => Algorithm::Zlib,
            b"XZ" => Algorithm::Lzma,
            b"L4" => Algorithm::Lz4,
            b"ZS" => Algorithm::Zstd,
            b"CS" => Algorithm::Old,
            tag => {
                return Err(corrupt(format!(
                    "unknown compression block tag {:02x}{:02x} at offset {pos}",
                    tag[0], tag[1]
                )));
            }
        };
        let c = le24(&h[3..6]);
        let u = le24(&h[6..9]);
        let start = pos + BLOCK_HEADER;
        let end = start + c;
        if end > src.len() {
            return Err(corrupt(format!(
                "compression block at offset {pos} claims {c} bytes, only {} left",
                src.len() - start
            )));
        }
        total += u;
        if total > expected {
            return Err(corrupt(format!(
                "compression blocks hold more than the {expected} bytes the key declares"
            )));
        }
        out.push(Block {
            algorithm,
            src: start..end,
            out_len: u,
        });
        pos = end;
    }
    if total != expected {
        return Err(corrupt(format!(
            "compression blocks hold {total} bytes, the key declares {expected}"
        )));
    }
    Ok(out)
}

/// Decompresses ROOT compression blocks in `src` into exactly `expected` bytes.
pub fn decompress(src: &[u8], expected: usize) -> KResult<Vec<u8>> {
    let mut out = Vec::new();
    decompress_into(src, expected, &mut out)?;
    Ok(out)
}

/// As [`decompress`], into `out` (resized to `expected`; its capacity is reused).
pub fn decompress_into(src: &[u8], expected: usize, out: &mut Vec<u8>) -> KResult<()> {
    let blocks = blocks(src, expected)?;
    out.clear();
    out.resize(expected, 0);
    let mut at = 0usize;
    for b in &blocks {
        let dst = &mut out[at..at + b.out_len];
        let data = &src[b.src.clone()];
        decompress_block(b.algorithm, data, dst)
            .map_err(|e| corrupt(format!("{} block at output offset {at}: {e}", b.algorithm)))?;
        at += b.out_len;
    }
    Ok(())
}

fn decompress_block(alg: Algorithm, src: &[u8], dst: &mut [u8]) -> Result<(), String> {
    match alg {
        Algorithm::Zlib => {
            // libdeflate: whole-buffer inflate, the output size is known from the block
            // header; the zlib stream's adler32 is verified.
            thread_local! {
                static INFLATE: std::cell::RefCell<libdeflater::Decompressor> =
                    std::cell::RefCell::new(libdeflater::Decompressor::new());
            }
            let n = INFLATE
                .with(|d| d.borrow_mut().zlib_decompress(src, dst))
                .map_err(|e| format!("zlib: {e}"))?;
            if n != dst.len() {
                return Err(format!("decompressed {n} bytes, expected {}", dst.len()));
            }
            Ok(())
        }
        Algorithm::Lzma => {
            let mut s =
                xz2::stream::Stream::new_stream_decoder(u64::MAX, 0).map_err(|e| e.to_string())?;
            let status = s
                .process(src, dst, xz2::stream::Action::Finish)
                .map_err(|e| e.to_string())?;
            if s.total_out() as usize != dst.len() || status != xz2::stream::Status::StreamEnd {
                return Err(format!(
                    "decompressed {} bytes, expected {}",
                    s.total_out(),
                    dst.len()
                ));
            }
            Ok(())
        }
        Algorithm::Lz4 => {
            if src.len() < 8 {
                return Err("lz4 block shorter than its checksum".into());
            }
            let (sum, data) = src.split_at(8);
            let mut want = [0u8; 8];
            want.copy_from_slice(sum);
            let (want, got) = (u64::from_be_bytes(want), super::xxhash::xxh64(data));
            if want != got {
                return Err(format!(
                    "lz4 checksum mismatch (stored {want:016x}, computed {got:016x})"
                ));
            }
            let n = lz4_flex::block::decompress_into(data, dst).map_err(|e| e.to_string())?;
            if n != dst.len() {
                return Err(format!("decompressed {n} bytes, expected {}", dst.len()));
            }
            Ok(())
        }
        Algorithm::Zstd => {
            let n = zstd::zstd_safe::decompress(dst, src)
                .map_err(|code| format!("zstd error: {}", zstd::zstd_safe::get_error_name(code)))?;
            if n != dst.len() {
                return Err(format!("decompressed {n} bytes, expected {}", dst.len()));
            }
            Ok(())
        }
        Algorithm::Old => Err(unsupported("ROOT's old 'CS' compression").to_string()),
        Algorithm::None => Err("no algorithm".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zl_block(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(1));
        enc.write_all(data).unwrap();
        let c = enc.finish().unwrap();
        let mut out = b"ZL\x08".to_vec();
        out.extend_from_slice(&(c.len() as u32).to_le_bytes()[..3]);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes()[..3]);
        out.extend_from_slice(&c);
        out
    }

    #[test]
    fn zlib_roundtrip_and_multi_block() {
        let a: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let b: Vec<u8> = (0..3000u32).map(|i| (i % 7) as u8).collect();
        let mut src = zl_block(&a);
        src.extend(zl_block(&b));
        let out = decompress(&src, a.len() + b.len()).unwrap();
        assert_eq!(&out[..a.len()], &a[..]);
        assert_eq!(&out[a.len()..], &b[..]);
        assert!(decompress(&src, a.len() + b.len() + 1).is_err());
        assert!(decompress(&src[..src.len() - 1], a.len() + b.len()).is_err());
    }

    #[test]
    fn setting_decoding() {
        assert_eq!(Compression::from_setting(101).algorithm, Algorithm::Zlib);
        assert_eq!(Compression::from_setting(1).algorithm, Algorithm::Zlib);
        assert_eq!(Compression::from_setting(207).algorithm, Algorithm::Lzma);
        assert_eq!(Compression::from_setting(404).algorithm, Algorithm::Lz4);
        assert_eq!(Compression::from_setting(505).level, 5);
        assert_eq!(Compression::from_setting(0).algorithm, Algorithm::None);
    }
}
