//! The headless driver: the real update loop and background jobs on a test screen. Keys in,
//! wait for the background work, look at the screen.

use std::time::Instant;

use crossterm::event::KeyCode;
use scwin::tui::headless::Headless;
use scwin::tui::open_inputs;
use scwin::windows::{Builder, Params};

fn session(input: &str, w: u16, h: u16) -> Headless {
    let inputs = open_inputs(&[input.into()]).unwrap();
    Headless::new(inputs, Builder::new(Params::default()).unwrap(), w, h)
}

#[test]
fn browse_change_a_parameter_and_wait_for_the_summary() {
    let mut s = session("synth:60", 160, 48);
    s.settle();
    // Next event, third window, second cluster row.
    s.keys("n]]");
    s.key(KeyCode::Down);
    s.settle();
    assert_eq!(s.app.entry, 1);
    insta::assert_snapshot!("headless_browse_160x48", s.screen());
    // Raise the seed Et threshold in the parameters panel: fewer windows at once, and the
    // file summary recomputed in the background.
    let windows_before = s.app.summary.result.as_ref().unwrap().windows;
    s.key(KeyCode::Char('P'));
    for _ in 0..7 {
        s.key(KeyCode::Down);
    }
    for _ in 0..4 {
        s.key(KeyCode::Right); // min seed Et 1 -> 3 GeV
    }
    assert_eq!(s.app.builder.params.min_et_seed, 3.0);
    s.settle();
    assert!(s.app.summary.current());
    let windows_after = s.app.summary.result.as_ref().unwrap().windows;
    assert!(windows_after < windows_before);
    s.key(KeyCode::Esc);
    insta::assert_snapshot!("headless_min_et_3_160x48", s.screen());
}

#[test]
fn input_is_never_blocked_by_the_summary() {
    // A large input: the summary takes a while; navigation answers meanwhile.
    let mut s = session("synth:3000", 120, 40);
    s.pump_until(|a| a.event.is_some());
    assert!(s.app.summary.progress.is_some(), "summary still running");
    let t0 = Instant::now();
    s.key(KeyCode::Char('n'));
    s.pump_until(|a| a.event.as_ref().is_some_and(|(e, _)| *e == 1));
    let dt = t0.elapsed();
    assert!(s.app.summary.progress.is_some(), "summary still running");
    assert!(
        dt.as_millis() < 2000,
        "event load took {dt:?} behind the summary"
    );
    // Progress is shown while it runs.
    s.pump_until(|a| a.summary.progress.is_some_and(|(d, _)| d > 0));
    assert!(s.screen().contains("recomputing"));
    // A parameter change abandons the running summary: the newest request wins.
    let first = s.app.summary.req;
    s.key(KeyCode::Char('P'));
    s.key(KeyCode::Right); // mode -> compat
    assert!(s.app.summary.req > first);
    s.settle();
    assert!(s.app.summary.current());
    assert_eq!(s.app.summary.result_gen, s.app.summary.req);
    assert_eq!(s.app.summary.result.as_ref().unwrap().events, 3000);
}

#[test]
fn export_writes_ndjson_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut s = session("synth:30", 120, 40);
    s.settle();
    s.key(KeyCode::Char('e'));
    s.key(KeyCode::Char('o'));
    for _ in 0..20 {
        s.key(KeyCode::Backspace);
    }
    s.keys(out.to_str().unwrap());
    s.key(KeyCode::Enter);
    s.key(KeyCode::Enter);
    s.settle();
    let outcome = s.app.export.outcome.clone().unwrap();
    let msg = outcome.unwrap();
    assert!(msg.contains("windows from 30 events"), "{msg}");
    let text = std::fs::read_to_string(out.join("synth_30.ndjson")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len() as u64,
        s.app.summary.result.as_ref().unwrap().windows
    );
    assert!(lines[0].starts_with("{\"window_index\""));
    assert!(s.screen().contains("scwin export --format ndjson -o"));

    // A long export, cancelled with Esc: no output file left behind.
    let out2 = dir.path().join("out2");
    let mut s = session("synth:100000", 120, 40);
    s.pump_until(|a| a.event.is_some());
    s.key(KeyCode::Char('e'));
    s.key(KeyCode::Char('o'));
    for _ in 0..20 {
        s.key(KeyCode::Backspace);
    }
    s.keys(out2.to_str().unwrap());
    s.key(KeyCode::Enter);
    s.key(KeyCode::Enter);
    s.pump_until(|a| a.export.running.is_some_and(|(d, _)| d > 0));
    assert!(s.screen().contains("Esc cancels"));
    s.key(KeyCode::Esc);
    s.pump_until(|a| a.export.running.is_none());
    let r = s.app.export.outcome.clone().unwrap();
    assert!(r.unwrap_err().contains("cancelled"));
    assert!(!out2.join("synth_100000.ndjson").exists());
    s.key(KeyCode::Esc);
    assert!(!s.app.export.open);
    s.key(KeyCode::Char('q'));
    assert!(s.app.quit);
}
