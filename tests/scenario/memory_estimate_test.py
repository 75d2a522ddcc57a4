#!/usr/bin/env python3
"""`pajesim run`'s memory estimate against the peak it measures.

The estimate refuses runs the machine cannot hold and sets how many runs `compare` and `suite`
make at once, so it must never be below a run's peak (a run let through that then fails), and
should not be far above it (runs refused, or made one after another, that would have fitted).
For the baseline, the incident and the conformance scenario (Pajemploi+ for 40 % of the
contracts, hours that vary) over 24 months, and the incident over 48 (its period run to 2022-12), the estimate is read from the refusal under `--max-memory 1` and the peak from the
kernel's count of the run's resident memory (getrusage of the finished child): the peak must
lie between 70 % of the estimate and the estimate itself.

usage: memory_estimate_test.py PAJESIM SOURCE_DIR WORK_DIR
"""

import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True

PAJESIM, SOURCE, WORK = (os.path.abspath(argument) for argument in sys.argv[1:4])
ESTIMATE = re.compile(r"(\d+) families over (\d+) months need about (\d+) MiB \(estimate\)")
LOWEST_SHARE = 0.70
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what, flush=True)
    return condition


def estimate_mib(scenario, families):
    done = subprocess.run([PAJESIM, "run", scenario, "--families", str(families), "--max-memory", "1",
                           "--out", os.path.join(WORK, "refused"), "--quiet"],
                          capture_output=True, text=True, timeout=60)
    found = ESTIMATE.search(done.stderr)
    if not check(done.returncode == 2 and found is not None,
                 "%s: --max-memory 1 does not refuse with an estimate: exit %d, %r"
                 % (scenario, done.returncode, done.stderr)):
        return None
    return int(found.group(3))


def peak_mib(scenario, families):
    out = os.path.join(WORK, "run")
    shutil.rmtree(out, ignore_errors=True)
    # Standard error goes to a file: a pipe nobody reads while waiting could fill and block.
    log = os.path.join(WORK, "stderr.log")
    with open(log, "wb") as stderr:
        child = subprocess.Popen([PAJESIM, "run", scenario, "--families", str(families), "--out", out, "--quiet"],
                                 stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    # 0: every check met; 1: checks failed (the incident's faults are meant to be found).
    if not check(child.returncode in (0, 1), "%s: the run exits %d: %r"
                 % (scenario, child.returncode, open(log, "rb").read().decode(errors="replace"))):
        return None
    return usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    with open(os.path.join(SOURCE, "scenarios", "incident-2019.json"), encoding="utf-8") as handle:
        longer = json.load(handle)
    longer["period"]["to"] = "2022-12"
    longer["params"] = os.path.join(SOURCE, "scenarios", longer["params"])
    longer_path = os.path.join(WORK, "incident-48-months.json")
    with open(longer_path, "w", encoding="utf-8") as handle:
        json.dump(longer, handle)
    cases = [(os.path.join(SOURCE, "scenarios", "baseline-2019.json"), 40000),
             (os.path.join(SOURCE, "scenarios", "incident-2019.json"), 40000),
             (os.path.join(SOURCE, "scenarios", "conformance-2019.json"), 40000),
             (longer_path, 20000)]
    for scenario, families in cases:
        estimate = estimate_mib(scenario, families)
        peak = peak_mib(scenario, families)
        if estimate is None or peak is None:
            continue
        name = os.path.basename(scenario)
        print("    %-26s %6d families: peak %7.1f MiB, estimate %5d MiB (peak %.0f %% of it)"
              % (name, families, peak, estimate, 100.0 * peak / estimate), flush=True)
        check(peak <= estimate, "%s at %d families: the peak, %.1f MiB, is above the estimate, %d MiB"
              % (name, families, peak, estimate))
        check(peak >= LOWEST_SHARE * estimate,
              "%s at %d families: the peak, %.1f MiB, is below %d %% of the estimate, %d MiB"
              % (name, families, peak, int(100 * LOWEST_SHARE), estimate))
    shutil.rmtree(WORK, ignore_errors=True)
    if failures:
        print("%d failures" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
