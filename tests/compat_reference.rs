//! Compat mode value by value against an independent implementation of the original
//! scripts (tests/py/reference_windows.py: uproot + plain Python + ROOT-compiled Mustache),
//! on files written by real ROOT in every compression; and fixed mode, where only the
//! switches of algorithm.md section 8 differ, against the same implementation with them.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// Dumper files written by PyROOT (the reader's fixtures), made once per test binary.
fn fixtures() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        common::run_py("make_read_fixtures.py", &[d.path().to_str().unwrap()]);
        d
    })
    .path()
}

fn wp() -> std::path::PathBuf {
    common::shared_data("simscore_wp/simScore_Minima_ElectronsOnly.root")
}

/// Exports `input` in compat mode with every window kept, then compares with the reference.
/// Returns the comparison summary.
pub fn compare(input: &Path, max_events: Option<u64>) -> serde_json::Value {
    compare_mode(input, max_events, true)
}

/// As [`compare`], in compat or fixed mode.
fn compare_mode(input: &Path, max_events: Option<u64>, compat: bool) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(common::scwin_bin());
    cmd.arg("export");
    if compat {
        cmd.arg("--compat");
    }
    cmd.args(["--maxnocalow", "all", "--no-gzip", "-q", "-o"])
        .arg(out.path())
        .arg("--wp")
        .arg(wp())
        .arg(input);
    let st = cmd.output().unwrap();
    assert!(
        st.status.success(),
        "scwin export failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let ours = out.path().join(format!("{stem}.ndjson"));
    let reference = out.path().join("reference.ndjson");
    let mut args = vec![
        input.to_str().unwrap().to_string(),
        wp().display().to_string(),
    ];
    if let Some(n) = max_events {
        args.push(n.to_string());
    }
    if !compat {
        args.push("--fixed".to_string());
    }
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = common::run_py("reference_windows.py", &args_ref);
    std::fs::write(&reference, text).unwrap();
    let cmp = common::python()
        .arg(common::py_script("compare_windows.py"))
        .arg(&ours)
        .arg(&reference)
        .output()
        .unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&cmp.stdout)
        .unwrap_or_else(|_| panic!("compare failed: {}", String::from_utf8_lossy(&cmp.stderr)));
    assert!(cmp.status.success(), "differences: {summary:#}");
    summary
}

#[test]
fn compat_matches_the_reference_in_every_compression() {
    for comp in ["zlib", "lzma", "lz4", "zstd", "none"] {
        let f = fixtures().join(format!("dumper_{comp}.root"));
        let s = compare(&f, None);
        assert!(s["reference_windows"].as_u64().unwrap() > 50, "{s}");
        assert!(s["values"].as_u64().unwrap() > 1000, "{s}");
        // Only events that scwin reports invalid (and skips) may be missing.
        assert!(s["missing_entries"].as_array().unwrap().len() <= 2, "{s}");
    }
}

#[test]
fn compat_matches_the_reference_on_the_sample() {
    // The first 60 events of the bundled sample: realistic calo-matched windows.
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/electrons.root");
    let s = compare(&sample, Some(60));
    assert!(s["calo_matched"].as_u64().unwrap() > 150, "{s}");
    assert!(s["values"].as_u64().unwrap() > 100_000, "{s}");
    assert!(s["missing_entries"].as_array().unwrap().is_empty(), "{s}");
}

#[test]
fn fixed_mode_matches_the_reference_with_the_fixes() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/electrons.root");
    let s = compare_mode(&sample, Some(60), false);
    assert!(s["calo_matched"].as_u64().unwrap() > 150, "{s}");
    assert!(s["values"].as_u64().unwrap() > 100_000, "{s}");
    let f = fixtures().join("dumper_zstd.root");
    let s = compare_mode(&f, None, false);
    assert!(s["reference_windows"].as_u64().unwrap() > 50, "{s}");
}
