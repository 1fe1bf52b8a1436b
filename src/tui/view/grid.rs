//! The eta-phi grid of the current event, drawn straight into the buffer: one terminal cell
//! per crystal-sized bin around the current window (barrel: eta rows x phi columns, in units
//! of a crystal; endcaps: iy rows x ix columns), the window and the seed's Mustache region
//! under the clusters, CaloParticles and the selected cluster marked on top.
//!
//! When the window does not fit, k x k crystals share a cell (said in the title).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::style::{self as st, Flag};
use crate::truth::mustache::in_geom_mustache;
use crate::tui::app::{App, Scale};
use crate::tui::geom::{EB_CRYSTAL_ETA, EB_CRYSTAL_PHI, ee_center, ee_xy};
use crate::windows::geometry::{delta_phi, dynamic_window, in_window};
use crate::windows::{Params, Window, WindowShape};

/// Maps (eta, phi) to grid cells and back around a seed.
#[derive(Debug, Clone, Copy)]
pub struct Proj {
    pub barrel: bool,
    pub iz: i32,
    seed_eta: f64,
    seed_phi: f64,
    /// Endcap: continuous (ix, iy) of the seed.
    sx: f64,
    sy: f64,
    /// Crystals per cell.
    pub k: f64,
    /// Grid size in cells and the seed's cell.
    pub w: i32,
    pub h: i32,
    cx: i32,
    cy: i32,
}

impl Proj {
    /// The projection for window `win` in a grid of `w` x `h` cells, with `k` chosen so that
    /// the whole window fits.
    pub fn new(win: &Window, p: &Params, w: u16, h: u16) -> Proj {
        let barrel = win.seed_iz == 0;
        let (sx, sy) = if barrel {
            (0.0, 0.0)
        } else {
            ee_xy(win.seed_eta, win.seed_phi)
        };
        let mut proj = Proj {
            barrel,
            iz: win.seed_iz,
            seed_eta: win.seed_eta,
            seed_phi: win.seed_phi,
            sx,
            sy,
            k: 1.0,
            w: w as i32,
            h: h as i32,
            cx: w as i32 / 2,
            cy: h as i32 / 2,
        };
        // Half extents of the window in crystals (u: columns, v: rows).
        let (hu, hv) = if barrel {
            let (up, down, dphi) = match p.window {
                WindowShape::Rectangle => (p.barrel.deta, -p.barrel.deta, p.barrel.dphi),
                WindowShape::Dynamic => dynamic_window(win.seed_eta),
            };
            (dphi / EB_CRYSTAL_PHI, up.max(-down) / EB_CRYSTAL_ETA)
        } else {
            // Scan the endcap around the seed for the window's extent (every second
            // crystal is precise enough for the zoom).
            let mut hu: f64 = 1.0;
            let mut hv: f64 = 1.0;
            let seed = (win.seed_eta, win.seed_phi, win.seed_iz);
            for dx in (-60..=60).step_by(2) {
                for dy in (-60..=60).step_by(2) {
                    let (eta, phi) = proj.ee_point(sx + dx as f64, sy + dy as f64);
                    if in_window(p, seed, (eta, phi, win.seed_iz)) {
                        hu = hu.max((dx as f64).abs());
                        hv = hv.max((dy as f64).abs());
                    }
                }
            }
            (hu, hv)
        };
        let ku = (2.0 * hu + 3.0) / w.max(1) as f64;
        let kv = (2.0 * hv + 1.0) / h.max(1) as f64;
        proj.k = ku.max(kv).ceil().max(1.0);
        proj
    }

    fn ee_point(&self, x: f64, y: f64) -> (f64, f64) {
        ee_center(x - 0.5, y - 0.5, self.iz)
    }

    /// Cell (column, row) of a position, if it is on this grid (and on the seed's side).
    pub fn cell(&self, eta: f64, phi: f64, iz: i32) -> Option<(i32, i32)> {
        if iz != self.iz || !eta.is_finite() || !phi.is_finite() {
            return None;
        }
        let (u, v) = if self.barrel {
            (
                delta_phi(phi, self.seed_phi) / EB_CRYSTAL_PHI,
                (eta - self.seed_eta) / EB_CRYSTAL_ETA,
            )
        } else {
            let (x, y) = ee_xy(eta, phi);
            (x - self.sx, y - self.sy)
        };
        let c = self.cx + (u / self.k).round() as i32;
        let r = self.cy - (v / self.k).round() as i32;
        (c >= 0 && r >= 0 && c < self.w && r < self.h).then_some((c, r))
    }

    /// (eta, phi) of the centre of cell (column, row).
    pub fn center(&self, c: i32, r: i32) -> (f64, f64) {
        let du = (c - self.cx) as f64 * self.k;
        let dv = (self.cy - r) as f64 * self.k;
        if self.barrel {
            let mut phi = self.seed_phi + du * EB_CRYSTAL_PHI;
            if phi > std::f64::consts::PI {
                phi -= 2.0 * std::f64::consts::PI;
            } else if phi < -std::f64::consts::PI {
                phi += 2.0 * std::f64::consts::PI;
            }
            (self.seed_eta + dv * EB_CRYSTAL_ETA, phi)
        } else {
            self.ee_point(self.sx + du, self.sy + dv)
        }
    }
}

/// Energy level 0..=3 of an energy: log scale over 0.1-100 GeV, or linear up to `max`.
pub fn level(e: f64, scale: Scale, max: f64) -> usize {
    let x = match scale {
        Scale::Log => (e.max(1e-3).log10() + 1.0) / 3.0,
        Scale::Linear => e / max.max(1e-9),
    };
    ((x * 4.0).floor().max(0.0) as usize).min(3)
}

/// What one cell shows, before styling.
#[derive(Debug, Clone, Copy, Default)]
struct CellInfo {
    energy: f64,
    flag: Option<Flag>,
    selected: bool,
}

/// Label width on the left (row axis).
const AXIS_W: u16 = 6;

/// Draws the grid panel.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let win = app.current_window();
    let proj = win.map(|w| {
        let gw = area.width.saturating_sub(2 + AXIS_W).max(1);
        let gh = area.height.saturating_sub(3).max(1);
        Proj::new(w, &app.builder.params, gw, gh)
    });
    let title = title(app, win, proj.as_ref());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(st::DIM))
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let (Some(win), Some(ev), Some(proj)) = (win, app.current_event(), proj) else {
        let err;
        let msg = if app.loading {
            "loading..."
        } else if let Some(e) = &app.load_error {
            err = format!("this entry cannot be shown: {e}");
            err.as_str()
        } else if app.windows.is_empty() {
            "no window in this event (no seed above the Et threshold)"
        } else {
            "no window passes the filter in this event (f: filters, n: next event)"
        };
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            msg,
            inner.width.saturating_sub(1) as usize,
            Style::default().fg(st::DIM),
        );
        return;
    };
    if inner.width <= AXIS_W + 4 || inner.height < 4 {
        return;
    }
    let gh = inner.height - 1;
    let p = &app.builder.params;
    let ox = inner.x + AXIS_W;
    let oy = inner.y;
    let seed_pos = (win.seed_eta, win.seed_phi, win.seed_iz);
    let compat = p.compat();
    // The Mustache region is drawn for the energy of the selected cluster.
    let sel = win.clusters.get(app.row);
    let e_region = sel
        .map(|c| ev.cl_raw_energy[c.index])
        .unwrap_or(win.en_seed as f32);

    // 1. Window and Mustache region.
    for r in 0..proj.h {
        for c in 0..proj.w {
            let (eta, phi) = proj.center(c, r);
            let inside = in_window(p, seed_pos, (eta, phi, win.seed_iz));
            let must = in_geom_mustache(
                win.seed_eta as f32,
                win.seed_phi as f32,
                e_region,
                eta as f32,
                phi as f32,
                compat,
            );
            let cell = &mut buf[(ox + c as u16, oy + r as u16)];
            if must {
                cell.set_char(st::MUSTACHE_GLYPH).set_fg(st::MUSTACHE_FG);
                if inside {
                    cell.set_bg(st::WINDOW_BG);
                }
            } else if inside {
                cell.set_char(st::WINDOW_GLYPH)
                    .set_fg(st::WINDOW_FG)
                    .set_bg(st::WINDOW_BG);
            }
        }
    }

    // 2. Clusters: energy summed per cell, the flag of highest priority.
    let n = ev.cl_energy.len();
    let mut in_win: Vec<Option<usize>> = vec![None; n];
    for (k, c) in win.clusters.iter().enumerate() {
        if c.index < n {
            in_win[c.index] = Some(k);
        }
    }
    let mut cells = vec![CellInfo::default(); (proj.w * proj.h) as usize];
    let mut emax: f64 = 0.0;
    for (i, &win_row) in in_win.iter().enumerate() {
        let Some((c, r)) = proj.cell(ev.cl_eta[i] as f64, ev.cl_phi[i] as f64, ev.cl_iz[i]) else {
            continue;
        };
        let ci = &mut cells[(r * proj.w + c) as usize];
        let e = ev.cl_raw_energy[i] as f64;
        if e.is_finite() {
            ci.energy += e;
        }
        emax = emax.max(ci.energy);
        let flag = win_row.map_or(Flag::Other, |k| Flag::of(&win.clusters[k]));
        ci.flag = Some(ci.flag.map_or(flag, |f| f.min(flag)));
        if win_row == Some(app.row) {
            ci.selected = true;
        }
    }
    for r in 0..proj.h {
        for c in 0..proj.w {
            let ci = cells[(r * proj.w + c) as usize];
            let Some(flag) = ci.flag else { continue };
            let lv = level(ci.energy, app.scale, emax);
            let mut style = flag.style(lv);
            if ci.selected {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let cell = &mut buf[(ox + c as u16, oy + r as u16)];
            cell.set_char(flag.glyph(lv)).set_style(style);
        }
    }

    // 3. CaloParticles (sim position): 'X' for the window's, 'x' for the others; on a
    // cluster, the cell is underlined on a red background instead.
    for ci in 0..ev.calo_sim_eta.len() {
        let iz = ev.calo_sim_iz.get(ci).copied().unwrap_or(99);
        let Some((c, r)) = proj.cell(ev.calo_sim_eta[ci] as f64, ev.calo_sim_phi[ci] as f64, iz)
        else {
            continue;
        };
        let own = win.calo == ci as i32;
        let cell = &mut buf[(ox + c as u16, oy + r as u16)];
        if cells[(r * proj.w + c) as usize].flag.is_some() {
            cell.set_bg(Color::Indexed(52));
            cell.modifier.insert(Modifier::UNDERLINED);
        } else {
            let g = if own {
                st::CALO_GLYPH
            } else {
                st::OTHER_CALO_GLYPH
            };
            cell.set_char(g).set_style(
                Style::default()
                    .fg(st::CALO_COLOR)
                    .add_modifier(Modifier::BOLD),
            );
        }
    }

    // 4. Axes: rows (eta or iy) on the left, columns (phi or ix) at the bottom.
    let dim = Style::default().fg(st::DIM);
    let step_r = (proj.h / 4).max(2);
    let mut r = proj.cy % step_r;
    while r < proj.h {
        let (eta, _) = proj.center(proj.cx, r);
        let label = if proj.barrel {
            Some(format!("{eta:>5.2}"))
        } else {
            // Only crystals of the 100x100 endcap grid are labelled.
            let (_, y) = ee_xy(eta, proj.center(proj.cx, r).1);
            let iy = y.floor() as i32;
            (1..=100).contains(&iy).then(|| format!("{iy:>5}"))
        };
        if let Some(label) = label {
            buf.set_stringn(inner.x, oy + r as u16, label, AXIS_W as usize - 1, dim);
        }
        r += step_r;
    }
    let axis_y = oy + gh;
    let name = if proj.barrel { " phi:" } else { "  ix:" };
    buf.set_stringn(inner.x, axis_y, name, AXIS_W as usize, dim);
    let step_c = 14.max(proj.w / 5);
    let mut c = proj.cx % step_c;
    while c + 6 <= proj.w {
        let (eta, phi) = proj.center(c, proj.cy);
        let label = if proj.barrel {
            Some(format!("|{phi:.2}"))
        } else {
            let ix = ee_xy(eta, phi).0.floor() as i32;
            (1..=100).contains(&ix).then(|| format!("|{ix}"))
        };
        if let Some(label) = label {
            buf.set_stringn(ox + c as u16, axis_y, label, 7, dim);
        }
        c += step_c;
    }
}

fn title<'a>(app: &App, win: Option<&Window>, proj: Option<&Proj>) -> Line<'a> {
    let scale = match app.scale {
        Scale::Log => "log(E)",
        Scale::Linear => "linear E",
    };
    let mut spans = vec![Span::styled(
        " eta-phi ",
        Style::default().fg(st::TITLE).add_modifier(Modifier::BOLD),
    )];
    if let (Some(w), Some(proj)) = (win, proj) {
        let det = match w.seed_iz {
            0 => "EB rows eta, columns phi".to_string(),
            z if z > 0 => "EE+ rows iy, columns ix".to_string(),
            _ => "EE- rows iy, columns ix".to_string(),
        };
        let k = proj.k;
        let cell = if k <= 1.0 {
            "1 cell = 1 crystal".to_string()
        } else {
            format!("1 cell = {k}x{k} crystals")
        };
        spans.push(Span::raw(format!(" {det}  {cell}  {scale} ")));
    }
    Line::from(spans)
}
