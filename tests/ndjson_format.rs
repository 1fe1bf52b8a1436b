//! NDJSON records: reference key order, value types, NaN handling, traceability keys.

mod common;

use common::events::{EventBuilder, cl};
use scwin::export::Source;
use scwin::export::ndjson::write_window;
use scwin::truth::wp::ThresholdMap;
use scwin::windows::{MaxNoCalo, Mode, Params, build};

const WINDOW_KEYS: &[&str] = &[
    "window_index",
    "is_seed_calo_matched",
    "calo_index",
    "is_seed_calo_seed",
    "is_seed_mustach_matched",
    "mustache_seed_index",
    "seed_score",
    "seed_eta",
    "seed_phi",
    "seed_iz",
    "seed_ieta",
    "seed_iphi",
    "en_seed",
    "et_seed",
    "en_seed_calib",
    "et_seed_calib",
    "en_true",
    "et_true",
    "seed_f5_r9",
    "seed_f5_sigmaIetaIeta",
    "seed_f5_sigmaIetaIphi",
    "seed_f5_sigmaIphiIphi",
    "seed_f5_swissCross",
    "seed_r9",
    "seed_sigmaIetaIeta",
    "seed_sigmaIetaIphi",
    "seed_sigmaIphiIphi",
    "seed_swissCross",
    "seed_etaWidth",
    "seed_phiWidth",
    "seed_nxtals",
    "seed_hits",
    "clusters",
    "nclusters_insc",
    "max_en_cluster_insc",
    "max_deta_cluster_insc",
    "max_dphi_cluster_insc",
    "ncls",
    "max_en_cluster",
    "max_deta_cluster",
    "max_dphi_cluster",
];

const CLUSTER_KEYS: &[&str] = &[
    "cl_index",
    "is_seed",
    "in_geom_mustache",
    "is_calo_matched",
    "is_calo_seed",
    "in_scluster",
    "in_mustache",
    "calo_score",
    "cluster_ieta",
    "cluster_iphi",
    "cluster_dphi",
    "cluster_iz",
    "en_cluster",
    "et_cluster",
    "en_cluster_calib",
    "et_cluster_calib",
    "cl_f5_r9",
    "cl_f5_sigmaIetaIeta",
    "cl_f5_sigmaIetaIphi",
    "cl_f5_sigmaIphiIphi",
    "cl_f5_swissCross",
    "cl_r9",
    "cl_sigmaIetaIeta",
    "cl_sigmaIetaIphi",
    "cl_sigmaIphiIphi",
    "cl_swissCross",
    "cl_etaWidth",
    "cl_phiWidth",
    "cl_nxtals",
    "cl_hits",
    "cluster_deta",
];

fn wp() -> ThresholdMap {
    ThresholdMap::new("t".into(), vec![0.0, 1000.0], vec![0.0, 3.0], vec![0.02]).unwrap()
}

fn lines(mode: Mode) -> Vec<String> {
    let mut ev = EventBuilder::new()
        .entry(42)
        .calo(40.0, 0.5, 1.0)
        .cluster(cl(30.0, 0.5, 1.0).scores(&[0.8]))
        .cluster(cl(3.0, 0.51, 1.12).scores(&[0.03]))
        .cluster(cl(2.0, -0.5, -2.0))
        .sc(0, &[0, 1])
        .build();
    ev.cl_sigma_ieta_iphi[1] = f32::NAN;
    let p = Params {
        mode,
        maxnocalow: MaxNoCalo::All,
        ..Params::default()
    };
    let mut out = Vec::new();
    for w in build(&ev.view(), &p, &wp()) {
        write_window(
            &mut out,
            &w,
            &ev.view(),
            Source { file: "dir/f.root" },
            mode == Mode::Compat,
        );
    }
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Top-level keys of a JSON object text, in order (the values are skipped by depth).
fn keys_in_order(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let (mut depth, mut i, mut keys) = (0i32, 0usize, Vec::new());
    let mut expect_key = false;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1 && b[i] == b'{';
            }
            b'}' | b']' => depth -= 1,
            b',' if depth == 1 => expect_key = true,
            b'"' => {
                let start = i + 1;
                i += 1;
                while b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if depth == 1 && expect_key {
                    keys.push(text[start..i].to_string());
                    expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[test]
fn keys_follow_the_reference_order() {
    for mode in [Mode::Compat, Mode::Fixed] {
        for line in lines(mode) {
            assert!(line.starts_with("{\"window_index\": \""), "{line}");
            let keys = keys_in_order(&line);
            let mut want: Vec<&str> = WINDOW_KEYS.to_vec();
            if mode == Mode::Fixed {
                want.insert(5, "is_seed_mustache_matched");
            }
            want.extend(["file", "entry", "run", "lumi", "event", "seed_index"]);
            assert_eq!(keys, want);
            let clusters_at = line.find("\"clusters\": [").unwrap() + "\"clusters\": [".len();
            let first_cluster = &line[clusters_at..];
            let end = first_cluster.find("}").unwrap() + 1;
            assert_eq!(keys_in_order(&first_cluster[..end]), CLUSTER_KEYS);
        }
    }
}

#[test]
fn values_types_and_nan() {
    let fixed = lines(Mode::Fixed);
    let compat = lines(Mode::Compat);
    // Fixed mode is strict JSON: NaN becomes null.
    let v: serde_json::Value = serde_json::from_str(&fixed[0]).unwrap();
    let c1 = &v["clusters"][1];
    assert!(c1["cl_sigmaIetaIphi"].is_null());
    assert_eq!(v["seed_index"], 0);
    assert_eq!(v["entry"], 42);
    assert_eq!(v["event"], 1042);
    assert_eq!(v["file"], "dir/f.root");
    assert_eq!(v["seed_eta"].as_f64().unwrap(), 0.5f32 as f64);
    assert_eq!(v["seed_hits"][0][0], v["seed_ieta"]);
    assert_eq!(v["seed_hits"][0].as_array().unwrap().len(), 6);
    let e = (30.0f32 / 1.05) * 0.75;
    assert_eq!(v["seed_hits"][0][3].as_f64().unwrap(), e as f64);
    assert_eq!(
        v["seed_hits"][0][4].as_f64().unwrap(),
        e as f64 * 1.0f32 as f64
    );
    // Compat writes NaN as Python does.
    assert!(compat[0].contains("\"cl_sigmaIetaIphi\": NaN"));
    // The window without a calo: integer -1 and 0 as the reference writes them.
    let nocalo: serde_json::Value = serde_json::from_str(&fixed[2]).unwrap();
    assert_eq!(nocalo["calo_index"], -1);
    assert!(fixed[2].contains("\"seed_score\": -1,"));
    assert!(fixed[2].contains("\"en_true\": 0,"));
    assert!(fixed[2].contains("\"max_en_cluster_insc\": -1,"));
    assert_eq!(nocalo["is_seed_calo_matched"], false);
}

#[test]
fn python_reads_every_record_as_the_reference_loader_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ndjson");
    let mut all = lines(Mode::Compat);
    all.extend(lines(Mode::Fixed));
    std::fs::write(&path, all.join("\n") + "\n").unwrap();
    let script = r#"
import json, sys
n = 0
for line in open(sys.argv[1]):
    rec = json.loads(line[line.rfind('{"window_index"'):])
    assert isinstance(rec["clusters"], list) and rec["ncls"] == len(rec["clusters"])
    assert isinstance(rec["seed_score"], (int, float))
    n += 1
print(n)
"#;
    let out = common::python()
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        all.len().to_string()
    );
}
