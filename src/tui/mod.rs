//! The inspector: a terminal UI to see, event by event and over whole files, what the window
//! builder and its truth labels do with the current parameters (`shared/spec/tui.md`).
//!
//! Elm-style, one-way: [`app::App`] is the state, [`msg::Msg`] what happens,
//! [`update::update`] the pure transition (returning [`msg::Effect`]s), [`view::view`] the
//! drawing. One channel carries input events, background results ([`jobs`]) and ticks into
//! the loop of [`run`]; the screen is redrawn only when a message changed something.
//! [`headless::Headless`] drives the same loop with a test backend.

pub mod app;
pub mod cli;
pub mod dumper_source;
pub mod fields;
pub mod geom;
pub mod headless;
pub mod jobs;
pub mod keymap;
pub mod msg;
pub mod source;
pub mod stats;
pub mod synth;
pub mod terminal;
pub mod update;
pub mod view;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use crossbeam_channel::{Sender, unbounded};
use crossterm::event::Event as TermEvent;

use crate::windows::{Builder, Params};
use app::App;
use jobs::Jobs;
use msg::{Effect, Msg};
use source::{EventSource, Inputs};
use synth::{SynthConfig, SynthSource};

/// Entries of the synthetic input shown when no file is given and no sample exists.
pub const DEMO_ENTRIES: u64 = 300;

/// Opens one input: `synth:N` is N synthetic events; anything else is a dumper file.
pub fn open_source(path: &str) -> anyhow::Result<Arc<dyn EventSource>> {
    if let Some(n) = path.strip_prefix("synth:") {
        let n: u64 = n
            .parse()
            .with_context(|| format!("{path}: expected synth:<number of events>"))?;
        return Ok(Arc::new(SynthSource::new(n, SynthConfig::default())));
    }
    let src = dumper_source::DumperSource::open(std::path::Path::new(path), "sim_fraction")
        .map_err(|e| anyhow::anyhow!(e))?;
    Ok(Arc::new(src))
}

/// Opens the inputs of `scwin [FILE...]`: files, directories (every `*.root` inside) or
/// globs, and `synth:N`. No input = the bundled sample, or synthetic events when there is no
/// sample.
pub fn open_inputs(paths: &[String]) -> anyhow::Result<Inputs> {
    if paths.is_empty() {
        return match crate::cli::inputs::bundled_sample() {
            Ok(files) => {
                let sources = files
                    .iter()
                    .map(|f| -> anyhow::Result<Arc<dyn EventSource>> {
                        let shown = format!(
                            "sample/{}",
                            f.file_name().unwrap_or_default().to_string_lossy()
                        );
                        let src = dumper_source::DumperSource::open_named(f, "sim_fraction", shown)
                            .map_err(|e| anyhow::anyhow!(e))?;
                        Ok(Arc::new(src))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                let mut inputs = Inputs::new(sources);
                inputs.bundled = true;
                Ok(inputs)
            }
            Err(_) => open_inputs(&[format!("synth:{DEMO_ENTRIES}")]),
        };
    }
    let mut names: Vec<String> = Vec::new();
    for p in paths {
        if p.starts_with("synth:") {
            names.push(p.clone());
        } else {
            let files = crate::cli::inputs::expand(std::slice::from_ref(p))?;
            names.extend(files.iter().map(|f| f.display().to_string()));
        }
    }
    let sources = names
        .iter()
        .map(|p| open_source(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Inputs::new(sources))
}

/// Runs the inspector on the terminal until the user quits.
pub fn run(paths: &[String]) -> anyhow::Result<()> {
    let inputs = open_inputs(paths)?;
    let builder = Builder::new(Params::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut app = App::new(inputs, builder);
    let (tx, rx) = unbounded();
    let jobs = Jobs::new(tx.clone());
    let mut terminal = terminal::init().context("cannot set up the terminal")?;
    let _guard = terminal::Guard;
    spawn_input(tx.clone());
    spawn_tick(tx);
    for fx in update::start(&mut app) {
        jobs.perform(fx);
    }
    terminal.draw(|f| view::view(&app, f))?;
    // Test hook (tests/tui_tmux.sh): panic after the first frame, to check that the panic
    // hook restores the terminal.
    if std::env::var_os("SCWIN_TEST_PANIC").is_some() {
        panic!("SCWIN_TEST_PANIC set: panicking on purpose");
    }
    loop {
        let Ok(first) = rx.recv() else { break };
        let mut redraw = handle(&mut app, &jobs, first);
        // Coalesce: everything already queued is applied before one redraw.
        while let Ok(m) = rx.try_recv() {
            redraw |= handle(&mut app, &jobs, m);
        }
        if app.quit {
            break;
        }
        if redraw {
            terminal.draw(|f| view::view(&app, f))?;
        }
    }
    jobs.shutdown();
    Ok(())
}

/// Applies one message and performs its effects; true if the screen must be redrawn.
fn handle(app: &mut App, jobs: &Jobs, m: Msg) -> bool {
    let redraw = update::wants_redraw(app, &m);
    for fx in update::update(app, m) {
        match fx {
            Effect::SetMouse(on) => {
                if let Err(e) = terminal::set_mouse(on) {
                    app.status = Some(app::Status {
                        text: format!("mouse: {e}"),
                        error: true,
                    });
                }
            }
            Effect::Quit => app.quit = true,
            other => jobs.perform(other),
        }
    }
    redraw
}

/// The input thread: terminal events into the channel.
fn spawn_input(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match crossterm::event::read() {
                Ok(TermEvent::Key(k)) => Msg::Key(k),
                Ok(TermEvent::Mouse(m)) => Msg::Mouse(m),
                Ok(TermEvent::Resize(..)) => Msg::Resize,
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
}

/// The tick thread: spinners and progress redraws while work runs.
fn spawn_tick(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        while tx.send(Msg::Tick).is_ok() {
            std::thread::sleep(Duration::from_millis(200));
        }
    });
}
