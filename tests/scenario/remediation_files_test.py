#!/usr/bin/env python3
"""The remediation scenarios are the incident's population and faults with one lever changed,
and the calibration guard is the incident at 100 000 families.

Each scenarios/remediation-*.json must equal scenarios/incident-2019.json in every key (seed,
period, parameters, population, workflow, rollout, faults, and every process key) except its
name, description, expectations and the process keys its option changes, listed below; and
remediation-today must change none. A drift of the incident (a refit) that a remediation file
does not follow fails here, so that `pajesim compare scenarios/remediation-*.json` always
compares options on the same families and faults (common random numbers).
"""
import glob
import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
CHANGES = {
    "remediation-today": set(),
    "remediation-reconciliation": {"reconciliation"},
    "remediation-hardship-first": {"triage"},
    "remediation-outbound-contact": {"outbound_contact"},
    "remediation-larger-call-centre": {"call_centre"},
    "remediation-double-temporary-staff": {"temporary_agents"},
}


def main():
    with open(os.path.join(ROOT, "scenarios", "incident-2019.json")) as f:
        incident = json.load(f)
    files = sorted(glob.glob(os.path.join(ROOT, "scenarios", "remediation-*.json")))
    names = {os.path.basename(p)[:-5] for p in files}
    problems = []
    if names != set(CHANGES):
        problems.append(f"remediation scenarios {sorted(names)}, expected {sorted(CHANGES)}")
    for path in files:
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            option = json.load(f)
        if option.get("name") != name:
            problems.append(f"{name}: name {option.get('name')!r}")
        for key in set(incident) | set(option):
            if key in ("name", "description", "expect", "processes"):
                continue
            if incident.get(key) != option.get(key):
                problems.append(f"{name}: {key} differs from the incident's")
        changed = CHANGES.get(name, set())
        for key in set(incident["processes"]) | set(option["processes"]):
            same = incident["processes"].get(key) == option["processes"].get(key)
            if key in changed and same:
                problems.append(f"{name}: processes.{key} is the incident's (the option changes nothing)")
            if key not in changed and not same:
                problems.append(f"{name}: processes.{key} differs from the incident's")
    guard_path = os.path.join(ROOT, "scenarios", "calibration", "incident-2019-100k.json")
    with open(guard_path) as f:
        guard = json.load(f)
    for key in set(incident) | set(guard):
        if key in ("name", "description", "expect", "population", "params"):
            continue
        if incident.get(key) != guard.get(key):
            problems.append(f"incident-2019-100k: {key} differs from the incident's")
    population = dict(guard.get("population", {}))
    if population.pop("families", None) != 100000:
        problems.append("incident-2019-100k: population.families is not 100 000")
    if population != {k: v for k, v in incident["population"].items() if k != "families"}:
        problems.append("incident-2019-100k: population differs from the incident's beyond families")
    if guard.get("params") != "../" + incident.get("params", "params/cmg-2018-2026.json"):
        problems.append("incident-2019-100k: params is not the incident's table")
    for problem in problems:
        print(problem)
    print(f"{len(files)} remediation scenarios checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
