//! Each validation rule of `dumper::validate`, on hand-built events.

use scwin::dumper::validate::validate_with;
use scwin::dumper::{JaggedBuf, OwnedEvent, validate};

/// A valid event: 3 clusters, 2 CaloParticles, 2 SuperClusters.
fn good() -> OwnedEvent {
    let n = 3;
    let f = |x: f32| vec![x; n];
    OwnedEvent {
        cl_energy: vec![10.0, 0.0, -1.0],
        cl_raw_energy: vec![9.0, 0.0, -2.0],
        cl_eta: vec![0.1, -1.2, 2.0],
        cl_phi: vec![0.5, 3.1, -3.1],
        cl_ieta: vec![2, -20, 50],
        cl_iphi: vec![10, 200, 300],
        cl_iz: vec![0, 0, 1],
        cl_nxtals: vec![4.0, 1.0, 7.0],
        cl_f5_r9: f(0.9),
        cl_f5_sigma_ieta_ieta: f(0.01),
        cl_f5_sigma_ieta_iphi: f(0.0),
        cl_f5_sigma_iphi_iphi: f(0.01),
        cl_f5_swiss_cross: f(0.2),
        cl_r9: f(0.8),
        cl_sigma_ieta_ieta: f(0.01),
        cl_sigma_ieta_iphi: f(0.0),
        cl_sigma_iphi_iphi: f(0.01),
        cl_swiss_cross: f(0.3),
        cl_eta_width: f(0.01),
        cl_phi_width: f(0.02),
        cl_scores: JaggedBuf::from_rows(&[vec![0.9, 0.0], vec![0.0, 0.5], vec![0.0, 0.0]]),
        hit_energy: JaggedBuf::from_rows(&[vec![1.0f32, 2.0], vec![], vec![3.0]]),
        hit_fraction: JaggedBuf::from_rows(&[vec![1.0f32, 1.0], vec![], vec![0.5]]),
        hit_ieta: JaggedBuf::from_rows(&[vec![1, 2], vec![], vec![3]]),
        hit_iphi: JaggedBuf::from_rows(&[vec![1, 2], vec![], vec![3]]),
        hit_iz: JaggedBuf::from_rows(&[vec![0, 0], vec![], vec![1]]),
        calo_sim_energy: vec![20.0, 5.0],
        calo_sim_eta: vec![0.1, -1.2],
        calo_sim_phi: vec![0.5, 3.0],
        calo_sim_iz: vec![0, 0],
        sc_seed_index: vec![0, 1],
        sc_cl_index: JaggedBuf::from_rows(&[vec![0, 2], vec![1]]),
        ..Default::default()
    }
}

fn problem(e: &OwnedEvent) -> (String, String) {
    let p = validate(&e.view()).expect_err("event should be invalid");
    (p.branch, p.what)
}

#[test]
fn a_consistent_event_is_valid_and_so_is_an_empty_one() {
    assert_eq!(validate(&good().view()), Ok(()));
    assert_eq!(validate(&OwnedEvent::default().view()), Ok(()));
    // Zero and negative energies are valid input (they are in `good`).
    let mut e = good();
    e.calo_gen_energy = vec![1.0, 2.0];
    e.calo_gen_eta = vec![0.0, 0.0];
    e.calo_gen_phi = vec![0.0, 0.0];
    assert_eq!(validate(&e.view()), Ok(()));
}

#[test]
fn per_cluster_vectors_must_have_one_value_per_cluster() {
    let mut e = good();
    e.cl_eta.pop();
    assert_eq!(
        problem(&e),
        ("pfCluster_eta".into(), "2 values for 3 clusters".into())
    );
    let mut e = good();
    e.cl_nxtals.push(1.0);
    assert_eq!(problem(&e).0, "pfCluster_nXtals");
    let mut e = good();
    e.cl_f5_swiss_cross.clear();
    assert_eq!(problem(&e).0, "pfCluster_full5x5_swissCross");
    let mut e = good();
    e.cl_phi_width.pop();
    assert_eq!(problem(&e).0, "pfCluster_phiWidth");
}

#[test]
fn association_rows_match_clusters_and_calo_particles() {
    let mut e = good();
    e.cl_scores = JaggedBuf::from_rows(&[vec![0.9, 0.0], vec![0.0, 0.5]]);
    assert_eq!(
        problem(&e),
        (
            "pfCluster_sim_fraction".into(),
            "2 rows for 3 clusters".into()
        )
    );
    let mut e = good();
    e.cl_scores = JaggedBuf::from_rows(&[vec![0.9, 0.0], vec![0.0], vec![0.0, 0.0]]);
    assert_eq!(
        problem(&e),
        (
            "pfCluster_sim_fraction".into(),
            "row 1 has 1 values for 2 CaloParticles".into()
        )
    );
    let p = validate_with(&e.view(), "pfCluster_simScore").unwrap_err();
    assert_eq!(p.branch, "pfCluster_simScore");
    assert!(
        p.to_string()
            .starts_with("branch pfCluster_simScore: row 1")
    );
}

#[test]
fn hit_vectors_agree_in_rows_and_lengths() {
    let mut e = good();
    e.hit_energy = JaggedBuf::from_rows(&[vec![1.0f32, 2.0], vec![]]);
    assert_eq!(problem(&e).0, "pfClusterHit_rechitEnergy");
    let mut e = good();
    e.hit_iphi = JaggedBuf::from_rows(&[vec![1, 2], vec![], vec![3], vec![]]);
    assert_eq!(
        problem(&e),
        (
            "pfClusterHit_iphi".into(),
            "4 rows, pfClusterHit_rechitEnergy has 3".into()
        )
    );
    let mut e = good();
    e.hit_fraction = JaggedBuf::from_rows(&[vec![1.0f32], vec![], vec![0.5]]);
    assert_eq!(
        problem(&e),
        (
            "pfClusterHit_fraction".into(),
            "row 0 has 1 values, pfClusterHit_rechitEnergy has 2".into()
        )
    );
    let mut e = good();
    e.hit_iz = JaggedBuf::from_rows(&[vec![0, 0], vec![7], vec![1]]);
    assert_eq!(problem(&e).0, "pfClusterHit_iz");
}

#[test]
fn calo_particle_vectors_agree() {
    let mut e = good();
    e.calo_sim_iz.pop();
    assert_eq!(problem(&e).0, "caloParticle_simIz");
    let mut e = good();
    e.calo_gen_eta = vec![1.0];
    assert_eq!(
        problem(&e),
        (
            "caloParticle_genEta".into(),
            "1 values for 2 CaloParticles".into()
        )
    );
}

#[test]
fn supercluster_indices_are_in_range() {
    let mut e = good();
    e.sc_seed_index = vec![0, 3];
    assert_eq!(
        problem(&e),
        (
            "superCluster_seedIndex".into(),
            "value 1 is 3, outside 0..3".into()
        )
    );
    let mut e = good();
    e.sc_seed_index = vec![0];
    assert_eq!(
        problem(&e),
        (
            "superCluster_seedIndex".into(),
            "1 values, superCluster_pfClustersIndex has 2 rows".into()
        )
    );
    let mut e = good();
    e.sc_cl_index = JaggedBuf::from_rows(&[vec![0, 2], vec![-1]]);
    assert_eq!(
        problem(&e),
        (
            "superCluster_pfClustersIndex".into(),
            "row 1 holds -1, outside 0..3".into()
        )
    );
    let mut e = good();
    e.sc_seed_index = vec![-2, 1];
    assert_eq!(problem(&e).0, "superCluster_seedIndex");
    // The dumper's "no seed" values are accepted, even without clusters.
    let mut e = good();
    e.sc_seed_index = vec![-1, 0];
    assert_eq!(validate(&e.view()), Ok(()));
    let e = OwnedEvent {
        sc_seed_index: vec![0],
        sc_cl_index: JaggedBuf::from_rows(&[Vec::<i32>::new()]),
        ..Default::default()
    };
    assert_eq!(validate(&e.view()), Ok(()));
}

#[test]
fn nan_and_infinite_energies_and_positions_are_rejected() {
    for (branch, set) in [
        (
            "pfCluster_energy",
            (|e: &mut OwnedEvent| e.cl_energy[1] = f32::NAN) as fn(&mut OwnedEvent),
        ),
        ("pfCluster_rawEnergy", |e| {
            e.cl_raw_energy[0] = f32::INFINITY
        }),
        ("pfCluster_eta", |e| e.cl_eta[2] = f32::NEG_INFINITY),
        ("pfCluster_phi", |e| e.cl_phi[0] = f32::NAN),
        ("caloParticle_simEnergy", |e| {
            e.calo_sim_energy[1] = f32::NAN
        }),
        ("caloParticle_simEta", |e| e.calo_sim_eta[0] = f32::INFINITY),
        ("caloParticle_simPhi", |e| e.calo_sim_phi[1] = f32::NAN),
    ] {
        let mut e = good();
        set(&mut e);
        let (b, what) = problem(&e);
        assert_eq!(b, branch);
        assert!(what.contains("NaN") || what.contains("inf"), "{what}");
    }
    // NaN elsewhere (shower shapes) is not checked.
    let mut e = good();
    e.cl_r9[0] = f32::NAN;
    assert_eq!(validate(&e.view()), Ok(()));
}
