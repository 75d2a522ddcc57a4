#!/usr/bin/env python3
"""`pajesim check --corpus`: stored counterexamples are replayed first, new ones are added.

usage: check_corpus_test.py PAJESIM SOURCE_DIR [--mpi]

With a defective external centre (examples/sut/pajemploi_defective.py --defect
carer_paid_salary_only: Pajemploi+ carers paid without their allowances, a failure in any
scenario with such a contract):
(a) `check --runs 1` finds a counterexample, shrinks it, writes it to the output folder and adds
    it to the corpus (DIR/corpus by default);
(b) a second `check` with another seed replays the stored one before any random run: it reports
    it first ("counterexample (stored)"), counts it, and exits 1;
(c) against the built-in centre the stored scenario passes: replayed, 0 still failing, exit 0;
(d) the corpus is replayed before the random runs, as observed through a centre that breaks the
    protocol at its first handshake (tests/sut/misbehaving_centre.py --mode wrong_protocol):
    the run it breaks, and check names, is the stored scenario's, not a random run's;
(e) with --mpi, `mpirun -n 2 check` replays the corpus the same way and reports the stored
    failure from whichever rank replayed it.
Prints one line per failed check; exits 1 on any failure. Python 3 standard library only.
"""

import os
import shutil
import subprocess
import sys
import tempfile

PAJESIM = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
MPI = "--mpi" in sys.argv[3:]
DEFECTIVE = "python3 " + os.path.join(SOURCE, "examples", "sut", "pajemploi_defective.py") + " --defect carer_paid_salary_only"
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return condition


def run(*arguments, prefix=()):
    return subprocess.run([*prefix, PAJESIM, "check", "--quiet", *arguments], capture_output=True, text=True,
                          timeout=900, check=False, cwd=SOURCE)


def main():
    work = tempfile.mkdtemp(prefix="pajesim-corpus-")
    try:
        first = os.path.join(work, "first")
        done = run("--runs", "1", "--seed", "11", "--out", first, "--sut", DEFECTIVE)
        check(done.returncode == 1, "(a) exit %d, expected 1: %s %s" % (done.returncode, done.stdout, done.stderr))
        corpus = os.path.join(first, "corpus")
        stored = sorted(os.listdir(corpus)) if os.path.isdir(corpus) else []
        if not check(len(stored) == 1 and stored[0].startswith("counterexample-"), "(a) corpus holds %s" % stored):
            return
        check(os.path.isfile(os.path.join(first, stored[0])), "(a) the counterexample is not in the output folder")
        stored_path = os.path.join(corpus, stored[0])

        second = os.path.join(work, "second")
        done = run("--runs", "1", "--seed", "12", "--out", second, "--corpus", corpus, "--sut", DEFECTIVE)
        lines = [line for line in done.stdout.splitlines() if line.startswith("counterexample")]
        check(done.returncode == 1, "(b) exit %d, expected 1" % done.returncode)
        check("1 stored scenario(s) replayed first, 1 still failing" in done.stdout, "(b) %s" % done.stdout[:400])
        check(lines and lines[0].startswith("counterexample (stored)") and stored_path in lines[0],
              "(b) the stored failure is not reported first: %s" % lines[:2])
        check(done.stdout.strip().endswith("counterexamples (seed 12)") and "1 runs, 2 counterexamples" in done.stdout,
              "(b) the count does not include the stored failure and the new one: %s" % done.stdout[-200:])

        done = run("--runs", "2", "--seed", "13", "--out", os.path.join(work, "builtin"), "--corpus", corpus)
        check(done.returncode == 0, "(c) exit %d against the built-in centre: %s" % (done.returncode, done.stdout))
        check("replayed first, 0 still failing" in done.stdout, "(c) %s" % done.stdout[:300])

        breaker = "python3 " + os.path.join(SOURCE, "tests", "sut", "misbehaving_centre.py") + \
            " --mode wrong_protocol --base echo --marker corpus-test"
        done = run("--runs", "3", "--seed", "14", "--out", os.path.join(work, "breaks"), "--corpus", corpus,
                   "--sut", breaker)
        check(done.returncode == 3, "(d) exit %d, expected 3: %s" % (done.returncode, done.stdout[-300:]))
        check(stored_path + ": the system under test broke the protocol" in done.stdout and "run seed" not in done.stdout,
              "(d) the first run was not the stored scenario's: %s" % done.stdout[-400:])

        if MPI:
            done = run("--runs", "2", "--seed", "12", "--out", os.path.join(work, "mpi"), "--corpus", corpus,
                       "--sut", DEFECTIVE, prefix=["mpirun", "-n", "2", "--oversubscribe", "--allow-run-as-root"])
            check(done.returncode == 1, "(e) mpirun: exit %d: %s" % (done.returncode, done.stderr[-500:]))
            check("2 ranks" in done.stdout and "still failing" in done.stdout and "counterexample (stored)" in done.stdout,
                  "(e) mpirun: %s" % done.stdout[:500])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print("%d failures" % len(FAILURES))
        sys.exit(1)
    print("all corpus checks passed")


if __name__ == "__main__":
    main()
