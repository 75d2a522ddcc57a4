#!/usr/bin/env python3
"""`pajesim run` shows its progress on a terminal, and only there.

On a terminal (a pseudo-terminal here) the run draws a bar for its simulated months, then,
when a replay follows the most harmed families, a second bar for the replay's months; each
reaches the last month and is erased when done. With `--dossiers 0` there is no replay and no
second bar. With `--quiet`, or when standard error is not a terminal, nothing is drawn. The
reports are the same bytes whether the bars were drawn or not.

A machine without pseudo-terminals (a bare container) runs the checks that need none and
exits 77, which CTest reports as skipped.

Usage: progress_test.py PAJESIM SOURCE_DIR WORK_DIR
"""

import filecmp
import os
import pty
import shutil
import subprocess
import sys

PAJESIM, SOURCE, WORK = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
SCENARIO = os.path.join(SOURCE, "scenarios", "incident-2019.json")
MONTHS = 24  # incident-2019 runs from 2019-01 to 2020-12
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def on_terminal(args):
    """Runs `args` with standard output and error on a pseudo-terminal; returns (code, text)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    text = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        text += chunk
    os.close(master)
    return process.wait(timeout=600), text.decode(errors="replace")


def run_args(out, *extra):
    return [PAJESIM, "run", SCENARIO, "--families", "300", "--out", out, *extra]


def have_terminals():
    try:
        master, slave = pty.openpty()
    except OSError:
        return False
    os.close(master)
    os.close(slave)
    return True


def report_failures():
    for failure in failures:
        print("FAIL:", failure)
    sys.exit(1)


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# Not a terminal: nothing drawn.
piped = subprocess.run(run_args(os.path.join(WORK, "piped")), capture_output=True, text=True, timeout=600)
check(piped.returncode == 1, f"piped: the incident exits 1, got {piped.returncode}")
check("simulating" not in piped.stderr and "following" not in piped.stderr, "piped: a bar was drawn")

if not have_terminals():
    if failures:
        report_failures()
    print("progress: no pseudo-terminal on this machine: piped runs draw nothing; terminal checks skipped")
    sys.exit(77)

# On a terminal: both bars, each to its last month, each erased.
code, text = on_terminal(run_args(os.path.join(WORK, "tty")))
check(code == 1, f"the incident exits 1 (violations), got {code}: {text[-400:]}")
check("\rsimulating incident-2019 [" in text, "no bar for the simulated months")
check(f"] {MONTHS}/{MONTHS}" in text, "the months' bar does not reach the last month")
check("\rfollowing the most harmed families [" in text, "no bar for the replay")
replay_bar = text[text.find("\rfollowing"):]
check(f"] {MONTHS}/{MONTHS}" in replay_bar, "the replay's bar does not reach the last month")
check(0 <= text.find("\rsimulating") < text.find("\rfollowing"), "the replay's bar does not come after the months' bar")
check(text.count("\r\033[K") >= 2, "the bars are not erased when done")

# No replay, no second bar.
code, text = on_terminal(run_args(os.path.join(WORK, "tty-no-dossiers"), "--dossiers", "0"))
check("\rsimulating incident-2019 [" in text, "--dossiers 0: no bar for the simulated months")
check("following the most harmed families" not in text, "--dossiers 0: a bar for a replay that is not made")

# --quiet on a terminal: nothing drawn.
code, text = on_terminal(run_args(os.path.join(WORK, "tty-quiet"), "--quiet"))
check(code == 1, f"--quiet: the incident exits 1, got {code}")
check("\r" not in text.replace("\r\n", "\n") and "[#" not in text, "--quiet: a bar was drawn")

# The bars change nothing in the reports.
comparison = filecmp.dircmp(os.path.join(WORK, "tty"), os.path.join(WORK, "piped"))
check(not comparison.left_only and not comparison.right_only, "the report sets differ in their files")
for name in comparison.common_files:
    check(filecmp.cmp(os.path.join(WORK, "tty", name), os.path.join(WORK, "piped", name), shallow=False),
          f"{name} differs between a run on a terminal and a piped one")

if failures:
    report_failures()
print("progress: bars on a terminal only, the replay's included; the same reports")
