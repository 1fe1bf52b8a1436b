//! The dumper reader on PyROOT-written files: schema check at open, events equal to uproot's
//! values, optional branches, entry ranges, random access.

mod common;
#[path = "root_read_support/mod.rs"]
mod support;

use scwin::dumper::{DumperError, DumperFile, Event, to_owned_event};
use serde_json::Value;
use support::fixtures;

/// Per-entry values of a reference branch: entries of rows of encoded values (a vector
/// branch has one row per entry; a scalar one value in one row).
fn reference_entries(b: &Value) -> Vec<Vec<Vec<i128>>> {
    let vals: Vec<i128> = b["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|x| {
            x.as_i64()
                .map(|i| i as i128)
                .or_else(|| x.as_u64().map(|u| u as i128))
                .unwrap()
        })
        .collect();
    let counts = |k: &str| -> Option<Vec<usize>> {
        b.get(k).map(|c| {
            c.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap() as usize)
                .collect()
        })
    };
    match (counts("counts"), counts("row_counts")) {
        (None, _) => vals.into_iter().map(|v| vec![vec![v]]).collect(),
        (Some(c), None) => {
            let mut at = 0;
            c.iter()
                .map(|&n| {
                    let e = vec![vals[at..at + n].to_vec()];
                    at += n;
                    e
                })
                .collect()
        }
        (Some(c), Some(rc)) => {
            let (mut at, mut row) = (0, 0);
            c.iter()
                .map(|&n| {
                    (0..n)
                        .map(|_| {
                            let len = rc[row];
                            row += 1;
                            let r = vals[at..at + len].to_vec();
                            at += len;
                            r
                        })
                        .collect()
                })
                .collect()
        }
    }
}

fn f32s(v: &[f32]) -> Vec<Vec<i128>> {
    vec![v.iter().map(|x| x.to_bits() as i128).collect()]
}
fn f64s(v: &[f64]) -> Vec<Vec<i128>> {
    vec![v.iter().map(|x| x.to_bits() as i128).collect()]
}
fn i32s(v: &[i32]) -> Vec<Vec<i128>> {
    vec![v.iter().map(|&x| x as i128).collect()]
}
fn rows<T: Copy>(j: &scwin::dumper::Jagged<'_, T>, enc: impl Fn(T) -> i128) -> Vec<Vec<i128>> {
    j.iter()
        .map(|r| r.iter().map(|&x| enc(x)).collect())
        .collect()
}

/// Every field of the event, encoded as the reference encodes its branch.
fn event_fields(e: &Event<'_>) -> Vec<(&'static str, Vec<Vec<i128>>)> {
    let fb = |x: f32| x.to_bits() as i128;
    let ib = |x: i32| x as i128;
    vec![
        ("pfCluster_energy", f32s(e.cl_energy)),
        ("pfCluster_rawEnergy", f32s(e.cl_raw_energy)),
        ("pfCluster_eta", f32s(e.cl_eta)),
        ("pfCluster_phi", f32s(e.cl_phi)),
        ("pfCluster_ieta", i32s(e.cl_ieta)),
        ("pfCluster_iphi", i32s(e.cl_iphi)),
        ("pfCluster_iz", i32s(e.cl_iz)),
        ("pfCluster_nXtals", f64s(e.cl_nxtals)),
        ("pfCluster_full5x5_r9", f32s(e.cl_f5_r9)),
        (
            "pfCluster_full5x5_sigmaIetaIeta",
            f32s(e.cl_f5_sigma_ieta_ieta),
        ),
        (
            "pfCluster_full5x5_sigmaIetaIphi",
            f32s(e.cl_f5_sigma_ieta_iphi),
        ),
        (
            "pfCluster_full5x5_sigmaIphiIphi",
            f32s(e.cl_f5_sigma_iphi_iphi),
        ),
        ("pfCluster_full5x5_swissCross", f32s(e.cl_f5_swiss_cross)),
        ("pfCluster_r9", f32s(e.cl_r9)),
        ("pfCluster_sigmaIetaIeta", f32s(e.cl_sigma_ieta_ieta)),
        ("pfCluster_sigmaIetaIphi", f32s(e.cl_sigma_ieta_iphi)),
        ("pfCluster_sigmaIphiIphi", f32s(e.cl_sigma_iphi_iphi)),
        ("pfCluster_swissCross", f32s(e.cl_swiss_cross)),
        ("pfCluster_etaWidth", f32s(e.cl_eta_width)),
        ("pfCluster_phiWidth", f32s(e.cl_phi_width)),
        ("pfClusterHit_rechitEnergy", rows(&e.hit_energy, fb)),
        ("pfClusterHit_fraction", rows(&e.hit_fraction, fb)),
        ("pfClusterHit_ieta", rows(&e.hit_ieta, ib)),
        ("pfClusterHit_iphi", rows(&e.hit_iphi, ib)),
        ("pfClusterHit_iz", rows(&e.hit_iz, ib)),
        ("caloParticle_simEnergy", f32s(e.calo_sim_energy)),
        ("caloParticle_simEta", f32s(e.calo_sim_eta)),
        ("caloParticle_simPhi", f32s(e.calo_sim_phi)),
        ("caloParticle_simIz", i32s(e.calo_sim_iz)),
        ("caloParticle_genEnergy", f32s(e.calo_gen_energy)),
        ("caloParticle_genEta", f32s(e.calo_gen_eta)),
        ("caloParticle_genPhi", f32s(e.calo_gen_phi)),
        ("superCluster_seedIndex", i32s(e.sc_seed_index)),
        ("superCluster_pfClustersIndex", rows(&e.sc_cl_index, ib)),
    ]
}

fn check_against_reference(file: &str, association: &str, range_size: u64) {
    let fx = fixtures();
    let refb = &fx.reference["trees"][file]["branches"];
    let df = DumperFile::open(fx.file(file), association).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(df.entries(), 60);
    let mut per_branch = std::collections::HashMap::new();
    let mut names: Vec<&str> = event_fields(&df.read_range(0..1).unwrap().event(0))
        .iter()
        .map(|(n, _)| *n)
        .collect();
    let assoc = format!("pfCluster_{association}");
    names.push(&assoc);
    for scalar in [
        "runId", "lumiId", "eventId", "nVtx", "rho", "obsPU", "truePU",
    ] {
        names.push(scalar);
    }
    for n in &names {
        per_branch.insert(*n, reference_entries(&refb[*n]));
    }
    let ranges = df.entry_ranges(range_size);
    assert_eq!(ranges.first().map(|r| r.start), Some(0));
    assert_eq!(ranges.last().map(|r| r.end), Some(60));
    let mut seen = 0;
    for r in ranges {
        assert!(r.end - r.start <= range_size.max(1));
        let batch = df.read_range(r.clone()).unwrap();
        assert_eq!(batch.len() as u64, r.end - r.start);
        for (i, ev) in batch.events().enumerate() {
            let entry = r.start as usize + i;
            assert_eq!(ev.id.entry, entry as u64);
            for (name, got) in event_fields(&ev) {
                assert_eq!(got, per_branch[name][entry], "{file} entry {entry} {name}");
            }
            let scores = rows(&ev.cl_scores, |x: f64| x.to_bits() as i128);
            assert_eq!(
                scores,
                per_branch[assoc.as_str()][entry],
                "{file} {entry} scores"
            );
            let sc = |n: &str| per_branch[n][entry][0][0];
            assert_eq!(ev.id.run.map(|x| x as i128), Some(sc("runId")));
            assert_eq!(ev.id.lumi.map(|x| x as i128), Some(sc("lumiId")));
            assert_eq!(ev.id.event.map(|x| x as i128), Some(sc("eventId")));
            assert_eq!(ev.pileup.n_vtx.map(|x| x as i128), Some(sc("nVtx")));
            assert_eq!(ev.pileup.rho.map(|x| x.to_bits() as i128), Some(sc("rho")));
            assert_eq!(
                ev.pileup.obs_pu.map(|x| x.to_bits() as i128),
                Some(sc("obsPU"))
            );
            assert_eq!(
                ev.pileup.true_pu.map(|x| x.to_bits() as i128),
                Some(sc("truePU"))
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 60);
}

#[test]
fn events_match_uproot_in_every_compression() {
    for (i, f) in [
        "dumper_zlib.root",
        "dumper_lzma.root",
        "dumper_lz4.root",
        "dumper_zstd.root",
        "dumper_none.root",
    ]
    .iter()
    .enumerate()
    {
        // Vary the range size: whole file, odd sizes cutting baskets, single entries.
        check_against_reference(f, "sim_fraction", [1000, 7, 1, 31, 60][i]);
    }
}

#[test]
fn another_association_branch_is_used_when_asked() {
    check_against_reference("dumper_zstd.root", "simScore", 13);
}

#[test]
fn schema_errors_list_everything_at_once() {
    let fx = fixtures();
    let err = DumperFile::open(fx.file("dumper_badtypes.root"), "sim_fraction").unwrap_err();
    let DumperError::Schema(s) = &err else {
        panic!("expected a schema error, got {err}");
    };
    assert_eq!(s.problems.len(), 4, "{err}");
    let msg = err.to_string();
    for part in [
        "dumper_badtypes.root",
        "recosimdumper/caloTree",
        "missing branch pfCluster_eta (expected vector<float>)",
        "missing branch superCluster_seedIndex (expected vector<int>)",
        "branch pfCluster_nXtals: expected vector<double>, found vector<float>",
        "branch pfCluster_sim_fraction: expected vector<vector<double>>, found \
         vector<vector<float>>",
    ] {
        assert!(msg.contains(part), "{part:?} not in:\n{msg}");
    }
    // A strategy whose branch does not exist.
    let err = DumperFile::open(fx.file("dumper_zlib.root"), "nope").unwrap_err();
    assert!(
        err.to_string().contains("missing branch pfCluster_nope"),
        "{err}"
    );
}

#[test]
fn wrong_tree_and_non_dumper_files_are_errors_naming_the_file() {
    let fx = fixtures();
    let e = DumperFile::open(fx.file("scalars.root"), "sim_fraction").unwrap_err();
    assert!(matches!(e, DumperError::Root(_)));
    assert!(e.to_string().contains("scalars.root"), "{e}");
    let e = DumperFile::open_tree(
        fx.file("dumper_zlib.root"),
        "recosimdumper/x",
        "sim_fraction",
    )
    .unwrap_err();
    assert!(e.to_string().contains("dumper_zlib.root"), "{e}");
}

#[test]
fn random_access_equals_the_full_read() {
    let fx = fixtures();
    let df = DumperFile::open(fx.file("dumper_lzma.root"), "sim_fraction").unwrap();
    let all = df.read_range(0..60).unwrap();
    for k in [0u64, 3, 30, 31, 59] {
        let one = df.event(k).unwrap();
        assert_eq!(one, to_owned_event(&all.event(k as usize)), "entry {k}");
        assert_eq!(one.id.entry, k);
    }
    assert!(df.event(60).is_err());
    let cached = df.clone().with_basket_cache(64 << 20);
    for k in 0..60u64 {
        assert_eq!(cached.event(k).unwrap(), df.event(k).unwrap(), "entry {k}");
    }
    let (hits, misses) = cached.tree().cache_stats().unwrap();
    assert!(hits > 10 * misses, "{hits} hits, {misses} misses");
}

#[test]
fn entry_ranges_follow_basket_boundaries() {
    let fx = fixtures();
    let df = DumperFile::open(fx.file("dumper_zlib.root"), "sim_fraction").unwrap();
    // Baskets of every branch break at entry 31.
    assert_eq!(df.entry_ranges(1000), vec![0..60]);
    assert_eq!(df.entry_ranges(40), vec![0..31, 31..60]);
    assert_eq!(df.entry_ranges(20), vec![0..20, 20..31, 31..51, 51..60]);
    assert_eq!(df.entry_ranges(0).len(), 60);
}

#[test]
fn batches_decode_the_same_on_one_and_two_threads() {
    let fx = fixtures();
    let df = DumperFile::open(fx.file("dumper_zstd.root"), "sim_fraction").unwrap();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = one.install(|| df.read_range(0..60).unwrap());
    let b = two.install(|| df.read_range(0..60).unwrap());
    for i in 0..60 {
        assert_eq!(to_owned_event(&a.event(i)), to_owned_event(&b.event(i)));
    }
}
