//! Compression of key payloads as ROOT does it: the object is cut into blocks of at most
//! 16 MiB − 1 bytes (ROOT's `kMAXZBUF`), each compressed on its own behind a 9-byte header
//! (two algorithm letters, a method byte, the compressed and the uncompressed size as 3-byte
//! little-endian integers). LZ4 blocks also carry an 8-byte big-endian xxhash64 of the
//! compressed data after the header. When compression does not make the object smaller,
//! it is stored uncompressed (readers see `fObjlen == fNbytes - fKeylen`). Unlike ROOT,
//! which stores the whole object uncompressed as soon as one block does not shrink (e.g. a
//! tiny last block), a block may come out slightly larger than its input as long as the
//! object as a whole shrinks; readers decompress each block by its header sizes.

use std::io::Write;

/// Largest uncompressed block ROOT puts behind one header (`kMAXZBUF`).
pub(crate) const MAX_BLOCK: usize = 0x00FF_FFFF;
const HEADER: usize = 9;

/// Compression algorithm of a file (ROOT's `ROOT::RCompressionSetting::EAlgorithm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// zlib (ROOT's default and what dumper files use); levels 1–9.
    Zlib,
    /// LZMA (xz container, CRC32 check); levels 1–9.
    Lzma,
    /// LZ4 block with an xxhash64 checksum; levels 1–9 (all use the fast compressor).
    Lz4,
    /// Zstandard; levels 1–22.
    Zstd,
    /// No compression.
    None,
}

impl Algorithm {
    /// ROOT's algorithm number, the hundreds of the compression setting.
    fn code(self) -> i32 {
        match self {
            Algorithm::Zlib => 1,
            Algorithm::Lzma => 2,
            Algorithm::Lz4 => 4,
            Algorithm::Zstd => 5,
            Algorithm::None => 0,
        }
    }

    fn max_level(self) -> u8 {
        match self {
            Algorithm::Zstd => 22,
            Algorithm::None => 0,
            _ => 9,
        }
    }
}

/// Compression of a file: algorithm and level, recorded in the file header and in every
/// branch as ROOT's setting `algorithm * 100 + level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Compression {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Its level (0 means no compression whatever the algorithm).
    pub level: u8,
}

impl Default for Compression {
    /// zlib level 1, ROOT's compiled default setting 101.
    fn default() -> Self {
        Compression::zlib(1)
    }
}

impl Compression {
    /// zlib at `level` (1–9); ROOT setting 100 + level.
    pub fn zlib(level: u8) -> Compression {
        Compression {
            algorithm: Algorithm::Zlib,
            level,
        }
    }
    /// LZMA at `level` (1–9); ROOT setting 200 + level.
    pub fn lzma(level: u8) -> Compression {
        Compression {
            algorithm: Algorithm::Lzma,
            level,
        }
    }
    /// LZ4 at `level` (1–9); ROOT setting 400 + level.
    pub fn lz4(level: u8) -> Compression {
        Compression {
            algorithm: Algorithm::Lz4,
            level,
        }
    }
    /// Zstandard at `level` (1–22); ROOT setting 500 + level.
    pub fn zstd(level: u8) -> Compression {
        Compression {
            algorithm: Algorithm::Zstd,
            level,
        }
    }
    /// No compression; ROOT setting 0.
    pub fn none() -> Compression {
        Compression {
            algorithm: Algorithm::None,
            level: 0,
        }
    }

    /// True when payloads are stored as they are.
    pub fn is_none(&self) -> bool {
        self.algorithm == Algorithm::None || self.level == 0
    }

    /// ROOT's compression setting (`fCompress`): `algorithm * 100 + level`, 0 for none.
    pub fn setting(&self) -> i32 {
        if self.is_none() {
            0
        } else {
            self.algorithm.code() * 100 + i32::from(self.level)
        }
    }

    /// Checks that the level is one the algorithm accepts.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.algorithm != Algorithm::None && self.level > self.algorithm.max_level() {
            return Err(format!(
                "compression level {} is out of range for {:?} (0..={})",
                self.level,
                self.algorithm,
                self.algorithm.max_level()
            ));
        }
        Ok(())
    }
}

/// Compresses one object payload. Returns `None` when the payload is stored uncompressed
/// (no compression, or compression would not make it smaller).
pub(crate) fn compress(c: &Compression, data: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if c.is_none() || data.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(data.len() / 2 + HEADER);
    for block in data.chunks(MAX_BLOCK) {
        let start = out.len();
        out.extend_from_slice(&[0u8; HEADER]);
        let (tag, method) = match c.algorithm {
            Algorithm::Zlib => {
                let mut e = flate2::write::ZlibEncoder::new(
                    &mut out,
                    flate2::Compression::new(u32::from(c.level)),
                );
                e.write_all(block).map_err(comp_err)?;
                e.finish().map_err(comp_err)?;
                (*b"ZL", 8u8)
            }
            Algorithm::Lzma => {
                let stream = xz2::stream::Stream::new_easy_encoder(
                    u32::from(c.level),
                    xz2::stream::Check::Crc32,
                )
                .map_err(|e| e.to_string())?;
                let mut e = xz2::write::XzEncoder::new_stream(&mut out, stream);
                e.write_all(block).map_err(comp_err)?;
                e.finish().map_err(comp_err)?;
                (*b"XZ", 0u8)
            }
            Algorithm::Lz4 => {
                let compressed = lz4_flex::block::compress(block);
                out.extend_from_slice(&xxh64(&compressed, 0).to_be_bytes());
                out.extend_from_slice(&compressed);
                (*b"L4", 1u8)
            }
            Algorithm::Zstd => {
                let compressed =
                    zstd::bulk::compress(block, i32::from(c.level)).map_err(comp_err)?;
                out.extend_from_slice(&compressed);
                (*b"ZS", 1u8)
            }
            Algorithm::None => unreachable!("checked by is_none"),
        };
        let clen = out.len() - start - HEADER;
        if clen > MAX_BLOCK {
            // Does not fit the 3-byte size field: store the object as it is.
            return Ok(None);
        }
        let h = &mut out[start..start + HEADER];
        h[0] = tag[0];
        h[1] = tag[1];
        h[2] = method;
        h[3..6].copy_from_slice(&(clen as u32).to_le_bytes()[..3]);
        h[6..9].copy_from_slice(&(block.len() as u32).to_le_bytes()[..3]);
    }
    if out.len() >= data.len() {
        return Ok(None);
    }
    Ok(Some(out))
}

fn comp_err(e: std::io::Error) -> String {
    e.to_string()
}

/// XXH64 of `data` (the checksum ROOT puts in front of each LZ4 block).
pub(crate) fn xxh64(data: &[u8], seed: u64) -> u64 {
    const P1: u64 = 0x9E37_79B1_85EB_CA87;
    const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    const P3: u64 = 0x1656_67B1_9E37_79F9;
    const P4: u64 = 0x85EB_CA77_C2B2_AE63;
    const P5: u64 = 0x27D4_EB2F_1656_67C5;
    fn round(acc: u64, lane: u64) -> u64 {
        acc.wrapping_add(lane.wrapping_mul(P2))
            .rotate_left(31)
            .wrapping_mul(P1)
    }
    fn merge(acc: u64, v: u64) -> u64 {
        (acc ^ round(0, v)).wrapping_mul(P1).wrapping_add(P4)
    }
    let u64_at = |i: usize| u64::from_le_bytes(data[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().expect("4 bytes"));
    let len = data.len();
    let mut i = 0;
    let mut h = if len >= 32 {
        let mut v = [
            seed.wrapping_add(P1).wrapping_add(P2),
            seed.wrapping_add(P2),
            seed,
            seed.wrapping_sub(P1),
        ];
        while i + 32 <= len {
            for (k, acc) in v.iter_mut().enumerate() {
                *acc = round(*acc, u64_at(i + 8 * k));
            }
            i += 32;
        }
        let mut h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for acc in v {
            h = merge(h, acc);
        }
        h
    } else {
        seed.wrapping_add(P5)
    };
    h = h.wrapping_add(len as u64);
    while i + 8 <= len {
        h ^= round(0, u64_at(i));
        h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        i += 8;
    }
    if i + 4 <= len {
        h ^= u64::from(u32_at(i)).wrapping_mul(P1);
        h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        i += 4;
    }
    while i < len {
        h ^= u64::from(data[i]).wrapping_mul(P5);
        h = h.rotate_left(11).wrapping_mul(P1);
        i += 1;
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^= h >> 32;
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn xxh64_reference_values() {
        // Reference values from the xxHash specification / python-xxhash.
        assert_eq!(xxh64(b"", 0), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a", 0), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc", 0), 0x44BC_2CF5_AD77_0999);
        let long: Vec<u8> = (0..100u8).collect();
        assert_eq!(xxh64(&long, 0), 0x6AC1_E580_3216_6597);
    }

    #[test]
    fn zlib_blocks_have_root_headers() {
        let data: Vec<u8> = (0..40_000u32).map(|i| (i % 7) as u8).collect();
        let out = compress(&Compression::zlib(1), &data).unwrap().unwrap();
        assert_eq!(&out[..3], b"ZL\x08");
        let c = u32::from_le_bytes([out[3], out[4], out[5], 0]) as usize;
        let u = u32::from_le_bytes([out[6], out[7], out[8], 0]) as usize;
        assert_eq!(u, data.len());
        assert_eq!(c + 9, out.len());
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(&out[9..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn incompressible_is_stored() {
        let mut x = 12345u64;
        let data: Vec<u8> = (0..1000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                (x >> 56) as u8
            })
            .collect();
        for c in [
            Compression::zlib(9),
            Compression::lzma(9),
            Compression::lz4(1),
            Compression::zstd(5),
        ] {
            assert!(compress(&c, &data).unwrap().is_none(), "{c:?}");
        }
    }

    #[test]
    fn big_objects_are_split_into_blocks() {
        let data = vec![3u8; MAX_BLOCK * 2 + 10];
        let out = compress(&Compression::zstd(1), &data).unwrap().unwrap();
        let mut p = 0;
        let mut blocks = 0;
        let mut total = 0;
        while p < out.len() {
            assert_eq!(&out[p..p + 2], b"ZS");
            let c = u32::from_le_bytes([out[p + 3], out[p + 4], out[p + 5], 0]) as usize;
            let u = u32::from_le_bytes([out[p + 6], out[p + 7], out[p + 8], 0]) as usize;
            total += u;
            p += 9 + c;
            blocks += 1;
        }
        assert_eq!(blocks, 3);
        assert_eq!(total, data.len());
    }

    #[test]
    fn settings() {
        assert_eq!(Compression::zlib(1).setting(), 101);
        assert_eq!(Compression::lzma(7).setting(), 207);
        assert_eq!(Compression::lz4(4).setting(), 404);
        assert_eq!(Compression::zstd(5).setting(), 505);
        assert_eq!(Compression::none().setting(), 0);
        assert_eq!(Compression::zlib(0).setting(), 0);
        assert!(Compression::zlib(10).validate().is_err());
        assert!(Compression::zstd(22).validate().is_ok());
    }
}
