#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 30),
# starting from its seed corpus and past findings; fails on any finding (a crash, a sanitizer
# report, an exception other than bad input, a timeout, a memory blow-up). A finding is saved
# under build/fuzz/findings/; add it to tests/fuzz/regressions/TARGET/ once fixed.
# Usage: ci/fuzz.sh [SECONDS] [TARGET...]   (targets: scenario params entitlement run_report)
#        ci/fuzz.sh --build-only [TARGET...]   (builds the targets, runs nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
if [ "${1:-}" = "--build-only" ]; then
  build_only=1
  shift
  set -- 0 "$@"
fi
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario params entitlement run_report)
bash ci/install-deps.sh
bash ci/install-deps.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" --target $(printf '%s_fuzz ' "${targets[@]}")
[ "$build_only" = 1 ] && exit 0

declare -A seeds=(
  [scenario]=scenarios [params]=scenarios/params [entitlement]=docs/examples
  [run_report]=tests/fuzz/seeds/run_report)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build/fuzz/findings
status=0
for target in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$target
  mkdir -p "$corpus"
  find "${seeds[$target]}" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
  [ -d "tests/fuzz/regressions/$target" ] && cp tests/fuzz/regressions/"$target"/* "$corpus/" 2>/dev/null || true
  log=build/fuzz/$target.log
  echo "== $target: ${seconds} s"
  if build/fuzz/tests/fuzz/${target}_fuzz "$corpus" -dict=tests/fuzz/pajesim.dict \
       -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="build/fuzz/findings/$target-" -print_final_stats=1 >"$log" 2>&1; then
    # The last status line: executions, coverage (edges), features, corpus size, speed.
    grep -E '^#[0-9]+' "$log" | tail -1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log" | tr '\n' ' '
    echo
  else
    echo "fuzz: $target found a failure (build/fuzz/findings/, log $log):"
    grep -E 'ERROR|SUMMARY|terminate|runtime error|Test unit written' "$log" | head -20
    status=1
  fi
done
exit $status
