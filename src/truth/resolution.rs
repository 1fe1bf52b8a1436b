//! Energy resolution of a truth definition: the median and the effective sigma of
//! sum(raw energy of in_scluster clusters) / E_true.

/// Fraction of a Gaussian within one sigma: the effective sigma is half the width of the
/// smallest interval holding this fraction of the values.
pub const ONE_SIGMA: f64 = 0.682_689_492_137_086;

/// Median of `v` (sorted in place); NaN for an empty slice.
pub fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Effective sigma: half the width of the smallest interval containing a fraction
/// [`ONE_SIGMA`] of the values (sorted in place). NaN with fewer than two values.
pub fn sigma_eff(v: &mut [f64]) -> f64 {
    let n = v.len();
    if n < 2 {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    // Number of values the interval must hold.
    let k = ((ONE_SIGMA * n as f64).ceil() as usize).clamp(2, n);
    let mut best = f64::INFINITY;
    for i in 0..=(n - k) {
        best = best.min(v[i + k - 1] - v[i]);
    }
    0.5 * best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_sigma_eff() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&mut []).is_nan());
        // 100 evenly spaced values in [0, 1): 69 values span 0.68.
        let mut v: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
        assert!((sigma_eff(&mut v) - 0.34).abs() < 1e-12);
        // Outliers do not widen it.
        let mut w: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
        w.extend([50.0, -50.0]);
        assert!(sigma_eff(&mut w) < 0.36);
    }
}
