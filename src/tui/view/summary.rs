//! The file summary: counts, label totals and the energy resolution of the current truth
//! definition per seed Et x |eta| bin (table), with the histogram of the ratio.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Widget};

use super::style as st;
use crate::tui::app::App;
use crate::tui::stats::{ET_EDGES, ETA_EDGES, HIST_RANGE, Summary};

fn pct(a: u64, n: u64) -> String {
    if n == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * a as f64 / n as f64)
    }
}

/// Thousands separators.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        "  -  ".into()
    }
}

/// Draws the summary panel.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let state = match (app.summary.progress, app.summary.current()) {
        (Some((d, t)), _) => format!(
            " file (recomputing {}% {}) ",
            (d * 100).checked_div(t).unwrap_or(100),
            app.spinner()
        ),
        (None, true) => " file ".to_string(),
        (None, false) if app.summary.error.is_some() => " file (failed: r retries) ".into(),
        (None, false) => " file (stale) ".into(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(st::DIM))
        .title(Span::styled(
            state,
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(s) = app.summary.result.as_deref() else {
        let msg = app
            .summary
            .error
            .clone()
            .unwrap_or_else(|| format!("reading {} events...", thousands(app.inputs.total())));
        buf.set_stringn(
            inner.x,
            inner.y,
            msg,
            inner.width as usize,
            Style::default().fg(st::DIM),
        );
        return;
    };
    let dim = Style::default().fg(st::DIM);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("events ", dim),
            Span::raw(thousands(s.events)),
            Span::styled("  windows ", dim),
            Span::raw(thousands(s.windows)),
            Span::styled("  class 0/1/2 ", dim),
            Span::raw(format!(
                "{} / {} / {}",
                pct(s.classes[0], s.windows),
                pct(s.classes[1], s.windows),
                pct(s.classes[2], s.windows)
            )),
            Span::styled("  cl/window ", dim),
            Span::raw(format!("{:.1}", s.clusters_per_window())),
            Span::styled("  disagree w/ MU ", dim),
            Span::raw(pct(s.disagree, s.windows)),
        ]),
        Line::from(vec![
            Span::styled("labels: ", dim),
            Span::raw(format!(
                "seed {}  calo {}  cseed {}  SC {}  geo {}  MU {}",
                thousands(s.labels.is_seed),
                thousands(s.labels.is_calo_matched),
                thousands(s.labels.is_calo_seed),
                thousands(s.labels.in_scluster),
                thousands(s.labels.in_geom_mustache),
                thousands(s.labels.in_mustache)
            )),
        ]),
    ];
    lines.push(Line::from(vec![Span::styled(
        format!(
            "sum(E_raw in SC)/E_true, calo-matched: median {} sigma_eff {} (N {})",
            num(s.overall.median),
            num(s.overall.sigma_eff),
            thousands(s.overall.n as u64)
        ),
        Style::default().fg(st::TITLE),
    )]));
    let head = lines.len() as u16;
    Paragraph::new(lines).render(
        Rect::new(inner.x, inner.y, inner.width, head.min(inner.height)),
        buf,
    );
    let rest = Rect::new(
        inner.x,
        inner.y + head.min(inner.height),
        inner.width,
        inner.height.saturating_sub(head),
    );
    if rest.height == 0 {
        return;
    }
    // Table on the left, histogram on the right when there is room.
    let table_w = 10 + 16 * (ETA_EDGES.len() as u16 - 1);
    let (ta, ha) = if rest.width >= table_w + 20 {
        (
            Rect::new(rest.x, rest.y, table_w, rest.height),
            Some(Rect::new(
                rest.x + table_w + 1,
                rest.y,
                rest.width - table_w - 1,
                rest.height,
            )),
        )
    } else {
        (rest, None)
    };
    resolution_table(s, ta, buf);
    if let Some(ha) = ha {
        histogram(s, ha, buf);
    }
}

fn resolution_table(s: &Summary, area: Rect, buf: &mut Buffer) {
    let dim = Style::default().fg(st::DIM);
    let mut head = vec![Span::styled(format!("{:<10}", "Et\\|eta|"), dim)];
    for i in 0..ETA_EDGES.len() - 1 {
        head.push(Span::styled(
            format!(
                "{:<16}",
                format!("{:.2}-{:.2}", ETA_EDGES[i], ETA_EDGES[i + 1])
            ),
            Style::default().fg(st::TITLE),
        ));
    }
    let mut lines = vec![Line::from(head)];
    for ie in 0..ET_EDGES.len() {
        let label = if ie + 1 < ET_EDGES.len() {
            format!("{:.0}-{:.0}", ET_EDGES[ie], ET_EDGES[ie + 1])
        } else {
            format!(">{:.0}", ET_EDGES[ie])
        };
        let mut row = vec![Span::styled(format!("{label:<10}"), dim)];
        for ia in 0..s.n_eta {
            let c = s.cells[ie * s.n_eta + ia];
            let text = if c.n == 0 {
                format!("{:<16}", "  .")
            } else {
                format!(
                    "{:<16}",
                    format!("{}/{} {}", num(c.median), num(c.sigma_eff), c.n)
                )
            };
            row.push(Span::raw(text));
        }
        lines.push(Line::from(row));
    }
    Paragraph::new(lines).render(area, buf);
}

fn histogram(s: &Summary, area: Rect, buf: &mut Buffer) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    let dim = Style::default().fg(st::DIM);
    buf.set_stringn(
        area.x,
        area.y,
        "ratio histogram (all bins)",
        area.width as usize,
        dim,
    );
    let bars = (area.width as usize).min(s.hist.len());
    // Rebin the histogram into `bars` bars.
    let per = s.hist.len().div_ceil(bars);
    let data: Vec<u64> = s.hist.chunks(per).map(|c| c.iter().sum()).collect();
    let h = area.height - 2;
    Sparkline::default()
        .data(&data)
        .style(Style::default().fg(st::Flag::InSc.color()))
        .render(Rect::new(area.x, area.y + 1, data.len() as u16, h), buf);
    let (lo, hi) = HIST_RANGE;
    let n = data.len();
    let y = area.y + 1 + h;
    buf.set_stringn(area.x, y, format!("{lo:.1}"), n, dim);
    let one = ((1.0 - lo) / (hi - lo) * n as f64) as usize;
    if one >= 4 && one + 3 < n {
        buf.set_string(area.x + one as u16, y, "|1.0", dim);
    }
    let right = format!("{hi:.1}");
    if one + 8 <= n {
        buf.set_string(area.x + (n - right.len()) as u16, y, right, dim);
    }
}
