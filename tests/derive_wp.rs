//! Working-point derivation finds the threshold that separates genuine brem clusters from
//! pile-up overlaps, on events where that threshold is known.

mod common;

use common::events::{EventBuilder, cl};
use scwin::truth::derive::{Deriver, to_correctionlib};
use scwin::truth::wp::ThresholdMap;
use scwin::windows::Params;

fn event(k: u64) -> scwin::dumper::OwnedEvent {
    // Deterministic pseudo-random numbers in [0, 1).
    let mut x = k.wrapping_mul(0x9e3779b97f4a7c15) | 1;
    let mut u = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let e_true = 60.0f32;
    let seed_raw = 0.8 * e_true * (1.0 + 0.02 * (u() as f32 - 0.5));
    let mut b = EventBuilder::new()
        .entry(k)
        .calo(e_true, 0.1, 0.0)
        .cluster(cl(seed_raw * 1.05, 0.1, 0.0).raw(seed_raw).scores(&[0.8]));
    // Genuine brem: 20% of the energy in 2 clusters with scores 0.05-0.2.
    for i in 0..2 {
        let e = 0.1 * e_true;
        let s = 0.05 + 0.15 * u();
        b = b.cluster(cl(e * 1.05, 0.1, 0.1 + 0.1 * i as f32).raw(e).scores(&[s]));
    }
    // Pile-up overlaps: 0-4 GeV each, scores 0.001-0.004 with the same CaloParticle.
    for i in 0..3 {
        let e = 4.0 * u() as f32;
        let s = 0.001 + 0.003 * u();
        b = b.cluster(
            cl(e * 1.05, 0.12, -0.1 - 0.1 * i as f32)
                .raw(e)
                .scores(&[s]),
        );
    }
    b.build()
}

#[test]
fn the_derived_threshold_separates_brem_from_pileup() {
    let mut d = Deriver::new(&Params::default());
    for k in 0..200 {
        d.add_event(&event(k).view());
    }
    assert!(d.windows() >= 200, "{} windows", d.windows());
    let (map, bins) = d.finish("test");
    // Seed raw Et ~ 48 GeV at |eta| 0.1: bin Et 40-50, |eta| 0-0.2.
    let (ix, iy) = map.bin(48.0, 0.1);
    let t = map.value(ix, iy);
    assert!(t > 0.004 && t <= 0.05, "threshold {t}");
    let r = &bins[(ix - 1) * map.ny() + (iy - 1)];
    assert!(!r.from_global && r.windows >= 200);
    assert!(r.sigma_eff < 0.02, "sigma_eff {}", r.sigma_eff);
    // Empty bins all take the threshold derived from every window, which also separates.
    let global: Vec<f64> = bins
        .iter()
        .filter(|b| b.from_global)
        .map(|b| b.threshold)
        .collect();
    assert!(global.len() > 100);
    assert!(
        global
            .iter()
            .all(|&g| g == global[0] && g > 0.004 && g <= 0.05),
        "{global:?}"
    );
    // The JSON round-trips through the correctionlib reader.
    let json = to_correctionlib(&map, "test");
    let back = ThresholdMap::from_correctionlib("x", &json, None).unwrap();
    assert_eq!(back.threshold(48.0, 0.1), t);
    assert_eq!(back.x_edges, map.x_edges);
}
