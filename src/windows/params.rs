//! Every knob of the window builder, in one struct that a TOML config file holds.
//!
//! The same file is saved by the inspector and read by `scwin export --config`; command-line
//! flags override it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Reference behaviour or intended behaviour (algorithm.md section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The original scripts' output, bugs included.
    Compat,
    /// The intended behaviour where the original code has a bug.
    #[default]
    Fixed,
}

/// Which shape a window has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum WindowShape {
    /// A fixed eta-phi rectangle with half-sizes per subdetector (reference: 0.2 x 0.6).
    #[default]
    Rectangle,
    /// CMSSW's `EcalClustersGraph::dynamicWindow`: eta-dependent and asymmetric in eta.
    Dynamic,
}

/// Which seed Et enters the working-point lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EtKind {
    /// pfCluster_rawEnergy / cosh(eta), as the reference.
    #[default]
    Raw,
    /// pfCluster_energy / cosh(eta), as the thresholds were derived.
    Calib,
}

/// Which CaloParticle position the fixed-mode "calo inside the seed window" check uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CaloPosition {
    #[default]
    Sim,
    Gen,
}

/// How many windows without a calo an event keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MaxNoCalo {
    /// Keep every window.
    All,
    /// Keep all calo-matched windows and at most this many others, drawn at random.
    Count(usize),
    /// The reference default, 15.
    #[default]
    Default,
}

impl MaxNoCalo {
    /// The cap, or `None` for all.
    pub fn limit(self) -> Option<usize> {
        match self {
            MaxNoCalo::All => None,
            MaxNoCalo::Count(n) => Some(n),
            MaxNoCalo::Default => Some(15),
        }
    }
}

impl std::str::FromStr for MaxNoCalo {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("all") {
            Ok(MaxNoCalo::All)
        } else {
            s.parse::<usize>()
                .map(MaxNoCalo::Count)
                .map_err(|_| format!("expected a number or \"all\", got {s:?}"))
        }
    }
}

impl std::fmt::Display for MaxNoCalo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.limit() {
            None => write!(f, "all"),
            Some(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for MaxNoCalo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.limit() {
            None => s.serialize_str("all"),
            Some(n) => s.serialize_u64(n as u64),
        }
    }
}

impl<'de> Deserialize<'de> for MaxNoCalo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(MaxNoCalo::Count(n as usize)),
            Raw::S(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// Window half-sizes (|deta|, |dphi|) of the rectangle, per subdetector.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HalfSize {
    pub deta: f64,
    pub dphi: f64,
}

/// Every parameter of the window builder. Defaults are the reference's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    pub mode: Mode,
    pub window: WindowShape,
    /// Rectangle half-sizes around a barrel seed.
    pub barrel: HalfSize,
    /// Rectangle half-sizes around an endcap seed.
    pub endcap: HalfSize,
    /// Every cluster goes into every window it is in (reference); otherwise only into the
    /// first, and seeds inside an earlier window make none.
    pub overlap: bool,
    /// Seeds need calibrated Et >= this (GeV).
    pub min_et_seed: f64,
    /// A seed is calo-matched only with a score above this.
    pub seed_min_fraction: f64,
    /// Association branch: `pfCluster_<association>` (vector<vector<double>>).
    pub association: String,
    /// Working-point file (ROOT TH2 or correctionlib JSON); `None` = the bundled default.
    pub wp: Option<PathBuf>,
    /// Name of the TH2 in a ROOT working-point file.
    pub wp_hist: String,
    /// Scale factor applied to every threshold.
    pub wp_scale: f64,
    /// Which seed Et the threshold lookup uses.
    pub wp_et: EtKind,
    pub calo_position: CaloPosition,
    pub maxnocalow: MaxNoCalo,
    /// Seed of the random choices (window sampling, compat window names).
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            mode: Mode::Fixed,
            window: WindowShape::Rectangle,
            barrel: HalfSize {
                deta: 0.2,
                dphi: 0.6,
            },
            endcap: HalfSize {
                deta: 0.2,
                dphi: 0.6,
            },
            overlap: true,
            min_et_seed: 1.0,
            seed_min_fraction: 1e-2,
            association: "sim_fraction".to_string(),
            wp: None,
            wp_hist: crate::truth::wp::DEFAULT_TH2_NAME.to_string(),
            wp_scale: 1.0,
            wp_et: EtKind::Raw,
            calo_position: CaloPosition::Sim,
            maxnocalow: MaxNoCalo::Default,
            seed: 0,
        }
    }
}

impl Params {
    pub fn compat(&self) -> bool {
        self.mode == Mode::Compat
    }

    /// Reads a TOML config file (missing keys take their defaults; unknown keys are errors).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("Params always serializes")
    }

    /// The association branch name, `pfCluster_<association>`.
    pub fn association_branch(&self) -> String {
        format!("pfCluster_{}", self.association)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_round_trip_and_defaults() {
        let p = Params {
            mode: Mode::Compat,
            maxnocalow: MaxNoCalo::All,
            wp: Some("x/y.root".into()),
            ..Params::default()
        };
        let text = p.to_toml();
        assert_eq!(Params::from_toml(&text).unwrap(), p);
        let q = Params::from_toml("maxnocalow = 4\nmode = \"compat\"\n").unwrap();
        assert_eq!(q.maxnocalow.limit(), Some(4));
        assert_eq!(q.barrel.dphi, 0.6);
        assert!(
            Params::from_toml("windw = 1")
                .unwrap_err()
                .contains("windw")
        );
        assert_eq!(Params::default().maxnocalow.limit(), Some(15));
    }
}
