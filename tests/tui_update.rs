//! Update-function tests: messages in, state out. Effects are performed synchronously here
//! (no threads), so every test is deterministic.

use std::sync::Arc;

use crossterm::event::KeyCode;
use scwin::tui::app::App;
use scwin::tui::fields::{FIELDS, Field};
use scwin::tui::jobs::{seek, summarize};
use scwin::tui::msg::{Effect, Msg};
use scwin::tui::source::{Inputs, MemSource};
use scwin::tui::synth::{self, SynthConfig, SynthSource};
use scwin::tui::update::{key_msg, start, update};
use scwin::windows::{Builder, Mode, Params};

fn inputs(n: u64) -> Inputs {
    Inputs::new(vec![Arc::new(SynthSource::new(n, SynthConfig::default()))])
}

fn new_app(n: u64) -> App {
    App::new(inputs(n), Builder::new(Params::default()).unwrap())
}

/// Performs effects synchronously, feeding results back, as the runtime would.
fn drive(app: &mut App, fx: Vec<Effect>) -> Vec<Effect> {
    let mut left = Vec::new();
    for f in fx {
        let msgs: Vec<Msg> = match f {
            Effect::Load { req, inputs, entry } => vec![Msg::Loaded {
                req,
                entry,
                result: inputs.event(entry).map(Arc::new),
            }],
            Effect::Summary {
                req,
                inputs,
                builder,
            } => {
                let r = summarize(&inputs, &builder, &|| false, &|_, _| {}).unwrap();
                vec![Msg::SummaryDone {
                    req,
                    result: r.map(|a| Arc::new(a.finish())),
                }]
            }
            Effect::Seek {
                req,
                inputs,
                builder,
                from,
                forward,
                filter,
            } => match seek(&inputs, &builder, from, forward, filter, &|| false) {
                Some(Ok(entry)) => vec![Msg::Loaded {
                    req,
                    entry,
                    result: inputs.event(entry).map(Arc::new),
                }],
                Some(Err(e)) => panic!("{e}"),
                None => vec![Msg::SeekExhausted { req }],
            },
            Effect::Reopen {
                req,
                inputs,
                association,
            } => vec![Msg::Reopened {
                req,
                result: inputs.with_association(&association),
            }],
            Effect::LoadWp { req, path, hist } => vec![Msg::WpLoaded {
                req,
                result: match path {
                    None => Ok(Arc::new(scwin::truth::wp::default_map())),
                    Some(p) => scwin::truth::wp::ThresholdMap::load(&p, &hist)
                        .map(Arc::new)
                        .map_err(|e| e.to_string()),
                },
            }],
            other => {
                left.push(other);
                vec![]
            }
        };
        for m in msgs {
            let more = update(app, m);
            left.extend(drive(app, more));
        }
    }
    left
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let fx = update(app, key_msg(code));
    drive(app, fx)
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn started(n: u64) -> App {
    let mut app = new_app(n);
    let fx = start(&mut app);
    drive(&mut app, fx);
    app
}

#[test]
fn start_loads_the_first_event_and_the_summary() {
    let app = started(20);
    assert_eq!(app.entry, 0);
    assert!(app.current_event().is_some());
    assert!(!app.windows.is_empty());
    assert!(app.summary.current());
    let s = app.summary.result.as_ref().unwrap();
    assert_eq!(s.events, 20);
    assert_eq!(s.per_entry.len(), 20);
    assert_eq!(s.classes.iter().sum::<u64>(), s.windows);
}

#[test]
fn event_navigation() {
    let mut app = started(10);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.entry, 1);
    assert_eq!(app.event.as_ref().unwrap().0, 1);
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.entry, 0);
    assert_eq!(app.status.as_ref().unwrap().text, "first event");
    press(&mut app, KeyCode::End);
    assert_eq!(app.entry, 9);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.entry, 9);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.entry, 0);
    // Go to entry 5.
    press(&mut app, KeyCode::Char('g'));
    type_str(&mut app, "5");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.entry, 5);
    // Go to event id 1007 (synthetic ids are 1000 + entry).
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "1007");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.entry, 7);
    assert_eq!(app.current_event().unwrap().id.event, Some(1007));
    // Errors are shown, not fatal.
    press(&mut app, KeyCode::Char('g'));
    type_str(&mut app, "99");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.entry, 7);
    assert!(app.status.as_ref().unwrap().error);
    press(&mut app, KeyCode::Char('g'));
    type_str(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().unwrap().text.contains("not a number"));
    assert!(app.prompt.is_none());
}

#[test]
fn window_and_row_navigation() {
    let mut app = started(5);
    let n = app.windows.len();
    assert!(n > 2);
    assert_eq!(app.window, 0);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.window, 1);
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.window, 0);
    assert!(app.status.as_ref().unwrap().text.contains("first window"));
    for _ in 0..n + 3 {
        press(&mut app, KeyCode::Char(']'));
    }
    assert_eq!(app.window, n - 1);
    // Rows stay inside the window's cluster list.
    press(&mut app, KeyCode::Home);
    let ncl = app.current_window().unwrap().clusters.len();
    for _ in 0..ncl + 5 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(app.row, ncl - 1);
    for _ in 0..ncl + 5 {
        press(&mut app, KeyCode::Up);
    }
    assert_eq!(app.row, 0);
}

#[test]
fn filters_select_windows_and_events() {
    let mut app = started(30);
    press(&mut app, KeyCode::Char('c'));
    assert!(app.filter.calo);
    let vis = app.visible();
    assert!(vis.iter().all(|&i| app.windows[i].calo >= 0));
    if let Some(w) = app.current_window() {
        assert!(w.calo >= 0);
    }
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('d'));
    assert!(app.visible().iter().all(|&i| {
        app.windows[i]
            .clusters
            .iter()
            .any(|c| c.in_scluster != c.in_mustache)
    }));
    // With both filters, n goes to events that have a calo-matched disagreeing window,
    // using the summary's per-entry counts.
    press(&mut app, KeyCode::Char('c'));
    let s = app.summary.result.clone().unwrap();
    let expected: Vec<u64> = (1..30)
        .filter(|&e| s.per_entry[e as usize].both > 0)
        .collect();
    assert!(!expected.is_empty());
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.entry, expected[0]);
    assert!(app.current_window().is_some_and(|w| w.calo >= 0));
    // The same through a background seek when the summary is stale.
    app.summary.req += 1;
    press(&mut app, KeyCode::Home);
    let fx = update(&mut app, key_msg(KeyCode::Char('n')));
    assert!(matches!(fx[0], Effect::Seek { .. }));
    drive(&mut app, fx);
    assert_eq!(app.entry, expected[0]);
    // f cycles through the four filter states.
    let mut app = started(3);
    let states: Vec<(bool, bool)> = (0..4)
        .map(|_| {
            press(&mut app, KeyCode::Char('f'));
            (app.filter.calo, app.filter.disagree)
        })
        .collect();
    assert_eq!(
        states,
        [(true, false), (false, true), (true, true), (false, false)]
    );
}

fn select_field(app: &mut App, f: Field) {
    if !app.params_focus {
        press(app, KeyCode::Char('P'));
    }
    assert!(app.params_focus);
    while FIELDS[app.field] != f {
        press(app, KeyCode::Down);
    }
}

#[test]
fn parameter_change_relabels_at_once_and_recomputes_the_summary() {
    let mut app = started(8);
    let before = app.windows.len();
    let req0 = app.summary.req;
    select_field(&mut app, Field::MinEtSeed);
    // Type a value: only seeds with calibrated Et >= 20 GeV remain.
    press(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_some());
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "20");
    let fx = update(&mut app, key_msg(KeyCode::Enter));
    // Re-labelled at once, summary requested in the background.
    assert_eq!(app.builder.params.min_et_seed, 20.0);
    assert!(app.windows.len() < before);
    assert!(app.windows.iter().all(|w| w.et_seed_calib >= 20.0));
    assert!(matches!(fx.as_slice(), [Effect::Summary { .. }]));
    assert_eq!(app.summary.req, req0 + 1);
    assert!(!app.summary.current());
    drive(&mut app, fx);
    assert!(app.summary.current());
    // Stepping a choice: compat mode names windows with 9 letters.
    select_field(&mut app, Field::Mode);
    press(&mut app, KeyCode::Right);
    assert_eq!(app.builder.params.mode, Mode::Compat);
    assert!(app.windows.iter().all(|w| w.name.len() == 9));
    // Reset to the default.
    press(&mut app, KeyCode::Char('0'));
    assert_eq!(app.builder.params.mode, Mode::Fixed);
    // Bad input is an error in the status line, parameters unchanged.
    select_field(&mut app, Field::BarrelDeta);
    press(&mut app, KeyCode::Enter);
    type_str(&mut app, "abc");
    press(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().unwrap().error);
    assert_eq!(app.builder.params.barrel.deta, 0.2);
    press(&mut app, KeyCode::Esc);
    assert!(!app.params_focus);
}

#[test]
fn rebuild_keeps_the_window_of_the_same_seed() {
    let mut app = started(4);
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Char(']'));
    let seed = app.current_window().unwrap().seed;
    select_field(&mut app, Field::WpScale);
    press(&mut app, KeyCode::Right);
    assert_eq!(app.current_window().unwrap().seed, seed);
}

#[test]
fn stale_background_results_are_ignored() {
    let mut app = started(6);
    // A summary for old parameters arrives after a newer request: ignored.
    let old = app.summary.req;
    let fx = update(&mut app, key_msg(KeyCode::Char('r')));
    assert_eq!(fx.len(), 1);
    let fake = Arc::new(
        summarize(&inputs(2), &app.builder, &|| false, &|_, _| {})
            .unwrap()
            .unwrap()
            .finish(),
    );
    update(
        &mut app,
        Msg::SummaryDone {
            req: old,
            result: Ok(fake.clone()),
        },
    );
    assert!(!app.summary.current());
    update(
        &mut app,
        Msg::SummaryProgress {
            req: old,
            done: 1,
            total: 2,
        },
    );
    assert_eq!(app.summary.progress, Some((0, 6)));
    // Only the newest request's result is taken.
    drive(&mut app, fx);
    assert!(app.summary.current());
    assert_eq!(app.summary.result.as_ref().unwrap().events, 6);
    // A late event load of an old request does not replace the current event.
    let old_load = app.load_gen;
    press(&mut app, KeyCode::Char('n'));
    let ev = Arc::new(synth::event(&SynthConfig::default(), 4));
    update(
        &mut app,
        Msg::Loaded {
            req: old_load,
            entry: 4,
            result: Ok(ev),
        },
    );
    assert_eq!(app.entry, 1);
    assert_eq!(app.event.as_ref().unwrap().0, 1);
}

#[test]
fn load_errors_are_shown_and_navigation_goes_on() {
    let mut app = started(3);
    let req = app.load_gen + 1;
    app.load_gen = req;
    update(
        &mut app,
        Msg::Loaded {
            req,
            entry: 2,
            result: Err("basket 3: bad checksum".into()),
        },
    );
    // The failed entry is current (so n steps past it), nothing is shown for it.
    assert_eq!(app.entry, 2);
    assert!(app.event.is_none() && app.windows.is_empty());
    let s = app.status.as_ref().unwrap();
    assert!(s.error && s.text.contains("checksum"));
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.entry, 1);
    assert!(app.event.is_some() && app.load_error.is_none());
}

#[test]
fn save_params_writes_toml_that_export_reads() {
    let mut app = started(2);
    select_field(&mut app, Field::MaxNoCalo);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('w'));
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "cfg/p.toml");
    let fx = press(&mut app, KeyCode::Enter);
    match fx.as_slice() {
        [Effect::Save { path, text }] => {
            assert_eq!(path.to_str(), Some("cfg/p.toml"));
            assert_eq!(Params::from_toml(text).unwrap(), app.builder.params);
            assert_eq!(app.builder.params.maxnocalow.limit(), Some(14));
        }
        other => panic!("{other:?}"),
    }
    update(&mut app, Msg::Saved(Ok("cfg/p.toml".into())));
    assert!(app.config_saved);
}

#[test]
fn export_dialog_starts_and_cancels() {
    let mut app = started(2);
    press(&mut app, KeyCode::Char('e'));
    assert!(app.export.open);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.export.formats, scwin::tui::cli::Formats::Both);
    let fx = press(&mut app, KeyCode::Enter);
    assert!(matches!(fx.as_slice(), [Effect::Export(_)]));
    assert_eq!(app.export.running, Some((0, 2)));
    // Esc while running cancels, and the dialog stays open for the outcome.
    let fx = press(&mut app, KeyCode::Esc);
    assert!(matches!(fx.as_slice(), [Effect::CancelExport]));
    assert!(app.export.open);
    update(
        &mut app,
        Msg::ExportDone(Err("cancelled after 1 of 2 events".into())),
    );
    assert!(app.export.running.is_none());
    assert!(app.status.as_ref().unwrap().error);
    press(&mut app, KeyCode::Esc);
    assert!(!app.export.open);
}

#[test]
fn association_change_reopens_inputs() {
    let mut app = started(3);
    select_field(&mut app, Field::Association);
    let fx = update(&mut app, key_msg(KeyCode::Right));
    assert!(matches!(fx.as_slice(), [Effect::Reopen { .. }]));
    assert_eq!(app.builder.params.association, "sim_fraction");
    assert_eq!(app.edit_params().association, "simScore");
    drive(&mut app, fx);
    assert_eq!(app.builder.params.association, "simScore");
    assert!(app.pending.is_none());
    assert!(app.summary.current());
    // An unknown branch is an error, and nothing changes.
    press(&mut app, KeyCode::Enter);
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "nope");
    press(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().unwrap().text.contains("pfCluster_nope"));
    assert_eq!(app.builder.params.association, "simScore");
}

#[test]
fn working_point_errors_are_shown() {
    let mut app = started(2);
    select_field(&mut app, Field::Wp);
    press(&mut app, KeyCode::Enter);
    type_str(&mut app, "/no/such/wp.json");
    press(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().unwrap().error);
    assert!(app.builder.params.wp.is_none());
    assert!(app.pending.is_none());
}

#[test]
fn memory_source_and_chained_inputs() {
    let cfg = SynthConfig::default();
    let a = MemSource::new("a", (0..3).map(|e| synth::event(&cfg, e)).collect());
    let b = MemSource::new("b", (3..5).map(|e| synth::event(&cfg, e)).collect());
    let inputs = Inputs::new(vec![Arc::new(a), Arc::new(b)]);
    assert_eq!(inputs.total(), 5);
    assert_eq!(inputs.locate(3), Some((1, 0)));
    let mut app = App::new(inputs, Builder::new(Params::default()).unwrap());
    let fx = start(&mut app);
    drive(&mut app, fx);
    press(&mut app, KeyCode::End);
    assert_eq!(app.file_name(), "b");
    assert_eq!(app.current_event().unwrap().id.entry, 4);
    assert_eq!(app.summary.result.as_ref().unwrap().events, 5);
}

#[test]
fn quit_and_help() {
    let mut app = started(1);
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    // Keys of other contexts do nothing while help is open.
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Esc);
    assert!(!app.help);
    let fx = press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
    assert!(matches!(fx.as_slice(), [Effect::Quit]));
}

#[test]
fn window_moves_typed_while_loading_apply_to_the_new_event() {
    let mut app = started(5);
    // n then ] before the load answers: the ] applies to event 1.
    let fx = update(&mut app, key_msg(KeyCode::Char('n')));
    update(&mut app, key_msg(KeyCode::Char(']')));
    update(&mut app, key_msg(KeyCode::Down));
    assert_eq!(app.window, 0);
    drive(&mut app, fx);
    assert_eq!(app.entry, 1);
    assert_eq!(app.window, 1);
    assert_eq!(app.row, 1.min(app.windows[1].clusters.len() - 1));
    assert!(app.deferred.is_empty());
}
