//! TFRecord datasets read by real TensorFlow (`tests/py/tf_check_records.py`, one Python
//! process): hand-made and randomized windows, GZIP and plain, written directly from
//! windows and by `scwin convert` from the original scripts' tar.gz form, with weights and
//! a flavour, and an empty dataset.

mod common;
mod tfrecord_support;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use scwin::dumper::OwnedEvent;
use scwin::export::tfrecord::{
    TfChunk, TfCompression, TfDatasetWriter, TfOptions, Weights, dataset_paths,
};
use scwin::root::hist::Th2;
use scwin::windows::Window;
use serde_json::{Value, json};
use tfrecord_support::*;

fn weight_th2() -> Th2 {
    Th2 {
        name: "weight".into(),
        title: "weights".into(),
        x_edges: vec![0.0, 2.0, 10.0, 50.0, 500.0],
        y_edges: vec![0.0, 1.5, 3.5, 8.0],
        contents: (0..6 * 5).map(|i| 0.25 + 0.125 * i as f64).collect(),
    }
}

/// Writes a dataset directly from windows (chunks of `per_chunk` windows) plus the compat
/// NDJSON of the same windows, and returns its manifest entry.
#[allow(clippy::too_many_arguments)]
fn direct_case(
    dir: &Path,
    name: &str,
    evs: &[OwnedEvent],
    ws: &[Vec<Window>],
    comp: TfCompression,
    per_chunk: usize,
    flavour: i64,
    weights: bool,
) -> Value {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).unwrap();
    let opts = TfOptions {
        flavour,
        weights: weights.then(|| Arc::new(Weights::from_th2(weight_th2()).unwrap())),
    };
    let mut wr = TfDatasetWriter::create(&out, name, comp).unwrap();
    for part in pairs(evs, ws).chunks(per_chunk.max(1)) {
        let mut ch = TfChunk::new();
        for (w, ev) in part {
            ch.push_window(w, ev, &opts);
        }
        wr.write_chunk(&ch.finish(comp).unwrap()).unwrap();
    }
    wr.finish().unwrap();
    let nd = write_file(&out, "windows.ndjson", &ndjson(evs, ws, true));
    manifest_entry(name, &out, name, &nd, comp, flavour, weights)
}

fn manifest_entry(
    case: &str,
    out: &Path,
    dataset: &str,
    ndjson: &Path,
    comp: TfCompression,
    flavour: i64,
    weights: bool,
) -> Value {
    let (calo, nocalo, meta) = dataset_paths(out, dataset);
    let th2 = weight_th2();
    json!({
        "name": case,
        "dataset": dataset,
        "ndjson": ndjson,
        "calo": calo,
        "nocalo": nocalo,
        "metadata": meta,
        "compression": comp.tf_name(),
        "flavour": flavour,
        "weights": if weights {
            json!({"x_edges": th2.x_edges, "y_edges": th2.y_edges, "contents": th2.contents})
        } else {
            Value::Null
        },
    })
}

#[test]
fn tensorflow_reads_every_record_with_the_ndjson_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hand = hand_events();
    let hand_w = windows_of(&hand);
    let rand = random_events(2024, 400);
    let rand_w = windows_of(&rand);
    let n_rand: usize = rand_w.iter().map(Vec::len).sum();

    let mut cases = vec![
        direct_case(
            d,
            "hand_gzip",
            &hand,
            &hand_w,
            TfCompression::Gzip,
            2,
            11,
            true,
        ),
        direct_case(
            d,
            "hand_plain",
            &hand,
            &hand_w,
            TfCompression::None,
            3,
            0,
            false,
        ),
        direct_case(
            d,
            "random_gzip",
            &rand,
            &rand_w,
            TfCompression::Gzip,
            64,
            22,
            true,
        ),
        direct_case(
            d,
            "random_plain",
            &rand,
            &rand_w,
            TfCompression::None,
            64,
            11,
            false,
        ),
        direct_case(d, "empty_gzip", &[], &[], TfCompression::Gzip, 1, 0, false),
        direct_case(d, "empty_plain", &[], &[], TfCompression::None, 1, 0, false),
    ];

    // `scwin convert` from the original scripts' form: compat NDJSON in a tar.gz.
    let mut all = hand.clone();
    all.extend(rand.iter().take(150).cloned());
    let all_w = windows_of(&all);
    let text = ndjson(&all, &all_w, true);
    let nd = write_file(d, "conv.ndjson", &text);
    let tgz = write_file(d, "conv.tar.gz", &gz(&tar(&[("windows.ndjson", &text)])));
    for (comp, flag) in [("gzip", TfCompression::Gzip), ("none", TfCompression::None)] {
        let out = d.join(format!("convert_{comp}"));
        let res = Command::new(common::scwin_bin())
            .args([
                "convert",
                tgz.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .args([
                "--format",
                "tfrecord",
                "--flavour",
                "11",
                "--tf-compression",
                comp,
            ])
            .args(["--chunk-lines", "16", "--threads", "2"])
            .output()
            .unwrap();
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        cases.push(manifest_entry(
            &format!("convert_{comp}"),
            &out,
            "conv",
            &nd,
            flag,
            11,
            false,
        ));
    }

    let manifest = write_file(
        d,
        "manifest.json",
        json!({ "cases": cases }).to_string().as_bytes(),
    );
    let out = common::run_py("tf_check_records.py", &[manifest.to_str().unwrap()]);
    let summary: Value = serde_json::from_str(out.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("bad summary {out:?}: {e}"));
    eprintln!("{summary}");
    let cases = &summary["cases"];
    let count = |c: &str| {
        let s = &cases[c];
        s["calo"].as_u64().unwrap() + s["nocalo"].as_u64().unwrap()
    };
    let n_hand: usize = hand_w.iter().map(Vec::len).sum();
    assert_eq!(count("hand_gzip") as usize, n_hand);
    assert_eq!(count("hand_plain") as usize, n_hand);
    assert_eq!(count("random_gzip") as usize, n_rand);
    assert_eq!(count("random_plain") as usize, n_rand);
    assert_eq!(count("empty_gzip"), 0);
    assert_eq!(count("empty_plain"), 0);
    let n_all: usize = all_w.iter().map(Vec::len).sum();
    assert_eq!(count("convert_gzip") as usize, n_all);
    assert_eq!(count("convert_none") as usize, n_all);
    for (name, s) in cases.as_object().unwrap() {
        assert_eq!(
            s["both"],
            s["calo"].as_u64().unwrap() + s["nocalo"].as_u64().unwrap()
        );
        assert_eq!(s["calo_bytes_equal"], s["calo"], "{name}");
        assert_eq!(s["nocalo_bytes_equal"], s["nocalo"], "{name}");
    }
    // Every class occurs in the random set, and it has many clusters and hits.
    let classes = cases["random_gzip"]["classes"].as_array().unwrap();
    assert!(
        classes.iter().all(|c| c.as_u64().unwrap() > 0),
        "{classes:?}"
    );
    assert!(cases["random_gzip"]["hits"].as_u64().unwrap() > 1000);
}
