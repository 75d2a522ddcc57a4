#!/usr/bin/env bash
# Installs what is missing, builds (release, assertions on) and runs the whole test suite.
# This is the README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
jobs=$(nproc)
cmake --preset release >/dev/null
cmake --build --preset release -j"$jobs"
# One test more than cores: many tests wait on a child process (a centre under test, a
# pajesim run) for part of their time, and with one per core the processors sat idle about a
# third of the suite.
ctest --preset release -j"$((jobs + 1))"
