//! The parameters panel: every field of `Params`, the selected one highlighted when the
//! panel has the focus.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::style as st;
use crate::tui::app::App;
use crate::tui::fields::FIELDS;

/// Draws the parameters panel.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focus = app.params_focus;
    let mut title = " parameters ".to_string();
    if app.pending.is_some() {
        title.push_str(&format!("(loading {}) ", app.spinner()));
    } else if focus {
        title.push_str("(editing) ");
    } else {
        title.push_str("(P: edit) ");
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(if focus { st::TITLE } else { st::DIM }))
        .title(Span::styled(
            title,
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let p = app.edit_params();
    let n = FIELDS.len();
    let rows = inner.height as usize;
    // Two columns when the panel is wide and short.
    let cols = if rows < n && inner.width >= 60 { 2 } else { 1 };
    let per_col = n.div_ceil(cols);
    let col_w = inner.width / cols as u16;
    // Scroll a single column to keep the selection visible.
    let offset = if cols == 1 && rows > 0 && app.field >= rows {
        app.field + 1 - rows
    } else {
        0
    };
    for (i, f) in FIELDS.iter().enumerate() {
        let (c, r) = (i / per_col, i % per_col);
        if r < offset || r - offset >= rows {
            continue;
        }
        let changed = {
            let mut q = p.clone();
            f.reset(&mut q);
            q != *p
        };
        let sel = focus && i == app.field;
        let label_style = if sel {
            Style::default()
                .bg(st::SELECT_BG)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(st::DIM)
        };
        let value_style = if changed {
            Style::default().fg(st::OK).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let line = Line::from(vec![
            Span::styled(if sel { ">" } else { " " }, label_style),
            Span::styled(format!("{:<13} ", f.label()), label_style),
            Span::styled(f.show(p), value_style),
        ]);
        Paragraph::new(line).render(
            Rect::new(
                inner.x + c as u16 * col_w,
                inner.y + (r - offset) as u16,
                col_w,
                1,
            ),
            buf,
        );
    }
}
