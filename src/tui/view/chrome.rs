//! Everything around the panels: the header, the legend, the status line, the key hints,
//! the text prompt and the export dialog.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Widget, Wrap};

use super::centered;
use super::style::{self as st, FLAGS, Flag};
use crate::tui::app::{App, PromptKind, Scale};
use crate::tui::cli::{Formats, export_command};
use crate::tui::keymap::{Ctx, hints as key_hints};
use crate::windows::Mode;

/// The header: file, event i/N (run/lumi/event), window k/M, seed, class, mode, wp.
pub fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let total = app.inputs.total();
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().fg(st::DIM);
    let mut spans = vec![
        Span::styled(
            " scwin ",
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(" {} ", app.file_name())),
        Span::styled(" event ", dim),
        Span::styled(format!("{}/{}", app.entry + 1, total), bold),
    ];
    if let Some(ev) = app.current_event() {
        let id = ev.id;
        if let (Some(r), Some(l), Some(e)) = (id.run, id.lumi, id.event) {
            spans.push(Span::styled(format!(" (run {r} lumi {l} event {e})"), dim));
        }
    }
    if app.loading {
        spans.push(Span::raw(format!(" {}", app.spinner())));
    }
    let vis = app.visible();
    let k = vis
        .iter()
        .position(|&i| i == app.window)
        .map_or(0, |p| p + 1);
    spans.push(Span::styled("  window ", dim));
    spans.push(Span::styled(format!("{k}/{}", vis.len()), bold));
    if vis.len() != app.windows.len() {
        spans.push(Span::styled(format!(" (of {})", app.windows.len()), dim));
    }
    if let Some(w) = app.current_window() {
        spans.push(Span::styled("  seed ", dim));
        spans.push(Span::raw(format!("#{}", w.seed)));
        spans.push(Span::styled("  class ", dim));
        spans.push(Span::styled(w.class().to_string(), bold));
    }
    spans.push(Span::styled("  ", dim));
    spans.push(Span::raw(match app.builder.params.mode {
        Mode::Compat => "compat",
        Mode::Fixed => "fixed",
    }));
    spans.push(Span::styled("  wp: ", dim));
    spans.push(Span::raw(app.wp_label.clone()));
    if app.filter.any() {
        spans.push(Span::styled(
            format!(
                "  filter: {}{}",
                if app.filter.calo { "calo " } else { "" },
                if app.filter.disagree { "disagree" } else { "" }
            ),
            Style::default().fg(Flag::CaloBelow.color()),
        ));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// The legend's text: glyphs and colours of every flag, the marks, and the scale.
pub fn legend_line(app: &App) -> Line<'static> {
    let mut spans = vec![
        Span::styled(
            match app.scale {
                Scale::Log => " scale: log ",
                Scale::Linear => " scale: linear ",
            },
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::styled("| ", Style::default().fg(st::DIM)),
    ];
    for f in FLAGS {
        let g = if f == Flag::Other {
            ".:*%".to_string()
        } else {
            f.glyph(3).to_string()
        };
        spans.push(Span::styled(g, f.style(3)));
        spans.push(Span::raw(format!(" {}  ", f.describe())));
    }
    spans.push(Span::styled(
        "X",
        Style::default()
            .fg(st::CALO_COLOR)
            .add_modifier(Modifier::BOLD),
    ));
    spans.push(Span::raw(" CaloParticle  "));
    spans.push(Span::styled(
        st::MUSTACHE_GLYPH.to_string(),
        Style::default().fg(st::MUSTACHE_FG),
    ));
    spans.push(Span::raw(" Mustache (E of row)  "));
    spans.push(Span::styled(
        st::WINDOW_GLYPH.to_string(),
        Style::default().fg(st::WINDOW_FG).bg(st::WINDOW_BG),
    ));
    spans.push(Span::raw(" window"));
    Line::from(spans)
}

pub fn legend(_app: &App, line: Line<'static>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(line)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The status line: the last message, else what runs in the background.
pub fn status(app: &App, area: Rect, buf: &mut Buffer) {
    let line = if let Some(s) = &app.status {
        let style = if s.error {
            Style::default().fg(st::ERROR).add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(st::OK)
        };
        Line::from(Span::styled(format!(" {}", s.text), style))
    } else {
        let mut parts = Vec::new();
        if let Some((d, t)) = app.summary.progress {
            parts.push(format!("file summary {}/{} events {}", d, t, app.spinner()));
        }
        if let Some((d, t)) = app.export.running {
            parts.push(format!("export {d}/{t} events"));
        }
        if parts.is_empty() {
            parts.push("ready".into());
        }
        Line::from(Span::styled(
            format!(" {}", parts.join("   ")),
            Style::default().fg(st::DIM),
        ))
    };
    Paragraph::new(line).render(area, buf);
}

/// The key hints of the current context, from the key map.
pub fn hints(app: &App, area: Rect, buf: &mut Buffer) {
    let ctx = app.ctx();
    let mut spans = Vec::new();
    for (keys, hint) in key_hints(ctx) {
        if ctx == Ctx::Prompt
            && hint == "entry/event id"
            && !matches!(
                app.prompt.as_ref().map(|p| &p.kind),
                Some(PromptKind::GoTo { .. })
            )
        {
            continue;
        }
        spans.push(Span::styled(
            format!(" {keys}"),
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    Paragraph::new(Line::from(spans))
        .style(Style::default().bg(st::SELECT_BG))
        .render(area, buf);
}

/// The text prompt, a one-line box in the middle.
pub fn prompt(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(p) = &app.prompt else { return };
    let title = match &p.kind {
        PromptKind::GoTo { by_id: false } => " go to entry (Tab: event id) ".to_string(),
        PromptKind::GoTo { by_id: true } => " go to event id (Tab: entry) ".to_string(),
        PromptKind::Edit(f) => format!(" {} ", f.label()),
        PromptKind::SavePath => " save parameters to (TOML) ".to_string(),
        PromptKind::ExportDir => " export output directory ".to_string(),
    };
    let rect = centered(area, 60, 3);
    Clear.render(rect, buf);
    Paragraph::new(Line::from(vec![
        Span::raw(p.text.clone()),
        Span::styled("_", Style::default().add_modifier(Modifier::SLOW_BLINK)),
    ]))
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(Style::default().fg(st::TITLE))
            .title(title),
    )
    .render(rect, buf);
}

/// The export dialog: formats, output directory, command line, progress.
pub fn export_dialog(app: &App, area: Rect, buf: &mut Buffer) {
    let rect = centered(area, 100, 12);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(st::TITLE))
        .title(" export the whole input with the current parameters ");
    let inner = block.inner(rect);
    block.render(rect, buf);
    let e = &app.export;
    let fmt = |f: Formats, name: &str| {
        let on = e.formats == f;
        Span::styled(
            format!(" [{}] {name} ", if on { 'x' } else { ' ' }),
            if on {
                Style::default().add_modifier(Modifier::BOLD).fg(st::OK)
            } else {
                Style::default().fg(st::DIM)
            },
        )
    };
    let cmd = export_command(
        &app.builder.params,
        e.formats,
        &e.out_dir,
        &app.inputs.command_args(),
    );
    let dim = Style::default().fg(st::DIM);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("format ", dim),
            fmt(Formats::Ndjson, "NDJSON"),
            fmt(Formats::Tfrecord, "TFRecord"),
            fmt(Formats::Both, "both"),
        ]),
        Line::from(vec![
            Span::styled("output ", dim),
            Span::raw(e.out_dir.clone()),
        ]),
        Line::from(Span::styled("the same in batch:", dim)),
        Line::from(Span::styled(
            cmd,
            Style::default().add_modifier(Modifier::BOLD),
        )),
    ];
    match &e.outcome {
        Some(Ok(s)) => lines.push(Line::from(Span::styled(
            s.clone(),
            Style::default().fg(st::OK),
        ))),
        Some(Err(s)) => lines.push(Line::from(Span::styled(
            s.clone(),
            Style::default().fg(st::ERROR),
        ))),
        None => {}
    }
    let text_h = inner.height.saturating_sub(2);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(Rect::new(inner.x, inner.y, inner.width, text_h), buf);
    let gauge_area = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
    match e.running {
        Some((d, t)) => {
            let ratio = if t == 0 { 0.0 } else { d as f64 / t as f64 };
            Gauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(format!("{d}/{t} events  (Esc cancels)"))
                .gauge_style(Style::default().fg(Flag::InSc.color()).bg(st::SELECT_BG))
                .render(gauge_area, buf);
        }
        None => {
            buf.set_stringn(
                gauge_area.x,
                gauge_area.y,
                "Enter starts   Tab format   o output dir   Esc closes",
                gauge_area.width as usize,
                dim,
            );
        }
    }
}
