//! Events, windows and files for the TFRecord tests and the benchmark: a few hand-made
//! events (calo-matched and not, NaN and infinite shower shapes, clusters without hits)
//! and a randomized set.
#![allow(dead_code)]

use std::path::Path;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use scwin::dumper::{Event, OwnedEvent};
use scwin::export::Source;
use scwin::export::ndjson::write_window;
use scwin::windows::{Builder, Params, Window};

/// One cluster of a hand-made event.
#[derive(Debug, Clone)]
pub struct Cl {
    pub eta: f32,
    pub phi: f32,
    pub ieta: i32,
    pub iphi: i32,
    pub iz: i32,
    pub energy: f32,
    pub raw: f32,
    /// Score with each CaloParticle.
    pub scores: Vec<f64>,
    /// (ieta, iphi, iz, energy, fraction)
    pub hits: Vec<(i32, i32, i32, f32, f32)>,
    /// Shower shapes, in the `OwnedEvent` column order (f5 r9 .. phiWidth), 12 values.
    pub shapes: [f32; 12],
    pub nxtals: f64,
}

impl Cl {
    pub fn new(eta: f32, phi: f32, energy: f32) -> Self {
        let iz = if eta.abs() < 1.479 {
            0
        } else if eta > 0.0 {
            1
        } else {
            -1
        };
        let ieta = (eta / 0.0175).round() as i32;
        let iphi = ((phi + std::f32::consts::PI) / 0.0175).round() as i32 + 1;
        Cl {
            eta,
            phi,
            ieta,
            iphi,
            iz,
            energy,
            raw: energy * 0.93,
            scores: Vec::new(),
            hits: vec![
                (ieta, iphi, iz, energy * 0.6, 1.0),
                (ieta + 1, iphi, iz, energy * 0.3, 0.75),
                (ieta, iphi - 1, iz, energy * 0.1, 0.123_456_7),
            ],
            shapes: [
                0.91, 0.0101, 1.5e-5, 0.0123, 0.83, 0.95, 0.0099, -2.5e-6, 0.0111, 0.77, 0.013,
                0.041,
            ],
            nxtals: 7.0,
        }
    }

    pub fn scores(mut self, s: &[f64]) -> Self {
        self.scores = s.to_vec();
        self
    }
}

/// An event from clusters and CaloParticles (sim energy, eta, phi).
pub fn event(entry: u64, cls: &[Cl], calos: &[(f32, f32, f32)]) -> OwnedEvent {
    let mut ev = OwnedEvent::default();
    ev.id.entry = entry;
    ev.id.file_key = 0x5eed;
    ev.id.run = Some(1);
    ev.id.lumi = Some(2);
    ev.id.event = Some(1000 + entry as i64);
    for c in cls {
        ev.cl_energy.push(c.energy);
        ev.cl_raw_energy.push(c.raw);
        ev.cl_eta.push(c.eta);
        ev.cl_phi.push(c.phi);
        ev.cl_ieta.push(c.ieta);
        ev.cl_iphi.push(c.iphi);
        ev.cl_iz.push(c.iz);
        ev.cl_nxtals.push(c.nxtals);
        let s = c.shapes;
        ev.cl_f5_r9.push(s[0]);
        ev.cl_f5_sigma_ieta_ieta.push(s[1]);
        ev.cl_f5_sigma_ieta_iphi.push(s[2]);
        ev.cl_f5_sigma_iphi_iphi.push(s[3]);
        ev.cl_f5_swiss_cross.push(s[4]);
        ev.cl_r9.push(s[5]);
        ev.cl_sigma_ieta_ieta.push(s[6]);
        ev.cl_sigma_ieta_iphi.push(s[7]);
        ev.cl_sigma_iphi_iphi.push(s[8]);
        ev.cl_swiss_cross.push(s[9]);
        ev.cl_eta_width.push(s[10]);
        ev.cl_phi_width.push(s[11]);
        let mut row = c.scores.clone();
        row.resize(calos.len(), 0.0);
        ev.cl_scores.push_row(&row);
        let h = &c.hits;
        ev.hit_ieta
            .push_row(&h.iter().map(|h| h.0).collect::<Vec<_>>());
        ev.hit_iphi
            .push_row(&h.iter().map(|h| h.1).collect::<Vec<_>>());
        ev.hit_iz
            .push_row(&h.iter().map(|h| h.2).collect::<Vec<_>>());
        ev.hit_energy
            .push_row(&h.iter().map(|h| h.3).collect::<Vec<_>>());
        ev.hit_fraction
            .push_row(&h.iter().map(|h| h.4).collect::<Vec<_>>());
    }
    for &(e, eta, phi) in calos {
        ev.calo_sim_energy.push(e);
        ev.calo_sim_eta.push(eta);
        ev.calo_sim_phi.push(phi);
        ev.calo_sim_iz.push(if eta.abs() < 1.479 {
            0
        } else {
            eta.signum() as i32
        });
    }
    ev
}

/// Hand-made events: windows of classes 0, 1 and 2, a NaN and an infinite shower shape, a
/// NaN nxtals, clusters without hits, a Mustache SuperCluster, an endcap seed.
pub fn hand_events() -> Vec<OwnedEvent> {
    let mut c2 = Cl::new(0.45, 0.8, 3.0);
    c2.shapes[5] = f32::NAN; // r9
    let mut c5 = Cl::new(2.0, 0.3, 30.0);
    c5.hits.clear();
    c5.shapes[9] = f32::INFINITY;
    let mut ev0 = event(
        0,
        &[
            Cl::new(0.5, 1.0, 50.0).scores(&[0.9, 0.0]),
            Cl::new(0.55, 1.1, 5.0).scores(&[0.3, 0.0]),
            c2,
            Cl::new(-1.0, -2.0, 20.0).scores(&[0.0, 0.6]),
            Cl::new(-1.02, -2.05, 10.0).scores(&[0.0, 0.2]),
            c5,
        ],
        &[(60.0, 0.5, 1.0), (25.0, -1.0, -2.0)],
    );
    // A Mustache SuperCluster seeded by cluster 0 holding clusters 0 and 1.
    ev0.sc_seed_index = vec![0];
    ev0.sc_cl_index.push_row(&[0, 1]);

    let mut s = Cl::new(-2.2, 2.9, 80.0).scores(&[0.95]);
    s.shapes[1] = f32::NAN; // seed f5 sigmaIetaIeta
    s.nxtals = f64::NAN;
    let mut lonely = Cl::new(1.2, -0.5, 4.0);
    lonely.hits.clear();
    let ev1 = event(
        1,
        &[
            s,
            Cl::new(-2.25, 3.1, 2.0).scores(&[0.05]),
            Cl::new(-2.1, -3.1, 1.5),
            lonely,
        ],
        &[(90.0, -2.2, 2.9)],
    );
    vec![ev0, ev1]
}

/// `n` random events from `seed`: a few CaloParticles each with nearby clusters, noise
/// clusters, random hits, now and then a NaN shape.
pub fn random_events(seed: u64, n: usize) -> Vec<OwnedEvent> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    for entry in 0..n {
        let ncalo = rng.random_range(0..4usize);
        let calos: Vec<(f32, f32, f32)> = (0..ncalo)
            .map(|_| {
                (
                    rng.random_range(5.0..200.0f32),
                    rng.random_range(-2.8..2.8f32),
                    rng.random_range(-3.1..3.1f32),
                )
            })
            .collect();
        let mut cls = Vec::new();
        for (c, &(e, eta, phi)) in calos.iter().enumerate() {
            for k in 0..rng.random_range(1..6usize) {
                let frac = if k == 0 { 0.7 } else { 0.15 / k as f32 };
                let mut cl = Cl::new(
                    (eta + rng.random_range(-0.15..0.15f32)).clamp(-2.95, 2.95),
                    phi + rng.random_range(-0.4..0.4f32),
                    e * frac * rng.random_range(0.5..1.2f32),
                );
                let mut scores = vec![0.0; ncalo];
                scores[c] = rng.random_range(0.0..1.0f64);
                cl.scores = scores;
                cls.push(cl);
            }
        }
        for _ in 0..rng.random_range(0..8usize) {
            cls.push(Cl::new(
                rng.random_range(-2.9..2.9f32),
                rng.random_range(-3.1..3.1f32),
                rng.random_range(0.2..15.0f32),
            ));
        }
        for cl in cls.iter_mut() {
            let nh = rng.random_range(0..9usize);
            cl.hits = (0..nh)
                .map(|_| {
                    (
                        cl.ieta + rng.random_range(-2..3i32),
                        cl.iphi + rng.random_range(-2..3i32),
                        cl.iz,
                        rng.random_range(0.01..cl.energy.max(0.02)),
                        rng.random_range(0.0..1.0f32),
                    )
                })
                .collect();
            for s in cl.shapes.iter_mut() {
                *s = rng.random_range(-0.5..1.5f32);
                if rng.random_range(0..100u32) == 0 {
                    *s = f32::NAN;
                }
            }
            cl.nxtals = rng.random_range(1..40u32) as f64;
        }
        out.push(event(entry as u64, &cls, &calos));
    }
    out
}

/// The windows of each event (default parameters: fixed mode, overlapping windows).
pub fn windows_of(events: &[OwnedEvent]) -> Vec<Vec<Window>> {
    let b = Builder::new(Params::default()).expect("default builder");
    events.iter().map(|e| b.build(&e.view())).collect()
}

/// Every (window, event) pair, in order.
pub fn pairs<'a>(
    events: &'a [OwnedEvent],
    windows: &'a [Vec<Window>],
) -> Vec<(&'a Window, Event<'a>)> {
    events
        .iter()
        .zip(windows)
        .flat_map(|(e, ws)| ws.iter().map(move |w| (w, e.view())))
        .collect()
}

/// NDJSON text of the windows (`compat` writes NaN/Infinity tokens, else `null`).
pub fn ndjson(events: &[OwnedEvent], windows: &[Vec<Window>], compat: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (w, ev) in pairs(events, windows) {
        write_window(&mut out, w, &ev, Source { file: "test.root" }, compat);
    }
    out
}

/// A ustar archive holding `files` (name, contents), as `tar` writes it: 512-byte headers,
/// contents padded to 512 bytes, two zero blocks at the end.
pub fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in files {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        let mut put = |off: usize, len: usize, v: u64| {
            let s = format!("{v:0w$o}\0", w = len - 1);
            h[off..off + len].copy_from_slice(s.as_bytes());
        };
        put(100, 8, 0o644);
        put(108, 8, 1000);
        put(116, 8, 1000);
        put(124, 12, data.len() as u64);
        put(136, 12, 1_600_000_000);
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| b as u32).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// gzip of `data` (one member).
pub fn gz(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    scwin::export::tfrecord::gzip_member(&mut out, data).unwrap();
    out
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}
