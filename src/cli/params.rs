//! Window-builder options shared by the commands that build windows (`export`, `batch`,
//! the inspector): a TOML config file, overridden by flags.

use std::path::PathBuf;

use clap::Args;

use crate::windows::{CaloPosition, EtKind, HalfSize, MaxNoCalo, Mode, Params, WindowShape};

fn half_size(s: &str) -> Result<HalfSize, String> {
    let (a, b) = s
        .split_once([':', ','])
        .ok_or_else(|| format!("expected DETA:DPHI, got {s:?}"))?;
    let num = |x: &str| {
        x.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| *v > 0.0 && v.is_finite())
            .ok_or_else(|| format!("{x:?} is not a positive number"))
    };
    Ok(HalfSize {
        deta: num(a)?,
        dphi: num(b)?,
    })
}

/// Options of the window builder. Unset flags keep the value of `--config` (or the
/// reference default).
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
    /// TOML file with window parameters (as saved by the inspector with `w`); flags override it.
    #[arg(long, value_name = "FILE", help_heading = "Windows")]
    pub config: Option<PathBuf>,
    /// Reproduce the original scripts exactly, bugs included (README: "fixed and compat").
    #[arg(long, help_heading = "Windows")]
    pub compat: bool,
    /// Working point: ROOT file with a TH2 (see --wp-hist) or correctionlib JSON.
    #[arg(long, value_name = "FILE", help_heading = "Windows")]
    pub wp: Option<PathBuf>,
    /// Name of the threshold TH2 in a ROOT working-point file.
    #[arg(long, value_name = "NAME", help_heading = "Windows")]
    pub wp_hist: Option<String>,
    /// Scale factor applied to every threshold.
    #[arg(long, value_name = "X", help_heading = "Windows")]
    pub wp_scale: Option<f64>,
    /// Seed Et used in the threshold lookup.
    #[arg(long, value_name = "raw|calib", help_heading = "Windows")]
    pub wp_et: Option<EtKindArg>,
    /// Windows without a calo kept per event: a number, or "all".
    #[arg(long, value_name = "N|all", help_heading = "Windows")]
    pub maxnocalow: Option<MaxNoCalo>,
    /// Seed of the random choices (window sampling, compat window names).
    #[arg(long, value_name = "N", help_heading = "Windows")]
    pub seed: Option<u64>,
    /// Window half-sizes around barrel seeds.
    #[arg(long, value_name = "DETA:DPHI", value_parser = half_size, help_heading = "Windows")]
    pub window_eb: Option<HalfSize>,
    /// Window half-sizes around endcap seeds.
    #[arg(long, value_name = "DETA:DPHI", value_parser = half_size, help_heading = "Windows")]
    pub window_ee: Option<HalfSize>,
    /// Use CMSSW's eta-dependent asymmetric window instead of the rectangle.
    #[arg(long, help_heading = "Windows")]
    pub dynamic_window: bool,
    /// A cluster joins only the first window containing it; seeds inside an earlier window make none.
    #[arg(long, help_heading = "Windows")]
    pub no_overlap: bool,
    /// Minimum calibrated Et of a seed (GeV).
    #[arg(long, value_name = "GEV", help_heading = "Windows")]
    pub min_et_seed: Option<f64>,
    /// Minimum association score of a calo-matched seed.
    #[arg(long, value_name = "X", help_heading = "Windows")]
    pub seed_min_fraction: Option<f64>,
    /// Association branch pfCluster_<NAME> (vector<vector<double>>).
    #[arg(long, value_name = "NAME", help_heading = "Windows")]
    pub association: Option<String>,
    /// CaloParticle position for the "calo inside the window" check (fixed mode).
    #[arg(long, value_name = "sim|gen", help_heading = "Windows")]
    pub calo_position: Option<CaloPositionArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EtKindArg {
    Raw,
    Calib,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CaloPositionArg {
    Sim,
    Gen,
}

impl WindowArgs {
    /// The parameters: defaults, then the config file, then the flags.
    pub fn params(&self) -> anyhow::Result<Params> {
        let mut p = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                Params::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            }
            None => Params::default(),
        };
        if self.compat {
            p.mode = Mode::Compat;
        }
        if let Some(v) = &self.wp {
            p.wp = Some(v.clone());
        }
        if let Some(v) = &self.wp_hist {
            p.wp_hist = v.clone();
        }
        if let Some(v) = self.wp_scale {
            p.wp_scale = v;
        }
        if let Some(v) = self.wp_et {
            p.wp_et = match v {
                EtKindArg::Raw => EtKind::Raw,
                EtKindArg::Calib => EtKind::Calib,
            };
        }
        if let Some(v) = self.maxnocalow {
            p.maxnocalow = v;
        }
        if let Some(v) = self.seed {
            p.seed = v;
        }
        if let Some(v) = self.window_eb {
            p.barrel = v;
        }
        if let Some(v) = self.window_ee {
            p.endcap = v;
        }
        if self.dynamic_window {
            p.window = WindowShape::Dynamic;
        }
        if self.no_overlap {
            p.overlap = false;
        }
        if let Some(v) = self.min_et_seed {
            p.min_et_seed = v;
        }
        if let Some(v) = self.seed_min_fraction {
            p.seed_min_fraction = v;
        }
        if let Some(v) = &self.association {
            p.association = v.clone();
        }
        if let Some(v) = self.calo_position {
            p.calo_position = match v {
                CaloPositionArg::Sim => CaloPosition::Sim,
                CaloPositionArg::Gen => CaloPosition::Gen,
            };
        }
        Ok(p)
    }
}

/// The `scwin export` flags that reproduce `p` exactly (for the inspector's "equivalent
/// command line" and for batch wrappers). Only values that differ from the defaults appear.
pub fn params_to_args(p: &Params) -> Vec<String> {
    let d = Params::default();
    let mut a: Vec<String> = Vec::new();
    let mut flag = |k: &str, v: Option<String>| {
        a.push(format!("--{k}"));
        if let Some(v) = v {
            a.push(v);
        }
    };
    if p.mode == Mode::Compat {
        flag("compat", None);
    }
    if let Some(wp) = &p.wp {
        flag("wp", Some(wp.display().to_string()));
    }
    if p.wp_hist != d.wp_hist {
        flag("wp-hist", Some(p.wp_hist.clone()));
    }
    if p.wp_scale != d.wp_scale {
        flag("wp-scale", Some(p.wp_scale.to_string()));
    }
    if p.wp_et != d.wp_et {
        flag("wp-et", Some("calib".into()));
    }
    if p.maxnocalow.limit() != d.maxnocalow.limit() {
        flag("maxnocalow", Some(p.maxnocalow.to_string()));
    }
    if p.seed != d.seed {
        flag("seed", Some(p.seed.to_string()));
    }
    if p.barrel != d.barrel {
        flag(
            "window-eb",
            Some(format!("{}:{}", p.barrel.deta, p.barrel.dphi)),
        );
    }
    if p.endcap != d.endcap {
        flag(
            "window-ee",
            Some(format!("{}:{}", p.endcap.deta, p.endcap.dphi)),
        );
    }
    if p.window == WindowShape::Dynamic {
        flag("dynamic-window", None);
    }
    if !p.overlap {
        flag("no-overlap", None);
    }
    if p.min_et_seed != d.min_et_seed {
        flag("min-et-seed", Some(p.min_et_seed.to_string()));
    }
    if p.seed_min_fraction != d.seed_min_fraction {
        flag("seed-min-fraction", Some(p.seed_min_fraction.to_string()));
    }
    if p.association != d.association {
        flag("association", Some(p.association.clone()));
    }
    if p.calo_position != d.calo_position {
        flag("calo-position", Some("gen".into()));
    }
    a
}
