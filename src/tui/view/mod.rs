//! The view: draws the state, reads it only. [`view`] lays the screen out and calls one
//! function per panel; small terminals hide panels (see [`Areas::compute`]).

pub mod chrome;
pub mod grid;
pub mod help;
pub mod params;
pub mod style;
pub mod summary;
pub mod table;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;

/// Where each panel goes for a given terminal size; `None` = hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub grid: Rect,
    pub legend: Rect,
    /// The window's cluster table and seed features (or, on small screens, the summary or
    /// the parameters in its place).
    pub side: Rect,
    pub summary: Option<Rect>,
    pub params: Option<Rect>,
    pub status: Rect,
    pub hints: Rect,
}

/// Below this height the bottom panels (summary, parameters) are hidden.
pub const BOTTOM_MIN_HEIGHT: u16 = 36;
/// From this width on, the grid and the table are side by side.
pub const SIDE_MIN_WIDTH: u16 = 120;

impl Areas {
    pub fn compute(area: Rect, legend_rows: u16) -> Areas {
        let row = |y: u16, h: u16| Rect::new(area.x, y, area.width, h);
        let header = row(area.y, 1);
        let hints = row(area.bottom().saturating_sub(1), 1);
        let status = row(area.bottom().saturating_sub(2), 1);
        let top = area.y + 1;
        let mid_h = area.height.saturating_sub(3);
        let (bottom_h, show_bottom) = if area.height >= BOTTOM_MIN_HEIGHT {
            ((mid_h / 3).clamp(10, 18), true)
        } else {
            (0, false)
        };
        let upper_h = mid_h.saturating_sub(bottom_h + legend_rows);
        let legend = row(top + upper_h, legend_rows);
        let (grid, side) = if area.width >= SIDE_MIN_WIDTH {
            let gw = area.width * 57 / 100;
            (
                Rect::new(area.x, top, gw, upper_h),
                Rect::new(area.x + gw, top, area.width - gw, upper_h),
            )
        } else {
            let gh = upper_h * 55 / 100;
            (
                Rect::new(area.x, top, area.width, gh),
                Rect::new(area.x, top + gh, area.width, upper_h - gh),
            )
        };
        let (summary, params) = if show_bottom {
            let y = top + upper_h + legend_rows;
            let sw = area.width * 60 / 100;
            (
                Some(Rect::new(area.x, y, sw, bottom_h)),
                Some(Rect::new(area.x + sw, y, area.width - sw, bottom_h)),
            )
        } else {
            (None, None)
        };
        Areas {
            header,
            grid,
            legend,
            side,
            summary,
            params,
            status,
            hints,
        }
    }
}

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (what [`view`] does; benchmarks call it directly).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let legend = chrome::legend_line(app);
    let legend_rows = if legend.width() as u16 <= area.width {
        1
    } else {
        2
    };
    let a = Areas::compute(area, legend_rows);
    chrome::header(app, a.header, buf);
    grid::render(app, a.grid, buf);
    chrome::legend(app, legend, a.legend, buf);
    match (a.summary, a.params) {
        (Some(s), Some(p)) => {
            table::render(app, a.side, buf);
            summary::render(app, s, buf);
            params::render(app, p, buf);
        }
        _ => {
            if app.params_focus {
                params::render(app, a.side, buf);
            } else if app.show_summary {
                summary::render(app, a.side, buf);
            } else {
                table::render(app, a.side, buf);
            }
        }
    }
    chrome::status(app, a.status, buf);
    chrome::hints(app, a.hints, buf);
    if app.export.open {
        chrome::export_dialog(app, area, buf);
    }
    if app.prompt.is_some() {
        chrome::prompt(app, area, buf);
    }
    if app.help {
        help::render(app.help_scroll, area, buf);
    }
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The buffer as plain text, one line per row (for snapshots and tests).
pub fn buffer_text(buf: &Buffer) -> String {
    let a = buf.area;
    let mut out = String::with_capacity((a.width as usize + 1) * a.height as usize);
    for y in a.top()..a.bottom() {
        let mut line = String::new();
        for x in a.left()..a.right() {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
