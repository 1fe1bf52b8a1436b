//! The `?` overlay, generated from the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::centered;
use super::style as st;
use crate::tui::keymap;

/// Draws the help overlay over `area`, from line `scroll` on.
pub fn render(scroll: u16, area: Rect, buf: &mut Buffer) {
    let mut lines = Vec::new();
    for (ctx, bindings) in keymap::help() {
        lines.push(Line::from(Span::styled(
            ctx,
            Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
        )));
        for (keys, help) in bindings {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {keys:<18}"),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(help),
            ]));
        }
    }
    let n = lines.len() as u16;
    let rect = centered(area, 100, n + 2);
    let fits = n + 2 <= rect.height;
    Clear.render(rect, buf);
    let title = if fits {
        " help (Esc closes) ".to_string()
    } else {
        format!(
            " help (Esc closes, up/down scroll: {}-{} of {n}) ",
            scroll + 1,
            (scroll + rect.height.saturating_sub(2)).min(n)
        )
    };
    Paragraph::new(lines)
        .scroll((if fits { 0 } else { scroll }, 0))
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::default().fg(st::TITLE))
                .title(title),
        )
        .render(rect, buf);
}
