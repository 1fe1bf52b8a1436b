"""Writes with real ROOT the same tree and TH2F that tests/root_write_layout.rs writes with
scwin (uncompressed, same file names), then compares the two files byte for byte after
replacing ROOT's dates and UUIDs (wall-clock and random in ROOT, fixed in scwin) by scwin's.

Usage: python3 write_layout_ref.py REF_DIR MINE_TREE_FILE MINE_TH2_FILE
Prints JSON: {file name: {"equal": bool, "size_ref": n, "size_mine": n, "first_diff": offset or
null, "ref": hex context, "mine": hex context}}.
"""
import array
import json
import os
import struct
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore", message="(?s).*alpha stage")

import ROOT  # noqa: E402

N_ENTRIES = 5


def write_tree(path):
    f = ROOT.TFile(path, "RECREATE", "", 0)
    d = f.mkdir("recosimdumper")
    d.cd()
    t = ROOT.TTree("caloTree", "caloTree")
    l = array.array("q", [0])
    i = array.array("i", [0])
    fl = array.array("f", [0])
    db = array.array("d", [0])
    t.Branch("eventId", l, "eventId/L")
    t.Branch("runId", i, "runId/I")
    t.Branch("rho", fl, "rho/F")
    t.Branch("truePU", db, "truePU/D")
    V = ROOT.std.vector
    vf, vi, vd = V("float")(), V("int")(), V("double")()
    vvd, vvf, vvi = V(V("double"))(), V(V("float"))(), V(V("int"))()
    for name, v in (("vf", vf), ("vi", vi), ("vd", vd), ("vvd", vvd), ("vvf", vvf), ("vvi", vvi)):
        t.Branch(name, v)
    for e in range(N_ENTRIES):
        l[0] = e + 1000
        i[0] = -e
        fl[0] = e * 0.5
        db[0] = e * 0.25
        for v in (vf, vi, vd, vvd, vvf, vvi):
            v.clear()
        for k in range(e):
            vf.push_back(k + 0.5)
            vi.push_back(k)
            vd.push_back(k * 2.0)
            a, b, c = V("double")(), V("float")(), V("int")()
            for m in range(k):
                a.push_back(m + 0.125)
                b.push_back(m + 0.25)
                c.push_back(m + 7)
            vvd.push_back(a)
            vvf.push_back(b)
            vvi.push_back(c)
        t.Fill()
    t.Write()
    f.Close()


def write_th2(path):
    f = ROOT.TFile(path, "RECREATE", "", 0)
    h = ROOT.TH2F("h2", "my title", 3, 0.0, 3.0, 2, array.array("d", [-1.0, 0.5, 3.0]))
    for ix in range(5):
        for iy in range(4):
            h.SetBinContent(ix, iy, ix * 10 + iy + 0.5)
    h.Write()
    f.Close()


def keys(data):
    """(offset, nbytes, keylen, seek_key, seek_pdir, class) of every key."""
    big = struct.unpack_from(">i", data, 4)[0] > 1000000
    end = struct.unpack_from(">q" if big else ">i", data, 12)[0]
    out, p = [], 100
    while p < end:
        nbytes, kv, _objlen, _dt, keylen, _cyc = struct.unpack_from(">ihiIhh", data, p)
        if nbytes <= 0:
            break
        q = p + 18
        if kv > 1000:
            sk, sp = struct.unpack_from(">qq", data, q)
            q += 16
        else:
            sk, sp = struct.unpack_from(">ii", data, q)
            q += 8
        cls = data[q + 1:q + 1 + data[q]].decode()
        out.append((p, nbytes, keylen, sk, sp, cls))
        p += nbytes
    return out


def dir_records(data):
    """Offsets of directory records (top TFile record and subdirectory records)."""
    recs = []
    all_keys = keys(data)
    dir_keys = {k[0] for k in all_keys if k[5] == "TDirectory"}
    for (p, _n, keylen, sk, sp, cls) in all_keys:
        if p == 100:
            q = p + keylen
            for _ in range(2):  # name, title
                n = data[q]
                q += 1 + (n if n < 255 else 4 + struct.unpack_from(">i", data, q + 1)[0])
            recs.append(q)
        elif cls == "TDirectory" and sp not in dir_keys:  # a record, not a key list
            recs.append(p + keylen)
    return recs


def normalize(ref, mine):
    """ROOT's file with its dates and UUIDs replaced by scwin's."""
    ref = bytearray(ref)
    dates = set()
    for (p, *_rest) in keys(ref):
        dates.add(bytes(ref[p + 10:p + 14]))
    for r in dir_records(ref):
        dates.add(bytes(ref[r + 2:r + 6]))
        dates.add(bytes(ref[r + 6:r + 10]))
    mine_datime = bytes(mine[110:114])
    for d in dates:
        start = 0
        while True:
            k = ref.find(d, start)
            if k < 0:
                break
            ref[k:k + 4] = mine_datime
            start = k + 4
    # UUIDs: header and directory records, matched in order.
    for a, b in zip(dir_records(bytes(ref)), dir_records(mine)):
        ref[a + 32:a + 48] = mine[b + 32:b + 48]
    ref[47:63] = mine[47:63]
    return bytes(ref)


def compare(ref_path, mine_path):
    ref = open(ref_path, "rb").read()
    mine = open(mine_path, "rb").read()
    norm = normalize(ref, mine)
    n = min(len(norm), len(mine))
    first = next((k for k in range(n) if norm[k] != mine[k]), None)
    if first is None and len(norm) != len(mine):
        first = n
    ctx = lambda b: b[max(0, (first or 0) - 16):(first or 0) + 32].hex(" ")  # noqa: E731
    return {
        "equal": first is None,
        "size_ref": len(ref),
        "size_mine": len(mine),
        "first_diff": first,
        "ref": ctx(norm) if first is not None else "",
        "mine": ctx(mine) if first is not None else "",
    }


def main():
    if sys.argv[1] == "--write":
        # ROOT's order of StreamerInfo records depends on what the process wrote before:
        # each reference file is written by a fresh process.
        {"tree": write_tree, "th2": write_th2}[sys.argv[2]](sys.argv[3])
        return
    ref_dir, mine_tree, mine_th2 = sys.argv[1:4]
    mine_tree, mine_th2 = os.path.abspath(mine_tree), os.path.abspath(mine_th2)
    # ROOT records the path it is given as the file's name: write under the same base name.
    os.chdir(ref_dir)
    ref_tree = os.path.basename(mine_tree)
    ref_th2 = os.path.basename(mine_th2)
    for kind, path in (("tree", ref_tree), ("th2", ref_th2)):
        subprocess.run([sys.executable, os.path.abspath(__file__), "--write", kind, path], check=True)
    print(json.dumps({
        os.path.basename(mine_tree): compare(ref_tree, mine_tree),
        os.path.basename(mine_th2): compare(ref_th2, mine_th2),
    }))


if __name__ == "__main__":
    main()
