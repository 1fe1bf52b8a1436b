//! The golden NDJSON of the bundled sample: the first 10 events exported with the default
//! parameters (fixed mode, bundled working point, maxnocalow 15, seed 0), compact enough to
//! review in a diff. Any change to labels, values, key order or formatting shows here.
//!
//! After an intended change: `SCWIN_UPDATE_GOLDEN=1 cargo test --test golden_sample`, and
//! review the diff of tests/golden/sample_first10.ndjson.gz (zcat it) in the commit.

use std::io::{Read, Write};
use std::path::PathBuf;

use scwin::dumper::DumperFile;
use scwin::export::Source;
use scwin::export::ndjson::NdjsonEncoder;
use scwin::windows::{Builder, Params};

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/sample_first10.ndjson.gz")
}

fn export_first10() -> String {
    let f = DumperFile::open(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample/electrons.root"),
        "sim_fraction",
    )
    .unwrap();
    let builder = Builder::new(Params::default()).unwrap();
    let batch = f.read_range(0..10).unwrap();
    let mut out = Vec::new();
    let mut enc = NdjsonEncoder::new(false);
    for ev in batch.events() {
        f.validate(&ev).unwrap();
        for w in builder.build(&ev) {
            enc.write_window(
                &mut out,
                &w,
                &ev,
                Source {
                    file: "sample/electrons.root",
                },
            );
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn the_sample_exports_as_the_golden_file() {
    let got = export_first10();
    if std::env::var_os("SCWIN_UPDATE_GOLDEN").is_some() {
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(golden_path()).unwrap(),
            flate2::Compression::best(),
        );
        gz.write_all(got.as_bytes()).unwrap();
        gz.finish().unwrap();
    }
    let mut want = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(golden_path()).expect("golden file"))
        .read_to_string(&mut want)
        .unwrap();
    assert!(got.lines().count() > 100, "{} windows", got.lines().count());
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            let at = g
                .bytes()
                .zip(w.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let from = at.saturating_sub(80);
            panic!(
                "window {i} differs at byte {at}:\n got: …{}\nwant: …{}",
                &g[from..(at + 80).min(g.len())],
                &w[from..(at + 80).min(w.len())]
            );
        }
    }
    assert_eq!(got.lines().count(), want.lines().count());
}
