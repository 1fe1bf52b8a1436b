//! Every labelling rule of algorithm.md on small hand-built events, in both modes.

mod common;

use common::events::{EventBuilder, cl};
use scwin::truth::wp::ThresholdMap;
use scwin::windows::{MaxNoCalo, Mode, Params, Window, WindowShape, build};

/// Thresholds: 0.05 for seed Et < 10 in the barrel, 0.02 for Et >= 10 in the barrel,
/// 0.06 / 0.03 in the endcaps.
fn wp() -> ThresholdMap {
    ThresholdMap::new(
        "test".into(),
        vec![0.0, 10.0, 1000.0],
        vec![0.0, 1.479, 3.0],
        vec![0.05, 0.06, 0.02, 0.03],
    )
    .unwrap()
}

fn params(mode: Mode) -> Params {
    Params {
        mode,
        maxnocalow: MaxNoCalo::All,
        ..Params::default()
    }
}

fn by_seed(ws: &[Window], seed: usize) -> &Window {
    ws.iter().find(|w| w.seed == seed).expect("window for seed")
}

fn cluster(w: &Window, idx: usize) -> &scwin::windows::ClusterInWindow {
    w.clusters
        .iter()
        .find(|c| c.index == idx)
        .expect("cluster in window")
}

/// One electron-like CaloParticle at (0.5, 1.0): seed 0, a brem cluster above threshold,
/// one below, a pile-up cluster, and a cluster of another calo.
fn electron_event() -> scwin::dumper::OwnedEvent {
    EventBuilder::new()
        .calo(40.0, 0.5, 1.0)
        .calo(10.0, 0.55, 1.3)
        .cluster(cl(30.0, 0.5, 1.0).scores(&[0.8, 0.0])) // 0 seed, main cluster of calo 0
        .cluster(cl(3.0, 0.51, 1.12).scores(&[0.03, 0.0])) // 1 brem, passes 0.02
        .cluster(cl(0.8, 0.52, 0.9).scores(&[0.01, 0.001])) // 2 matched, below 0.02
        .cluster(cl(0.5, 0.6, 0.7).scores(&[0.0, 0.0])) // 3 pile-up, no calo
        .cluster(cl(5.0, 0.55, 1.3).scores(&[0.0, 0.6])) // 4 main cluster of calo 1
        .sc(0, &[0, 1, 3])
        .build()
}

#[test]
fn labels_of_an_electron_window() {
    let ev = electron_event();
    for mode in [Mode::Fixed, Mode::Compat] {
        let ws = build(&ev.view(), &params(mode), &wp());
        // Seeds: clusters with calibrated Et >= 1 by decreasing Et: 0, 4, 1.
        assert_eq!(ws.iter().map(|w| w.seed).collect::<Vec<_>>(), vec![0, 4, 1]);
        let w = by_seed(&ws, 0);
        assert_eq!(w.calo, 0);
        assert!(w.is_seed_calo_seed);
        assert_eq!(w.class(), 2);
        assert_eq!(w.mustache_seed_index, 0);
        assert_eq!(w.seed_score, 0.8);
        // Threshold bin: raw seed Et = 30/1.05/cosh(0.5) ~ 25 -> >= 10, barrel -> 0.02.
        assert_eq!(w.threshold, 0.02);
        assert_eq!(w.en_true, 40.0);
        assert_eq!(w.et_true, 40.0f64 / (0.5f32 as f64).cosh());
        // Clusters in Et order: 0, 4, 1, 2, 3.
        let idx: Vec<usize> = w.clusters.iter().map(|c| c.index).collect();
        assert_eq!(idx, vec![0, 4, 1, 2, 3]);
        let c0 = cluster(w, 0);
        assert!(c0.is_seed && c0.is_calo_matched && c0.is_calo_seed && c0.in_scluster);
        assert!(c0.in_mustache && c0.in_geom_mustache);
        let c1 = cluster(w, 1);
        assert!(!c1.is_seed && c1.is_calo_matched && !c1.is_calo_seed && c1.in_scluster);
        assert!(c1.in_mustache);
        let c2 = cluster(w, 2);
        assert!(c2.is_calo_matched && !c2.in_scluster && !c2.in_mustache);
        assert_eq!(c2.calo_score, 0.01);
        let c3 = cluster(w, 3);
        assert!(!c3.is_calo_matched && !c3.in_scluster && c3.in_mustache);
        assert_eq!(c3.calo_score, -1.0);
        let c4 = cluster(w, 4);
        assert!(!c4.is_calo_matched && !c4.is_calo_seed && !c4.in_scluster);
        assert_eq!(c4.calo_score, 0.6);
        // Summaries over in_scluster clusters (0 and 1).
        assert_eq!(w.nclusters_insc, 2);
        assert_eq!(w.max_en_cluster_insc, (30.0f32 / 1.05) as f64);
        assert_eq!(w.ncls(), 5);

        // The window of cluster 1 (a brem seed): calo 0 but not its main cluster.
        let wb = by_seed(&ws, 1);
        assert_eq!(wb.calo, 0);
        assert!(!wb.is_seed_calo_seed);
        assert_eq!(wb.class(), 1);
        assert_eq!(wb.mustache_seed_index, -1);
        assert!(wb.clusters.iter().all(|c| !c.in_mustache));
        // Its threshold: raw Et ~ 2.5 -> bin Et < 10 -> 0.05; the brem seed (0.03) is in the
        // supercluster only as the seed; the main cluster (0.8) passes.
        assert_eq!(wb.threshold, 0.05);
        assert!(cluster(wb, 1).in_scluster);
        assert!(cluster(wb, 0).in_scluster && cluster(wb, 0).is_calo_seed);
    }
}

#[test]
fn seeds_use_calibrated_et_and_min_fraction() {
    let ev = EventBuilder::new()
        .calo(5.0, 0.0, 0.0)
        // Calibrated Et 1.2 seeds although raw Et is below 1.
        .cluster(cl(1.2, 0.0, 0.0).raw(0.9).scores(&[0.009]))
        // Calibrated Et 0.99 does not seed.
        .cluster(cl(0.99, 0.0, 0.3).raw(1.5).scores(&[0.5]))
        .build();
    let ws = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(ws.len(), 1);
    // Score 0.009 <= seed_min_fraction 0.01: no calo, even though associated.
    assert_eq!(ws[0].calo, -1);
    assert_eq!(ws[0].seed_score, 0.009);
    // Without a calo: nothing is matched, the seed alone is in_scluster; summaries are -1.
    let w = &ws[0];
    assert!(
        w.clusters
            .iter()
            .all(|c| !c.is_calo_matched && !c.is_calo_seed)
    );
    assert!(cluster(w, 0).in_scluster && !cluster(w, 1).in_scluster);
    assert_eq!(w.nclusters_insc, 0);
    assert_eq!(
        (
            w.max_en_cluster_insc,
            w.max_deta_cluster_insc,
            w.max_dphi_cluster_insc
        ),
        (-1.0, -1.0, -1.0)
    );
    assert_eq!((w.en_true, w.et_true), (0.0, 0.0));
    let p = Params {
        min_et_seed: 0.5,
        seed_min_fraction: 0.005,
        ..params(Mode::Fixed)
    };
    let ws = build(&ev.view(), &p, &wp());
    assert_eq!(ws.len(), 2);
    assert_eq!(ws[0].calo, 0);
}

#[test]
fn calo_outside_the_window_only_counts_in_compat() {
    // The seed's calo is 0.3 away in eta: outside the 0.2 window.
    let ev = EventBuilder::new()
        .calo(20.0, 0.8, 0.0)
        .cluster(cl(10.0, 0.5, 0.0).scores(&[0.3]))
        .build();
    let fixed = build(&ev.view(), &params(Mode::Fixed), &wp());
    let compat = build(&ev.view(), &params(Mode::Compat), &wp());
    assert_eq!(fixed[0].calo, -1);
    assert_eq!(compat[0].calo, 0);
    assert!(compat[0].is_seed_calo_seed);
    // Fixed with gen position: same answer here (gen = sim in the builder).
    let p = Params {
        calo_position: scwin::windows::CaloPosition::Gen,
        ..params(Mode::Fixed)
    };
    assert_eq!(build(&ev.view(), &p, &wp())[0].calo, -1);
    // A calo in the other endcap never matches in fixed mode.
    let ev = EventBuilder::new()
        .calo(20.0, -2.0, 0.0)
        .cluster(cl(10.0, 2.0, 0.0).scores(&[0.3]))
        .build();
    assert_eq!(build(&ev.view(), &params(Mode::Fixed), &wp())[0].calo, -1);
    assert_eq!(build(&ev.view(), &params(Mode::Compat), &wp())[0].calo, 0);
}

#[test]
fn phi_seam_and_endcap_sides() {
    let ev = EventBuilder::new()
        .calo(50.0, 2.0, 3.1)
        .cluster(cl(40.0, 2.0, 3.1).scores(&[0.7]))
        .cluster(cl(2.0, 2.05, -3.1).scores(&[0.1])) // across the seam
        .cluster(cl(8.0, -2.0, 3.1).scores(&[0.1])) // other endcap: never in the window
        .cluster(cl(2.0, 2.0, 0.0).scores(&[0.0])) // far in phi
        .build();
    let ws = build(&ev.view(), &params(Mode::Fixed), &wp());
    let w = by_seed(&ws, 0);
    let idx: Vec<usize> = w.clusters.iter().map(|c| c.index).collect();
    assert_eq!(idx, vec![0, 1]);
    let c1 = cluster(w, 1);
    let expected = (3.1f32 as f64) - (-3.1f32 as f64) - 2.0 * std::f64::consts::PI;
    assert_eq!(c1.dphi, expected);
    // Positive endcap: deta = eta - seed_eta.
    assert_eq!(c1.deta, (2.05f32 as f64) - (2.0f32 as f64));
    assert!(c1.in_scluster);
    // Negative-eta seed: deta = seed_eta - eta (positive towards larger |eta|).
    let w2 = by_seed(&ws, 2);
    assert_eq!(w2.clusters.len(), 1);
}

#[test]
fn et_and_score_ties_keep_index_order() {
    // Clusters 1 and 2 have the same Et; calo 0 has two clusters with the same score.
    let ev = EventBuilder::new()
        .calo(20.0, 0.1, 0.1)
        .cluster(cl(5.0, 0.1, 0.1).scores(&[0.4]))
        .cluster(cl(8.0, 0.12, 0.1).scores(&[0.4]))
        .cluster(cl(8.0, 0.12, 0.1).scores(&[0.1]))
        .build();
    let ws = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(ws.iter().map(|w| w.seed).collect::<Vec<_>>(), vec![1, 2, 0]);
    // Score tie between clusters 0 and 1: the main cluster is the lower index, 0.
    assert!(!by_seed(&ws, 1).is_seed_calo_seed);
    assert!(by_seed(&ws, 0).is_seed_calo_seed);
    let w = by_seed(&ws, 1);
    assert_eq!(
        w.clusters.iter().map(|c| c.index).collect::<Vec<_>>(),
        vec![1, 2, 0]
    );
    assert!(cluster(w, 0).is_calo_seed);
}

#[test]
fn summaries_signed_in_compat_absolute_in_fixed() {
    let ev = EventBuilder::new()
        .calo(20.0, 0.5, 0.0)
        .cluster(cl(20.0, 0.5, 0.0).scores(&[0.8]))
        .cluster(cl(2.0, 0.35, 0.3).scores(&[0.1])) // deta -0.15, dphi -0.3
        .cluster(cl(1.5, 0.55, -0.1).scores(&[0.1])) // deta +0.05, dphi +0.1
        .build();
    let f = build(&ev.view(), &params(Mode::Fixed), &wp());
    let c = build(&ev.view(), &params(Mode::Compat), &wp());
    let (wf, wc) = (by_seed(&f, 0), by_seed(&c, 0));
    let d = |a: f32, b: f32| a as f64 - b as f64;
    assert_eq!(wc.max_deta_cluster, d(0.55, 0.5));
    assert_eq!(wf.max_deta_cluster, d(0.35, 0.5).abs());
    assert_eq!(wc.max_dphi_cluster, 0.0 - (-0.1f32 as f64));
    assert_eq!(wf.max_dphi_cluster, (0.0 - (0.3f32 as f64)).abs());
    assert_eq!(wc.max_deta_cluster_insc, d(0.55, 0.5));
    assert_eq!(wf.max_deta_cluster_insc, d(0.35, 0.5).abs());
}

#[test]
fn dynamic_dphi_differs_between_modes() {
    // A 40 GeV cluster 0.2 away in phi: inside the compat (x width) dphi window, outside
    // the CMSSW (/ width) one; both inside the Mustache parabola is not required here, so
    // check the dphi function through in_geom_mustache on a point inside the Mustache.
    use scwin::truth::mustache::{in_dynamic_dphi_window, in_mustache};
    let (seta, sphi, e, eta, phi) = (0.2f32, 0.0f32, 40.0f32, 0.2f32, 0.2f32);
    assert!(in_dynamic_dphi_window(seta, sphi, e, eta, phi, true));
    assert!(!in_dynamic_dphi_window(seta, sphi, e, eta, phi, false));
    let _ = in_mustache(seta, sphi, e, eta, phi);
}

#[test]
fn zero_negative_and_empty() {
    let empty = EventBuilder::new().build();
    assert!(build(&empty.view(), &params(Mode::Fixed), &wp()).is_empty());
    let ev = EventBuilder::new()
        .cluster(cl(10.0, 0.0, 0.0))
        .cluster(cl(0.0, 0.01, 0.01))
        .cluster(cl(-1.0, 0.02, 0.02))
        .build();
    let ws = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(ws.len(), 1);
    let w = &ws[0];
    assert_eq!(w.clusters.len(), 3);
    // log10(0) and log10(<0) are never inside the Mustache.
    assert!(!cluster(w, 1).in_geom_mustache && !cluster(w, 2).in_geom_mustache);
    assert_eq!(w.seed_score, -1.0);
}

#[test]
fn no_overlap_mode() {
    let ev = EventBuilder::new()
        .cluster(cl(10.0, 0.0, 0.0))
        .cluster(cl(5.0, 0.1, 0.1)) // inside the first window: no window of its own
        .cluster(cl(4.0, 0.0, 1.0)) // outside: its own window
        .cluster(cl(0.5, 0.05, 0.5)) // in both windows: joins only the first
        .build();
    let p = Params {
        overlap: false,
        ..params(Mode::Fixed)
    };
    let ws = build(&ev.view(), &p, &wp());
    assert_eq!(ws.iter().map(|w| w.seed).collect::<Vec<_>>(), vec![0, 2]);
    assert_eq!(
        ws[0].clusters.iter().map(|c| c.index).collect::<Vec<_>>(),
        vec![0, 1, 3]
    );
    assert_eq!(
        ws[1].clusters.iter().map(|c| c.index).collect::<Vec<_>>(),
        vec![2]
    );
    let ws = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(ws.len(), 3);
    assert!(
        ws.iter()
            .filter(|w| w.clusters.iter().any(|c| c.index == 3))
            .count()
            == 3
    );
}

#[test]
fn dynamic_window_shape() {
    let ev = EventBuilder::new()
        .cluster(cl(10.0, 1.3, 0.0))
        .cluster(cl(0.5, 1.45, 0.0)) // +0.15 outwards: in (deta_up 0.2 at |eta| 1.3)
        .cluster(cl(0.5, 1.2, 0.0)) // -0.1 inwards: out (deta_down -0.075)
        .build();
    let p = Params {
        window: WindowShape::Dynamic,
        ..params(Mode::Fixed)
    };
    let ws = build(&ev.view(), &p, &wp());
    assert_eq!(
        ws[0].clusters.iter().map(|c| c.index).collect::<Vec<_>>(),
        vec![0, 1]
    );
    let ws = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(ws[0].clusters.len(), 3);
}

#[test]
fn threshold_lookup_raw_or_calib_and_scale() {
    // Raw seed Et 9 (bin < 10, threshold 0.05), calibrated 11 (bin >= 10, 0.02).
    let ev = EventBuilder::new()
        .calo(20.0, 0.0, 0.0)
        .cluster(cl(11.0, 0.0, 0.0).raw(9.0).scores(&[0.8]))
        .cluster(cl(0.5, 0.0, 0.1).scores(&[0.03]))
        .build();
    let raw = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(raw[0].threshold, 0.05);
    assert!(!cluster(&raw[0], 1).in_scluster);
    let p = Params {
        wp_et: scwin::windows::EtKind::Calib,
        ..params(Mode::Fixed)
    };
    let calib = build(&ev.view(), &p, &wp());
    assert_eq!(calib[0].threshold, 0.02);
    assert!(cluster(&calib[0], 1).in_scluster);
    let p = Params {
        wp_et: scwin::windows::EtKind::Calib,
        wp_scale: 2.0,
        ..params(Mode::Fixed)
    };
    let scaled = build(&ev.view(), &p, &wp());
    assert_eq!(scaled[0].threshold, 0.04);
    assert!(!cluster(&scaled[0], 1).in_scluster);
    // A score exactly at the threshold passes (>=).
    let ev = EventBuilder::new()
        .calo(20.0, 0.0, 0.0)
        .cluster(cl(11.0, 0.0, 0.0).raw(9.0).scores(&[0.8]))
        .cluster(cl(0.5, 0.0, 0.1).scores(&[0.05]))
        .build();
    assert!(cluster(&build(&ev.view(), &params(Mode::Fixed), &wp())[0], 1).in_scluster);
}

fn many_windows_event(entry: u64) -> scwin::dumper::OwnedEvent {
    let mut b = EventBuilder::new().entry(entry).calo(30.0, 0.0, 0.0);
    b = b.cluster(cl(30.0, 0.0, 0.0).scores(&[0.9]));
    for k in 0..30 {
        // Pile-up seeds spread in phi, well apart.
        b = b.cluster(cl(2.0 + k as f32 * 0.01, 0.5, -3.0 + 0.2 * k as f32));
    }
    b.build()
}

#[test]
fn sampling_windows_without_calo() {
    let ev = many_windows_event(3);
    let all = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(all.len(), 31);
    let p = Params {
        maxnocalow: MaxNoCalo::Count(4),
        seed: 11,
        ..params(Mode::Fixed)
    };
    let a = build(&ev.view(), &p, &wp());
    let b = build(&ev.view(), &p, &wp());
    assert_eq!(a, b, "deterministic for a given seed");
    assert_eq!(a.len(), 5);
    assert_eq!(a.iter().filter(|w| w.calo >= 0).count(), 1);
    // Creation order is kept.
    assert!(a.windows(2).all(|p| p[0].order < p[1].order));
    // Another seed, another sample (almost surely); another entry, another sample.
    let other = build(
        &ev.view(),
        &Params {
            seed: 12,
            ..p.clone()
        },
        &wp(),
    );
    let other_entry = build(&many_windows_event(4).view(), &p, &wp());
    let orders = |ws: &[Window]| ws.iter().map(|w| w.order).collect::<Vec<_>>();
    assert_ne!(orders(&a), orders(&other));
    assert_ne!(orders(&a), orders(&other_entry));
    // maxnocalow 0: calo-matched windows only.
    let zero = build(
        &ev.view(),
        &Params {
            maxnocalow: MaxNoCalo::Count(0),
            ..p.clone()
        },
        &wp(),
    );
    assert_eq!(zero.len(), 1);
    assert_eq!(zero[0].calo, 0);
    // The sample is uniform-ish: over many seeds every no-calo window gets picked.
    let mut seen = [0usize; 31];
    for s in 0..200 {
        for w in build(
            &ev.view(),
            &Params {
                seed: s,
                ..p.clone()
            },
            &wp(),
        ) {
            seen[w.order] += 1;
        }
    }
    assert_eq!(seen[0], 200);
    assert!(seen[1..].iter().all(|&n| n > 5 && n < 60), "{seen:?}");
}

#[test]
fn window_names() {
    let ev = many_windows_event(1);
    let f = build(&ev.view(), &params(Mode::Fixed), &wp());
    let f2 = build(&ev.view(), &params(Mode::Fixed), &wp());
    assert_eq!(f[0].name, f2[0].name);
    assert_eq!(f[0].name.len(), 16);
    let mut names: Vec<&str> = f.iter().map(|w| w.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), f.len());
    let c = build(&ev.view(), &params(Mode::Compat), &wp());
    assert!(
        c.iter()
            .all(|w| w.name.len() == 9 && w.name.bytes().all(|b| b.is_ascii_lowercase()))
    );
}
