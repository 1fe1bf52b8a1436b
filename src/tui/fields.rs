//! The editable fields of [`Params`] in the parameters panel: their names, how they are
//! shown, stepped (`-`/`+`), typed and reset. Every field of `Params` is here.

use crate::windows::{CaloPosition, EtKind, MaxNoCalo, Mode, Params, WindowShape};

/// One editable parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Mode,
    Window,
    BarrelDeta,
    BarrelDphi,
    EndcapDeta,
    EndcapDphi,
    Overlap,
    MinEtSeed,
    SeedMinFraction,
    Association,
    Wp,
    WpHist,
    WpScale,
    WpEt,
    CaloPosition,
    MaxNoCalo,
    Seed,
}

/// All fields, in panel order.
pub const FIELDS: [Field; 17] = [
    Field::Mode,
    Field::Window,
    Field::BarrelDeta,
    Field::BarrelDphi,
    Field::EndcapDeta,
    Field::EndcapDphi,
    Field::Overlap,
    Field::MinEtSeed,
    Field::SeedMinFraction,
    Field::Association,
    Field::Wp,
    Field::WpHist,
    Field::WpScale,
    Field::WpEt,
    Field::CaloPosition,
    Field::MaxNoCalo,
    Field::Seed,
];

/// What changing a field requires beyond re-labelling the current event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Only the window builder's parameters changed.
    Rebuild,
    /// The working-point map must be (re)loaded.
    ReloadWp,
    /// The inputs must be re-opened with another association branch.
    Reopen,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Mode => "mode",
            Field::Window => "window shape",
            Field::BarrelDeta => "EB half deta",
            Field::BarrelDphi => "EB half dphi",
            Field::EndcapDeta => "EE half deta",
            Field::EndcapDphi => "EE half dphi",
            Field::Overlap => "overlap",
            Field::MinEtSeed => "min seed Et",
            Field::SeedMinFraction => "seed min frac",
            Field::Association => "association",
            Field::Wp => "wp file",
            Field::WpHist => "wp TH2 name",
            Field::WpScale => "wp scale",
            Field::WpEt => "wp lookup Et",
            Field::CaloPosition => "calo position",
            Field::MaxNoCalo => "maxnocalow",
            Field::Seed => "random seed",
        }
    }

    pub fn needs(self) -> Needs {
        match self {
            Field::Association => Needs::Reopen,
            Field::Wp | Field::WpHist => Needs::ReloadWp,
            _ => Needs::Rebuild,
        }
    }

    /// The value as shown in the panel.
    pub fn show(self, p: &Params) -> String {
        match self {
            Field::Mode => format!("{:?}", p.mode).to_lowercase(),
            Field::Window => format!("{:?}", p.window).to_lowercase(),
            Field::BarrelDeta => format!("{:.3}", p.barrel.deta),
            Field::BarrelDphi => format!("{:.3}", p.barrel.dphi),
            Field::EndcapDeta => format!("{:.3}", p.endcap.deta),
            Field::EndcapDphi => format!("{:.3}", p.endcap.dphi),
            Field::Overlap => if p.overlap { "yes" } else { "no" }.into(),
            Field::MinEtSeed => format!("{} GeV", p.min_et_seed),
            Field::SeedMinFraction => format!("{}", p.seed_min_fraction),
            Field::Association => p.association.clone(),
            Field::Wp => {
                p.wp.as_ref()
                    .map_or("default".to_string(), |w| w.display().to_string())
            }
            Field::WpHist => p.wp_hist.clone(),
            Field::WpScale => format!("x{:.2}", p.wp_scale),
            Field::WpEt => format!("{:?}", p.wp_et).to_lowercase(),
            Field::CaloPosition => format!("{:?}", p.calo_position).to_lowercase(),
            Field::MaxNoCalo => p.maxnocalow.to_string(),
            Field::Seed => p.seed.to_string(),
        }
    }

    /// The value as typed text (what the edit prompt starts with).
    pub fn text(self, p: &Params) -> String {
        match self {
            Field::MinEtSeed => p.min_et_seed.to_string(),
            Field::WpScale => p.wp_scale.to_string(),
            Field::Association => p.association.clone(),
            Field::Wp => {
                p.wp.as_ref()
                    .map_or(String::new(), |w| w.display().to_string())
            }
            _ => self.show(p),
        }
    }

    /// Steps the value: `dir` = +1 or -1. Choices cycle; numbers move by a sensible step.
    pub fn step(self, p: &mut Params, dir: i32) {
        let up = dir > 0;
        let num = |v: f64, step: f64| ((v + dir as f64 * step) * 1e6).round() / 1e6;
        match self {
            Field::Mode => {
                p.mode = match p.mode {
                    Mode::Compat => Mode::Fixed,
                    Mode::Fixed => Mode::Compat,
                }
            }
            Field::Window => {
                p.window = match p.window {
                    WindowShape::Rectangle => WindowShape::Dynamic,
                    WindowShape::Dynamic => WindowShape::Rectangle,
                }
            }
            Field::BarrelDeta => p.barrel.deta = num(p.barrel.deta, 0.01).max(0.0),
            Field::BarrelDphi => p.barrel.dphi = num(p.barrel.dphi, 0.05).max(0.0),
            Field::EndcapDeta => p.endcap.deta = num(p.endcap.deta, 0.01).max(0.0),
            Field::EndcapDphi => p.endcap.dphi = num(p.endcap.dphi, 0.05).max(0.0),
            Field::Overlap => p.overlap = !p.overlap,
            Field::MinEtSeed => p.min_et_seed = num(p.min_et_seed, 0.5).max(0.0),
            Field::SeedMinFraction => {
                // Decades: 1e-3, 1e-2, 1e-1 ...
                let f = if up { 10.0 } else { 0.1 };
                p.seed_min_fraction = (p.seed_min_fraction * f).clamp(1e-6, 1.0);
            }
            Field::Association => {
                p.association = if p.association == "sim_fraction" {
                    "simScore".into()
                } else {
                    "sim_fraction".into()
                }
            }
            Field::Wp | Field::WpHist => {}
            Field::WpScale => p.wp_scale = num(p.wp_scale, 0.05).max(0.0),
            Field::WpEt => {
                p.wp_et = match p.wp_et {
                    EtKind::Raw => EtKind::Calib,
                    EtKind::Calib => EtKind::Raw,
                }
            }
            Field::CaloPosition => {
                p.calo_position = match p.calo_position {
                    CaloPosition::Sim => CaloPosition::Gen,
                    CaloPosition::Gen => CaloPosition::Sim,
                }
            }
            Field::MaxNoCalo => {
                p.maxnocalow = match (p.maxnocalow.limit(), up) {
                    (None, true) => MaxNoCalo::All,
                    (None, false) => MaxNoCalo::Count(15),
                    (Some(n), true) if n >= 50 => MaxNoCalo::All,
                    (Some(n), true) => MaxNoCalo::Count(n + 1),
                    (Some(n), false) => MaxNoCalo::Count(n.saturating_sub(1)),
                }
            }
            Field::Seed => {
                p.seed = if up {
                    p.seed + 1
                } else {
                    p.seed.saturating_sub(1)
                }
            }
        }
    }

    /// Sets the value from typed text; an error message when it does not parse.
    pub fn set(self, p: &mut Params, text: &str) -> Result<(), String> {
        let t = text.trim();
        let float = |what: &str| -> Result<f64, String> {
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("{what}: expected a number >= 0, got {t:?}"))
        };
        let label = self.label();
        match self {
            Field::Mode => {
                p.mode = match t {
                    "compat" => Mode::Compat,
                    "fixed" => Mode::Fixed,
                    _ => return Err(format!("{label}: compat or fixed")),
                }
            }
            Field::Window => {
                p.window = match t {
                    "rectangle" => WindowShape::Rectangle,
                    "dynamic" => WindowShape::Dynamic,
                    _ => return Err(format!("{label}: rectangle or dynamic")),
                }
            }
            Field::BarrelDeta => p.barrel.deta = float(label)?,
            Field::BarrelDphi => p.barrel.dphi = float(label)?,
            Field::EndcapDeta => p.endcap.deta = float(label)?,
            Field::EndcapDphi => p.endcap.dphi = float(label)?,
            Field::Overlap => {
                p.overlap = match t {
                    "yes" | "true" | "1" => true,
                    "no" | "false" | "0" => false,
                    _ => return Err(format!("{label}: yes or no")),
                }
            }
            Field::MinEtSeed => p.min_et_seed = float(label)?,
            Field::SeedMinFraction => p.seed_min_fraction = float(label)?,
            Field::Association => {
                let a = t.strip_prefix("pfCluster_").unwrap_or(t);
                if a.is_empty() {
                    return Err(format!("{label}: a branch name"));
                }
                p.association = a.to_string();
            }
            Field::Wp => p.wp = (!t.is_empty()).then(|| t.into()),
            Field::WpHist => {
                if t.is_empty() {
                    return Err(format!("{label}: a TH2 name"));
                }
                p.wp_hist = t.to_string();
            }
            Field::WpScale => p.wp_scale = float(label)?,
            Field::WpEt => {
                p.wp_et = match t {
                    "raw" => EtKind::Raw,
                    "calib" => EtKind::Calib,
                    _ => return Err(format!("{label}: raw or calib")),
                }
            }
            Field::CaloPosition => {
                p.calo_position = match t {
                    "sim" => CaloPosition::Sim,
                    "gen" => CaloPosition::Gen,
                    _ => return Err(format!("{label}: sim or gen")),
                }
            }
            Field::MaxNoCalo => p.maxnocalow = t.parse().map_err(|e| format!("{label}: {e}"))?,
            Field::Seed => {
                p.seed = t
                    .parse()
                    .map_err(|_| format!("{label}: expected an integer, got {t:?}"))?
            }
        }
        Ok(())
    }

    /// Resets the field to its default value.
    pub fn reset(self, p: &mut Params) {
        let d = Params::default();
        match self {
            Field::Mode => p.mode = d.mode,
            Field::Window => p.window = d.window,
            Field::BarrelDeta => p.barrel.deta = d.barrel.deta,
            Field::BarrelDphi => p.barrel.dphi = d.barrel.dphi,
            Field::EndcapDeta => p.endcap.deta = d.endcap.deta,
            Field::EndcapDphi => p.endcap.dphi = d.endcap.dphi,
            Field::Overlap => p.overlap = d.overlap,
            Field::MinEtSeed => p.min_et_seed = d.min_et_seed,
            Field::SeedMinFraction => p.seed_min_fraction = d.seed_min_fraction,
            Field::Association => p.association = d.association,
            Field::Wp => p.wp = d.wp,
            Field::WpHist => p.wp_hist = d.wp_hist,
            Field::WpScale => p.wp_scale = d.wp_scale,
            Field::WpEt => p.wp_et = d.wp_et,
            Field::CaloPosition => p.calo_position = d.calo_position,
            Field::MaxNoCalo => p.maxnocalow = d.maxnocalow,
            Field::Seed => p.seed = d.seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_steps_sets_and_resets() {
        for f in FIELDS {
            let mut p = Params::default();
            f.step(&mut p, 1);
            let shown = f.text(&p);
            let mut q = Params::default();
            if !matches!(f, Field::Wp) {
                f.set(&mut q, &shown)
                    .unwrap_or_else(|e| panic!("{f:?}: {e}"));
                assert_eq!(f.show(&q), f.show(&p), "{f:?}");
            }
            f.reset(&mut p);
            assert_eq!(p, Params::default(), "{f:?}");
        }
        let mut p = Params::default();
        assert!(Field::BarrelDeta.set(&mut p, "abc").is_err());
        Field::MaxNoCalo.set(&mut p, "all").unwrap();
        assert_eq!(p.maxnocalow, MaxNoCalo::All);
    }
}
