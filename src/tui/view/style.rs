//! Colours and glyphs: one place for the truth flags' look, shared by the grid, the table
//! and the legend. Colours are from the 256-colour palette (tmux, ssh); every flag also has
//! its own glyph, so the screen reads without colour.

use ratatui::style::{Color, Modifier, Style};

use crate::windows::ClusterInWindow;

/// The truth flag a cluster is drawn with, by priority (the first that applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    /// The window's seed.
    Seed,
    /// Calo-matched and in the SuperCluster (score >= threshold).
    InSc,
    /// Calo-matched but below the threshold.
    CaloBelow,
    /// In the legacy Mustache SuperCluster (and not in_scluster).
    MustacheSc,
    /// In the geometric Mustache only.
    GeomMustache,
    /// None of the above (or not in the current window).
    Other,
}

impl Flag {
    pub fn of(c: &ClusterInWindow) -> Flag {
        if c.is_seed {
            Flag::Seed
        } else if c.is_calo_matched && c.in_scluster {
            Flag::InSc
        } else if c.is_calo_matched {
            Flag::CaloBelow
        } else if c.in_mustache {
            Flag::MustacheSc
        } else if c.in_geom_mustache {
            Flag::GeomMustache
        } else {
            Flag::Other
        }
    }

    /// The glyph; for [`Flag::Other`] the glyph also says the energy level (0..=3).
    pub fn glyph(self, level: usize) -> char {
        match self {
            Flag::Seed => '@',
            Flag::InSc => '#',
            Flag::CaloBelow => 'o',
            Flag::MustacheSc => 'M',
            Flag::GeomMustache => '~',
            Flag::Other => ['.', ':', '*', '%'][level.min(3)],
        }
    }

    /// Colour ramp (dark to bright): the shade says the energy.
    fn ramp(self) -> [u8; 4] {
        match self {
            Flag::Seed => [220, 226, 228, 230],
            Flag::InSc => [28, 34, 40, 46],
            Flag::CaloBelow => [130, 166, 202, 208],
            Flag::MustacheSc => [127, 163, 199, 201],
            Flag::GeomMustache => [30, 37, 44, 51],
            Flag::Other => [242, 246, 250, 255],
        }
    }

    /// The style at energy level 0..=3.
    pub fn style(self, level: usize) -> Style {
        let s = Style::default().fg(Color::Indexed(self.ramp()[level.min(3)]));
        if self == Flag::Seed || level >= 3 {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }

    /// Bright colour, for the table and the legend.
    pub fn color(self) -> Color {
        Color::Indexed(self.ramp()[3])
    }

    pub fn describe(self) -> &'static str {
        match self {
            Flag::Seed => "seed",
            Flag::InSc => "calo, in SC",
            Flag::CaloBelow => "calo, < thr",
            Flag::MustacheSc => "Mustache SC",
            Flag::GeomMustache => "geom Mustache",
            Flag::Other => "other (E)",
        }
    }
}

/// All flags in legend order.
pub const FLAGS: [Flag; 6] = [
    Flag::Seed,
    Flag::InSc,
    Flag::CaloBelow,
    Flag::MustacheSc,
    Flag::GeomMustache,
    Flag::Other,
];

/// CaloParticle marks: the window's own and the others.
pub const CALO_GLYPH: char = 'X';
pub const OTHER_CALO_GLYPH: char = 'x';
pub const CALO_COLOR: Color = Color::Indexed(196);
/// Empty cells inside the window, and the window's background.
pub const WINDOW_GLYPH: char = '\u{b7}';
pub const WINDOW_FG: Color = Color::Indexed(240);
pub const WINDOW_BG: Color = Color::Indexed(235);
/// Empty cells inside the seed's Mustache region.
pub const MUSTACHE_GLYPH: char = '^';
pub const MUSTACHE_FG: Color = Color::Indexed(31);
/// Titles, dim text, selection.
pub const TITLE: Color = Color::Indexed(75);
pub const DIM: Color = Color::Indexed(244);
pub const ERROR: Color = Color::Indexed(203);
pub const OK: Color = Color::Indexed(114);
pub const SELECT_BG: Color = Color::Indexed(238);
