//! Pure-Rust TFRecord tests: NDJSON and window encoders agree byte for byte, records
//! round-trip through framing, reading and decoding, the dataset writer's layout, gzip
//! members, determinism across thread counts, and `scwin convert` inputs and errors.

mod common;
mod tfrecord_support;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use scwin::export::tfrecord::{
    EncodedChunk, TfChunk, TfCompression, TfDatasetWriter, TfOptions, Weights, WindowRecord,
    dataset_paths, encode_json_window, encode_window, frame_record, gzip_members, open_records,
    parse_json_lenient, read_records, read_records_auto,
};
use scwin::root::hist::Th2;
use tfrecord_support::*;

fn weights() -> Arc<Weights> {
    // 3 x bins in et_seed, 2 y bins in ncls; distinct contents including flow bins.
    let x_edges = vec![0.0, 5.0, 20.0, 100.0];
    let y_edges = vec![0.0, 2.0, 6.0];
    let contents = (0..(5 * 4)).map(|i| 0.5 + i as f64 * 0.25).collect();
    Arc::new(
        Weights::from_th2(Th2 {
            name: "weight".into(),
            title: String::new(),
            x_edges,
            y_edges,
            contents,
        })
        .unwrap(),
    )
}

fn all_options() -> Vec<TfOptions> {
    vec![
        TfOptions::default(),
        TfOptions {
            flavour: 11,
            weights: Some(weights()),
        },
    ]
}

fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&c| c == b'\n').filter(|l| !l.is_empty())
}

#[test]
fn hand_events_give_every_class() {
    let evs = hand_events();
    let ws = windows_of(&evs);
    let classes: Vec<u8> = ws.iter().flatten().map(|w| w.class()).collect();
    for c in 0..3 {
        assert!(classes.contains(&c), "no class {c} window: {classes:?}");
    }
    // Some window holds a cluster without hits, some a NaN shape.
    assert!(ws.iter().flatten().any(|w| w.clusters.len() > 2));
}

#[test]
fn json_and_window_encoders_give_identical_bytes() {
    let mut evs = hand_events();
    evs.extend(random_events(7, 300));
    let ws = windows_of(&evs);
    let n: usize = ws.iter().map(Vec::len).sum();
    assert!(n > 300, "only {n} windows");
    for opts in all_options() {
        for compat in [false, true] {
            let text = ndjson(&evs, &ws, compat);
            let from_json: Vec<Vec<u8>> = lines(&text)
                .map(|l| encode_json_window(&parse_json_lenient(l).unwrap(), &opts).unwrap())
                .collect();
            // Fixed-mode NDJSON writes `null` for ±Infinity (read back as NaN); compat mode
            // keeps `Infinity` tokens, so it gives exactly the window's record.
            let from_windows: Vec<Vec<u8>> = pairs(&evs, &ws)
                .iter()
                .map(|(w, ev)| {
                    if compat {
                        encode_window(w, ev, &opts)
                    } else {
                        let mut r = WindowRecord::from_window(w, ev, &opts);
                        infinities_to_nan(&mut r);
                        r.encode()
                    }
                })
                .collect();
            assert_eq!(from_json.len(), from_windows.len());
            for (k, (a, b)) in from_json.iter().zip(&from_windows).enumerate() {
                assert!(a == b, "window {k} differs (compat {compat})");
            }
        }
    }
}

#[test]
fn records_round_trip_through_framing_and_decoding() {
    let mut evs = hand_events();
    evs.extend(random_events(11, 100));
    let ws = windows_of(&evs);
    let opts = TfOptions {
        flavour: 22,
        weights: Some(weights()),
    };
    let records: Vec<WindowRecord> = pairs(&evs, &ws)
        .iter()
        .map(|(w, ev)| WindowRecord::from_window(w, ev, &opts))
        .collect();
    let mut stream = Vec::new();
    for r in &records {
        frame_record(&mut stream, &r.encode());
    }
    let read: Vec<Vec<u8>> = read_records(&stream[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(read.len(), records.len());
    for (bytes, r) in read.iter().zip(&records) {
        let d = WindowRecord::decode(bytes).unwrap();
        // NaN-safe equality: compare bit patterns through the Debug of the bits.
        assert_eq!(bits(&d), bits(r));
        assert_eq!(&d.encode(), bytes);
    }
    // The hand-made windows: flavour only for calo-matched ones, weights from the TH2.
    let (w, ev) = &pairs(&evs, &ws)[0];
    let r = WindowRecord::from_window(w, ev, &opts);
    assert_eq!(r.flavour, if w.is_seed_calo_matched() { 22 } else { 0 });
    let expected = weights().weight(w.et_seed, w.ncls() as f64) as f32;
    assert_eq!(r.weight, expected);
    assert_eq!(r.n_cl, w.ncls() as i64);
    assert_eq!(r.clusters.len(), w.ncls());
}

/// What fixed-mode NDJSON (`null` for every non-finite value) leaves of a record.
fn infinities_to_nan(r: &mut WindowRecord) {
    let fix = |v: &mut [f32]| {
        for x in v.iter_mut().filter(|x| x.is_infinite()) {
            *x = f32::NAN;
        }
    };
    fix(&mut r.seed_features);
    fix(&mut r.seed_metadata);
    r.seed_hits.iter_mut().for_each(|h| fix(h));
    for c in r.clusters.iter_mut() {
        fix(&mut c.features);
        fix(&mut c.metadata);
        c.hits.iter_mut().for_each(|h| fix(h));
    }
}

fn bits(r: &WindowRecord) -> String {
    let f = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let mut s = format!(
        "{} {} {} {} {:?} {:?} {:?} {:?}",
        r.class,
        r.n_cl,
        r.weight.to_bits(),
        r.flavour,
        f(&r.seed_features),
        r.seed_labels,
        f(&r.seed_metadata),
        r.seed_hits.iter().map(|h| f(h)).collect::<Vec<_>>()
    );
    for c in &r.clusters {
        s += &format!(
            "|{:?} {:?} {:?} {:?}",
            f(&c.features),
            c.labels,
            f(&c.metadata),
            c.hits.iter().map(|h| f(h)).collect::<Vec<_>>()
        );
    }
    s
}

#[test]
fn weights_follow_root_find_bin_with_flow_bins() {
    let w = weights();
    // GetBinContent(FindBin(x, y)), global bin = ix + (nx + 2) * iy with nx = 3.
    let c = |ix: usize, iy: usize| 0.5 + (ix + 5 * iy) as f64 * 0.25;
    assert_eq!(w.weight(1.0, 1.0), c(1, 1));
    assert_eq!(w.weight(5.0, 2.0), c(2, 2));
    assert_eq!(w.weight(-1.0, 1.0), c(0, 1));
    assert_eq!(w.weight(100.0, 7.0), c(4, 3));
    assert_eq!(w.weight(f64::NAN, 0.0), c(4, 1));
    assert!(
        Weights::from_th2(Th2 {
            name: "weight".into(),
            title: String::new(),
            x_edges: vec![0.0, 1.0],
            y_edges: vec![0.0, 1.0],
            contents: vec![0.0; 4],
        })
        .is_err()
    );
}

fn chunked(
    evs: &[scwin::dumper::OwnedEvent],
    ws: &[Vec<scwin::windows::Window>],
    per_chunk: usize,
    c: TfCompression,
) -> Vec<EncodedChunk> {
    let opts = TfOptions::default();
    pairs(evs, ws)
        .chunks(per_chunk)
        .map(|part| {
            let mut ch = TfChunk::new();
            for (w, ev) in part {
                ch.push_window(w, ev, &opts);
            }
            ch.finish(c).unwrap()
        })
        .collect()
}

#[test]
fn dataset_writer_layout_members_and_read_back() {
    let mut evs = hand_events();
    evs.extend(random_events(3, 200));
    let ws = windows_of(&evs);
    let all = pairs(&evs, &ws);
    for c in [TfCompression::Gzip, TfCompression::None] {
        let dir = tempfile::tempdir().unwrap();
        let mut wr = TfDatasetWriter::create(dir.path(), "ds", c).unwrap();
        for ch in chunked(&evs, &ws, 5, c) {
            wr.write_chunk(&ch).unwrap();
        }
        let summary = wr.finish().unwrap();
        let (calo, nocalo, meta) = dataset_paths(dir.path(), "ds");
        assert_eq!(summary.calo_path, calo);
        assert!(calo.ends_with("calo_matched/calomatch_ds.proto"));
        assert!(nocalo.ends_with("no_calo_matched/nocalomatch_ds.proto"));
        let count = |k: u8| all.iter().filter(|(w, _)| w.class() == k).count() as u64;
        assert_eq!(summary.counts, [count(0), count(1), count(2)]);
        assert_eq!(
            std::fs::read_to_string(&meta).unwrap(),
            format!("ds;0;{}\nds;1;{}\nds;2;{}\n", count(0), count(1), count(2))
        );
        // No temporary file is left.
        for d in ["calo_matched", "no_calo_matched", "."] {
            for e in std::fs::read_dir(dir.path().join(d)).unwrap() {
                let name = e.unwrap().file_name().into_string().unwrap();
                assert!(!name.starts_with('.'), "{name} left behind");
            }
        }
        // Records come back in order, by class.
        let expect = |want: &dyn Fn(u8) -> bool| -> Vec<Vec<u8>> {
            all.iter()
                .filter(|(w, _)| want(w.class()))
                .map(|(w, ev)| encode_window(w, ev, &TfOptions::default()))
                .collect()
        };
        let got = |p: &Path| -> Vec<Vec<u8>> {
            open_records(p).unwrap().collect::<Result<_, _>>().unwrap()
        };
        assert_eq!(got(&nocalo), expect(&|k| k == 0));
        assert_eq!(got(&calo), expect(&|k| k > 0));
        if c == TfCompression::Gzip {
            for p in [&calo, &nocalo] {
                let bytes = std::fs::read(p).unwrap();
                let members = gzip_members(&bytes).unwrap();
                assert!(members.len() > 3, "{} members", members.len());
                for (i, m) in members.iter().enumerate() {
                    assert!(!m.is_empty(), "{}: member {i} is empty", p.display());
                    // Record-aligned: each member holds whole records.
                    assert!(read_records(&m[..]).all(|r| r.is_ok()));
                }
            }
        }
    }
}

#[test]
fn empty_chunks_write_no_gzip_member() {
    let ch = TfChunk::new().finish(TfCompression::Gzip).unwrap();
    assert!(ch.calo.is_empty() && ch.no_calo.is_empty());
    let mut only_calo = TfChunk::new();
    only_calo.push(2, b"record");
    let ch = only_calo.finish(TfCompression::Gzip).unwrap();
    assert!(ch.no_calo.is_empty());
    assert_eq!(gzip_members(&ch.calo).unwrap().len(), 1);
    assert_eq!(ch.counts, [0, 0, 1]);
}

#[test]
fn dropped_writer_leaves_no_files() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut wr = TfDatasetWriter::create(dir.path(), "x", TfCompression::Gzip).unwrap();
        let mut ch = TfChunk::new();
        ch.push(0, b"abc");
        wr.write_chunk(&ch.finish(TfCompression::Gzip).unwrap())
            .unwrap();
    }
    for d in ["calo_matched", "no_calo_matched"] {
        assert_eq!(
            std::fs::read_dir(dir.path().join(d)).unwrap().count(),
            0,
            "{d} not empty"
        );
    }
    assert!(!dir.path().join("x_metadata.txt").exists());
    assert!(TfDatasetWriter::create(dir.path(), "a/b", TfCompression::None).is_err());
}

#[test]
fn decoders_reject_garbage_without_panicking() {
    let mut rng_state = 12345u64;
    for len in [0usize, 1, 7, 12, 16, 40, 300] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                rng_state = rng_state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (rng_state >> 33) as u8
            })
            .collect();
        let _ = WindowRecord::decode(&bytes);
        let _ = read_records(&bytes[..]).count();
        let _ = read_records_auto(&bytes[..]).map(|r| r.count());
        let _ = gzip_members(&bytes);
    }
    assert!(WindowRecord::decode(b"\x0a\x00").is_err());
    assert!(
        encode_json_window(
            &serde_json::json!({"window_index": "a"}),
            &TfOptions::default()
        )
        .is_err()
    );
}

/// Runs `scwin convert` with arguments; returns (success, stderr).
fn convert(args: &[&str]) -> (bool, String) {
    let out = Command::new(common::scwin_bin())
        .arg("convert")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn dataset_bytes(dir: &Path, name: &str) -> Vec<Vec<u8>> {
    let (a, b, c) = dataset_paths(dir, name);
    [a, b, c]
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

#[test]
fn convert_is_deterministic_across_threads_and_input_forms() {
    let mut evs = hand_events();
    evs.extend(random_events(5, 400));
    let ws = windows_of(&evs);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Compat NDJSON (NaN/Infinity tokens), as the original scripts wrote it, keeps every
    // value; fixed-mode NDJSON is checked below on events without infinities.
    let compat = ndjson(&evs, &ws, true);
    let plain = write_file(d, "w.ndjson", &compat);
    let gzd = write_file(d, "w.ndjson.gz", &gz(&compat));
    // The original scripts' form: a tar.gz with the records split over two members.
    let half = {
        let ls: Vec<&[u8]> = compat.split_inclusive(|&c| c == b'\n').collect();
        let mid = ls.len() / 2;
        (ls[..mid].concat(), ls[mid..].concat())
    };
    let tgz = write_file(
        d,
        "w.tar.gz",
        &gz(&tar(&[("a.ndjson", &half.0), ("b.ndjson", &half.1)])),
    );
    for comp in ["gzip", "none"] {
        let mut outs = Vec::new();
        for (input, threads) in [(&plain, "1"), (&plain, "2"), (&gzd, "2"), (&tgz, "2")] {
            let out = d.join(format!("out-{comp}-{threads}-{}", outs.len()));
            let (ok, err) = convert(&[
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--format",
                "tfrecord",
                "--name",
                "ds",
                "--tf-compression",
                comp,
                "--threads",
                threads,
                "--chunk-lines",
                "37",
            ]);
            assert!(ok, "{err}");
            outs.push(dataset_bytes(&out, "ds"));
        }
        for (k, o) in outs.iter().enumerate().skip(1) {
            assert!(o == &outs[0], "{comp}: output {k} differs from output 0");
        }
        if comp == "none" {
            // Plain records are exactly the window encoder's.
            let want: Vec<u8> = pairs(&evs, &ws).iter().filter(|(w, _)| w.class() > 0).fold(
                Vec::new(),
                |mut acc, (w, ev)| {
                    frame_record(&mut acc, &encode_window(w, ev, &TfOptions::default()));
                    acc
                },
            );
            assert!(outs[0][0] == want);
        }
    }
    // Fixed-mode NDJSON (`null` for NaN) of events without infinities: same records.
    let evs = random_events(9, 150);
    let ws = windows_of(&evs);
    let fixed = write_file(d, "fixed.ndjson.gz", &gz(&ndjson(&evs, &ws, false)));
    let out = d.join("fixed");
    let (ok, err) = convert(&[fixed.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (calo, nocalo, _) = dataset_paths(&out, "fixed");
    let read =
        |p: &Path| -> Vec<Vec<u8>> { open_records(p).unwrap().collect::<Result<_, _>>().unwrap() };
    let mut got = read(&nocalo);
    got.extend(read(&calo));
    let mut want: Vec<Vec<u8>> = Vec::new();
    for pass in [0, 1] {
        for (w, ev) in pairs(&evs, &ws) {
            if (w.class() > 0) as i32 == pass {
                want.push(encode_window(w, &ev, &TfOptions::default()));
            }
        }
    }
    assert!(got == want, "fixed-mode NDJSON records differ");

    // Without --name, the dataset is named after the input.
    let out = d.join("named");
    let (ok, err) = convert(&[tgz.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.join("w_metadata.txt").exists());
    assert!(out.join("calo_matched/calomatch_w.proto").exists());
}

#[test]
fn convert_errors_name_file_and_line() {
    let evs = hand_events();
    let ws = windows_of(&evs);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut text = ndjson(&evs, &ws, false);
    let good_lines = lines(&text).count();
    text.extend_from_slice(b"{\"window_index\": \"broken\", \"is_seed_calo_matched\": tru\n");
    let input = write_file(d, "bad.ndjson", &text);
    let out = d.join("out");
    let (ok, err) = convert(&[input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!ok);
    let at = format!("bad.ndjson:{}:", good_lines + 1);
    assert!(err.contains(&at), "{err}");
    // No half dataset under the final names.
    assert!(!dataset_paths(&out, "bad").0.exists());
    assert!(!out.join("bad_metadata.txt").exists());

    // A missing key names the key.
    let input = write_file(
        d,
        "miss.ndjson",
        b"\n{\"window_index\": \"x\", \"is_seed_calo_matched\": false}\n",
    );
    let (ok, err) = convert(&[input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("miss.ndjson:2:") && err.contains("is_seed_calo_seed"),
        "{err}"
    );

    // Skipping bad lines keeps the good ones.
    let input = write_file(d, "bad.ndjson", &text);
    let (ok, err) = convert(&[
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--skip-bad-lines",
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("skipped"), "{err}");
    let meta = std::fs::read_to_string(out.join("bad_metadata.txt")).unwrap();
    let total: u64 = meta
        .lines()
        .map(|l| l.rsplit(';').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total as usize, good_lines);

    // A missing input is an error naming it.
    let (ok, err) = convert(&["/nonexistent/x.ndjson", "-o", out.to_str().unwrap()]);
    assert!(!ok && err.contains("/nonexistent/x.ndjson"), "{err}");
}
