"""Write dumper-like ROOT files with PyROOT for the reader tests.

Usage: python3 make_read_fixtures.py OUTDIR

Files written (all trees at `recosimdumper/caloTree` unless said otherwise):
  dumper_zlib.root  dumper_lzma.root  dumper_lz4.root  dumper_zstd.root  dumper_none.root
      every required and optional dumper branch (shared/spec/dumper.md), seeded random
      values, vector lengths varying from 0 (empty events included). dumper_zlib.root
      holds two cycles of the tree (the higher one is complete) and, at top level, a TH2F
      `h2_Minimum_simScore_seedBins` and a TH2D `h2d_var` with variable bins.
  dumper_badtypes.root   pfCluster_eta and superCluster_seedIndex missing,
      pfCluster_sim_fraction as vector<vector<float>>, pfCluster_nXtals as vector<float>.
  scalars.root           tree `types` (top level): every scalar leaf type and several
      vector<T> element types (short, unsigned int, long, bool, unsigned char).
  big_basket.root        an entry of 4.5M floats: a basket over 16 MiB (two zlib blocks).
  many_baskets.root      5000 entries, tiny baskets and frequent flushes (LZ4).
  embedded.root          tree `t` saved with WriteTObject before any basket was flushed:
      its baskets are embedded in the TBranch objects.
"""
import array
import os
import sys

import numpy as np
import ROOT

ROOT.gROOT.SetBatch(True)

ROOT.gInterpreter.Declare(
    r"""
#include <vector>
#include <cstdint>
void scwin_fill_big(std::vector<float>& v, std::vector<std::vector<double>>& vv, int entry, int n) {
    v.resize(n);
    uint32_t s = 12345u + 7919u * entry;
    for (int i = 0; i < n; ++i) {
        s = s * 1664525u + 1013904223u;
        // a few distinct values so that compression has work to do but stays fast
        v[i] = float((s >> 20) % 1000) * 0.25f + float(entry);
    }
    vv.clear();
    int rows = n / 4000;
    vv.resize(rows);
    for (int r = 0; r < rows; ++r) {
        int m = 250 + (r % 7) * 100;
        vv[r].resize(m);
        for (int j = 0; j < m; ++j) {
            s = s * 1664525u + 1013904223u;
            vv[r][j] = double((s >> 16) % 5000) / 8.0 - double(r);
        }
    }
}
"""
)

VF = "vector<float>"
VI = "vector<int>"
VD = "vector<double>"
VVF = "vector<vector<float> >"
VVI = "vector<vector<int> >"
VVD = "vector<vector<double> >"

CL_FLOAT = [
    "pfCluster_energy", "pfCluster_rawEnergy", "pfCluster_eta", "pfCluster_phi",
    "pfCluster_full5x5_r9", "pfCluster_full5x5_sigmaIetaIeta", "pfCluster_full5x5_sigmaIetaIphi",
    "pfCluster_full5x5_sigmaIphiIphi", "pfCluster_full5x5_swissCross",
    "pfCluster_r9", "pfCluster_sigmaIetaIeta", "pfCluster_sigmaIetaIphi",
    "pfCluster_sigmaIphiIphi", "pfCluster_swissCross",
    "pfCluster_etaWidth", "pfCluster_phiWidth",
]
CL_INT = ["pfCluster_ieta", "pfCluster_iphi", "pfCluster_iz"]
HIT_FLOAT = ["pfClusterHit_rechitEnergy", "pfClusterHit_fraction"]
HIT_INT = ["pfClusterHit_ieta", "pfClusterHit_iphi", "pfClusterHit_iz"]
CALO_FLOAT = ["caloParticle_simEnergy", "caloParticle_simEta", "caloParticle_simPhi"]
CALO_GEN = ["caloParticle_genEnergy", "caloParticle_genEta", "caloParticle_genPhi",
            "caloParticle_simEnergyGoodStatus"]
SC_FLOAT = ["superCluster_rawEnergy", "superCluster_energy", "superCluster_eta", "superCluster_phi"]


def dumper_branches():
    """(name, C++ type) of every branch the fixture writes."""
    b = [(n, VF) for n in CL_FLOAT] + [(n, VI) for n in CL_INT]
    b += [("pfCluster_nXtals", VD), ("pfCluster_sim_fraction", VVD), ("pfCluster_simScore", VVD)]
    b += [(n, VVF) for n in HIT_FLOAT] + [(n, VVI) for n in HIT_INT]
    b += [(n, VF) for n in CALO_FLOAT] + [("caloParticle_simIz", VI)]
    b += [(n, VF) for n in CALO_GEN]
    b += [("superCluster_seedIndex", VI), ("superCluster_pfClustersIndex", VVI)]
    b += [(n, VF) for n in SC_FLOAT]
    return b


SCALARS = [("eventId", "L", "q"), ("runId", "I", "i"), ("lumiId", "I", "i"), ("nVtx", "I", "i"),
           ("rho", "F", "f"), ("obsPU", "D", "d"), ("truePU", "D", "d")]


def new_vec(cpp):
    inner = cpp[len("vector<"):-1].strip()
    if inner.startswith("vector<"):
        return ROOT.std.vector[ROOT.std.vector[inner[len("vector<"):-1].strip()]]()
    return ROOT.std.vector[inner]()


def inner_type(cpp):
    """Element type of the rows of a vector<vector<T> > type name."""
    return cpp[len("vector<vector<"):].split(">")[0].strip()


def fill_dumper_event(rng, vecs, types, scal, entry):
    """Draws one event (always the same random draws, whatever branches exist) and pushes
    the values into the branches that exist."""
    def push(name, values):
        if name in vecs:
            for x in values:
                vecs[name].push_back(x)

    def push_rows(name, rows):
        if name in vecs:
            el = inner_type(types[name])
            for r in rows:
                row = ROOT.std.vector[el]()
                for x in r:
                    row.push_back(x)
                vecs[name].push_back(row)

    for v in vecs.values():
        v.clear()
    empty = entry % 11 == 3
    ncl = 0 if empty else int(rng.integers(0, 25))
    ncalo = 0 if empty else int(rng.integers(0, 5))
    nsc = 0 if empty else int(rng.integers(0, 4))
    for n in CL_FLOAT:
        push(n, [float(np.float32(rng.normal(0.0, 3.0))) for _ in range(ncl)])
    for n in CL_INT:
        push(n, [int(rng.integers(-85, 361)) for _ in range(ncl)])
    push("pfCluster_nXtals", [float(rng.integers(1, 40)) for _ in range(ncl)])
    for name in ("pfCluster_sim_fraction", "pfCluster_simScore"):
        rows = [[float(rng.random()) if rng.random() < 0.7 else 0.0 for _ in range(ncalo)]
                for _ in range(ncl)]
        if name in types and "float" in types[name]:
            rows = [[float(np.float32(x)) for x in r] for r in rows]
        push_rows(name, rows)
    hits = {n: [] for n in HIT_FLOAT + HIT_INT}
    for _ in range(ncl):
        nh = int(rng.integers(0, 9))
        for n in HIT_FLOAT:
            hits[n].append([float(np.float32(rng.exponential(1.0))) for _ in range(nh)])
        for n in HIT_INT:
            hits[n].append([int(rng.integers(-100, 361)) for _ in range(nh)])
    for n, rows in hits.items():
        push_rows(n, rows)
    for n in CALO_FLOAT + CALO_GEN:
        push(n, [float(np.float32(rng.normal(10.0, 5.0))) for _ in range(ncalo)])
    push("caloParticle_simIz", [int(rng.integers(-1, 2)) for _ in range(ncalo)])
    push("superCluster_seedIndex", [int(rng.integers(0, max(ncl, 1))) for _ in range(nsc)])
    push_rows("superCluster_pfClustersIndex",
              [[int(rng.integers(0, max(ncl, 1))) for _ in range(int(rng.integers(0, 5)))]
               for _ in range(nsc)])
    for n in SC_FLOAT:
        push(n, [float(np.float32(rng.normal(20.0, 4.0))) for _ in range(nsc)])
    for name, _leaf, _code in SCALARS:
        if name == "eventId":
            scal[name][0] = 10_000_000_000 + entry * 3
        elif name in ("runId", "lumiId", "nVtx"):
            scal[name][0] = int(rng.integers(0, 1000))
        else:
            scal[name][0] = float(np.float32(rng.normal(30.0, 8.0)))


def write_dumper(path, compression, n_events, seed, drop=(), override=None, two_cycles=False,
                 hists=False):
    override = override or {}
    f = ROOT.TFile(path, "RECREATE", "", compression)
    d = f.mkdir("recosimdumper")
    d.cd()
    t = ROOT.TTree("caloTree", "caloTree")
    vecs = {}
    types = {}
    for name, cpp in dumper_branches():
        if name in drop:
            continue
        types[name] = override.get(name, cpp)
        vecs[name] = new_vec(types[name])
        t.Branch(name, vecs[name])
    scal = {}
    for name, leaf, code in SCALARS:
        scal[name] = array.array(code, [0])
        t.Branch(name, scal[name], f"{name}/{leaf}")
    rng = np.random.default_rng(seed)
    for entry in range(n_events):
        fill_dumper_event(rng, vecs, types, scal, entry)
        t.Fill()
        if two_cycles and entry == n_events // 2:
            t.Write()
    t.Write()
    if hists:
        f.cd()
        xb = array.array("d", [0.0, 1.0, 5.0, 10.0, 20.0, 40.0, 100.0])
        yb = array.array("d", [0.0, 0.5, 1.0, 1.479, 2.0, 3.0])
        h = ROOT.TH2F("h2_Minimum_simScore_seedBins", "thresholds;Et;|eta|", 6, xb, 5, yb)
        h2 = ROOT.TH2D("h2d_var", "a TH2D", 4, array.array("d", [-1.0, 0.0, 0.3, 2.0, 7.5]), 3, 0.0, 3.0)
        for ix in range(0, 8):
            for iy in range(0, 7):
                h.SetBinContent(ix, iy, 0.01 * ix + 0.1 * iy + 0.001)
        for ix in range(0, 6):
            for iy in range(0, 5):
                h2.SetBinContent(ix, iy, 1.0 / 3.0 * ix - 0.7 * iy)
        h.Write()
        h2.Write()
    f.Close()


def write_scalars(path):
    f = ROOT.TFile(path, "RECREATE", "", 101)
    t = ROOT.TTree("types", "every scalar and some vector types")
    specs = [("b_char", "B", "b"), ("b_uchar", "b", "B"), ("b_short", "S", "h"),
             ("b_ushort", "s", "H"), ("b_int", "I", "i"), ("b_uint", "i", "I"),
             ("b_long64", "L", "q"), ("b_ulong64", "l", "Q"), ("b_float", "F", "f"),
             ("b_double", "D", "d"), ("b_bool", "O", "b")]
    arrs = {}
    for name, leaf, code in specs:
        arrs[name] = array.array(code, [0])
        t.Branch(name, arrs[name], f"{name}/{leaf}")
    vtypes = [("v_short", "short"), ("v_uint", "unsigned int"), ("v_long", "long"),
              ("v_bool", "bool"), ("v_uchar", "unsigned char"), ("v_double", "double"),
              ("vv_float", "vector<float>")]
    vecs = {}
    for name, el in vtypes:
        if el.startswith("vector<"):
            vecs[name] = ROOT.std.vector[ROOT.std.vector["float"]]()
        else:
            vecs[name] = ROOT.std.vector[el]()
        t.Branch(name, vecs[name])
    rng = np.random.default_rng(7)
    for entry in range(300):
        arrs["b_char"][0] = int(rng.integers(-128, 128))
        arrs["b_uchar"][0] = int(rng.integers(0, 256))
        arrs["b_short"][0] = int(rng.integers(-32768, 32768))
        arrs["b_ushort"][0] = int(rng.integers(0, 65536))
        arrs["b_int"][0] = int(rng.integers(-2**31, 2**31))
        arrs["b_uint"][0] = int(rng.integers(0, 2**32))
        arrs["b_long64"][0] = int(rng.integers(-2**63, 2**63))
        arrs["b_ulong64"][0] = int(rng.integers(0, 2**64, dtype=np.uint64))
        arrs["b_float"][0] = float(np.float32(rng.normal()))
        arrs["b_double"][0] = float(rng.normal())
        arrs["b_bool"][0] = int(rng.integers(0, 2))
        n = int(rng.integers(0, 6))
        for v in vecs.values():
            v.clear()
        for _ in range(n):
            vecs["v_short"].push_back(int(rng.integers(-32768, 32768)))
            vecs["v_uint"].push_back(int(rng.integers(0, 2**32)))
            vecs["v_long"].push_back(int(rng.integers(-2**62, 2**62)))
            vecs["v_bool"].push_back(bool(rng.integers(0, 2)))
            vecs["v_uchar"].push_back(int(rng.integers(0, 256)))
            vecs["v_double"].push_back(float(rng.normal()))
            r = ROOT.std.vector["float"]()
            for _ in range(int(rng.integers(0, 4))):
                r.push_back(float(np.float32(rng.normal())))
            vecs["vv_float"].push_back(r)
        t.Fill()
    t.Write()
    f.Close()


def write_big(path):
    f = ROOT.TFile(path, "RECREATE", "", 101)
    d = f.mkdir("recosimdumper")
    d.cd()
    t = ROOT.TTree("caloTree", "huge baskets")
    v = ROOT.std.vector["float"]()
    vv = ROOT.std.vector[ROOT.std.vector["double"]]()
    t.Branch("big_float", v, 64 * 1024 * 1024)
    t.Branch("big_vv", vv, 64 * 1024 * 1024)
    for entry in range(2):
        ROOT.scwin_fill_big(v, vv, entry, 4_500_000 if entry == 0 else 1000)
        t.Fill()
    t.Write()
    f.Close()


def write_many(path):
    f = ROOT.TFile(path, "RECREATE", "", 404)
    d = f.mkdir("recosimdumper")
    d.cd()
    t = ROOT.TTree("caloTree", "many baskets")
    t.SetAutoFlush(700)
    x = array.array("i", [0])
    y = ROOT.std.vector["float"]()
    z = ROOT.std.vector[ROOT.std.vector["int"]]()
    t.Branch("x", x, "x/I")
    t.Branch("y", y, 1000)
    t.Branch("z", z, 2000)
    rng = np.random.default_rng(11)
    for entry in range(5000):
        x[0] = entry
        y.clear()
        z.clear()
        for _ in range(int(rng.integers(0, 6))):
            y.push_back(float(np.float32(rng.normal())))
        for _ in range(int(rng.integers(0, 3))):
            r = ROOT.std.vector["int"]()
            for _ in range(int(rng.integers(0, 4))):
                r.push_back(int(rng.integers(-1000, 1000)))
            z.push_back(r)
        t.Fill()
    t.Write()
    f.Close()


def write_embedded(path):
    f = ROOT.TFile(path, "RECREATE", "", 101)
    t = ROOT.TTree("t", "embedded baskets")
    x = array.array("i", [0])
    v = ROOT.std.vector["float"]()
    vv = ROOT.std.vector[ROOT.std.vector["int"]]()
    t.Branch("x", x, "x/I")
    t.Branch("v", v)
    t.Branch("vv", vv)
    for i in range(10):
        x[0] = i * 7 - 3
        v.clear()
        vv.clear()
        for j in range(i % 3):
            v.push_back(i * 1.5 + j)
            r = ROOT.std.vector["int"]()
            for k in range(j + 1):
                r.push_back(i * 100 + k)
            vv.push_back(r)
        t.Fill()
    f.WriteTObject(t, "t")
    f.Close()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, comp in [("zlib", 101), ("lzma", 207), ("lz4", 404), ("zstd", 505), ("none", 0)]:
        write_dumper(os.path.join(out, f"dumper_{name}.root"), comp, 60, seed=42,
                     two_cycles=(name == "zlib"), hists=(name == "zlib"))
    write_dumper(os.path.join(out, "dumper_badtypes.root"), 101, 5, seed=1,
                 drop={"pfCluster_eta", "superCluster_seedIndex"},
                 override={"pfCluster_sim_fraction": VVF, "pfCluster_nXtals": VF})
    write_scalars(os.path.join(out, "scalars.root"))
    write_big(os.path.join(out, "big_basket.root"))
    write_many(os.path.join(out, "many_baskets.root"))
    write_embedded(os.path.join(out, "embedded.root"))


if __name__ == "__main__":
    main()
