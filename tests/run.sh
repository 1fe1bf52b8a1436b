#!/usr/bin/env bash
# The project's test command (README): installs what the tests need on a fresh machine —
# the Python references (ROOT/PyROOT, uproot, TensorFlow) and tmux — then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${SCWIN_PYTHON:-python3}
if ! "$PY" -c "import ROOT, uproot, awkward, numpy, tensorflow, correctionlib, lz4, zstandard, xxhash" >/dev/null 2>&1; then
  echo "tests/run.sh: installing the Python references (ROOT, uproot, TensorFlow)..." >&2
  "$PY" -m pip install --quiet --disable-pip-version-check --pre root uproot awkward numpy tensorflow-cpu correctionlib lz4 zstandard xxhash
fi
if ! command -v tmux >/dev/null 2>&1; then
  echo "tests/run.sh: installing tmux..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq tmux >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq tmux >/dev/null; fi
fi
export TF_CPP_MIN_LOG_LEVEL=2
cargo test --all-targets "$@"
