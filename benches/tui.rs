//! Inspector benchmarks: a full frame at 200x60, re-labelling one event of ~300 clusters, and
//! the first frame of a very large input (only the first event decoded).

use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scwin::tui::app::App;
use scwin::tui::msg::Msg;
use scwin::tui::source::Inputs;
use scwin::tui::synth::{SynthConfig, SynthSource};
use scwin::tui::update::{rebuild, start, update};
use scwin::tui::view;
use scwin::windows::{Builder, Params};

/// An app showing entry 0 of a synthetic input whose events have about 300 clusters, with
/// its summary computed.
fn app_300() -> App {
    let cfg = SynthConfig {
        pileup: 280,
        ..SynthConfig::default()
    };
    let inputs = Inputs::new(vec![Arc::new(SynthSource::new(50, cfg))]);
    let mut app = App::new(inputs.clone(), Builder::new(Params::default()).unwrap());
    let _ = start(&mut app);
    let req = app.load_gen;
    let ev = inputs.event(0).unwrap();
    update(
        &mut app,
        Msg::Loaded {
            req,
            entry: 0,
            result: Ok(Arc::new(ev)),
        },
    );
    let acc = scwin::tui::jobs::summarize(&inputs, &app.builder, &|| false, &|_, _| {})
        .unwrap()
        .unwrap();
    let req = app.summary.req;
    update(
        &mut app,
        Msg::SummaryDone {
            req,
            result: Ok(Arc::new(acc.finish())),
        },
    );
    app
}

fn frame(c: &mut Criterion) {
    let app = app_300();
    let n = app.current_event().unwrap().cl_energy.len();
    eprintln!("event with {n} clusters, {} windows", app.windows.len());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("frame_200x60", |b| {
        b.iter(|| {
            term.draw(|f| view::view(&app, f)).unwrap();
        })
    });
    // An endcap window (the grid projects every cell into eta/phi).
    let mut app_ee = app.clone();
    if let Some(i) = app_ee.windows.iter().position(|w| w.seed_iz != 0) {
        app_ee.window = i;
    }
    c.bench_function("frame_200x60_endcap", |b| {
        b.iter(|| {
            term.draw(|f| view::view(&app_ee, f)).unwrap();
        })
    });
}

fn relabel(c: &mut Criterion) {
    let mut app = app_300();
    c.bench_function("relabel_event_300_clusters", |b| {
        b.iter(|| rebuild(&mut app, true))
    });
}

fn first_frame(c: &mut Criterion) {
    // Ten million entries: opening and the first frame decode only entry 0.
    c.bench_function("first_frame_10M_entries", |b| {
        b.iter(|| {
            let t0 = Instant::now();
            let inputs = Inputs::new(vec![Arc::new(SynthSource::new(
                10_000_000,
                SynthConfig::default(),
            ))]);
            let mut app = App::new(inputs.clone(), Builder::new(Params::default()).unwrap());
            let _ = start(&mut app);
            let req = app.load_gen;
            let ev = inputs.event(0).unwrap();
            update(
                &mut app,
                Msg::Loaded {
                    req,
                    entry: 0,
                    result: Ok(Arc::new(ev)),
                },
            );
            let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
            term.draw(|f| view::view(&app, f)).unwrap();
            t0.elapsed()
        })
    });
}

/// The first frame of a real dumper file named by `SCWIN_BENCH_FILE` (e.g. a 1 GB file made
/// with `scwin sample`): open, decode entry 0, draw. Skipped when the variable is unset.
fn first_frame_file(c: &mut Criterion) {
    let Ok(path) = std::env::var("SCWIN_BENCH_FILE") else {
        eprintln!("first_frame_file: set SCWIN_BENCH_FILE=<dumper file> to run it");
        return;
    };
    c.bench_function("first_frame_dumper_file", |b| {
        b.iter(|| {
            let inputs = scwin::tui::open_inputs(std::slice::from_ref(&path)).unwrap();
            let mut app = App::new(inputs.clone(), Builder::new(Params::default()).unwrap());
            let _ = start(&mut app);
            let req = app.load_gen;
            let result = inputs.event(0).map(Arc::new);
            update(
                &mut app,
                Msg::Loaded {
                    req,
                    entry: 0,
                    result,
                },
            );
            let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
            term.draw(|f| view::view(&app, f)).unwrap();
        })
    });
}

criterion_group!(benches, frame, relabel, first_frame, first_frame_file);
criterion_main!(benches);
