"""The Mustache and dynamic dphi window, written in C++ from shared/spec/algorithm.md
section 7 and compiled by ROOT's interpreter with FP contraction off (no fused
multiply-add): an implementation independent of scwin's Rust code.

Import this module to get `ROOT.scwin_ref.mustache(...)` and `ROOT.scwin_ref.dyn(...)`.
"""
import warnings

warnings.filterwarnings("ignore")
import ROOT  # noqa: E402

ROOT.gROOT.SetBatch(True)
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
