"""uproot side of the read benchmark: read the branches scwin decodes, as awkward arrays.

Usage: python3 benches/uproot_read.py FILE [ASSOCIATION]

Prints one line: "uproot <wall s> <cpu s> <events> <peak RSS kB>".
"""
import resource
import sys
import time

import uproot

REQUIRED = [
    "pfCluster_energy", "pfCluster_rawEnergy", "pfCluster_eta", "pfCluster_phi",
    "pfCluster_ieta", "pfCluster_iphi", "pfCluster_iz", "pfCluster_nXtals",
    "pfCluster_full5x5_r9", "pfCluster_full5x5_sigmaIetaIeta", "pfCluster_full5x5_sigmaIetaIphi",
    "pfCluster_full5x5_sigmaIphiIphi", "pfCluster_full5x5_swissCross", "pfCluster_r9",
    "pfCluster_sigmaIetaIeta", "pfCluster_sigmaIetaIphi", "pfCluster_sigmaIphiIphi",
    "pfCluster_swissCross", "pfCluster_etaWidth", "pfCluster_phiWidth",
    "pfClusterHit_rechitEnergy", "pfClusterHit_fraction", "pfClusterHit_ieta",
    "pfClusterHit_iphi", "pfClusterHit_iz", "caloParticle_simEnergy", "caloParticle_simEta",
    "caloParticle_simPhi", "caloParticle_simIz", "superCluster_seedIndex",
    "superCluster_pfClustersIndex",
]
OPTIONAL = ["runId", "lumiId", "eventId", "nVtx", "rho", "obsPU", "truePU",
            "caloParticle_genEnergy", "caloParticle_genEta", "caloParticle_genPhi"]


def main():
    path = sys.argv[1]
    assoc = sys.argv[2] if len(sys.argv) > 2 else "sim_fraction"
    w0, c0 = time.perf_counter(), time.process_time()
    with uproot.open(path) as f:
        t = f["recosimdumper/caloTree"]
        names = REQUIRED + [f"pfCluster_{assoc}"] + [b for b in OPTIONAL if b in t]
        arrays = t.arrays(names, library="ak")
        n = len(arrays)
    w1, c1 = time.perf_counter(), time.process_time()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"uproot {w1 - w0:.3f} {c1 - c0:.3f} {n} {rss}")


if __name__ == "__main__":
    main()
