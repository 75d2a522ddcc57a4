#!/usr/bin/env bash
# The main job: installs what is missing, builds, replays the 2019 incident
# (scenarios/incident-2019.json, 10 000 families, report in out/incident-2019/), then compares
# the rollout options (scenarios/rollout-*.json) and the remediation options
# (scenarios/remediation-*.json) on SEEDS seeds each (default 5; the same seeds for every
# option), prints both rankings, and writes both comparison reports (out/compare-rollout/,
# out/compare-remediation/). Exit 0 when every step ran; the incident's invariants are
# violated by design (its report says which), so their verdict does not fail the job.
# Usage: ci/main.sh [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-5}
bash ci/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pajesim
pajesim=build/release/harness/pajesim
echo "== the 2019 incident replayed"
status=0
"$pajesim" run scenarios/incident-2019.json --out out/incident-2019 || status=$?
# 1: invariants violated, as the incident's faults make them; anything else is a failure.
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || exit "$status"
echo
echo "== rollout options, $seeds seeds each"
"$pajesim" compare scenarios/rollout-*.json --seeds "$seeds" --out out/compare-rollout
echo
echo "== remediation options on the incident, $seeds seeds each"
"$pajesim" compare scenarios/remediation-*.json --seeds "$seeds" --out out/compare-remediation
