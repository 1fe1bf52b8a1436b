//! Working points: the simfraction threshold a cluster's score must reach to join the
//! SuperCluster, binned in seed Et (x) and |seed eta| (y) (algorithm.md section 4).
//!
//! Two sources give the same map: a ROOT TH2 (`h2_Minimum_simScore_seedBins`, as the
//! reference reads) or a correctionlib JSON `multibinning` correction over
//! (`seed_et`, `seed_eta`) with flow `clamp`. Both look up as: find the bin (lower edge <= v <
//! upper edge; below the first edge → underflow, at/above the last edge or NaN → overflow),
//! clamp it into the histogram, read the content (f32 widened to f64).

use std::path::{Path, PathBuf};

use crate::root::hist::Th2;

/// Name of the TH2 the reference reads from a working-point ROOT file.
pub const DEFAULT_TH2_NAME: &str = "h2_Minimum_simScore_seedBins";

#[derive(Debug, thiserror::Error)]
pub enum WpError {
    #[error("{path}: cannot read working-point file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a correctionlib JSON working point: {reason}")]
    Json { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    Root { path: PathBuf, reason: String },
    #[error("{path}: bad threshold map: {reason}")]
    Shape { path: PathBuf, reason: String },
}

/// A threshold map: `values[(ix - 1) * ny + (iy - 1)]` for bins ix in 1..=nx, iy in 1..=ny.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdMap {
    /// Where it came from (file, and object or correction name), for messages and the UI.
    pub source: String,
    pub x_edges: Vec<f64>,
    pub y_edges: Vec<f64>,
    values: Vec<f64>,
}

impl ThresholdMap {
    /// Builds a map from edges and values in x-major order (`values[ix * ny + iy]`, 0-based).
    pub fn new(
        source: String,
        x_edges: Vec<f64>,
        y_edges: Vec<f64>,
        values: Vec<f64>,
    ) -> Result<Self, String> {
        let ok_edges = |e: &[f64]| e.len() >= 2 && e.windows(2).all(|w| w[0] < w[1]);
        if !ok_edges(&x_edges) || !ok_edges(&y_edges) {
            return Err("bin edges must be at least two increasing numbers per axis".into());
        }
        let (nx, ny) = (x_edges.len() - 1, y_edges.len() - 1);
        if values.len() != nx * ny {
            return Err(format!("{} values for {nx} x {ny} bins", values.len()));
        }
        Ok(ThresholdMap {
            source,
            x_edges,
            y_edges,
            values,
        })
    }

    /// The map of a TH2 (flow bins dropped: lookups clamp into the histogram).
    pub fn from_th2(source: String, h: &Th2) -> Result<Self, String> {
        let (nx, ny) = (h.nx(), h.ny());
        if h.contents.len() != (nx + 2) * (ny + 2) {
            return Err(format!(
                "TH2 with {nx} x {ny} bins has {} contents",
                h.contents.len()
            ));
        }
        let mut values = Vec::with_capacity(nx * ny);
        for ix in 1..=nx {
            for iy in 1..=ny {
                values.push(h.bin_content(ix, iy));
            }
        }
        ThresholdMap::new(source, h.x_edges.clone(), h.y_edges.clone(), values)
    }

    /// Parses a correctionlib JSON document: the first correction (or the one named `name`)
    /// whose data is a `multibinning` over (`seed_et`, `seed_eta`).
    pub fn from_correctionlib(
        source: &str,
        text: &str,
        name: Option<&str>,
    ) -> Result<Self, String> {
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let corrections = doc
            .get("corrections")
            .and_then(|c| c.as_array())
            .ok_or("no \"corrections\" array")?;
        let corr = corrections
            .iter()
            .find(|c| name.is_none_or(|n| c.get("name").and_then(|v| v.as_str()) == Some(n)))
            .ok_or_else(|| match name {
                Some(n) => format!("no correction named {n:?}"),
                None => "no correction in the file".to_string(),
            })?;
        let cname = corr.get("name").and_then(|v| v.as_str()).unwrap_or("?");
        let data = corr.get("data").ok_or("correction without \"data\"")?;
        if data.get("nodetype").and_then(|v| v.as_str()) != Some("multibinning") {
            return Err(format!("correction {cname:?} is not a multibinning"));
        }
        let inputs: Vec<&str> = data
            .get("inputs")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        if inputs != ["seed_et", "seed_eta"] {
            return Err(format!(
                "correction {cname:?} bins in {inputs:?}, expected [\"seed_et\", \"seed_eta\"]"
            ));
        }
        match data.get("flow").and_then(|v| v.as_str()) {
            Some("clamp") => {}
            other => {
                return Err(format!(
                    "correction {cname:?} has flow {other:?}; only \"clamp\" is supported"
                ));
            }
        }
        let edges = data
            .get("edges")
            .and_then(|v| v.as_array())
            .ok_or("multibinning without \"edges\"")?;
        if edges.len() != 2 {
            return Err(format!("{} edge lists, expected 2", edges.len()));
        }
        let x = nums(&edges[0]).ok_or("seed_et edges are not all numbers")?;
        let y = nums(&edges[1]).ok_or("seed_eta edges are not all numbers")?;
        let content = data
            .get("content")
            .and_then(nums)
            .ok_or("content must be a list of numbers")?;
        ThresholdMap::new(format!("{source}:{cname}"), x, y, content)
    }

    /// Loads a working-point file: correctionlib JSON (`.json`, also gzipped `.json.gz`) or
    /// a ROOT file holding the TH2 `th2_name`.
    pub fn load(path: &Path, th2_name: &str) -> Result<Self, WpError> {
        let name = path.display().to_string();
        let is_json = name.ends_with(".json") || name.ends_with(".json.gz");
        if is_json {
            let bytes = std::fs::read(path).map_err(|source| WpError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let text = if name.ends_with(".gz") {
                let mut s = String::new();
                use std::io::Read;
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_string(&mut s)
                    .map_err(|source| WpError::Io {
                        path: path.to_path_buf(),
                        source,
                    })?;
                s
            } else {
                String::from_utf8(bytes).map_err(|e| WpError::Json {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?
            };
            return ThresholdMap::from_correctionlib(&name, &text, None).map_err(|reason| {
                WpError::Json {
                    path: path.to_path_buf(),
                    reason,
                }
            });
        }
        let h = crate::root::read::RootFile::open(path)
            .and_then(|f| f.th2(th2_name))
            .map_err(|e| WpError::Root {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        ThresholdMap::from_th2(format!("{name}:{th2_name}"), &h).map_err(|reason| WpError::Shape {
            path: path.to_path_buf(),
            reason,
        })
    }

    pub fn nx(&self) -> usize {
        self.x_edges.len() - 1
    }

    pub fn ny(&self) -> usize {
        self.y_edges.len() - 1
    }

    /// The (ix, iy) bin, 1-based, clamped into the histogram, of a seed with Et `et` and
    /// pseudorapidity `eta` (the map is binned in |eta|).
    pub fn bin(&self, et: f64, eta: f64) -> (usize, usize) {
        let ix = Th2::find_bin(&self.x_edges, et).clamp(1, self.nx());
        let iy = Th2::find_bin(&self.y_edges, eta.abs()).clamp(1, self.ny());
        (ix, iy)
    }

    /// Content of bin (ix, iy), 1-based.
    pub fn value(&self, ix: usize, iy: usize) -> f64 {
        self.values[(ix - 1) * self.ny() + (iy - 1)]
    }

    /// The threshold for a seed with Et `et` and pseudorapidity `eta`.
    pub fn threshold(&self, et: f64, eta: f64) -> f64 {
        let (ix, iy) = self.bin(et, eta);
        self.value(ix, iy)
    }
}

fn nums(v: &serde_json::Value) -> Option<Vec<f64>> {
    v.as_array()?.iter().map(|x| x.as_f64()).collect()
}

/// The working point bundled in `assets/` (see the README for how it was made).
pub fn default_map() -> ThresholdMap {
    ThresholdMap::from_correctionlib(
        "assets/default_wp.json",
        include_str!("../../assets/default_wp.json"),
        None,
    )
    .expect("the bundled working point parses (checked by a test)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> ThresholdMap {
        ThresholdMap::new(
            "t".into(),
            vec![1.0, 10.0, 100.0],
            vec![0.0, 1.479, 3.0],
            vec![0.1, 0.2, 0.3, 0.4],
        )
        .unwrap()
    }

    #[test]
    fn lookup_clamps_and_uses_abs_eta() {
        let m = map();
        assert_eq!(m.threshold(0.5, 0.0), 0.1); // underflow in Et -> first bin
        assert_eq!(m.threshold(5.0, -2.0), 0.2); // |eta|
        assert_eq!(m.threshold(10.0, 1.479), 0.4); // lower edge belongs to the bin
        assert_eq!(m.threshold(1e6, 5.0), 0.4); // overflow -> last bin
        assert_eq!(m.threshold(f64::NAN, 0.5), 0.3); // NaN -> overflow -> last bin
    }

    #[test]
    fn correctionlib_multibinning() {
        let text = r#"{"schema_version": 2, "corrections": [{"name": "simfraction_thres",
            "inputs": [{"name": "seed_et"}, {"name": "seed_eta"}], "output": {"name": "x"},
            "data": {"nodetype": "multibinning", "inputs": ["seed_et", "seed_eta"],
            "edges": [[1.0, 10.0, 100.0], [0.0, 1.479, 3.0]], "content": [0.1, 0.2, 0.3, 0.4],
            "flow": "clamp"}}]}"#;
        let m = ThresholdMap::from_correctionlib("f.json", text, None).unwrap();
        assert_eq!(
            m,
            ThresholdMap {
                source: "f.json:simfraction_thres".into(),
                ..map()
            }
        );
        let bad = text.replace("clamp", "error");
        assert!(
            ThresholdMap::from_correctionlib("f.json", &bad, None)
                .unwrap_err()
                .contains("flow")
        );
    }
}
