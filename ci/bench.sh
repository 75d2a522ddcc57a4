#!/usr/bin/env bash
# Builds the release preset and runs the Google Benchmark programs, then the reference
# workload (not part of the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
for program in build/release/tests/bench/*_benchmark; do
  echo "== $(basename "$program")"
  "$program" --benchmark_min_time=0.5 "$@"
done
# The published reference workload (../shared/bench/WORKLOAD.md) on pajesim's event queue, at
# 100 000 and 1 200 000 families: its one line of counts, checksums and events per second.
for families in 100000 1200000; do
  echo "== workload --families $families"
  build/release/tests/bench/workload --families "$families"
done
