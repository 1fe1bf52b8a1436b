//! Rendered screens (TestBackend + insta) at 80x24 and 160x48, and the colours and glyphs of
//! the cells of flagged clusters.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use scwin::tui::headless::Headless;
use scwin::tui::open_inputs;
use scwin::tui::view::style::Flag;
use scwin::tui::view::{Areas, buffer_text};
use scwin::windows::{Builder, Params};

fn session(w: u16, h: u16) -> Headless {
    let inputs = open_inputs(&["synth:40".into()]).unwrap();
    let mut s = Headless::new(inputs, Builder::new(Params::default()).unwrap(), w, h);
    s.settle();
    s
}

#[test]
fn main_screen_160x48() {
    let mut s = session(160, 48);
    insta::assert_snapshot!("main_160x48", s.screen());
}

#[test]
fn main_screen_80x24() {
    let mut s = session(80, 24);
    insta::assert_snapshot!("main_80x24", s.screen());
}

#[test]
fn help_overlay_both_sizes() {
    let mut s = session(160, 48);
    s.key(KeyCode::Char('?'));
    insta::assert_snapshot!("help_160x48", s.screen());
    s.resize(80, 24);
    insta::assert_snapshot!("help_80x24", s.screen());
}

#[test]
fn params_panel_and_export_dialog() {
    let mut s = session(80, 24);
    s.key(KeyCode::Char('P'));
    s.key(KeyCode::Down);
    s.key(KeyCode::Down);
    s.key(KeyCode::Down);
    s.key(KeyCode::Left); // EB half dphi 0.60 -> 0.55: relabels at once
    s.settle();
    insta::assert_snapshot!("params_80x24", s.screen());
    s.key(KeyCode::Esc);
    s.key(KeyCode::Char('e'));
    insta::assert_snapshot!("export_80x24", s.screen());
}

fn grid_area(buf: &Buffer, s: &Headless) -> Rect {
    let legend = scwin::tui::view::chrome::legend_line(&s.app);
    let rows = if legend.width() as u16 <= buf.area.width {
        1
    } else {
        2
    };
    let g = Areas::compute(buf.area, rows).grid;
    Rect::new(g.x + 1, g.y + 1, g.width - 2, g.height - 2)
}

/// (x, y, symbol, fg, modifiers) of every cell of the grid holding one of `glyphs`.
fn cells_with(
    buf: &Buffer,
    area: Rect,
    glyphs: &[&str],
) -> Vec<(u16, u16, String, Color, Modifier)> {
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let c = &buf[(x, y)];
            if glyphs.contains(&c.symbol()) {
                out.push((x, y, c.symbol().to_string(), c.fg, c.modifier));
            }
        }
    }
    out
}

#[test]
fn flagged_clusters_have_their_colour_and_glyph() {
    let mut s = session(160, 48);
    // Go to a window with brem clusters in the SuperCluster.
    let mut found = false;
    for _ in 0..40 {
        if let Some(w) = s.app.current_window()
            && w.clusters
                .iter()
                .filter(|c| c.in_scluster && !c.is_seed)
                .count()
                >= 1
        {
            found = true;
            break;
        }
        s.key(KeyCode::Char(']'));
        if s.app
            .status
            .as_ref()
            .is_some_and(|st| st.text.contains("last window"))
        {
            s.key(KeyCode::Char('n'));
            s.settle();
        }
    }
    assert!(
        found,
        "no window with an in-SC cluster in the synthetic input"
    );
    let buf = s.draw().clone();
    let area = grid_area(&buf, &s);
    let seed_ramp: Vec<Color> = (0..4).map(|l| Flag::Seed.style(l).fg.unwrap()).collect();
    let sc_ramp: Vec<Color> = (0..4).map(|l| Flag::InSc.style(l).fg.unwrap()).collect();
    // Exactly one seed glyph, in a seed colour, bold; selected (row 0 is the seed) so
    // reversed.
    let seeds = cells_with(&buf, area, &["@"]);
    assert_eq!(seeds.len(), 1, "{}", buffer_text(&buf));
    let (_, _, _, fg, m) = &seeds[0];
    assert!(seed_ramp.contains(fg));
    assert!(m.contains(Modifier::BOLD) && m.contains(Modifier::REVERSED));
    // In-SC clusters: '#' in the green ramp (or merged into the seed's cell).
    let w = s.app.current_window().unwrap();
    let n_sc = w
        .clusters
        .iter()
        .filter(|c| c.in_scluster && !c.is_seed)
        .count();
    let sc = cells_with(&buf, area, &["#"]);
    assert!(!sc.is_empty() || n_sc > 0);
    for (_, _, _, fg, _) in &sc {
        assert!(sc_ramp.contains(fg), "{fg:?}");
    }
    // Selecting another row moves the highlight to that cluster's cell.
    s.key(KeyCode::Down);
    let buf = s.draw().clone();
    let rev: Vec<_> = cells_with(&buf, area, &["#", "o", "M", "~", ".", ":", "*", "%", "@"])
        .into_iter()
        .filter(|c| c.4.contains(Modifier::REVERSED))
        .collect();
    assert_eq!(rev.len(), 1, "one highlighted cell");
    assert_ne!(rev[0].2, "@");
    // The window's background and the Mustache region are drawn.
    assert!(!cells_with(&buf, area, &["\u{b7}"]).is_empty());
    assert!(!cells_with(&buf, area, &["^"]).is_empty());
    // CaloParticles: an 'X' glyph in red, or a red-underlined cluster cell.
    let calo_marked = cells_with(&buf, area, &["X", "x"])
        .iter()
        .any(|c| c.3 == Color::Indexed(196))
        || (area.top()..area.bottom()).any(|y| {
            (area.left()..area.right()).any(|x| {
                let c = &buf[(x, y)];
                c.bg == Color::Indexed(52) && c.modifier.contains(Modifier::UNDERLINED)
            })
        });
    assert!(calo_marked);
    // The legend says the scale, and follows the toggle.
    let text = buffer_text(&buf);
    assert!(text.contains("scale: log"));
    s.key(KeyCode::Char('l'));
    assert!(s.screen().contains("scale: linear"));
}

#[test]
fn tiny_terminal_does_not_panic() {
    let mut s = session(20, 6);
    let _ = s.screen();
    s.resize(1, 1);
    let _ = s.screen();
    s.key(KeyCode::Char('?'));
    let _ = s.screen();
    s.key(KeyCode::Esc);
    s.key(KeyCode::Char('e'));
    let _ = s.screen();
}
