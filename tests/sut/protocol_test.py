#!/usr/bin/env python3
"""`pajesim run --sut` against centres that break the protocol, record and replay, throughput.

usage: protocol_test.py PAJESIM SOURCE_DIR [WORK_DIR]

(a) Centres that break the protocol once (tests/sut/misbehaving_centre.py, on top of the echo
    or the reference centre): malformed JSON, an empty line, an unknown action, an amount with
    three decimals or as a number, an unknown family, an answer for another day, an order id
    used before, an unknown key, another protocol version, a missing capability, exit 1,
    SIGKILL, no answer, a grandchild left running, a line after `end`. Each run exits 3 within
    the time-out and a margin; standard error names the day and the reason; report.json is
    written, `"complete": false` with a `stopped` object saying the same; sut-stderr.log
    holds what the centre wrote on its standard error; no process of the centre is left.
(b) `--record` then `pajesim replay`: the same exit code and a byte-identical report.json, for
    runs with a well-behaved centre (and a second run gives the same bytes), and for runs that
    broke the protocol (exit 3 again).
(c) A recording with one sent line altered: replay exits 2, names that line, writes nothing;
    so does one whose header's seed is not a 64-bit whole number, one whose copy of the
    scenario or of the table is spoiled (named at the recording's line 1, /scenario or /params),
    and one with a line added after the end of the run's conversation (named).
(d) The protocol's throughput: baseline-2019 against examples/sut/echo_centre.py, in messages
    per second (printed, not judged).
Prints one line per failed check; exits 1 on any failure. Python 3 standard library only.
"""

import datetime
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PAJESIM = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
WORK = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
CENTRE = os.path.join(SOURCE, "tests", "sut", "misbehaving_centre.py")
REFERENCE = os.path.join(SOURCE, "examples", "sut", "pajemploi_reference.py")
ECHO = os.path.join(SOURCE, "examples", "sut", "echo_centre.py")
BASELINE = os.path.join(SOURCE, "scenarios", "baseline-2019.json")
INCIDENT = os.path.join(SOURCE, "scenarios", "incident-2019.json")
FAMILIES = 50
SUT_TIMEOUT = 2
MARGIN = 6  # seconds beyond the time-out a stopped run may take on a loaded machine
FAILURES = []
DAY = re.compile(r"the system under test broke the protocol on (\d{4}-\d{2}-\d{2})\b")


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return condition


def quote(*parts):
    return " ".join(shlex.quote(part) for part in parts)


def pajesim(*arguments, timeout=600):
    """Runs pajesim; returns (completed process, seconds)."""
    started = time.monotonic()
    done = subprocess.run(["nice", "-n", "10", PAJESIM, *arguments], capture_output=True, text=True,
                          timeout=timeout, check=False, cwd=SOURCE)
    return done, time.monotonic() - started


def read_report(out):
    path = os.path.join(out, "report.json")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def processes_with(marker):
    """Processes whose command line holds `marker` (read from /proc)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as cmdline:
                text = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in text:
            found.append((int(pid), text.strip()))
    return found


def left_behind(marker):
    """The processes of a centre still there once the kill has had a moment to land."""
    deadline = time.monotonic() + 1.0
    found = processes_with(marker)
    while found and time.monotonic() < deadline:
        time.sleep(0.05)
        found = processes_with(marker)
    return found


# ------------------------------------------------------------------------------ (a)

# mode, base centre, day it breaks on (None: the day pajesim names is computed below),
# fragments the reason holds, prefix of the command
CASES = [
    ("malformed_json", "echo", "2019-02-12", ["malformed JSON"], ""),
    ("empty_line", "reference", "2019-06-03", ["an empty line"], ""),
    ("unknown_action", "reference", "2019-07-01", ['unknown action "pay_everyone"'], ""),
    ("three_decimals", "reference", "2019-07-01", ["/amount", "two decimals", 'found "12.345"'], ""),
    ("amount_number", "echo", "2019-04-01", ["/amount", "two decimals", "found 12.34"], ""),
    ("unknown_family", "reference", "2019-07-01", ["/family", "no such family", "0 to %d" % (FAMILIES - 1)], ""),
    ("other_day", "echo", "2019-05-15", ["/date", "another day"], ""),
    ("two_lines", "reference", "2019-07-01", ["/date", "another day", "two lines for one request"], ""),
    ("duplicate_order", "reference", "2019-07-01", ['order id "once-1" used before'], ""),
    ("unknown_key", "echo", "2019-08-01", ['unknown key "note"'], ""),
    ("wrong_protocol", "echo", "first", ["/protocol", "protocol version 1"], ""),
    ("missing_capability", "reference", "first", ['capability "pajemploi_plus"'], ""),
    ("crash", "reference", "2019-07-01", ["exited with code 1"], ""),
    ("signal", "echo", "2019-03-01", ["killed by signal 9"], "exec "),
    # The shell between pajesim and the centre reports the signal as 128 + 9; pajesim says so.
    ("signal", "reference", "2019-06-28", ["exited with code 137", "killed by signal 9"], ""),
    ("hang", "echo", "2019-03-01", ["no answer within %d s" % SUT_TIMEOUT], ""),
    ("hang", "reference", "2019-07-01", ["no answer within %d s" % SUT_TIMEOUT], "exec "),
    ("orphan", "reference", "2019-07-01", ["exited with code 1"], ""),
    ("orphan", "echo", "2019-03-01", ["exited with code 1"], "exec "),
    # Out of pajesim's reach (it sleeps on 3 s), but the centre's exit is told at once, not
    # taken for a centre that does not answer.
    ("setsid_orphan", "echo", "2019-03-01", ["exited with code 1"], "exec "),
    ("output_after_end", "echo", "last", ["after the end"], ""),
    ("unknown_declaration", "reference", "2019-07-01", ["/declaration", "not the id of a declaration"], ""),
    ("withhold_not_plus", "reference", "2019-07-01", ["/contract", "not under Pajemploi+"], ""),
    ("huge_payments", "echo", "2019-07-01", ["/actions/2/amount", "more than 20000000.00", "family 0"], ""),
    ("many_small_payments", "echo", "2019-07-01", ["/actions/1000/amount", "more than 1000 actions", "family 0"], ""),
    ("flood", "echo", "2019-07-01", ["/actions", "20000 actions in one answer", "more than the %d allowed" % (4096 + 256 * FAMILIES)], ""),
    ("control_in_reason", "echo", "2019-07-01", ["/actions/0/reason", "control character (U+001B)"], ""),
    ("invalid_utf8", "reference", "2019-07-01", ["invalid UTF-8 at byte", "of the line"], ""),
    # The parser's excerpt of the text it stopped at ("last read") is half of a character here,
    # and the 60-byte excerpt of the unknown type ends inside one: the message stays UTF-8.
    ("non_ascii_syntax", "echo", "2019-04-02", ["malformed JSON", "byte 1 of the line", "\\xC3"], ""),
    ("long_unknown_action", "echo", "2019-04-02", ["/actions/0/type", 'unknown action "a' + "\u00e9" * 29 + '"'], ""),
    ("leading_zero", "reference", "2019-07-01", ["/amount", "no leading zero", 'found "012.50"'], ""),
    ("zero_amount", "reference", "2019-07-01", ["/amount", "above 0.00", 'found "0.00"'], ""),
    ("next_month", "reference", "2019-07-01", ["/month", "a care month after the day's month"], ""),
    # The day after: its request can no longer be written, whatever was written ahead.
    ("close_input", "echo", "2019-03-01", ["closed its input"], "exec "),
    # Some day after, once the requests fill the pipe (the day is checked to be later).
    ("stop_reading", "echo", "2019-03-01", ["did not read its input within %d s" % SUT_TIMEOUT], "exec "),
]


def misbehaving(mode, base, day, marker, prefix=""):
    arguments = ["python3", CENTRE, "--mode", mode, "--base", base, "--marker", marker]
    if day not in (None, "first", "last"):
        arguments += ["--day", day]
    return prefix + quote(*arguments)


def test_orphan_outlives_its_parent():
    """Outside pajesim, the orphan mode does leave a grandchild running: the check that none is
    left after a run can fail."""
    marker = "sut-protocol-test-%d-alone" % os.getpid()
    centre = subprocess.Popen(["python3", CENTRE, "--mode", "orphan", "--day", "2019-03-01", "--marker", marker],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    centre.stdin.write(b'{"type":"hello","families":1,"first_day":"2019-03-01","last_day":"2019-03-01"}\n'
                       b'{"type":"day","date":"2019-03-01","business_day":true,"messages":[]}\n')
    centre.stdin.close()
    code = centre.wait(timeout=30)
    found = processes_with(marker)
    os.killpg(centre.pid, 9)
    centre.stdout.close()
    check(code == 1 and found, "(a) the orphan mode: exit %d, grandchild %s" % (code, found))
    check(not left_behind(marker), "(a) the orphan mode's grandchild survives SIGKILL to its group")


def test_broken_protocol(work):
    print("(a) centres that break the protocol, --families %d, --sut-timeout %d" % (FAMILIES, SUT_TIMEOUT))
    test_orphan_outlives_its_parent()
    test_never_answered(work)
    for number, (mode, base, day, fragments, prefix) in enumerate(CASES):
        label = "(a) %s on %s%s" % (mode, base, " (%s)" % prefix.strip() if prefix else "")
        marker = "sut-protocol-test-%d-%d-%s" % (os.getpid(), number, mode)
        out = os.path.join(work, "broken-%d-%s" % (number, mode))
        shutil.rmtree(out, ignore_errors=True)
        done, seconds = pajesim("run", BASELINE, "--families", str(FAMILIES), "--out", out, "--quiet",
                                "--sut", misbehaving(mode, base, day, marker, prefix),
                                "--sut-timeout", str(SUT_TIMEOUT), timeout=120)
        remaining = left_behind(marker)
        check(not remaining, "%s: processes of the centre left: %s" % (label, remaining))
        for pid, _ in remaining:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        check(done.returncode == 3, "%s: exit %d, expected 3: %s" % (label, done.returncode, done.stderr.strip()))
        check(seconds < SUT_TIMEOUT + MARGIN, "%s: took %.1f s" % (label, seconds))
        check(done.stdout == "", "%s: standard output %r with --quiet" % (label, done.stdout))
        log = os.path.join(out, "sut-stderr.log")
        check(os.path.isfile(log), "%s: no sut-stderr.log" % label)
        hello = re.search(r"misbehaving centre: \S+ from (\S+) to (\S+)",
                          read_bytes(log).decode(errors="replace") if os.path.isfile(log) else "")
        check(hello is not None, "%s: sut-stderr.log lacks what the centre wrote on its standard error" % label)
        if hello and day in ("first", "last"):
            day = hello.group(1) if day == "first" else hello.group(2)
        if mode in ("two_lines", "close_input"):  # found out on the next request
            day = (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()
        named = DAY.search(done.stderr)
        if mode == "stop_reading" and named is not None and named.group(1) > day:
            day = named.group(1)  # the day the pipe was full: any after the one it stopped on
        check(named is not None and named.group(1) == day,
              "%s: standard error does not name the day %s: %r" % (label, day, done.stderr))
        check(done.stderr.startswith("pajesim: the system under test broke the protocol on ")
              and done.stderr.count("\n") == 1,
              "%s: one line, 'pajesim: the system under test broke the protocol on DAY...': %r" % (label, done.stderr))
        for fragment in fragments:
            check(fragment in done.stderr, "%s: reason %r not in %r" % (label, fragment, done.stderr))
        # Every case's centre answered its hello (the misbehaving centre's stderr says so above).
        check("before answering the hello" not in done.stderr,
              "%s: says the centre never answered its hello: %r" % (label, done.stderr))
        report = read_report(out)
        if not check(report is not None, "%s: no report.json" % label):
            continue
        check(report.get("complete") is False, "%s: report.json complete is %r" % (label, report.get("complete")))
        stopped = report.get("stopped")
        if check(isinstance(stopped, dict), "%s: report.json has no stopped object: %r" % (label, stopped)):
            check(stopped.get("day") == day, "%s: stopped.day %r, expected %s" % (label, stopped.get("day"), day))
            for fragment in fragments:
                check(fragment in stopped.get("reason", ""), "%s: stopped.reason %r lacks %r"
                      % (label, stopped.get("reason"), fragment))
            # A line at fault is numbered among the answers; a process's failure has none.
            process_failure = mode in ("crash", "signal", "hang", "orphan", "setsid_orphan", "close_input",
                                       "stop_reading")
            line = stopped.get("line")
            check((line == 0) == process_failure and ("(line " in done.stderr) != process_failure,
                  "%s: stopped.line %r and %r: a line is named only when an answer is at fault"
                  % (label, line, done.stderr))
        check(report.get("centre", {}).get("kind") == "system under test",
              "%s: centre %r" % (label, report.get("centre")))
        for name in ("report.html", "families.csv", "months.csv"):
            check(os.path.isfile(os.path.join(out, name)), "%s: no %s" % (label, name))
        print("    %-18s %-9s %-6s %.1f s  %s" % (mode, base, prefix.strip(), seconds,
                                                done.stderr.strip()[len("pajesim: "):][:110]), flush=True)


def test_stopped_by_a_signal(work):
    """pajesim stopped by SIGTERM or SIGINT mid-run takes its centre's processes with it, those the
    shell started in the background included (the parent-death signal reaches the shell only)."""
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        marker = "sut-protocol-test-%d-signal-%d" % (os.getpid(), signal_number)
        command = quote("python3", "-c", "import time; time.sleep(600)", marker) + " & " + quote("python3", ECHO)
        out = os.path.join(work, "stopped-by-%d" % signal_number)
        run = subprocess.Popen([PAJESIM, "run", BASELINE, "--families", "3000", "--out", out, "--quiet",
                                "--sut", command, "--sut-timeout", "60"], cwd=SOURCE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        # The centre's background process itself (pajesim's and the shell's command lines hold
        # the marker too).
        def background():
            return [found for found in processes_with(marker) if found[1].startswith("python3 -c import time")]
        deadline = time.monotonic() + 30
        while not background() and time.monotonic() < deadline:
            time.sleep(0.05)
        started = bool(background())
        time.sleep(0.5)
        run.send_signal(signal_number)
        code = run.wait(timeout=60)
        remaining = left_behind(marker)  # pajesim has ended: only the centre's can hold it
        for pid, _ in remaining:
            os.kill(pid, signal.SIGKILL)
        check(started, "(a) stopped by signal %d: the centre's background process never started" % signal_number)
        check(code == -signal_number, "(a) stopped by signal %d: pajesim ended with %d" % (signal_number, code))
        check(not remaining, "(a) stopped by signal %d: processes of the centre left: %s" % (signal_number, remaining))
        print("    stopped by signal %d: exit %d, %d processes of the centre left" % (signal_number, code, len(remaining)),
              flush=True)


def test_never_answered(work):
    """A centre that stops before its first answer: the message says so, with the shell's meaning
    of code 127 and the last line the centre wrote on its standard error."""
    cases = [
        ("not found", "no-such-centre-command-%d" % os.getpid(),
         ["exited with code 127 (the shell's code for a command not found)", "before answering the hello",
          "the last line of its standard error: ", "no-such-centre-command-%d: not found" % os.getpid()]),
        ("fails at start", quote("python3", "-c", "import sys; "
                                 "sys.stderr.write('starting\\nfatal: no table\\n'); sys.exit(4)"),
         ["exited with code 4, before answering the hello; the last line of its standard error: fatal: no table"]),
        ("silent exit 0", "true", ["exited with code 0, before answering the hello"]),
        # Its output closed but still running: no answer can come, so no time-out is waited for
        # (`exec`: the shell holds no copy of the output).
        ("closes its output", "exec " + quote("python3", "-c", "import os, time; os.close(1); time.sleep(60)"),
         ["closed its output, before answering the hello"]),
    ]
    for label, command, fragments in cases:
        out = os.path.join(work, "never-answered-" + label.replace(" ", "-"))
        shutil.rmtree(out, ignore_errors=True)
        done, _ = pajesim("run", BASELINE, "--families", str(FAMILIES), "--out", out, "--quiet",
                          "--sut", command, "--sut-timeout", str(SUT_TIMEOUT))
        check(done.returncode == 3, "(a) %s: exit %d, expected 3: %s" % (label, done.returncode, done.stderr.strip()))
        for fragment in fragments:
            check(fragment in done.stderr, "(a) %s: %r not in %r" % (label, fragment, done.stderr))
        check(done.stderr.count("\n") == 1, "(a) %s: not one line: %r" % (label, done.stderr))
        if label == "silent exit 0":
            check("standard error" not in done.stderr, "(a) %s: quotes an empty standard error: %r"
                  % (label, done.stderr))
        print("    %-18s %s" % (label, done.stderr.strip()[len("pajesim: "):][:140]), flush=True)


# ------------------------------------------------------------------------------ (b), (c)

def record_and_replay(work, label, scenario, families, command, expected_code, second_run=False, options=()):
    """Runs with --record (and `options`), replays; returns the recording's path."""
    recording = os.path.join(work, label + ".jsonl")
    out, replayed = os.path.join(work, label + "-run"), os.path.join(work, label + "-replay")
    for path in (out, replayed):
        shutil.rmtree(path, ignore_errors=True)
    if os.path.exists(recording):
        os.remove(recording)
    done, seconds = pajesim("run", scenario, "--families", str(families), "--out", out, "--quiet",
                            "--sut", command, "--sut-timeout", str(SUT_TIMEOUT), "--record", recording, *options)
    check(done.returncode == expected_code, "(b) %s: run exits %d, expected %d: %s"
          % (label, done.returncode, expected_code, done.stderr.strip()))
    if not check(os.path.isfile(recording), "(b) %s: no recording" % label):
        return None
    again, replay_seconds = pajesim("replay", recording, "--out", replayed, "--quiet")
    check(again.returncode == expected_code, "(b) %s: replay exits %d, expected %d: %s"
          % (label, again.returncode, expected_code, again.stderr.strip()))
    check(again.stderr == done.stderr.replace("pajesim run", "pajesim replay") or again.stderr == done.stderr,
          "(b) %s: replay says %r, the run said %r" % (label, again.stderr, done.stderr))
    first, second = os.path.join(out, "report.json"), os.path.join(replayed, "report.json")
    if check(os.path.isfile(first) and os.path.isfile(second), "(b) %s: a report.json is missing" % label):
        check(read_bytes(first) == read_bytes(second),
              "(b) %s: the replay's report.json differs from the run's (%s, %s)" % (label, first, second))
    if second_run:
        rerun = os.path.join(work, label + "-rerun")
        shutil.rmtree(rerun, ignore_errors=True)
        third, _ = pajesim("run", scenario, "--families", str(families), "--out", rerun, "--quiet",
                           "--sut", command, "--sut-timeout", str(SUT_TIMEOUT), *options)
        check(third.returncode == expected_code, "(b) %s: second run exits %d" % (label, third.returncode))
        check(os.path.isfile(os.path.join(rerun, "report.json"))
              and read_bytes(os.path.join(rerun, "report.json")) == read_bytes(first),
              "(b) %s: a second run's report.json differs from the first's" % label)
    lines = sum(1 for _ in open(recording, "rb"))
    print("    %-34s exit %d, run %.1f s, replay %.1f s, %d recorded lines"
          % (label, done.returncode, seconds, replay_seconds, lines), flush=True)
    return recording


def test_record_replay(work):
    print("(b) record and replay")
    reference = quote("python3", REFERENCE)
    well_behaved = record_and_replay(work, "reference-baseline", BASELINE, 100, reference, 0, second_run=True)
    record_and_replay(work, "reference-incident", INCIDENT, 100, reference, 1, second_run=True)
    # The replay writes the dossiers the run was made with: none after --dossiers 0.
    no_dossiers = record_and_replay(work, "reference-no-dossiers", INCIDENT, 100, reference, 1,
                                    options=("--dossiers", "0"))
    if no_dossiers:
        with open(os.path.join(work, "reference-no-dossiers-replay", "report.json"), encoding="utf-8") as handle:
            check(json.load(handle)["dossiers"] == [], "(b) --dossiers 0: the replay wrote dossiers")
    for mode, base, day in (("three_decimals", "reference", "2019-07-01"), ("crash", "reference", "2019-07-01"),
                            ("hang", "echo", "2019-03-01"), ("orphan", "echo", "2019-03-01"),
                            ("output_after_end", "echo", None), ("wrong_protocol", "echo", None),
                            ("invalid_utf8", "reference", "2019-07-01"), ("non_ascii_syntax", "echo", "2019-04-02"),
                            ("long_unknown_action", "echo", "2019-04-02")):
        marker = "sut-protocol-test-%d-replay-%s" % (os.getpid(), mode)
        record_and_replay(work, "broken-" + mode, BASELINE, FAMILIES, misbehaving(mode, base, day, marker), 3)
        check(not left_behind(marker), "(b) %s: processes of the centre left" % mode)
    # A failure's text, the standard error's last line included, is recorded and replayed as is.
    record_and_replay(work, "broken-not-found", BASELINE, FAMILIES, "no-such-centre-command-%d" % os.getpid(), 3)
    if well_behaved:
        test_tampered(work, well_behaved)


def test_tampered(work, recording):
    print("(c) a tampered recording")
    with open(recording, "rb") as handle:
        lines = handle.read().split(b"\n")
    # The first request that carries a declaration: one figure of it altered.
    target = None
    for index, line in enumerate(lines):
        if line.startswith(b'{"sent":') and b'net_salary' in line:
            target = index
            break
    if not check(target is not None, "(c) no request with a declaration in the recording"):
        return
    original = lines[target]
    altered = re.sub(rb'(net_salary\\":\\"\d+)\.(\d\d)', lambda m: m.group(1) + b"." + (
        b"01" if m.group(2) != b"01" else b"02"), original, count=1)
    check(altered != original and json.loads(altered), "(c) the line could not be altered")
    lines[target] = altered
    tampered = os.path.join(work, "tampered.jsonl")
    with open(tampered, "wb") as handle:
        handle.write(b"\n".join(lines))
    out = os.path.join(work, "tampered-replay")
    shutil.rmtree(out, ignore_errors=True)
    done, _ = pajesim("replay", tampered, "--out", out, "--quiet")
    number = target + 1
    check(done.returncode == 2, "(c) replay of a tampered recording exits %d, expected 2: %s"
          % (done.returncode, done.stderr.strip()))
    check(re.search(r"\bline %d\b" % number, done.stderr) is not None,
          "(c) the message does not name line %d: %r" % (number, done.stderr))
    check(not os.path.exists(out), "(c) replay of a tampered recording wrote %s" % out)
    check(done.stdout == "", "(c) standard output %r" % done.stdout)
    print("    line %d altered: exit %d, %s" % (number, done.returncode, done.stderr.strip()[:160]), flush=True)
    # A failure recorded with no reason (pajesim always writes one): exit 2 naming its line.
    answer = next(index for index, line in enumerate(lines) if line.startswith(b'{"received":'))
    emptied = os.path.join(work, "empty-failure.jsonl")
    with open(emptied, "wb") as handle:
        handle.write(b"\n".join(lines[:answer] + [b'{"failure":""}'] + lines[answer + 1:]))
    out = os.path.join(work, "empty-failure-replay")
    shutil.rmtree(out, ignore_errors=True)
    done, _ = pajesim("replay", emptied, "--out", out, "--quiet")
    check(done.returncode == 2 and "empty-failure.jsonl:%d: /failure: a failure with no reason" % (answer + 1)
          in done.stderr, "(c) replay of an empty failure: exit %d, %r" % (done.returncode, done.stderr.strip()))
    check(not os.path.exists(out), "(c) replay of an empty failure wrote %s" % out)
    # An empty line pajesim never writes, after the last line too: exit 2 naming its line.
    lines[target] = original
    check(lines[-1] == b"", "(c) the recording does not end with a newline")
    blank = os.path.join(work, "blank-line.jsonl")
    with open(blank, "wb") as handle:
        handle.write(b"\n".join(lines) + b"\n")
    out = os.path.join(work, "blank-line-replay")
    shutil.rmtree(out, ignore_errors=True)
    done, _ = pajesim("replay", blank, "--out", out, "--quiet")
    check(done.returncode == 2 and "blank-line.jsonl:%d: an empty line" % len(lines) in done.stderr,
          "(c) replay of a recording with an empty last line: exit %d, %r" % (done.returncode, done.stderr.strip()))
    check(not os.path.exists(out), "(c) replay of a recording with an empty last line wrote %s" % out)
    # A failure reason pajesim never records: 5 000 bytes, or a terminal escape sequence.
    for label, reason, fragment in (("long", "x" * 5000, "a failure reason of 5000 bytes"),
                                    ("escape", "\u001b[2Jcleared", "a failure reason with a control character")):
        edited = os.path.join(work, "failure-%s.jsonl" % label)
        with open(edited, "wb") as handle:
            handle.write(b"\n".join(lines[:answer] + [json.dumps({"failure": reason}).encode()] + lines[answer + 1:]))
        out = os.path.join(work, "failure-%s-replay" % label)
        shutil.rmtree(out, ignore_errors=True)
        done, _ = pajesim("replay", edited, "--out", out, "--quiet")
        check(done.returncode == 2 and "failure-%s.jsonl:%d: /failure: %s" % (label, answer + 1, fragment) in done.stderr,
              "(c) replay of a %s failure reason: exit %d, %r" % (label, done.returncode, done.stderr.strip()[:300]))
        check(not os.path.exists(out), "(c) replay of a %s failure reason wrote %s" % (label, out))
    # A received line altered is an answer like any other: no error, but another run.
    # A header whose seed is not a 64-bit whole number: exit 2 naming the line and /seed.
    header = json.loads(lines[0])
    for bad in ("abc", "18446744073709551616", "-1", ""):
        header["seed"] = bad
        bad_seed = os.path.join(work, "bad-seed.jsonl")
        with open(bad_seed, "wb") as handle:
            handle.write(b"\n".join([json.dumps(header).encode()] + lines[1:]))
        out = os.path.join(work, "bad-seed-replay")
        shutil.rmtree(out, ignore_errors=True)
        done, _ = pajesim("replay", bad_seed, "--out", out, "--quiet")
        check(done.returncode == 2 and "bad-seed.jsonl:1: /seed:" in done.stderr,
              "(c) replay of a recording with seed %r: exit %d, %r" % (bad, done.returncode, done.stderr.strip()))
        check(not os.path.exists(out), "(c) replay of a recording with seed %r wrote %s" % (bad, out))
    # The header's copies of the scenario and of the table: an error in them is the recording's;
    # valid values edited by hand (the table's BMAF raised) are found by the header's digest.
    def raise_bmaf(h):
        for entry in h["params"]["bmaf"]:
            entry["euros"] = "%.2f" % (float(entry["euros"]) * 1.4)
    for key, pointer, spoil in (("scenario", "/scenario/period/to", lambda h: h["scenario"]["period"].update(to="2000-01")),
                                ("params", "/params/bmaf/0/euros", lambda h: h["params"]["bmaf"][0].update(euros="0.00")),
                                ("edited", "/digest", raise_bmaf)):
        header = json.loads(lines[0])
        spoil(header)
        spoiled = os.path.join(work, "bad-%s.jsonl" % key)
        with open(spoiled, "wb") as handle:
            handle.write(b"\n".join([json.dumps(header).encode()] + lines[1:]))
        out = os.path.join(work, "bad-%s-replay" % key)
        shutil.rmtree(out, ignore_errors=True)
        done, _ = pajesim("replay", spoiled, "--out", out, "--quiet")
        check(done.returncode == 2 and ("bad-%s.jsonl:1: %s:" % (key, pointer)) in done.stderr,
              "(c) replay of a recording with a spoiled %s: exit %d, %r" % (key, done.returncode, done.stderr.strip()))
        check(not os.path.exists(out), "(c) replay of a recording with a spoiled %s wrote %s" % (key, out))
    # Answers written as their bytes in hexadecimal (how a line that is not UTF-8 is kept):
    # every received line so written replays the same; a digit that is not one is refused.
    with open(recording, "rb") as handle:
        as_hex = handle.read().split(b"\n")
    received = [i for i, line in enumerate(as_hex) if line.startswith(b'{"received":')]
    for index in received:
        as_hex[index] = json.dumps({"received_hex": json.loads(as_hex[index])["received"].encode().hex()},
                                   separators=(",", ":")).encode()
    def replay_lines(label, lines):
        path = os.path.join(work, "%s.jsonl" % label)
        with open(path, "wb") as handle:
            handle.write(b"\n".join(lines))
        out = os.path.join(work, "%s-replay" % label)
        shutil.rmtree(out, ignore_errors=True)
        done, _ = pajesim("replay", path, "--out", out, "--quiet")
        return done, out
    done, out = replay_lines("hex", as_hex)
    check(done.returncode == 0 and read_bytes(os.path.join(out, "report.json")) ==
          read_bytes(os.path.join(os.path.dirname(recording), "reference-baseline-run", "report.json")),
          "(c) replay of answers written in hexadecimal: exit %d, %r" % (done.returncode, done.stderr.strip()))
    bad = list(as_hex)
    bad[received[0]] = bad[received[0]].replace(b'":"', b'":"z', 1)
    done, out = replay_lines("bad-hex", bad)
    where = "bad-hex.jsonl:%d: /received_hex:" % (received[0] + 1)
    check(done.returncode == 2 and where in done.stderr and "hexadecimal" in done.stderr,
          "(c) replay of a recording with a bad hexadecimal digit: exit %d, %r" % (done.returncode, done.stderr.strip()))
    check(not os.path.exists(out), "(c) replay of a recording with a bad hexadecimal digit wrote %s" % out)
    # A line added after the end of the run's conversation (a copy of an answer): not the run's.
    with open(recording, "rb") as handle:
        kept = [line for line in handle.read().split(b"\n") if line]
    extended = os.path.join(work, "extended.jsonl")
    with open(extended, "wb") as handle:
        handle.write(b"\n".join(kept + [kept[-2]]) + b"\n")
    out = os.path.join(work, "extended-replay")
    shutil.rmtree(out, ignore_errors=True)
    done, _ = pajesim("replay", extended, "--out", out, "--quiet")
    check(done.returncode == 2 and ("extended.jsonl: line %d: a line after the end" % (len(kept) + 1)) in done.stderr,
          "(c) replay of a recording with a line added at its end: exit %d, %r" % (done.returncode, done.stderr.strip()))
    check(not os.path.exists(out), "(c) replay of a recording with a line added at its end wrote %s" % out)


# ------------------------------------------------------------------------------ (d)

def test_throughput(work):
    out = os.path.join(work, "throughput")
    shutil.rmtree(out, ignore_errors=True)
    done, seconds = pajesim("run", BASELINE, "--out", out, "--quiet", "--sut", quote("python3", ECHO))
    check(done.returncode in (0, 1), "(d) echo centre: exit %d: %s" % (done.returncode, done.stderr.strip()))
    report = read_report(out)
    if not check(report is not None, "(d) no report.json"):
        return
    messages = report["centre"].get("messages", 0)
    check(messages > 0, "(d) centre.messages %r" % messages)
    check(report.get("complete") is True, "(d) the echo centre's run is incomplete")
    print("(d) throughput: baseline-2019, %d families, echo centre: %d messages in %.2f s wall, %.0f messages/s"
          % (report["population"]["families"], messages, seconds, messages / seconds), flush=True)


def main():
    started = time.monotonic()
    work = WORK or tempfile.mkdtemp(prefix="pajesim-sut-protocol-")
    os.makedirs(work, exist_ok=True)
    try:
        test_broken_protocol(work)
        test_stopped_by_a_signal(work)
        test_record_replay(work)
        test_throughput(work)
    finally:
        if WORK is None:
            shutil.rmtree(work, ignore_errors=True)
    print("%.1f s" % (time.monotonic() - started))
    if FAILURES:
        print("%d failures" % len(FAILURES))
        sys.exit(1)
    print("all protocol checks passed")


if __name__ == "__main__":
    main()
