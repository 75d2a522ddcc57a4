#!/usr/bin/env bash
# Mutation testing: plants each realistic defect of tests/mutants/ (one patch file each) in a
# scratch copy of the tree, rebuilds it incrementally (release flags), runs the test suite
# (ctest) and the scenario suite (`pajesim suite scenarios`), reverts the defect, and says which
# checks killed it or that it SURVIVED; then the mutation score and the total time.
#
# Usage: ci/mutants.sh [--subset K [--rotate N]] [--list] [NAME...]
#   NAME...       only these mutants (file names without .patch); default all
#   --subset K    K mutants picked deterministically: the K consecutive ones (in name order,
#                 wrapping) starting at K x N modulo the count, so successive N cover them all
#   --rotate N    the rotation number (default: the day number since 1970-01-01)
#
# The scratch copy is build/mutants/src (the working tree's files, tracked and untracked but
# not ignored) with one build directory, build/mutants/build, reused from run to run so that
# each mutant recompiles only what it touches (through ccache when it is installed). Every patch is checked first: one that no
# longer applies fails the run, named. Exit codes: 0 every mutant killed (or documented as
# equivalent with a `# equivalent: REASON` line), 1 a mutant survived or did not build,
# 2 a stale patch, bad usage, or an unmutated tree that fails its own checks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mutants_dir=$root/tests/mutants
work=$root/build/mutants
source_copy=$work/src
build_dir=$work/build
jobs=$(nproc)
# The unmutated checks take about 20 s: a mutant that makes a run loop is stopped well before
# these limits, and one whose event queue grows without bound stops at the memory limit.
test_timeout_seconds=120
suite_timeout_seconds=300
memory_limit_kib=$((6 * 1024 * 1024))

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

subset=0
list=0
rotate=$(( $(date -u +%s) / 86400 ))
selected=()
while [ $# -gt 0 ]; do
    case "$1" in
        --subset) subset=${2:?--subset needs a count}; shift 2 ;;
        --rotate) rotate=${2:?--rotate needs a number}; shift 2 ;;
        --list) list=1; shift ;;
        --help|-h) usage; exit 0 ;;
        -*) echo "mutants: unknown option $1" >&2; exit 2 ;;
        *) selected+=("$1"); shift ;;
    esac
done
[[ "$subset" =~ ^[0-9]+$ && "$rotate" =~ ^[0-9]+$ ]] || { echo "mutants: --subset and --rotate take numbers" >&2; exit 2; }

all=()
for patch in "$mutants_dir"/*.patch; do all+=("$(basename "$patch" .patch)"); done
[ ${#all[@]} -gt 0 ] || { echo "mutants: no patch in $mutants_dir" >&2; exit 2; }
if [ ${#selected[@]} -eq 0 ]; then
    selected=("${all[@]}")
else
    for name in "${selected[@]}"; do
        [ -f "$mutants_dir/$name.patch" ] || { echo "mutants: no mutant named $name" >&2; exit 2; }
    done
fi
if [ "$subset" -gt 0 ] && [ "$subset" -lt ${#selected[@]} ]; then
    count=${#selected[@]}
    start=$(( subset * rotate % count ))
    picked=()
    for ((i = 0; i < subset; ++i)); do picked+=("${selected[$(( (start + i) % count ))]}"); done
    selected=("${picked[@]}")
    echo "mutants: subset of $subset from rotation $rotate (of $count)"
fi

if [ "$list" -eq 1 ]; then
    for name in "${selected[@]}"; do
        printf '%-48s %s\n' "$name" "$(sed -n 's/^# description: //p' "$mutants_dir/$name.patch")"
    done
    exit 0
fi

started=$SECONDS

# The scratch copy mirrors the working tree. A file is copied only when its bytes differ, and
# copied files get a new time, so a mutant left behind by an interrupted run is rebuilt.
mkdir -p "$source_copy" "$build_dir"
[ -d "$source_copy/.git" ] || git -C "$source_copy" init -q
git ls-files -co --exclude-standard | grep -v '^tests/mutants/' | sort > "$work/files"
while IFS= read -r file; do
    [ -f "$file" ] || continue  # deleted in the working tree, not yet in git
    if ! cmp -s "$file" "$source_copy/$file"; then
        mkdir -p "$source_copy/$(dirname "$file")"
        cp "$file" "$source_copy/$file"
    fi
done < "$work/files"
(cd "$source_copy" && find . -path ./.git -prune -o -type f -print | sed 's|^\./||' | sort) > "$work/copied"
comm -13 "$work/files" "$work/copied" | while IFS= read -r extra; do rm -f "$source_copy/$extra"; done

# git apply, not patch: no fuzz, so a patch whose context has moved is stale, not misapplied.
apply() { git -C "$source_copy" apply "$@"; }
stale=()
for name in "${all[@]}"; do
    apply --check "$mutants_dir/$name.patch" 2>/dev/null || stale+=("$name")
done
if [ ${#stale[@]} -gt 0 ]; then
    for name in "${stale[@]}"; do echo "mutants: STALE $name: tests/mutants/$name.patch does not apply" >&2; done
    exit 2
fi

# With ccache (optional), the file a mutant touched is rebuilt from the cache when it is
# reverted, and a second run of the script recompiles nothing it has seen.
launcher=()
if command -v ccache >/dev/null; then
    export CCACHE_DIR=$work/ccache
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$source_copy" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DPAJESIM_BUILD_BENCHMARKS=OFF \
      "${launcher[@]}" >/dev/null

build() { cmake --build "$build_dir" -j"$jobs" > "$work/build.log" 2>&1; }

# Prints the checks that failed, space-separated; empty when everything passed. The scenario
# suite runs once, outside ctest (ctest's scenario_suite runs the same command).
failing_checks() {
    local failed=()
    rm -f "$build_dir/Testing/Temporary/LastTestsFailed.log"
    (ulimit -v "$memory_limit_kib"; cd "$build_dir" &&
        ctest -j"$jobs" --timeout "$test_timeout_seconds" -E '^scenario_suite' > "$work/ctest.log" 2>&1) || true
    if [ -f "$build_dir/Testing/Temporary/LastTestsFailed.log" ]; then
        while IFS=: read -r _ test; do failed+=("$test"); done < "$build_dir/Testing/Temporary/LastTestsFailed.log"
    fi
    if ! (ulimit -v "$memory_limit_kib"; timeout "$suite_timeout_seconds" "$build_dir/harness/pajesim" \
            suite "$source_copy/scenarios" > "$work/suite.log" 2>&1); then
        local scenarios
        scenarios=$(awk '$NF == "FAIL" { printf "%s%s", sep, $1; sep = "," }' "$work/suite.log")
        failed+=("suite${scenarios:+($scenarios)}")
    fi
    echo "${failed[*]:-}"
}

current=""
revert() { if [ -n "$current" ]; then apply -R "$mutants_dir/$current.patch" || true; current=""; fi; }
trap revert EXIT
trap 'revert; exit 130' INT TERM

echo "mutants: building the unmutated copy in $build_dir"
build || { echo "mutants: the unmutated tree does not build (see $work/build.log)" >&2; exit 2; }
baseline=$(failing_checks)
if [ -n "$baseline" ]; then
    echo "mutants: the unmutated tree fails: $baseline (see $work/ctest.log, $work/suite.log)" >&2
    exit 2
fi
echo "mutants: unmutated tree passes ($(( SECONDS - started )) s); ${#selected[@]} mutants"

killed=0 survived=0 equivalent=0 broken=0
for name in "${selected[@]}"; do
    patch=$mutants_dir/$name.patch
    mutant_started=$SECONDS
    apply "$patch"
    current=$name
    if ! build; then
        cp "$work/build.log" "$work/$name.build.log"
        verdict="DID NOT BUILD (see $work/$name.build.log)"
        broken=$((broken + 1))
    else
        checks=$(failing_checks)
        reason=$(sed -n 's/^# equivalent: //p' "$patch")
        if [ -n "$checks" ]; then
            verdict="killed by $checks"
            killed=$((killed + 1))
        elif [ -n "$reason" ]; then
            verdict="SURVIVED (equivalent: $reason)"
            equivalent=$((equivalent + 1))
        else
            verdict="SURVIVED"
            survived=$((survived + 1))
        fi
    fi
    revert
    printf '%-48s %4d s  %s\n' "$name" $(( SECONDS - mutant_started )) "$verdict"
done

counted=$(( ${#selected[@]} - equivalent ))
percent=$(( counted > 0 ? 100 * killed / counted : 100 ))
note=""
[ "$equivalent" -eq 0 ] || note=", $equivalent equivalent (not counted)"
echo "mutation score: $killed/$counted killed ($percent %)$note"
[ "$broken" -eq 0 ] || echo "mutants: $broken did not build"
elapsed=$(( SECONDS - started ))
echo "total time: $(( elapsed / 60 )) min $(( elapsed % 60 )) s"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
