"""Thresholds the reference way, for every working-point file given.

ROOT files: TH2 FindBin on the seed Et and |eta|, clamped to [1, n] (as the reference's
pass_simfraction_threshold). JSON files: correctionlib's own evaluator. Prints JSON:
{file: [[et, eta, threshold], ...]}.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")

points = []
for et in [-1.0, 0.0, 0.5, 1.0, 2.9999, 3.0, 5.0, 9.99, 10.0, 15.0, 47.3, 99.0, 100.0, 150.0, 499.0, 1e4]:
    for eta in [0.0, 0.1, -0.2, 0.2, 0.7, -1.2, 1.4442, 1.4791, -1.5, 1.566, 2.0, -2.2499, 2.9, 3.0, 3.5]:
        points.append((et, eta))

out = {}
for path in sys.argv[1:]:
    rows = []
    if path.endswith(".json"):
        import correctionlib
        cset = correctionlib.CorrectionSet.from_file(path)
        corr = next(iter(cset.values()))
        for et, eta in points:
            rows.append([et, eta, corr.evaluate(et, abs(eta))])
    else:
        import ROOT
        f = ROOT.TFile.Open(path)
        h = f.Get("h2_Minimum_simScore_seedBins")
        for et, eta in points:
            ix = min(max(1, h.GetXaxis().FindBin(et)), h.GetNbinsX())
            iy = min(max(1, h.GetYaxis().FindBin(abs(eta))), h.GetNbinsY())
            rows.append([et, eta, h.GetBinContent(ix, iy)])
    out[path] = rows
json.dump(out, sys.stdout)
