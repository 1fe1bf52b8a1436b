//! Generated dumper files as real ROOT (PyROOT) and uproot read them: every branch of
//! `shared/spec/dumper.md` with its exact C++ type in `recosimdumper/caloTree`, and every
//! value equal to the generated one, in every compression.
//!
//! Needs PyROOT and uproot (`bash tests/run.sh` installs them).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use scwin::root::write::Compression;
use scwin::sample::write::{BRANCHES, write_dumper};
use scwin::sample::{Config, GeneratedEvent, Generator, Species};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
fn vf(v: &[f32]) -> Value {
    Value::Array(v.iter().map(|x| json!(hex(&x.to_be_bytes()))).collect())
}
fn vd(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|x| json!(hex(&x.to_be_bytes()))).collect())
}
fn vi(v: &[i32]) -> Value {
    json!(v)
}
fn rows<T>(b: &scwin::dumper::JaggedBuf<T>, f: fn(&[T]) -> Value) -> Value
where
    T: Clone,
{
    Value::Array(b.view().iter().map(f).collect())
}

/// What each branch must hold for one event, written from the dumper spec's names
/// (independently of the writer's table).
fn expected_entry(g: &GeneratedEvent) -> BTreeMap<&'static str, Value> {
    let e = &g.event;
    let x = &g.extras;
    let mut m = BTreeMap::new();
    m.insert("eventId", json!(e.id.entry as i64 + 1));
    m.insert("runId", json!(1));
    m.insert("lumiId", json!(e.id.lumi.unwrap()));
    m.insert("nVtx", json!(e.pileup.n_vtx.unwrap()));
    m.insert("rho", json!(hex(&e.pileup.rho.unwrap().to_be_bytes())));
    m.insert("obsPU", json!(hex(&e.pileup.obs_pu.unwrap().to_be_bytes())));
    m.insert(
        "truePU",
        json!(hex(&e.pileup.true_pu.unwrap().to_be_bytes())),
    );
    m.insert("caloParticle_genEnergy", vf(&e.calo_gen_energy));
    m.insert("caloParticle_genEta", vf(&e.calo_gen_eta));
    m.insert("caloParticle_genPhi", vf(&e.calo_gen_phi));
    m.insert("caloParticle_simEnergy", vf(&e.calo_sim_energy));
    m.insert(
        "caloParticle_simEnergyGoodStatus",
        vf(&x.calo_sim_energy_good_status),
    );
    m.insert("caloParticle_simEta", vf(&e.calo_sim_eta));
    m.insert("caloParticle_simPhi", vf(&e.calo_sim_phi));
    m.insert("caloParticle_simIz", vi(&e.calo_sim_iz));
    m.insert("pfCluster_rawEnergy", vf(&e.cl_raw_energy));
    m.insert("pfCluster_energy", vf(&e.cl_energy));
    m.insert("pfCluster_eta", vf(&e.cl_eta));
    m.insert("pfCluster_phi", vf(&e.cl_phi));
    m.insert("pfCluster_ieta", vi(&e.cl_ieta));
    m.insert("pfCluster_iphi", vi(&e.cl_iphi));
    m.insert("pfCluster_iz", vi(&e.cl_iz));
    m.insert("pfCluster_nXtals", vd(&e.cl_nxtals));
    m.insert("pfCluster_etaWidth", vf(&e.cl_eta_width));
    m.insert("pfCluster_phiWidth", vf(&e.cl_phi_width));
    m.insert("pfCluster_r9", vf(&e.cl_r9));
    m.insert("pfCluster_sigmaIetaIeta", vf(&e.cl_sigma_ieta_ieta));
    m.insert("pfCluster_sigmaIetaIphi", vf(&e.cl_sigma_ieta_iphi));
    m.insert("pfCluster_sigmaIphiIphi", vf(&e.cl_sigma_iphi_iphi));
    m.insert("pfCluster_swissCross", vf(&e.cl_swiss_cross));
    m.insert("pfCluster_full5x5_r9", vf(&e.cl_f5_r9));
    m.insert(
        "pfCluster_full5x5_sigmaIetaIeta",
        vf(&e.cl_f5_sigma_ieta_ieta),
    );
    m.insert(
        "pfCluster_full5x5_sigmaIetaIphi",
        vf(&e.cl_f5_sigma_ieta_iphi),
    );
    m.insert(
        "pfCluster_full5x5_sigmaIphiIphi",
        vf(&e.cl_f5_sigma_iphi_iphi),
    );
    m.insert("pfCluster_full5x5_swissCross", vf(&e.cl_f5_swiss_cross));
    m.insert("pfCluster_sim_fraction", rows(&e.cl_scores, vd));
    m.insert("pfClusterHit_rechitEnergy", rows(&e.hit_energy, vf));
    m.insert("pfClusterHit_fraction", rows(&e.hit_fraction, vf));
    m.insert("pfClusterHit_ieta", rows(&e.hit_ieta, vi));
    m.insert("pfClusterHit_iphi", rows(&e.hit_iphi, vi));
    m.insert("pfClusterHit_iz", rows(&e.hit_iz, vi));
    m.insert("superCluster_rawEnergy", vf(&x.sc_raw_energy));
    m.insert("superCluster_energy", vf(&x.sc_energy));
    m.insert("superCluster_eta", vf(&x.sc_eta));
    m.insert("superCluster_phi", vf(&x.sc_phi));
    m.insert("superCluster_seedIndex", vi(&e.sc_seed_index));
    m.insert("superCluster_pfClustersIndex", rows(&e.sc_cl_index, vi));
    m
}

/// C++ types of dumper.md as ROOT names them (leaf type / TBranchElement class) and as
/// uproot names them.
fn types(name: &str) -> (&'static str, &'static str) {
    let cpp = match name {
        "eventId" => "Long64_t",
        "runId" | "lumiId" | "nVtx" => "Int_t",
        "rho" => "Float_t",
        "obsPU" | "truePU" => "Double_t",
        "pfCluster_nXtals" => "vector<double>",
        "pfCluster_sim_fraction" => "vector<vector<double> >",
        "pfClusterHit_rechitEnergy" | "pfClusterHit_fraction" => "vector<vector<float> >",
        "pfClusterHit_ieta" | "pfClusterHit_iphi" | "pfClusterHit_iz" => "vector<vector<int> >",
        "superCluster_pfClustersIndex" => "vector<vector<int> >",
        "pfCluster_ieta" | "pfCluster_iphi" | "pfCluster_iz" | "caloParticle_simIz" => {
            "vector<int>"
        }
        "superCluster_seedIndex" => "vector<int>",
        _ => "vector<float>",
    };
    let up = match cpp {
        "Long64_t" => "int64_t",
        "Int_t" => "int32_t",
        "Float_t" => "float",
        "Double_t" => "double",
        "vector<double>" => "std::vector<double>",
        "vector<float>" => "std::vector<float>",
        "vector<int>" => "std::vector<int32_t>",
        "vector<vector<double> >" => "std::vector<std::vector<double>>",
        "vector<vector<float> >" => "std::vector<std::vector<float>>",
        "vector<vector<int> >" => "std::vector<std::vector<int32_t>>",
        _ => unreachable!(),
    };
    (cpp, up)
}

#[test]
fn root_and_uproot_read_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    // 52 events: every awkward case (the quiet event is number 49).
    let g = Generator::new(Config {
        events: 52,
        seed: 5,
        species: Species::Mixed,
        ..Config::default()
    });
    let events = g.generate_range(0..52);
    let mut files: Vec<(PathBuf, usize)> = Vec::new();
    let compressions = [
        ("zlib", Compression::zlib(1), 52),
        ("lzma", Compression::lzma(1), 4),
        ("lz4", Compression::lz4(4), 4),
        ("zstd", Compression::zstd(5), 4),
        ("none", Compression::none(), 4),
    ];
    for (tag, c, n) in compressions {
        let p = dir.path().join(format!("sample_{tag}.root"));
        let w = write_dumper(&p, &events[..n], c).unwrap();
        assert_eq!(w.events, n as u64);
        assert_eq!(w.bytes, std::fs::metadata(&p).unwrap().len());
        files.push((p, n));
    }
    let args: Vec<&str> = files.iter().map(|(p, _)| p.to_str().unwrap()).collect();
    let out = common::run_py("check_written.py", &args);
    let got: Value = serde_json::from_str(&out).expect("checker prints JSON");

    let expected: Vec<BTreeMap<&str, Value>> = events.iter().map(expected_entry).collect();
    assert_eq!(expected[0].len(), BRANCHES.len());
    for (path, n) in &files {
        let key = path.to_str().unwrap();
        for reader in ["root", "uproot"] {
            let r = &got[key][reader];
            assert_eq!(r["entries"], json!(n), "{key} {reader}");
            let names: Vec<&str> = r["types"]
                .as_object()
                .unwrap()
                .keys()
                .map(|s| s.as_str())
                .collect();
            assert_eq!(names.len(), BRANCHES.len(), "{key} {reader}: {names:?}");
            for (name, _) in BRANCHES {
                let (cpp, up) = types(name);
                let want = if reader == "root" { cpp } else { up };
                assert_eq!(
                    r["types"][name],
                    json!(want),
                    "{key} {reader}: type of {name}"
                );
                let vals = r["values"][name]
                    .as_array()
                    .unwrap_or_else(|| panic!("{name} missing"));
                for (k, exp) in expected.iter().take(*n).enumerate() {
                    assert!(
                        vals[k] == exp[name],
                        "{key} {reader}: {name} of entry {k} differs"
                    );
                }
            }
        }
    }
}

#[test]
fn scwin_sample_command_writes_the_file_it_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sub/dir/s.root");
    let run = std::process::Command::new(common::scwin_bin())
        .args([
            "sample",
            "-o",
            out.to_str().unwrap(),
            "--events",
            "7",
            "--seed",
            "3",
        ])
        .args([
            "--particle",
            "photon",
            "--pu",
            "30:40",
            "--compression",
            "zstd",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = String::from_utf8(run.stdout).unwrap();
    assert!(
        text.contains("7 events") && text.contains("photon") && text.contains("PU 30:40"),
        "{text}"
    );
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(
        text.contains(&format!("{:.2} MB", size as f64 / 1e6)),
        "{text}"
    );
    let bad = std::process::Command::new(common::scwin_bin())
        .args(["sample", "-o", out.to_str().unwrap(), "--pu", "80:60"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("MIN <= MAX"));
}
