"""Dump every branch of the reader fixtures (and the TH2s) with uproot, as the reference
the Rust reader is compared to.

Usage: python3 dump_read_fixtures.py FIXDIR OUT.json [TH2FILE ...]

Per tree: entries and, per branch, uproot's typename, number of baskets, and the values:
  "values":     every value flattened, floats as their IEEE bit patterns (f32 -> u32,
                f64 -> u64), integers as integers, bools as 0/1;
  "counts":     per-entry lengths (vector and vector<vector> branches);
  "row_counts": per-row lengths (vector<vector> branches).
Branches with more than 200000 values give, instead of "values", "n_values", "bitsum" (the
sum of the encoded values modulo 2**64) and "sample" (every 997th encoded value).
TH2s (keyed "file:name", fixture files by bare name, others by the path given): x/y edges and contents (flow bins, global bin = ix + (nx + 2) * iy) as f64 bits.
"""
import json
import os
import sys

import awkward as ak
import numpy as np
import uproot

TREES = {
    "dumper_zlib.root": "recosimdumper/caloTree",
    "dumper_lzma.root": "recosimdumper/caloTree",
    "dumper_lz4.root": "recosimdumper/caloTree",
    "dumper_zstd.root": "recosimdumper/caloTree",
    "dumper_none.root": "recosimdumper/caloTree",
    "dumper_badtypes.root": "recosimdumper/caloTree",
    "scalars.root": "types",
    "big_basket.root": "recosimdumper/caloTree",
    "many_baskets.root": "recosimdumper/caloTree",
    "embedded.root": "t",
}
TH2S = {"dumper_zlib.root": ["h2_Minimum_simScore_seedBins", "h2d_var"]}


def bits(flat):
    flat = np.ascontiguousarray(flat)
    if flat.dtype == np.float32:
        return flat.view(np.uint32)
    if flat.dtype == np.float64:
        return flat.view(np.uint64)
    if flat.dtype == np.bool_:
        return flat.astype(np.uint8)
    return flat


def dump_branch(branch):
    arr = branch.array(library="ak")
    depth = arr.ndim
    out = {"typename": branch.typename, "num_baskets": branch.num_baskets}
    if depth >= 2:
        out["counts"] = ak.to_numpy(ak.num(arr, axis=1)).tolist()
    if depth >= 3:
        out["row_counts"] = ak.to_numpy(ak.flatten(ak.num(arr, axis=2), axis=None)).tolist()
    flat = ak.to_numpy(ak.flatten(arr, axis=None)) if depth >= 2 else ak.to_numpy(arr)
    b = bits(flat)
    if len(b) > 200_000:
        out["n_values"] = int(len(b))
        out["bitsum"] = int(b.astype(np.uint64).sum(dtype=np.uint64))
        out["sample"] = [int(x) for x in b[::997].tolist()]
    else:
        out["values"] = [int(x) for x in b.tolist()]
    return out


def dump_th2(h):
    xe = np.asarray(h.axis(0).edges(flow=False), dtype=np.float64)
    ye = np.asarray(h.axis(1).edges(flow=False), dtype=np.float64)
    vals = np.asarray(h.values(flow=True), dtype=np.float64)  # [ix][iy]
    contents = vals.T.reshape(-1)
    return {
        "class": h.classname,
        "x_edges": xe.view(np.uint64).tolist(),
        "y_edges": ye.view(np.uint64).tolist(),
        "contents": contents.view(np.uint64).tolist(),
    }


def main():
    fixdir, out_path = sys.argv[1], sys.argv[2]
    result = {"trees": {}, "th2": {}}
    for fname, tpath in TREES.items():
        path = os.path.join(fixdir, fname)
        if not os.path.exists(path):
            continue
        with uproot.open(path) as f:
            t = f[tpath]
            result["trees"][fname] = {
                "tree": tpath,
                "entries": int(t.num_entries),
                "branches": {b.name: dump_branch(b) for b in t.branches},
            }
            for hname in TH2S.get(fname, []):
                result["th2"][f"{fname}:{hname}"] = dump_th2(f[hname])
    for extra in sys.argv[3:]:
        with uproot.open(extra) as f:
            for key, cls in f.classnames(recursive=True).items():
                if cls in ("TH2F", "TH2D"):
                    name = key.rsplit(";", 1)[0]
                    result["th2"][f"{extra}:{name}"] = dump_th2(f[name])
    with open(out_path, "w") as fo:
        json.dump(result, fo)


if __name__ == "__main__":
    main()
