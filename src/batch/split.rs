//! The deterministic training/testing split of the input files and their grouping into jobs.
//!
//! The testing part is exactly `round(F × n)` files, chosen by a seeded hash of each file's
//! *name* (not its directory), so the split depends only on the file names, the fraction and
//! the seed: the same wherever the files live and whatever order they were given in. Both
//! parts are then sorted by path and cut, in order, into groups of N files (the last group
//! may be smaller).

use std::path::{Path, PathBuf};

/// The two parts of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Sorted by path.
    pub training: Vec<PathBuf>,
    /// Sorted by path; exactly `testing_count(n, fraction)` files.
    pub testing: Vec<PathBuf>,
}

/// How many of `n` files go to testing: `round(fraction × n)` (halves round up).
pub fn testing_count(n: usize, fraction: f64) -> usize {
    ((fraction * n as f64).round() as usize).min(n)
}

/// A stable 64-bit hash of a file name under a seed: FNV-1a over the seed and the name's
/// bytes, then the splitmix64 finaliser (so close names and seeds spread well). Written out
/// here because `std`'s hasher may change between Rust releases.
pub fn name_hash(seed: u64, name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(name) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn file_name(p: &Path) -> &[u8] {
    p.file_name()
        .map(|n| n.as_encoded_bytes())
        .unwrap_or_else(|| p.as_os_str().as_encoded_bytes())
}

/// Splits `files` into training and testing. `fraction` must be in [0, 1]; duplicates are
/// removed first (a file is used once).
pub fn split(files: &[PathBuf], fraction: f64, seed: u64) -> Split {
    assert!(
        (0.0..=1.0).contains(&fraction),
        "test fraction {fraction} outside [0, 1]"
    );
    let mut files: Vec<PathBuf> = files.to_vec();
    files.sort();
    files.dedup();
    let n_test = testing_count(files.len(), fraction);
    let mut ranked: Vec<(u64, PathBuf)> = files
        .into_iter()
        .map(|p| (name_hash(seed, file_name(&p)), p))
        .collect();
    ranked.sort();
    let mut testing: Vec<PathBuf> = Vec::with_capacity(n_test);
    let mut training: Vec<PathBuf> = Vec::with_capacity(ranked.len() - n_test);
    for (i, (_, p)) in ranked.into_iter().enumerate() {
        if i < n_test {
            testing.push(p);
        } else {
            training.push(p);
        }
    }
    testing.sort();
    training.sort();
    Split { training, testing }
}

/// Cuts `files` in order into groups of `per_group` (the last may be smaller).
pub fn group(files: &[PathBuf], per_group: usize) -> Vec<Vec<PathBuf>> {
    assert!(per_group > 0, "files per job must be at least 1");
    files.chunks(per_group).map(<[PathBuf]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<PathBuf> {
        (0..n)
            .map(|i| PathBuf::from(format!("/d/out_{i}.root")))
            .collect()
    }

    #[test]
    fn exact_fraction_and_every_file_once() {
        for n in [0, 1, 2, 3, 7, 10, 101] {
            for f in [0.0, 0.1, 0.25, 0.5, 0.75, 1.0] {
                let files = names(n);
                let s = split(&files, f, 3);
                assert_eq!(s.testing.len(), (f * n as f64).round() as usize);
                let mut all: Vec<_> = s.training.iter().chain(&s.testing).cloned().collect();
                all.sort();
                let mut want = files.clone();
                want.sort();
                assert_eq!(all, want);
            }
        }
    }

    #[test]
    fn deterministic_and_order_independent() {
        let files = names(50);
        let mut rev = files.clone();
        rev.reverse();
        assert_eq!(split(&files, 0.2, 7), split(&rev, 0.2, 7));
        assert_ne!(split(&files, 0.2, 7).testing, split(&files, 0.2, 8).testing);
        // Only the name counts, not the directory.
        let moved: Vec<PathBuf> = files
            .iter()
            .map(|p| Path::new("/elsewhere").join(p.file_name().unwrap()))
            .collect();
        let a: Vec<_> = split(&files, 0.2, 7)
            .testing
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        let b: Vec<_> = split(&moved, 0.2, 7)
            .testing
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn hash_is_stable() {
        // Pinned: a change here changes every existing split.
        assert_ne!(name_hash(0, b"a.root"), name_hash(1, b"a.root"));
        assert_eq!(name_hash(0, b"a.root"), 12626979156968698890);
    }

    #[test]
    fn groups_in_order() {
        let g = group(&names(5), 2);
        assert_eq!(g.len(), 3);
        assert_eq!(g[2], vec![PathBuf::from("/d/out_4.root")]);
        assert_eq!(group(&names(0), 3).len(), 0);
    }
}
