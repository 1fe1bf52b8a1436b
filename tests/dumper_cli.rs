//! `scwin info` and `scwin check` on fixture files: output and exit codes.

mod common;
#[path = "root_read_support/mod.rs"]
mod support;

use std::process::Command;

use support::fixtures;

fn scwin(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(common::scwin_bin())
        .args(args)
        .output()
        .expect("run scwin");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(name: &str) -> String {
    fixtures().file(name).to_string_lossy().into_owned()
}

#[test]
fn info_describes_tree_branches_and_schema() {
    let (code, out, err) = scwin(&["info", &path("dumper_lz4.root")]);
    assert_eq!(code, 0, "{out}{err}");
    for part in [
        "dumper_lz4.root",
        "LZ4 level 4 (404)",
        "recosimdumper/caloTree (cycle 1): 60 entries, 48 branches",
        "pfCluster_sim_fraction",
        "vector<vector<double>>",
        "eventId",
        "Long64_t",
        "readable (association sim_fraction): 32/32 required, 15/15 optional",
    ] {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("pfClusterHit_iz "))
        .expect("branch line");
    assert!(line.contains("vector<vector<int>>"), "{line}");
}

#[test]
fn info_lists_schema_problems_and_fails_on_unreadable_files() {
    let (code, out, _) = scwin(&["info", &path("dumper_badtypes.root")]);
    assert_eq!(code, 0, "the file is readable as ROOT: {out}");
    assert!(out.contains("NOT readable"), "{out}");
    assert!(
        out.contains("missing     required  pfCluster_eta: expected vector<float>"),
        "{out}"
    );
    assert!(
        out.contains(
            "wrong type  required  pfCluster_nXtals: expected vector<double>, found vector<float>"
        ),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.root");
    std::fs::write(&junk, b"junk").unwrap();
    let (code, out, _) = scwin(&["info", &path("scalars.root"), junk.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("types") && out.contains("TTree"),
        "keys listed: {out}"
    );
    assert!(
        out.contains("junk.root") && out.contains("not a ROOT file"),
        "{out}"
    );
}

#[test]
fn check_reports_good_and_bad_files_and_throughput() {
    let (code, out, err) = scwin(&[
        "check",
        "--threads",
        "2",
        &path("dumper_zlib.root"),
        &path("dumper_zstd.root"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("GOOD") && lines[0].contains("dumper_zlib.root"),
        "{out}"
    );
    assert!(lines[0].contains("60 events"), "{out}");
    assert!(
        lines[1].starts_with("GOOD") && lines[1].contains("dumper_zstd.root"),
        "{out}"
    );
    assert!(
        out.contains("events/s") && out.contains("MB/s") || out.contains("kB/s"),
        "{out}"
    );
    assert!(
        out.contains("checked 2 files (2 good, 0 bad): 120 events"),
        "{out}"
    );
}

#[test]
fn check_counts_invalid_events_and_strict_makes_them_fatal() {
    // The fixture has events with SuperClusters pointing at cluster 0 of an empty list.
    let (code, out, _) = scwin(&["check", "-j", "1", &path("dumper_none.root")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" invalid (first: entry "), "{out}");
    assert!(out.contains("superCluster_pfClustersIndex"), "{out}");
    let (code, out, _) = scwin(&["check", "--strict", &path("dumper_none.root")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("BAD"), "{out}");
}

#[test]
fn check_fails_on_schema_problems_truncated_and_missing_files() {
    let fx = fixtures();
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fx.file("dumper_zlib.root")).unwrap();
    let trunc = dir.path().join("cut.root");
    std::fs::write(&trunc, &good[..good.len() * 2 / 3]).unwrap();
    let (code, out, _) = scwin(&[
        "check",
        &path("dumper_badtypes.root"),
        trunc.to_str().unwrap(),
        "/nonexistent/x.root",
        &path("dumper_lzma.root"),
    ]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let find = |name: &str| {
        lines
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {out}"))
    };
    assert!(find("dumper_badtypes.root").starts_with("BAD"), "{out}");
    assert!(out.contains("missing branch pfCluster_eta"), "{out}");
    assert!(find("cut.root").starts_with("BAD") && find("cut.root").contains("truncated"));
    assert!(find("x.root").starts_with("BAD"), "{out}");
    assert!(find("dumper_lzma.root").starts_with("GOOD"), "{out}");
    assert!(out.contains("(1 good, 3 bad)"), "{out}");
}

#[test]
fn check_reports_a_corrupt_basket_with_branch_and_entries() {
    let fx = fixtures();
    let f = scwin::root::read::RootFile::open(fx.file("dumper_zlib.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let b = &t.branch("pfClusterHit_ieta").unwrap().baskets[1];
    let mut data = std::fs::read(fx.file("dumper_zlib.root")).unwrap();
    let at = (b.seek + b.bytes as u64 - 20) as usize;
    for x in &mut data[at..at + 4] {
        *x = !*x;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("flipped.root");
    std::fs::write(&p, &data).unwrap();
    let (code, out, _) = scwin(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("BAD"), "{out}");
    assert!(
        out.contains("pfClusterHit_ieta") && out.contains("basket 1"),
        "{out}"
    );
}
