#!/usr/bin/env bash
# Scale runs (not part of the test suite): wall time, simulated events per second and peak
# memory of the baseline scenario for 100 000 and 1 200 000 families over 24 months.
# Usage: ci/scale.sh [FAMILIES...]   (default: 100000 1200000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
command -v /usr/bin/time >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
}
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pajesim
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1200000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-10s %10s %14s %14s %12s\n' families seconds events events/s peak_MiB
for families in "${sizes[@]}"; do
  /usr/bin/time -f '%e %M' -o "$out/time" build/release/harness/pajesim run \
    scenarios/baseline-2019.json --families "$families" --out "$out/run" --quiet
  read -r seconds kilobytes < "$out/time"
  events=$(python3 -c "import json;print(json.load(open('$out/run/report.json'))['totals']['events'])")
  rate=$(python3 -c "print(round($events / max($seconds, 0.001)))")
  printf '%-10s %10s %14s %14s %12s\n' "$families" "$seconds" "$events" "$rate" "$((kilobytes / 1024))"
done
