#!/usr/bin/env bash
# Read benchmark: scwin decoding every branch the windows need (scwin check: decode +
# validate every event) on 1 and 2 threads, side by side with uproot's
# tree.arrays(same branches, library="ak").
#
# Usage: bash benches/read_vs_uproot.sh [FILE] [REPEATS]
#   FILE defaults to a generated ${TMPDIR:-/tmp}/scwin_bench.root (benches/make_bench_file.py:
#   2000 events x ~300 clusters, ~10 hits per cluster, sim_fraction [n][4], ZLIB level 1).
#   Each measurement is repeated REPEATS times (default 3); the best wall time is kept.
#
# Prints wall time, CPU time (user + sys; meaningful on a busy machine where wall time is
# not), events/s and peak RSS for each.
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-${TMPDIR:-/tmp}/scwin_bench.root}"
repeats="${2:-3}"
py="${SCWIN_PYTHON:-python3}"
if [[ ! -f "$file" ]]; then
    echo "writing $file ..." >&2
    "$py" benches/make_bench_file.py "$file" 2000 >/dev/null 2>&1
fi
cargo build --release --quiet --bin scwin
bin=target/release/scwin
events=$("$py" -c "import uproot,sys; print(uproot.open(sys.argv[1])['recosimdumper/caloTree'].num_entries)" "$file" 2>/dev/null)
size=$(stat -c %s "$file")

best() { sort -n -k1,1 | head -1; }

measure_scwin() {  # threads -> "wall cpu rss"
    for _ in $(seq "$repeats"); do
        /usr/bin/time -f "%e %U %S %M" "$bin" check -j "$1" "$file" 2>&1 >/dev/null \
            | awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}'
    done | best
}

measure_uproot() {
    for _ in $(seq "$repeats"); do
        "$py" benches/uproot_read.py "$file" 2>/dev/null | awk '{print $2, $3, $5}'
    done | best
}

printf "file: %s (%d events, %.1f MB), load average: %s\n" "$file" "$events" \
    "$(echo "$size / 1000000" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-22s %9s %9s %11s %12s\n" "reader" "wall s" "cpu s" "events/s" "peak RSS MB"
row() {  # name wall cpu rss_kb
    printf "%-22s %9.3f %9.3f %11.0f %12.1f\n" "$1" "$2" "$3" \
        "$(echo "$events / $2" | bc -l)" "$(echo "$4 / 1024" | bc -l)"
}
read -r uw uc ur < <(measure_uproot)
read -r s1w s1c s1r < <(measure_scwin 1)
read -r s2w s2c s2r < <(measure_scwin 2)
row "uproot arrays(ak)" "$uw" "$uc" "$ur"
row "scwin check -j 1" "$s1w" "$s1c" "$s1r"
row "scwin check -j 2" "$s2w" "$s2c" "$s2r"
printf "scwin 1 thread vs uproot: %.1fx faster (wall), %.1fx less CPU; 2 threads vs 1: %.2fx\n" \
    "$(echo "$uw / $s1w" | bc -l)" "$(echo "$uc / $s1c" | bc -l)" "$(echo "$s1w / $s2w" | bc -l)"
