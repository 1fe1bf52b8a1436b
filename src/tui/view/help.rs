//! The `?` overlay, generated from the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::centered;
use super::style as st;
use crate::tui::keymap;

/// Draws the help overlay over `area`.
pub fn render(area: Rect, buf: &mut Buffer) {
    let mut lines = Vec::new();
    for (ctx, bindings) in keymap::help() {
        lines.push(Line::from(Span::styled(
            ctx,
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        )));
        for (keys, help) in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(help),
            ]));
        }
    }
    let n = lines.len() as u16;
    // One column when it fits, else two side by side (truncated on tiny screens).
    let two = n + 2 > area.height;
    let width = if two { area.width } else { 100 };
    let height = if two { n.div_ceil(2) + 2 } else { n + 2 };
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(st::TITLE))
        .title(" help (Esc closes) ");
    let inner = block.inner(rect);
    block.render(rect, buf);
    if two {
        let half = lines.len().div_ceil(2);
        let right: Vec<Line> = lines.split_off(half);
        let w = inner.width / 2;
        Paragraph::new(lines).render(Rect::new(inner.x, inner.y, w, inner.height), buf);
        Paragraph::new(right).render(
            Rect::new(inner.x + w, inner.y, inner.width - w, inner.height),
            buf,
        );
    } else {
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
