#!/usr/bin/env python3
"""`pajesim diff` as a product, with real calculator processes.

usage: diff_cli_test.py PAJESIM SOURCE_DIR WORK_DIR

(a) `pajesim entitlement` as the calculator: no disagreement over a few thousand cases.
(b) a calculator with one planted defect (tests/diff/off_by_one_calculator.py): found, and
    every minimal request sits on a ceiling computed here from the parameter table.
(c) calculators that break the protocol (garbage, too few lines, too slow, exit 1, a crash):
    exit 3 with the reason, nothing written, and no process left behind.
(d) bad usage: exit 2, nothing written.
(e) the hourly CMG (care months 2025-09 to 2026-12): pajesim entitlement and a Python
    calculator written from docs/entitlement.md only (tests/diff/hourly_calculator.py) agree
    with the oracle over a few thousand cases; the same calculator with one planted defect
    (the ratio rounded to 6 decimals; the birthday month not kept) is caught, and every
    minimal request shows its defect; a calculator that leaves out an hourly field breaks the
    protocol with a message naming it.
(f) the age readings switched (`condition_end` "age_on_the_1st", `birthday_of_29_february`
    "february_28"): the reference centre's calculator (examples/sut/selftest.py --calculator,
    which reads the table of PAJESIM_PARAMS) agrees with the oracle reading the same table,
    and disagrees with one reading the shipped table, every minimal request then on a
    birthday on the 1st of its month or on 29 February.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from decimal import Decimal

PAJESIM, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
TABLE = os.path.join(SOURCE, "scenarios", "params", "cmg-2018-2026.json")
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what)


def diff(*arguments, out=None, timeout=120):
    out = out or os.path.join(WORK, "out")
    shutil.rmtree(out, ignore_errors=True)
    command = [PAJESIM, "diff", "--quiet", "--out", out, *arguments]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    return done, time.monotonic() - started, out


def processes_with(marker):
    """Processes whose command line holds `marker` (read from /proc)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                text = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in text and "diff_cli_test" not in text:
            found.append((pid, text))
    return found


def ceilings(request, table):
    """P1 and P2 for the request, computed from the table (CSS D531-18)."""
    first_day = request["month"] + "-01"
    household = request["household"]
    children = sum(1 for child in household["children"] if child["birth"] < first_day)
    if children == 0:
        return []
    entry = [e for e in table["resource_ceilings"] if e["from"] <= first_day][-1]
    factor = [e for e in table["single_parent_ceiling_factor"] if e["from"] <= first_day][-1]
    result = []
    for bracket in ("bracket_1", "bracket_2"):
        values = {key: Decimal(str(value)) for key, value in entry[bracket].items()}
        ceiling = values["one_child"] if children == 1 else (
            values["two_children"] + (children - 2) * values["per_extra_child"])
        if household["single_parent"]:
            ceiling *= Decimal(str(factor["ratio"]))
        result.append(ceiling)
    return result


def test_self():
    done, seconds, out = diff("--calculator", f"{shlex.quote(PAJESIM)} entitlement",
                              "--cases", "4000", "--seed", "12")
    check(done.returncode == 0, f"(a) self: exit {done.returncode}: {done.stderr}")
    check("4000 cases, 0 disagreeing" in done.stdout, f"(a) summary: {done.stdout}")
    check(done.stdout.startswith("pajesim diff: seed 12\n"), "(a) the seed comes first")
    check("replay: pajesim diff --calculator" in done.stdout, "(a) the replay command")
    path = os.path.join(out, "disagreements.jsonl")
    check(os.path.isfile(path) and os.path.getsize(path) == 0, "(a) an empty disagreements file")
    print(f"(a) 4000 cases against pajesim entitlement in {seconds:.2f} s")
    # A calculator that answers and exits, leaving a process of its own session (out of reach of
    # the kill of its group) that holds its output open: its answers are complete when it exits.
    marker = "29.7183"
    done, seconds, out = diff("--calculator", f"setsid sleep {marker} & {shlex.quote(PAJESIM)} entitlement",
                              "--cases", "40", "--seed", "12", "--calculator-timeout", "5", timeout=60)
    check(done.returncode == 0 and "40 cases, 0 disagreeing" in done.stdout,
          f"(a) an escaped child holding the output: exit {done.returncode}: {done.stderr}")
    check(seconds < 5, f"(a) an escaped child holding the output: took {seconds:.1f} s")
    for pid, _ in processes_with(marker):
        try:
            os.kill(int(pid), 9)
        except OSError:
            pass


def test_planted_defect():
    with open(TABLE, encoding="utf-8") as table_file:
        table = json.load(table_file)
    calculator = " ".join(shlex.quote(part) for part in [
        "python3", os.path.join(SOURCE, "tests", "diff", "off_by_one_calculator.py"), PAJESIM, TABLE])
    done, _, out = diff("--calculator", calculator, "--cases", "2000", "--seed", "5")
    check(done.returncode == 1, f"(b) planted defect: exit {done.returncode}: {done.stderr}")
    with open(os.path.join(out, "disagreements.jsonl"), encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    check(len(records) > 0, "(b) disagreements written")
    for record in records:
        request = record["request"]
        resources = Decimal(str(request["household"]["resources_n2"]))
        check(resources in ceilings(request, table),
              f"(b) minimal request not on a ceiling: {json.dumps(request)}")
        check("bracket" in record["fields"], f"(b) bracket differs: {record['fields']}")
        check(record["calculator"]["bracket"] == record["oracle"]["bracket"] + 1,
              "(b) the calculator's bracket is one above")
        check(len(request["household"]["children"]) <= 2, f"(b) shrunk children: {request}")
        check(request["contract"]["net_salary"] == "0.00", f"(b) shrunk salary: {request}")
        check("maintenance" not in request["contract"], f"(b) maintenance dropped: {request}")
        check(any("at or below a ceiling" in step for step in record["explain"]),
              "(b) the oracle's trace")
        check(record["calculator"]["id"] == request["id"] == record["oracle"]["id"], "(b) ids")
    # The same seed gives the same file.
    with open(os.path.join(out, "disagreements.jsonl"), encoding="utf-8") as first:
        before = first.read()
    diff("--calculator", calculator, "--cases", "2000", "--seed", "5")
    with open(os.path.join(out, "disagreements.jsonl"), encoding="utf-8") as second:
        check(second.read() == before, "(b) deterministic")


def test_protocol_violations():
    entitlement = f"{shlex.quote(PAJESIM)} entitlement"
    cases = [
        ("garbage", "cat >/dev/null; echo 'not json'", "output line 1: malformed JSON"),
        ("too few lines", f"head -n 3 | {entitlement}", "output line 4: missing (3 lines for 10 requests)"),
        ("wrong id", f"{entitlement} | sed 's/\"id\":\"case-/\"id\":\"x-/'", "is not the request's"),
        ("exit 1", "cat >/dev/null; echo oops >&2; exit 1", "exited with code 1"),
        ("crash", "kill -SEGV $$", "killed by signal 11"),
        # Rates and resources are never below zero: a minus sign breaks the protocol, even on 0.
        ("negative rate", f"{entitlement} | sed 's/\"effort_rate\":\"/\"effort_rate\":\"-/'",
         'field "effort_rate" is not a decimal'),
        # The strict reader's reasons name where in the answer they are.
        ("duplicate key", f"{entitlement} | sed 's/\"id\":/\"eligible\":true,\"id\":/'",
         'output line 1: /eligible: duplicate key'),
        ("number out of range", f"{entitlement} | sed 's/\"id\":/\"x\":1e999,\"id\":/'",
         'output line 1: /x: number out of range'),
        ("slow", "sleep 31.4159", "no complete answer within 1 s"),
        ("slow child", f"(sleep 27.1828 &) ; {entitlement}; sleep 27.1829", "no complete answer within 1 s"),
    ]
    for name, command, reason in cases:
        done, seconds, out = diff("--calculator", command, "--cases", "10", "--seed", "1",
                                  "--calculator-timeout", "1", timeout=60)
        check(done.returncode == 3, f"(c) {name}: exit {done.returncode}: {done.stderr}")
        check("the calculator broke the protocol" in done.stderr and reason in done.stderr,
              f"(c) {name}: reason {reason!r} in {done.stderr!r}")
        check(seconds < 10, f"(c) {name}: took {seconds:.1f} s")
        check(not os.path.exists(out), f"(c) {name}: nothing written")
    time.sleep(0.2)
    for marker in ("31.4159", "27.1828", "27.1829"):
        check(not processes_with(marker), f"(c) processes left behind: {processes_with(marker)}")


def test_bad_usage():
    entitlement = f"{shlex.quote(PAJESIM)} entitlement"
    cases = [
        ([], "--calculator 'COMMAND' is required"),
        (["--calculator", entitlement, "--cases", "0"], "--cases needs a whole number"),
        (["--calculator", entitlement, "--cases", "5", "--time-budget", "5"], "not both"),
        (["--calculator", entitlement, "--months", "2019-13..2020-01"], "--months needs FROM..TO"),
        (["--calculator", entitlement, "--months", "2020-02..2020-01"], "--months needs FROM..TO"),
        (["--calculator", entitlement, "--months", "2030-01..2030-12"], "month 2030-01 of 2030-01..2030-12 is outside"),
        (["--calculator", entitlement, "--months", "2017-06..2018-06"], "month 2017-06 of 2017-06..2018-06 is outside"),
        (["--calculator", entitlement, "--frobnicate"], "unknown argument '--frobnicate'"),
        (["--calculator", entitlement, "--params", os.path.join(WORK, "missing.json")], "missing.json"),
        (["--calculator", entitlement, "--calculator-timeout", "0"], "--calculator-timeout"),
    ]
    for arguments, reason in cases:
        done, _, out = diff(*arguments)
        check(done.returncode == 2, f"(d) {arguments}: exit {done.returncode}")
        check(reason in done.stderr, f"(d) {arguments}: {reason!r} in {done.stderr!r}")
        check(not os.path.exists(out), f"(d) {arguments}: nothing written")
    help_text = subprocess.run([PAJESIM, "diff", "--help"], capture_output=True, text=True, check=False)
    check(help_text.returncode == 0 and "--calculator" in help_text.stdout, "(d) diff --help")
    general = subprocess.run([PAJESIM, "--help"], capture_output=True, text=True, check=False)
    check("diff --calculator" in general.stdout, "(d) pajesim --help lists diff")


HOURLY_MONTHS = "2025-09..2026-12"
HOURLY_CALCULATOR = os.path.join(SOURCE, "tests", "diff", "hourly_calculator.py")


def cases_per_second(stdout):
    for word, following in zip(stdout.split(), stdout.split()[1:]):
        if following == "cases/s,":
            return int(word)
    return 0


def records_of(out):
    with open(os.path.join(out, "disagreements.jsonl"), encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def limit_birthday_in_month(request):
    """A child of the contract has its 6th (12th for a single parent) birthday in the care
    month; 29 February's birthday in a common year is 1 March."""
    limit = 12 if request["household"]["single_parent"] else 6
    for index in request["contract"]["children"]:
        birth = request["household"]["children"][index]["birth"]
        year, month, day = int(birth[:4]) + limit, birth[5:7], birth[8:]
        common = not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        if month == "02" and day == "29" and common:
            month = "03"
        if f"{year}-{month}" == request["month"]:
            return True
    return False


def test_hourly():
    entitlement = f"{shlex.quote(PAJESIM)} entitlement"
    done, seconds, out = diff("--calculator", entitlement, "--cases", "4000", "--seed", "31",
                              "--months", HOURLY_MONTHS)
    check(done.returncode == 0 and "4000 cases, 0 disagreeing" in done.stdout,
          f"(e) self, hourly: exit {done.returncode}: {done.stdout} {done.stderr}")
    print(f"(e) 4000 hourly cases against pajesim entitlement in {seconds:.2f} s "
          f"({cases_per_second(done.stdout)} cases/s)")

    calculator = f"python3 {shlex.quote(HOURLY_CALCULATOR)}"
    done, seconds, out = diff("--calculator", calculator, "--cases", "5000", "--seed", "32",
                              "--months", HOURLY_MONTHS)
    check(done.returncode == 0 and "5000 cases, 0 disagreeing" in done.stdout,
          f"(e) the calculator from the docs disagrees: exit {done.returncode}: {done.stdout} {done.stderr}")
    print(f"(e) 5000 hourly cases against the Python calculator in {seconds:.2f} s "
          f"({cases_per_second(done.stdout)} cases/s)")

    # The ratio rounded to 6 decimals first: a cent off, now and then.
    done, _, out = diff("--calculator", f"{calculator} --bug ratio6", "--cases", "3000", "--seed", "33",
                        "--months", HOURLY_MONTHS)
    check(done.returncode == 1, f"(e) ratio6: exit {done.returncode}: {done.stderr}")
    records = records_of(out)
    check(len(records) > 0, "(e) ratio6: disagreements written")
    for record in records:
        check(record["fields"][:1] == ["cmg_remuneration"], f"(e) ratio6: fields {record['fields']}")
        gap = abs(Decimal(record["calculator"]["cmg_paid"]) - Decimal(record["oracle"]["cmg_paid"]))
        check(gap == Decimal("0.01"), f"(e) ratio6: a cent off, found {gap}")
        check(record["request"]["month"] >= "2025-09", "(e) ratio6: an hourly month")

    # The month of the 6th or 12th birthday not kept.
    done, _, out = diff("--calculator", f"{calculator} --bug birthday", "--cases", "3000", "--seed", "34",
                        "--months", HOURLY_MONTHS)
    check(done.returncode == 1, f"(e) birthday: exit {done.returncode}: {done.stderr}")
    records = records_of(out)
    check(len(records) > 0, "(e) birthday: disagreements written")
    for record in records:
        request = record["request"]
        check(limit_birthday_in_month(request), f"(e) birthday: not on the birthday month: {json.dumps(request)}")
        check(record["fields"][:1] == ["eligible"] and record["oracle"]["eligible"] is True,
              f"(e) birthday: {record['fields']}")
        check(request["contract"]["net_salary"] == "0.00" and "transitional" not in request
              and "meals" not in request["contract"], f"(e) birthday: shrunk: {json.dumps(request)}")
        check(any("month of the birthday still paid" in step for step in record["explain"]),
              "(e) birthday: the oracle's trace")

    # A calculator of the bracket regime's fields only breaks the protocol on hourly months.
    done, _, out = diff("--calculator", f"{entitlement} | sed 's/,\"resources_monthly\":\"[0-9]*\"//'",
                        "--cases", "10", "--seed", "1", "--months", HOURLY_MONTHS)
    check(done.returncode == 3 and 'missing field "resources_monthly" (compared for care month' in done.stderr
          and "of the hourly regime" in done.stderr, f"(e) missing hourly field: {done.returncode} {done.stderr}")
    check(not os.path.exists(out), "(e) missing hourly field: nothing written")


def test_switched_age_readings():
    with open(TABLE) as handle:
        table = json.load(handle)
    table["condition_end"] = [{"from": "2015-01-01", "rule": "age_on_the_1st", "source": "test"}]
    table["birthday_of_29_february"] = [{"from": "2015-01-01", "reading": "february_28", "source": "test"}]
    switched = os.path.join(WORK, "switched-readings.json")
    with open(switched, "w") as handle:
        json.dump(table, handle)
    reference = "PAJESIM_PARAMS=%s python3 %s --calculator" % (
        shlex.quote(switched), shlex.quote(os.path.join(SOURCE, "examples", "sut", "selftest.py")))
    bracket_months = "2018-01..2025-08"
    done, _, _ = diff("--calculator", reference, "--params", switched, "--cases", "3000", "--seed", "5",
                      "--months", bracket_months, timeout=300)
    check(done.returncode == 0 and "3000 cases, 0 disagreeing" in done.stdout,
          f"(f) same table: {done.returncode} {done.stdout[-300:]} {done.stderr[-300:]}")
    shipped = "python3 %s --calculator" % shlex.quote(os.path.join(SOURCE, "examples", "sut", "selftest.py"))
    done, _, out = diff("--calculator", shipped, "--params", switched, "--cases", "3000", "--seed", "5",
                        "--months", bracket_months, timeout=300)
    check(done.returncode == 1, f"(f) the shipped readings against the switched ones: exit {done.returncode}")
    records = records_of(out)
    check(len(records) > 0, "(f) no disagreement recorded")
    for record in records:
        births = [child["birth"] for child in record["request"]["household"]["children"]]
        check(any(birth.endswith("-01") or birth.endswith("-02-29") for birth in births),
              f"(f) a minimal request without a birthday on the 1st or 29 February: {json.dumps(record['request'])}")
    print(f"(f) switched age readings: {len(records)} distinct disagreements with the shipped readings")


def main():
    os.makedirs(WORK, exist_ok=True)
    test_self()
    test_planted_defect()
    test_protocol_violations()
    test_bad_usage()
    test_hourly()
    test_switched_age_readings()
    if FAILURES:
        print(f"{len(FAILURES)} failures")
        sys.exit(1)
    print("all diff checks passed")


if __name__ == "__main__":
    main()
