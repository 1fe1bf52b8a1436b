//! Corruption test: seeded random byte flips, overwrites and truncations of real fixture
//! files, read from memory. Reading must never panic or abort; for zlib, LZMA and LZ4 files
//! (whose blocks carry checksums) a read that succeeds with the original entry count must
//! give the original values, unless the damage is inside a basket ROOT stored uncompressed
//! (small baskets that do not compress are stored raw, and raw data has no checksum in the
//! ROOT format).

mod common;
#[path = "root_read_support/mod.rs"]
mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use scwin::dumper::DumperFile;
use scwin::root::read::{AnyColumn, RootFile};
use support::fixtures;

/// splitmix64: a tiny seeded generator, so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Everything a reader does with a file; Ok((entries, columns)).
fn read_everything(
    f: Result<RootFile, String>,
    tree_path: &str,
) -> Result<(u64, Vec<AnyColumn>), String> {
    let f = f?;
    let _ = f.keys();
    let _ = f.th2("h2_Minimum_simScore_seedBins");
    let _ = f.th2("h2d_var");
    let t = f.tree(tree_path).map_err(|e| e.to_string())?;
    let names: Vec<&str> = t
        .all_branches()
        .iter()
        .filter(|b| b.btype.is_ok())
        .map(|b| b.name.as_str())
        .collect();
    let cols = t
        .read_many(&names, 0..t.entries())
        .map_err(|e| e.to_string())?;
    // Random access and the dumper layer, when it is a dumper tree.
    if t.entries() > 0 {
        let _ = t.read_many(&names, t.entries() / 2..t.entries() / 2 + 1);
    }
    if let Ok(df) = DumperFile::from_root(&f, tree_path, "sim_fraction") {
        for r in df.entry_ranges(16) {
            if let Ok(b) = df.read_range(r) {
                for ev in b.events() {
                    let _ = df.validate(&ev);
                }
            }
        }
    }
    Ok((t.entries(), cols))
}

/// Byte ranges of basket payloads stored uncompressed (no checksum protects them).
fn raw_payloads(path: &Path, tree_path: &str, data: &[u8]) -> Vec<std::ops::Range<usize>> {
    let f = RootFile::open(path).unwrap();
    let t = f.tree(tree_path).unwrap();
    let mut out = Vec::new();
    for b in t.all_branches() {
        for k in b.baskets.iter().filter(|k| !k.is_embedded()) {
            let at = k.seek as usize;
            let h = &data[at..at + 18];
            let nbytes = i32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
            let objlen = i32::from_be_bytes([h[6], h[7], h[8], h[9]]) as usize;
            let keylen = i16::from_be_bytes([h[14], h[15]]) as usize;
            if nbytes - keylen == objlen {
                out.push(at + keylen..at + nbytes);
            }
        }
    }
    out
}

enum Mutation {
    Flip { at: usize, n: usize },
    Overwrite { at: usize, value: u32 },
    Truncate { len: usize, fix_header: bool },
}

fn mutate(data: &[u8], m: &Mutation) -> Vec<u8> {
    let mut d = data.to_vec();
    match *m {
        Mutation::Flip { at, n } => {
            for x in d.iter_mut().skip(at).take(n) {
                *x ^= 0x5A;
            }
        }
        Mutation::Overwrite { at, value } => {
            let end = (at + 4).min(d.len());
            d[at..end].copy_from_slice(&value.to_be_bytes()[..end - at]);
        }
        Mutation::Truncate { len, fix_header } => {
            d.truncate(len);
            // Patch fEND so that the file opens and the truncation is found deeper.
            if fix_header && d.len() >= 16 {
                d[8..12].copy_from_slice(&(len as u32).to_be_bytes());
            }
        }
    }
    d
}

fn fuzz_file(name: &str, tree_path: &str, iterations: usize, seed: u64, checksummed: bool) {
    let fx = fixtures();
    let original = std::fs::read(fx.file(name)).unwrap();
    let open = |data: Vec<u8>| RootFile::from_bytes(name, data).map_err(|e| e.to_string());
    let (entries, reference) =
        read_everything(open(original.clone()), tree_path).expect("original reads");
    let raw = raw_payloads(&fx.file(name), tree_path, &original);
    let mut rng = Rng(seed);
    let (mut errors, mut same) = (0, 0);
    for i in 0..iterations {
        let m = match rng.below(10) {
            0..=5 => Mutation::Flip {
                at: rng.below(original.len()),
                n: 1 + rng.below(8),
            },
            6 | 7 => Mutation::Overwrite {
                at: rng.below(original.len() - 4),
                value: [0x7FFF_FFFF, 0xFFFF_FFFF, 0x4000_0000, 0, rng.next() as u32][rng.below(5)],
            },
            _ => Mutation::Truncate {
                len: rng.below(original.len()),
                fix_header: rng.below(2) == 0,
            },
        };
        let data = mutate(&original, &m);
        let r = catch_unwind(AssertUnwindSafe(|| read_everything(open(data), tree_path)));
        let what = match &m {
            Mutation::Flip { at, n } => format!("flip {n} bytes at {at}"),
            Mutation::Overwrite { at, value } => format!("write {value:#x} at {at}"),
            Mutation::Truncate { len, fix_header } => {
                format!("truncate to {len} (header fixed: {fix_header})")
            }
        };
        match r {
            Err(_) => panic!("{name}: iteration {i} ({what}) panicked"),
            Ok(Err(msg)) => {
                assert!(
                    msg.contains(name),
                    "{name}: error without the file name: {msg}"
                );
                errors += 1;
            }
            Ok(Ok((n, cols))) => {
                let damaged = match m {
                    Mutation::Flip { at, n } => at..at + n,
                    Mutation::Overwrite { at, .. } => at..at + 4,
                    Mutation::Truncate { len, .. } => len..original.len(),
                };
                let in_raw = raw
                    .iter()
                    .any(|r| r.start < damaged.end && damaged.start < r.end);
                if checksummed && n == entries && !in_raw {
                    assert!(
                        cols == reference,
                        "{name}: iteration {i} ({what}) read different values without error"
                    );
                }
                same += 1;
            }
        }
    }
    // Sanity: the mutations do hit something.
    assert!(errors > iterations / 10, "{name}: only {errors} errors");
    eprintln!("{name}: {errors} errors, {same} successful reads");
}

#[test]
fn corrupt_zlib_files_never_panic_and_never_lie() {
    fuzz_file("dumper_zlib.root", "recosimdumper/caloTree", 300, 1, true);
}

#[test]
fn corrupt_lzma_files_never_panic_and_never_lie() {
    fuzz_file("dumper_lzma.root", "recosimdumper/caloTree", 200, 2, true);
}

#[test]
fn corrupt_lz4_files_never_panic_and_never_lie() {
    fuzz_file("dumper_lz4.root", "recosimdumper/caloTree", 200, 3, true);
}

#[test]
fn corrupt_zstd_and_raw_files_never_panic() {
    fuzz_file("dumper_zstd.root", "recosimdumper/caloTree", 200, 4, false);
    fuzz_file("dumper_none.root", "recosimdumper/caloTree", 200, 5, false);
}

#[test]
fn corrupt_small_special_files_never_panic() {
    fuzz_file("embedded.root", "t", 300, 6, false);
    fuzz_file("many_baskets.root", "recosimdumper/caloTree", 200, 7, false);
    fuzz_file("scalars.root", "types", 200, 8, false);
}
