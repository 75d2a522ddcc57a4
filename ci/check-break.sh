#!/usr/bin/env bash
# Shows that `pajesim check` finds a deliberate break: builds pajesim with one break switched on
# (default drop_salary_cap; also pay_regularisation_twice, recover_advances_early,
# lose_single_parent_in_transfer), runs `pajesim check --time-budget 60`, and replays the first
# shrunk counterexample with `pajesim run` (which must report the violation, exit code 1).
# Usage: ci/check-break.sh [BREAK] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-drop_salary_cap}
budget=${2:-60}
bash ci/install-deps.sh
build=build/break-$name
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON -DPAJESIM_BUILD_TESTS=OFF \
    -DPAJESIM_BREAK="$name" >/dev/null
cmake --build "$build" -j"$(nproc)" --target pajesim
out=$(mktemp -d)
set +e
"$build/harness/pajesim" check --time-budget "$budget" --seed 1 --out "$out" --quiet
status=$?
set -e
[ "$status" -eq 1 ] || { echo "check-break: no counterexample found for $name"; exit 1; }
example=$(ls "$out"/counterexample-*.json | head -1)
echo "check-break: replaying $example"
set +e
"$build/harness/pajesim" run "$example" --out "$out/replay" --quiet
replay=$?
set -e
[ "$replay" -eq 1 ] || { echo "check-break: the replay did not reproduce the violation"; exit 1; }
echo "check-break: $name found, shrunk to $(python3 -c "import json;print(json.load(open('$example'))['population']['families'])") families, and reproduced"
