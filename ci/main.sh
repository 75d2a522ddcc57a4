#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pajesim
echo "The simulation run ('pajesim run', default scenario and report) lands with the world model."
echo "Until then, the oracle on the worked example of docs/entitlement.md:"
build/release/harness/pajesim entitlement docs/examples/worked-check.jsonl
