#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the default scenario
# (scenarios/baseline-2019.json, 10 000 families); the report lands in out/baseline-2019/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pajesim
build/release/harness/pajesim run scenarios/baseline-2019.json "$@"
