//! Slow checks, run on demand (release build recommended):
//!
//! `cargo test --release --test root_write_big -- --ignored --nocapture`
//!
//! - a file over 2 GB (64-bit header, keys and seeks) read back by ROOT and uproot;
//! - write throughput on a realistic dumper tree (2000 events x 300 clusters x ~10 hits).

mod common;

use std::time::Instant;

use scwin::root::write::*;
use serde_json::json;

#[test]
#[ignore]
fn file_over_2gb_is_read_back_by_root_and_uproot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("over2gb.root");
    // 1 MB per entry, 2100 entries.
    let n_entries = 2100u64;
    let base: Vec<f32> = (0..250_000).map(|i| i as f32 * 0.37).collect();
    let mut w = RootWriter::create(&path, Compression::none()).unwrap();
    let mut t = w
        .tree(
            "recosimdumper/caloTree",
            "caloTree",
            &[
                BranchSpec::new("eventId", BranchType::I64),
                BranchSpec::new("v", BranchType::VecF32),
            ],
        )
        .unwrap();
    let mut v = base.clone();
    let mut expect = Vec::new();
    for e in 0..n_entries {
        v[0] = e as f32;
        if e == 0 || e == n_entries - 1 {
            let s = v
                .iter()
                .fold(0u64, |a, x| a.wrapping_add(u64::from(x.to_bits())));
            expect.push(json!([v.len(), s]));
        }
        t.fill(&[BranchValue::I64(e as i64), BranchValue::VecF32(&v)])
            .unwrap();
    }
    t.finish().unwrap();
    w.close().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 2_100_000_000, "only {size} bytes");
    let head = std::fs::read(&path).map(|b| b[..8].to_vec()).unwrap();
    let version = i32::from_be_bytes(head[4..8].try_into().unwrap());
    assert!(
        version > 1_000_000,
        "header not in the 64-bit format: {version}"
    );

    let out = common::python()
        .arg(common::py_script("check_written_big_file.py"))
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "check_written_big_file.py failed:\n{stderr}"
    );
    assert!(
        !stderr.contains("Error") && !stderr.contains("Warning"),
        "ROOT or uproot complained:\n{stderr}"
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for reader in ["root", "uproot"] {
        assert_eq!(got[reader]["entries"], json!(n_entries), "{reader}");
        assert_eq!(got[reader]["ids"], json!([0, n_entries - 1]), "{reader}");
        assert_eq!(got[reader]["v"], json!(expect), "{reader}");
    }
}

/// A dumper-like event: ~300 clusters, ~10 hits each, 5 CaloParticles, 20 SuperClusters.
struct Event {
    f: Vec<Vec<f32>>,
    i: Vec<Vec<i32>>,
    n_xtals: Vec<f64>,
    sim_fraction: (Vec<u32>, Vec<f64>),
    hits_f: Vec<(Vec<u32>, Vec<f32>)>,
    hits_i: Vec<(Vec<u32>, Vec<i32>)>,
    sc_index: (Vec<u32>, Vec<i32>),
}

#[test]
#[ignore]
fn write_throughput() {
    let mut specs = vec![
        BranchSpec::new("eventId", BranchType::I64),
        BranchSpec::new("runId", BranchType::I32),
        BranchSpec::new("rho", BranchType::F32),
        BranchSpec::new("truePU", BranchType::F64),
    ];
    let nf = 21; // vector<float> per cluster (energies, positions, shower shapes)
    for k in 0..nf {
        specs.push(BranchSpec::new(
            format!("pfCluster_f{k}"),
            BranchType::VecF32,
        ));
    }
    for k in 0..3 {
        specs.push(BranchSpec::new(
            format!("pfCluster_i{k}"),
            BranchType::VecI32,
        ));
    }
    specs.push(BranchSpec::new("pfCluster_nXtals", BranchType::VecF64));
    specs.push(BranchSpec::new(
        "pfCluster_sim_fraction",
        BranchType::VecVecF64,
    ));
    for k in 0..2 {
        specs.push(BranchSpec::new(
            format!("pfClusterHit_f{k}"),
            BranchType::VecVecF32,
        ));
    }
    for k in 0..3 {
        specs.push(BranchSpec::new(
            format!("pfClusterHit_i{k}"),
            BranchType::VecVecI32,
        ));
    }
    specs.push(BranchSpec::new(
        "superCluster_pfClustersIndex",
        BranchType::VecVecI32,
    ));

    let mut seed = 1u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let n_events = 2000;
    let events: Vec<Event> = (0..200)
        .map(|_| {
            let nc = 280 + (rnd() % 40) as usize;
            let mut hit_off = vec![0u32];
            for _ in 0..nc {
                hit_off.push(hit_off.last().unwrap() + 5 + (rnd() % 11) as u32);
            }
            let nh = *hit_off.last().unwrap() as usize;
            let sim_off: Vec<u32> = (0..=nc as u32).map(|c| c * 5).collect();
            let sc_off: Vec<u32> = (0..=20u32).map(|c| c * 3).collect();
            Event {
                f: (0..nf)
                    .map(|_| (0..nc).map(|_| (rnd() % 100_000) as f32 * 0.013).collect())
                    .collect(),
                i: (0..3)
                    .map(|_| (0..nc).map(|_| (rnd() % 360) as i32 - 85).collect())
                    .collect(),
                n_xtals: (0..nc).map(|_| (rnd() % 30) as f64).collect(),
                sim_fraction: (
                    sim_off,
                    (0..nc * 5)
                        .map(|_| {
                            if rnd() % 4 == 0 {
                                (rnd() % 1000) as f64 / 1e3
                            } else {
                                0.0
                            }
                        })
                        .collect(),
                ),
                hits_f: (0..2)
                    .map(|_| {
                        (
                            hit_off.clone(),
                            (0..nh).map(|_| (rnd() % 50_000) as f32 * 0.01).collect(),
                        )
                    })
                    .collect(),
                hits_i: (0..3)
                    .map(|_| {
                        (
                            hit_off.clone(),
                            (0..nh).map(|_| (rnd() % 200) as i32 - 100).collect(),
                        )
                    })
                    .collect(),
                sc_index: (sc_off, (0..60).map(|_| (rnd() % 300) as i32).collect()),
            }
        })
        .collect();

    for (tag, c) in [
        ("zlib-1", Compression::zlib(1)),
        ("zlib-6", Compression::zlib(6)),
        ("lz4-4", Compression::lz4(4)),
        ("zstd-5", Compression::zstd(5)),
        ("lzma-1", Compression::lzma(1)),
        ("none", Compression::none()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.root");
        let start = Instant::now();
        let mut w = RootWriter::create(&path, c).unwrap();
        let mut t = w
            .tree("recosimdumper/caloTree", "caloTree", &specs)
            .unwrap();
        let mut raw = 0usize;
        for e in 0..n_events {
            let ev = &events[e % events.len()];
            let mut vals = vec![
                BranchValue::I64(e as i64),
                BranchValue::I32(1),
                BranchValue::F32(20.5),
                BranchValue::F64(51.2),
            ];
            vals.extend(ev.f.iter().map(|v| BranchValue::VecF32(v)));
            vals.extend(ev.i.iter().map(|v| BranchValue::VecI32(v)));
            vals.push(BranchValue::VecF64(&ev.n_xtals));
            vals.push(BranchValue::VecVecF64(Jagged::Flat {
                offsets: &ev.sim_fraction.0,
                values: &ev.sim_fraction.1,
            }));
            for (o, v) in &ev.hits_f {
                vals.push(BranchValue::VecVecF32(Jagged::Flat {
                    offsets: o,
                    values: v,
                }));
            }
            for (o, v) in &ev.hits_i {
                vals.push(BranchValue::VecVecI32(Jagged::Flat {
                    offsets: o,
                    values: v,
                }));
            }
            vals.push(BranchValue::VecVecI32(Jagged::Flat {
                offsets: &ev.sc_index.0,
                values: &ev.sc_index.1,
            }));
            raw += ev.f.iter().map(|v| v.len() * 4).sum::<usize>()
                + ev.hits_f.iter().map(|(_, v)| v.len() * 4).sum::<usize>()
                + ev.hits_i.iter().map(|(_, v)| v.len() * 4).sum::<usize>();
            t.fill(&vals).unwrap();
        }
        t.finish().unwrap();
        let before_close = start.elapsed().as_secs_f64();
        w.close().unwrap();
        let secs = start.elapsed().as_secs_f64();
        println!("  (close with fsync: {:.2} s)", secs - before_close);
        let size = std::fs::metadata(&path).unwrap().len() as f64;
        println!(
            "{tag:>7}: {n_events} events, {:.0} MB written in {secs:.2} s: {:.0} MB/s of file, {:.0} MB/s of values ({:.0} events/s)",
            size / 1e6,
            size / 1e6 / secs,
            raw as f64 / 1e6 / secs,
            n_events as f64 / secs
        );
    }
}
