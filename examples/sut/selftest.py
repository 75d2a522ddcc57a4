#!/usr/bin/env python3
"""Self-test of the reference Pajemploi centre (pajemploi_reference.py).

    python3 examples/sut/selftest.py            the scripted conversation, then the calculator
                                                against `pajesim entitlement` (400 requests)
    python3 examples/sut/selftest.py --cases N  N calculator requests instead of 400
    python3 examples/sut/selftest.py --bench [FAMILIES]
                                                times the centre on a synthetic conversation
                                                (default 10 000 families over 2019-01..2020-12)
    python3 examples/sut/selftest.py --calculator
                                                an entitlement calculator for `pajesim diff`:
        pajesim diff --calculator 'python3 examples/sut/selftest.py --calculator'

1. The conversation drives the centre as pajesim does (a child process, one line each way) over
   June to October 2019 for twelve families, and checks every action of every day: amounts worked
   out with `pajesim entitlement` on equivalent requests (quoted next to each family), dates
   from the business-day rules of docs/sut-protocol.md. It covers rights replacement, a late
   record, no rights (hold) then a regularisation, a duplicated declaration, Pajemploi+ with
   the carer's deadline, a rejected debit presented again (and one abandoned after the last
   day), a debit executed twice then refunded by a fix, a declaration taken in by a fix, the
   parallel run's check, bracket 0 and a lost birth date.
   The same conversation then runs against pajemploi_defective.py: with `--defect none` it
   must pass, and with each single defect it must fail (the defect shows on its path; a
   defect of the overpayments shows in the second conversation below, under one of its
   recovery policies).
   A second conversation, June to October 2019 for four families, covers the overpayments,
   the Pajemploi+ carer's pay and the reconciliation (rules 10 to 12), once per recovery
   policy (debit, deduct, deduct then debit, write_off): an overpayment found by a
   regularisation and notified, then debited after the notice period (the debit rejected and
   presented again), deducted from later CMG payments within the monthly limit (and what
   remains debited after `debit_remainder_after_days`), or written off; an overpayment cancelled
   by a reconciliation before its recovery; a recovery put off while a month is held; a
   `reconcile` that changes nothing and one that pays arrears; a Pajemploi+ carer's pay
   withheld until the parent's debit, rejected twice (an escalation) and presented again
   after the parent's income day; keys the centre does not know, ignored.
2. The calculator check draws requests aimed at the law's edges (3rd and 6th birthdays, 29
   February, newborns, AEEH, single parents, the assmat daily cap, months around the 2019-04
   and 2019-11 changes), in the care months of the resource-bracket regime (2018-01 to
   2025-08 in the shipped table), has the oracle compute them (`pajesim entitlement
   --explain`), and computes each with the centre's calculator for the oracle's bracket: every
   amount must agree, contributions included.
3. The hourly regime (care from 2025-09; the centre announces `hourly_regime`): the bracket
   rules refuse an hourly month and the hourly rules a bracket month; a scripted conversation
   of six families over March to December 2025 (a handshake that needs `hourly_regime`, the
   reference period's declarations, the CAF's `regime_switch` records, the first hourly month
   with the complément différentiel, a family whose record never switched held then fixed, a
   declaration keyed with 0 hours then fixed, two families with two assmat contracts whose
   minimum hours are the household's: one reaching 100 h only with both contracts' hours, one
   below the 150 h of two children under 3 although one contract alone has 110 h), every
   action checked, against the reference and the defective centre without defects; then
   requests drawn at the hourly rules' edges (age limits of 6 and 12, the hourly cap, the
   resource floor and ceiling, the clamp at 0, AEEH, indemnities, the complément
   différentiel's conditions and typologies) computed by the oracle and by the centre's
   calculator: every amount must agree.

4. End to end: `pajesim run scenarios/baseline-2025.json --families 40` (2025-01 to 2026-12,
   across the switch) with the built-in centre and with this one (`--sut`): the same totals,
   month by month (months.csv) and family by family (families.csv).

The oracle is $PAJESIM, else build/release/harness/pajesim under the project's root. Without
it, parts 2 and 4 and the oracle's part of 3 are skipped (and said so). Exit status 0 when
every check passes, 1 otherwise.
"""

import ast
import datetime
import json
import os
import random
import subprocess
import sys
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, HERE)

import pajemploi_reference as ref  # noqa: E402

PARAMS = os.path.join(ROOT, "scenarios", "params", "cmg-2018-2026.json")
CENTRE = os.path.join(HERE, "pajemploi_reference.py")


def oracle_path():
    path = os.environ.get("PAJESIM") or os.path.join(ROOT, "build", "release", "harness", "pajesim")
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# ----------------------------------------------------------------------------------------
# 1. The scripted conversation

WORKFLOW = {"cmg_payment_delay_business_days": 2, "contributions_debit_business_days": 2,
            "pajemploi_plus_carer_payment_business_days": 3,
            "pajemploi_plus_carer_payment_deadline_day": 8, "debit_representation_days": 10}

ACTION_KEYS = {
    "pay_cmg": {"type", "order", "family", "month", "amount", "arrears"},
    "claim_covered": {"type", "order", "family", "month", "amount"},
    "debit": {"type", "order", "family", "month", "amount", "kind"},
    "pay_carer": {"type", "order", "family", "contract", "month", "amount"},
    "refund": {"type", "order", "family", "month", "amount"},
    "hold": {"type", "family", "month", "declaration", "reason"},
    "open_file": {"type", "family", "reason"},
    "recover_overpayment": {"type", "order", "family", "month", "amount", "deducted"},
    "notify_overpayment": {"type", "family", "month", "amount", "reason"},
    "write_off_overpayment": {"type", "family", "month", "amount", "reason"},
    "withhold_carer": {"type", "family", "contract", "month", "reason"},
}


class Centre:
    """The centre as a child process, one line each way."""

    def __init__(self, command, stderr=None):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=stderr if stderr is not None else sys.stderr)
        self.orders = set()
        self.lines = 0

    def ask(self, message):
        self.process.stdin.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        self.lines += 1
        check(line.endswith(b"\n"), "answer %d: no complete line (the centre stopped?)" % self.lines)
        return json.loads(line)

    def day(self, date, messages):
        answer = self.ask({"type": "day", "date": date, "business_day": True, "messages": messages})
        check(set(answer) == {"type", "date", "actions"}, "%s: keys of the answer %s" % (date, sorted(answer)))
        check(answer["type"] == "actions" and answer["date"] == date, "%s: answer %r" % (date, answer))
        for action in answer["actions"]:
            keys = ACTION_KEYS.get(action.get("type"))
            check(keys is not None, "%s: unknown action %r" % (date, action))
            check(set(action) == keys, "%s: keys of %r" % (date, action))
            if "order" in action:
                order = action["order"]
                check(1 <= len(order) <= 64 and all(c.isalnum() or c in "._:-" for c in order),
                      "%s: malformed order id %r" % (date, order))
                check(order not in self.orders, "%s: order id %s used twice" % (date, order))
                self.orders.add(order)
            if "amount" in action:
                amount = action["amount"]
                check(isinstance(amount, str) and amount.count(".") == 1 and len(amount.split(".")[1]) == 2
                      and ref.parse_cents(amount) > 0, "%s: amount %r" % (date, amount))
            if "month" in action:
                check(action["month"] <= date[:7], "%s: a month after the day's: %r" % (date, action))
        return answer["actions"]

    def end(self):
        self.process.stdin.write(b'{"type":"end"}\n')
        self.process.stdin.close()
        rest = self.process.stdout.read()
        code = self.process.wait(timeout=30)
        check(rest == b"", "the centre answered `end`: %r" % rest[:200])
        check(code == 0, "the centre exited with %d after `end`" % code)


def rights(family, valid_from, bracket, children, single_parent=False, cause="bulk"):
    return {"type": "rights", "family": family, "caf": family % 3, "cause": cause, "valid_from": valid_from,
            "bracket": bracket, "single_parent": single_parent,
            "children": [{"birth": birth, "aeeh": False} for birth in children]}


def declaration(family, contract, month, declared_on, mode, net, maintenance="0.00", days=10,
                children=(0,), plus=False, caf_check=None):
    message = {"type": "declaration", "id": "C%d-%s" % (contract, month), "family": family,
               "contract": contract, "carer": contract, "mode": mode, "pajemploi_plus": plus,
               "month": month, "declared_on": declared_on, "net_salary": net,
               "maintenance": maintenance, "days": days, "children": list(children)}
    if caf_check is not None:
        message["caf_check"] = {"cmg": caf_check[0], "covered": caf_check[1]}
    return message


def fields(action):
    """An action as a comparable tuple (order ids left out; a hold's reason may be a prefix)."""
    kind = action["type"]
    if kind == "pay_cmg":
        return (kind, action["family"], action["month"], action["amount"], action["arrears"])
    if kind in ("claim_covered", "refund"):
        return (kind, action["family"], action["month"], action["amount"])
    if kind == "debit":
        return (kind, action["family"], action["month"], action["amount"], action["kind"])
    if kind == "pay_carer":
        return (kind, action["family"], action["contract"], action["month"], action["amount"])
    if kind == "hold":
        return (kind, action["family"], action["month"], action["declaration"], action["reason"])
    if kind == "recover_overpayment":
        return (kind, action["family"], action["month"], action["amount"], action["deducted"])
    if kind in ("notify_overpayment", "write_off_overpayment"):
        return (kind, action["family"], action["month"], action["amount"], action["reason"])
    if kind == "withhold_carer":
        return (kind, action["family"], action["contract"], action["month"])
    if kind == "open_file" and action["reason"] == ref.ESCALATION:
        return (kind, action["family"], action["reason"])
    return (kind, action["family"])


def same(got, want):
    if got[0] == "hold" and want[0] == "hold" and want[4].endswith("*"):
        return got[:4] == want[:4] and got[4].startswith(want[4][:-1])
    return got == want


def matches(actual, expected):
    return len(actual) == len(expected) and all(same(g, w) for g, w in zip(actual, expected))


def conversation(command, stderr=None):
    """June to October 2019, twelve families; every day's actions checked."""
    first, last = datetime.date(2019, 6, 1), datetime.date(2019, 10, 31)
    hello = {"type": "hello", "protocol": 1, "scenario": "selftest", "seed": "18446744073709551615",
             "first_month": "2019-06", "last_month": "2019-09", "first_day": first.isoformat(),
             "last_day": last.isoformat(), "params_file": PARAMS,
             "public_holidays": ["2019-06-10", "2019-07-14", "2019-08-15", "2019-11-01"],
             "workflow": WORKFLOW, "families": 12, "contracts": 16, "needs": ["pajemploi_plus", "parallel_run"]}

    # Amounts, from `pajesim entitlement --explain` on the same facts with resources in the bracket:
    #   F0 assmat 600.00, child 2018-03-02, bracket 2, 2019-06: CMG 295.61, contributions 484.47 covered.
    #   F1 home carer Pajemploi+ 1200.00, single parent, children 2016-09-15 and 2019-01-20, bracket 1:
    #      maximum 471.17 x 1.3 = 612.52, CRDS 3.06, CMG 609.46; contributions 968.95, covered 452.00
    #      (the 2019 cap), uncovered 516.95; the debit is 1200.00 + 516.95 = 1716.95. The same in
    #      2019-09 (the elder turns 3 that month, which keeps the full rate (R552-3 II 1°), and
    #      the younger is under 3 anyway).
    #   F2 home carer 800.00, child 2017-10-05, bracket 3: CMG 177.35; 645.97 = 322.99 covered + 322.98.
    #   F3 home carer 500.00, child 2018-01-10, bracket 2: CMG 295.61; 403.73 = 201.87 + 201.86;
    #      assmat 400.00 + 60.00, 15 days: CMG 295.61, 322.98 covered.
    #   F4 assmat 700.00 + 66.00, 22 days, child 2018-05-05: bracket 1 CMG 468.81, bracket 3 177.35;
    #      565.22 covered.
    #   F5 assmat 500.00 + 45.00, 15 days, child 2017-02-02, bracket 2: CMG 295.61, 403.73 covered.
    #   F6 home carer 500.00, child 2016-08-20 (3 in August 2019, which keeps the full rate; half
    #      rate from September, the rule of 2019-11 not yet in force), bracket 2, 2019-09:
    #      maximum 297.10 x 0.5 = 148.55, CRDS 0.74, CMG 147.81; 403.73 = 201.87 covered (within
    #      the 2019 cap for 3 to 6, 226.00) + 201.86.
    #   F7 bracket 0 (no right), F8 a lost birth date: assmat 300.00, 10 days: nothing owed, the
    #      contributions 242.24 all uncovered.
    #   F9 assmat 300.00 + 60.00, 15 days, child 2018-01-10, bracket 2: CMG 295.61 (the 85 % cap,
    #      306.00, does not bind), 242.24 covered.
    #   F10 Pajemploi+ assmat 400.00 + 60.00, 15 days, as F3's assmat: the debit is 460.00. In
    #      August a second Pajemploi+ contract, with another carer, the same: its own carer paid.
    #   F11 Pajemploi+ home carer 600.00, no rights: 600.00 debited, the carer paid.
    inbox = {
        "2019-06-01": [rights(0, "2019-06", 2, ["2018-03-02"]),
                       rights(1, "2019-06", 1, ["2016-09-15", "2019-01-20"], single_parent=True),
                       rights(3, "2019-06", 2, ["2018-01-10"]),
                       rights(4, "2019-06", 1, ["2018-05-05"]),
                       rights(5, "2019-06", 2, ["2017-02-02"]),
                       rights(6, "2019-06", 2, ["2016-08-20"]),
                       rights(7, "2019-06", 0, ["2019-06-02"]),
                       rights(8, "2019-06", 2, [None]),
                       rights(9, "2019-07", 2, ["2018-01-10"]),
                       rights(10, "2019-06", 2, ["2018-01-10"])],
        "2019-06-25": [declaration(10, 13, "2019-06", "2019-06-25", "assmat", "400.00", "60.00", 15, plus=True)],
        "2019-06-26": [declaration(4, 5, "2019-06", "2019-06-26", "assmat", "700.00", "66.00", 22)],
        "2019-06-27": [declaration(0, 0, "2019-06", "2019-06-27", "assmat", "600.00", days=18),
                       declaration(7, 7, "2019-06", "2019-06-27", "assmat", "300.00"),
                       declaration(8, 8, "2019-06", "2019-06-27", "assmat", "300.00"),
                       declaration(11, 14, "2019-06", "2019-06-27", "home_carer", "600.00", plus=True)],
        "2019-06-28": [declaration(2, 2, "2019-06", "2019-06-28", "home_carer", "800.00")],
        "2019-07-01": [declaration(3, 3, "2019-06", "2019-07-01", "home_carer", "500.00"),
                       declaration(5, 6, "2019-06", "2019-07-01", "assmat", "500.00", "45.00", 15,
                                   caf_check=("295.61", "403.73")),
                       declaration(5, 9, "2019-06", "2019-07-01", "assmat", "500.00", "45.00", 15,
                                   caf_check=("290.00", "403.73")),
                       declaration(5, 10, "2019-06", "2019-07-01", "assmat", "500.00", "45.00", 15,
                                   caf_check=("295.61", "400.00"))],
        "2019-07-02": [declaration(9, 12, "2019-06", "2019-07-02", "assmat", "300.00", "60.00", 15)],
        "2019-07-03": [declaration(0, 0, "2019-06", "2019-06-27", "assmat", "600.00", days=18)],
        "2019-07-04": [declaration(1, 1, "2019-06", "2019-07-04", "home_carer", "1200.00",
                                   children=(0, 1), plus=True)],
        "2019-07-05": [declaration(2, 2, "2019-07", "2019-07-05", "home_carer", "800.00")],
        "2019-07-10": [rights(2, "2019-06", 3, ["2017-10-05"], cause="agent_request")],
        "2019-07-11": [{"type": "regularise", "family": 2}, {"type": "regularise", "family": 0},
                       {"type": "regularise", "family": 6}],
        "2019-07-15": [{"type": "fix_file", "family": 3,
                        "rights": [{"valid_from": "2019-06", "bracket": 2, "single_parent": False,
                                    "children": [{"birth": "2018-01-10", "aeeh": False}]}],
                        "declarations": [
                            declaration(3, 3, "2019-06", "2019-07-01", "home_carer", "500.00"),
                            declaration(3, 4, "2019-06", "2019-06-30", "assmat", "400.00", "60.00", 15)]},
                       {"type": "fix_file", "family": 5,
                        "rights": [{"valid_from": "2019-06", "bracket": 2, "single_parent": False,
                                    "children": [{"birth": "2017-02-02", "aeeh": False}]}],
                        "declarations": [
                            declaration(5, 6, "2019-06", "2019-07-01", "assmat", "500.00", "45.00", 15),
                            declaration(5, 9, "2019-06", "2019-07-01", "assmat", "500.00", "45.00", 15),
                            declaration(5, 10, "2019-06", "2019-07-01", "assmat", "500.00", "45.00", 15)]}],
        "2019-07-20": [rights(4, "2019-08", 2, ["2018-05-05"], cause="move")],
        "2019-07-25": [rights(4, "2019-07", 3, ["2018-05-05"], cause="separation")],
        "2019-07-26": [declaration(9, 12, "2019-07", "2019-07-26", "assmat", "300.00", "60.00", 15)],
        "2019-07-29": [declaration(5, 6, "2019-07", "2019-07-29", "assmat", "500.00", "45.00", 15,
                                   caf_check=("100.00", "403.73"))],
        "2019-07-30": [declaration(4, 5, "2019-07", "2019-07-30", "assmat", "700.00", "66.00", 22)],
        # F3 again: its refund of 15 July was made once, and nothing changes.
        "2019-08-05": [{"type": "regularise", "family": 9}, {"type": "regularise", "family": 2},
                       {"type": "regularise", "family": 3}],
        "2019-08-27": [declaration(10, 15, "2019-08", "2019-08-27", "assmat", "400.00", "60.00", 15, plus=True)],
        "2019-08-28": [declaration(4, 5, "2019-08", "2019-08-28", "assmat", "700.00", "66.00", 22)],
        "2019-10-16": [declaration(1, 1, "2019-09", "2019-10-16", "home_carer", "1200.00",
                                   children=(0, 1), plus=True)],
        "2019-10-18": [declaration(6, 11, "2019-09", "2019-10-18", "home_carer", "500.00")],
    }
    for message in inbox["2019-07-15"]:
        for item in message["declarations"]:
            del item["type"]  # a fix's declarations come as records, without `type`

    P, V, D, C, R = "pay_cmg", "claim_covered", "debit", "pay_carer", "refund"
    expected = {
        # Pajemploi+: the CMG, the claim and the debit on the debit day, the carer the day after.
        # A day's answer: first what its messages call for at once, then the orders decided before.
        "2019-06-27": [("hold", 11, "2019-06", "C14-2019-06", "no rights"),
                       (P, 10, "2019-06", "295.61", False), (V, 10, "2019-06", "322.98"),
                       (D, 10, "2019-06", "460.00", "pajemploi_plus")],
        "2019-06-28": [("hold", 2, "2019-06", "C2-2019-06", "no rights"),
                       (C, 10, 13, "2019-06", "460.00"),
                       (P, 4, "2019-06", "468.81", False), (V, 4, "2019-06", "565.22")],
        # Without rights, Pajemploi+ still debits the pay and pays the carer.
        "2019-07-01": [("hold", 5, "2019-06", "C9-2019-06", "parallel run*"), ("open_file", 5),
                       ("hold", 5, "2019-06", "C10-2019-06", "parallel run*"), ("open_file", 5),
                       (P, 0, "2019-06", "295.61", False), (V, 0, "2019-06", "484.47"),
                       (D, 7, "2019-06", "242.24", "contributions"), (D, 8, "2019-06", "242.24", "contributions"),
                       (D, 11, "2019-06", "600.00", "pajemploi_plus")],
        # F9's rights start in July: June has none.
        "2019-07-02": [("hold", 9, "2019-06", "C12-2019-06", "no rights"), (C, 11, 14, "2019-06", "600.00")],
        "2019-07-03": [(P, 3, "2019-06", "295.61", False), (V, 3, "2019-06", "201.87"),
                       (D, 3, "2019-06", "201.86", "contributions"),
                       (P, 5, "2019-06", "295.61", False), (V, 5, "2019-06", "403.73")],
        "2019-07-05": [("hold", 2, "2019-07", "C2-2019-07", "no rights")],
        # 8 July is the deadline (day 8 of M+1, a Monday): before the 3rd business day after the 4th.
        "2019-07-08": [(P, 1, "2019-06", "609.46", False), (V, 1, "2019-06", "452.00"),
                       (D, 1, "2019-06", "1716.95", "pajemploi_plus"), (C, 1, 1, "2019-06", "1200.00")],
        "2019-07-11": [(V, 2, "2019-06", "322.99"), (D, 2, "2019-06", "322.98", "contributions"),
                       (P, 2, "2019-06", "177.35", True),
                       (V, 2, "2019-07", "322.99"), (D, 2, "2019-07", "322.98", "contributions"),
                       (P, 2, "2019-07", "177.35", True)],
        # F3: the debit executed twice is refunded; F5: the held contracts settled, their CMG in arrears.
        "2019-07-15": [(R, 3, "2019-06", "201.86"), (V, 5, "2019-06", "403.73"), (V, 5, "2019-06", "403.73"),
                       (P, 5, "2019-06", "591.22", True)],
        "2019-07-17": [(P, 3, "2019-06", "295.61", False), (V, 3, "2019-06", "322.98")],
        # The debit rejected (return on 9 July) is presented again on the first business day from the 19th.
        "2019-07-19": [(D, 1, "2019-06", "1716.95", "pajemploi_plus")],
        "2019-07-29": [("hold", 5, "2019-07", "C6-2019-07", "parallel run*"), ("open_file", 5)],
        "2019-07-30": [(P, 9, "2019-07", "295.61", False), (V, 9, "2019-07", "242.24")],
        # The late record valid from 2019-07 (bracket 3) replaced the one valid from 2019-08 (bracket 2).
        "2019-08-01": [(P, 4, "2019-07", "177.35", False), (V, 4, "2019-07", "565.22")],
        "2019-08-29": [(P, 10, "2019-08", "295.61", False), (V, 10, "2019-08", "322.98"),
                       (D, 10, "2019-08", "460.00", "pajemploi_plus")],
        "2019-08-30": [(C, 10, 15, "2019-08", "460.00"),
                       (P, 4, "2019-08", "177.35", False), (V, 4, "2019-08", "565.22")],
        # A late declaration: the carer is paid the next business day (the 8 October has passed).
        "2019-10-17": [(C, 1, 1, "2019-09", "1200.00")],
        "2019-10-18": [(P, 1, "2019-09", "609.46", False), (V, 1, "2019-09", "452.00"),
                       (D, 1, "2019-09", "1716.95", "pajemploi_plus")],
        # F6's child turned 3 in August 2019 (before the rule of 2019-11): half rate in September.
        "2019-10-22": [(P, 6, "2019-09", "147.81", False), (V, 6, "2019-09", "201.87"),
                       (D, 6, "2019-09", "201.86", "contributions")],
        # Its return came on Saturday the 19th (a return comes the next calendar day): presented
        # again on Tuesday the 29th. F6's debit, rejected on the 23rd, would be presented on
        # 4 November, after the last day: abandoned.
        "2019-10-29": [(D, 1, "2019-09", "1716.95", "pajemploi_plus")],
    }

    def bank(date, action):
        """The statuses of an order's return, the next day."""
        if action["type"] != "debit":
            return ["executed"]
        key = (action["family"], action["month"], date)
        if key in {(1, "2019-06", "2019-07-08"), (1, "2019-09", "2019-10-18"), (6, "2019-09", "2019-10-22")}:
            return ["rejected"]
        if key == (3, "2019-06", "2019-07-03"):
            return ["executed", "executed"]
        return ["executed"]

    return play(command, hello, inbox, expected, bank, first, last, stderr)


def play(command, hello, inbox, expected, bank, first, last, stderr=None):
    """Drives the centre from `first` to `last` (dates): each day's messages (the bank's returns
    of the day before, then `inbox`), every action checked against `expected`; the returns
    follow `bank`. Returns the number of actions checked."""
    centre = Centre(command, stderr)
    answer = centre.ask(hello)
    check(answer == {"type": "hello", "protocol": 1, "name": answer.get("name"),
                     "capabilities": answer.get("capabilities")}, "hello answer %r" % answer)
    check(set(hello["needs"]) <= set(answer["capabilities"]), "capabilities %r for needs %r" % (answer, hello["needs"]))
    returns = {}
    checked = 0
    day = first
    while day <= last:
        date = day.isoformat()
        messages = returns.pop(date, []) + inbox.get(date, [])
        actions = centre.day(date, messages)
        got = [fields(a) for a in actions]
        want = expected.get(date, [])
        check(matches(got, want), "%s: expected\n  %s\ngot\n  %s" % (date, want, got))
        checked += len(got)
        tomorrow = (day + datetime.timedelta(days=1)).isoformat()
        for action in actions:
            if "order" not in action:
                continue
            for status in bank(date, action):
                bank_return = {"type": "bank_return", "order": action["order"], "status": status,
                               "amount": action["amount"]}
                if status == "rejected":
                    bank_return["reason"] = "insufficient_funds"
                returns.setdefault(tomorrow, []).append(bank_return)
        day += datetime.timedelta(days=1)
    centre.end()
    return checked


def defects_check():
    """pajemploi_defective.py: no defect answers as the reference; each defect shows."""
    import tempfile
    import pajemploi_defective
    defective = os.path.join(HERE, "pajemploi_defective.py")
    seen = []
    with tempfile.TemporaryFile() as log:
        conversation([sys.executable, defective, "--defect", "none"], log)
        hourly_conversation([sys.executable, defective, "--defect", "none"], log)
        for policy in RECOVERY_POLICIES:
            recovery_conversation([sys.executable, defective, "--defect", "none"], policy, log)
        for name in pajemploi_defective.DEFECTS:
            command = [sys.executable, defective, "--defect", name]
            # The main conversation first; a defect of the overpayments' path shows in the
            # conversation of one of the recovery policies.
            talks = [("", lambda: conversation(command, log))] + [
                (" (recovery policy %s)" % policy, lambda policy=policy: recovery_conversation(command, policy, log))
                for policy in RECOVERY_POLICIES]
            for where, talk in talks:
                try:
                    talk()
                except Failure as failure:
                    text = str(failure)
                    if ": expected\n" not in text:
                        log.seek(0)
                        raise Failure("%s: %s\n%s" % (name, text, log.read().decode(errors="replace")[-2000:]))
                    date, _, rest = text.partition(": expected\n")
                    want, _, got = rest.partition("\ngot\n")
                    want, got = ast.literal_eval(want.strip()), ast.literal_eval(got.strip())
                    first = next((i for i in range(max(len(want), len(got)))
                                  if i >= len(want) or i >= len(got) or not same(got[i], want[i])), 0)
                    seen.append((name, "%s%s: %s instead of %s" % (
                        date, where, got[first] if first < len(got) else "nothing",
                        want[first] if first < len(want) else "nothing")))
                    break
            else:
                raise Failure("the defect %s does not change any conversation" % name)
    return seen


RECOVERY_POLICIES = ("debit", "deduct", "deduct_then_debit", "write_off")


def recovery_conversation(command, policy, stderr=None):
    """June to October 2019, four families, under the overpayment policy `policy` (rules 10 to
    12 of docs/sut-protocol.md; `deduct_then_debit`: `deduct` with a remainder debited 20 days
    after the notice period): every day's actions checked."""
    first, last = datetime.date(2019, 6, 1), datetime.date(2019, 10, 31)
    workflow = dict(WORKFLOW, carer_pay_rule="after_debit", guaranteed_months=1, escalate_after_rejections=2,
                    represent_after_income=True, a_key_of_tomorrow=True)
    deduct = policy in ("deduct", "deduct_then_debit")
    overpayment = {"recovery": "deduct" if deduct else policy, "monthly_limit": "50.00" if deduct else "0.00",
                   "notice_days": 10, "debit_remainder_after_days": 20 if policy == "deduct_then_debit" else 0}
    hello = {"type": "hello", "protocol": 1, "scenario": "selftest-recovery", "seed": "11",
             "first_month": "2019-06", "last_month": "2019-09", "first_day": first.isoformat(),
             "last_day": last.isoformat(), "params_file": PARAMS,
             "public_holidays": ["2019-06-10", "2019-07-14", "2019-08-15", "2019-11-01"],
             "workflow": workflow, "overpayment": overpayment, "families": 4, "contracts": 4,
             "needs": ["pajemploi_plus", "parallel_run", "reconciliation"], "unknown_to_the_centre": [1]}

    # Amounts, from `pajesim entitlement --explain` (as in the first conversation):
    #   F0, F2, F3 assmat 600.00, 18 days, child 2018-03-02: bracket 2 CMG 295.61, bracket 3
    #   177.35 (the 85 % cap, 510.00, binds neither); contributions 484.47, all covered.
    #   A record of bracket 3 from 2019-06 then a regularisation: 2019-06 overpaid by 118.26.
    #   F1 Pajemploi+ assmat 400.00 + 60.00, 15 days, child 2018-01-10, bracket 2: CMG 295.61,
    #   covered 322.98; the debit is 460.00; the parent's income comes on the 15th.
    child = ["2018-03-02"]

    def record(bracket):
        return {"valid_from": "2019-06", "bracket": bracket, "single_parent": False,
                "children": [{"birth": "2018-03-02", "aeeh": False, "a_child_key": "ignored"}]}

    def reconcile(family, bracket):
        return {"type": "reconcile", "family": family, "rights": [record(bracket)]}

    def assmat(family, month, declared_on, caf_check=None):
        return declaration(family, family, month, declared_on, "assmat", "600.00", days=18, caf_check=caf_check)

    plus = declaration(1, 1, "2019-06", "2019-06-25", "assmat", "400.00", "60.00", 15, plus=True)
    plus["income_day"] = 15
    plus["a_declaration_key"] = "ignored"
    agent = [rights(f, "2019-06", 3, child, cause="agent_request") for f in (0, 2, 3)]
    agent[0]["a_rights_key"] = {"nested": True}
    inbox = {
        "2019-06-01": [rights(0, "2019-06", 2, child), rights(1, "2019-06", 2, ["2018-01-10"]),
                       rights(2, "2019-06", 2, child), rights(3, "2019-06", 2, child)],
        "2019-06-25": [plus],
        "2019-06-27": [assmat(0, "2019-06", "2019-06-27"), assmat(2, "2019-06", "2019-06-27"),
                       assmat(3, "2019-06", "2019-06-27")],
        "2019-07-10": agent,
        "2019-07-11": [{"type": "regularise", "family": f} for f in (0, 2, 3)],
        # F2: the CAF's copy says bracket 2 again: the overpayment was none (cancelled).
        "2019-07-12": [reconcile(2, 2)],
        # F3: a month held (a parallel-run difference) until an agent fixes the file.
        "2019-07-15": [assmat(3, "2019-07", "2019-07-15", caf_check=("1.00", "1.00"))],
        "2019-07-29": [assmat(0, "2019-07", "2019-07-29")],
        "2019-08-06": [{"type": "fix_file", "family": 3, "rights": [record(3)],
                        "declarations": [assmat(3, "2019-06", "2019-06-27"), assmat(3, "2019-07", "2019-07-15")]}],
        "2019-08-26": [assmat(0, "2019-08", "2019-08-26")],
        # F0: the same copy (nothing), then a different one (bracket 2 again: arrears).
        "2019-09-02": [reconcile(0, 3)],
        "2019-09-03": [reconcile(0, 2)],
    }
    for item in inbox["2019-08-06"][0]["declarations"]:
        del item["type"]

    P, V, D, O = "pay_cmg", "claim_covered", "debit", "recover_overpayment"
    N, W, H = "notify_overpayment", "write_off_overpayment", "withhold_carer"
    found = {"debit": "overpayment found; to be debited", "deduct": "overpayment found; deducted from later CMG",
             "write_off": "overpayment found; written off"}[overpayment["recovery"]]
    notices = []
    for f in (0, 2, 3):
        notices.append((N, f, "2019-06", "118.26", found))
        if policy == "write_off":
            notices.append((W, f, "2019-06", "118.26", "the centre waives the overpayment"))
    expected = {
        "2019-06-27": [(P, 1, "2019-06", "295.61", False), (V, 1, "2019-06", "322.98"),
                       (D, 1, "2019-06", "460.00", "pajemploi_plus")],
        # The debit rejected (return read today): the carer's pay waits for it.
        "2019-06-28": [(H, 1, 1, "2019-06")],
        "2019-07-01": [(P, f, "2019-06", "295.61", False) if i == 0 else (V, f, "2019-06", "484.47")
                       for f in (0, 2, 3) for i in (0, 1)],
        "2019-07-11": notices,
        # Presented again on the parent's next income day (the 15th).
        "2019-07-15": [("hold", 3, "2019-07", "C3-2019-07", "parallel run*"), ("open_file", 3),
                       (D, 1, "2019-06", "460.00", "pajemploi_plus")],
        # The second rejection: an escalation; presented again on 16 August (the 15th a holiday).
        "2019-07-16": [("open_file", 1, ref.ESCALATION)],
        "2019-07-31": [(P, 0, "2019-07", "177.35", False), (V, 0, "2019-07", "484.47")],
        # F3's held month settled by the fix, its CMG in arrears.
        "2019-08-06": [(V, 3, "2019-07", "484.47"), (P, 3, "2019-07", "177.35", True)],
        "2019-08-16": [(D, 1, "2019-06", "460.00", "pajemploi_plus")],
        # The debit executed: the carer is paid the day its return is read (a Saturday).
        "2019-08-17": [("pay_carer", 1, 1, "2019-06", "460.00")],
        "2019-08-28": [(P, 0, "2019-08", "177.35", False), (V, 0, "2019-08", "484.47")],
        "2019-09-03": [(P, 0, month, "118.26", True) for month in ("2019-06", "2019-07", "2019-08")],
    }
    if policy == "debit":
        # Debited on the first business day from 21 July (10 days' notice); F2's was cancelled,
        # F3's waits while its July is held (to 29 July, 5 August, then 12 August). F0's is
        # rejected, outstanding again and presented 10 days after the return.
        expected["2019-07-22"] = [(O, 0, "2019-06", "118.26", False)]
        expected["2019-08-02"] = [(O, 0, "2019-06", "118.26", False)]
        expected["2019-08-12"] = [(O, 3, "2019-06", "118.26", False)]
    elif deduct:
        # At most 50.00 a calendar month, from the payments after the notice period; F3's from
        # its arrears once its month is no longer held.
        expected["2019-07-31"].insert(1, (O, 0, "2019-06", "50.00", True))
        expected["2019-08-06"].append((O, 3, "2019-06", "50.00", True))
        if policy == "deduct":
            # At the reconciliation the 18.26 still outstanding is cancelled first: 100.00 in
            # arrears for 2019-06.
            expected["2019-08-28"].insert(1, (O, 0, "2019-06", "50.00", True))
            expected["2019-09-03"][0] = (P, 0, "2019-06", "100.00", True)
        else:
            # What remains 20 days after the notice period (10 August, a Saturday) is debited.
            expected["2019-08-12"] = [(O, 0, "2019-06", "68.26", False), (O, 3, "2019-06", "68.26", False)]
    else:
        # Written off, the family kept it: when new rights show it was due after all (F2's
        # reconciliation, F0's for June) nothing is paid again.
        expected["2019-09-03"] = [(P, 0, month, "118.26", True) for month in ("2019-07", "2019-08")]

    def bank(date, action):
        key = (action["type"], action["family"], action["month"], date)
        if key in {("debit", 1, "2019-06", "2019-06-27"), ("debit", 1, "2019-06", "2019-07-15"),
                   (O, 0, "2019-06", "2019-07-22")}:
            return ["rejected"]
        return ["executed"]

    return play(command, hello, inbox, expected, bank, first, last, stderr)


# ----------------------------------------------------------------------------------------
# 2. The calculator against the oracle

def month_length(year, month):
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (following - datetime.date(year, month, 1)).days


def shifted(year, month, months):
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def draw_birth(rng, year, month):
    """A birth date aimed at an edge of the care month (year, month)."""
    kind = rng.random()
    if kind < 0.3 or kind < 0.5:
        years = 3 if kind < 0.3 else 6
        y, m = shifted(year - years, month, rng.choice([-2, -1, -1, 0, 0, 0, 1, 1, 2]))
        day = rng.choice([1, month_length(y, m), rng.randint(1, month_length(y, m))])
        return "%04d-%02d-%02d" % (y, m, day)
    if kind < 0.58:
        leap = [y for y in (2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020) if ref.is_leap(y)]
        candidates = ["%04d-02-29" % y for y in leap if (y, 2) < (year, month)]
        if candidates:
            return rng.choice(candidates)
    if kind < 0.7:
        y, m = shifted(year, month, rng.choice([-1, 0, 0, 1]))
        return "%04d-%02d-%02d" % (y, m, rng.choice([1, 2, month_length(y, m)]))
    if kind < 0.8:
        # A 3rd birthday in January to September of the care year (full rate kept until August).
        m = rng.randint(1, 9)
        return "%04d-%02d-%02d" % (year - 3, m, rng.randint(1, month_length(year - 3, m)))
    y, m = shifted(year, month, -rng.randint(1, 84))
    return "%04d-%02d-%02d" % (y, m, rng.randint(1, month_length(y, m)))


EDGE_MONTHS = ["2018-01", "2018-03", "2018-04", "2018-09", "2018-10", "2018-12", "2019-01", "2019-03",
               "2019-04", "2019-05", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01",
               "2020-03", "2020-04", "2020-08", "2020-09", "2021-03", "2021-04", "2021-09", "2021-10",
               "2021-12", "2022-01", "2022-06", "2022-07", "2024-12", "2025-01", "2025-08"]


def bracket_months(table):
    """The first and last care months (indexes) of the table under the resource brackets."""
    first = min(start for start, _ in table.covered)
    last = max(end for _, end in table.covered)
    month = first
    while month <= last and table.regime(month) == "brackets":
        month += 1
    return first, month - 1


def draw_request(rng, table, number):
    first, last = bracket_months(table)
    edges = [m for m in EDGE_MONTHS if first <= ref.month_index(m) <= last]
    if rng.random() < 0.75:
        month = rng.choice(edges)
    else:
        month = ref.month_text(rng.randint(first, last))
    year, mon = int(month[:4]), int(month[5:])
    count = rng.choice([1, 1, 1, 2, 2, 3, 4])
    children = []
    for _ in range(count):
        child = {"birth": draw_birth(rng, year, mon)}
        if rng.random() < 0.2:
            child["aeeh"] = rng.random() < 0.75
        children.append(child)
    mode = "assmat" if rng.random() < 0.6 else "home_carer"
    contract_children = sorted(rng.sample(range(count), rng.randint(1, min(count, 3))))
    days = rng.randint(1, 23)
    p = table.month(ref.month_index(month))
    edge = rng.random()
    if mode == "assmat" and edge < 0.3:
        # The daily cap's edge: the last cent within, or the first cents above.
        limit = p.daily_cap_num * days * len(contract_children) // p.daily_cap_den
        net = max(0, limit + rng.choice([-1, 0, 0, 1, 2]))
    elif edge < 0.45:
        net = rng.choice([0, 1, 100, rng.randint(0, 30000)])
    elif mode == "assmat":
        net = rng.randint(5000, 150000)
    else:
        net = rng.randint(20000, 300000)
    contract = {"mode": mode, "children": contract_children, "net_salary": ref.format_cents(net) if net else "0.00",
                "days": days}
    if mode == "assmat" and rng.random() < 0.8:
        maintenance = rng.choice([0, rng.randint(0, 15000), days * 300])
        contract["maintenance"] = ref.format_cents(maintenance) if maintenance else "0.00"
    resources = rng.choice([0, 10000, 20000, 21000, 24000, 30000, 47000, 53000, 60000, 120000,
                            rng.randint(0, 130000)])
    household = {"single_parent": rng.random() < 0.25, "resources_n2": resources, "children": children}
    return {"id": "r%d" % number, "month": month, "household": household, "contract": contract}


def calculator_check(oracle, cases, seed=2019):
    table = ref.ParameterTable.load(PARAMS)
    calculator = ref.Calculator(table)
    rng = random.Random(seed)
    requests = [draw_request(rng, table, i) for i in range(cases)]
    text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in requests)
    run = subprocess.run([oracle, "entitlement", "--explain", "--params", PARAMS, "-"], input=text.encode(),
                         capture_output=True)
    check(run.returncode == 0, "the oracle failed: %s" % run.stderr.decode()[-500:])
    answers = [json.loads(line) for line in run.stdout.decode().splitlines()]
    check(len(answers) == len(requests), "the oracle gave %d answers for %d requests" % (len(answers), len(requests)))
    counts = {"eligible": 0, "refused": 0, "half_rate_or_capped": 0, "brackets": set(), "modes": set()}
    for request, answer in zip(requests, answers):
        household, contract = request["household"], request["contract"]
        children = [ref.Child(c["birth"], c.get("aeeh", False)) for c in household["children"]]
        bracket = answer["bracket"] or 1  # no child born before the month: refused in any bracket
        result = calculator.compute(ref.month_index(request["month"]), bracket, household["single_parent"],
                                    children, contract["mode"], contract["children"],
                                    ref.parse_cents(contract["net_salary"]),
                                    ref.parse_cents(contract.get("maintenance", "0.00")), contract["days"])
        c = answer["contributions"]
        mine = {"eligible": result.eligible, "cmg_max": ref.format_cents(result.cmg_max),
                "cmg_remuneration": ref.format_cents(result.cmg_remuneration),
                "crds": ref.format_cents(result.crds), "cmg_paid": ref.format_cents(result.cmg_paid),
                "contributions_covered_rate": ref.format_cents(result.covered_rate.numerator * 100
                                                               // result.covered_rate.denominator),
                "gross_salary": ref.format_cents(result.gross), "employee": ref.format_cents(result.employee),
                "employer": ref.format_cents(result.employer), "total": ref.format_cents(result.total),
                "covered": ref.format_cents(result.covered), "uncovered": ref.format_cents(result.uncovered)}
        theirs = {"eligible": answer["eligible"], "cmg_max": answer["cmg_max"],
                  "cmg_remuneration": answer["cmg_remuneration"], "crds": answer["crds"],
                  "cmg_paid": answer["cmg_paid"], "contributions_covered_rate": answer["contributions_covered_rate"],
                  "gross_salary": c["gross_salary"], "employee": c["employee"], "employer": c["employer"],
                  "total": c["total"], "covered": c["covered"], "uncovered": c["uncovered"]}
        differ = {k: (mine[k], theirs[k]) for k in theirs if mine[k] != theirs[k]}
        check(not differ, "calculator and oracle differ on %s (mine, oracle): %s\n  request %s\n  oracle %s"
              % (request["id"], differ, json.dumps(request), json.dumps(answer)))
        counts["eligible" if answer["eligible"] else "refused"] += 1
        counts["brackets"].add(answer["bracket"])
        counts["modes"].add(contract["mode"])
        if answer["reason"] and answer["reason"].startswith("85 %") or any("half rate" in s for s in answer["explain"]):
            counts["half_rate_or_capped"] += 1
    return counts


# ----------------------------------------------------------------------------------------
# 3. The hourly regime (care months from 2025-09 in the shipped table)

def hourly_declaration(family, contract, month, declared_on, net, hours, children=(0,), mode="assmat",
                       maintenance="0.00", meals="0.00", days=20):
    message = declaration(family, contract, month, declared_on, mode, net, maintenance, days, children)
    # `hours` and `meals` come after `days`, as pajesim sends them.
    message.pop("children")
    message["hours"], message["meals"], message["children"] = hours, meals, list(children)
    return message


def hourly_conversation(command, stderr=None):
    """March to September 2025 for six families: the bracket months of the complément
    différentiel's reference period, the CAF's `regime_switch` records, the first hourly month,
    two fixes and two households with two assmat contracts. Every action of every day
    checked."""
    first, last = datetime.date(2025, 3, 1), datetime.date(2025, 12, 31)
    holidays = ["2025-04-21", "2025-05-01", "2025-05-08", "2025-05-29", "2025-06-09", "2025-07-14",
                "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25"]
    hello = {"type": "hello", "protocol": 1, "scenario": "selftest-hourly", "seed": "2025",
             "first_month": "2025-03", "last_month": "2025-09", "first_day": first.isoformat(),
             "last_day": last.isoformat(), "params_file": PARAMS, "public_holidays": holidays,
             "workflow": WORKFLOW, "families": 6, "contracts": 8, "needs": ["hourly_regime"]}
    kids = ["2023-04-03", "2020-09-20"]
    babies = ["2023-04-03", "2024-06-12"]  # F5's: both under 3 on 2025-09-01

    def switch(family, bracket, resources, children=kids):
        message = rights(family, "2025-09", bracket, children, cause="regime_switch")
        message["resources_monthly"] = resources
        return message

    # Amounts, from `pajesim entitlement --explain` on the same facts (a couple, children born
    # 2023-04-03 and 2020-09-20, an assmat for child 0, the younger, paid 300.00 for 100 hours
    # and 20 days every month):
    #   March to May 2025, bracket 2 (30 000 EUR): CMG 253.72 (the 85 % cap, 255.00, less CRDS);
    #   bracket 3 (90 000 EUR): 200.21 in March, 203.62 in April and May (BMAF of 2025-04-01).
    #   Contributions 242.24, all covered.
    #   September 2025, R = 2 500 (F0, F1, F2): 2 children, 0.0516 %, CMG 300 x (1 - 1.29 / 4.85)
    #   = 220.21; new average 220.21, old average 253.72: the complement is 33.51 (within the room
    #   of 90 % x 300.00 - 220.21 = 49.79), paid with the CMG: 253.72.
    #   F2's September hours keyed 0.00: CMG 0.00, the cap (0 x 8.00) binds so no contribution is
    #   covered: 242.24 debited; the complement 33.51 (room 270.00) is still paid.
    #   F3, R = 7 500, bracket 3: CMG 60.62; bracket 3 fails the complement's resources condition.
    # F1's `regime_switch` record never arrives: its September is held (its record from March
    # carries no resources) until a fix gives it the record; F2's fix gives the right hours.
    # The complément différentiel's minimum hours are the household's for an assmat
    # (docs/entitlement.md, condition 4), every month from March the same hours:
    #   F4 (the children of F0, bracket 2, R = 2 500): contract 4 for child 0 (under 3 on
    #   2025-09-01), 300.00 for 60 h; contract 5 for child 1 (4 that day), 300.00 for 40 h.
    #   Contract 4 as F0: old CMG 253.72, new 220.21 (8.00 x 60 = 480.00 does not bind).
    #   Contract 5, at half rate under the brackets: the maximum 167.71 in March, 170.56 from
    #   April, below 255.00, less CRDS: 166.87, 169.71, 169.71; new 220.21, above the old
    #   average 168.76: no complement. The household: (60 + 40) x 3 / 3 = 100 h, several
    #   children, one 3 or over: 100 h, reached; contract 4's complement 33.51 is paid
    #   (253.72), though its own 60 h are below the 100 h of one child under 3.
    #   F5 (children born 2023-04-03 and 2024-06-12, both under 3 on 2025-09-01): contract 6
    #   for child 0, 300.00 for 110 h, as F0 (253.72 under the brackets, 220.21 new, fixed
    #   33.51); contract 7 for child 1, 225.00 for 30 h: 85 % x 225.00 = 191.25 less CRDS 0.96
    #   = 190.29, contributions 181.67; new 225 x (1 - 1.29 / 4.85) = 165.15. The household:
    #   (110 + 30) x 3 / 3 = 140 h, below the 150 h of several children all under 3: no
    #   complement for either, though contract 6's own 110 h reach 100 h.
    inbox = {"2025-03-01": [rights(0, "2025-03", 2, kids), rights(1, "2025-03", 2, kids),
                            rights(2, "2025-03", 2, kids), rights(3, "2025-03", 3, kids),
                            rights(4, "2025-03", 2, kids), rights(5, "2025-03", 2, babies)]}

    def households(month, declared_on):
        """F4's and F5's declarations of the month: two assmat contracts each."""
        return [hourly_declaration(4, 4, month, declared_on, "300.00", "60.00", children=(0,)),
                hourly_declaration(4, 5, month, declared_on, "300.00", "40.00", children=(1,)),
                hourly_declaration(5, 6, month, declared_on, "300.00", "110.00", children=(0,)),
                hourly_declaration(5, 7, month, declared_on, "225.00", "30.00", children=(1,))]

    for month, declared_on in (("2025-03", "2025-03-28"), ("2025-04", "2025-04-28"), ("2025-05", "2025-05-26")):
        inbox[declared_on] = [hourly_declaration(f, f, month, declared_on, "300.00", "100.00") for f in range(4)]
        inbox[declared_on] += households(month, declared_on)
    inbox["2025-08-01"] = [switch(0, 2, 2500), switch(2, 2, 2500), switch(3, 3, 7500), switch(4, 2, 2500),
                           switch(5, 2, 2500, babies)]
    september = [hourly_declaration(f, f, "2025-09", "2025-09-26", "300.00", "0.00" if f == 2 else "100.00")
                 for f in range(4)]
    inbox["2025-09-26"] = september + households("2025-09", "2025-09-26")

    def fix(family, records, hours):
        declarations = [hourly_declaration(family, family, month, declared_on, "300.00", hours)
                        for month, declared_on in (("2025-03", "2025-03-28"), ("2025-04", "2025-04-28"),
                                                   ("2025-05", "2025-05-26"), ("2025-09", "2025-09-26"))]
        for item in declarations:
            del item["type"]
        return {"type": "fix_file", "family": family, "rights": records, "declarations": declarations}

    inbox["2025-10-06"] = [fix(1, [{"valid_from": "2025-09", "bracket": 2, "single_parent": False,
                                    "resources_monthly": 2500,
                                    "children": [{"birth": b, "aeeh": False} for b in kids]}], "100.00")]
    inbox["2025-10-07"] = [fix(2, [], "100.00")]

    P, V, D, R = "pay_cmg", "claim_covered", "debit", "refund"
    expected = {}
    for month, day, f3, c5 in (("2025-03", "2025-04-01", "200.21", "166.87"),
                               ("2025-04", "2025-04-30", "203.62", "169.71"),
                               ("2025-05", "2025-05-28", "203.62", "169.71")):
        expected[day] = []
        for f in range(4):
            expected[day] += [(P, f, month, f3 if f == 3 else "253.72", False), (V, f, month, "242.24")]
        expected[day] += [(P, 4, month, "253.72", False), (V, 4, month, "242.24"),
                          (P, 4, month, c5, False), (V, 4, month, "242.24"),
                          (P, 5, month, "253.72", False), (V, 5, month, "242.24"),
                          (P, 5, month, "190.29", False), (V, 5, month, "181.67")]
    expected.update({
        "2025-09-26": [("hold", 1, "2025-09", "C1-2025-09", "no rights")],
        "2025-09-30": [(P, 0, "2025-09", "253.72", False), (V, 0, "2025-09", "242.24"),
                       (P, 2, "2025-09", "33.51", False), (D, 2, "2025-09", "242.24", "contributions"),
                       (P, 3, "2025-09", "60.62", False), (V, 3, "2025-09", "242.24"),
                       # F4: contract 4 with the complement (the household's 100 h), contract 5
                       # without (none due); F5: neither (the household's 140 h, below 150 h).
                       (P, 4, "2025-09", "253.72", False), (V, 4, "2025-09", "242.24"),
                       (P, 4, "2025-09", "220.21", False), (V, 4, "2025-09", "242.24"),
                       (P, 5, "2025-09", "220.21", False), (V, 5, "2025-09", "242.24"),
                       (P, 5, "2025-09", "165.15", False), (V, 5, "2025-09", "181.67")],
        # The fix gives F1 its record: the held month is settled, the CMG and complement in arrears.
        "2025-10-06": [(V, 1, "2025-09", "242.24"), (P, 1, "2025-09", "253.72", True)],
        # The right hours: the CMG in arrears (253.72 - 33.51), the contributions now covered
        # claimed (none was), and the debit refunded (docs/sut-protocol.md, rule 7).
        "2025-10-07": [(P, 2, "2025-09", "220.21", True), (V, 2, "2025-09", "242.24"),
                       (R, 2, "2025-09", "242.24")],
    })
    return play(command, hello, inbox, expected, lambda date, action: ["executed"], first, last, stderr)


HOURLY_EDGE_MONTHS = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-03", "2026-04",
                      "2026-08", "2026-12"]


def hourly_months(table):
    first = table.first_hourly
    last = max(end for _, end in table.covered)
    return [m for m in range(first, last + 1) if table.regime(m) == "hourly"]


def draw_hourly_birth(rng, year, month):
    """A birth date aimed at an edge of the hourly rules for care month (year, month): the 3rd,
    6th, 12th and 20th birthdays around the month, ages 3 and 6 around 2025-09-01, newborns,
    29 February."""
    kind = rng.random()
    if kind < 0.45:
        years = rng.choice([3, 6, 6, 12, 12, 20])
        y, m = shifted(year - years, month, rng.choice([-1, 0, 0, 1]))
        return "%04d-%02d-%02d" % (y, m, rng.choice([1, month_length(y, m), rng.randint(1, month_length(y, m))]))
    if kind < 0.6:
        y = rng.choice([2019, 2022])  # 6 or 3 on 2025-09-01
        return rng.choice(["%d-08-31" % y, "%d-09-01" % y, "%d-09-02" % y])
    if kind < 0.68:
        return rng.choice(["2016-02-29", "2020-02-29", "2024-02-29", "2008-02-29", "2012-02-29"])
    if kind < 0.78:
        y, m = shifted(year, month, rng.choice([-1, 0, 0, 1]))
        return "%04d-%02d-%02d" % (y, m, rng.choice([1, 2, month_length(y, m)]))
    y, m = shifted(year, month, -rng.randint(1, 150))
    return "%04d-%02d-%02d" % (y, m, rng.randint(1, month_length(y, m)))


def hours_text(hundredths):
    return "%d.%02d" % divmod(hundredths, 100)


def draw_hourly_request(rng, table, number):
    months = hourly_months(table)
    edges = [m for m in HOURLY_EDGE_MONTHS if ref.month_index(m) in months]
    month = rng.choice(edges) if rng.random() < 0.6 else ref.month_text(rng.choice(months))
    year, mon = int(month[:4]), int(month[5:])
    count = rng.choice([1, 1, 2, 2, 3, 4, 5, 8, 11])
    children = []
    for _ in range(count):
        child = {"birth": draw_hourly_birth(rng, year, mon)}
        if rng.random() < 0.25:
            child["aeeh"] = rng.random() < 0.8
        if rng.random() < 0.1:
            child["alternating"] = True
        children.append(child)
    mode = "assmat" if rng.random() < 0.6 else "home_carer"
    if mode == "assmat":
        contract_children = [rng.randrange(count)]
    else:
        contract_children = sorted(rng.sample(range(count), rng.randint(1, min(count, 3))))
    p = table.month(ref.month_index(month))
    month_days = (datetime.date(year + mon // 12, mon % 12 + 1, 1) - datetime.date(year, mon, 1)).days
    hours = rng.choice([0, 100, 12500, rng.randint(0, 30000), rng.randint(0, 2400 * month_days), rng.randint(1, 20000)])
    maintenance = meals = 0
    if mode == "assmat" and rng.random() < 0.6:
        maintenance = rng.choice([0, rng.randint(0, 15000)])
        meals = rng.choice([0, 0, rng.randint(0, 12000)])
    edge = rng.random()
    cap = p.hourly_cap[mode] * hours  # in hundredths of a cent
    if edge < 0.3 and hours:
        # The hourly cap's edge: the cost within a cent or two of cap x hours.
        net = max(0, cap // 100 - maintenance - meals + rng.choice([-1, 0, 0, 1, 2]))
    elif edge < 0.4:
        net = rng.choice([0, 1, rng.randint(0, 30000)])
    else:
        net = rng.randint(5000, 400000)
    contract = {"mode": mode, "children": contract_children, "net_salary": ref.format_cents(net),
                "hours": hours_text(hours) if rng.random() < 0.7 else (hours / 100 if hours % 100 else hours // 100)}
    if maintenance or rng.random() < 0.2:
        contract["maintenance"] = ref.format_cents(maintenance)
    if meals or rng.random() < 0.2:
        contract["meals"] = ref.format_cents(meals)
    if rng.random() < 0.15 and net:
        contract["indemnities"] = ref.format_cents(rng.choice([net, rng.randint(0, net)]))
    if rng.random() < 0.3:
        contract["days"] = rng.randint(1, month_days)
    # Monthly resources at the floor, the ceiling, where the clamp at 0 acts, on a half euro.
    resources = rng.choice([0, 6000, 9780, 9786, 30000, 30006, 36000, 42000, 94023, 94024, 101994,
                            102006, 150000, rng.randint(0, 130000)])
    if rng.random() < 0.2:
        resources = "%d.%02d" % (resources, rng.choice([0, 49, 50, 99, rng.randint(0, 99)]))
    household = {"single_parent": rng.random() < 0.3, "resources_n2": resources, "children": children}
    request = {"id": "h%d" % number, "month": month, "household": household, "contract": contract}
    if rng.random() < 0.5:
        old = rng.choice([0, rng.randint(0, 60000)])
        new = rng.choice([0, rng.randint(0, 60000), old])
        transitional = {"old_average": ref.format_cents(old), "new_average": ref.format_cents(new)}
        if rng.random() < 0.7:
            transitional["average_hours"] = rng.choice([49, 50, 99, 100, 101, 149, 150, rng.randint(0, 200)])
            if rng.random() < 0.5:
                # The household's typology, whatever the contract (condition 4).
                transitional["typology"] = rng.choice(ref.TYPOLOGIES)
        if rng.random() < 0.5:
            transitional["resources_2023"] = rng.choice([53119, 53120, 60659, 60660, 74366, 74367,
                                                          rng.randint(0, 120000)])
        request["transitional"] = transitional
    return request


def hourly_calculator_check(oracle, cases, seed=2025):
    """The centre's hourly calculator (and complément différentiel) against the oracle."""
    table = ref.ParameterTable.load(PARAMS)
    calculator = ref.Calculator(table)
    rng = random.Random(seed)
    requests = [draw_hourly_request(rng, table, i) for i in range(cases)]
    text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in requests)
    run = subprocess.run([oracle, "entitlement", "--explain", "--params", PARAMS, "-"], input=text.encode(),
                         capture_output=True)
    check(run.returncode == 0, "the oracle failed: %s" % run.stderr.decode()[-500:])
    answers = [json.loads(line) for line in run.stdout.decode().splitlines()]
    check(len(answers) == len(requests), "the oracle gave %d answers for %d requests" % (len(answers), len(requests)))
    counts = {"eligible": 0, "refused": 0, "capped": 0, "complement": 0, "clamped": 0, "floor_or_ceiling": 0}
    for request, answer in zip(requests, answers):
        household, contract = request["household"], request["contract"]
        month = ref.month_index(request["month"])
        children = [ref.Child(c["birth"], c.get("aeeh", False), c.get("alternating", False))
                    for c in household["children"]]
        resources = ref.parse_cents(household["resources_n2"])  # an int of euros, or a string
        hours = ref.parse_cents(contract["hours"] if isinstance(contract["hours"], str) else str(contract["hours"]))
        net = ref.parse_cents(contract["net_salary"])
        result = calculator.hourly(month, ref.round_half_up(resources, 1200), household["single_parent"], children,
                                   contract["mode"], contract["children"], net,
                                   ref.parse_cents(contract.get("maintenance", "0.00")),
                                   ref.parse_cents(contract.get("meals", "0.00")), hours,
                                   ref.parse_cents(contract.get("indemnities", "0.00")))
        complement = 0
        transitional = request.get("transitional")
        if transitional is not None and result.eligible:
            resources_2023 = ref.parse_cents(str(transitional.get("resources_2023", household["resources_n2"])))
            ok = calculator.complement_resources_ok(month, resources_2023, household["single_parent"], children)
            average = transitional.get("average_hours")
            complement = calculator.complement(month, children, contract["mode"], contract["children"], net,
                                               result.cmg_remuneration, ref.parse_cents(transitional["old_average"]),
                                               ref.parse_cents(transitional["new_average"]),
                                               None if average is None else average * 100, ok,
                                               transitional.get("typology"))
        c = answer["contributions"]
        eligible = result.eligible
        mine = {"eligible": eligible, "cmg_remuneration": ref.format_cents(result.cmg_remuneration),
                "cmg_paid": ref.format_cents(result.cmg_paid), "crds": "0.00",
                "contributions_covered_rate": result.covered_rate if eligible else Fraction(0),
                "resources_monthly": str(result.resources_monthly),
                "effort_rate": "%.4f" % result.effort_rate if eligible else "0.0000",
                "cost_retained": ref.format_cents(ref.round_half_up(result.cost_retained.numerator,
                                                                    result.cost_retained.denominator)),
                "transitional_paid": ref.format_cents(complement),
                "gross_salary": ref.format_cents(result.gross), "employee": ref.format_cents(result.employee),
                "employer": ref.format_cents(result.employer), "total": ref.format_cents(result.total),
                "covered": ref.format_cents(result.covered), "uncovered": ref.format_cents(result.uncovered)}
        theirs = {"eligible": answer["eligible"], "cmg_remuneration": answer["cmg_remuneration"],
                  "cmg_paid": answer["cmg_paid"], "crds": answer["crds"],
                  "contributions_covered_rate": Fraction(answer["contributions_covered_rate"]),
                  "resources_monthly": answer["resources_monthly"], "effort_rate": answer["effort_rate"],
                  "cost_retained": answer["cost_retained"], "transitional_paid": answer["transitional_paid"],
                  "gross_salary": c["gross_salary"], "employee": c["employee"], "employer": c["employer"],
                  "total": c["total"], "covered": c["covered"], "uncovered": c["uncovered"]}
        differ = {k: (str(mine[k]), str(theirs[k])) for k in theirs if mine[k] != theirs[k]}
        check(answer["regime"] == "hourly" and not differ,
              "hourly calculator and oracle differ on %s (mine, oracle): %s\n  request %s\n  oracle %s"
              % (request["id"], differ, json.dumps(request), json.dumps(answer)))
        counts["eligible" if eligible else "refused"] += 1
        counts["capped"] += result.cap_binds
        counts["complement"] += complement > 0
        counts["clamped"] += eligible and result.cmg_paid == 0 and result.cost_retained > 0
        counts["floor_or_ceiling"] += eligible and result.resources_monthly in (815, 822, 8500)
    return counts


def hourly_check():
    """The regimes kept apart: the bracket rules refuse an hourly month and the hourly rules a
    bracket month (never computed with the wrong rules)."""
    table = ref.ParameterTable.load(PARAMS)
    _, last = bracket_months(table)
    hourly = last + 1
    check(table.regime(hourly) == "hourly" and table.first_hourly == hourly,
          "the month after %s is not the first hourly month of %s" % (ref.month_text(last), PARAMS))
    calculator = ref.Calculator(table)
    child = [ref.Child("2024-01-10", False)]
    for compute, month in ((lambda: calculator.compute(hourly, 1, False, child, "assmat", [0], 60000, 0, 20), hourly),
                           (lambda: calculator.hourly(last, 2500, False, child, "assmat", [0], 60000, 0, 0, 10000), last)):
        try:
            compute()
        except ref.WrongRegime as error:
            check(ref.month_text(month) in str(error), "the refusal does not name %s: %s" % (ref.month_text(month), error))
            continue
        raise Failure("%s was computed with the other regime's rules" % ref.month_text(month))
    # Contributions are the same computation in both.
    check(calculator.contributions_only(hourly, 30000).total == 24224, "contributions of 300.00 in %s"
          % ref.month_text(hourly))
    return ref.month_text(hourly)


# ----------------------------------------------------------------------------------------
# 4. End to end, across the switch

def end_to_end(oracle, families=40):
    """baseline-2025 with the built-in centre and with this one: the same money."""
    import tempfile
    scenario = os.path.join(ROOT, "scenarios", "baseline-2025.json")
    with tempfile.TemporaryDirectory() as work:
        outputs = {}
        for name, extra in (("built-in", []), ("sut", ["--sut", "%s %s" % (sys.executable, CENTRE)])):
            out = os.path.join(work, name)
            run = subprocess.run([oracle, "run", scenario, "--families", str(families), "--out", out, "--quiet"]
                                 + extra, capture_output=True, timeout=600)
            check(run.returncode == 0, "pajesim run %s (%s): exit %d: %s"
                  % (scenario, name, run.returncode, run.stderr.decode(errors="replace")[-500:]))
            with open(os.path.join(out, "report.json")) as handle:
                report = json.load(handle)
            with open(os.path.join(out, "months.csv")) as handle:
                months = handle.read()
            with open(os.path.join(out, "families.csv")) as handle:
                per_family = handle.read()
            outputs[name] = (report, months, per_family)
        (ours, our_months, our_families), (theirs, their_months, their_families) = outputs["sut"], outputs["built-in"]
        check(ours["complete"] and ours["centre"]["kind"] == "system under test",
              "the --sut run is not a complete run of the system under test: %r" % ours["centre"])
        differ = {k: (ours["totals"].get(k), v) for k, v in theirs["totals"].items() if ours["totals"].get(k) != v}
        check(not differ, "totals differ from the built-in centre's (ours, built-in): %s" % differ)
        check(our_months == their_months, "months.csv differs from the built-in centre's")
        check(our_families == their_families, "families.csv differs from the built-in centre's")
        return ours["totals"]


# ----------------------------------------------------------------------------------------
# The calculator for `pajesim diff` (the bracket reckoned here from the resources)

def bracket_of(table, month, household):
    first_day = month  # a child counts from the month after its birth
    born = [c for c in household["children"] if ref.month_index(c["birth"]) < first_day]
    if not born:
        return None
    ceilings = table.entry("resource_ceilings", month)
    factor = ref._ratio(table.entry("single_parent_ceiling_factor", month)["ratio"]) \
        if household["single_parent"] else Fraction(1)
    resources = ref.parse_cents(household["resources_n2"])
    for bracket, key in ((1, "bracket_1"), (2, "bracket_2")):
        c = ceilings[key]
        n = len(born)
        ceiling = ref._euros(c["one_child"]) if n == 1 else \
            ref._euros(c["two_children"]) + (n - 2) * ref._euros(c["per_extra_child"])
        if resources * factor.denominator <= ceiling * factor.numerator:
            return bracket
    return 3


def serve_calculator():
    table = ref.ParameterTable.load(os.environ.get("PAJESIM_PARAMS") or PARAMS)
    calculator = ref.Calculator(table)
    out = []
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line, parse_float=str)
        month = ref.month_index(request["month"])
        household, contract = request["household"], request["contract"]
        bracket = bracket_of(table, month, household)
        children = [ref.Child(c["birth"], c.get("aeeh", False)) for c in household["children"]]
        if not household.get("activity_condition_met", True):
            result = calculator.contributions_only(month, ref.parse_cents(contract["net_salary"]))
        else:
            result = calculator.compute(month, bracket or 1, household["single_parent"], children,
                                        contract["mode"], contract["children"],
                                        ref.parse_cents(contract["net_salary"]),
                                        ref.parse_cents(contract.get("maintenance", 0)), contract.get("days", 0))
        rate = result.covered_rate if result.eligible else Fraction(0)
        out.append(json.dumps({"id": request["id"], "eligible": result.eligible, "bracket": bracket,
                               "cmg_max": ref.format_cents(result.cmg_max),
                               "cmg_remuneration": ref.format_cents(result.cmg_remuneration),
                               "crds": ref.format_cents(result.crds), "cmg_paid": ref.format_cents(result.cmg_paid),
                               "contributions_covered_rate": ref.format_cents(rate.numerator * 100 // rate.denominator)}))
    sys.stdout.write("".join(line + "\n" for line in out))
    return 0


# ----------------------------------------------------------------------------------------
# The bench: a synthetic conversation of the size of a scenario

def bench(families, command):
    rng = random.Random(7)
    first, last = datetime.date(2019, 1, 1), datetime.date(2021, 4, 30)
    holidays = ["2019-01-01", "2019-04-22", "2019-05-01", "2019-05-08", "2019-05-30", "2019-06-10",
                "2019-07-14", "2019-08-15", "2019-11-01", "2019-11-11", "2019-12-25", "2020-01-01",
                "2020-04-13", "2020-05-01", "2020-05-08", "2020-05-21", "2020-06-01", "2020-07-14",
                "2020-08-15", "2020-11-01", "2020-11-11", "2020-12-25", "2021-01-01", "2021-04-05"]
    contracts = []
    inbox = {}
    for f in range(families):
        births = [(datetime.date(2019, 6, 1) - datetime.timedelta(days=rng.randint(30, 2000))).isoformat()
                  for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        bracket = rng.choice([1, 2, 3])
        single = rng.random() < 0.08
        inbox.setdefault("2019-05-01", []).append(rights(f, "2019-05", bracket, births, single))
        for year in (2020, 2021):
            inbox.setdefault("%d-01-01" % year, []).append(
                rights(f, "%d-01" % year, rng.choice([bracket, bracket, bracket, rng.choice([1, 2, 3])]),
                       births, single, cause="new_year"))
        for _ in range(rng.choice([1, 1, 1, 2])):
            home = rng.random() < 0.12
            contracts.append((f, len(contracts), home, rng.random() < 0.15,
                              sorted(rng.sample(range(len(births)), 1)), rng.randint(60, 140)))
    count = 0
    for f, contract, home, plus, kids, hours in contracts:
        for m in range(2019 * 12 + 4, 2020 * 12 + 12):
            month = "%04d-%02d" % (m // 12, m % 12 + 1)
            start = datetime.date(m // 12, m % 12 + 1, 25)
            declared = (start + datetime.timedelta(days=rng.randint(0, 10) if rng.random() < 0.95
                                                   else rng.randint(11, 30))).isoformat()
            net = hours * (1200 if home else rng.randint(300, 450))
            days = -(-hours // (8 if home else 9))
            message = declaration(f, contract, month, declared, "home_carer" if home else "assmat",
                                  ref.format_cents(net), "0.00" if home else ref.format_cents(300 * days),
                                  min(days, 23), kids, plus)
            inbox.setdefault(declared, []).append(message)
            count += 1
    centre = Centre(command)
    started = time.monotonic()
    centre.ask({"type": "hello", "protocol": 1, "scenario": "bench", "seed": "7", "first_month": "2019-01",
                "last_month": "2020-12", "first_day": first.isoformat(), "last_day": last.isoformat(),
                "params_file": PARAMS, "public_holidays": holidays, "workflow": WORKFLOW,
                "families": families, "contracts": len(contracts), "needs": ["pajemploi_plus"]})
    returns, orders = {}, 0
    day = first
    while day <= last:
        date = day.isoformat()
        messages = returns.pop(date, []) + inbox.pop(date, [])
        if day.day == 12:
            messages += [{"type": "regularise", "family": rng.randrange(families)} for _ in range(families // 100)]
        actions = centre.day(date, messages)
        tomorrow = (day + datetime.timedelta(days=1)).isoformat()
        for action in actions:
            if "order" in action:
                orders += 1
                status = "rejected" if action["type"] == "debit" and rng.random() < 0.01 else "executed"
                returns.setdefault(tomorrow, []).append({"type": "bank_return", "order": action["order"],
                                                         "status": status, "amount": action["amount"]})
        day += datetime.timedelta(days=1)
    centre.end()
    elapsed = time.monotonic() - started
    print("bench: %d families, %d contracts, %d declarations, %d orders, %d days: %.1f s (with this driver)"
          % (families, len(contracts), count, orders, (last - first).days + 1, elapsed))


# ----------------------------------------------------------------------------------------

def main(argv):
    if "--calculator" in argv:
        return serve_calculator()
    if "--bench" in argv:
        at = argv.index("--bench")
        families = int(argv[at + 1]) if at + 1 < len(argv) and argv[at + 1].isdigit() else 10000
        command = os.environ.get("CENTRE")
        bench(families, ["/bin/sh", "-c", command] if command else [sys.executable, CENTRE])
        return 0
    cases = 400
    if "--cases" in argv:
        cases = int(argv[argv.index("--cases") + 1])
    failed = False
    try:
        checked = conversation([sys.executable, CENTRE])
        print("conversation: ok (%d actions checked over 153 days)" % checked)
    except Failure as failure:
        print("conversation: FAILED: %s" % failure)
        failed = True
    for policy in RECOVERY_POLICIES:
        try:
            checked = recovery_conversation([sys.executable, CENTRE], policy)
            print("recovery (%s): ok (%d actions checked over 153 days)" % (policy, checked))
        except Failure as failure:
            print("recovery (%s): FAILED: %s" % (policy, failure))
            failed = True
    try:
        seen = defects_check()
        print("defects: ok (the defective centre answers as the reference without defects; each of its %d "
              "defects changes the conversation)" % len(seen))
        for name, difference in seen:
            print("  %-38s %s" % (name, difference))
    except Failure as failure:
        print("defects: FAILED: %s" % failure)
        failed = True
    oracle = oracle_path()
    if oracle is None:
        print("calculator: skipped (no pajesim binary: set PAJESIM to one)")
    else:
        try:
            counts = calculator_check(oracle, cases)
            print("calculator: ok (%d requests agree with `pajesim entitlement`: %d eligible, %d refused, "
                  "%d at half rate or capped; brackets %s; %s)"
                  % (cases, counts["eligible"], counts["refused"], counts["half_rate_or_capped"],
                     sorted(b for b in counts["brackets"] if b), " and ".join(sorted(counts["modes"]))))
        except Failure as failure:
            print("calculator: FAILED: %s" % failure)
            failed = True
    try:
        month = hourly_check()
        checked = hourly_conversation([sys.executable, CENTRE])
        print("hourly: ok (the regimes kept apart from %s; a run reaching %s announced and answered: "
              "%d actions checked over 306 days)" % (month, month, checked))
    except Failure as failure:
        print("hourly: FAILED: %s" % failure)
        failed = True
    if oracle is None:
        print("hourly calculator: skipped (no pajesim binary: set PAJESIM to one)")
    else:
        try:
            counts = hourly_calculator_check(oracle, cases)
            print("hourly calculator: ok (%d requests agree with `pajesim entitlement`: %d eligible, %d refused, "
                  "%d capped, %d with a complement, %d clamped at 0, %d at the resource floor or ceiling)"
                  % (cases, counts["eligible"], counts["refused"], counts["capped"], counts["complement"],
                     counts["clamped"], counts["floor_or_ceiling"]))
        except Failure as failure:
            print("hourly calculator: FAILED: %s" % failure)
            failed = True
    if oracle is None:
        print("end to end: skipped (no pajesim binary: set PAJESIM to one)")
    else:
        try:
            totals = end_to_end(oracle)
            print("end to end: ok (baseline-2025, 40 families: CMG paid %s, contributions covered %s, carers "
                  "paid %s, the built-in centre's totals, month by month and family by family)"
                  % (totals["cmg_paid"], totals["contributions_covered"], totals["carers_paid"]))
        except Failure as failure:
            print("end to end: FAILED: %s" % failure)
            failed = True
    print("selftest: %s" % ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
