#!/usr/bin/env bash
# Scale runs (not part of the test suite): wall time, simulated events per second and peak
# memory of the baseline and of the incident for 100 000 and 1 200 000 families over 24
# months, on one thread and on every core (`--threads`), then the reference workload
# (docs/performance.md) at the same sizes.
# Usage: ci/scale.sh [FAMILIES...]   (default: 100000 1200000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
command -v /usr/bin/time >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
}
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pajesim workload
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1200000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
cores=$(nproc)
printf '%-14s %-10s %8s %10s %14s %14s %12s\n' scenario families threads seconds events events/s peak_MiB
for scenario in baseline-2019 incident-2019; do
  for families in "${sizes[@]}"; do
    for threads in $(printf '%s\n' 1 "$cores" | sort -un); do
      # The incident exits 1 (it violates invariants): the run's figures are what is wanted.
      /usr/bin/time -f '%e %M' -o "$out/time" build/release/harness/pajesim run \
        "scenarios/$scenario.json" --families "$families" --threads "$threads" --out "$out/run" --quiet || true
      read -r seconds kilobytes < <(tail -1 "$out/time")
      events=$(python3 -c "import json;print(json.load(open('$out/run/report.json'))['totals']['events'])")
      rate=$(python3 -c "print(round($events / max($seconds, 0.001)))")
      printf '%-14s %-10s %8s %10s %14s %14s %12s\n' "$scenario" "$families" "$threads" "$seconds" "$events" "$rate" \
        "$((kilobytes / 1024))"
    done
  done
done
for families in "${sizes[@]}"; do
  /usr/bin/time -f '%e %M' -o "$out/time" build/release/tests/bench/workload --families "$families"
  echo "peak_MiB=$(( $(tail -1 "$out/time" | cut -d' ' -f2) / 1024 ))"
done
