#!/usr/bin/env bash
# Builds the test suite with AddressSanitizer and UndefinedBehaviorSanitizer and runs it.
# Usage: ci/sanitize.sh [--build-only]   (--build-only: builds, runs nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
jobs=$(nproc)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j"$jobs"
[ "${1:-}" = "--build-only" ] && exit 0
# One test more than cores: many tests wait on a child process (a centre under test, a
# pajesim run) for part of their time, and with one per core the processors sat idle about a
# third of the suite.
ctest --preset asan-ubsan -j"$((jobs + 1))"
