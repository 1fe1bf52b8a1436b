//! `scwin export` as users run it: determinism across thread counts, skip/redo, bad inputs
//! among good ones, nothing half-written.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn fixtures() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        common::run_py("make_read_fixtures.py", &[d.path().to_str().unwrap()]);
        d
    })
    .path()
}

fn scwin(args: &[&str]) -> Output {
    Command::new(common::scwin_bin())
        .args(args)
        .output()
        .unwrap()
}

fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn outputs_do_not_depend_on_threads() {
    let inputs = [
        fixtures().join("dumper_zlib.root"),
        fixtures().join("dumper_zstd.root"),
    ];
    let inputs: Vec<&str> = inputs.iter().map(|p| p.to_str().unwrap()).collect();
    let mut results = Vec::new();
    for threads in ["1", "2"] {
        for chunk in ["3", "64"] {
            let out = tempfile::tempdir().unwrap();
            let mut args = vec![
                "export",
                "-q",
                "--format",
                "both",
                "--tf-compression",
                "gzip",
                "-j",
                threads,
                "--chunk",
                chunk,
                "--maxnocalow",
                "2",
                "--seed",
                "5",
                "-o",
                out.path().to_str().unwrap(),
            ];
            args.extend(&inputs);
            let o = scwin(&args);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            results.push((threads, chunk, files_under(out.path())));
        }
    }
    let names: Vec<_> = results[0].2.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(names.len(), 2 * 4, "{names:?}");
    // The same chunking gives the same bytes whatever the thread count.
    assert_eq!(results[0].2, results[2].2, "chunk 3: 1 vs 2 threads");
    assert_eq!(results[1].2, results[3].2, "chunk 64: 1 vs 2 threads");
    // Decompressed NDJSON does not depend on the chunking either.
    let ndjson = |files: &[(PathBuf, Vec<u8>)]| -> Vec<String> {
        files
            .iter()
            .filter(|(p, _)| p.to_string_lossy().ends_with(".ndjson.gz"))
            .map(|(_, b)| {
                let mut s = String::new();
                use std::io::Read;
                flate2::read::MultiGzDecoder::new(&b[..])
                    .read_to_string(&mut s)
                    .unwrap();
                s
            })
            .collect()
    };
    assert_eq!(ndjson(&results[0].2), ndjson(&results[1].2));
}

#[test]
fn complete_outputs_are_skipped_unless_redo() {
    let out = tempfile::tempdir().unwrap();
    let input = fixtures().join("dumper_lz4.root");
    let args = [
        "export",
        "-q",
        "-o",
        out.path().to_str().unwrap(),
        input.to_str().unwrap(),
    ];
    assert!(scwin(&args).status.success());
    let target = out.path().join("dumper_lz4.ndjson.gz");
    let good = std::fs::read(&target).unwrap();
    std::fs::write(&target, b"stale").unwrap();
    let o = scwin(&args);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("skipped"));
    assert_eq!(std::fs::read(&target).unwrap(), b"stale");
    let mut redo = args.to_vec();
    redo.push("--redo");
    assert!(scwin(&redo).status.success());
    assert_eq!(std::fs::read(&target).unwrap(), good);
}

#[test]
fn a_bad_input_fails_alone_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = fixtures().join("dumper_zlib.root");
    // A truncated copy (an interrupted transfer) and a file that is not ROOT at all.
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.root");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let text = dir.path().join("notes.root");
    std::fs::write(&text, b"this is not a ROOT file\n").unwrap();
    let badtypes = fixtures().join("dumper_badtypes.root");
    let out = dir.path().join("out");
    let o = scwin(&[
        "export",
        "-q",
        "-o",
        out.to_str().unwrap(),
        good.to_str().unwrap(),
        truncated.to_str().unwrap(),
        text.to_str().unwrap(),
        badtypes.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("truncated.root"), "{stderr}");
    assert!(stderr.contains("notes.root"), "{stderr}");
    // The schema error lists every problem of the file at once.
    assert!(
        stderr.contains("pfCluster_eta") && stderr.contains("superCluster_seedIndex"),
        "{stderr}"
    );
    assert!(stderr.contains("pfCluster_sim_fraction"), "{stderr}");
    let written: Vec<String> = files_under(&out)
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(
        written,
        vec!["dumper_zlib.ndjson.gz".to_string()],
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 file(s) written"));
}

#[test]
fn strict_turns_invalid_events_into_a_failure() {
    let out = tempfile::tempdir().unwrap();
    let input = fixtures().join("dumper_none.root");
    let lenient = scwin(&[
        "export",
        "-q",
        "-o",
        out.path().to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert!(lenient.status.success());
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    assert!(
        stderr.contains("entry") && stderr.contains("superCluster_pfClustersIndex"),
        "{stderr}"
    );
    let out2 = tempfile::tempdir().unwrap();
    let strict = scwin(&[
        "export",
        "-q",
        "--strict",
        "-o",
        out2.path().to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(files_under(out2.path()).is_empty());
}

#[test]
fn cancelling_mid_way_leaves_no_file() {
    use scwin::export::driver::{ExportOptions, FileOutcome, Progress, export};
    use std::sync::atomic::{AtomicBool, Ordering};
    let out = tempfile::tempdir().unwrap();
    let input = fixtures().join("dumper_zlib.root");
    let builder = scwin::windows::Builder::new(scwin::windows::Params::default()).unwrap();
    let opts = ExportOptions {
        out_dir: out.path().to_path_buf(),
        threads: 1,
        chunk_entries: 5,
        ..ExportOptions::default()
    };
    let cancel = AtomicBool::new(false);
    let seen = std::sync::atomic::AtomicU64::new(0);
    // Cancel as soon as the first chunk has been written.
    let progress = |p: Progress| {
        if let Progress::Entries(n) = p {
            seen.fetch_add(n, Ordering::Relaxed);
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let s = export(
        std::slice::from_ref(&input),
        &builder,
        &opts,
        &progress,
        &cancel,
    );
    assert!(s.cancelled);
    assert!(seen.load(Ordering::Relaxed) > 0);
    assert_eq!(s.files, vec![(input, FileOutcome::Cancelled)]);
    assert!(
        files_under(out.path()).is_empty(),
        "{:?}",
        files_under(out.path())
    );
}
