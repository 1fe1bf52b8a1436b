//! Deriving a working point: per (seed Et, |seed eta|) bin, the simfraction threshold that
//! gives the best energy resolution — the smallest effective sigma of
//! (seed raw energy + raw energy of the calo-matched clusters above the threshold) / E_true
//! — as the study behind the `simScore_Minima_*` files did.

use super::resolution::sigma_eff;
use super::wp::ThresholdMap;
use crate::dumper::Event;
use crate::windows::{MaxNoCalo, Params, build};

/// Seed-Et bin edges (GeV) of the derived map.
pub const ET_EDGES: [f64; 14] = [
    1.0, 3.0, 6.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0,
];
/// |seed eta| bin edges of the derived map (barrel, transition, endcap rings).
pub const ETA_EDGES: [f64; 13] = [
    0.0, 0.2, 0.4, 0.7, 1.0, 1.15, 1.3, 1.4442, 1.566, 1.75, 2.0, 2.4, 3.0,
];
/// Bins with fewer calo-matched windows take the threshold derived from all windows.
pub const MIN_WINDOWS_PER_BIN: usize = 30;

/// Candidate thresholds: 0 and 48 log-spaced values from 1e-4 to 0.5.
pub fn candidates() -> Vec<f64> {
    let mut t = vec![0.0];
    let n = 48;
    for i in 0..n {
        let x = -4.0 + (0.5f64.log10() + 4.0) * i as f64 / (n - 1) as f64;
        t.push(10f64.powf(x));
    }
    t
}

/// One calo-matched window, reduced to what the scan needs.
#[derive(Debug, Clone)]
struct Sample {
    bin: (usize, usize),
    e_true: f64,
    seed_energy: f64,
    /// (score, raw energy) of the calo-matched clusters other than the seed.
    matched: Vec<(f64, f64)>,
}

/// Accumulates windows event by event, then derives the map.
#[derive(Debug)]
pub struct Deriver {
    params: Params,
    zero: ThresholdMap,
    samples: Vec<Sample>,
}

/// Per-bin result of a derivation.
#[derive(Debug, Clone, PartialEq)]
pub struct BinResult {
    pub windows: usize,
    pub threshold: f64,
    pub sigma_eff: f64,
    /// True if the bin had too few windows and took the global threshold.
    pub from_global: bool,
}

impl Deriver {
    /// `params` give the window definition; every calo-matched window is used.
    pub fn new(params: &Params) -> Self {
        let params = Params {
            maxnocalow: MaxNoCalo::Count(0),
            wp_scale: 1.0,
            ..params.clone()
        };
        let zero = ThresholdMap::new(
            "zero".into(),
            vec![0.0, f64::MAX],
            vec![0.0, f64::MAX],
            vec![0.0],
        )
        .expect("valid map");
        Deriver {
            params,
            zero,
            samples: Vec::new(),
        }
    }

    pub fn add_event(&mut self, ev: &Event<'_>) {
        for w in build(ev, &self.params, &self.zero) {
            if w.calo < 0 || w.en_true.is_nan() || w.en_true <= 0.0 {
                continue;
            }
            let bin = bin_of(w.et_seed, w.seed_eta);
            let matched = w
                .clusters
                .iter()
                .filter(|c| c.is_calo_matched && !c.is_seed)
                .map(|c| (c.calo_score, ev.cl_raw_energy[c.index] as f64))
                .collect();
            self.samples.push(Sample {
                bin,
                e_true: w.en_true,
                seed_energy: w.en_seed,
                matched,
            });
        }
    }

    pub fn windows(&self) -> usize {
        self.samples.len()
    }

    /// The best threshold (and its sigma_eff) for a set of windows.
    fn best(samples: &[&Sample], cands: &[f64]) -> (f64, f64) {
        let mut best = (0.0, f64::INFINITY);
        let mut ratios = Vec::with_capacity(samples.len());
        for &t in cands {
            ratios.clear();
            ratios.extend(samples.iter().map(|s| {
                let e: f64 = s
                    .matched
                    .iter()
                    .filter(|(sc, _)| *sc >= t)
                    .map(|(_, e)| e)
                    .sum();
                (s.seed_energy + e) / s.e_true
            }));
            let se = sigma_eff(&mut ratios);
            // Strictly better only: ties keep the lower threshold.
            if se < best.1 {
                best = (t, se);
            }
        }
        best
    }

    /// Derives the map; `source` names it. Returns the map and the per-bin results
    /// (x-major, as the map's values).
    pub fn finish(&self, source: &str) -> (ThresholdMap, Vec<BinResult>) {
        let cands = candidates();
        let all: Vec<&Sample> = self.samples.iter().collect();
        let (global_t, _) = Self::best(&all, &cands);
        let (nx, ny) = (ET_EDGES.len() - 1, ETA_EDGES.len() - 1);
        let mut values = Vec::with_capacity(nx * ny);
        let mut results = Vec::with_capacity(nx * ny);
        for ix in 1..=nx {
            for iy in 1..=ny {
                let in_bin: Vec<&Sample> =
                    self.samples.iter().filter(|s| s.bin == (ix, iy)).collect();
                let r = if in_bin.len() >= MIN_WINDOWS_PER_BIN {
                    let (t, se) = Self::best(&in_bin, &cands);
                    BinResult {
                        windows: in_bin.len(),
                        threshold: t,
                        sigma_eff: se,
                        from_global: false,
                    }
                } else {
                    BinResult {
                        windows: in_bin.len(),
                        threshold: global_t,
                        sigma_eff: f64::NAN,
                        from_global: true,
                    }
                };
                values.push(r.threshold);
                results.push(r);
            }
        }
        let map = ThresholdMap::new(
            source.to_string(),
            ET_EDGES.to_vec(),
            ETA_EDGES.to_vec(),
            values,
        )
        .expect("valid edges");
        (map, results)
    }
}

fn bin_of(et: f64, eta: f64) -> (usize, usize) {
    let ix = crate::root::hist::Th2::find_bin(&ET_EDGES, et).clamp(1, ET_EDGES.len() - 1);
    let iy = crate::root::hist::Th2::find_bin(&ETA_EDGES, eta.abs()).clamp(1, ETA_EDGES.len() - 1);
    (ix, iy)
}

/// The map as a correctionlib JSON document (schema v2, `multibinning`, flow `clamp`).
pub fn to_correctionlib(map: &ThresholdMap, description: &str) -> String {
    let mut content = Vec::with_capacity(map.nx() * map.ny());
    for ix in 1..=map.nx() {
        for iy in 1..=map.ny() {
            content.push(map.value(ix, iy));
        }
    }
    let doc = serde_json::json!({
        "schema_version": 2,
        "description": description,
        "corrections": [{
            "name": "simfraction_thres",
            "description": description,
            "version": 1,
            "inputs": [
                {"name": "seed_et", "type": "real", "description": "seed raw Et (GeV)"},
                {"name": "seed_eta", "type": "real", "description": "|seed eta|"}
            ],
            "output": {"name": "min_simfraction", "type": "real"},
            "data": {
                "nodetype": "multibinning",
                "inputs": ["seed_et", "seed_eta"],
                "edges": [map.x_edges, map.y_edges],
                "content": content,
                "flow": "clamp"
            }
        }]
    });
    serde_json::to_string_pretty(&doc).expect("JSON") + "\n"
}
