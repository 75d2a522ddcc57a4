#!/usr/bin/env python3
"""The affected-families register from the command line, checked against other outputs.

  - `--as-of` on the incident scenario: on each month's last day, the families listed and the
    amounts equal months.csv's figures for the month (families in arrears, overpaid, wrong,
    money owed and overpaid); on 15 November 2019 the families listed are exactly those whose
    affected.csv episode covers the day, with its start as their `since`; a month end's amounts
    equal affected-months.csv's.
  - `--letters`: one letter per registered family (French and English, HTML and text), and a
    letter's month table against the family's ledger (the journal): what was paid for each care
    month, net of overpayments taken back, and what was owed in all (families.csv).
  - scenarios/duplicated-rights-2019.json with and without its reconciliation: overpaid families
    are flagged by the liveness invariant and counted in the report without it, recovered with
    it.

Usage: harm_cli_test.py PAJESIM SOURCE_DIR WORK_DIR
"""

import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

PAJESIM, SOURCE, WORK = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def run(*arguments):
    return subprocess.run([PAJESIM, *arguments], capture_output=True, text=True, timeout=600)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def month_ends(first, last):
    day = first
    while day <= last:
        following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        yield following - datetime.timedelta(days=1)
        day = following


def parse_as_of(text):
    """{day: {"header": {...}, "families": {id: (since, owed, overpaid)}}} from --as-of output."""
    blocks = {}
    current = None
    for line in text.splitlines():
        match = re.match(r"register as of (\d{4}-\d\d-\d\d): (\d+) families wrong, (\d+) owed money, (\d+) overpaid", line)
        if match:
            current = {"header": {"wrong": int(match.group(2)), "owed": int(match.group(3)),
                                  "overpaid": int(match.group(4))}, "families": {}, "money": {}}
            blocks[match.group(1)] = current
            listing = False
            continue
        if current is None:
            continue
        match = re.match(r"money (owed|overpaid) to families \(EUR\)\s+(-?[\d.]+)", line)
        if match:
            current["money"][match.group(1)] = Decimal(match.group(2))
        if line.startswith("families wrong on "):
            listing = True
            continue
        if line.startswith("carers unpaid on "):
            listing = False
            continue
        match = re.match(r"\s+(\d+)\s+(\d+)\s+(\d{4}-\d\d-\d\d)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*$", line)
        if listing and match:
            current["families"][int(match.group(1))] = (match.group(3), Decimal(match.group(4)), Decimal(match.group(5)))
    return blocks


def test_as_of(work):
    out = os.path.join(work, "incident")
    days = [d.isoformat() for d in month_ends(datetime.date(2019, 5, 1), datetime.date(2020, 12, 1))]
    arguments = ["run", os.path.join(SOURCE, "scenarios", "incident-2019.json"), "--out", out, "--quiet",
                 "--dossiers", "0", "--as-of", "2019-11-15"]
    for day in days:
        arguments += ["--as-of", day]
    result = run(*arguments)
    if not check(result.returncode == 1, "incident: exit %d: %s" % (result.returncode, result.stderr)):
        return
    blocks = parse_as_of(result.stdout)
    check(set(blocks) == set(days) | {"2019-11-15"}, "as-of: blocks for %s" % sorted(blocks))
    months = {row["month"]: row for row in read_csv(os.path.join(out, "months.csv"))}
    for day in days:
        block, month = blocks.get(day), months[day[:7]]
        if not check(block is not None, "as-of %s missing" % day):
            continue
        listed = block["families"]
        owed = sum(1 for entry in listed.values() if entry[1] > 0)
        overpaid = sum(1 for entry in listed.values() if entry[2] > 0)
        check(len(listed) == block["header"]["wrong"], "%s: %d listed, header says %d" % (day, len(listed), block["header"]["wrong"]))
        check(len(listed) == int(month["families_wrong"]), "%s: %d families wrong, months.csv %s" % (day, len(listed), month["families_wrong"]))
        check(owed == int(month["families_in_arrears"]), "%s: %d owed, months.csv %s" % (day, owed, month["families_in_arrears"]))
        check(overpaid == int(month["families_overpaid"]), "%s: %d overpaid, months.csv %s" % (day, overpaid, month["families_overpaid"]))
        check(sum(e[1] for e in listed.values()) == Decimal(month["money_owed"]), "%s: money owed" % day)
        check(sum(e[2] for e in listed.values()) == Decimal(month["money_overpaid"]), "%s: money overpaid" % day)
    check(any(blocks[d]["header"]["wrong"] > 0 for d in days), "as-of: nobody wrong at any month end")
    check(any(blocks[d]["header"]["overpaid"] > 0 for d in days), "as-of: nobody overpaid at any month end")
    # Mid-month: the episodes that cover the day, from affected.csv.
    episodes = read_csv(os.path.join(out, "affected.csv"))
    covering = {int(e["family"]): e["start"] for e in episodes
                if e["start"] <= "2019-11-15" and (e["end"] == "" or e["end"] > "2019-11-15")}
    listed = blocks["2019-11-15"]["families"]
    check(set(listed) == set(covering), "2019-11-15: listed %d families, affected.csv covers %d (%s)"
          % (len(listed), len(covering), sorted(set(listed) ^ set(covering))[:10]))
    check(all(listed[f][0] == covering[f] for f in set(listed) & set(covering)), "2019-11-15: since != episode start")
    check(len(listed) > 0 and all(e[1] > 0 or e[2] > 0 for e in listed.values()), "2019-11-15: an amount for each")
    # ... and the report's figures for that day.
    with open(os.path.join(out, "report.json"), encoding="utf-8") as handle:
        report_days = {d["day"]: d for d in json.load(handle)["register"]["days"]}
    figures = report_days["2019-11-15"]
    check(len(listed) == figures["families_wrong"], "2019-11-15: %d listed, report.json %d" % (len(listed), figures["families_wrong"]))
    check(sum(e[1] for e in listed.values()) == Decimal(figures["money_owed"]), "2019-11-15: money owed vs report.json")
    check(sum(1 for e in listed.values() if e[2] > 0) == figures["families_overpaid"], "2019-11-15: overpaid vs report.json")
    # A month end's amounts, family by family, from affected-months.csv.
    long_table = defaultdict(dict)
    for row in read_csv(os.path.join(out, "affected-months.csv")):
        long_table[row["month_end"]][int(row["family"])] = (Decimal(row["owed"]), Decimal(row["overpaid"]))
    for day in ("2019-11-30", "2020-01-31"):
        mine = {f: (e[1], e[2]) for f, e in blocks[day]["families"].items()}
        check(mine == long_table[day], "%s: as-of amounts differ from affected-months.csv" % day)


def parse_letter_months(text):
    """{"January 2019": (owed, paid)} from an English text letter's month table."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"([A-Z][a-z]+ \d{4})\s+(-?)€([\d,]+\.\d\d)\s+(-?)€([\d,]+\.\d\d)\s+", line)
        if match:
            owed = Decimal(match.group(2) + match.group(3).replace(",", ""))
            paid = Decimal(match.group(4) + match.group(5).replace(",", ""))
            rows[match.group(1)] = (owed, paid)
    return rows


def test_letters(work):
    out, letters, journal = (os.path.join(work, name) for name in ("letters-run", "letters", "journal.csv"))
    result = run("run", os.path.join(SOURCE, "scenarios", "incident-2019.json"), "--families", "3000", "--out", out,
                 "--quiet", "--letters", letters, "--journal", journal)
    if not check(result.returncode == 1, "letters: exit %d: %s" % (result.returncode, result.stderr)):
        return
    registered = {int(e["family"]) for e in read_csv(os.path.join(out, "affected.csv"))}
    check(len(registered) > 0, "letters: an empty register")
    names = set(os.listdir(letters))
    expected = {"family-%d.%s.%s" % (f, language, kind) for f in registered for language in ("fr", "en")
                for kind in ("html", "txt")} | {"index.html"}
    check(names == expected, "letters: %d files, expected %d (%s)" % (len(names), len(expected), sorted(names ^ expected)[:6]))
    # The ledger: CMG credited minus overpayments taken back, by family and care month.
    net = defaultdict(Decimal)
    for row in read_csv(journal):
        amount = Decimal(row["amount"])
        if row["cause"] in ("cmg", "cmg_arrears"):
            net[(int(row["family"]), row["month"])] += amount
        elif row["cause"] == "overpayment_recovery":
            net[(int(row["family"]), row["month"])] -= amount
    owed_in_all = {int(row["family"]): Decimal(row["cmg_owed"]) for row in read_csv(os.path.join(out, "families.csv"))}
    checked = 0
    for family in sorted(registered)[:40]:
        with open(os.path.join(letters, "family-%d.en.txt" % family), encoding="utf-8") as handle:
            text = handle.read()
        rows = parse_letter_months(text)
        if not check(rows, "letter of family %d: no month table" % family):
            continue
        for label, (owed, paid) in rows.items():
            month = datetime.datetime.strptime(label, "%B %Y").strftime("%Y-%m")
            check(paid == net[(family, month)], "letter of family %d, %s: paid %s, the ledger %s"
                  % (family, month, paid, net[(family, month)]))
        check(sum(owed for owed, _ in rows.values()) == owed_in_all[family],
              "letter of family %d: owed in all %s, families.csv %s" % (family, sum(o for o, _ in rows.values()), owed_in_all[family]))
        check("PJS-incident-2019-2019-%d" % family in text, "letter of family %d: no reference" % family)
        with open(os.path.join(letters, "family-%d.fr.txt" % family), encoding="utf-8") as handle:
            check("Référence à rappeler" in handle.read(), "letter of family %d: no French reference" % family)
        checked += 1
    check(checked > 0, "letters: none checked")


def test_duplicated_rights(work):
    path = os.path.join(SOURCE, "scenarios", "duplicated-rights-2019.json")
    with open(path, encoding="utf-8") as handle:
        scenario = json.load(handle)
    scenario["params"] = os.path.join(SOURCE, "scenarios", scenario["params"])
    scenario.pop("expect")
    reconciled = os.path.join(work, "reconciled.json")
    with open(reconciled, "w", encoding="utf-8") as handle:
        json.dump(scenario, handle)
    del scenario["processes"]["reconciliation"]
    scenario["name"] = "unreconciled"
    unreconciled = os.path.join(work, "unreconciled.json")
    with open(unreconciled, "w", encoding="utf-8") as handle:
        json.dump(scenario, handle)
    reports = {}
    for label, file in (("with", reconciled), ("without", unreconciled)):
        out = os.path.join(work, "dup-" + label)
        result = run("run", file, "--families", "5000", "--out", out, "--quiet", "--dossiers", "0")
        check(result.returncode == 1, "duplicated %s: exit %d: %s" % (label, result.returncode, result.stderr))
        with open(os.path.join(out, "report.json"), encoding="utf-8") as handle:
            reports[label] = json.load(handle)
    verdict = lambda report, name: next(v for v in report["invariants"] if v["invariant"] == name)
    without, with_ = reports["without"], reports["with"]
    check(without["totals"]["families_still_overpaid_at_end"] > 0, "without reconciliation: nobody still overpaid")
    check(Decimal(without["totals"]["money_still_overpaid_at_end"]) > 0, "without reconciliation: no money overpaid")
    check(verdict(without, "everyone_square_after_recovery")["violations"] > 0, "without: liveness holds")
    check(any(v["reason"] == "still overpaid after the recovery window" for v in without["violations_most_harmful"]),
          "without: no violation names an overpayment")
    check(any(m["families_overpaid"] > 0 for m in without["months"]), "without: no month counts overpaid families")
    check(with_["totals"]["families_ever_overpaid"] > 0, "with reconciliation: nobody ever overpaid")
    check(with_["totals"]["families_still_overpaid_at_end"] == 0, "with reconciliation: families still overpaid")
    check(Decimal(with_["totals"]["overpayments_recovered"]) > 0, "with reconciliation: nothing recovered")
    for name in ("everyone_square_after_recovery", "recovery_within_overpayment", "no_recovery_while_owed"):
        check(verdict(with_, name)["violations"] == 0, "with reconciliation: %s violated" % name)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    for test in (test_as_of, test_letters, test_duplicated_rights):
        work = os.path.join(WORK, test.__name__)
        os.makedirs(work)
        test(work)
    for failure in FAILURES:
        print("FAIL:", failure)
    print("%d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
