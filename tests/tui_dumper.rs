//! The inspector on real dumper ROOT files (the reader's PyROOT fixtures): open, browse,
//! summary, and the export key running the export driver.

mod common;
#[path = "root_read_support/mod.rs"]
mod support;

use crossterm::event::KeyCode;
use scwin::tui::headless::Headless;
use scwin::tui::open_inputs;
use scwin::windows::{Builder, Params};

#[test]
fn dumper_file_browse_summary_and_export() {
    let path = support::fixtures().file("dumper_zlib.root");
    let p = path.display().to_string();
    let inputs = open_inputs(std::slice::from_ref(&p)).unwrap();
    assert_eq!(inputs.total(), 60);
    let mut s = Headless::new(inputs, Builder::new(Params::default()).unwrap(), 160, 48);
    s.settle();
    let screen = s.screen();
    assert!(screen.contains("dumper_zlib.root"), "{screen}");
    assert!(screen.contains("event 1/60"), "{screen}");
    let sum = s.app.summary.result.clone().expect("summary");
    assert!(sum.events <= 60);
    // Browse every event: invalid ones are reported in the status line, never a crash.
    for _ in 0..60 {
        s.key(KeyCode::Char('n'));
        s.settle();
        let _ = s.screen();
    }
    assert_eq!(s.app.entry, 59);

    // Export through the driver: NDJSON (gzip) into a temporary directory.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
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
    assert!(msg.contains("windows"), "{msg}");
    assert!(out.join("dumper_zlib.ndjson.gz").is_file(), "{msg}");
    assert!(s.screen().contains(&format!(
        "scwin export --format ndjson -o {}",
        out.display()
    )));
}

#[test]
fn unreadable_inputs_are_errors_before_the_screen() {
    let e = open_inputs(&["/no/such/file.root".into()]).unwrap_err();
    assert!(format!("{e:#}").contains("/no/such/file.root"));
    let bad = support::fixtures().file("dumper_badtypes.root");
    let e = open_inputs(&[bad.display().to_string()]).unwrap_err();
    assert!(format!("{e:#}").contains("pfCluster"), "{e:#}");
}

#[test]
fn bundled_sample_headless() {
    // `scwin` without arguments opens the bundled sample.
    let inputs = open_inputs(&[]).unwrap();
    let names = inputs.names();
    assert!(
        names.iter().any(|n| n.ends_with(".root")),
        "no bundled sample: {names:?}"
    );
    let mut s = Headless::new(inputs, Builder::new(Params::default()).unwrap(), 160, 48);
    s.settle();
    assert!(s.app.load_error.is_none(), "{:?}", s.app.load_error);
    assert!(s.app.summary.current());
    let sum = s.app.summary.result.clone().unwrap();
    assert!(sum.windows > 0 && sum.classes[1] + sum.classes[2] > 0);
    assert!(sum.overall.n > 0 && sum.overall.median.is_finite());
    // Keys in: next event, only calo-matched windows, second row; background settles.
    s.keys("nc");
    s.key(KeyCode::Down);
    s.settle();
    assert!(s.app.current_window().is_none_or(|w| w.calo >= 0));
    let screen = s.screen();
    insta::assert_snapshot!("bundled_sample_160x48", screen);
    s.resize(80, 24);
    insta::assert_snapshot!("bundled_sample_80x24", s.screen());
}

#[test]
fn bundled_sample_export_command_has_no_inputs() {
    let mut s = Headless::new(
        open_inputs(&[]).unwrap(),
        Builder::new(Params::default()).unwrap(),
        120,
        40,
    );
    s.key(KeyCode::Char('e'));
    let screen = s.screen();
    assert!(
        screen.contains("scwin export --format ndjson -o scwin_out\n")
            || screen.contains("scwin export --format ndjson -o scwin_out "),
        "{screen}"
    );
    assert!(screen.contains("sample/"));
}
