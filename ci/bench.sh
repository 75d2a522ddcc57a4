#!/usr/bin/env bash
# Builds the release preset and runs the Google Benchmark programs (not part of the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
for program in build/release/tests/bench/*_benchmark; do
  echo "== $(basename "$program")"
  "$program" --benchmark_min_time=0.5 "$@"
done
