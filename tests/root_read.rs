//! The ROOT reader against files written by real ROOT (PyROOT), value for value against
//! uproot: every branch type, every compression, huge and many baskets, embedded baskets,
//! TH2F/TH2D, random access, type and path errors.

mod common;
#[path = "root_read_support/mod.rs"]
mod support;

use scwin::root::read::{
    Algorithm, AnyColumn, BranchKind, BranchType, Column, ElemType, Element, RootFile,
};
use serde_json::Value;
use support::fixtures;

/// Values of a column as the reference encodes them: floats as bit patterns, ints as ints.
fn encoded(col: &AnyColumn) -> Vec<i128> {
    fn ints<T: Element + Into<i128>>(c: &Column<T>) -> Vec<i128> {
        c.values().iter().map(|&v| v.into()).collect()
    }
    match col {
        AnyColumn::Bool(c) => c.values().iter().map(|&b| b as i128).collect(),
        AnyColumn::I8(c) => ints(c),
        AnyColumn::U8(c) => ints(c),
        AnyColumn::I16(c) => ints(c),
        AnyColumn::U16(c) => ints(c),
        AnyColumn::I32(c) => ints(c),
        AnyColumn::U32(c) => ints(c),
        AnyColumn::I64(c) => ints(c),
        AnyColumn::U64(c) => ints(c),
        AnyColumn::F32(c) => c.values().iter().map(|v| v.to_bits() as i128).collect(),
        AnyColumn::F64(c) => c.values().iter().map(|v| v.to_bits() as i128).collect(),
    }
}

/// (entry counts, row counts) of a column.
fn shape(col: &AnyColumn) -> (Vec<usize>, Vec<usize>) {
    fn of<T: Element>(c: &Column<T>) -> (Vec<usize>, Vec<usize>) {
        let counts = c.entry_offsets().windows(2).map(|w| w[1] - w[0]).collect();
        let rows = c.row_offsets().windows(2).map(|w| w[1] - w[0]).collect();
        (counts, rows)
    }
    match col {
        AnyColumn::Bool(c) => of(c),
        AnyColumn::I8(c) => of(c),
        AnyColumn::U8(c) => of(c),
        AnyColumn::I16(c) => of(c),
        AnyColumn::U16(c) => of(c),
        AnyColumn::I32(c) => of(c),
        AnyColumn::U32(c) => of(c),
        AnyColumn::I64(c) => of(c),
        AnyColumn::U64(c) => of(c),
        AnyColumn::F32(c) => of(c),
        AnyColumn::F64(c) => of(c),
    }
}

fn json_ints(v: &Value) -> Vec<i128> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| {
            x.as_i64()
                .map(|i| i as i128)
                .or_else(|| x.as_u64().map(|u| u as i128))
                .expect("integer")
        })
        .collect()
}

fn json_usizes(v: &Value) -> Vec<usize> {
    json_ints(v).into_iter().map(|x| x as usize).collect()
}

/// uproot's typename (`std::vector<std::vector<int32_t>>`, `int64_t`) as a BranchType.
fn uproot_type(name: &str) -> BranchType {
    let n = name.replace("std::", "");
    if let Some(t) = BranchType::parse_stl(&n) {
        return t;
    }
    BranchType::scalar(ElemType::from_cpp(&n).unwrap_or_else(|| panic!("uproot type {name}")))
}

#[test]
fn every_branch_of_every_file_matches_uproot() {
    let fx = fixtures();
    let trees = fx.reference["trees"].as_object().expect("trees");
    assert!(trees.len() >= 10, "all fixture files dumped");
    let mut checked_values = 0usize;
    for (fname, t) in trees {
        let f = RootFile::open(fx.file(fname)).unwrap_or_else(|e| panic!("{e}"));
        let tree = f
            .tree(t["tree"].as_str().unwrap())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tree.entries(), t["entries"].as_u64().unwrap(), "{fname}");
        let branches = t["branches"].as_object().unwrap();
        assert_eq!(
            tree.branches().len(),
            branches.len(),
            "{fname}: branch count"
        );
        for (bname, b) in branches {
            let ctx = format!("{fname}:{bname}");
            let info = tree.branch(bname).unwrap_or_else(|e| panic!("{e}"));
            let bt = info.btype.clone().unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_eq!(bt, uproot_type(b["typename"].as_str().unwrap()), "{ctx}");
            assert_eq!(
                info.baskets.len() as u64,
                b["num_baskets"].as_u64().unwrap(),
                "{ctx}: baskets"
            );
            let col = tree
                .read_any(bname, 0..tree.entries())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(col.len() as u64, tree.entries(), "{ctx}");
            assert_eq!(col.kind(), bt.kind, "{ctx}");
            let (counts, rows) = shape(&col);
            if let Some(c) = b.get("counts") {
                assert_eq!(counts, json_usizes(c), "{ctx}: entry lengths");
            }
            if let Some(r) = b.get("row_counts") {
                assert_eq!(rows, json_usizes(r), "{ctx}: row lengths");
            }
            if let Some(v) = b.get("values") {
                let want = json_ints(v);
                assert_eq!(encoded(&col), want, "{ctx}: values");
                checked_values += want.len();
            } else {
                let enc = encoded(&col);
                assert_eq!(enc.len() as u64, b["n_values"].as_u64().unwrap(), "{ctx}");
                let sum = enc.iter().fold(0u64, |s, &v| s.wrapping_add(v as u64));
                assert_eq!(sum, b["bitsum"].as_u64().unwrap(), "{ctx}: sum of bits");
                let sample: Vec<i128> = enc.iter().step_by(997).copied().collect();
                assert_eq!(sample, json_ints(&b["sample"]), "{ctx}: sample");
                checked_values += enc.len();
            }
        }
    }
    assert!(
        checked_values > 4_500_000,
        "{checked_values} values checked"
    );
}

#[test]
fn compression_settings_are_reported() {
    let fx = fixtures();
    for (name, alg, level) in [
        ("dumper_zlib.root", Algorithm::Zlib, 1),
        ("dumper_lzma.root", Algorithm::Lzma, 7),
        ("dumper_lz4.root", Algorithm::Lz4, 4),
        ("dumper_zstd.root", Algorithm::Zstd, 5),
        ("dumper_none.root", Algorithm::None, 0),
    ] {
        let c = RootFile::open(fx.file(name)).unwrap().compression();
        assert_eq!((c.algorithm, c.level), (alg, level), "{name}");
    }
}

#[test]
fn huge_baskets_span_several_compression_blocks() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("big_basket.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let b = t.branch("big_float").unwrap();
    // 4.5M floats in entry 0, both entries in one basket: > 16 MiB uncompressed.
    assert_eq!(b.baskets.len(), 1);
    assert!(b.tot_bytes > 16 * 1024 * 1024, "{}", b.tot_bytes);
    let c = t.read::<f32>("big_float", 0..2).unwrap();
    assert_eq!(c.entry(0).len(), 4_500_000);
    assert_eq!(c.entry(1).len(), 1000);
}

#[test]
fn th2_edges_and_contents_match_uproot() {
    let fx = fixtures();
    let th2s = fx.reference["th2"].as_object().unwrap();
    // The fixture's two plus at least one per working-point file that has TH2s.
    assert!(th2s.len() >= 2 + 6, "{}", th2s.len());
    for (key, h) in th2s {
        let (path, name) = key.rsplit_once(':').unwrap();
        let path = if path.starts_with('/') {
            std::path::PathBuf::from(path)
        } else {
            fx.file(path)
        };
        let f = RootFile::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let th2 = f.th2(name).unwrap_or_else(|e| panic!("{e}"));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits() as i128).collect::<Vec<_>>();
        assert_eq!(
            bits(&th2.x_edges),
            json_ints(&h["x_edges"]),
            "{key}: x edges"
        );
        assert_eq!(
            bits(&th2.y_edges),
            json_ints(&h["y_edges"]),
            "{key}: y edges"
        );
        assert_eq!(
            bits(&th2.contents),
            json_ints(&h["contents"]),
            "{key}: contents"
        );
        assert_eq!(th2.name, name);
    }
}

#[test]
fn every_working_point_file_with_a_th2_has_its_threshold_map() {
    let mut with_map = 0;
    for p in support::simscore_root_files() {
        let f = RootFile::open(&p).unwrap_or_else(|e| panic!("{e}"));
        let has_th2 = f
            .keys()
            .unwrap()
            .iter()
            .any(|k| k.key.class_name.starts_with("TH2"));
        match f.th2("h2_Minimum_simScore_seedBins") {
            Ok(h) => {
                assert!(h.nx() > 0 && h.ny() > 0, "{}", p.display());
                with_map += 1;
            }
            Err(e) => {
                // simScore_Minima_ElectronsAndPhotons.root holds only TGraphErrors.
                assert!(!has_th2, "{e}");
                let msg = e.to_string();
                assert!(msg.contains("h2_Minimum_simScore_seedBins"), "{msg}");
                assert!(
                    msg.contains("TGraphErrors") && msg.contains("more"),
                    "{msg}"
                );
            }
        }
    }
    assert!(with_map >= 6, "{with_map}");
}

#[test]
fn highest_cycle_wins_and_cycles_can_be_named() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("dumper_zlib.root")).unwrap();
    let keys = f.keys().unwrap();
    let cycles: Vec<i16> = keys
        .iter()
        .filter(|k| k.path == "recosimdumper/caloTree")
        .map(|k| k.key.cycle)
        .collect();
    assert_eq!(cycles.len(), 2, "{keys:?}");
    assert_eq!(f.tree("recosimdumper/caloTree").unwrap().entries(), 60);
    assert_eq!(f.tree("recosimdumper/caloTree;1").unwrap().entries(), 31);
    assert_eq!(f.key("recosimdumper").unwrap().class_name, "TDirectory");
}

fn assert_same_entry<T: Element>(full: &Column<T>, part: &Column<T>, k: usize) {
    let j = k - part.first_entry() as usize;
    assert_eq!(full.entry(k), part.entry(j), "entry {k}");
    if full.kind() == BranchKind::VecVec {
        let rows = full.rows(k).len();
        assert_eq!(rows, part.rows(j).len(), "entry {k} rows");
        for r in 0..rows.saturating_sub(1) {
            assert_eq!(full.row(k, r), part.row(j, r), "entry {k} row {r}");
        }
    }
}

#[test]
fn random_access_equals_slices_of_a_full_read() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("many_baskets.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let n = t.entries();
    let x = t.read::<i32>("x", 0..n).unwrap();
    let y = t.read::<f32>("y", 0..n).unwrap();
    let z = t.read::<i32>("z", 0..n).unwrap();
    for k in [0u64, 1, 34, 35, 699, 700, 2500, 4899, 4900, 4999] {
        let xs = t.read::<i32>("x", k..k + 1).unwrap();
        assert_eq!(xs.scalar(0), Some(k as i32));
        assert_same_entry(&x, &xs, k as usize);
        assert_same_entry(&y, &t.read::<f32>("y", k..k + 1).unwrap(), k as usize);
        assert_same_entry(&z, &t.read::<i32>("z", k..k + 1).unwrap(), k as usize);
    }
    // Ranges across basket boundaries.
    for (a, b) in [(30u64, 80u64), (650, 1500), (0, 1), (4990, 5000), (17, 17)] {
        let zs = t.read::<i32>("z", a..b).unwrap();
        assert_eq!(zs.len() as u64, b - a);
        for k in a..b {
            assert_same_entry(&z, &zs, k as usize);
        }
    }
    let dump = f.tree("recosimdumper/caloTree").unwrap();
    assert!(dump.read::<i32>("x", 4999..5001).is_err());
}

#[test]
fn the_basket_cache_gives_the_same_values_and_is_hit() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("many_baskets.root")).unwrap();
    let plain = f.tree("recosimdumper/caloTree").unwrap();
    let cached = plain.clone().with_basket_cache(1 << 20);
    assert_eq!(plain.cache_stats(), None);
    for round in 0..2 {
        for k in [0u64, 1, 2, 34, 35, 36, 699, 700, 4999] {
            for b in ["x", "y", "z"] {
                let a = plain.read_any(b, k..k + 1).unwrap();
                let c = cached.read_any(b, k..k + 1).unwrap();
                assert_eq!(a, c, "round {round} entry {k} branch {b}");
            }
        }
        let a = plain.read_any("z", 650..1500).unwrap();
        assert_eq!(a, cached.read_any("z", 650..1500).unwrap());
    }
    let (hits, misses) = cached.cache_stats().unwrap();
    assert!(hits > misses, "{hits} hits, {misses} misses");
    // A cache too small for any basket still reads correctly.
    let tiny = plain.clone().with_basket_cache(16);
    assert_eq!(
        tiny.read_any("y", 0..5000).unwrap(),
        plain.read_any("y", 0..5000).unwrap()
    );
}

#[test]
fn reads_in_parallel_pools_agree() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("dumper_zstd.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let names: Vec<&str> = t.branches().iter().map(|b| b.name.as_str()).collect();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = one.install(|| t.read_many(&names, 0..60).unwrap());
    let b = two.install(|| t.read_many(&names, 0..60).unwrap());
    assert_eq!(a, b);
    // RootFile and Tree can be shared across threads.
    fn send_sync<T: Send + Sync>() {}
    send_sync::<RootFile>();
    send_sync::<scwin::root::read::Tree>();
}

#[test]
fn common_basket_boundaries_split_the_file() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("many_baskets.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let b = t.common_basket_boundaries(&["x", "y", "z"]);
    assert_eq!(b, vec![0, 700, 1400, 2100, 2800, 3500, 4200, 4900, 5000]);
}

#[test]
fn entry_ranges_prefer_cheap_cuts_and_clusters_decode_each_basket_once() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("many_baskets.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let names = ["x", "y", "z"];
    let clusters = t.cluster_ranges(&names);
    assert_eq!(clusters.len(), 8);
    assert_eq!(clusters[0], 0..700);
    assert_eq!(clusters[7], 4900..5000);
    // Within reach of a cluster boundary, the cut is there.
    let r = t.entry_ranges(&names, 800);
    assert_eq!(r[0], 0..700);
    assert_eq!(r[1], 700..1400);
    for max in [1u64, 50, 333, 5000] {
        let r = t.entry_ranges(&names, max);
        assert_eq!(r.first().unwrap().start, 0);
        assert_eq!(r.last().unwrap().end, 5000);
        assert!(r.windows(2).all(|w| w[0].end == w[1].start));
        assert!(r.iter().all(|x| x.end > x.start && x.end - x.start <= max));
    }
    // A cut inside a cluster lands on a y or z basket boundary when one is in reach.
    let r = t.entry_ranges(&names, 50);
    let y: Vec<u64> = t
        .branch("y")
        .unwrap()
        .baskets
        .iter()
        .map(|b| b.first_entry)
        .collect();
    let z: Vec<u64> = t
        .branch("z")
        .unwrap()
        .baskets
        .iter()
        .map(|b| b.first_entry)
        .collect();
    assert!(y.contains(&r[0].end) || z.contains(&r[0].end), "{r:?}");
}

#[test]
fn embedded_baskets_are_read() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("embedded.root")).unwrap();
    let t = f.tree("t").unwrap();
    assert!(t.branch("v").unwrap().baskets[0].is_embedded());
    let v = t.read::<f32>("v", 0..10).unwrap();
    assert_eq!(v.entry(2), &[3.0, 4.0]);
    let x = t.read::<i32>("x", 0..10).unwrap();
    assert_eq!(x.values()[9], 60);
    let vv = t.read::<i32>("vv", 5..6).unwrap();
    assert_eq!(vv.row(0, 1), &[500, 501]);
}

#[test]
fn type_mismatch_names_file_branch_and_both_types() {
    let fx = fixtures();
    let path = fx.file("dumper_lz4.root");
    let f = RootFile::open(&path).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let e = t
        .read::<f64>("pfCluster_energy", 0..1)
        .unwrap_err()
        .to_string();
    for part in [
        "dumper_lz4.root",
        "pfCluster_energy",
        "vector<float>",
        "vector<double>",
    ] {
        assert!(e.contains(part), "{e}");
    }
    let e = t
        .read::<i32>("no_such_branch", 0..1)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no_such_branch") && e.contains("dumper_lz4.root"),
        "{e}"
    );
}

#[test]
fn wrong_tree_path_lists_what_is_there() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("dumper_zlib.root")).unwrap();
    let e = f.tree("recosimdumper/nope").unwrap_err().to_string();
    assert!(
        e.contains("dumper_zlib.root") && e.contains("caloTree"),
        "{e}"
    );
    let e = f.tree("caloTree").unwrap_err().to_string();
    assert!(e.contains("recosimdumper"), "{e}");
    let e = f.tree("h2d_var").unwrap_err().to_string();
    assert!(e.contains("TH2D"), "{e}");
    let e = f.th2("recosimdumper/caloTree").unwrap_err().to_string();
    assert!(e.contains("TTree"), "{e}");
}

#[test]
fn bad_files_give_errors_naming_the_file() {
    let fx = fixtures();
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fx.file("dumper_zlib.root")).unwrap();

    let empty = dir.path().join("empty.root");
    std::fs::write(&empty, b"").unwrap();
    let e = RootFile::open(&empty).unwrap_err().to_string();
    assert!(e.contains("empty.root") && e.contains("empty"), "{e}");

    let text = dir.path().join("text.root");
    std::fs::write(&text, b"hello, this is not a ROOT file at all\n").unwrap();
    let e = RootFile::open(&text).unwrap_err().to_string();
    assert!(
        e.contains("text.root") && e.contains("not a ROOT file"),
        "{e}"
    );

    let trunc = dir.path().join("truncated.root");
    std::fs::write(&trunc, &good[..good.len() / 2]).unwrap();
    let e = RootFile::open(&trunc).unwrap_err().to_string();
    assert!(
        e.contains("truncated.root") && e.contains("truncated"),
        "{e}"
    );

    let tiny = dir.path().join("tiny.root");
    std::fs::write(&tiny, &good[..10]).unwrap();
    let e = RootFile::open(&tiny).unwrap_err().to_string();
    assert!(e.contains("tiny.root"), "{e}");

    let missing = dir.path().join("missing.root");
    let e = RootFile::open(&missing).unwrap_err().to_string();
    assert!(e.contains("missing.root"), "{e}");
}

#[test]
fn flipped_bytes_in_a_basket_are_an_error_naming_the_branch() {
    let fx = fixtures();
    let f = RootFile::open(fx.file("dumper_zlib.root")).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let b = t.branch("pfCluster_energy").unwrap();
    let seek = b.baskets[0].seek as usize;
    let bytes = b.baskets[0].bytes as usize;
    let mut data = std::fs::read(fx.file("dumper_zlib.root")).unwrap();
    // Flip bytes in the middle of the compressed payload.
    for i in 0..8 {
        data[seek + bytes / 2 + i] ^= 0xA5;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("flipped.root");
    std::fs::write(&p, &data).unwrap();
    let f = RootFile::open(&p).unwrap();
    let t = f.tree("recosimdumper/caloTree").unwrap();
    let e = t
        .read::<f32>("pfCluster_energy", 0..t.entries())
        .unwrap_err()
        .to_string();
    for part in [
        "flipped.root",
        "pfCluster_energy",
        "basket 0",
        "entries 0..31",
    ] {
        assert!(e.contains(part), "{e}");
    }
}
