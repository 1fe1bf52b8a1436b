//! ECAL crystal geometry of the sample generator: which crystal a position falls in, the
//! crystals around it, and where a crystal's centre is.
//!
//! - **Barrel** (iz 0, |eta| < 1.479): 2 × 85 rings of crystals 0.0174 in eta, 360 crystals of
//!   1° in phi. `ieta` is ±1..±85 (no 0; ieta +1 starts at eta 0), `iphi` 1..360. As in
//!   CMSSW's numbering, supermodule EB+01 (iphi 1..20) is centred on phi = 0, so iphi 1 starts
//!   at phi = -10°.
//! - **Endcaps** (iz ±1, 1.479 < |eta| < 3.0): a 100 × 100 grid of square crystals on the
//!   face at |z| = 317 cm; `ix` grows with x, `iy` with y, the beam passes between 50 and 51.
//!   Only crystals whose centre lies between [`EE_R_IN`] and [`EE_R_OUT`] crystal pitches from
//!   the beam exist (≈ 7,700 per endcap; the real EE has 7,324). The pitch, 3.05 cm, is the
//!   front-face crystal (2.86 cm) plus the gaps between supercrystals, so that the |eta| =
//!   1.479 circle is the outer edge of the grid: ix and iy always stay in 1..100.
//!
//! Positions inside a subdetector are handled in "local" crystal units `(u, v)`: the integer
//! grid cell `(floor(u), floor(v))` is the crystal, its centre is at `+0.5`. In the barrel
//! `u = eta / 0.0174` and `v` = degrees of phi from -10°; in an endcap `u`, `v` are x and y in
//! pitches from the grid corner.

use std::f64::consts::PI;

/// Barrel crystal size in eta.
pub const EB_CRYSTAL_ETA: f64 = 0.0174;
/// Barrel crystal size in phi (1°).
pub const EB_CRYSTAL_PHI: f64 = 2.0 * PI / 360.0;
/// Highest |ieta| of the barrel.
pub const EB_MAX_IETA: i32 = 85;
/// Number of iphi values in the barrel.
pub const EB_NPHI: i32 = 360;
/// phi where iphi 1 starts (-10°).
pub const EB_PHI_START: f64 = -10.0 * PI / 180.0;
/// |eta| of the barrel/endcap boundary.
pub const EB_ETA_MAX: f64 = 1.479;
/// |eta| of the inner edge of the endcaps.
pub const EE_ETA_MAX: f64 = 3.0;
/// Radius of the barrel front face (cm).
pub const EB_RADIUS_CM: f64 = 129.0;
/// |z| of the endcap face (cm).
pub const EE_Z_CM: f64 = 317.0;
/// Endcap grid size.
pub const EE_N: i32 = 100;
/// Crystals exist with their centre at most this many pitches from the beam...
pub const EE_R_OUT: f64 = 50.5;
/// ...and at least this many.
pub const EE_R_IN: f64 = 10.0;

/// Endcap crystal pitch (cm): the |eta| = 1.479 circle at |z| = 317 cm has radius 50 pitches.
pub fn ee_pitch_cm() -> f64 {
    EE_Z_CM / EB_ETA_MAX.sinh() / 50.0
}

/// One crystal, as the dumper names it: barrel (ieta, iphi, 0), endcap (ix, iy, ±1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Crystal {
    pub ieta: i32,
    pub iphi: i32,
    pub iz: i32,
}

/// The subdetector of a position: 0 barrel, ±1 endcap.
pub fn iz_of_eta(eta: f64) -> i32 {
    if eta.abs() < EB_ETA_MAX {
        0
    } else if eta > 0.0 {
        1
    } else {
        -1
    }
}

/// Wraps an angle into [-pi, pi).
pub fn wrap_phi(phi: f64) -> f64 {
    let mut p = (phi + PI).rem_euclid(2.0 * PI) - PI;
    if p >= PI {
        p -= 2.0 * PI;
    }
    p
}

/// Local crystal coordinates `(u, v)` of (eta, phi) in subdetector `iz`.
pub fn to_local(eta: f64, phi: f64, iz: i32) -> (f64, f64) {
    if iz == 0 {
        let v = (phi - EB_PHI_START).rem_euclid(2.0 * PI) / EB_CRYSTAL_PHI;
        (eta / EB_CRYSTAL_ETA, v.min(EB_NPHI as f64 - 1e-9))
    } else {
        let r = EE_Z_CM / eta.abs().sinh() / ee_pitch_cm();
        let half = EE_N as f64 / 2.0;
        (half + r * phi.cos(), half + r * phi.sin())
    }
}

/// (eta, phi) of local coordinates `(u, v)` in subdetector `iz`.
pub fn from_local(u: f64, v: f64, iz: i32) -> (f64, f64) {
    if iz == 0 {
        (
            u * EB_CRYSTAL_ETA,
            wrap_phi(EB_PHI_START + v * EB_CRYSTAL_PHI),
        )
    } else {
        let half = EE_N as f64 / 2.0;
        let (x, y) = (u - half, v - half);
        let r = (x * x + y * y).sqrt().max(1e-9) * ee_pitch_cm();
        let eta = (EE_Z_CM / r).asinh() * iz as f64;
        (eta, y.atan2(x))
    }
}

/// The crystal of grid cell `(i, j)` (`i = floor(u)`, `j = floor(v)`), if it exists. Barrel
/// `j` wraps around in phi.
pub fn crystal_at(i: i32, j: i32, iz: i32) -> Option<Crystal> {
    if iz == 0 {
        if !(-EB_MAX_IETA..EB_MAX_IETA).contains(&i) {
            return None;
        }
        let ieta = if i >= 0 { i + 1 } else { i };
        Some(Crystal {
            ieta,
            iphi: j.rem_euclid(EB_NPHI) + 1,
            iz,
        })
    } else {
        let c = Crystal {
            ieta: i + 1,
            iphi: j + 1,
            iz,
        };
        ee_exists(c.ieta, c.iphi).then_some(c)
    }
}

/// Grid cell `(i, j)` of a crystal: the inverse of [`crystal_at`].
pub fn cell_of(c: Crystal) -> (i32, i32) {
    if c.iz == 0 {
        (if c.ieta > 0 { c.ieta - 1 } else { c.ieta }, c.iphi - 1)
    } else {
        (c.ieta - 1, c.iphi - 1)
    }
}

/// Does endcap crystal (ix, iy) exist?
pub fn ee_exists(ix: i32, iy: i32) -> bool {
    if !(1..=EE_N).contains(&ix) || !(1..=EE_N).contains(&iy) {
        return false;
    }
    let half = EE_N as f64 / 2.0;
    let (x, y) = (ix as f64 - 0.5 - half, iy as f64 - 0.5 - half);
    let r2 = x * x + y * y;
    (EE_R_IN * EE_R_IN..=EE_R_OUT * EE_R_OUT).contains(&r2)
}

/// Does a crystal exist (valid ranges, no ieta 0, inside the endcap ring)?
pub fn exists(c: Crystal) -> bool {
    match c.iz {
        0 => c.ieta != 0 && c.ieta.abs() <= EB_MAX_IETA && (1..=EB_NPHI).contains(&c.iphi),
        1 | -1 => ee_exists(c.ieta, c.iphi),
        _ => false,
    }
}

/// Grid steps between two crystals of the same subdetector (barrel phi wraps).
pub fn cell_distance(a: Crystal, b: Crystal) -> (i32, i32) {
    let (ai, aj) = cell_of(a);
    let (bi, bj) = cell_of(b);
    let mut dj = bj - aj;
    if a.iz == 0 {
        dj = (dj + EB_NPHI / 2).rem_euclid(EB_NPHI) - EB_NPHI / 2;
    }
    (bi - ai, dj)
}

/// The crystal nearest to local position `(u, v)`: the cell it falls in, or, at the edges of
/// the endcap ring, the existing crystal whose centre is closest.
pub fn nearest_local(u: f64, v: f64, iz: i32) -> Crystal {
    let (i, j) = (u.floor() as i32, v.floor() as i32);
    if iz == 0 {
        let i = i.clamp(-EB_MAX_IETA, EB_MAX_IETA - 1);
        return crystal_at(i, j, 0).expect("clamped barrel cell exists");
    }
    if let Some(c) = crystal_at(i, j, iz) {
        return c;
    }
    let mut best: Option<(f64, Crystal)> = None;
    for r in 1..=3 {
        for di in -r..=r {
            for dj in -r..=r {
                if let Some(c) = crystal_at(i + di, j + dj, iz) {
                    let (cu, cv) = ((i + di) as f64 + 0.5, (j + dj) as f64 + 0.5);
                    let d2 = (cu - u).powi(2) + (cv - v).powi(2);
                    if best.is_none_or(|(b, _)| d2 < b) {
                        best = Some((d2, c));
                    }
                }
            }
        }
        if let Some((_, c)) = best {
            return c;
        }
    }
    // Far outside the ring: project onto it.
    let half = EE_N as f64 / 2.0;
    let (x, y) = (u - half, v - half);
    let r = (x * x + y * y).sqrt().max(1e-9);
    let target = r.clamp(EE_R_IN + 0.5, EE_R_OUT - 1.0);
    nearest_local(half + x / r * target, half + y / r * target, iz)
}

/// The crystal nearest to (eta, phi) in subdetector `iz`.
pub fn nearest_crystal(eta: f64, phi: f64, iz: i32) -> Crystal {
    let (u, v) = to_local(eta, phi, iz);
    nearest_local(u, v, iz)
}

/// Local coordinates of a crystal's centre.
pub fn center_local(c: Crystal) -> (f64, f64) {
    let (i, j) = cell_of(c);
    (i as f64 + 0.5, j as f64 + 0.5)
}

/// (eta, phi) of a crystal's centre.
pub fn center(c: Crystal) -> (f64, f64) {
    let (u, v) = center_local(c);
    from_local(u, v, c.iz)
}

/// Size of one crystal step in eta at `eta` (barrel 0.0174; endcap: the pitch projected on
/// the radial direction, which grows from ≈0.02 at |eta| 1.5 to ≈0.09 at 3).
pub fn eta_step(eta: f64, iz: i32) -> f64 {
    if iz == 0 {
        EB_CRYSTAL_ETA
    } else {
        let r = EE_Z_CM / eta.abs().sinh();
        ee_pitch_cm() / (r * (1.0 + (r / EE_Z_CM).powi(2)).sqrt())
    }
}

/// Size of one crystal step in phi at `eta` (barrel 1°; endcap pitch / radius).
pub fn phi_step(eta: f64, iz: i32) -> f64 {
    if iz == 0 {
        EB_CRYSTAL_PHI
    } else {
        ee_pitch_cm() / (EE_Z_CM / eta.abs().sinh())
    }
}

/// A stable ordering key of a crystal, as CMSSW's hashed indices: barrel first (by ieta, then
/// iphi), then EE-, then EE+.
pub fn hashed_index(c: Crystal) -> u32 {
    match c.iz {
        0 => ((c.ieta + EB_MAX_IETA) * EB_NPHI + c.iphi - 1) as u32,
        iz => {
            let base = ((2 * EB_MAX_IETA + 1) * EB_NPHI) as u32;
            let side = if iz < 0 { 0 } else { (EE_N * EE_N) as u32 };
            base + side + ((c.ieta - 1) * EE_N + c.iphi - 1) as u32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barrel_numbering() {
        assert_eq!(nearest_crystal(0.001, 0.0, 0).ieta, 1);
        assert_eq!(nearest_crystal(-0.001, 0.0, 0).ieta, -1);
        assert_eq!(nearest_crystal(1.4789, 0.0, 0).ieta, 85);
        assert_eq!(nearest_crystal(-1.4789, 0.0, 0).ieta, -85);
        // phi 0 is in the middle of supermodule 1: iphi 11 starts at 0.
        assert_eq!(nearest_crystal(0.5, 0.0001, 0).iphi, 11);
        assert_eq!(nearest_crystal(0.5, -PI + 1e-6, 0).iphi, 191);
        let c = Crystal {
            ieta: -3,
            iphi: 360,
            iz: 0,
        };
        let (eta, phi) = center(c);
        assert_eq!(nearest_crystal(eta, phi, 0), c);
        assert_eq!(cell_distance(c, Crystal { iphi: 1, ..c }), (0, 1));
        assert_eq!(cell_distance(c, Crystal { ieta: 1, ..c }), (3, 0));
    }

    #[test]
    fn endcap_grid_covers_the_eta_range() {
        for &eta in &[1.4791f64, 1.6, 2.0, 2.5, 2.99] {
            for k in 0..64 {
                let phi = -PI + k as f64 * 0.098;
                for iz in [-1, 1] {
                    let c = nearest_crystal(eta * iz as f64, phi, iz);
                    assert!(exists(c), "{eta} {phi} {c:?}");
                    let (u, v) = to_local(eta, phi, iz);
                    let (cu, cv) = center_local(c);
                    assert!((u - cu).hypot(v - cv) < 1.5, "{eta} {phi}");
                }
            }
        }
        let n = (1..=100)
            .flat_map(|x| (1..=100).map(move |y| (x, y)))
            .filter(|&(x, y)| ee_exists(x, y))
            .count();
        assert!((7000..8200).contains(&n), "{n}");
    }

    #[test]
    fn local_round_trip() {
        for &(eta, phi, iz) in &[
            (0.3, 1.0, 0),
            (-1.2, -3.0, 0),
            (2.1, 0.4, 1),
            (-1.7, 2.9, -1),
        ] {
            let (u, v) = to_local(eta, phi, iz);
            let (e2, p2) = from_local(u, v, iz);
            assert!((eta - e2).abs() < 1e-9 && wrap_phi(phi - p2).abs() < 1e-9);
        }
        assert!(
            (eta_step(2.0, 1) - 0.034).abs() < 0.003,
            "{}",
            eta_step(2.0, 1)
        );
    }
}
