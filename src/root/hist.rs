//! A two-dimensional histogram as ROOT stores it (TH2F / TH2D contents, with flow bins).

/// A TH2 in memory: bin edges and contents including under/overflow bins.
///
/// `contents` has `(nx + 2) * (ny + 2)` values laid out as ROOT does:
/// global bin = `ix + (nx + 2) * iy`, with `ix` in `0..=nx+1` and `iy` in `0..=ny+1`
/// (0 = underflow, n+1 = overflow).
#[derive(Debug, Clone, PartialEq)]
pub struct Th2 {
    pub name: String,
    pub title: String,
    /// `nx + 1` increasing edges.
    pub x_edges: Vec<f64>,
    /// `ny + 1` increasing edges.
    pub y_edges: Vec<f64>,
    pub contents: Vec<f64>,
}

impl Th2 {
    pub fn nx(&self) -> usize {
        self.x_edges.len().saturating_sub(1)
    }

    pub fn ny(&self) -> usize {
        self.y_edges.len().saturating_sub(1)
    }

    /// Content of bin (ix, iy), ROOT numbering (1-based, 0 and n+1 are flow bins).
    pub fn bin_content(&self, ix: usize, iy: usize) -> f64 {
        self.contents[ix + (self.nx() + 2) * iy]
    }

    /// ROOT's `TAxis::FindBin` on the given edges: 0 below the first edge, `n + 1` at or
    /// above the last edge (and for NaN), else the bin whose lower edge <= v < upper edge.
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    pub fn find_bin(edges: &[f64], v: f64) -> usize {
        let n = edges.len().saturating_sub(1);
        if v < edges[0] {
            return 0;
        }
        // Not `v < last` (NaN included) lands in the overflow bin.
        if v.partial_cmp(&edges[n]) != Some(std::cmp::Ordering::Less) {
            return n + 1;
        }
        // Largest i with edges[i] <= v, i in 0..n.
        let i = edges.partition_point(|&e| e <= v);
        i.max(1).min(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_bin_follows_root() {
        let e = [0.0, 1.0, 2.0, 4.0];
        assert_eq!(Th2::find_bin(&e, -0.1), 0);
        assert_eq!(Th2::find_bin(&e, 0.0), 1);
        assert_eq!(Th2::find_bin(&e, 0.999), 1);
        assert_eq!(Th2::find_bin(&e, 1.0), 2);
        assert_eq!(Th2::find_bin(&e, 3.99), 3);
        assert_eq!(Th2::find_bin(&e, 4.0), 4);
        assert_eq!(Th2::find_bin(&e, f64::NAN), 4);
        assert_eq!(Th2::find_bin(&e, f64::INFINITY), 4);
        assert_eq!(Th2::find_bin(&e, f64::NEG_INFINITY), 0);
    }
}
