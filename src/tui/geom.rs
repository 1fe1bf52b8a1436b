//! ECAL geometry as the inspector's grid needs it: crystal size in the barrel, and the
//! endcap's (ix, iy) crystal grid as a projection of (eta, phi).
//!
//! The endcap mapping is the usual approximation (crystal faces 2.862 cm wide on a plane at
//! |z| = 317 cm, ix/iy 1..100 centred on the beam line); it is used both to place clusters and
//! to test cell centres against the window and the Mustache, so the picture is consistent.

use std::f64::consts::PI;

/// Barrel crystal size in eta and in phi (2 pi / 360).
pub const EB_CRYSTAL_ETA: f64 = 0.0174;
pub const EB_CRYSTAL_PHI: f64 = 2.0 * PI / 360.0;
/// |eta| of the barrel/endcap boundary.
pub const EB_MAX_ETA: f64 = 1.479;
/// Endcap crystal face (cm) and distance of the face plane from the interaction point (cm).
pub const EE_CRYSTAL_CM: f64 = 2.862;
pub const EE_Z_CM: f64 = 317.0;

/// Barrel crystal indices (ieta ±1..85, no 0; iphi 1..360) of a position.
pub fn eb_index(eta: f64, phi: f64) -> (i32, i32) {
    let n = ((eta.abs() / EB_CRYSTAL_ETA).floor() as i32 + 1).min(85);
    let ieta = if eta < 0.0 { -n } else { n };
    let p = (phi + PI).rem_euclid(2.0 * PI);
    let iphi = ((p / EB_CRYSTAL_PHI).floor() as i32 + 1).clamp(1, 360);
    (ieta, iphi)
}

/// Continuous endcap crystal coordinates (ix, iy as reals; crystal k spans [k, k+1)) of a
/// position.
pub fn ee_xy(eta: f64, phi: f64) -> (f64, f64) {
    let r = EE_Z_CM / eta.abs().max(1e-6).sinh();
    let x = r * phi.cos() / EE_CRYSTAL_CM + 51.0;
    let y = r * phi.sin() / EE_CRYSTAL_CM + 51.0;
    (x, y)
}

/// Endcap crystal indices (ix, iy, 1..100) of a position.
pub fn ee_index(eta: f64, phi: f64) -> (i32, i32) {
    let (x, y) = ee_xy(eta, phi);
    (
        (x.floor() as i32).clamp(1, 100),
        (y.floor() as i32).clamp(1, 100),
    )
}

/// (eta, phi) of the centre of endcap cell (ix, iy) on side `iz` (±1), for any real ix, iy.
pub fn ee_center(ix: f64, iy: f64, iz: i32) -> (f64, f64) {
    let x = (ix + 0.5 - 51.0) * EE_CRYSTAL_CM;
    let y = (iy + 0.5 - 51.0) * EE_CRYSTAL_CM;
    let r = x.hypot(y).max(1e-3);
    let eta = (EE_Z_CM / r).asinh();
    let sign = if iz < 0 { -1.0 } else { 1.0 };
    (sign * eta, y.atan2(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endcap_round_trip() {
        for &(eta, phi) in &[(1.6, 0.3), (-2.2, -2.9), (2.9, 1.0)] {
            let (ix, iy) = ee_index(eta, phi);
            let (e2, p2) = ee_center(ix as f64, iy as f64, if eta < 0.0 { -1 } else { 1 });
            assert!((e2 - eta).abs() < 0.05, "{eta} {e2}");
            assert!((p2 - phi).abs() < 0.1, "{phi} {p2}");
        }
    }

    #[test]
    fn barrel_indices() {
        assert_eq!(eb_index(0.001, -PI + 0.001), (1, 1));
        assert_eq!(eb_index(-0.02, 0.0).0, -2);
        assert_eq!(eb_index(1.47, 3.0).0, 85);
    }
}
