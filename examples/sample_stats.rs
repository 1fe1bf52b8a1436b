//! Prints the numbers of `docs/sample.md`: clusters per event, seeds, windows, calo-matched
//! fraction, clusters per SuperCluster, shower shapes, and generation speed.
//!
//! `cargo run --release --example sample_stats -- [EVENTS] [electron|photon|mixed]`

use std::time::Instant;

use scwin::sample::stats::Summary;
use scwin::sample::{Config, Generator, Role, Species};
use scwin::windows::{MaxNoCalo, Params, build};

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let events: u64 = args.next().map_or(2000, |a| a.parse().expect("EVENTS"));
    let species: Species = args
        .next()
        .map_or(Species::Electron, |a| a.parse().expect("species"));
    let g = Generator::new(Config {
        events,
        species,
        ..Config::default()
    });
    let t = Instant::now();
    let evs = g.generate_range(0..events);
    let dt = t.elapsed().as_secs_f64();
    let s = Summary::of(&evs);
    println!(
        "{events} {species} events in {dt:.3} s ({:.0} events/s, {} threads)",
        events as f64 / dt,
        rayon::current_num_threads()
    );
    println!("clusters/event         {:.1}", s.clusters_per_event());
    println!("clusters Et>1 GeV/event {:.2}", s.seeds_per_event());
    println!(
        "hits/cluster           {:.2}",
        s.hits as f64 / s.clusters as f64
    );
    println!(
        "SC/event               {:.2}",
        s.superclusters as f64 / events as f64
    );
    println!(
        "clusters/SC            {:.2}",
        s.clusters_per_supercluster()
    );
    let params = Params {
        maxnocalow: MaxNoCalo::All,
        ..Params::default()
    };
    let wp = scwin::truth::wp::default_map();
    let (mut nw, mut ncalo, mut ncls, mut insc, mut nwc) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for g in &evs {
        let ws = build(&g.event.view(), &params, &wp);
        nw += ws.len();
        for w in &ws {
            ncls += w.ncls();
            if w.is_seed_calo_matched() {
                ncalo += 1;
                insc += w.nclusters_insc;
                nwc += 1;
            }
        }
    }
    println!("windows/event          {:.2}", nw as f64 / events as f64);
    println!("calo-matched windows   {:.3}", ncalo as f64 / nw as f64);
    println!("clusters/window        {:.1}", ncls as f64 / nw as f64);
    println!(
        "in_scluster/calo window {:.2}",
        insc as f64 / nwc.max(1) as f64
    );
    let mut r9 = Vec::new();
    let mut sieie_eb = Vec::new();
    let mut sieie_ee = Vec::new();
    let mut nbrem = 0usize;
    let mut fmain = Vec::new();
    for g in &evs {
        let ev = &g.event;
        for (i, role) in g.truth.roles.iter().enumerate() {
            match role {
                Role::Main { calo } => {
                    r9.push(ev.cl_f5_r9[i] as f64);
                    let s = ev.cl_f5_sigma_ieta_ieta[i] as f64;
                    if ev.cl_iz[i] == 0 {
                        sieie_eb.push(s)
                    } else {
                        sieie_ee.push(s)
                    }
                    fmain.push(ev.cl_scores.view().row(i)[*calo]);
                }
                Role::Brem { .. } => nbrem += 1,
                _ => {}
            }
        }
    }
    println!(
        "main: r9 median {:.3}, sieie EB {:.4}, EE {:.4}, simfrac {:.3}",
        median(r9),
        median(sieie_eb),
        median(sieie_ee),
        median(fmain)
    );
    println!("brem clusters/event    {:.2}", nbrem as f64 / events as f64);
}
