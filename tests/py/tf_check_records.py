"""Checks scwin TFRecord datasets with real TensorFlow.

Usage: python3 tf_check_records.py MANIFEST.json

The manifest lists cases: {name, ndjson, calo, nocalo, metadata, compression ("GZIP" or
""), flavour, weights (null or {x_edges, y_edges, contents})}. For every case:

- every record of both files parses with tf.data.TFRecordDataset +
  tf.io.parse_single_sequence_example on the spec's features (outputs.md) and
  tf.io.parse_tensor(s_h, tf.float32);
- every value equals the NDJSON window's value cast to float32 (int64 for labels), bit for
  bit (NaN included), records in NDJSON order split by class;
- s_h bytes equal tf.io.serialize_tensor of the expected seed hits;
- the record bytes equal those of the same SequenceExample built with the tf.train API
  (as the original converter did) and serialized deterministically (sorted map keys);
- the metadata file holds the counts of classes 0, 1, 2.

Values are computed here from the NDJSON and the spec, independently of the Rust code.
Prints a JSON summary; any mismatch raises (non-zero exit).
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

SEED_FEATURES = [
    "seed_eta", "seed_phi", "seed_ieta", "seed_iphi", "seed_iz",
    "en_seed", "et_seed", "en_seed_calib", "et_seed_calib", "en_true", "et_true",
    "seed_f5_r9", "seed_f5_sigmaIetaIeta", "seed_f5_sigmaIetaIphi", "seed_f5_sigmaIphiIphi",
    "seed_f5_swissCross", "seed_r9", "seed_sigmaIetaIeta", "seed_sigmaIetaIphi",
    "seed_sigmaIphiIphi", "seed_swissCross", "seed_nxtals", "seed_etaWidth", "seed_phiWidth",
]
SEED_LABELS = ["is_seed_calo_matched", "is_seed_calo_seed", "is_seed_mustach_matched"]
SEED_METADATA = [
    "nclusters_insc", "max_en_cluster_insc", "max_deta_cluster_insc", "max_dphi_cluster_insc",
    "max_en_cluster", "max_deta_cluster", "max_dphi_cluster", "seed_score",
]
CLS_FEATURES = [
    "cluster_ieta", "cluster_iphi", "cluster_iz", "cluster_deta", "cluster_dphi",
    "en_cluster", "et_cluster", "en_cluster_calib", "et_cluster_calib",
    "cl_f5_r9", "cl_f5_sigmaIetaIeta", "cl_f5_sigmaIetaIphi", "cl_f5_sigmaIphiIphi",
    "cl_f5_swissCross", "cl_r9", "cl_sigmaIetaIeta", "cl_sigmaIetaIphi", "cl_sigmaIphiIphi",
    "cl_swissCross", "cl_nxtals", "cl_etaWidth", "cl_phiWidth",
]
CLS_LABELS = ["is_seed", "is_calo_matched", "is_calo_seed", "in_scluster",
              "in_geom_mustache", "in_mustache"]
CLS_METADATA = ["calo_score"]

CONTEXT_FEATURES = {
    "s_f": tf.io.FixedLenFeature([24], tf.float32),
    "s_l": tf.io.FixedLenFeature([3], tf.int64),
    "s_m": tf.io.FixedLenFeature([8], tf.float32),
    "s_h": tf.io.FixedLenFeature([], tf.string),
    "w_cl": tf.io.FixedLenFeature([], tf.int64),
    "n_cl": tf.io.FixedLenFeature([], tf.int64),
    "wi": tf.io.FixedLenFeature([], tf.float32),
    "f": tf.io.FixedLenFeature([], tf.int64),
}
SEQUENCE_FEATURES = {
    "cl_f": tf.io.FixedLenSequenceFeature([22], tf.float32),
    "cl_l": tf.io.FixedLenSequenceFeature([6], tf.int64),
    "cl_m": tf.io.FixedLenSequenceFeature([1], tf.float32),
    "cl_h0": tf.io.RaggedFeature(tf.float32),
    "cl_h1": tf.io.RaggedFeature(tf.float32),
    "cl_h2": tf.io.RaggedFeature(tf.float32),
    "cl_h4": tf.io.RaggedFeature(tf.float32),
}
# The same hit lists read as VarLenFeature (sparse), the other way a loader may ask.
SPARSE_HITS = {k: tf.io.VarLenFeature(tf.float32) for k in ["cl_h0", "cl_h1", "cl_h2", "cl_h4"]}


def num(v):
    """NDJSON number: None (scwin fixed mode's NaN) is NaN, booleans are 0/1."""
    return float("nan") if v is None else float(v)


def f32(values):
    return np.array([num(v) for v in values], dtype=np.float32)


def hits(rows):
    return np.array([[num(r[0]), num(r[1]), num(r[2]), num(r[4])] for r in rows],
                    dtype=np.float32).reshape(-1, 4)


def find_bin(edges, v):
    """ROOT TAxis::FindBin: 0 underflow, n+1 overflow (and NaN), else 1..n."""
    n = len(edges) - 1
    if v < edges[0]:
        return 0
    if not v < edges[-1]:
        return n + 1
    return int(np.searchsorted(np.array(edges), v, side="right"))


def expected(w, flavour, weights):
    matched = bool(w["is_seed_calo_matched"])
    cls = 0 if not matched else (2 if w["is_seed_calo_seed"] else 1)
    weight = 1.0
    if weights is not None:
        ix = find_bin(weights["x_edges"], num(w["et_seed"]))
        iy = find_bin(weights["y_edges"], num(w["ncls"]))
        weight = weights["contents"][ix + (len(weights["x_edges"]) + 1) * iy]
    clusters = w["clusters"]
    return {
        "w_cl": cls,
        "n_cl": int(w["ncls"]),
        "wi": np.float32(weight),
        "f": flavour if matched else 0,
        "s_f": f32([w[k] for k in SEED_FEATURES]),
        "s_l": np.array([int(w[k]) for k in SEED_LABELS], dtype=np.int64),
        "s_m": f32([w[k] for k in SEED_METADATA]),
        "s_h": hits(w["seed_hits"]),
        "cl_f": f32([c[k] for c in clusters for k in CLS_FEATURES]).reshape(-1, 22),
        "cl_l": np.array([int(c[k]) for c in clusters for k in CLS_LABELS],
                         dtype=np.int64).reshape(-1, 6),
        "cl_m": f32([c[k] for c in clusters for k in CLS_METADATA]).reshape(-1, 1),
        "cl_h": [hits(c["cl_hits"]) for c in clusters],
    }


def reference_bytes(e):
    """The SequenceExample built with the tf.train API, serialized with sorted map keys."""
    def fl(v):
        return tf.train.Feature(float_list=tf.train.FloatList(value=list(np.ravel(v))))

    def il(v):
        return tf.train.Feature(int64_list=tf.train.Int64List(value=[int(x) for x in np.ravel(v)]))

    context = {
        "s_f": fl(e["s_f"]), "s_l": il(e["s_l"]), "s_m": fl(e["s_m"]),
        "s_h": tf.train.Feature(bytes_list=tf.train.BytesList(
            value=[tf.io.serialize_tensor(e["s_h"]).numpy()])),
        "w_cl": il([e["w_cl"]]), "n_cl": il([e["n_cl"]]), "wi": fl([e["wi"]]),
        "f": il([e["f"]]),
    }
    lists = {
        "cl_f": [fl(r) for r in e["cl_f"]],
        "cl_l": [il(r) for r in e["cl_l"]],
        "cl_m": [fl(r) for r in e["cl_m"]],
    }
    for j, key in enumerate(["cl_h0", "cl_h1", "cl_h2", "cl_h4"]):
        lists[key] = [fl(h[:, j]) for h in e["cl_h"]]
    ex = tf.train.SequenceExample(
        context=tf.train.Features(feature=context),
        feature_lists=tf.train.FeatureLists(feature_list={
            k: tf.train.FeatureList(feature=v) for k, v in lists.items()}),
    )
    return ex.SerializeToString(deterministic=True)


def same_bits(a, b, what):
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        raise AssertionError(f"{what}: shape {a.shape} != expected {b.shape}")
    if a.dtype == np.float32:
        ok = np.array_equal(a.view(np.uint32), b.astype(np.float32).view(np.uint32))
    else:
        ok = np.array_equal(a, b)
    if not ok:
        raise AssertionError(f"{what}: {a!r} != expected {b!r}")


def parse(raw):
    ctx, seq = tf.io.parse_single_sequence_example(
        raw, context_features=CONTEXT_FEATURES, sequence_features=SEQUENCE_FEATURES)
    ctx = dict(ctx)
    ctx["s_h_tensor"] = tf.io.parse_tensor(ctx["s_h"], out_type=tf.float32)
    _, sparse = tf.io.parse_single_sequence_example(raw, sequence_features=SPARSE_HITS)
    seq = dict(seq)
    seq["cl_h_sparse_count"] = tf.stack(
        [tf.size(sparse[k].values) for k in ["cl_h0", "cl_h1", "cl_h2", "cl_h4"]])
    # The DeepSC loader's hits tensor.
    seq["cl_h"] = tf.ragged.stack([seq["cl_h0"], seq["cl_h1"], seq["cl_h2"], seq["cl_h4"]],
                                  axis=2)
    return ctx, seq


def load_windows(path):
    out = []
    with open(path, "rb") as f:
        for line in f:
            line = line.decode()
            start = line.rfind('{"window_index"')
            if start >= 0:
                out.append(json.loads(line[start:].rstrip("\0\n")))
    return out


def check_case(case):
    windows = load_windows(case["ndjson"])
    exp = [expected(w, case["flavour"], case["weights"]) for w in windows]
    comp = case["compression"]
    summary = {}
    for key, want in [("nocalo", [e for e in exp if e["w_cl"] == 0]),
                      ("calo", [e for e in exp if e["w_cl"] > 0])]:
        path = case[key]
        raws = list(tf.data.TFRecordDataset([path], compression_type=comp).as_numpy_iterator())
        parsed = list(tf.data.TFRecordDataset([path], compression_type=comp)
                      .map(parse).as_numpy_iterator())
        if len(raws) != len(want) or len(parsed) != len(want):
            raise AssertionError(f"{case['name']} {key}: {len(raws)} records, "
                                 f"{len(parsed)} parsed, expected {len(want)}")
        bytes_equal = 0
        for i, (raw, (ctx, seq), e) in enumerate(zip(raws, parsed, want)):
            at = f"{case['name']} {key} record {i}"
            for k in ["s_f", "s_l", "s_m"]:
                same_bits(ctx[k], e[k], f"{at} {k}")
            for k in ["w_cl", "n_cl", "f"]:
                if int(ctx[k]) != e[k]:
                    raise AssertionError(f"{at} {k}: {ctx[k]} != expected {e[k]}")
            same_bits(np.float32(ctx["wi"]), e["wi"], f"{at} wi")
            same_bits(ctx["s_h_tensor"], e["s_h"], f"{at} s_h")
            ser = tf.io.serialize_tensor(e["s_h"]).numpy()
            if ctx["s_h"] != ser:
                raise AssertionError(f"{at} s_h bytes differ from tf.io.serialize_tensor")
            for k in ["cl_f", "cl_l", "cl_m"]:
                same_bits(seq[k], e[k], f"{at} {k}")
            cl_h = seq["cl_h"]
            if len(cl_h) != len(e["cl_h"]):
                raise AssertionError(f"{at} cl_h: {len(cl_h)} clusters")
            for j, h in enumerate(e["cl_h"]):
                same_bits(np.asarray(cl_h[j]).reshape(-1, 4), h, f"{at} cl_h[{j}]")
            nh = sum(len(h) for h in e["cl_h"])
            if list(seq["cl_h_sparse_count"]) != [nh] * 4:
                raise AssertionError(f"{at} sparse hits {seq['cl_h_sparse_count']} != {nh}")
            if raw == reference_bytes(e):
                bytes_equal += 1
            else:
                raise AssertionError(f"{at}: bytes differ from the tf.train SequenceExample")
        summary[key] = len(raws)
        summary[key + "_bytes_equal"] = bytes_equal
    # Both files in one dataset, as training reads them.
    both = tf.data.TFRecordDataset([case["calo"], case["nocalo"]], compression_type=comp)
    summary["both"] = int(both.map(parse).reduce(0, lambda n, _: n + 1))
    counts = [sum(1 for e in exp if e["w_cl"] == k) for k in range(3)]
    with open(case["metadata"]) as f:
        meta = f.read()
    want_meta = "".join(f"{case['dataset']};{k};{counts[k]}\n" for k in range(3))
    if meta != want_meta:
        raise AssertionError(f"{case['name']}: metadata {meta!r} != {want_meta!r}")
    summary["classes"] = counts
    summary["clusters"] = sum(len(e["cl_h"]) for e in exp)
    summary["hits"] = sum(len(h) for e in exp for h in e["cl_h"]) + sum(len(e["s_h"]) for e in exp)
    return summary


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    result = {"tensorflow": tf.__version__, "cases": {}}
    for case in manifest["cases"]:
        result["cases"][case["name"]] = check_case(case)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
