//! Fixtures shared by the reader tests: ROOT files written by PyROOT
//! (`tests/py/make_read_fixtures.py`) and their uproot dump (`tests/py/dump_read_fixtures.py`).
//!
//! They are generated once (a few seconds) into a directory under Cargo's
//! `CARGO_TARGET_TMPDIR` named by a checksum of the two scripts, through a temporary
//! directory renamed into place; later test binaries and runs reuse it, and a changed script
//! gives a fresh directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::common;

/// The generated fixture directory and the parsed uproot reference.
pub struct Fixtures {
    pub dir: PathBuf,
    pub reference: serde_json::Value,
}

impl Fixtures {
    /// Path of a fixture file.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// The shared data directory (`../shared/data` from the crate, or an ancestor's
/// `shared/data` when the crate is a git worktree elsewhere, or `$SCWIN_SHARED_DATA`).
pub fn shared_data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("SCWIN_SHARED_DATA") {
        return PathBuf::from(d);
    }
    let direct = common::shared_data("");
    if direct.is_dir() {
        return direct;
    }
    let mut p = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while let Some(parent) = p.parent() {
        let cand = parent.join("shared/data");
        if cand.is_dir() {
            return cand;
        }
        p = parent.to_path_buf();
    }
    panic!("cannot find shared/data (set SCWIN_SHARED_DATA)");
}

/// The working-point ROOT files of `shared/data/simscore_wp`.
pub fn simscore_root_files() -> Vec<PathBuf> {
    let dir = shared_data_dir().join("simscore_wp");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "root"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no .root files in {}", dir.display());
    v
}

fn content_hash() -> u64 {
    let mut crc = flate2::Crc::new();
    for s in ["make_read_fixtures.py", "dump_read_fixtures.py"] {
        let text = std::fs::read(common::py_script(s)).expect("fixture script");
        crc.update(&text);
    }
    for f in simscore_root_files() {
        crc.update(f.to_string_lossy().as_bytes());
    }
    crc.sum() as u64
}

/// Generates (or reuses) the fixtures.
pub fn fixtures() -> &'static Fixtures {
    static FIX: OnceLock<Fixtures> = OnceLock::new();
    FIX.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let dir = base.join(format!("read_fixtures_{:08x}", content_hash()));
        if !dir.join("ref.json").is_file() {
            // Fixtures of older script versions are stale: remove them.
            if let Ok(rd) = std::fs::read_dir(base) {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with("read_fixtures_") && !name.starts_with("read_fixtures_tmp")
                    {
                        let _ = std::fs::remove_dir_all(e.path());
                    }
                }
            }
            let tmp = tempfile::Builder::new()
                .prefix("read_fixtures_tmp")
                .tempdir_in(base)
                .expect("temp dir");
            let t = tmp.path().to_str().expect("utf-8 path").to_string();
            common::run_py("make_read_fixtures.py", &[&t]);
            let refj = format!("{t}/ref.json");
            let mut args: Vec<String> = vec![t.clone(), refj];
            args.extend(
                simscore_root_files()
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned()),
            );
            let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
            common::run_py("dump_read_fixtures.py", &args);
            let kept = tmp.keep();
            // Another test binary may have won the race: then use its directory.
            if std::fs::rename(&kept, &dir).is_err() {
                let _ = std::fs::remove_dir_all(&kept);
            }
        }
        let text = std::fs::read_to_string(dir.join("ref.json")).expect("ref.json");
        Fixtures {
            dir,
            reference: serde_json::from_str(&text).expect("ref.json parses"),
        }
    })
}
