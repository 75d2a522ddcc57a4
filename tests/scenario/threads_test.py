#!/usr/bin/env python3
"""`pajesim run --threads N` gives byte-identical results for any N.

Each scenario below is run with 1, 2 and 3 threads (and the journal of every transfer): every
file written (reports, CSV tables, dossiers, the journal) must be the same bytes. The
scenarios cover the 2019 incident (faults, processes, every invariant), the 2025 reform (the
hourly CMG and its complément différentiel, computed per contract from its reference months)
and a living population (entrants, early contract ends, hours that vary by month, siblings
with one carer), with a fifth of the declarations late.

`pajesim compare --jobs N` (runs made N at a time) writes the same three files for N = 1 and
N = 3, with a run folder among the scenarios.

`pajesim suite --jobs N` prints the same table and writes the same JUnit XML for N = 1 and
N = 3.

`--dossiers 0` (no dossier, so no replay of the run) changes nothing else: the incident's
report.json has no dossier and is otherwise the default run's, and every CSV table is the same.

Usage: threads_test.py PAJESIM SOURCE_DIR WORK_DIR [FAMILIES]
"""

import json
import os
import re
import shutil
import subprocess
import sys

PAJESIM, SOURCE, WORK = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
FAMILIES = sys.argv[4] if len(sys.argv) > 4 else "6000"
FAILURES = []


def living_scenario():
    """The incident with a living population and a fifth of the declarations late, up to 20 days."""
    with open(os.path.join(SOURCE, "scenarios", "incident-2019.json")) as f:
        document = json.load(f)
    population = document.setdefault("population", {})
    population.update({
        "new_claims_per_month": "0.01",
        "annual_contract_end_probability": "0.1",
        "monthly_hours_spread_percent": 20,
        "siblings_one_assmat_share": "0.5",
    })
    workflow = document.setdefault("workflow", {})
    workflow.update({"late_declaration_share": "0.2", "late_declaration_max_days": 20})
    document["params"] = os.path.join(SOURCE, "scenarios", "params", "cmg-2018-2026.json")
    path = os.path.join(WORK, "living.json")
    with open(path, "w") as f:
        json.dump(document, f)
    return path


def outputs(folder):
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder)] = f.read()
    return files


def run(scenario, threads, *extra):
    folder = os.path.join(WORK, f"{os.path.basename(scenario)}-{threads}{''.join(extra)}")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    journal = os.path.join(folder, "journal", "transfers.csv")
    os.makedirs(os.path.dirname(journal))
    completed = subprocess.run(
        [PAJESIM, "run", scenario, "--families", FAMILIES, "--threads", str(threads), "--quiet",
         "--out", os.path.join(folder, "report"), "--journal", journal, *extra],
        capture_output=True, text=True)
    if completed.returncode not in (0, 1):
        FAILURES.append(f"{scenario} --threads {threads}: exit {completed.returncode}: {completed.stderr}")
    return completed.returncode, outputs(folder)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    scenarios = [os.path.join(SOURCE, "scenarios", "incident-2019.json"),
                 os.path.join(SOURCE, "scenarios", "reform-2025.json"),
                 living_scenario()]
    for scenario in scenarios:
        code, reference = run(scenario, 1)
        if "report/report.json" not in reference or len(reference) < 5:
            FAILURES.append(f"{scenario}: the one-thread run wrote {sorted(reference)}")
            continue
        for threads in (2, 3):
            other_code, other = run(scenario, threads)
            if other_code != code:
                FAILURES.append(f"{scenario}: exit {other_code} with {threads} threads, {code} with 1")
            if sorted(other) != sorted(reference):
                FAILURES.append(f"{scenario}: {threads} threads wrote {sorted(other)}, 1 thread {sorted(reference)}")
            for name, data in reference.items():
                if other.get(name) != data:
                    FAILURES.append(f"{scenario}: {name} differs between 1 and {threads} threads")
    # No dossiers: the same figures.
    _, reference = run(scenarios[0], 2)
    _, bare = run(scenarios[0], 2, "--dossiers", "0")
    full_report = json.loads(reference.get("report/report.json", b"{}"))
    bare_report = json.loads(bare.get("report/report.json", b"{}"))
    if not full_report.get("dossiers") or bare_report.get("dossiers") != []:
        FAILURES.append(f"--dossiers 0: {len(bare_report.get('dossiers', [None]))} dossiers, "
                        f"{len(full_report.get('dossiers', []))} by default")
    full_report.pop("dossiers", None)
    bare_report.pop("dossiers", None)
    if not full_report or full_report != bare_report:
        FAILURES.append("--dossiers 0: report.json differs from the default run's beyond its dossiers")
    for name, data in reference.items():
        if name.endswith(".csv") and bare.get(name) != data:
            FAILURES.append(f"--dossiers 0: {name} differs from the default run's")
    # Comparisons made one run at a time and three at a time.
    compared = {}
    for jobs in ("1", "3"):
        folder = os.path.join(WORK, f"compare-{jobs}")
        completed = subprocess.run(
            [PAJESIM, "compare", *scenarios[:2], os.path.join(WORK, "incident-2019.json-2", "report"),
             "--seeds", "3", "--families", "1500", "--jobs", jobs, "--quiet", "--out", folder],
            capture_output=True, text=True)
        if completed.returncode != 0:
            FAILURES.append(f"compare --jobs {jobs}: exit {completed.returncode}: {completed.stderr}")
        compared[jobs] = outputs(folder)
    if len(compared["1"]) != 3 or compared["1"] != compared["3"]:
        FAILURES.append(f"compare: --jobs 3 wrote other bytes than --jobs 1 ({sorted(compared['1'])})")
    # The incident, run on the spot and read from a run folder: two options of one name, told
    # apart by their inputs.
    with open(os.path.join(WORK, "compare-1", "compare.csv"), encoding="utf-8") as f:
        names = [row.split(",")[1] for row in f.read().splitlines()[1:]]
    expected = {f"incident-2019 ({scenarios[0]})", f"incident-2019 ({os.path.join(WORK, 'incident-2019.json-2', 'report')})"}
    if len(names) != 3 or len(set(names)) != 3 or not expected <= set(names):
        FAILURES.append(f"compare: options {names}, expected the two incidents named by their inputs")
    # A suite run one scenario at a time and three at a time.
    suite = os.path.join(WORK, "suite")
    os.makedirs(suite)
    for name in ("baseline-2019", "incident-2019", "reform-2025", "rollout-phased"):
        with open(os.path.join(SOURCE, "scenarios", name + ".json")) as f:
            document = json.load(f)
        document["population"]["families"] = max(300, int(FAMILIES) // 4)
        document["params"] = os.path.join(SOURCE, "scenarios", "params", "cmg-2018-2026.json")
        with open(os.path.join(suite, name + ".json"), "w") as f:
            json.dump(document, f)
    tables = {}
    for jobs in ("1", "3"):
        junit = os.path.join(WORK, f"suite-{jobs}.xml")
        completed = subprocess.run([PAJESIM, "suite", suite, "--jobs", jobs, "--junit", junit],
                                   capture_output=True, text=True)
        with open(junit) as f:
            tables[jobs] = (completed.returncode, completed.stdout, re.sub(r'time="[^"]*"', "", f.read()))
    if tables["1"] != tables["3"] or tables["1"][1].count("\n") < 6:
        FAILURES.append(f"suite: --jobs 3 printed or wrote otherwise than --jobs 1:\n{tables['1'][1]}\n{tables['3'][1]}")
    # A bad thread count is refused as bad input.
    for bad in ("0", "-1", "two", "100000"):
        completed = subprocess.run([PAJESIM, "run", scenarios[0], "--threads", bad, "--quiet",
                                    "--out", os.path.join(WORK, "bad")], capture_output=True, text=True)
        if completed.returncode != 2 or "--threads" not in completed.stderr:
            FAILURES.append(f"--threads {bad}: exit {completed.returncode}, {completed.stderr.strip()}")
    for failure in FAILURES:
        print("FAIL:", failure)
    print(f"{len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
