//! The current window's cluster table (a row per cluster: flag glyph, index, Et, deta, dphi,
//! calo score, threshold of the seed's bin, every label) and the seed's features below it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

use super::grid::level;
use super::style::{self as st, Flag};
use crate::dumper::OwnedEvent;
use crate::tui::app::App;
use crate::windows::Window;

/// Rows kept for the seed features under the table.
const SEED_ROWS: u16 = 4;

/// Draws the table panel.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let vis = app.visible();
    let win = app.current_window();
    let title = match win {
        Some(w) => {
            let k = vis
                .iter()
                .position(|&i| i == app.window)
                .map_or(0, |p| p + 1);
            format!(
                " window {k}/{}: seed #{}  Et {:.1}  eta {:.3}  phi {:.3} ",
                vis.len(),
                w.seed,
                w.et_seed,
                w.seed_eta,
                w.seed_phi
            )
        }
        None => " window - ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(st::DIM))
        .title(Span::styled(
            title,
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let (Some(w), Some(ev)) = (win, app.current_event()) else {
        return;
    };
    let seed_rows = if inner.height >= 10 { SEED_ROWS } else { 0 };
    let table_area = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(seed_rows),
    );
    cluster_table(app, w, ev, table_area, buf);
    if seed_rows > 0 {
        let seed_area = Rect::new(inner.x, inner.bottom() - seed_rows, inner.width, seed_rows);
        seed_features(w, ev, seed_area, buf);
    }
}

fn yes(b: bool) -> Cell<'static> {
    if b {
        Cell::from("*").style(Style::default().add_modifier(Modifier::BOLD))
    } else {
        Cell::from(".").style(Style::default().fg(st::DIM))
    }
}

fn cluster_table(app: &App, w: &Window, ev: &OwnedEvent, area: Rect, buf: &mut Buffer) {
    let header = Row::new([
        "", "#", "Et", "deta", "dphi", "score", "thr", "seed", "calo", "cs", "SC", "geo", "MU",
    ])
    .style(Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD));
    let emax = w
        .clusters
        .iter()
        .map(|c| ev.cl_raw_energy[c.index] as f64)
        .fold(0.0, f64::max);
    let rows = w.clusters.iter().map(|c| {
        let flag = Flag::of(c);
        let e = ev.cl_raw_energy[c.index] as f64;
        let et = e / (ev.cl_eta[c.index] as f64).cosh();
        let lv = level(e, app.scale, emax);
        let score = if c.calo_score < 0.0 {
            "-1".to_string()
        } else {
            format!("{:.4}", c.calo_score)
        };
        let thr = if c.is_calo_matched {
            format!("{:.4}", w.threshold)
        } else {
            "-".to_string()
        };
        Row::new(vec![
            Cell::from(flag.glyph(lv).to_string()).style(flag.style(lv)),
            Cell::from(c.index.to_string()),
            Cell::from(format!("{et:.2}")),
            Cell::from(format!("{:+.3}", c.deta)),
            Cell::from(format!("{:+.3}", c.dphi)),
            Cell::from(score),
            Cell::from(thr),
            yes(c.is_seed),
            yes(c.is_calo_matched),
            yes(c.is_calo_seed),
            yes(c.in_scluster),
            yes(c.in_geom_mustache),
            yes(c.in_mustache),
        ])
        .style(Style::default().fg(if flag == Flag::Other {
            st::DIM
        } else {
            flag.color()
        }))
    });
    let widths = [
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Length(2),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(
            Style::default()
                .bg(st::SELECT_BG)
                .add_modifier(Modifier::BOLD),
        )
        .highlight_symbol(">");
    let visible = area.height.saturating_sub(1) as usize;
    let offset = app.row.saturating_sub(visible.saturating_sub(1));
    let mut state = TableState::default()
        .with_selected(Some(app.row))
        .with_offset(offset);
    StatefulWidget::render(table, area, buf, &mut state);
}

fn seed_features(w: &Window, ev: &OwnedEvent, area: Rect, buf: &mut Buffer) {
    let s = w.seed;
    let g = |col: &[f32]| col.get(s).copied().unwrap_or(f32::NAN);
    let dim = Style::default().fg(st::DIM);
    let kv = |k: &'static str, v: String| {
        vec![
            Span::styled(format!("{k} "), dim),
            Span::raw(format!("{v}  ")),
        ]
    };
    let mut l1 = kv("seed: r9", format!("{:.3}", g(&ev.cl_r9)));
    l1.extend(kv("f5 r9", format!("{:.3}", g(&ev.cl_f5_r9))));
    l1.extend(kv("sieie", format!("{:.4}", g(&ev.cl_sigma_ieta_ieta))));
    l1.extend(kv("sieip", format!("{:.5}", g(&ev.cl_sigma_ieta_iphi))));
    l1.extend(kv("sipip", format!("{:.4}", g(&ev.cl_sigma_iphi_iphi))));
    l1.extend(kv("swiss", format!("{:.3}", g(&ev.cl_swiss_cross))));
    let mut l2 = kv("etaW", format!("{:.4}", g(&ev.cl_eta_width)));
    l2.extend(kv("phiW", format!("{:.4}", g(&ev.cl_phi_width))));
    l2.extend(kv(
        "nxtals",
        format!("{}", ev.cl_nxtals.get(s).copied().unwrap_or(f64::NAN)),
    ));
    l2.extend(kv("hits", ev.hit_energy.view().row(s).len().to_string()));
    l2.extend(kv(
        "ieta/iphi/iz",
        format!("{}/{}/{}", w.seed_ieta, w.seed_iphi, w.seed_iz),
    ));
    let mut l3 = kv("E raw", format!("{:.2}", w.en_seed));
    l3.extend(kv("calib", format!("{:.2}", w.en_seed_calib)));
    l3.extend(kv("Et calib", format!("{:.2}", w.et_seed_calib)));
    l3.extend(kv("E_true", format!("{:.2}", w.en_true)));
    l3.extend(kv("Et_true", format!("{:.2}", w.et_true)));
    let mut l4 = kv("class", format!("{}", w.class()));
    l4.extend(kv("calo", w.calo.to_string()));
    l4.extend(kv("score", format!("{:.4}", w.seed_score)));
    l4.extend(kv(
        "wp bin",
        format!("({},{}) thr {:.4}", w.wp_bin.0, w.wp_bin.1, w.threshold),
    ));
    l4.extend(kv("MU sc", w.mustache_seed_index.to_string()));
    l4.extend(kv("ncls", w.ncls().to_string()));
    l4.extend(kv("insc", w.nclusters_insc.to_string()));
    let lines: Vec<Line> = [l1, l2, l3, l4].into_iter().map(Line::from).collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
