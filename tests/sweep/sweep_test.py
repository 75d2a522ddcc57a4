#!/usr/bin/env python3
"""`pajesim sweep`: the same files however the runs are made, resumption, lost runs, the figures.

usage: sweep_test.py PAJESIM SOURCE_DIR [--mpi] [--quick]

(--quick, for the sanitizer build: (a), (b) and (d) only.)

On tests/sweep/small-sweep.json (the incident at 300 families, 2 x 3 points, 3 seeds) and a
Latin hypercube variant of it:
(a) one process, --jobs 2 and (with --mpi) `mpirun -n 2` write byte-identical sweep.csv,
    sweep-summary.csv and sweep.html;
(b) each row of sweep.csv is the run `pajesim run` makes of the base scenario with the
    point's values set by this script (families affected, money owed at the peak, longest delay);
    each row of sweep-summary.csv is the mean, min and max (nearest-rank 5th and 95th
    percentiles of 3 seeds) of its point's rows; the HTML has a response curve per output
    figure and factor;
(c) a sweep killed part way (SIGKILL) resumes with --resume, runs only what was missing (and
    runs again a summary altered on disk), and
    ends with the same bytes as an uninterrupted one; a worker killed under --jobs 2 makes
    the sweep exit 4 naming the run lost, and --resume finishes it; with --mpi, a rank killed
    under mpirun stops the job with a message naming the runs lost, and --resume finishes them;
(d) the Latin hypercube's points: each factor's values fall one in each of its K strata, and
    the same design seed gives the same points.
Prints one line per failed check; exits 1 on any failure. Python 3 standard library only.
"""

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PAJESIM = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
MPI = "--mpi" in sys.argv[3:]
QUICK = "--quick" in sys.argv[3:]
SPEC = os.path.join(SOURCE, "tests", "sweep", "small-sweep.json")
FILES = ["sweep.csv", "sweep-summary.csv", "sweep.html"]
MPIRUN = ["mpirun", "-n", "2", "--oversubscribe", "--allow-run-as-root"]
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return condition


def sweep(out, *options, prefix=(), spec=SPEC):
    done = subprocess.run([*prefix, PAJESIM, "sweep", spec, "--out", out, "--quiet", *options],
                          capture_output=True, text=True, timeout=600, check=False, cwd=SOURCE)
    return done


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def same_files(a, b, label):
    for name in FILES:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        if not check(os.path.isfile(pa) and os.path.isfile(pb), "%s: %s missing" % (label, name)):
            continue
        check(read(pa) == read(pb), "%s: %s differs" % (label, name))


def rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def summaries(out):
    folder = os.path.join(out, "runs")
    return sorted(name for name in os.listdir(folder) if name.startswith("run-")) if os.path.isdir(folder) else []


def test_same_bytes(work):
    single = os.path.join(work, "single")
    done = sweep(single)
    check(done.returncode == 0, "one process: exit %d: %s" % (done.returncode, done.stderr))
    jobs = os.path.join(work, "jobs")
    done = sweep(jobs, "--jobs", "2")
    check(done.returncode == 0, "--jobs 2: exit %d: %s" % (done.returncode, done.stderr))
    same_files(single, jobs, "--jobs 2 against one process")
    if MPI:
        ranks = os.path.join(work, "mpi")
        done = sweep(ranks, prefix=MPIRUN)
        check(done.returncode == 0, "mpirun -n 2: exit %d: %s" % (done.returncode, done.stderr))
        same_files(single, ranks, "mpirun -n 2 against one process")
    return single


def test_figures(work, single):
    with open(SPEC, encoding="utf-8") as handle:
        spec = json.load(handle)
    base_path = os.path.normpath(os.path.join(os.path.dirname(SPEC), spec["base"]))
    with open(base_path, encoding="utf-8") as handle:
        base = json.load(handle)
    runs = rows(os.path.join(single, "sweep.csv"))
    check(len(runs) == 18, "sweep.csv: %d rows, expected 2 x 3 points x 3 seeds = 18" % len(runs))
    # Levels: temporary agents 0, 200; the range 0.2 to 0.8 in 3 counts: 0.2, 0.5, 0.8.
    expected_points = [(a, s) for a in ("0", "200") for s in ("0.2", "0.5", "0.8")]
    for r, row in enumerate(runs):
        point, seed = r // 3, base["seed"] + r % 3
        check((row["temporary_agents"], row["changes_lost"]) == expected_points[point] and int(row["seed"]) == seed,
              "sweep.csv row %d: point %s seed %s, expected %s seed %d" % (r, (row["temporary_agents"], row["changes_lost"]), row["seed"], expected_points[point], seed))
    # Three runs made here by hand: the base with the values set, its seed replaced.
    for r in (0, 10, 17):
        agents, share = expected_points[r // 3]
        scenario = json.loads(json.dumps(base))
        scenario["processes"]["temporary_agents"] = int(agents)
        scenario["faults"][3]["share"] = share
        scenario["population"]["families"] = 300
        scenario["seed"] = base["seed"] + r % 3
        scenario["params"] = os.path.join(os.path.dirname(base_path), base["params"])
        scenario.pop("expect", None)
        path = os.path.join(work, "by-hand-%d.json" % r)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(scenario, handle)
        out = os.path.join(work, "by-hand-%d" % r)
        done = subprocess.run([PAJESIM, "run", path, "--out", out, "--quiet"], capture_output=True, text=True,
                              timeout=600, check=False)
        if not check(done.returncode in (0, 1), "run %d by hand: exit %d: %s" % (r, done.returncode, done.stderr)):
            continue
        with open(os.path.join(out, "report.json"), encoding="utf-8") as handle:
            totals = json.load(handle)["totals"]
        for key in ("families_affected", "money_owed_peak", "longest_delay_days", "calls"):
            check(str(totals[key]) == runs[r][key], "run %d: %s %s in sweep.csv, %s by hand" % (r, key, runs[r][key], totals[key]))
    # Each point's summary from its rows.
    for row in rows(os.path.join(single, "sweep-summary.csv")):
        point = int(row["point"])
        values = [int(runs[point * 3 + k]["families_affected"]) for k in range(3)]
        check(row["families_affected_mean"] == "%.1f" % (sum(values) / 3.0)
              and row["families_affected_low_5"] == "%.1f" % min(values)
              and row["families_affected_high_95"] == "%.1f" % max(values),
              "sweep-summary.csv point %d: %s/%s/%s from %s" % (point, row["families_affected_mean"], row["families_affected_low_5"], row["families_affected_high_95"], values))
    ranked = sorted(rows(os.path.join(single, "sweep-summary.csv")), key=lambda row: int(row["rank"]))
    means = [float(row["families_affected_mean"]) for row in ranked]
    check(means == sorted(means), "sweep-summary.csv: ranks not by families affected: %s" % means)
    with open(os.path.join(single, "sweep.html"), encoding="utf-8") as handle:
        html = handle.read()
    # Default outputs (4 figures) x 2 factors response curves, the sensitivity bar chart.
    check(html.count("<svg") == 4 * 2 + 1, "sweep.html: %d charts, expected 9" % html.count("<svg"))
    check("Sensitivity" in html and "Points ranked by" in html and "<script" not in html, "sweep.html: sections")


def wait_for(out, count, process, limit=120):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if len(summaries(out)) >= count:
            return True
        time.sleep(0.02)
    return False


def test_resume(work, spec, runs_total):
    # (c) a killed sweep resumes to the same bytes: runs of 1 500 families, long enough to be
    # killed part way.
    size = ["--families", "1500"]
    single = os.path.join(work, "uninterrupted")
    done = sweep(single, *size)
    check(done.returncode == 0, "uninterrupted: exit %d: %s" % (done.returncode, done.stderr))
    # Another spec's summaries are never taken for this one's: the same folder resumed with
    # another population size runs everything again.
    other = os.path.join(work, "other-spec")
    shutil.copytree(single, other)
    done = subprocess.run([PAJESIM, "sweep", spec, "--out", other, "--resume", "--families", "1400"], capture_output=True,
                          text=True, timeout=600, check=False, cwd=SOURCE)
    check(done.returncode == 0 and "0 of %d runs already done" % runs_total in done.stdout,
          "--resume of another spec kept summaries: %s %s" % (done.stdout[:300], done.stderr[:300]))
    check(read(os.path.join(other, "sweep.csv")) != read(os.path.join(single, "sweep.csv")),
          "--resume of another spec: the same sweep.csv as the 1 500-family sweep")
    # A summary altered on disk (more families affected than the run has, an extra key) is not
    # believed: that run is made again, and the tables are the uninterrupted sweep's.
    tampered = os.path.join(work, "tampered")
    shutil.copytree(single, tampered)
    first = os.path.join(tampered, "runs", sorted(os.listdir(os.path.join(tampered, "runs")))[0])
    with open(first, encoding="utf-8") as handle:
        summary = json.load(handle)

    def first_run_made_again(what):
        # Resumed with the first summary as it now is: that run is made again, the others kept.
        done = subprocess.run([PAJESIM, "sweep", spec, "--out", tampered, "--resume", *size], capture_output=True,
                              text=True, timeout=600, check=False, cwd=SOURCE)
        check(done.returncode == 0 and "%d of %d runs already done" % (runs_total - 1, runs_total) in done.stdout,
              "--resume with a summary %s: %s %s" % (what, done.stdout[:300], done.stderr[:300]))
        check(read(os.path.join(tampered, "sweep.csv")) == read(os.path.join(single, "sweep.csv")),
              "--resume with a summary %s: another sweep.csv" % what)

    # Counts past any run's (whose sum would overflow 64 bits) are altered too.
    for change in ({"families_affected": summary["families"] + 1}, {"note": "added"},
                   {"promises_kept": 2 ** 63 - 1, "promises_broken": 2 ** 63 - 1}):
        with open(first, "w", encoding="utf-8") as handle:
            json.dump(dict(summary, **change), handle)
        first_run_made_again("altered (%s)" % change)
    # Nor is one edited by hand into what a lenient reader takes for figures: a key given twice
    # (the last one read), a count written as a decimal or an exponent, a byte after the end.
    with open(first, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(summary, separators=(",", ":")) + "\n")
    with open(first, encoding="utf-8") as handle:
        raw = handle.read()
    affected = '"families_affected":%d' % summary["families_affected"]
    check(affected in raw, "the summary's text: %s" % raw[:200])
    for name, text in (("a key twice", raw.replace(affected, '"families_affected":%d,%s' % (summary["families"], affected), 1)),
                       ("a count as a decimal", raw.replace(affected, affected + ".0", 1)),
                       ("a count with an exponent", raw.replace(affected, affected + "e0", 1)),
                       ("a NUL byte after the end", raw + "\0")):
        with open(first, "w", encoding="utf-8") as handle:
            handle.write(text)
        first_run_made_again("edited (%s)" % name)

    out = os.path.join(work, "killed")
    process = subprocess.Popen([PAJESIM, "sweep", spec, "--out", out, "--quiet", *size], cwd=SOURCE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reached = wait_for(out, 3, process)
    process.kill()
    process.wait()
    kept = len(summaries(out))
    check(reached and kept < runs_total, "killed sweep: %d of %d summaries when killed" % (kept, runs_total))
    done = subprocess.run([PAJESIM, "sweep", spec, "--out", out, "--resume", *size], capture_output=True, text=True,
                          timeout=600, check=False, cwd=SOURCE)
    check(done.returncode == 0, "--resume: exit %d: %s" % (done.returncode, done.stderr))
    check("%d of %d runs already done" % (kept, runs_total) in done.stdout,
          "--resume: does not say it kept %d runs: %s" % (kept, done.stdout[:300]))
    same_files(single, out, "killed and resumed")

    # A worker killed under --jobs 2: exit 4, the run named, then --resume.
    out = os.path.join(work, "worker-killed")
    process = subprocess.Popen([PAJESIM, "sweep", spec, "--out", out, "--quiet", "--jobs", "2", *size], cwd=SOURCE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(out, 1, process)
    children = []
    try:
        with open("/proc/%d/task/%d/children" % (process.pid, process.pid), encoding="utf-8") as handle:
            children = [int(pid) for pid in handle.read().split()]
    except OSError:
        pass
    if check(children, "--jobs 2: no worker process found"):
        os.kill(children[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=600)
    check(process.returncode == 4, "--jobs 2 with a worker killed: exit %d, expected 4: %s" % (process.returncode, stderr))
    check("lost with their worker" in stderr and "--resume" in stderr, "worker killed: message %r" % stderr)
    done = sweep(out, "--resume", *size)
    check(done.returncode == 0, "--resume after a worker died: exit %d: %s" % (done.returncode, done.stderr))
    same_files(single, out, "worker killed and resumed")

    if MPI:
        out = os.path.join(work, "rank-killed")
        process = subprocess.Popen([*MPIRUN, PAJESIM, "sweep", spec, "--out", out, "--quiet", *size], cwd=SOURCE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(out, 1, process)
        ranks = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/environ" % pid, "rb") as handle:
                    environ = handle.read().split(b"\0")
                with open("/proc/%s/cmdline" % pid, "rb") as handle:
                    command = handle.read()
            except OSError:
                continue
            if b"OMPI_COMM_WORLD_RANK=1" in environ and out.encode() in command:
                ranks.append(int(pid))
        if check(ranks, "mpirun: rank 1 not found"):
            os.kill(ranks[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=600)
        check(process.returncode != 0, "mpirun with rank 1 killed: exit 0")
        check("runs lost" in stderr, "mpirun with rank 1 killed: rank 0 names no lost run: %s" % stderr[-800:])
        done = sweep(out, "--resume", *size)
        check(done.returncode == 0, "--resume after a rank died: exit %d: %s" % (done.returncode, done.stderr))
        same_files(single, out, "rank killed and resumed")


def test_latin_hypercube(work):
    with open(SPEC, encoding="utf-8") as handle:
        spec = json.load(handle)
    spec["base"] = os.path.normpath(os.path.join(os.path.dirname(SPEC), spec["base"]))
    spec["seeds"] = 1
    spec["factors"] = [
        {"name": "agents", "path": "/processes/temporary_agents", "range": {"min": 0, "max": 999}},
        {"name": "changes_lost", "path": "/faults/3/share", "range": {"min": "0.100", "max": "0.900"}},
        {"name": "triage", "path": "/processes/triage", "levels": ["fifo", "oldest_first", "hardship_first", "largest_arrears_first"]},
    ]
    k = 8
    spec["design"] = {"kind": "latin_hypercube", "points": k, "seed": 77}
    path = os.path.join(work, "lhs.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(spec, handle)
    first, second = os.path.join(work, "lhs-1"), os.path.join(work, "lhs-2")
    for out in (first, second):
        done = sweep(out, spec=path)
        check(done.returncode == 0, "latin hypercube: exit %d: %s" % (done.returncode, done.stderr))
    same_files(first, second, "latin hypercube twice")
    points = rows(os.path.join(first, "sweep-summary.csv"))
    check(len(points) == k, "latin hypercube: %d points, expected %d" % (len(points), k))
    agents = sorted(int(p["agents"]) for p in points)
    check([a * k // 1000 for a in agents] == list(range(k)), "agents not one per stratum of [0, 999]: %s" % agents)
    shares = sorted(round(float(p["changes_lost"]) * 1000) for p in points)
    check([(s - 100) * k // 801 for s in shares] == list(range(k)) and all(len(p["changes_lost"]) == 5 for p in points),
          "changes_lost not one per stratum of [0.100, 0.900] at 3 decimals: %s" % [p["changes_lost"] for p in points])
    triage = [p["triage"] for p in points]
    check(all(triage.count(t) == 2 for t in set(triage)) and len(set(triage)) == 4,
          "triage levels not 2 each over 8 points: %s" % triage)


def main():
    work = tempfile.mkdtemp(prefix="pajesim-sweep-")
    started = time.monotonic()
    try:
        single = test_same_bytes(work)
        test_figures(work, single)
        if not QUICK:
            test_resume(work, SPEC, 18)
        test_latin_hypercube(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%.1f s" % (time.monotonic() - started))
    if FAILURES:
        print("%d failures" % len(FAILURES))
        sys.exit(1)
    print("all sweep checks passed")


if __name__ == "__main__":
    main()
