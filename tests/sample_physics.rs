//! The physics of the synthetic sample (`shared/spec/sample.md`), checked on distributions:
//! each test fails if the generator stops doing what the spec says.
//!
//! Geometry checks here are written independently of `scwin::sample::geometry` (from the
//! spec's numbers), so a bug there cannot hide behind itself.

use std::f64::consts::PI;
use std::sync::OnceLock;

use scwin::sample::{Config, GeneratedEvent, Generator, Role, Species};
use scwin::truth::mustache::{in_dynamic_dphi_window, in_mustache};
use scwin::windows::{MaxNoCalo, Params, build};

const N_ELECTRON: u64 = 1000;
const N_PHOTON: u64 = 400;

fn electrons() -> &'static [GeneratedEvent] {
    static E: OnceLock<Vec<GeneratedEvent>> = OnceLock::new();
    E.get_or_init(|| {
        Generator::new(Config {
            events: N_ELECTRON,
            seed: 11,
            species: Species::Electron,
            ..Config::default()
        })
        .generate_range(0..N_ELECTRON)
    })
}

fn photons() -> &'static [GeneratedEvent] {
    static E: OnceLock<Vec<GeneratedEvent>> = OnceLock::new();
    E.get_or_init(|| {
        Generator::new(Config {
            events: N_PHOTON,
            seed: 12,
            species: Species::Photon,
            ..Config::default()
        })
        .generate_range(0..N_PHOTON)
    })
}

fn all() -> impl Iterator<Item = &'static GeneratedEvent> {
    electrons().iter().chain(photons())
}

fn wrap(d: f64) -> f64 {
    let mut d = d;
    while d >= PI {
        d -= 2.0 * PI;
    }
    while d < -PI {
        d += 2.0 * PI;
    }
    d
}

fn et_calib(g: &GeneratedEvent, i: usize) -> f64 {
    g.event.cl_energy[i] as f64 / (g.event.cl_eta[i] as f64).cosh()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Bremsstrahlung clusters lie on the side of the main cluster set by the charge: from the
/// dumper's branches alone (sim fractions, positions) plus the gun's charge.
#[test]
fn bremsstrahlung_on_the_side_of_the_charge() {
    let (mut agree, mut total) = (0usize, 0usize);
    let mut per_charge = [0usize; 2];
    for g in electrons() {
        let ev = &g.event;
        let scores = ev.cl_scores.view();
        for (c, p) in g.truth.particles.iter().enumerate() {
            assert_ne!(p.charge, 0);
            // The main cluster: the highest sim fraction of this CaloParticle.
            let Some(main) = (0..ev.cl_energy.len())
                .filter(|&i| scores.row(i)[c] >= 0.5)
                .max_by(|&a, &b| scores.row(a)[c].total_cmp(&scores.row(b)[c]))
            else {
                continue;
            };
            for i in 0..ev.cl_energy.len() {
                let f = scores.row(i)[c];
                // Brem clusters: 1e-3..0.2 of the particle, nothing of any other.
                let others = (0..4).filter(|&o| o != c).all(|o| scores.row(i)[o] == 0.0);
                if i == main || !(1e-3..=0.2).contains(&f) || !others {
                    continue;
                }
                let dphi = wrap(ev.cl_phi[i] as f64 - ev.cl_phi[main] as f64);
                total += 1;
                per_charge[(p.charge > 0) as usize] += 1;
                if dphi.signum() as i32 == p.charge {
                    agree += 1;
                }
            }
        }
    }
    assert!(total >= 150, "only {total} bremsstrahlung clusters");
    assert!(per_charge.iter().all(|&n| n >= 50), "{per_charge:?}");
    let frac = agree as f64 / total as f64;
    assert!(
        frac >= 0.97,
        "{agree}/{total} brem clusters on the charge's side"
    );
}

/// Electrons of low pT spread along phi (the Mustache), those of high pT do not.
#[test]
fn bremsstrahlung_spread_shrinks_with_pt() {
    let (mut low, mut high) = (Vec::new(), Vec::new());
    for g in electrons() {
        let ev = &g.event;
        for (i, role) in g.truth.roles.iter().enumerate() {
            let Role::Brem { calo } = *role else { continue };
            let main = g.truth.roles.iter().position(|r| *r == Role::Main { calo });
            let Some(main) = main else { continue };
            let d = wrap(ev.cl_phi[i] as f64 - ev.cl_phi[main] as f64).abs();
            let pt = g.truth.particles[calo].pt;
            assert!(d <= 1.6 / pt + 0.01, "brem at dphi {d} for pT {pt}");
            if pt < 10.0 {
                low.push(d);
            } else if pt > 30.0 {
                high.push(d);
            }
        }
    }
    assert!(low.len() > 50, "{}", low.len());
    assert!(median(low) > 0.06);
    assert!(
        high.iter().all(|&d| d < 0.06),
        "{:?}",
        high.iter().cloned().fold(0.0, f64::max)
    );
}

/// A few hundred pfClusters per event, a tail of them above 1 GeV (documented in
/// docs/sample.md: mean 330-420 and 15-30 at PU 55-75).
#[test]
fn clusters_per_event_and_above_1gev() {
    let mut n = Vec::new();
    let mut above = Vec::new();
    for g in all() {
        n.push(g.event.cl_energy.len() as f64);
        above.push(
            (0..g.event.cl_energy.len())
                .filter(|&i| et_calib(g, i) >= 1.0)
                .count() as f64,
        );
    }
    let (mn, ma) = (mean(&n), mean(&above));
    assert!((330.0..=420.0).contains(&mn), "mean clusters/event {mn}");
    assert!(
        (15.0..=30.0).contains(&ma),
        "mean clusters above 1 GeV {ma}"
    );
    let (lo, hi) = n
        .iter()
        .fold((f64::MAX, 0.0f64), |a, &x| (a.0.min(x), a.1.max(x)));
    assert!(
        lo >= 150.0 && hi <= 650.0,
        "clusters/event from {lo} to {hi}"
    );
    // Mostly low-energy clusters.
    let mut soft = 0usize;
    let mut count = 0usize;
    for g in all() {
        for i in 0..g.event.cl_energy.len() {
            count += 1;
            soft += (et_calib(g, i) < 0.5) as usize;
        }
    }
    assert!(
        soft as f64 / count as f64 > 0.5,
        "{soft}/{count} below 0.5 GeV"
    );
}

/// Most windows have no calo: with the reference parameters and every window kept, the
/// calo-matched fraction stays between 10% and 35% (docs/sample.md).
#[test]
fn calo_matched_window_fraction() {
    let params = Params {
        maxnocalow: MaxNoCalo::All,
        ..Params::default()
    };
    let wp = scwin::truth::wp::default_map();
    let (mut windows, mut matched, mut caloseed) = (0usize, 0usize, 0usize);
    for g in all() {
        for w in build(&g.event.view(), &params, &wp) {
            windows += 1;
            matched += w.is_seed_calo_matched() as usize;
            caloseed += (w.class() == 2) as usize;
        }
    }
    let n = (N_ELECTRON + N_PHOTON) as f64;
    let per_event = windows as f64 / n;
    let frac = matched as f64 / windows as f64;
    assert!(
        (15.0..=30.0).contains(&per_event),
        "windows/event {per_event}"
    );
    assert!(
        (0.10..=0.35).contains(&frac),
        "calo-matched fraction {frac}"
    );
    // Nearly every particle's main cluster seeds a calo-seed window.
    let per_event_caloseed = caloseed as f64 / n;
    assert!(
        (3.3..=4.0).contains(&per_event_caloseed),
        "{per_event_caloseed}"
    );
}

/// SuperClusters: seeds above 1 GeV by decreasing Et, each cluster in at most one, every
/// member inside the seed's Mustache and dynamic window (the truth labels' code), and the
/// number of clusters per SuperCluster in the documented range.
#[test]
fn superclusters_follow_the_mustache() {
    let mut sizes = Vec::new();
    let mut electron_sizes = Vec::new();
    for g in all() {
        let ev = &g.event;
        let n = ev.cl_energy.len();
        let mut used = vec![false; n];
        let mut last_et = f64::INFINITY;
        for (k, &s) in ev.sc_seed_index.iter().enumerate() {
            let s = s as usize;
            let et = et_calib(g, s);
            assert!(et > 1.0 && et <= last_et, "seed Et {et} after {last_et}");
            last_et = et;
            let members = ev.sc_cl_index.view().row(k);
            assert_eq!(members[0] as usize, s, "the seed comes first");
            for &j in members {
                let j = j as usize;
                assert!(!used[j], "cluster {j} in two SuperClusters");
                used[j] = true;
                assert_eq!(ev.cl_iz[j], ev.cl_iz[s]);
                let args = (
                    ev.cl_eta[s],
                    ev.cl_phi[s],
                    ev.cl_raw_energy[j],
                    ev.cl_eta[j],
                    ev.cl_phi[j],
                );
                assert!(in_mustache(args.0, args.1, args.2, args.3, args.4));
                assert!(in_dynamic_dphi_window(
                    args.0, args.1, args.2, args.3, args.4, false
                ));
            }
            sizes.push(members.len() as f64);
            if matches!(g.truth.roles[s], Role::Main { .. })
                && g.truth.particles[g.truth.roles[s].calo().unwrap()].pt < 10.0
                && g.truth.particles[0].charge != 0
            {
                electron_sizes.push(members.len() as f64);
            }
        }
        // Every cluster above threshold that is not in a SuperCluster would have seeded one.
        for i in 0..n {
            assert!(used[i] || et_calib(g, i) <= 1.0, "unused seed {i}");
        }
    }
    let m = mean(&sizes);
    assert!((1.1..=1.8).contains(&m), "clusters per SuperCluster {m}");
    let me = mean(&electron_sizes);
    assert!(me > 1.5, "low-pT electron SuperClusters have {me} clusters");
}

/// `pfCluster_sim_fraction`: shape [clusters][4], main 0.5-0.9, bremsstrahlung 1e-3-0.2,
/// pile-up 0 or 1e-5-1e-3, at most 1 in total per particle, some shared clusters.
#[test]
fn sim_fraction_ranges() {
    let (mut shared, mut overlaps, mut pu_zero) = (0usize, 0usize, 0usize);
    for g in all() {
        let ev = &g.event;
        let scores = ev.cl_scores.view();
        assert_eq!(scores.rows(), ev.cl_energy.len());
        let mut per_calo = [0.0f64; 4];
        for (i, role) in g.truth.roles.iter().enumerate() {
            let row = scores.row(i);
            assert_eq!(row.len(), 4);
            for (c, &f) in row.iter().enumerate() {
                assert!((0.0..=1.0).contains(&f));
                per_calo[c] += f;
            }
            match *role {
                Role::Main { calo } => assert!((0.5..=0.9).contains(&row[calo]), "{row:?}"),
                Role::Brem { calo } => assert!((1e-3..=0.2).contains(&row[calo]), "{row:?}"),
                Role::ConversionLeg { calo } => assert!((1e-3..0.5).contains(&row[calo])),
                Role::Shared { calos } => {
                    assert!(row[calos.0] >= 0.5 && row[calos.1] > 0.0, "{row:?}");
                    shared += 1;
                }
                Role::PileUp | Role::Noise => {
                    let nz: Vec<f64> = row.iter().copied().filter(|&f| f != 0.0).collect();
                    assert!(nz.len() <= 1);
                    match nz.first() {
                        None => pu_zero += 1,
                        Some(&f) => {
                            assert!((1e-5..1e-3).contains(&f), "{f}");
                            overlaps += 1;
                        }
                    }
                }
            }
        }
        assert!(per_calo.iter().all(|&s| s <= 1.0 + 1e-9), "{per_calo:?}");
    }
    assert!(shared >= 20, "{shared} shared clusters");
    assert!(
        overlaps >= 200 && pu_zero > 20 * overlaps,
        "{overlaps} overlaps, {pu_zero} zeros"
    );
}

/// The dumper's crystal numbering, written from the spec: barrel ieta ±1..85 (no 0), iphi
/// 1..360 wrapping; endcap ix/iy 1..100. Steps between two crystals of a subdetector.
fn steps(iz: i32, a: (i32, i32), b: (i32, i32)) -> (i32, i32) {
    if iz == 0 {
        let lin = |ieta: i32| if ieta > 0 { ieta - 1 } else { ieta };
        let mut dphi = (b.1 - a.1).rem_euclid(360);
        if dphi > 180 {
            dphi -= 360;
        }
        (lin(b.0) - lin(a.0), dphi)
    } else {
        (b.0 - a.0, b.1 - a.1)
    }
}

/// Hits are real crystals, distinct, of the cluster's subdetector, within the 5x5 around the
/// cluster's crystal, touching each other; energies × fractions sum to the raw energy.
#[test]
fn hits_are_neighbouring_crystals_summing_to_the_raw_energy() {
    let mut sizes = [0usize; 26];
    for g in all() {
        let ev = &g.event;
        for i in 0..ev.cl_energy.len() {
            let (e, f) = (ev.hit_energy.view().row(i), ev.hit_fraction.view().row(i));
            let (hi, hp, hz) = (
                ev.hit_ieta.view().row(i),
                ev.hit_iphi.view().row(i),
                ev.hit_iz.view().row(i),
            );
            let n = e.len();
            assert!(
                n >= 1
                    && [f.len(), hi.len(), hp.len(), hz.len()]
                        .iter()
                        .all(|&l| l == n)
            );
            assert_eq!(ev.cl_nxtals[i], n as f64);
            sizes[n.min(25)] += 1;
            let iz = ev.cl_iz[i];
            let center = (ev.cl_ieta[i], ev.cl_iphi[i]);
            let crystals: Vec<(i32, i32)> = hi.iter().copied().zip(hp.iter().copied()).collect();
            for (k, &(a, b)) in crystals.iter().enumerate() {
                assert_eq!(hz[k], iz);
                if iz == 0 {
                    assert!(a != 0 && a.abs() <= 85 && (1..=360).contains(&b), "{a} {b}");
                } else {
                    assert!((1..=100).contains(&a) && (1..=100).contains(&b), "{a} {b}");
                }
                assert!(!crystals[..k].contains(&(a, b)), "hit {a},{b} twice");
                let (da, db) = steps(iz, center, (a, b));
                assert!(
                    da.abs() <= 2 && db.abs() <= 2,
                    "hit {a},{b} far from {center:?}"
                );
                assert!(e[k] > 0.0 && f[k] > 0.0 && f[k] <= 1.0);
            }
            // Connected (8-neighbourhood) starting from the cluster's crystal.
            assert!(crystals.contains(&center));
            let mut reached = vec![false; n];
            let start = crystals.iter().position(|&c| c == center).unwrap();
            reached[start] = true;
            let mut stack = vec![start];
            while let Some(k) = stack.pop() {
                for m in 0..n {
                    let (da, db) = steps(iz, crystals[k], crystals[m]);
                    if !reached[m] && da.abs() <= 1 && db.abs() <= 1 {
                        reached[m] = true;
                        stack.push(m);
                    }
                }
            }
            assert!(
                reached.iter().all(|&r| r),
                "hits of cluster {i} not connected: {crystals:?}"
            );
            let sum: f64 = e.iter().zip(f).map(|(&e, &f)| e as f64 * f as f64).sum();
            let raw = ev.cl_raw_energy[i] as f64;
            assert!((sum - raw).abs() <= 1e-6 * raw, "hits sum {sum} raw {raw}");
        }
    }
    // Small clusters have few crystals, big ones up to 5x5.
    assert!(
        sizes[1] > 0
            && sizes[9..].iter().sum::<usize>() > 0
            && sizes[20..].iter().sum::<usize>() > 0,
        "{sizes:?}"
    );
}

/// ieta/iphi (barrel) and ix/iy (endcap) of each cluster are the crystal at its eta/phi.
#[test]
fn crystal_indices_match_positions() {
    let z = 317.0f64;
    let pitch = z / 1.479f64.sinh() / 50.0;
    let (mut nb, mut ne) = (0, 0);
    for g in all() {
        let ev = &g.event;
        for i in 0..ev.cl_energy.len() {
            let (eta, phi) = (ev.cl_eta[i] as f64, ev.cl_phi[i] as f64);
            let (a, b, iz) = (ev.cl_ieta[i], ev.cl_iphi[i], ev.cl_iz[i]);
            if iz == 0 {
                nb += 1;
                assert!(eta.abs() < 1.479);
                let ring = ((eta.abs() / 0.0174).floor() as i32 + 1).min(85);
                assert_eq!(a, if eta >= 0.0 { ring } else { -ring }, "eta {eta}");
                let deg = (phi.to_degrees() + 10.0).rem_euclid(360.0);
                assert_eq!(b, deg.floor() as i32 + 1, "phi {phi}");
            } else {
                ne += 1;
                assert_eq!(iz, eta.signum() as i32);
                assert!((1.479..3.0).contains(&eta.abs()), "{eta}");
                let r = z / eta.abs().sinh() / pitch;
                let (x, y) = (50.0 + r * phi.cos(), 50.0 + r * phi.sin());
                let (cx, cy) = (a as f64 - 0.5, b as f64 - 0.5);
                let d = (x - cx).hypot(y - cy);
                assert!(
                    d < 1.5,
                    "ix {a} iy {b} for eta {eta} phi {phi} (distance {d})"
                );
                if r < 49.0 && r > 11.0 {
                    assert!(d <= 0.5f64.sqrt() + 1e-6, "not the crystal at the position");
                }
            }
        }
    }
    assert!(nb > 1000 && ne > 1000);
}

/// Shower shapes in physical ranges, calibrated energies a few percent above raw.
#[test]
fn shower_shapes_and_calibration() {
    let (mut sieie_eb, mut sieie_ee, mut r9) = (Vec::new(), Vec::new(), Vec::new());
    for g in all() {
        let ev = &g.event;
        for i in 0..ev.cl_energy.len() {
            for v in [
                ev.cl_r9[i],
                ev.cl_f5_r9[i],
                ev.cl_swiss_cross[i],
                ev.cl_f5_swiss_cross[i],
            ] {
                assert!((0.0..=1.0).contains(&v), "{v}");
            }
            for v in [ev.cl_sigma_ieta_iphi[i], ev.cl_f5_sigma_ieta_iphi[i]] {
                assert!((-1.0..=1.0).contains(&v));
            }
            for v in [
                ev.cl_sigma_ieta_ieta[i],
                ev.cl_sigma_iphi_iphi[i],
                ev.cl_f5_sigma_ieta_ieta[i],
                ev.cl_f5_sigma_iphi_iphi[i],
                ev.cl_eta_width[i],
                ev.cl_phi_width[i],
            ] {
                assert!(v >= 0.0 && v < 0.2, "{v}");
            }
            let k = ev.cl_energy[i] / ev.cl_raw_energy[i];
            assert!((1.0..=1.10).contains(&k), "correction {k}");
            if matches!(g.truth.roles[i], Role::Main { .. }) && ev.cl_nxtals[i] >= 5.0 {
                let s = ev.cl_f5_sigma_ieta_ieta[i] as f64;
                if ev.cl_iz[i] == 0 {
                    sieie_eb.push(s)
                } else {
                    sieie_ee.push(s)
                }
                r9.push(ev.cl_f5_r9[i] as f64);
            }
        }
    }
    let (eb, ee) = (median(sieie_eb), median(sieie_ee));
    assert!((0.009..=0.012).contains(&eb), "barrel sigmaIetaIeta {eb}");
    assert!((0.02..=0.03).contains(&ee), "endcap sigmaIetaIeta {ee}");
    let r9 = median(r9);
    assert!((0.85..=0.99).contains(&r9), "r9 {r9}");
}

/// Four CaloParticles, one per eta range, pT 1-100; sim slightly different from gen.
#[test]
fn caloparticles() {
    let ranges = [(-3.0, -1.479), (-1.479, 0.0), (0.0, 1.479), (1.479, 3.0)];
    for g in all() {
        let ev = &g.event;
        assert_eq!(ev.calo_sim_energy.len(), 4);
        for c in 0..4 {
            let (eta, e) = (ev.calo_gen_eta[c] as f64, ev.calo_gen_energy[c] as f64);
            assert!(eta >= ranges[c].0 && eta <= ranges[c].1);
            let pt = e / eta.cosh();
            assert!((0.999..=100.01).contains(&pt), "{pt}");
            let sim = ev.calo_sim_energy[c] as f64;
            assert!(sim < e && sim > 0.9 * e);
            let se = ev.calo_sim_eta[c] as f64;
            assert!((se - eta).abs() < 0.1, "{se} vs {eta}");
            let iz = if se.abs() < 1.479 {
                0
            } else {
                se.signum() as i32
            };
            assert_eq!(ev.calo_sim_iz[c], iz);
        }
        let pu = ev.pileup;
        assert!((55.0..=75.0).contains(&pu.true_pu.unwrap()));
        assert!(pu.n_vtx.unwrap() > 0 && pu.rho.unwrap() > 0.0 && pu.obs_pu.unwrap() > 20.0);
        assert_eq!(ev.id.event, Some(ev.id.entry as i64 + 1));
    }
}

/// The awkward cases are there: the phi seam, the barrel/endcap boundary, exact Et ties,
/// shared clusters, events without any cluster above 1 GeV.
#[test]
fn awkward_cases() {
    let (mut seam_sc, mut boundary, mut ties, mut quiet) = (0, 0, 0, 0);
    for g in electrons() {
        let ev = &g.event;
        let n = ev.cl_energy.len();
        // A SuperCluster with clusters on both sides of phi = ±pi.
        for k in 0..ev.sc_seed_index.len() {
            let row = ev.sc_cl_index.view().row(k);
            let pos = row.iter().any(|&j| ev.cl_phi[j as usize] > 3.0);
            let neg = row.iter().any(|&j| ev.cl_phi[j as usize] < -3.0);
            seam_sc += (pos && neg) as usize;
        }
        let eb_edge =
            (0..n).any(|i| ev.cl_ieta[i].abs() == 85 && ev.cl_iz[i] == 0 && et_calib(g, i) > 1.0);
        let ee_edge =
            (0..n).any(|i| ev.cl_iz[i] != 0 && ev.cl_eta[i].abs() < 1.5 && et_calib(g, i) > 1.0);
        boundary += (eb_edge && ee_edge) as usize;
        let mut ets: Vec<f64> = (0..n)
            .map(|i| et_calib(g, i))
            .filter(|&e| e > 1.0)
            .collect();
        ets.sort_by(f64::total_cmp);
        ties += ets.windows(2).any(|w| w[0] == w[1]) as usize;
        if (0..n).all(|i| et_calib(g, i) < 1.0) {
            quiet += 1;
            assert!(ev.sc_seed_index.is_empty());
            assert!(g.truth.special.quiet);
        }
    }
    let n = N_ELECTRON as usize;
    assert!(seam_sc >= 3, "{seam_sc} SuperClusters across the seam");
    assert!(boundary >= n / 20, "{boundary} events at the boundary");
    assert!(ties >= n / 10, "{ties} events with Et ties");
    assert_eq!(quiet, n / 50, "events without a cluster above 1 GeV");
}

/// Photons sometimes convert into two clusters; electrons never do.
#[test]
fn photon_conversions() {
    let legs: usize = photons()
        .iter()
        .map(|g| {
            g.truth
                .roles
                .iter()
                .filter(|r| matches!(r, Role::ConversionLeg { .. }))
                .count()
        })
        .sum();
    let per = legs as f64 / (4 * N_PHOTON) as f64;
    assert!(
        (0.05..=0.4).contains(&per),
        "{per} conversions with two clusters per photon"
    );
    assert!(photons().iter().all(|g| {
        g.truth
            .roles
            .iter()
            .all(|r| !matches!(r, Role::Brem { .. }))
    }));
    assert!(electrons().iter().all(|g| {
        g.truth
            .roles
            .iter()
            .all(|r| !matches!(r, Role::ConversionLeg { .. }))
    }));
}
