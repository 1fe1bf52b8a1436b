//! The update function: messages in, state changed, effects out. Pure (no I/O, no threads,
//! no clock); the only computation it does itself is re-labelling the current event, which
//! takes well under a millisecond.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};

use super::app::{App, Prompt, PromptKind, Scale, Status, wp_label};
use super::fields::{FIELDS, Needs};
use super::keymap::{Action, lookup};
use super::msg::{Effect, ExportSpec, Msg};
use crate::windows::{Builder, Params};

/// The effects that start a session: load the first entry, compute the summary.
pub fn start(app: &mut App) -> Vec<Effect> {
    let mut fx = vec![load(app, 0)];
    fx.push(request_summary(app));
    fx
}

/// Should the screen be redrawn after `msg`? Ticks redraw only while something runs.
pub fn wants_redraw(app: &App, msg: &Msg) -> bool {
    match msg {
        Msg::Tick => app.loading || app.summary.progress.is_some() || app.export.running.is_some(),
        _ => true,
    }
}

/// Applies one message.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => key(app, k),
        Msg::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => act(app, Action::RowDown),
            MouseEventKind::ScrollUp => act(app, Action::RowUp),
            _ => vec![],
        },
        Msg::Resize => vec![],
        Msg::Tick => {
            app.ticks += 1;
            vec![]
        }
        Msg::Loaded { req, entry, result } => {
            if req != app.load_gen {
                return vec![];
            }
            app.loading = false;
            match result {
                Ok(ev) => {
                    app.entry = entry;
                    app.load_error = None;
                    app.event = Some((entry, ev));
                    rebuild(app, false);
                }
                Err(e) => {
                    // Stay on the entry that failed (so n/p step past it), show nothing.
                    app.entry = entry;
                    app.event = None;
                    app.windows.clear();
                    app.window = 0;
                    app.row = 0;
                    app.load_error = Some(e.clone());
                    error(app, e);
                }
            }
            replay(app)
        }
        Msg::SeekExhausted { req } => {
            if req == app.load_gen {
                app.loading = false;
                if let Some((shown, _)) = &app.event {
                    app.entry = *shown;
                }
                info(app, "no further event with a window passing the filter");
                return replay(app);
            }
            vec![]
        }
        Msg::SummaryProgress { req, done, total } => {
            if req == app.summary.req {
                app.summary.progress = Some((done, total));
            }
            vec![]
        }
        Msg::SummaryDone { req, result } => {
            if req == app.summary.req {
                app.summary.progress = None;
                match result {
                    Ok(s) => {
                        app.summary.result = Some(s);
                        app.summary.result_gen = req;
                        app.summary.error = None;
                    }
                    Err(e) => {
                        app.summary.error = Some(e.clone());
                        error(app, format!("file summary: {e}"));
                    }
                }
            }
            vec![]
        }
        Msg::WpLoaded { req, result } => {
            if req != app.wp_gen {
                return vec![];
            }
            let Some(params) = app.pending.take() else {
                return vec![];
            };
            match result {
                Ok(map) => {
                    app.builder = Builder { params, wp: map };
                    app.wp_label = wp_label(&app.builder);
                    info(app, format!("working point: {}", app.builder.wp.source));
                    params_changed(app)
                }
                Err(e) => {
                    error(app, e);
                    vec![]
                }
            }
        }
        Msg::Reopened { req, result } => {
            if req != app.reopen_gen {
                return vec![];
            }
            let Some(params) = app.pending.take() else {
                return vec![];
            };
            match result {
                Ok(inputs) => {
                    app.inputs = inputs;
                    app.builder.params = params;
                    info(
                        app,
                        format!("association: {}", app.builder.params.association_branch()),
                    );
                    let entry = app.entry;
                    let mut fx = vec![load(app, entry)];
                    fx.push(request_summary(app));
                    fx
                }
                Err(e) => {
                    error(app, e);
                    vec![]
                }
            }
        }
        Msg::Saved(r) => {
            match r {
                Ok(path) => {
                    info(
                        app,
                        format!(
                            "parameters saved to {} (scwin export --config)",
                            path.display()
                        ),
                    );
                    app.config_path = path;
                    app.config_saved = true;
                }
                Err(e) => error(app, e),
            }
            vec![]
        }
        Msg::ExportProgress { done, total } => {
            if app.export.running.is_some() {
                app.export.running = Some((done, total));
            }
            vec![]
        }
        Msg::ExportDone(r) => {
            app.export.running = None;
            match &r {
                Ok(s) => info(app, format!("export: {s}")),
                Err(e) => error(app, format!("export: {e}")),
            }
            app.export.outcome = Some(r);
            vec![]
        }
    }
}

fn info(app: &mut App, text: impl Into<String>) {
    app.status = Some(Status {
        text: text.into(),
        error: false,
    });
}

fn error(app: &mut App, text: impl Into<String>) {
    app.status = Some(Status {
        text: text.into(),
        error: true,
    });
}

fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if k.kind == crossterm::event::KeyEventKind::Release {
        return vec![];
    }
    let ctx = app.ctx();
    match lookup(ctx, &k) {
        Some(a) => act(app, a),
        None => {
            if let (Some(p), KeyCode::Char(c)) = (app.prompt.as_mut(), k.code)
                && !k.modifiers.contains(KeyModifiers::CONTROL)
            {
                p.text.push(c);
            }
            vec![]
        }
    }
}

/// Replays the moves deferred while an event was loading.
fn replay(app: &mut App) -> Vec<Effect> {
    let mut fx = Vec::new();
    for a in std::mem::take(&mut app.deferred) {
        fx.extend(act(app, a));
    }
    fx
}

/// Performs one action of the key map.
pub fn act(app: &mut App, a: Action) -> Vec<Effect> {
    if app.loading
        && matches!(
            a,
            Action::NextWindow | Action::PrevWindow | Action::RowUp | Action::RowDown
        )
    {
        app.deferred.push(a);
        return vec![];
    }
    match a {
        Action::Quit => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Action::NextEvent => step_event(app, true),
        Action::PrevEvent => step_event(app, false),
        Action::FirstEvent => vec![load(app, 0)],
        Action::LastEvent => {
            let last = app.inputs.total().saturating_sub(1);
            vec![load(app, last)]
        }
        Action::GoTo => {
            app.prompt = Some(Prompt {
                kind: PromptKind::GoTo { by_id: false },
                text: String::new(),
            });
            vec![]
        }
        Action::NextWindow => {
            step_window(app, true);
            vec![]
        }
        Action::PrevWindow => {
            step_window(app, false);
            vec![]
        }
        Action::RowUp => {
            app.row = app.row.saturating_sub(1);
            vec![]
        }
        Action::RowDown => {
            let n = app.current_window().map_or(0, |w| w.clusters.len());
            app.row = (app.row + 1).min(n.saturating_sub(1));
            vec![]
        }
        Action::CycleFilter => {
            app.filter = match (app.filter.calo, app.filter.disagree) {
                (false, false) => super::msg::Filter {
                    calo: true,
                    disagree: false,
                },
                (true, false) => super::msg::Filter {
                    calo: false,
                    disagree: true,
                },
                (false, true) => super::msg::Filter {
                    calo: true,
                    disagree: true,
                },
                (true, true) => super::msg::Filter::default(),
            };
            filter_changed(app);
            vec![]
        }
        Action::FilterCalo => {
            app.filter.calo = !app.filter.calo;
            filter_changed(app);
            vec![]
        }
        Action::FilterDisagree => {
            app.filter.disagree = !app.filter.disagree;
            filter_changed(app);
            vec![]
        }
        Action::ToggleScale => {
            app.scale = match app.scale {
                Scale::Log => Scale::Linear,
                Scale::Linear => Scale::Log,
            };
            vec![]
        }
        Action::FocusParams => {
            app.params_focus = true;
            vec![]
        }
        Action::ToggleSummary => {
            app.show_summary = !app.show_summary;
            vec![]
        }
        Action::Recompute => vec![request_summary(app)],
        Action::OpenExport => {
            app.export.open = true;
            vec![]
        }
        Action::SaveParams => {
            app.prompt = Some(Prompt {
                kind: PromptKind::SavePath,
                text: app.config_path.display().to_string(),
            });
            vec![]
        }
        Action::Help => {
            app.help = true;
            vec![]
        }
        Action::CloseHelp => {
            app.help = false;
            app.help_scroll = 0;
            vec![]
        }
        Action::HelpUp => {
            app.help_scroll = app.help_scroll.saturating_sub(1);
            vec![]
        }
        Action::HelpDown => {
            let lines = super::keymap::help()
                .iter()
                .map(|(_, l)| l.len() + 1)
                .sum::<usize>() as u16;
            app.help_scroll = (app.help_scroll + 1).min(lines.saturating_sub(1));
            vec![]
        }
        Action::ToggleMouse => {
            app.mouse = !app.mouse;
            info(app, if app.mouse { "mouse on" } else { "mouse off" });
            vec![Effect::SetMouse(app.mouse)]
        }
        Action::FieldUp => {
            app.field = app.field.checked_sub(1).unwrap_or(FIELDS.len() - 1);
            vec![]
        }
        Action::FieldDown => {
            app.field = (app.field + 1) % FIELDS.len();
            vec![]
        }
        Action::ValueDec | Action::ValueInc | Action::ResetValue => {
            let f = FIELDS[app.field];
            let mut p = app.edit_params().clone();
            match a {
                Action::ValueDec => f.step(&mut p, -1),
                Action::ValueInc => f.step(&mut p, 1),
                _ => f.reset(&mut p),
            }
            set_params(app, p, f.needs())
        }
        Action::EditValue => {
            let f = FIELDS[app.field];
            app.prompt = Some(Prompt {
                kind: PromptKind::Edit(f),
                text: f.text(app.edit_params()),
            });
            vec![]
        }
        Action::Back => {
            app.params_focus = false;
            vec![]
        }
        Action::CycleFormat => {
            app.export.formats = app.export.formats.next();
            vec![]
        }
        Action::EditOutDir => {
            app.prompt = Some(Prompt {
                kind: PromptKind::ExportDir,
                text: app.export.out_dir.clone(),
            });
            vec![]
        }
        Action::StartExport => start_export(app),
        Action::CancelExport => {
            if app.export.running.is_some() {
                info(app, "cancelling the export...");
                vec![Effect::CancelExport]
            } else {
                app.export.open = false;
                vec![]
            }
        }
        Action::Confirm => confirm(app),
        Action::Cancel => {
            app.prompt = None;
            vec![]
        }
        Action::ToggleGoToKind => {
            if let Some(Prompt {
                kind: PromptKind::GoTo { by_id },
                ..
            }) = app.prompt.as_mut()
            {
                *by_id = !*by_id;
            }
            vec![]
        }
        Action::DeleteChar => {
            if let Some(p) = app.prompt.as_mut() {
                p.text.pop();
            }
            vec![]
        }
    }
}

/// Requests global entry `entry` (clamped into the inputs).
fn load(app: &mut App, entry: u64) -> Effect {
    let entry = entry.min(app.inputs.total().saturating_sub(1));
    app.load_gen += 1;
    app.loading = true;
    app.entry = entry;
    Effect::Load {
        req: app.load_gen,
        inputs: app.inputs.clone(),
        entry,
    }
}

fn request_summary(app: &mut App) -> Effect {
    app.summary.req += 1;
    app.summary.progress = Some((0, app.inputs.total()));
    Effect::Summary {
        req: app.summary.req,
        inputs: app.inputs.clone(),
        builder: app.builder.clone(),
    }
}

/// Next / previous event; with a filter, the next event with a passing window (from the
/// summary's per-entry counts when they are current, else by a background seek).
fn step_event(app: &mut App, forward: bool) -> Vec<Effect> {
    let total = app.inputs.total();
    let from = app.entry;
    if !app.filter.any() {
        let next = if forward {
            if from + 1 >= total {
                info(app, "last event");
                return vec![];
            }
            from + 1
        } else {
            if from == 0 {
                info(app, "first event");
                return vec![];
            }
            from - 1
        };
        return vec![load(app, next)];
    }
    if app.summary.current()
        && let Some(s) = app.summary.result.clone()
    {
        let f = app.filter;
        let ok = |i: u64| {
            s.per_entry
                .get(i as usize)
                .is_some_and(|c| match (f.calo, f.disagree) {
                    (true, false) => c.calo > 0,
                    (false, true) => c.disagree > 0,
                    _ => c.both > 0,
                })
        };
        let found = if forward {
            (from + 1..total).find(|&i| ok(i))
        } else {
            (0..from).rev().find(|&i| ok(i))
        };
        return match found {
            Some(e) => vec![load(app, e)],
            None => {
                info(app, "no further event with a window passing the filter");
                vec![]
            }
        };
    }
    app.load_gen += 1;
    app.loading = true;
    vec![Effect::Seek {
        req: app.load_gen,
        inputs: app.inputs.clone(),
        builder: app.builder.clone(),
        from,
        forward,
        filter: app.filter,
    }]
}

fn step_window(app: &mut App, forward: bool) {
    let vis = app.visible();
    if vis.is_empty() {
        info(app, "no window passes the filter in this event");
        return;
    }
    let pos = vis.iter().position(|&i| i == app.window);
    let next = match (pos, forward) {
        (None, true) => vis
            .iter()
            .copied()
            .find(|&i| i > app.window)
            .or(vis.first().copied()),
        (None, false) => vis
            .iter()
            .rev()
            .copied()
            .find(|&i| i < app.window)
            .or(vis.last().copied()),
        (Some(p), true) if p + 1 < vis.len() => Some(vis[p + 1]),
        (Some(p), false) if p > 0 => Some(vis[p - 1]),
        _ => None,
    };
    match next {
        Some(i) => {
            app.window = i;
            app.row = 0;
        }
        None => info(
            app,
            if forward {
                "last window of this event (n: next event)"
            } else {
                "first window of this event (p: previous event)"
            },
        ),
    }
}

/// After a filter change: keep the current window if it passes, else go to the first one
/// that does.
fn filter_changed(app: &mut App) {
    if app.current_window().is_none()
        && let Some(&i) = app.visible().first()
    {
        app.window = i;
        app.row = 0;
    }
    let f = app.filter;
    let text = match (f.calo, f.disagree) {
        (false, false) => "filter: none",
        (true, false) => "filter: calo-matched windows",
        (false, true) => "filter: windows disagreeing with the Mustache SC",
        (true, true) => "filter: calo-matched and disagreeing",
    };
    info(app, text);
}

/// Re-labels the current event with the current parameters. With `keep_seed`, stays on the
/// window of the same seed when it still exists.
pub fn rebuild(app: &mut App, keep_seed: bool) {
    let seed = app.windows.get(app.window).map(|w| w.seed);
    app.windows = match &app.event {
        Some((_, ev)) => app.builder.build(&ev.view()),
        None => Vec::new(),
    };
    let same = if keep_seed {
        seed.and_then(|s| app.windows.iter().position(|w| w.seed == s))
    } else {
        None
    };
    match same {
        Some(i) if app.passes(&app.windows[i]) => {
            app.window = i;
            let n = app.windows[i].clusters.len();
            app.row = app.row.min(n.saturating_sub(1));
        }
        _ => {
            app.window = app.visible().first().copied().unwrap_or(0);
            app.row = 0;
        }
    }
}

/// Applies edited parameters: at once when only the builder changes, after loading the
/// working point or re-opening the inputs otherwise.
fn set_params(app: &mut App, p: Params, needs: Needs) -> Vec<Effect> {
    app.config_saved = false;
    if app.pending.is_some() {
        // A load is in flight: these parameters apply when it finishes.
        let needs_more = match needs {
            Needs::ReloadWp => {
                app.wp_gen += 1;
                Some(Effect::LoadWp {
                    req: app.wp_gen,
                    path: p.wp.clone(),
                    hist: p.wp_hist.clone(),
                })
            }
            Needs::Reopen => {
                app.reopen_gen += 1;
                Some(Effect::Reopen {
                    req: app.reopen_gen,
                    inputs: app.inputs.clone(),
                    association: p.association.clone(),
                })
            }
            Needs::Rebuild => None,
        };
        app.pending = Some(p);
        return needs_more.into_iter().collect();
    }
    match needs {
        Needs::Rebuild => {
            app.builder.params = p;
            app.wp_label = wp_label(&app.builder);
            params_changed(app)
        }
        Needs::ReloadWp => {
            app.wp_gen += 1;
            let fx = Effect::LoadWp {
                req: app.wp_gen,
                path: p.wp.clone(),
                hist: p.wp_hist.clone(),
            };
            app.pending = Some(p);
            vec![fx]
        }
        Needs::Reopen => {
            app.reopen_gen += 1;
            let fx = Effect::Reopen {
                req: app.reopen_gen,
                inputs: app.inputs.clone(),
                association: p.association.clone(),
            };
            app.pending = Some(p);
            vec![fx]
        }
    }
}

/// The builder changed: re-label now, recompute the summary in the background.
fn params_changed(app: &mut App) -> Vec<Effect> {
    rebuild(app, true);
    vec![request_summary(app)]
}

fn confirm(app: &mut App) -> Vec<Effect> {
    let Some(prompt) = app.prompt.take() else {
        return vec![];
    };
    let text = prompt.text.trim().to_string();
    match prompt.kind {
        PromptKind::GoTo { by_id } => {
            let Ok(n) = text.parse::<i64>() else {
                error(app, format!("go to: not a number: {text:?}"));
                return vec![];
            };
            if !by_id {
                if n < 0 || n as u64 >= app.inputs.total() {
                    error(
                        app,
                        format!("go to: entry {n} out of range (0..{})", app.inputs.total()),
                    );
                    return vec![];
                }
                return vec![load(app, n as u64)];
            }
            let found = app.summary.result.as_ref().map(|s| s.entry_of_event(n));
            match found {
                Some(Some(e)) => vec![load(app, e)],
                Some(None) => {
                    error(app, format!("go to: no event id {n} in the inputs"));
                    vec![]
                }
                None => {
                    error(
                        app,
                        "go to event id: the event index comes with the file summary; wait for it",
                    );
                    vec![]
                }
            }
        }
        PromptKind::Edit(f) => {
            let mut p = app.edit_params().clone();
            match f.set(&mut p, &text) {
                Ok(()) => set_params(app, p, f.needs()),
                Err(e) => {
                    error(app, e);
                    vec![]
                }
            }
        }
        PromptKind::SavePath => {
            if text.is_empty() {
                error(app, "save: empty path");
                return vec![];
            }
            vec![Effect::Save {
                path: PathBuf::from(text),
                text: app.builder.params.to_toml(),
            }]
        }
        PromptKind::ExportDir => {
            app.export.out_dir = text;
            vec![]
        }
    }
}

fn start_export(app: &mut App) -> Vec<Effect> {
    if app.export.running.is_some() {
        info(app, "an export is already running (Esc cancels it)");
        return vec![];
    }
    if app.export.out_dir.trim().is_empty() {
        error(app, "export: choose an output directory (o)");
        return vec![];
    }
    let mut fx = Vec::new();
    app.export.running = Some((0, app.inputs.total()));
    app.export.outcome = None;
    fx.push(Effect::Export(ExportSpec {
        inputs: app.inputs.clone(),
        params: app.builder.params.clone(),
        builder: app.builder.clone(),
        formats: app.export.formats,
        out_dir: PathBuf::from(app.export.out_dir.trim()),
    }));
    fx
}

/// Convenience for tests and the headless driver: a key press as a message.
pub fn key_msg(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
