#!/usr/bin/env python3
"""Every shipped scenario at 1 000 families, and 40 random checks, for the sanitizer build.

A run's verdict does not matter here (exit 0 or 1: the incident violates invariants by
design, and the expectations are for 10 000 families); a crash, an abort, a sanitizer report
(which aborts) or any other exit code fails the test.
Usage: sanitized_runs.py PAJESIM SOURCE_DIR SCRATCH_DIR
"""
import glob
import os
import shutil
import subprocess
import sys

pajesim, source, scratch = sys.argv[1:4]
shutil.rmtree(scratch, ignore_errors=True)
os.makedirs(scratch)
failures = 0
for scenario in sorted(glob.glob(os.path.join(source, "scenarios", "*.json"))):
    name = os.path.basename(scenario)[:-5]
    result = subprocess.run([pajesim, "run", scenario, "--families", "1000", "--out", os.path.join(scratch, name),
                             "--quiet", "--dossiers", "5"], capture_output=True, text=True)
    print(f"{name}: exit {result.returncode}")
    if result.returncode not in (0, 1):
        failures += 1
        print(result.stderr[-4000:])
result = subprocess.run([pajesim, "check", "--runs", "40", "--seed", "11", "--out", os.path.join(scratch, "check"),
                         "--quiet"], capture_output=True, text=True)
print(f"check: exit {result.returncode}")
if result.returncode != 0:
    failures += 1
    print(result.stdout[-2000:], result.stderr[-4000:])
sys.exit(1 if failures else 0)
