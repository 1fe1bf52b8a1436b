//! Reading a TH2F or TH2D into [`crate::root::hist::Th2`]: the two axes (fixed or variable
//! bins) and the contents including flow bins.

use super::cursor::Cursor;
use super::error::{ErrorKind, KResult, Result, corrupt};
use super::file::RootFile;
use crate::root::hist::Th2;

impl RootFile {
    /// The TH2F or TH2D at `path` (highest cycle).
    pub fn th2(&self, path: &str) -> Result<Th2> {
        let key = self.inner.find_key(path)?;
        let loc = format!("{} {path}", key.class_name);
        let is_float = match key.class_name.as_str() {
            "TH2F" => true,
            "TH2D" => false,
            other => {
                return Err(self.inner.error(
                    "",
                    ErrorKind::NotFound(format!("'{path}' is a {other}, not a TH2F or TH2D")),
                ));
            }
        };
        let buf = self
            .inner
            .read_object(&key)
            .map_err(|k| self.inner.error(&loc, k))?;
        parse_th2(&buf, key.key_len as usize, is_float).map_err(|k| self.inner.error(&loc, k))
    }
}

fn axis_edges(c: &mut Cursor<'_>) -> KResult<Vec<f64>> {
    let h = c.header()?;
    let _named = c.tnamed()?;
    c.skip_versioned("TAttAxis")?;
    let n = c.count("fNbins")?;
    let xmin = c.f64()?;
    let xmax = c.f64()?;
    let nb = c.count("fXbins size")?;
    if nb > c.remaining() / 8 || n > c.remaining() {
        return Err(corrupt(format!("axis with {n} bins and {nb} edges")));
    }
    let edges = if nb > 0 {
        if nb != n + 1 {
            return Err(corrupt(format!("axis with {n} bins has {nb} edges")));
        }
        let mut e = Vec::with_capacity(nb);
        for _ in 0..nb {
            e.push(c.f64()?);
        }
        e
    } else {
        if n == 0 {
            return Err(corrupt("axis with 0 bins"));
        }
        // As numpy.linspace (and uproot): xmin + i * step, the last edge exactly xmax.
        let step = (xmax - xmin) / n as f64;
        let mut e: Vec<f64> = (0..n).map(|i| xmin + i as f64 * step).collect();
        e.push(xmax);
        e
    };
    if !edges.windows(2).all(|w| w[0] < w[1]) {
        return Err(corrupt("axis edges are not increasing"));
    }
    c.skip_object(&h, "TAxis")?;
    Ok(edges)
}

fn parse_th2(buf: &[u8], key_len: usize, is_float: bool) -> KResult<Th2> {
    let mut c = Cursor::new(buf, key_len);
    let outer = c.header()?;
    let th2 = c.header()?;
    let th1 = c.header()?;
    if !(5..=8).contains(&th1.version) {
        return Err(ErrorKind::Unsupported(format!(
            "TH1 class version {} (supported: 5 to 8)",
            th1.version
        )));
    }
    let (name, title) = c.tnamed()?;
    c.skip_versioned("TAttLine")?;
    c.skip_versioned("TAttFill")?;
    c.skip_versioned("TAttMarker")?;
    let ncells = c.count("fNcells")?;
    let x_edges = axis_edges(&mut c)?;
    let y_edges = axis_edges(&mut c)?;
    c.skip_object(&th1, "TH1")?;
    c.skip_object(&th2, "TH2")?;
    let n = c.count("contents size")?;
    let expected = (x_edges.len() + 1) * (y_edges.len() + 1);
    if n != expected || n != ncells {
        return Err(corrupt(format!(
            "{n} bin contents for {} x {} bins ({expected} with flow bins, fNcells {ncells})",
            x_edges.len() - 1,
            y_edges.len() - 1
        )));
    }
    let size = if is_float { 4 } else { 8 };
    if n > c.remaining() / size {
        return Err(corrupt(format!(
            "{n} bin contents past the end of the object"
        )));
    }
    let mut contents = Vec::with_capacity(n);
    for _ in 0..n {
        contents.push(if is_float { c.f32()? as f64 } else { c.f64()? });
    }
    if outer.end.is_some() {
        c.skip_object(&outer, "TH2")?;
    }
    Ok(Th2 {
        name,
        title,
        x_edges,
        y_edges,
        contents,
    })
}
