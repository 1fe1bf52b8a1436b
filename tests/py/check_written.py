"""Reads files written by scwin's ROOT writer with PyROOT and with uproot and prints, as one
JSON object, what each of them sees: type names, every value of every branch (floats as the
hex of their IEEE bits, so NaN payloads and -0.0 compare exactly), cluster and basket
boundaries, and TH2F edges and contents.

Usage: python3 check_written.py FILE...
Each FILE is either a tree file (tree at recosimdumper/caloTree) or, if its name contains
"th2", a file with TH2F objects. The Rust tests (tests/root_write.rs) compare the output with
what they wrote.
"""
import json
import struct
import sys
import warnings

warnings.filterwarnings("ignore", message="(?s).*alpha stage")

try:
    import lz4  # noqa: F401  (uproot reads LZ4 and ZSTD baskets with them)
    import xxhash  # noqa: F401
    import zstandard  # noqa: F401
except ImportError as e:
    raise SystemExit("check_written.py needs %s: pip install lz4 xxhash zstandard" % e.name)

import ROOT  # noqa: E402
import awkward as ak  # noqa: E402
import numpy as np  # noqa: E402
import uproot  # noqa: E402

TREE = "recosimdumper/caloTree"


def f32(x):
    return struct.pack(">f", x).hex()


def f64(x):
    return struct.pack(">d", x).hex()


def enc_root(kind, v):
    if kind in ("Long64_t", "Int_t"):
        return int(v)
    if kind == "Float_t":
        return f32(v)
    if kind == "Double_t":
        return f64(v)
    inner = {"int": int, "float": f32, "double": f64}
    if kind.startswith("vector<vector<"):
        el = inner[kind[len("vector<vector<"):].split(">")[0]]
        return [[el(x) for x in row] for row in v]
    el = inner[kind[len("vector<"):].split(">")[0]]
    return [el(x) for x in v]


def root_tree(path):
    f = ROOT.TFile.Open(path)
    t = f.Get(TREE)
    out = {"entries": int(t.GetEntries()), "autoflush": int(t.GetAutoFlush()), "types": {}, "values": {}}
    kinds = {}
    for b in t.GetListOfBranches():
        name = b.GetName()
        if b.ClassName() == "TBranchElement":
            kind = b.GetClassName()
        else:
            kind = b.GetListOfLeaves().At(0).GetTypeName()
        kinds[name] = kind
        out["types"][name] = kind
        out["values"][name] = []
    for i in range(t.GetEntries()):
        if t.GetEntry(i) <= 0:
            raise SystemExit("ROOT could not read entry %d of %s" % (i, path))
        for name, kind in kinds.items():
            out["values"][name].append(enc_root(kind, getattr(t, name)))
    # Cluster boundaries as ROOT's cluster iterator sees them.
    clusters = []
    it = t.GetClusterIterator(0)
    start = it()
    while start < t.GetEntries():
        clusters.append(int(start))
        start = it()
    clusters.append(int(t.GetEntries()))
    out["clusters"] = clusters
    f.Close()
    return out


def enc_np(dtype, arr):
    if dtype.kind == "f":
        width = ">f4" if dtype.itemsize == 4 else ">f8"
        return [x.hex() for x in np.asarray(arr, dtype=width).view("S%d" % dtype.itemsize)]
    return [int(x) for x in arr]


def bits_list(arr, itemsize):
    a = np.asarray(arr)
    if a.dtype.kind != "f":
        return [int(x) for x in a]
    be = a.astype(">f4" if itemsize == 4 else ">f8")
    raw = be.tobytes()
    return [raw[i:i + itemsize].hex() for i in range(0, len(raw), itemsize)]


def up_tree(path):
    t = uproot.open(path)[TREE]
    out = {"entries": int(t.num_entries), "types": {}, "values": {}, "basket_entries": {}}
    for b in t.branches:
        name = b.name
        out["types"][name] = b.typename
        out["basket_entries"][name] = [int(x) for x in b.entry_offsets]
        arr = b.array(library="ak")
        layout_type = str(ak.type(arr))
        itemsize = 4 if ("float32" in layout_type or "int32" in layout_type) else 8
        depth = arr.ndim
        if depth == 1:
            out["values"][name] = bits_list(ak.to_numpy(arr), itemsize)
        elif depth == 2:
            flat = bits_list(ak.to_numpy(ak.flatten(arr)), itemsize)
            counts = ak.to_numpy(ak.num(arr, axis=1))
            vals, p = [], 0
            for c in counts:
                vals.append(flat[p:p + c])
                p += c
            out["values"][name] = vals
        else:
            flat = bits_list(ak.to_numpy(ak.flatten(arr, axis=None)), itemsize)
            outer = ak.to_numpy(ak.num(arr, axis=1))
            inner = ak.to_numpy(ak.flatten(ak.num(arr, axis=2)))
            vals, p, q = [], 0, 0
            for c in outer:
                rows = []
                for _ in range(c):
                    rows.append(flat[p:p + inner[q]])
                    p += inner[q]
                    q += 1
                vals.append(rows)
            out["values"][name] = vals
    return out


def root_th2(path):
    f = ROOT.TFile.Open(path)
    out = {}
    for k in f.GetListOfKeys():
        h = f.Get(k.GetName())
        nx, ny = h.GetNbinsX(), h.GetNbinsY()
        out[k.GetName()] = {
            "class": h.ClassName(),
            "title": h.GetTitle(),
            "x_edges": [f64(h.GetXaxis().GetBinLowEdge(i)) for i in range(1, nx + 2)],
            "y_edges": [f64(h.GetYaxis().GetBinLowEdge(i)) for i in range(1, ny + 2)],
            "contents": [f32(h.GetBinContent(ix, iy)) for iy in range(ny + 2) for ix in range(nx + 2)],
            "find_bin": int(h.FindBin(0.3, 0.3)),
        }
    f.Close()
    return out


def up_th2(path):
    f = uproot.open(path)
    out = {}
    for name, cls in f.classnames().items():
        h = f[name]
        out[name.split(";")[0]] = {
            "class": cls,
            "title": h.title,
            "x_edges": [f64(x) for x in h.axis(0).edges()],
            "y_edges": [f64(x) for x in h.axis(1).edges()],
            "contents": [f32(v) for v in np.asarray(h.values(flow=True)).T.reshape(-1)],
        }
    return out


def sums(arr):
    """Element count and wrapping sum of the raw bits of a 1-D numeric array."""
    a = np.ascontiguousarray(arr)
    bits = a.view(np.uint32 if a.dtype.itemsize == 4 else np.uint64).astype(np.uint64)
    return [int(len(a)), int(bits.sum(dtype=np.uint64))]


def big_baskets(path):
    """Summary of a tree with huge entries: per branch and entry, count and bit sum, read by
    ROOT and by uproot, and the stored size of each basket."""
    f = ROOT.TFile.Open(path)
    t = f.Get(TREE)
    root = {}
    names = [b.GetName() for b in t.GetListOfBranches()]
    for name in names:
        root[name] = []
    for i in range(t.GetEntries()):
        t.GetEntry(i)
        for name in names:
            root[name].append(sums(np.asarray(getattr(t, name), dtype=None)))
    f.Close()
    up, sizes = {}, {}
    tree = uproot.open(path)[TREE]
    for b in tree.branches:
        arr = b.array(library="ak")
        up[b.name] = [sums(ak.to_numpy(x)) for x in arr]
        sizes[b.name] = [int(b.basket_compressed_bytes(i)) for i in range(b.num_baskets)]
    return {"root": root, "uproot": up, "basket_bytes": sizes}


def main():
    result = {}
    for path in sys.argv[1:]:
        if "bigbasket" in path:
            result[path] = big_baskets(path)
        elif "th2" in path:
            result[path] = {"root": root_th2(path), "uproot": up_th2(path)}
        else:
            result[path] = {"root": root_tree(path), "uproot": up_tree(path)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
