//! NDJSON: one window a line, keys in the reference's order (outputs.md), `window_index`
//! first so that downstream loaders can find a record with
//! `line[line.rfind('{"window_index"'):]`.
//!
//! Written by hand for speed: the layout mirrors Python's `json.dumps` (`", "` and `": "`
//! separators); floats use the shortest text that parses back to the same f64 (zmij), so
//! values are those of the reference although `1e-05` prints as `1e-5`. Integer-valued
//! reference fields (`-1` scores, `0` true energy without a calo) are written as integers.
//! NaN and infinities are written as `NaN`/`Infinity` in compat mode (as Python does) and
//! as `null` in fixed mode.

use crate::dumper::Event;
use crate::windows::{ClusterInWindow, Window};

use super::Source;

/// `, "name": ` — a key after the first of an object, as one static string.
macro_rules! key {
    ($k:literal) => {
        concat!(", \"", $k, "\": ")
    };
}

/// `"name": ` — the first key of an object.
macro_rules! first_key {
    ($k:literal) => {
        concat!("\"", $k, "\": ")
    };
}

/// Low-level JSON text writer into a byte buffer.
struct Json<'b> {
    out: &'b mut Vec<u8>,
    compat: bool,
}

impl Json<'_> {
    /// Writes a key token made by [`key!`] (`, "name": `) or [`first_key!`] (`"name": `).
    fn key(&mut self, tok: &str) {
        self.out.extend_from_slice(tok.as_bytes());
    }

    fn float(&mut self, v: f64) {
        write_float(self.out, v, self.compat);
    }

    fn f(&mut self, k: &str, v: f64) {
        self.key(k);
        self.float(v);
    }

    /// A float that the reference writes as the integer `-1` (or `0`) when it is exactly that.
    fn f_or_int(&mut self, k: &str, v: f64, int: i64) {
        self.key(k);
        if v == int as f64 {
            self.int(int);
        } else {
            self.float(v);
        }
    }

    fn int(&mut self, v: i64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }

    fn i(&mut self, k: &str, v: i64) {
        self.key(k);
        self.int(v);
    }

    fn b(&mut self, k: &str, v: bool) {
        self.key(k);
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
    }

    fn s(&mut self, k: &str, v: &str) {
        self.key(k);
        write_string(self.out, v);
    }
}

/// Appends a float as JSON text.
pub fn write_float(out: &mut Vec<u8>, v: f64, compat: bool) {
    if v.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
    } else if !compat {
        out.extend_from_slice(b"null");
    } else if v.is_nan() {
        out.extend_from_slice(b"NaN");
    } else if v > 0.0 {
        out.extend_from_slice(b"Infinity");
    } else {
        out.extend_from_slice(b"-Infinity");
    }
}

/// Appends a JSON string literal (escaping quotes, backslashes and control characters).
pub fn write_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes());
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// `seed_hits` / `cl_hits` of cluster `j`: rows [ieta, iphi, iz, energy, energy*fraction,
/// fraction].
fn write_hits(j: &mut Json<'_>, ev: &Event<'_>, cl: usize) {
    let (ieta, iphi, iz) = (ev.hit_ieta.row(cl), ev.hit_iphi.row(cl), ev.hit_iz.row(cl));
    let (en, fr) = (ev.hit_energy.row(cl), ev.hit_fraction.row(cl));
    let n = ieta
        .len()
        .min(iphi.len())
        .min(iz.len())
        .min(en.len())
        .min(fr.len());
    j.out.push(b'[');
    for h in 0..n {
        if h > 0 {
            j.out.extend_from_slice(b", ");
        }
        j.out.push(b'[');
        j.int(ieta[h] as i64);
        j.out.extend_from_slice(b", ");
        j.int(iphi[h] as i64);
        j.out.extend_from_slice(b", ");
        j.int(iz[h] as i64);
        j.out.extend_from_slice(b", ");
        let (e, f) = (en[h] as f64, fr[h] as f64);
        j.float(e);
        j.out.extend_from_slice(b", ");
        j.float(e * f);
        j.out.extend_from_slice(b", ");
        j.float(f);
        j.out.push(b']');
    }
    j.out.push(b']');
}

/// Keys of the shower shapes of [`Event::shower_shapes`], for the seed and for clusters.
const SEED_SHAPE_KEYS: [&str; 12] = [
    key!("seed_f5_r9"),
    key!("seed_f5_sigmaIetaIeta"),
    key!("seed_f5_sigmaIetaIphi"),
    key!("seed_f5_sigmaIphiIphi"),
    key!("seed_f5_swissCross"),
    key!("seed_r9"),
    key!("seed_sigmaIetaIeta"),
    key!("seed_sigmaIetaIphi"),
    key!("seed_sigmaIphiIphi"),
    key!("seed_swissCross"),
    key!("seed_etaWidth"),
    key!("seed_phiWidth"),
];
const CL_SHAPE_KEYS: [&str; 12] = [
    key!("cl_f5_r9"),
    key!("cl_f5_sigmaIetaIeta"),
    key!("cl_f5_sigmaIetaIphi"),
    key!("cl_f5_sigmaIphiIphi"),
    key!("cl_f5_swissCross"),
    key!("cl_r9"),
    key!("cl_sigmaIetaIeta"),
    key!("cl_sigmaIetaIphi"),
    key!("cl_sigmaIphiIphi"),
    key!("cl_swissCross"),
    key!("cl_etaWidth"),
    key!("cl_phiWidth"),
];

fn value_f32(col: &[f32], i: usize) -> f64 {
    col.get(i).map_or(f64::NAN, |&v| v as f64)
}

/// Writes NDJSON windows, caching the parts of a cluster's record that do not depend on
/// the window (energies, shower shapes, hits): with overlapping windows a cluster appears in
/// several windows of an event and is formatted once.
pub struct NdjsonEncoder {
    compat: bool,
    /// Identity of the event the cache belongs to.
    event: Option<(u64, u64, usize, usize)>,
    /// Formatted fragments of the current event.
    scratch: Vec<u8>,
    /// Per cluster: range in `scratch` of `"cluster_iz": ... "cl_hits": [...]`.
    cluster_block: Vec<Option<(usize, usize)>>,
    /// Per cluster: range in `scratch` of its hits array.
    hits: Vec<Option<(usize, usize)>>,
}

impl NdjsonEncoder {
    /// `compat` writes NaN/Infinity as Python does; otherwise they are `null`.
    pub fn new(compat: bool) -> Self {
        NdjsonEncoder {
            compat,
            event: None,
            scratch: Vec::new(),
            cluster_block: Vec::new(),
            hits: Vec::new(),
        }
    }

    fn start_event(&mut self, ev: &Event<'_>) {
        let id = (
            ev.id.file_key,
            ev.id.entry,
            ev.cl_energy.as_ptr() as usize,
            ev.cl_energy.len(),
        );
        if self.event != Some(id) {
            self.event = Some(id);
            self.scratch.clear();
            self.cluster_block.clear();
            self.cluster_block.resize(ev.n_clusters(), None);
            self.hits.clear();
            self.hits.resize(ev.n_clusters(), None);
        }
    }

    /// The hits array of cluster `k` (formatted once per event).
    fn hits_range(&mut self, ev: &Event<'_>, k: usize) -> (usize, usize) {
        if let Some(r) = self.hits[k] {
            return r;
        }
        let start = self.scratch.len();
        let mut j = Json {
            out: &mut self.scratch,
            compat: self.compat,
        };
        write_hits(&mut j, ev, k);
        let r = (start, self.scratch.len());
        self.hits[k] = Some(r);
        r
    }

    /// `, "cluster_iz": ..., "cl_hits": [...]` of cluster `k` (formatted once per event).
    fn cluster_block_range(&mut self, ev: &Event<'_>, k: usize) -> (usize, usize) {
        if let Some(r) = self.cluster_block[k] {
            return r;
        }
        let (hs, he) = self.hits_range(ev, k);
        let start = self.scratch.len();
        let mut block = std::mem::take(&mut self.scratch);
        {
            let mut j = Json {
                out: &mut block,
                compat: self.compat,
            };
            let cosh = (ev.cl_eta[k] as f64).cosh();
            let en = ev.cl_raw_energy[k] as f64;
            let en_calib = ev.cl_energy[k] as f64;
            j.i(key!("cluster_iz"), ev.cl_iz[k] as i64);
            j.f(key!("en_cluster"), en);
            j.f(key!("et_cluster"), en / cosh);
            j.f(key!("en_cluster_calib"), en_calib);
            j.f(key!("et_cluster_calib"), en_calib / cosh);
            for (tok, col) in CL_SHAPE_KEYS.iter().zip(ev.shower_shapes()) {
                j.f(tok, value_f32(col, k));
            }
            j.f(
                key!("cl_nxtals"),
                ev.cl_nxtals.get(k).copied().unwrap_or(f64::NAN),
            );
            j.key(key!("cl_hits"));
            j.out.extend_from_within(hs..he);
        }
        self.scratch = block;
        let r = (start, self.scratch.len());
        self.cluster_block[k] = Some(r);
        r
    }

    fn write_cluster(&mut self, out: &mut Vec<u8>, ev: &Event<'_>, c: &ClusterInWindow) {
        let k = c.index;
        let (bs, be) = self.cluster_block_range(ev, k);
        let mut j = Json {
            out,
            compat: self.compat,
        };
        j.out.push(b'{');
        j.i(first_key!("cl_index"), k as i64);
        j.b(key!("is_seed"), c.is_seed);
        j.b(key!("in_geom_mustache"), c.in_geom_mustache);
        j.b(key!("is_calo_matched"), c.is_calo_matched);
        j.b(key!("is_calo_seed"), c.is_calo_seed);
        j.b(key!("in_scluster"), c.in_scluster);
        j.b(key!("in_mustache"), c.in_mustache);
        j.f_or_int(key!("calo_score"), c.calo_score, -1);
        j.i(key!("cluster_ieta"), ev.cl_ieta[k] as i64);
        j.i(key!("cluster_iphi"), ev.cl_iphi[k] as i64);
        j.f(key!("cluster_dphi"), c.dphi);
        j.out.extend_from_slice(&self.scratch[bs..be]);
        j.f(key!("cluster_deta"), c.deta);
        j.out.push(b'}');
    }

    /// Appends one window as a line of NDJSON (with the trailing newline).
    pub fn write_window(&mut self, out: &mut Vec<u8>, w: &Window, ev: &Event<'_>, src: Source<'_>) {
        self.start_event(ev);
        let compat = self.compat;
        let s = w.seed;
        let (hs, he) = self.hits_range(ev, s);
        let mut j = Json { out, compat };
        j.out.push(b'{');
        j.s(first_key!("window_index"), &w.name);
        j.b(key!("is_seed_calo_matched"), w.is_seed_calo_matched());
        j.i(key!("calo_index"), w.calo as i64);
        j.b(key!("is_seed_calo_seed"), w.is_seed_calo_seed);
        j.b(
            key!("is_seed_mustach_matched"),
            w.is_seed_mustache_matched(),
        );
        if !compat {
            j.b(
                key!("is_seed_mustache_matched"),
                w.is_seed_mustache_matched(),
            );
        }
        j.i(key!("mustache_seed_index"), w.mustache_seed_index as i64);
        j.f_or_int(key!("seed_score"), w.seed_score, -1);
        j.f(key!("seed_eta"), w.seed_eta);
        j.f(key!("seed_phi"), w.seed_phi);
        j.i(key!("seed_iz"), w.seed_iz as i64);
        j.i(key!("seed_ieta"), w.seed_ieta as i64);
        j.i(key!("seed_iphi"), w.seed_iphi as i64);
        j.f(key!("en_seed"), w.en_seed);
        j.f(key!("et_seed"), w.et_seed);
        j.f(key!("en_seed_calib"), w.en_seed_calib);
        j.f(key!("et_seed_calib"), w.et_seed_calib);
        if w.is_seed_calo_matched() {
            j.f(key!("en_true"), w.en_true);
            j.f(key!("et_true"), w.et_true);
        } else {
            j.i(key!("en_true"), 0);
            j.i(key!("et_true"), 0);
        }
        for (tok, col) in SEED_SHAPE_KEYS.iter().zip(ev.shower_shapes()) {
            j.f(tok, value_f32(col, s));
        }
        j.f(
            key!("seed_nxtals"),
            ev.cl_nxtals.get(s).copied().unwrap_or(f64::NAN),
        );
        j.key(key!("seed_hits"));
        j.out.extend_from_slice(&self.scratch[hs..he]);
        j.key(key!("clusters"));
        j.out.push(b'[');
        for (k, c) in w.clusters.iter().enumerate() {
            if k > 0 {
                j.out.extend_from_slice(b", ");
            }
            self.write_cluster(j.out, ev, c);
        }
        j.out.push(b']');
        j.i(key!("nclusters_insc"), w.nclusters_insc as i64);
        if w.is_seed_calo_matched() {
            j.f(key!("max_en_cluster_insc"), w.max_en_cluster_insc);
            j.f(key!("max_deta_cluster_insc"), w.max_deta_cluster_insc);
            j.f(key!("max_dphi_cluster_insc"), w.max_dphi_cluster_insc);
        } else {
            j.i(key!("max_en_cluster_insc"), -1);
            j.i(key!("max_deta_cluster_insc"), -1);
            j.i(key!("max_dphi_cluster_insc"), -1);
        }
        j.i(key!("ncls"), w.ncls() as i64);
        j.f(key!("max_en_cluster"), w.max_en_cluster);
        j.f(key!("max_deta_cluster"), w.max_deta_cluster);
        j.f(key!("max_dphi_cluster"), w.max_dphi_cluster);
        // Traceability, after the reference keys.
        j.s(key!("file"), src.file);
        j.i(key!("entry"), ev.id.entry as i64);
        if let Some(run) = ev.id.run {
            j.i(key!("run"), run as i64);
        }
        if let Some(lumi) = ev.id.lumi {
            j.i(key!("lumi"), lumi as i64);
        }
        if let Some(event) = ev.id.event {
            j.i(key!("event"), event);
        }
        j.i(key!("seed_index"), s as i64);
        j.out.extend_from_slice(b"}\n");
    }
}

/// Appends one window as a line of NDJSON (with the trailing newline). For many windows,
/// keep one [`NdjsonEncoder`]: it formats each cluster once per event.
pub fn write_window(out: &mut Vec<u8>, w: &Window, ev: &Event<'_>, src: Source<'_>, compat: bool) {
    NdjsonEncoder::new(compat).write_window(out, w, ev, src);
}
