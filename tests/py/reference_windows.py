"""An independent implementation of the compat windows, to check scwin value by value.

Written from shared/spec/algorithm.md and outputs.md (not from scwin's code): uproot reads
the dumper file, plain Python builds the windows in COMPAT mode with every window kept
(maxnocalow = all), the Mustache comes from mustache_cpp (C++ compiled by ROOT), thresholds
from ROOT's TH2::FindBin on the working-point file, as the original scripts did.

Usage: reference_windows.py DUMPER.root WP.root [MAX_EVENTS] [--pyroot] [--fixed]

--fixed applies the fixed-mode switches of algorithm.md section 8 instead: the calo's sim
position must be inside the seed window, the dynamic dphi window divides by its width, the
summary maxima are of absolute values (window names and NaN spelling are not compared).

--pyroot reads with a PyROOT event loop (`for event in tree`, vectors indexed through
PyROOT), the way the original scripts did: the speed baseline of the export benchmark.
Prints one JSON window per line (no window_index: the reference draws it at random),
with `entry` and `seed_index` added to match scwin's records.
"""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")
import uproot  # noqa: E402
import ROOT  # noqa: E402

import mustache_cpp  # noqa: E402,F401

pyroot = "--pyroot" in sys.argv
fixed = "--fixed" in sys.argv
args = [a for a in sys.argv[1:] if a not in ("--pyroot", "--fixed")]
path, wp_path = args[0], args[1]
max_events = int(args[2]) if len(args) > 2 else None

wpf = ROOT.TFile.Open(wp_path)
h = wpf.Get("h2_Minimum_simScore_seedBins")


def threshold(et, eta):
    ix = min(max(1, h.GetXaxis().FindBin(et)), h.GetNbinsX())
    iy = min(max(1, h.GetYaxis().FindBin(abs(eta))), h.GetNbinsY())
    return h.GetBinContent(ix, iy)


def dphi(a, b):
    d = a - b
    if d > math.pi:
        d -= 2 * math.pi
    if d < -math.pi:
        d += 2 * math.pi
    return d


def fold(v):
    """Summary maxima: signed in compat, of absolute values in fixed mode."""
    return abs(v) if fixed else v


def in_window(s, x):
    (seta, sphi, siz), (eta, phi, iz) = s, x
    return siz == iz and abs(seta - eta) <= 0.2 and abs(dphi(sphi, phi)) <= 0.6


SHAPES = ["f5_r9", "f5_sigmaIetaIeta", "f5_sigmaIetaIphi", "f5_sigmaIphiIphi", "f5_swissCross",
          "r9", "sigmaIetaIeta", "sigmaIetaIphi", "sigmaIphiIphi", "swissCross",
          "etaWidth", "phiWidth"]
BR = {s: "pfCluster_" + s.replace("f5_", "full5x5_") for s in SHAPES}

def events():
    """Each event as a mapping branch name -> per-event value (indexable vectors)."""
    if pyroot:
        f = ROOT.TFile.Open(path)
        t = f.Get("recosimdumper/caloTree")
        names = [b.GetName() for b in t.GetListOfBranches()]
        for k, event in enumerate(t):
            if max_events is not None and k >= max_events:
                return
            yield {n: getattr(event, n) for n in names}
    else:
        tree = uproot.open(path)["recosimdumper/caloTree"]
        arrays = tree.arrays(library="np", entry_stop=max_events)
        for k in range(len(arrays["pfCluster_energy"])):
            yield {name: v[k] for name, v in arrays.items()}


def hits(ev, i):
    rows = []
    for k in range(len(ev["pfClusterHit_ieta"][i])):
        e = float(ev["pfClusterHit_rechitEnergy"][i][k])
        f = float(ev["pfClusterHit_fraction"][i][k])
        rows.append([int(ev["pfClusterHit_ieta"][i][k]), int(ev["pfClusterHit_iphi"][i][k]),
                     int(ev["pfClusterHit_iz"][i][k]), e, e * f, f])
    return rows


for entry, ev in enumerate(events()):
    energy = [float(x) for x in ev["pfCluster_energy"]]
    raw = [float(x) for x in ev["pfCluster_rawEnergy"]]
    eta = [float(x) for x in ev["pfCluster_eta"]]
    phi = [float(x) for x in ev["pfCluster_phi"]]
    iz = [int(x) for x in ev["pfCluster_iz"]]
    n = len(energy)
    # 1. association
    calo_of, score_of, by_calo = [], [], {}
    for i in range(n):
        row = [float(x) for x in ev["pfCluster_sim_fraction"][i]]
        ranked = sorted(enumerate(row), key=lambda t: t[1], reverse=True)
        if ranked and ranked[0][1] > 1e-5:
            calo_of.append(ranked[0][0])
            score_of.append(ranked[0][1])
            by_calo.setdefault(ranked[0][0], []).append((i, ranked[0][1]))
        else:
            calo_of.append(-1)
            score_of.append(-1)
    main_cluster = {c: sorted(v, key=lambda t: t[1], reverse=True)[0][0] for c, v in by_calo.items()}
    # 2. seeds
    order = sorted(range(n), key=lambda i: energy[i] / math.cosh(eta[i]), reverse=True)
    sc_seeds = [int(x) for x in ev["superCluster_seedIndex"]]
    windows = []
    for i in order:
        if energy[i] / math.cosh(eta[i]) < 1.0:
            continue
        calo, caloseed = -1, False
        if calo_of[i] != -1 and score_of[i] > 1e-2:
            c0 = calo_of[i]
            calo_pos = (float(ev["caloParticle_simEta"][c0]), float(ev["caloParticle_simPhi"][c0]),
                        int(ev["caloParticle_simIz"][c0]))
            # compat: the calo position is never checked; fixed: it must be in the window.
            if not fixed or in_window((eta[i], phi[i], iz[i]), calo_pos):
                calo = c0
            caloseed = calo != -1 and main_cluster[calo] == i
        msi = sc_seeds.index(i) if i in sc_seeds else -1
        c = calo
        w = {
            "is_seed_calo_matched": calo != -1, "calo_index": calo, "is_seed_calo_seed": caloseed,
            "is_seed_mustach_matched": msi != -1, "mustache_seed_index": msi,
            "seed_score": score_of[i], "seed_eta": eta[i], "seed_phi": phi[i], "seed_iz": iz[i],
            "seed_ieta": int(ev["pfCluster_ieta"][i]), "seed_iphi": int(ev["pfCluster_iphi"][i]),
            "en_seed": raw[i], "et_seed": raw[i] / math.cosh(eta[i]),
            "en_seed_calib": energy[i], "et_seed_calib": energy[i] / math.cosh(eta[i]),
            "en_true": float(ev["caloParticle_simEnergy"][c]) if c != -1 else 0,
            "et_true": float(ev["caloParticle_simEnergy"][c]) / math.cosh(float(ev["caloParticle_simEta"][c])) if c != -1 else 0,
        }
        for s in SHAPES:
            w["seed_" + s] = float(ev[BR[s]][i])
        w["seed_nxtals"] = float(ev["pfCluster_nXtals"][i])
        w["seed_hits"] = hits(ev, i)
        w["clusters"] = []
        w["_seed"] = i
        windows.append(w)
    # 3. clusters
    for j in order:
        for w in windows:
            s = w["_seed"]
            if not in_window((eta[s], phi[s], iz[s]), (eta[j], phi[j], iz[j])):
                continue
            geo = bool(ROOT.scwin_ref.mustache(eta[s], phi[s], raw[j], eta[j], phi[j])) and \
                bool(ROOT.scwin_ref.dyn(eta[s], phi[s], raw[j], eta[j], phi[j], not fixed))
            if not w["is_seed_calo_matched"]:
                matched, passed, cseed = False, False, False
            else:
                matched = calo_of[j] == w["calo_index"]
                passed = matched and score_of[j] >= threshold(w["et_seed"], w["seed_eta"])
                cseed = matched and main_cluster[w["calo_index"]] == j
            msi = w["mustache_seed_index"]
            in_must = msi != -1 and j in [int(x) for x in ev["superCluster_pfClustersIndex"][msi]]
            c = {"cl_index": j, "is_seed": j == s, "in_geom_mustache": geo, "is_calo_matched": matched,
                 "is_calo_seed": cseed, "in_scluster": passed or j == s, "in_mustache": in_must,
                 "calo_score": score_of[j], "cluster_ieta": int(ev["pfCluster_ieta"][j]),
                 "cluster_iphi": int(ev["pfCluster_iphi"][j]), "cluster_dphi": dphi(phi[s], phi[j]),
                 "cluster_iz": iz[j], "en_cluster": raw[j], "et_cluster": raw[j] / math.cosh(eta[j]),
                 "en_cluster_calib": energy[j], "et_cluster_calib": energy[j] / math.cosh(eta[j])}
            for sh in SHAPES:
                c["cl_" + sh] = float(ev[BR[sh]][j])
            c["cl_nxtals"] = float(ev["pfCluster_nXtals"][j])
            c["cl_hits"] = hits(ev, j)
            c["cluster_deta"] = eta[j] - eta[s] if eta[s] > 0 else eta[s] - eta[j]
            w["clusters"].append(c)
    # 5. summaries (compat: signed maxima)
    for w in windows:
        cls = w["clusters"]
        if w["calo_index"] != -1:
            insc = [c for c in cls if c["in_scluster"]]
            w["nclusters_insc"] = len(insc)
            w["max_en_cluster_insc"] = max(c["en_cluster"] for c in insc)
            w["max_deta_cluster_insc"] = max(fold(c["cluster_deta"]) for c in insc)
            w["max_dphi_cluster_insc"] = max(fold(c["cluster_dphi"]) for c in insc)
        else:
            w["nclusters_insc"] = 0
            w["max_en_cluster_insc"] = w["max_deta_cluster_insc"] = w["max_dphi_cluster_insc"] = -1
        w["ncls"] = len(cls)
        w["max_en_cluster"] = max(c["en_cluster"] for c in cls)
        w["max_deta_cluster"] = max(fold(c["cluster_deta"]) for c in cls)
        w["max_dphi_cluster"] = max(fold(c["cluster_dphi"]) for c in cls)
        w["entry"] = entry
        w["seed_index"] = w.pop("_seed")
        print(json.dumps(w))
