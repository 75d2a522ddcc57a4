#!/usr/bin/env python3
"""Re-runs the fit of scenarios/incident-2019.json to the counts reported in 2019.

The reported counts (docs/incident-2019.md, from domain.md section 4) and how each is read:

  2019-07-15  ~10 000 households affected        families wrong at the day's end (stock)
  2019-07-31   ~6 000 (end of July)              families wrong (stock)
  2019-11-30  >21 000 families (November)        families affected up to the day (cumulative)
  2019-12-10  ~30 000 families                   families affected up to the day (cumulative)
  2019-12-10   ~8 000 with no clarity            families wrong (stock)

and two shapes: "mostly repaid by 2 August" (families wrong on 2019-08-02 at most half those of
2019-07-15) and the later decline (families wrong on 2020-06-30 below those of 2019-12-10).
Every count is a national estimate: the run's count x national families / simulated families.

The fitted parameters form a small grid over the incident scenario (each point replaces keys by
their JSON path). Each point runs with --seeds seeds (the scenario's seed and the next ones, the
same for every point), and its distance is the sum over the five counts of the squared relative
error of the mean across seeds. A point qualifies when it shows both shapes and its first seed
(the scenario's own, which the suite's guard at 100 000 families runs) is within +-15 % of every
count; the best point is the qualifying one of least distance (else the least distance). The
script prints every point, then the table of the best point (or of the scenario as shipped,
with --table-only): reported, simulated mean and range across seeds, relative error, within
+-15 %.

Usage: calibrate.py [--pajesim PATH] [--families N] [--seeds K] [--table-only] [--jobs J]
Exit status: 0 when the table's point is within +-15 % of every count and shows both shapes,
1 otherwise, 2 on bad arguments.
"""

import argparse
import copy
import csv
import itertools
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCENARIO = os.path.join(ROOT, "scenarios", "incident-2019.json")

# (label, day, reading, reported)
TARGETS = [
    ("mid-July 2019: ~10 000 households affected", "2019-07-15", "wrong", 10000),
    ("end of July 2019: 6 000", "2019-07-31", "wrong", 6000),
    ("November 2019: more than 21 000 families", "2019-11-30", "affected", 21000),
    ("10 December 2019: ~30 000 families", "2019-12-10", "affected", 30000),
    ("10 December 2019: 8 000 with no clarity on their case", "2019-12-10", "wrong", 8000),
]

# The fitted parameters: JSON paths into the scenario and the levels tried.
def fault_index(scenario, kind, messages):
    for i, fault in enumerate(scenario["faults"]):
        if fault["kind"] == kind and fault.get("messages") == messages:
            return i
    raise SystemExit(f"calibrate.py: the incident has no {kind} fault on {messages}")


def grid(scenario):
    bulk = fault_index(scenario, "rights_link_missing", "bulk")
    lost = fault_index(scenario, "rights_link_missing", "changes")
    return {
        f"/faults/{bulk}/share": ["0.01", "0.011"],
        f"/faults/{lost}/share": ["0.65", "0.7"],
        "/processes/files_per_agent_per_day": ["1.45", "1.55"],
        "/processes/reconciliation/share_detected": ["0.3"],
    }


def set_path(document, path, value):
    keys = [int(k) if k.isdigit() else k for k in path.strip("/").split("/")]
    node = document
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value


def get_path(document, path):
    node = document
    for key in [int(k) if k.isdigit() else k for k in path.strip("/").split("/")]:
        node = node[key]
    return node


def run_point(pajesim, scenario, seed, families, folder):
    path = os.path.join(folder, "scenario.json")
    with open(path, "w") as out:
        json.dump(scenario, out)
    result = subprocess.run(
        [pajesim, "run", path, "--seed", str(seed), "--families", str(families), "--out",
         os.path.join(folder, "out"), "--quiet", "--dossiers", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"calibrate.py: pajesim run failed ({result.returncode}): {result.stderr.strip()}")
    with open(os.path.join(folder, "out", "report.json")) as report_file:
        report = json.load(report_file)
    national = report["national_estimate"]["national_families"]
    simulated = report["population"]["families"]
    wrong = {day["day"]: day["families_wrong"] for day in report["register"]["days"]}
    starts = {}
    with open(os.path.join(folder, "out", "affected.csv")) as episodes:
        for row in csv.DictReader(episodes):
            starts[row["family"]] = min(starts.get(row["family"], row["start"]), row["start"])

    def scale(count):
        return (count * national * 2 + simulated) // (2 * simulated)  # half up, as report.json

    counts = {}
    for _, day, reading, _ in TARGETS:
        if reading == "wrong":
            counts[(day, reading)] = scale(wrong[day])
        else:
            counts[(day, reading)] = scale(sum(1 for start in starts.values() if start <= day))
    counts[("2019-08-02", "wrong")] = scale(wrong["2019-08-02"])
    counts[("2020-06-30", "wrong")] = scale(wrong["2020-06-30"])
    return counts


def evaluate(pajesim, scenario, seeds, families, jobs):
    base_seed = scenario.get("seed", 1)
    with tempfile.TemporaryDirectory() as scratch:
        def one(k):
            folder = os.path.join(scratch, str(k))
            os.makedirs(folder)
            return run_point(pajesim, scenario, base_seed + k, families, folder)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            runs = list(pool.map(one, range(seeds)))
    means = {key: sum(run[key] for run in runs) / len(runs) for key in runs[0]}
    distance = sum(((means[(day, reading)] - reported) / reported) ** 2 for _, day, reading, reported in TARGETS)
    return distance, means, runs


def shapes(means):
    repaid = means[("2019-08-02", "wrong")] <= means[("2019-07-15", "wrong")] / 2
    decline = means[("2020-06-30", "wrong")] < means[("2019-12-10", "wrong")]
    return repaid, decline


def print_table(means, runs, seeds, families):
    print(f"\nreported vs simulated (national estimate; mean and range over {seeds} seeds, "
          f"{families} families simulated):\n")
    print("| date | reported | reading | simulated (mean) | range | error | within 15 % |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for label, day, reading, reported in TARGETS:
        values = [run[(day, reading)] for run in runs]
        mean = means[(day, reading)]
        error = (mean - reported) / reported
        within = abs(error) <= 0.15
        ok = ok and within
        what = "families wrong that day" if reading == "wrong" else "families affected by then"
        print(f"| {day} | {label.split(': ', 1)[1]} | {what} | {mean:,.0f} | {min(values):,}–{max(values):,} "
              f"| {error:+.1%} | {'yes' if within else 'NO'} |".replace(",", " "))
    repaid, decline = shapes(means)
    print(f"\nmostly repaid by 2 August: families wrong on 2019-08-02 {means[('2019-08-02', 'wrong')]:,.0f}"
          f" vs {means[('2019-07-15', 'wrong')]:,.0f} on 2019-07-15: {'yes' if repaid else 'NO'}".replace(",", " "))
    print(f"later decline: families wrong on 2020-06-30 {means[('2020-06-30', 'wrong')]:,.0f}"
          f" vs {means[('2019-12-10', 'wrong')]:,.0f} on 2019-12-10: {'yes' if decline else 'NO'}".replace(",", " "))
    return ok and repaid and decline


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pajesim", default=os.path.join(ROOT, "build", "release", "harness", "pajesim"))
    parser.add_argument("--families", type=int, default=100000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--table-only", action="store_true", help="no grid: the table of the shipped scenario")
    args = parser.parse_args(argv)
    if args.families < 1 or args.seeds < 1 or args.jobs < 1:
        parser.error("--families, --seeds and --jobs are at least 1")
    if not os.access(args.pajesim, os.X_OK):
        parser.error(f"no pajesim at {args.pajesim} (build it first, or give --pajesim)")
    with open(SCENARIO) as scenario_file:
        shipped = json.load(scenario_file)
    shipped["params"] = os.path.join(ROOT, "scenarios", shipped.get("params", "params/cmg-2018-2026.json"))
    shipped.pop("expect", None)
    if args.table_only:
        _, means, runs = evaluate(args.pajesim, shipped, args.seeds, args.families, args.jobs)
        return 0 if print_table(means, runs, args.seeds, args.families) else 1
    axes = grid(shipped)
    paths = list(axes)
    print("fitted parameters (shipped value -> levels tried):")
    for path in paths:
        print(f"  {path}: {get_path(shipped, path)} -> {', '.join(axes[path])}")
    results = []
    for levels in itertools.product(*(axes[path] for path in paths)):
        point = copy.deepcopy(shipped)
        for path, level in zip(paths, levels):
            set_path(point, path, level)
        distance, means, runs = evaluate(args.pajesim, point, args.seeds, args.families, args.jobs)
        repaid, decline = shapes(means)
        own_seed = all(abs(runs[0][(day, reading)] - reported) <= 0.15 * reported
                       for _, day, reading, reported in TARGETS)
        qualifies = repaid and decline and own_seed
        results.append((distance, levels, means, runs, qualifies))
        why = "" if qualifies else (" (a shape missing)" if not (repaid and decline) else
                                    " (the scenario's own seed outside 15 %)")
        print(f"  {' '.join(f'{p.rsplit(chr(47), 1)[1]}={l}' for p, l in zip(paths, levels))}: "
              f"distance {distance:.4f}{why}", flush=True)
    results.sort(key=lambda r: (not r[4], r[0]))
    best = results[0]
    print("\nbest point: " + ", ".join(f"{p} = {l}" for p, l in zip(paths, best[1])))
    return 0 if print_table(best[2], best[3], args.seeds, args.families) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
