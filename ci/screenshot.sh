#!/usr/bin/env bash
# Opens the incident scenario's report.html (and a comparison of the three rollout options)
# in headless Chromium from Debian's packages, offline, and saves screenshots; fails when the
# page does not render. Not part of the default test suite (it installs a browser).
# Usage: ci/screenshot.sh [OUT_DIR]   (default out/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/screenshots}
bash ci/install-deps.sh
if ! command -v chromium >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pajesim
mkdir -p "$out"
build/release/harness/pajesim run scenarios/incident-2019.json --out "$out/incident-2019" --quiet || true
build/release/harness/pajesim compare scenarios/rollout-big-bang.json scenarios/rollout-phased.json \
  scenarios/rollout-parallel-run.json --seeds 3 --out "$out/compare" --quiet
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shoot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1280,2400 --hide-scrollbars \
    --screenshot="$2" "file://$(realpath "$1")" >/dev/null 2>&1
  [ -s "$2" ] || { echo "screenshot: $1 did not render"; exit 1; }
  echo "screenshot: $2"
}
shoot "$out/incident-2019/report.html" "$out/incident-2019.png"
shoot "$out/compare/compare.html" "$out/compare.png"
