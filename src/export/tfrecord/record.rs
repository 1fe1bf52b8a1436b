//! [`WindowRecord`]: the values of one TFRecord window, and its `SequenceExample` bytes.
//!
//! Both encoders ([`encode_window`] from a built window, [`super::encode_json_window`]
//! from an NDJSON window) fill a `WindowRecord` first and serialize it with the same code,
//! so the same window gives the same bytes whichever way it came.

use std::sync::Arc;

use prost::Message;

use super::proto::{
    DT_FLOAT, Feature, FeatureEntry, FeatureList, FeatureListEntry, FeatureLists, Features, Kind,
    SequenceExample, TensorProto,
};
use crate::dumper::Event;
use crate::root::hist::Th2;
use crate::windows::Window;

/// `s_f`: the seed features, in this order (outputs.md, seed README).
pub const SEED_FEATURES: [&str; 24] = [
    "seed_eta",
    "seed_phi",
    "seed_ieta",
    "seed_iphi",
    "seed_iz",
    "en_seed",
    "et_seed",
    "en_seed_calib",
    "et_seed_calib",
    "en_true",
    "et_true",
    "seed_f5_r9",
    "seed_f5_sigmaIetaIeta",
    "seed_f5_sigmaIetaIphi",
    "seed_f5_sigmaIphiIphi",
    "seed_f5_swissCross",
    "seed_r9",
    "seed_sigmaIetaIeta",
    "seed_sigmaIetaIphi",
    "seed_sigmaIphiIphi",
    "seed_swissCross",
    "seed_nxtals",
    "seed_etaWidth",
    "seed_phiWidth",
];

/// `s_l`: the seed labels (int64). `is_seed_mustach_matched` is the reference's spelling.
pub const SEED_LABELS: [&str; 3] = [
    "is_seed_calo_matched",
    "is_seed_calo_seed",
    "is_seed_mustach_matched",
];

/// `s_m`: the seed/window metadata (float).
pub const SEED_METADATA: [&str; 8] = [
    "nclusters_insc",
    "max_en_cluster_insc",
    "max_deta_cluster_insc",
    "max_dphi_cluster_insc",
    "max_en_cluster",
    "max_deta_cluster",
    "max_dphi_cluster",
    "seed_score",
];

/// `cl_f`: the features of each cluster (float).
pub const CLUSTER_FEATURES: [&str; 22] = [
    "cluster_ieta",
    "cluster_iphi",
    "cluster_iz",
    "cluster_deta",
    "cluster_dphi",
    "en_cluster",
    "et_cluster",
    "en_cluster_calib",
    "et_cluster_calib",
    "cl_f5_r9",
    "cl_f5_sigmaIetaIeta",
    "cl_f5_sigmaIetaIphi",
    "cl_f5_sigmaIphiIphi",
    "cl_f5_swissCross",
    "cl_r9",
    "cl_sigmaIetaIeta",
    "cl_sigmaIetaIphi",
    "cl_sigmaIphiIphi",
    "cl_swissCross",
    "cl_nxtals",
    "cl_etaWidth",
    "cl_phiWidth",
];

/// `cl_l`: the labels of each cluster (int64).
pub const CLUSTER_LABELS: [&str; 6] = [
    "is_seed",
    "is_calo_matched",
    "is_calo_seed",
    "in_scluster",
    "in_geom_mustache",
    "in_mustache",
];

/// `cl_m`: the metadata of each cluster (float).
pub const CLUSTER_METADATA: [&str; 1] = ["calo_score"];

/// The context keys of a record, in the (sorted) order they are written.
pub const CONTEXT_KEYS: [&str; 8] = ["f", "n_cl", "s_f", "s_h", "s_l", "s_m", "w_cl", "wi"];

/// The feature-list keys of a record, in the (sorted) order they are written. Every one is
/// always present, empty for a window without clusters.
pub const FEATURE_LIST_KEYS: [&str; 7] =
    ["cl_f", "cl_h0", "cl_h1", "cl_h2", "cl_h4", "cl_l", "cl_m"];

/// The weight map of `--weights`: a TH2 named `weight` with x = `et_seed`, y = `ncls`,
/// looked up as ROOT's `h.GetBinContent(h.FindBin(et_seed, ncls))` (flow bins included).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    th2: Th2,
}

impl Weights {
    /// Checks the histogram's shape (at least one bin per axis, contents with flow bins).
    pub fn from_th2(th2: Th2) -> Result<Self, String> {
        let (nx, ny) = (th2.nx(), th2.ny());
        if nx == 0 || ny == 0 {
            return Err(format!(
                "weight histogram `{}` has no bins ({} x edges, {} y edges)",
                th2.name,
                th2.x_edges.len(),
                th2.y_edges.len()
            ));
        }
        if th2.contents.len() != (nx + 2) * (ny + 2) {
            return Err(format!(
                "weight histogram `{}` has {} contents, expected (nx+2)*(ny+2) = {}",
                th2.name,
                th2.contents.len(),
                (nx + 2) * (ny + 2)
            ));
        }
        Ok(Weights { th2 })
    }

    /// The histogram.
    pub fn th2(&self) -> &Th2 {
        &self.th2
    }

    /// The weight of a window with this seed Et and cluster count.
    pub fn weight(&self, et_seed: f64, ncls: f64) -> f64 {
        let ix = Th2::find_bin(&self.th2.x_edges, et_seed);
        let iy = Th2::find_bin(&self.th2.y_edges, ncls);
        self.th2.bin_content(ix, iy)
    }
}

/// What a record carries besides the window itself.
#[derive(Debug, Clone, Default)]
pub struct TfOptions {
    /// Flavour flag `f` (e.g. 11 electrons, 22 photons): written for calo-matched windows;
    /// windows without a calo get 0. Always written (0 when the user gave none), since the
    /// DeepSC loaders require the `f` key.
    pub flavour: i64,
    /// The weight map; `wi` = 1.0 without one.
    pub weights: Option<Arc<Weights>>,
}

impl TfOptions {
    fn weight(&self, et_seed: f64, ncls: f64) -> f32 {
        self.weights
            .as_ref()
            .map_or(1.0, |w| w.weight(et_seed, ncls) as f32)
    }

    fn flag(&self, calo_matched: bool) -> i64 {
        if calo_matched { self.flavour } else { 0 }
    }
}

/// One cluster of a [`WindowRecord`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRecord {
    /// `cl_f`, in [`CLUSTER_FEATURES`] order.
    pub features: [f32; 22],
    /// `cl_l`, in [`CLUSTER_LABELS`] order.
    pub labels: [i64; 6],
    /// `cl_m`: calo_score.
    pub metadata: [f32; 1],
    /// Hits: ieta, iphi, iz, energy × fraction (`cl_h0`, `cl_h1`, `cl_h2`, `cl_h4`).
    pub hits: Vec<[f32; 4]>,
}

/// The values of one TFRecord window (outputs.md, "TFRecord"): NDJSON values cast to
/// float32 (int64 for labels and counts).
#[derive(Debug, Clone, PartialEq)]
pub struct WindowRecord {
    /// `w_cl`: 0 no calo, 1 calo-matched not calo seed, 2 calo-matched calo seed.
    pub class: i64,
    /// `n_cl` = ncls.
    pub n_cl: i64,
    /// `wi`.
    pub weight: f32,
    /// `f`.
    pub flavour: i64,
    /// `s_f`, in [`SEED_FEATURES`] order.
    pub seed_features: [f32; 24],
    /// `s_l`, in [`SEED_LABELS`] order.
    pub seed_labels: [i64; 3],
    /// `s_m`, in [`SEED_METADATA`] order.
    pub seed_metadata: [f32; 8],
    /// `s_h`: seed hits (ieta, iphi, iz, energy × fraction).
    pub seed_hits: Vec<[f32; 4]>,
    /// One entry per cluster, in window order.
    pub clusters: Vec<ClusterRecord>,
}

fn col<T: Copy + Into<f64>>(c: &[T], i: usize) -> f64 {
    c.get(i).map_or(f64::NAN, |&v| v.into())
}

fn icol(c: &[i32], i: usize) -> f32 {
    c.get(i).map_or(f32::NAN, |&v| v as f32)
}

/// The ten shower-shape columns of `s_f` / `cl_f` (f5 shapes, then full shapes;
/// nxtals, etaWidth and phiWidth follow): the first ten of [`Event::shower_shapes`].
fn shape_cols<'a>(ev: &Event<'a>) -> [&'a [f32]; 10] {
    let all = ev.shower_shapes();
    std::array::from_fn(|k| all[k])
}

/// Hits of cluster `cl`: ieta, iphi, iz, energy × fraction (computed in f64, as NDJSON).
fn event_hits(ev: &Event<'_>, cl: usize) -> Vec<[f32; 4]> {
    let (ieta, iphi, iz) = (ev.hit_ieta.row(cl), ev.hit_iphi.row(cl), ev.hit_iz.row(cl));
    let (en, fr) = (ev.hit_energy.row(cl), ev.hit_fraction.row(cl));
    let n = ieta
        .len()
        .min(iphi.len())
        .min(iz.len())
        .min(en.len())
        .min(fr.len());
    (0..n)
        .map(|h| {
            [
                ieta[h] as f32,
                iphi[h] as f32,
                iz[h] as f32,
                (en[h] as f64 * fr[h] as f64) as f32,
            ]
        })
        .collect()
}

fn b(v: bool) -> i64 {
    v as i64
}

impl WindowRecord {
    /// The record of a window built by [`crate::windows::build`] on `ev`: the same values
    /// as [`crate::export::ndjson::write_window`] writes, cast to float32 / int64.
    pub fn from_window(w: &Window, ev: &Event<'_>, opts: &TfOptions) -> Self {
        let s = w.seed;
        let matched = w.is_seed_calo_matched();
        let (en_true, et_true) = if matched {
            (w.en_true, w.et_true)
        } else {
            (0.0, 0.0)
        };
        let mut sf = [0f32; 24];
        let head = [
            w.seed_eta,
            w.seed_phi,
            w.seed_ieta as f64,
            w.seed_iphi as f64,
            w.seed_iz as f64,
            w.en_seed,
            w.et_seed,
            w.en_seed_calib,
            w.et_seed_calib,
            en_true,
            et_true,
        ];
        for (o, v) in sf.iter_mut().zip(head) {
            *o = v as f32;
        }
        for (k, c) in shape_cols(ev).iter().enumerate() {
            sf[11 + k] = col(c, s) as f32;
        }
        sf[21] = col(ev.cl_nxtals, s) as f32;
        sf[22] = col(ev.cl_eta_width, s) as f32;
        sf[23] = col(ev.cl_phi_width, s) as f32;

        let (insc_en, insc_deta, insc_dphi) = if matched {
            (
                w.max_en_cluster_insc,
                w.max_deta_cluster_insc,
                w.max_dphi_cluster_insc,
            )
        } else {
            (-1.0, -1.0, -1.0)
        };
        let sm = [
            w.nclusters_insc as f32,
            insc_en as f32,
            insc_deta as f32,
            insc_dphi as f32,
            w.max_en_cluster as f32,
            w.max_deta_cluster as f32,
            w.max_dphi_cluster as f32,
            w.seed_score as f32,
        ];

        let shapes = shape_cols(ev);
        let clusters = w
            .clusters
            .iter()
            .map(|c| {
                let k = c.index;
                let cosh = col(ev.cl_eta, k).cosh();
                let en = col(ev.cl_raw_energy, k);
                let en_calib = col(ev.cl_energy, k);
                let mut f = [0f32; 22];
                f[0] = icol(ev.cl_ieta, k);
                f[1] = icol(ev.cl_iphi, k);
                f[2] = icol(ev.cl_iz, k);
                f[3] = c.deta as f32;
                f[4] = c.dphi as f32;
                f[5] = en as f32;
                f[6] = (en / cosh) as f32;
                f[7] = en_calib as f32;
                f[8] = (en_calib / cosh) as f32;
                for (j, sc) in shapes.iter().enumerate() {
                    f[9 + j] = col(sc, k) as f32;
                }
                f[19] = col(ev.cl_nxtals, k) as f32;
                f[20] = col(ev.cl_eta_width, k) as f32;
                f[21] = col(ev.cl_phi_width, k) as f32;
                ClusterRecord {
                    features: f,
                    labels: [
                        b(c.is_seed),
                        b(c.is_calo_matched),
                        b(c.is_calo_seed),
                        b(c.in_scluster),
                        b(c.in_geom_mustache),
                        b(c.in_mustache),
                    ],
                    metadata: [c.calo_score as f32],
                    hits: event_hits(ev, k),
                }
            })
            .collect();

        WindowRecord {
            class: w.class() as i64,
            n_cl: w.ncls() as i64,
            weight: opts.weight(w.et_seed, w.ncls() as f64),
            flavour: opts.flag(matched),
            seed_features: sf,
            seed_labels: [
                b(matched),
                b(w.is_seed_calo_seed),
                b(w.is_seed_mustache_matched()),
            ],
            seed_metadata: sm,
            seed_hits: event_hits(ev, s),
            clusters,
        }
    }

    /// The `tf.train.SequenceExample` of this record, with keys in sorted order.
    pub fn to_proto(&self) -> SequenceExample {
        let s_h = TensorProto::float_matrix(&self.seed_hits).encode_to_vec();
        let context: [(&str, Feature); 8] = [
            ("f", Feature::ints(vec![self.flavour])),
            ("n_cl", Feature::ints(vec![self.n_cl])),
            ("s_f", Feature::floats(self.seed_features.to_vec())),
            ("s_h", Feature::bytes(s_h)),
            ("s_l", Feature::ints(self.seed_labels.to_vec())),
            ("s_m", Feature::floats(self.seed_metadata.to_vec())),
            ("w_cl", Feature::ints(vec![self.class])),
            ("wi", Feature::floats(vec![self.weight])),
        ];
        let cls = &self.clusters;
        let hit_col = |j: usize| -> Vec<Feature> {
            cls.iter()
                .map(|c| Feature::floats(c.hits.iter().map(|h| h[j]).collect()))
                .collect()
        };
        let lists: [(&str, Vec<Feature>); 7] = [
            (
                "cl_f",
                cls.iter()
                    .map(|c| Feature::floats(c.features.to_vec()))
                    .collect(),
            ),
            ("cl_h0", hit_col(0)),
            ("cl_h1", hit_col(1)),
            ("cl_h2", hit_col(2)),
            ("cl_h4", hit_col(3)),
            (
                "cl_l",
                cls.iter()
                    .map(|c| Feature::ints(c.labels.to_vec()))
                    .collect(),
            ),
            (
                "cl_m",
                cls.iter()
                    .map(|c| Feature::floats(c.metadata.to_vec()))
                    .collect(),
            ),
        ];
        SequenceExample {
            context: Some(Features {
                feature: context
                    .into_iter()
                    .map(|(k, v)| FeatureEntry {
                        key: k.to_string(),
                        value: Some(v),
                    })
                    .collect(),
            }),
            feature_lists: Some(FeatureLists {
                feature_list: lists
                    .into_iter()
                    .map(|(k, feature)| FeatureListEntry {
                        key: k.to_string(),
                        value: Some(FeatureList { feature }),
                    })
                    .collect(),
            }),
        }
    }

    /// The serialized `SequenceExample` (one TFRecord record, before framing).
    pub fn encode(&self) -> Vec<u8> {
        self.to_proto().encode_to_vec()
    }

    /// Decodes a record written by [`WindowRecord::encode`] (or any `SequenceExample` with
    /// the same keys, dtypes and lengths, in any key order).
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let ex = SequenceExample::decode(bytes).map_err(|e| DecodeError(e.to_string()))?;
        let ctx = ex.context.unwrap_or_default().feature;
        let lists = ex.feature_lists.unwrap_or_default().feature_list;
        let cget = |k: &str| -> Result<&Kind, DecodeError> {
            ctx.iter()
                .rev()
                .find(|e| e.key == k)
                .and_then(|e| e.value.as_ref())
                .and_then(|f| f.kind.as_ref())
                .ok_or_else(|| DecodeError(format!("context key `{k}` missing")))
        };
        let lget = |k: &str| -> Result<&[Feature], DecodeError> {
            lists
                .iter()
                .rev()
                .find(|e| e.key == k)
                .and_then(|e| e.value.as_ref())
                .map(|l| l.feature.as_slice())
                .ok_or_else(|| DecodeError(format!("feature list `{k}` missing")))
        };
        let s_h = match cget("s_h")? {
            Kind::BytesList(b) if b.value.len() == 1 => decode_float_matrix::<4>(&b.value[0])
                .map_err(|e| DecodeError(format!("s_h: {e}")))?,
            _ => return Err(DecodeError("s_h: expected one bytes value".into())),
        };
        let n = lget("cl_f")?.len();
        let mut clusters = Vec::with_capacity(n);
        let (cf, cl, cm) = (lget("cl_f")?, lget("cl_l")?, lget("cl_m")?);
        let hs = [
            lget("cl_h0")?,
            lget("cl_h1")?,
            lget("cl_h2")?,
            lget("cl_h4")?,
        ];
        for (k, l) in [cl, cm].iter().chain(hs.iter()).enumerate() {
            if l.len() != n {
                return Err(DecodeError(format!(
                    "feature list {k}: {} features, cl_f has {n}",
                    l.len()
                )));
            }
        }
        for i in 0..n {
            let hcols: Vec<&[f32]> = hs
                .iter()
                .map(|l| floats(&l[i], "cl_h*"))
                .collect::<Result<_, _>>()?;
            let nh = hcols[0].len();
            if hcols.iter().any(|c| c.len() != nh) {
                return Err(DecodeError(format!(
                    "cluster {i}: hit columns differ in length"
                )));
            }
            clusters.push(ClusterRecord {
                features: fixed(floats(&cf[i], "cl_f")?, "cl_f")?,
                labels: fixed(ints(&cl[i], "cl_l")?, "cl_l")?,
                metadata: fixed(floats(&cm[i], "cl_m")?, "cl_m")?,
                hits: (0..nh)
                    .map(|h| [hcols[0][h], hcols[1][h], hcols[2][h], hcols[3][h]])
                    .collect(),
            });
        }
        let one_int = |k: &str| -> Result<i64, DecodeError> {
            Ok(fixed::<i64, 1>(kind_ints(cget(k)?, k)?, k)?[0])
        };
        Ok(WindowRecord {
            class: one_int("w_cl")?,
            n_cl: one_int("n_cl")?,
            weight: fixed::<f32, 1>(kind_floats(cget("wi")?, "wi")?, "wi")?[0],
            flavour: one_int("f")?,
            seed_features: fixed(kind_floats(cget("s_f")?, "s_f")?, "s_f")?,
            seed_labels: fixed(kind_ints(cget("s_l")?, "s_l")?, "s_l")?,
            seed_metadata: fixed(kind_floats(cget("s_m")?, "s_m")?, "s_m")?,
            seed_hits: s_h,
            clusters,
        })
    }
}

/// A record that does not decode as a window `SequenceExample`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("bad window record: {0}")]
pub struct DecodeError(pub String);

fn kind_floats<'a>(k: &'a Kind, key: &str) -> Result<&'a [f32], DecodeError> {
    match k {
        Kind::FloatList(l) => Ok(&l.value),
        _ => Err(DecodeError(format!("`{key}` is not a float_list"))),
    }
}

fn kind_ints<'a>(k: &'a Kind, key: &str) -> Result<&'a [i64], DecodeError> {
    match k {
        Kind::Int64List(l) => Ok(&l.value),
        _ => Err(DecodeError(format!("`{key}` is not an int64_list"))),
    }
}

fn floats<'a>(f: &'a Feature, key: &str) -> Result<&'a [f32], DecodeError> {
    match &f.kind {
        Some(k) => kind_floats(k, key),
        None => Err(DecodeError(format!("`{key}` feature is empty"))),
    }
}

fn ints<'a>(f: &'a Feature, key: &str) -> Result<&'a [i64], DecodeError> {
    match &f.kind {
        Some(k) => kind_ints(k, key),
        None => Err(DecodeError(format!("`{key}` feature is empty"))),
    }
}

fn fixed<T: Copy, const N: usize>(v: &[T], key: &str) -> Result<[T; N], DecodeError> {
    v.try_into()
        .map_err(|_| DecodeError(format!("`{key}` has {} values, expected {N}", v.len())))
}

/// Decodes a serialized float32 TensorProto of shape `[n, N]` into rows.
pub fn decode_float_matrix<const N: usize>(bytes: &[u8]) -> Result<Vec<[f32; N]>, String> {
    let t = TensorProto::decode(bytes).map_err(|e| e.to_string())?;
    if t.dtype != DT_FLOAT {
        return Err(format!("dtype {} is not DT_FLOAT", t.dtype));
    }
    let dims: Vec<i64> = t
        .tensor_shape
        .unwrap_or_default()
        .dim
        .iter()
        .map(|d| d.size)
        .collect();
    if dims.len() != 2 || dims[1] != N as i64 || dims[0] < 0 {
        return Err(format!("shape {dims:?} is not [n, {N}]"));
    }
    let n = dims[0] as usize;
    let values: Vec<f32> = if t.tensor_content.is_empty() && !t.float_val.is_empty() {
        t.float_val
    } else {
        t.tensor_content
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    };
    if values.len() != n * N || t.tensor_content.len() % 4 != 0 {
        return Err(format!("{} values for shape [{n}, {N}]", values.len()));
    }
    Ok(values
        .chunks_exact(N)
        .map(|c| c.try_into().expect("chunk of N"))
        .collect())
}

/// The `SequenceExample` bytes of window `w` of event `ev` (outputs.md, "TFRecord").
pub fn encode_window(w: &Window, ev: &Event<'_>, opts: &TfOptions) -> Vec<u8> {
    WindowRecord::from_window(w, ev, opts).encode()
}
