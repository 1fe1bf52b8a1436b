//! TH2F writer: a [`Th2`] stored as ROOT's TH2F (class version 4, on TH2 v5, TH1 v8 and
//! TAxis v10), laid out as ROOT 6.40 writes it.
//!
//! An axis whose edges are exactly ROOT's uniform edges (`xmin + i * (xmax - xmin) / n`)
//! is written as a fixed-bin axis, any other as a variable-bin axis (`fXbins`). Contents
//! are stored as `f32`. `fEntries` is the number of cells (as if every bin, flow bins
//! included, had been set with `SetBinContent`); the sums of weights are left at zero so
//! ROOT recomputes statistics from the contents when asked.

use super::WriteError;
use super::file::{RootWriter, check_name};
use super::streamers::TH2F_CLASSES;
use super::wbuf::WBuf;
use crate::root::hist::Th2;

impl RootWriter {
    /// Writes `h` as a TH2F named `h.name` in directory `dir` (`""` for the top directory;
    /// `"a/b"` is created if needed).
    pub fn write_th2f(&mut self, dir: &str, h: &Th2) -> Result<(), WriteError> {
        check_name(self, &h.name, "histogram")?;
        check_axis(&h.x_edges)
            .map_err(|m| self.invalid(format!("TH2F '{}': x axis: {m}", h.name)))?;
        check_axis(&h.y_edges)
            .map_err(|m| self.invalid(format!("TH2F '{}': y axis: {m}", h.name)))?;
        let cells = (h.nx() + 2) * (h.ny() + 2);
        if h.contents.len() != cells {
            return Err(self.invalid(format!(
                "TH2F '{}': {} contents for {} cells ((nx + 2) * (ny + 2), flow bins included)",
                h.name,
                h.contents.len(),
                cells
            )));
        }
        if cells > i32::MAX as usize / 4 {
            return Err(self.invalid(format!("TH2F '{}' has too many bins", h.name)));
        }
        if self.open_tree.is_some() {
            return Err(
                self.invalid("a tree is being written; finish it before writing histograms")
            );
        }
        let d = self.dir_index(dir)?;
        self.classes.add(TH2F_CLASSES);
        self.put_object(d, "TH2F", &h.name, &h.title, |keylen| serialize(keylen, h))
    }
}

fn check_axis(edges: &[f64]) -> Result<(), String> {
    if edges.len() < 2 {
        return Err("needs at least 2 edges".into());
    }
    if edges.iter().any(|e| !e.is_finite()) {
        return Err("edges must be finite".into());
    }
    if edges.windows(2).any(|w| w[0] >= w[1]) {
        return Err("edges must increase".into());
    }
    Ok(())
}

/// True when `edges` are exactly the uniform edges ROOT computes from (n, xmin, xmax).
fn is_uniform(edges: &[f64]) -> bool {
    let n = edges.len() - 1;
    let (lo, hi) = (edges[0], edges[n]);
    let width = (hi - lo) / n as f64;
    edges
        .iter()
        .enumerate()
        .all(|(i, &e)| (i == n && e == hi) || e == lo + i as f64 * width)
}

fn attline(b: &mut WBuf) {
    let m = b.begin(2);
    b.i16(602);
    b.i16(1);
    b.i16(1);
    b.end(m);
}

fn attfill(b: &mut WBuf) {
    let m = b.begin(2);
    b.i16(0);
    b.i16(1001);
    b.end(m);
}

fn attmarker(b: &mut WBuf) {
    let m = b.begin(3);
    b.i16(1);
    b.i16(1);
    b.f32(1.0);
    b.end(m);
}

fn axis(b: &mut WBuf, name: &str, edges: &[f64], title_offset: f32) {
    let m = b.begin(10);
    b.tnamed(name, "", 0);
    let ma = b.begin(4); // TAttAxis
    b.i32(510); // fNdivisions
    b.i16(1); // fAxisColor
    b.i16(1); // fLabelColor
    b.i16(42); // fLabelFont
    b.f32(0.005); // fLabelOffset
    b.f32(0.035); // fLabelSize
    b.f32(0.03); // fTickLength
    b.f32(title_offset);
    b.f32(0.035); // fTitleSize
    b.i16(1); // fTitleColor
    b.i16(42); // fTitleFont
    b.end(ma);
    let n = edges.len() - 1;
    b.i32(n as i32);
    b.f64(edges[0]);
    b.f64(edges[n]);
    if is_uniform(edges) {
        b.i32(0);
    } else {
        b.i32(edges.len() as i32);
        for &e in edges {
            b.f64(e);
        }
    }
    b.i32(0); // fFirst
    b.i32(0); // fLast
    b.u16(0); // fBits2
    b.bool(false); // fTimeDisplay
    b.tstring(""); // fTimeFormat
    b.null_pointer(); // fLabels
    b.null_pointer(); // fModLabs
    b.end(m);
}

fn serialize(keylen: u32, h: &Th2) -> Vec<u8> {
    let cells = h.contents.len();
    let mut b = WBuf::new(keylen);
    let m2f = b.begin(4); // TH2F
    let m2 = b.begin(5); // TH2
    let m1 = b.begin(8); // TH1
    b.tnamed(&h.name, &h.title, 0x8);
    attline(&mut b);
    attfill(&mut b);
    attmarker(&mut b);
    b.i32(cells as i32); // fNcells
    axis(&mut b, "xaxis", &h.x_edges, 1.0);
    axis(&mut b, "yaxis", &h.y_edges, 0.0);
    axis(&mut b, "zaxis", &[0.0, 1.0], 1.0);
    b.i16(0); // fBarOffset
    b.i16(1000); // fBarWidth
    b.f64(cells as f64); // fEntries
    for _ in 0..4 {
        b.f64(0.0); // fTsumw, fTsumw2, fTsumwx, fTsumwx2
    }
    b.f64(-1111.0); // fMaximum
    b.f64(-1111.0); // fMinimum
    b.f64(0.0); // fNormFactor
    b.i32(0); // fContour
    b.i32(0); // fSumw2
    b.tstring(""); // fOption
    let ml = b.begin(5); // fFunctions: an empty TList, embedded
    b.tobject(0x0001_0000);
    b.tstring("");
    b.i32(0);
    b.end(ml);
    b.i32(0); // fBufferSize
    b.u8(0); // fBuffer (null)
    b.i32(0); // fBinStatErrOpt
    b.i32(2); // fStatOverflows (kNeutral)
    b.end(m1);
    b.f64(1.0); // fScalefactor
    for _ in 0..3 {
        b.f64(0.0); // fTsumwy, fTsumwy2, fTsumwxy
    }
    b.end(m2);
    b.i32(cells as i32); // TArrayF
    for &c in &h.contents {
        b.f32(c as f32);
    }
    b.end(m2f);
    b.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_edges() {
        assert!(is_uniform(&[0.0, 1.0, 2.0, 3.0]));
        assert!(is_uniform(&[-1.5, -0.5, 0.5]));
        let n = 10;
        let e: Vec<f64> = (0..=n).map(|i| 0.1 * i as f64).collect();
        // 0.1 * 3 != 0.0 + 3 * (1.0 / 10): treated as variable (exact edges are kept).
        let _ = is_uniform(&e);
        assert!(!is_uniform(&[-1.0, 0.5, 2.0, 2.5]));
    }
}
