//! Every working-point file of shared/data/simscore_wp loads, and every lookup equals the
//! reference's (ROOT's FindBin + clamp for TH2 files, correctionlib's evaluator for JSON).

mod common;

use scwin::truth::wp::{DEFAULT_TH2_NAME, ThresholdMap};

#[test]
fn every_shared_working_point_matches_the_reference() {
    let dir = common::shared_data("simscore_wp");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("shared/data/simscore_wp")
        .map(|e| e.unwrap().path())
        // The ElectronsAndPhotons file holds the TGraph study, not a threshold TH2.
        .filter(|p| !p.to_string_lossy().contains("ElectronsAndPhotons"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 12, "{files:?}");
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.sort();
    let text = common::run_py("wp_reference.py", &args);
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for f in &files {
        let map = ThresholdMap::load(std::path::Path::new(f), DEFAULT_TH2_NAME)
            .unwrap_or_else(|e| panic!("{e}"));
        for row in reference[f].as_array().unwrap() {
            let (et, eta, want) = (
                row[0].as_f64().unwrap(),
                row[1].as_f64().unwrap(),
                row[2].as_f64().unwrap(),
            );
            assert_eq!(map.threshold(et, eta), want, "{f} at Et {et}, eta {eta}");
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * 16 * 15);
}

#[test]
fn a_file_without_the_histogram_names_it() {
    let f = common::shared_data("simscore_wp/simScore_Minima_ElectronsOnly.root");
    let e = ThresholdMap::load(&f, "no_such_hist")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no_such_hist") && e.contains("simScore_Minima_ElectronsOnly.root"),
        "{e}"
    );
}
