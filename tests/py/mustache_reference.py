"""Independent evaluation of the Mustache and the dynamic dphi window with real ROOT.

The C++ below is written from shared/spec/algorithm.md section 7 (float arguments, as the
CMSSW original) and compiled by ROOT's interpreter with FP contraction off, so that no fused
multiply-add changes the rounding. Prints a JSON list of points and results:
[seed_eta, seed_phi, E, eta, phi, in_mustache, dyn_fixed, dyn_compat] with f32 inputs
given as their exact float values.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
import ROOT  # noqa: E402

ROOT.gInterpreter.Declare(r"""
#pragma clang fp contract(off)
#include <cmath>
#include <algorithm>
namespace scwin_ref {
double wrap(double x) {
  while (x >= M_PI) x -= 2 * M_PI;
  while (x < -M_PI) x += 2 * M_PI;
  return x;
}
bool mustache(const float eta0, const float phi0, const float e, const float eta, const float phi) {
  const float lg = std::log10(e);
  if (lg < -3.f) return false;
  const float x = eta0 * std::sin(eta0);
  const float s = std::sqrt(lg + 1.1f);
  const float w00 = -0.00681785f, w01 = -0.00239516f, w10 = 0.000699995f, w11 = -0.00554331f;
  const float bu = w10 * x + w11 / s - 0.5 * (w10 * x + w11 / s + w00 * x + w01 / s);
  const float bl = w00 * x + w01 / s - 0.5 * (w10 * x + w11 / s + w00 * x + w01 / s);
  const float pu0 = -0.107537f, pu1 = 0.590969f, pu2 = -0.076494f;
  const float pl0 = -0.0268843f, pl1 = 0.147742f, pl2 = -0.0191235f;
  const float cu = x * (pu0 * x + pu1) + pu2;
  const float cl = x * (pl0 * x + pl1) + pl2;
  const float au = (1. / (4. * cu)) - std::abs(bu);
  const float al = (1. / (4. * cl)) - std::abs(bl);
  const double d = wrap(phi - phi0);
  const double d2 = d * d;
  const float h = 0.0087f;
  const float up = (std::max(1. / (4. * au), 0.0) * d2 + std::max(bu, h)) + h;
  const float lo = (std::max(1. / (4. * al), 0.0) * d2 + std::min(bl, -h));
  const float deta = (1 - 2 * (eta0 < 0)) * (eta - eta0);
  return deta < up && deta > lo;
}
bool dyn(const float seta, const float sphi, const float e, const float eta, const float phi, bool compat) {
  const double a = std::abs(seta);
  const double let = std::log10(e / std::cosh(eta));
  const double dphi = std::abs(wrap(sphi - phi));
  if (e < 0.) return false;
  const double P[4][6] = {{0.0280506, 0.946048, -0.101172, 0.432767, 0.14, 0.6},
                          {0.0497038, 0.975707, -0.18149, 0.431729, 0.14, 0.55},
                          {0.05643, 1.60429, -0.642352, 0.458106, 0.12, 0.45},
                          {0.0928887, 1.22321, -0.260256, 0.345852, 0.12, 0.3}};
  const int b = (int)(a >= 1.479) + (int)(a >= 1.75) + (int)(a >= 2.0);
  const double* p = P[b];
  const double arg = compat ? (let - p[2]) * p[3] : (let - p[2]) / p[3];
  double m = p[0] + p[1] / (1 + std::exp(arg));
  m = std::min(m, p[5]);
  m = std::max(m, p[4]);
  return dphi < m;
}
}
""")

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
rng = np.random.default_rng(12345)
seta = rng.uniform(-3.0, 3.0, n).astype(np.float32)
sphi = rng.uniform(-np.pi, np.pi, n).astype(np.float32)
# A tenth of the seeds sit next to the phi = +-pi seam.
seam = rng.random(n) < 0.1
sphi[seam] = np.float32(np.pi - 0.05)
e = np.power(10.0, rng.uniform(-3.5, 2.5, n)).astype(np.float32)
eta = (seta + rng.uniform(-0.12, 0.2, n) * np.sign(seta + 1e-9)).astype(np.float32)
phi = (sphi + rng.uniform(-0.7, 0.7, n)).astype(np.float32)
phi = np.where(phi > np.pi, phi - 2 * np.pi, phi).astype(np.float32)
out = []
for i in range(n):
    a = (float(seta[i]), float(sphi[i]), float(e[i]), float(eta[i]), float(phi[i]))
    out.append(list(a) + [
        bool(ROOT.scwin_ref.mustache(*a)),
        bool(ROOT.scwin_ref.dyn(*a, False)),
        bool(ROOT.scwin_ref.dyn(*a, True)),
    ])
json.dump(out, sys.stdout)
