//! The Mustache and dynamic dphi window against an independent C++ implementation
//! compiled by real ROOT (tests/py/mustache_reference.py), on 20,000 points around seeds
//! all over the ECAL, including the phi seam.

mod common;

use scwin::truth::mustache::{in_dynamic_dphi_window, in_mustache};

#[test]
fn mustache_agrees_with_root_point_by_point() {
    let text = common::run_py("mustache_reference.py", &["20000"]);
    let points: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON from python");
    assert_eq!(points.len(), 20000);
    let (mut inside, mut dyn_in, mut bad) = (0, 0, Vec::new());
    for p in &points {
        let f = |k: usize| p[k].as_f64().unwrap() as f32;
        let b = |k: usize| p[k].as_bool().unwrap();
        let (seta, sphi, e, eta, phi) = (f(0), f(1), f(2), f(3), f(4));
        let got = (
            in_mustache(seta, sphi, e, eta, phi),
            in_dynamic_dphi_window(seta, sphi, e, eta, phi, false),
            in_dynamic_dphi_window(seta, sphi, e, eta, phi, true),
        );
        let want = (b(5), b(6), b(7));
        inside += want.0 as usize;
        dyn_in += want.1 as usize;
        if got != want {
            bad.push(format!("{p} -> {got:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} disagreements, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    // The sample must exercise both outcomes of each function.
    assert!(inside > 1000 && inside < 19000, "in mustache: {inside}");
    assert!(dyn_in > 1000 && dyn_in < 19000, "in dphi window: {dyn_in}");
}
