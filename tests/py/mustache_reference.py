"""Independent evaluation of the Mustache and the dynamic dphi window with real ROOT.

The C++ (tests/py/mustache_cpp.py) is written from shared/spec/algorithm.md section 7 (float arguments, as the
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

import mustache_cpp  # noqa: E402,F401  (declares ROOT.scwin_ref)


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
