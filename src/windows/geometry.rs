//! Window geometry: the reference's delta-phi, the rectangle, and CMSSW's dynamic window.

use std::f64::consts::PI;

use super::params::{Params, WindowShape};

/// The reference's `DeltaPhi`: `a - b` with ONE correction by 2 pi each way.
pub fn delta_phi(a: f64, b: f64) -> f64 {
    let mut d = a - b;
    if d > PI {
        d -= 2.0 * PI;
    }
    if d < -PI {
        d += 2.0 * PI;
    }
    d
}

/// `cluster_deta`: positive towards larger |eta| (the seed's side).
pub fn signed_deta(seed_eta: f64, eta: f64) -> f64 {
    if seed_eta > 0.0 {
        eta - seed_eta
    } else {
        seed_eta - eta
    }
}

/// The eta-dependent window of CMSSW's `EcalClustersGraph::dynamicWindow` around a seed at
/// `seed_eta`: (deta_up, deta_down, dphi).
pub fn dynamic_window(seed_eta: f64) -> (f64, f64, f64) {
    let a = seed_eta.abs();
    let deta_up = if a < 0.1 {
        0.075
    } else if a < 1.3 {
        0.0758929 - 0.0178571 * a + 0.0892857 * a * a
    } else if a < 1.7 {
        0.2
    } else if a < 1.9 {
        0.625 - 0.25 * a
    } else {
        0.15
    };
    let deta_down = if a < 2.1 {
        -0.075
    } else if a < 2.5 {
        -0.1875 * a + 0.31875
    } else {
        -0.15
    };
    let dphi = if a < 1.9 {
        0.6
    } else if a < 2.7 {
        1.075 - 0.25 * a
    } else {
        0.4
    };
    (deta_up, deta_down, dphi)
}

/// Is an object at (`eta`, `phi`, `iz`) inside the window of a seed at
/// (`seed_eta`, `seed_phi`, `seed_iz`)?
pub fn in_window(p: &Params, seed: (f64, f64, i32), obj: (f64, f64, i32)) -> bool {
    let (seta, sphi, siz) = seed;
    let (eta, phi, iz) = obj;
    if siz != iz {
        return false;
    }
    let dphi = delta_phi(sphi, phi);
    match p.window {
        WindowShape::Rectangle => {
            let h = if siz == 0 { p.barrel } else { p.endcap };
            (seta - eta).abs() <= h.deta && dphi.abs() <= h.dphi
        }
        WindowShape::Dynamic => {
            let (up, down, dphi_max) = dynamic_window(seta);
            let deta = signed_deta(seta, eta);
            down <= deta && deta <= up && dphi.abs() <= dphi_max
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_phi_crosses_the_seam() {
        let d = delta_phi(3.1, -3.1);
        assert!((d - (6.2 - 2.0 * PI)).abs() < 1e-12);
        assert!((delta_phi(-3.1, 3.1) + d).abs() < 1e-12);
    }

    #[test]
    fn rectangle_is_inclusive_and_per_subdetector() {
        let mut p = Params::default();
        p.endcap.dphi = 0.3;
        assert!(in_window(&p, (0.5, 0.0, 0), (0.7, 0.6, 0)));
        assert!(!in_window(&p, (0.5, 0.0, 0), (0.7000001, 0.0, 0)));
        assert!(!in_window(&p, (0.5, 0.0, 0), (0.5, 0.0, 1)));
        assert!(!in_window(&p, (2.0, 0.0, 1), (2.0, 0.4, 1)));
        assert!(in_window(&p, (2.0, 3.0, 1), (2.0, -3.0, 1)));
    }

    #[test]
    fn dynamic_window_is_asymmetric() {
        let p = Params {
            window: WindowShape::Dynamic,
            ..Params::default()
        };
        // |eta| 1.5: up to +0.2 outwards, only -0.075 inwards.
        assert!(in_window(&p, (1.5, 0.0, 0), (1.69, 0.0, 0)));
        assert!(!in_window(&p, (1.5, 0.0, 0), (1.4, 0.0, 0)));
        assert!(in_window(&p, (-1.5, 0.0, 0), (-1.69, 0.0, 0)));
        assert!(!in_window(&p, (-1.5, 0.0, 0), (-1.4, 0.0, 0)));
    }
}
