"""Checks a file over 2 GB written by scwin's ROOT writer: ROOT and uproot open it and read its
first and last entries (64-bit seeks). Prints JSON {"root": ..., "uproot": ...} with, per
reader, the number of entries and [count, bit sum] of branch "v" at entries 0 and N-1.

Usage: python3 check_written_big_file.py FILE
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore", message="(?s).*alpha stage")

import ROOT  # noqa: E402
import awkward as ak  # noqa: E402
import numpy as np  # noqa: E402
import uproot  # noqa: E402

TREE = "recosimdumper/caloTree"


def sums(a):
    a = np.ascontiguousarray(a)
    return [int(len(a)), int(a.view(np.uint32).astype(np.uint64).sum(dtype=np.uint64))]


def main():
    path = sys.argv[1]
    f = ROOT.TFile.Open(path)
    t = f.Get(TREE)
    n = int(t.GetEntries())
    root = {"entries": n, "ids": [], "v": []}
    for i in (0, n - 1):
        t.GetEntry(i)
        root["ids"].append(int(t.eventId))
        root["v"].append(sums(np.asarray(t.v)))
    f.Close()
    tree = uproot.open(path)[TREE]
    up = {"entries": int(tree.num_entries), "ids": [], "v": []}
    for i in (0, n - 1):
        arrs = tree.arrays(["eventId", "v"], entry_start=i, entry_stop=i + 1, library="ak")
        up["ids"].append(int(arrs["eventId"][0]))
        up["v"].append(sums(ak.to_numpy(arrs["v"][0])))
    print(json.dumps({"root": root, "uproot": up}))


if __name__ == "__main__":
    main()
