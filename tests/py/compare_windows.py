"""Compare scwin's NDJSON with the reference implementation's, value by value.

Usage: compare_windows.py SCWIN.ndjson REFERENCE.ndjson
Windows are matched by (entry, seed_index). Every key of the reference must be in scwin's
record with an equal value (floats exactly; NaN equals NaN; ints and floats compare by
value). Prints a JSON summary; exits 1 listing the first differences.
"""
import json
import math
import sys


def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            rec = json.loads(line[line.rfind('{"window_index"'):] if '{"window_index"' in line else line)
            out[(rec["entry"], rec["seed_index"])] = rec
    return out


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in b and same(v, b[k]) for k, v in a.items())
    return a == b


ours, ref = load(sys.argv[1]), load(sys.argv[2])
diffs, values = [], 0
for key, r in ref.items():
    o = ours.get(key)
    if o is None:
        continue
    for k, v in r.items():
        if k == "clusters":
            if len(v) != len(o[k]):
                diffs.append(f"{key} clusters: {len(o[k])} vs {len(v)}")
                continue
            for i, (cr, co) in enumerate(zip(v, o[k])):
                for ck, cv in cr.items():
                    values += 1
                    if ck not in co or not same(cv, co[ck]):
                        diffs.append(f"{key} cluster {i} {ck}: scwin {co.get(ck)!r} reference {cv!r}")
        else:
            values += 1
            if k not in o or not same(v, o[k]):
                diffs.append(f"{key} {k}: scwin {o.get(k)!r} reference {v!r}")
missing_entries = sorted({e for (e, _) in ref} - {e for (e, _) in ours})
extra = sorted(k for k in ours if k not in ref)
summary = {"reference_windows": len(ref), "scwin_windows": len(ours), "values": values,
           "missing_entries": missing_entries, "extra_windows": [list(k) for k in extra[:10]],
           "calo_matched": sum(1 for r in ref.values() if r["is_seed_calo_matched"]),
           "diffs": diffs[:20], "n_diffs": len(diffs)}
print(json.dumps(summary))
sys.exit(1 if diffs or extra else 0)
