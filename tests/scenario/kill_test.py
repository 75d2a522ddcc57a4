#!/usr/bin/env python3
"""`kill -9` at every step of a run's writing: the output folder holds either the previous
complete report set or the new complete one, never a mix; the journal is absent, old or
complete; and after every run that ends normally no temporary file (.NAME.tmp-PID) remains.

pajesim kills itself with SIGKILL at the step PAJESIM_KILL_AT names (harness/runner/
output_files.hpp): 1 the staging folder made, 2-9 each of the eight files written, 10 the set
put in place, 11 the folder synced. A run killed in the middle of the simulation, from
outside, is checked too.

usage: kill_test.py PAJESIM SOURCE_DIR
"""
import hashlib
import json
import os
import pathlib
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

FILES = ["affected-months.csv", "affected.csv", "carers-affected.csv", "dossiers.html", "families.csv", "months.csv",
         "report.html", "report.json"]
STEPS = range(1, 12)


def fingerprint(folder):
    """The report set in `folder` as {name: sha256}, or None when the folder is absent."""
    if not folder.exists():
        return None
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def temporaries(root):
    return sorted(str(p) for p in root.rglob("*") if ".tmp-" in p.name)


def main():
    binary, source = str(pathlib.Path(sys.argv[1]).resolve()), pathlib.Path(sys.argv[2]).resolve()
    failures = []
    passed = 0
    with tempfile.TemporaryDirectory(prefix="pajesim-kill-") as scratch:
        root = pathlib.Path(scratch)
        scenario = json.loads((source / "scenarios" / "incident-2019.json").read_text())
        scenario["params"] = str(source / "scenarios" / "params" / "cmg-2018-2026.json")
        scenario["population"]["families"] = 300
        scenario.pop("expect", None)
        (root / "s.json").write_text(json.dumps(scenario))

        def run(out, seed, kill_at=None, journal=None):
            environment = dict(os.environ)
            environment.pop("PAJESIM_KILL_AT", None)
            if kill_at is not None:
                environment["PAJESIM_KILL_AT"] = str(kill_at)
            command = [binary, "run", str(root / "s.json"), "--out", str(out), "--seed", str(seed), "--quiet"]
            if journal is not None:
                command += ["--journal", str(journal)]
            result = subprocess.run(command, env=environment, cwd=root, capture_output=True)
            if result.returncode not in (0, 1, -signal.SIGKILL):
                print(result.stderr.decode(errors="replace"), end="")
            return result.returncode

        def check(condition, what):
            nonlocal passed
            if condition:
                passed += 1
            else:
                failures.append(what)
                print("FAIL " + what)

        # The two complete sets: the old (seed 1) and the new (seed 2), written normally.
        for seed in (1, 2):
            code = run(root / f"set{seed}", seed, journal=root / f"journal{seed}.csv")
            check(code in (0, 1), f"a normal run with seed {seed} ends with 0 or 1, not {code}")
        old, new = fingerprint(root / "set1"), fingerprint(root / "set2")
        old_journal = (root / "journal1.csv").read_bytes()
        new_journal = (root / "journal2.csv").read_bytes()
        check(old != new and sorted(old) == FILES, "the two seeds give two different complete sets")
        check(temporaries(root) == [], f"no temporary file after normal runs: {temporaries(root)}")

        target = root / "out" / "run"
        journal = root / "out" / "journal.csv"
        for existing in (True, False):
            for step in STEPS:
                shutil.rmtree(root / "out", ignore_errors=True)
                if existing:
                    run(target, 1, journal=journal)
                code = run(target, 2, kill_at=step, journal=journal)
                where = f"{'over a previous set' if existing else 'into a new folder'}, killed at step {step}"
                check(code == -signal.SIGKILL, f"{where}: the run was killed (exit {code})")
                found = fingerprint(target)
                allowed = [old, new] if existing else [None, new]
                check(found in allowed, f"{where}: the folder holds {found}, not a complete set")
                found_journal = journal.read_bytes() if journal.exists() else None
                allowed_journal = [old_journal, new_journal] if existing else [None, new_journal]
                check(found_journal in allowed_journal, f"{where}: the journal is partial")
                # The next normal run puts the new set in place and removes what was left.
                code = run(target, 2, journal=journal)
                check(fingerprint(target) == new and journal.read_bytes() == new_journal,
                      f"{where}: the next run writes the new set")
                check(temporaries(root / "out") == [],
                      f"{where}: temporaries left after the next run: {temporaries(root / 'out')}")

        # A journal that cannot be written (the file size limit stops it, where the reports fit):
        # exit 2, and nothing put in place, the previous set and journal untouched.
        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))

        check(len(old_journal) > 1_500_000 and max(p.stat().st_size for p in (root / "set1").iterdir()) < 1_500_000,
              "the file size limit stops the journal and not the reports")
        shutil.rmtree(root / "out", ignore_errors=True)
        run(target, 1, journal=journal)
        failed = subprocess.run([binary, "run", str(root / "s.json"), "--out", str(target), "--seed", "2", "--quiet",
                                 "--journal", str(journal)], cwd=root, capture_output=True, preexec_fn=limited)
        stderr = failed.stderr.decode(errors="replace")
        check(failed.returncode == 2 and "journal.csv: cannot write" in stderr,
              f"a journal that cannot be written: exit 2 naming it, not {failed.returncode}: {stderr}")
        check(fingerprint(target) == old and journal.read_bytes() == old_journal,
              "a journal that cannot be written: the previous set and journal stay as they were")
        check(temporaries(root / "out") == [], f"a journal that cannot be written: temporaries left: {temporaries(root / 'out')}")

        # Killed from outside while simulating: the previous set stays, untouched.
        shutil.rmtree(root / "out", ignore_errors=True)
        run(target, 1)
        big = dict(scenario)
        # Large enough to be still simulating when killed, however fast the machine.
        big["population"] = dict(scenario["population"], families=150000)
        (root / "big.json").write_text(json.dumps(big))
        process = subprocess.Popen([binary, "run", str(root / "big.json"), "--out", str(target), "--quiet"],
                                   cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        process.send_signal(signal.SIGKILL)
        process.wait()
        check(fingerprint(target) == old, "killed while simulating: the previous set is untouched")

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
