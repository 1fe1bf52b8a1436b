"""Write a realistic dumper file for the read benchmark (PyROOT; the event loop is C++).

Usage: python3 benches/make_bench_file.py OUT.root [EVENTS] [COMPRESSION]

Defaults: 2000 events, compression 101 (ZLIB level 1, as CMSSW writes). Each event has
~300 PFClusters (250..350), ~10 hits per cluster (0..20), 4 CaloParticles
(pfCluster_sim_fraction is [n][4]) and ~20 SuperClusters, with every required and optional
dumper branch in `recosimdumper/caloTree`.
"""
import os
import sys
import tempfile

import ROOT

ROOT.gROOT.SetBatch(True)

# ROOT ships no compiled dictionary for vector<vector<int> >: its emulated collection proxy
# crashes when filled from compiled code, so build one (ACLiC, needs a C++ compiler) in a
# temporary directory.
_here = os.getcwd()
os.chdir(tempfile.mkdtemp(prefix="scwin_dict_"))
ROOT.gInterpreter.GenerateDictionary("vector<vector<int> >", "vector")
os.chdir(_here)
ROOT.gInterpreter.Declare(
    r"""
#include <random>
#include <vector>
#include "TTree.h"

namespace scwin_bench {
const int NF = 16;
std::vector<std::vector<float>> clf(NF);
std::vector<int> ieta, iphi, iz;
std::vector<double> nxtals;
std::vector<std::vector<double>> simfrac, simscore;
std::vector<std::vector<float>> he, hf;
std::vector<std::vector<int>> hieta, hiphi, hiz;
std::vector<float> ce, ceta, cphi, ge, geta, gphi, cgood;
std::vector<int> ciz;
std::vector<int> seed;
std::vector<std::vector<int>> scidx;
std::vector<float> scraw, scen, sceta, scphi;
Long64_t eventId; Int_t runId, lumiId, nVtx; Float_t rho; Double_t obsPU, truePU;

const char* fl[NF] = {"pfCluster_energy", "pfCluster_rawEnergy", "pfCluster_eta",
    "pfCluster_phi", "pfCluster_full5x5_r9", "pfCluster_full5x5_sigmaIetaIeta",
    "pfCluster_full5x5_sigmaIetaIphi", "pfCluster_full5x5_sigmaIphiIphi",
    "pfCluster_full5x5_swissCross", "pfCluster_r9", "pfCluster_sigmaIetaIeta",
    "pfCluster_sigmaIetaIphi", "pfCluster_sigmaIphiIphi", "pfCluster_swissCross",
    "pfCluster_etaWidth", "pfCluster_phiWidth"};

void branch_all(TTree* t) {
    for (int i = 0; i < NF; ++i) t->Branch(fl[i], &clf[i]);
    t->Branch("pfCluster_ieta", &ieta); t->Branch("pfCluster_iphi", &iphi);
    t->Branch("pfCluster_iz", &iz); t->Branch("pfCluster_nXtals", &nxtals);
    t->Branch("pfCluster_sim_fraction", &simfrac); t->Branch("pfCluster_simScore", &simscore);
    t->Branch("pfClusterHit_rechitEnergy", &he); t->Branch("pfClusterHit_fraction", &hf);
    t->Branch("caloParticle_simEnergy", &ce); t->Branch("caloParticle_simEta", &ceta);
    t->Branch("caloParticle_simPhi", &cphi); t->Branch("caloParticle_simIz", &ciz);
    t->Branch("caloParticle_genEnergy", &ge); t->Branch("caloParticle_genEta", &geta);
    t->Branch("caloParticle_genPhi", &gphi); t->Branch("caloParticle_simEnergyGoodStatus", &cgood);
    t->Branch("superCluster_seedIndex", &seed);
    t->Branch("pfClusterHit_ieta", &hieta); t->Branch("pfClusterHit_iphi", &hiphi);
    t->Branch("pfClusterHit_iz", &hiz); t->Branch("superCluster_pfClustersIndex", &scidx);
    t->Branch("superCluster_rawEnergy", &scraw); t->Branch("superCluster_energy", &scen);
    t->Branch("superCluster_eta", &sceta); t->Branch("superCluster_phi", &scphi);

    t->Branch("eventId", &eventId, "eventId/L"); t->Branch("runId", &runId, "runId/I");
    t->Branch("lumiId", &lumiId, "lumiId/I"); t->Branch("nVtx", &nVtx, "nVtx/I");
    t->Branch("rho", &rho, "rho/F"); t->Branch("obsPU", &obsPU, "obsPU/D");
    t->Branch("truePU", &truePU, "truePU/D");
}

void fill(TTree* t, int n_events) {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> ncl_d(250, 350), nh_d(0, 20), nsc_d(10, 30);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    std::exponential_distribution<float> ex(0.5f);
    for (int ev = 0; ev < n_events; ++ev) {
        int ncl = ncl_d(rng), ncalo = 4, nsc = nsc_d(rng);
        for (auto& v : clf) v.clear();
        ieta.clear(); iphi.clear(); iz.clear(); nxtals.clear(); simfrac.clear(); simscore.clear();
        he.clear(); hf.clear(); hieta.clear(); hiphi.clear(); hiz.clear();
        for (int i = 0; i < ncl; ++i) {
            float eta = (u(rng) - 0.5f) * 6.f, e = ex(rng);
            clf[0].push_back(e * 1.05f); clf[1].push_back(e); clf[2].push_back(eta);
            clf[3].push_back((u(rng) - 0.5f) * 6.2831853f);
            for (int k = 4; k < NF; ++k) clf[k].push_back(u(rng));
            int iz_ = std::abs(eta) < 1.479 ? 0 : (eta > 0 ? 1 : -1);
            ieta.push_back(int(eta * 57)); iphi.push_back(1 + int(u(rng) * 359)); iz.push_back(iz_);
            int nh = nh_d(rng);
            nxtals.push_back(nh);
            std::vector<double> row(ncalo), row2(ncalo);
            for (int c = 0; c < ncalo; ++c) { row[c] = u(rng) < 0.2 ? u(rng) : 0.0; row2[c] = row[c] * 0.9; }
            simfrac.push_back(row); simscore.push_back(row2);
            std::vector<float> a(nh), b(nh); std::vector<int> x(nh), y(nh), z(nh, iz_);
            for (int h = 0; h < nh; ++h) {
                a[h] = ex(rng) * 0.1f; b[h] = u(rng);
                x[h] = ieta.back() + h % 5 - 2; y[h] = iphi.back() + h / 5 - 2;
            }
            he.push_back(a); hf.push_back(b); hieta.push_back(x); hiphi.push_back(y); hiz.push_back(z);
        }
        ce.clear(); ceta.clear(); cphi.clear(); ciz.clear(); ge.clear(); geta.clear(); gphi.clear(); cgood.clear();
        for (int c = 0; c < ncalo; ++c) {
            float eta = (u(rng) - 0.5f) * 5.f;
            ce.push_back(ex(rng) * 20); ceta.push_back(eta); cphi.push_back((u(rng) - 0.5f) * 6.28f);
            ciz.push_back(std::abs(eta) < 1.479 ? 0 : (eta > 0 ? 1 : -1));
            ge.push_back(ce.back() * 1.01f); geta.push_back(eta); gphi.push_back(cphi.back());
            cgood.push_back(ce.back());
        }
        seed.clear(); scidx.clear(); scraw.clear(); scen.clear(); sceta.clear(); scphi.clear();
        for (int s = 0; s < nsc; ++s) {
            seed.push_back(int(u(rng) * ncl));
            std::vector<int> idx;
            for (int k = 0; k < 1 + int(u(rng) * 5); ++k) idx.push_back(int(u(rng) * ncl));
            scidx.push_back(idx);
            scraw.push_back(ex(rng) * 10); scen.push_back(scraw.back() * 1.1f);
            sceta.push_back(clf[2][seed.back()]); scphi.push_back(clf[3][seed.back()]);
        }
        eventId = 1000000 + ev; runId = 1; lumiId = 1 + ev / 100; nVtx = 30 + ev % 40;
        rho = 20.f + u(rng) * 10; obsPU = 50 + ev % 20; truePU = 55.5;
        t->Fill();
    }
}
}
"""
)

def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    comp = int(sys.argv[3]) if len(sys.argv) > 3 else 101
    b = ROOT.scwin_bench
    f = ROOT.TFile(out, "RECREATE", "", comp)
    f.mkdir("recosimdumper").cd()
    t = ROOT.TTree("caloTree", "caloTree")
    b.branch_all(t)
    b.fill(t, n)
    t.Write()
    f.Close()


if __name__ == "__main__":
    main()
