"""Write small dumper files for the batch tests (tests/batch_slurm.rs).

Usage: make_batch_dumpers.py OUTDIR N [EVENTS]
Writes OUTDIR/dumper_batch_<i>.root for i in 0..N-1, each with EVENTS (default 40) events of
seeded random values in every dumper branch (the reader tests' generator,
make_read_fixtures.write_dumper, with seed 1000 + i), ZLIB-compressed.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_read_fixtures as fx  # noqa: E402


def main():
    out = sys.argv[1]
    n = int(sys.argv[2])
    events = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        fx.write_dumper(os.path.join(out, f"dumper_batch_{i}.root"), 101, events, seed=1000 + i)


if __name__ == "__main__":
    main()
