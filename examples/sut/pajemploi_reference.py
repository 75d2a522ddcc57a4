#!/usr/bin/env python3
"""A reference Pajemploi centre for pajesim's centre protocol (`pajesim-centre`, version 1).

What it is
    A complete, independent implementation of the Pajemploi centre written from
    docs/sut-protocol.md (the contract) and docs/entitlement.md (the CMG rules and the format
    of the legal parameter table). It keeps its own copy of the rights, built only from the
    messages it receives, computes the CMG and the contributions itself from the table named
    by `params_file`, and answers every day with the payments, claims, debits, refunds and
    holds it decides. It follows the section "Timing the built-in centre follows" (rules 1 to
    8), so that its totals equal those of pajesim's own centre on the same scenario and seed.

    Python 3 standard library only. Money is integer cents throughout; every rate is an exact
    fraction and every product is rounded half-up to the cent as soon as it is made. No float
    is ever used for money.

How to run it
    From the project's root folder:

        pajesim run scenarios/baseline-2019.json --sut 'python3 examples/sut/pajemploi_reference.py'

    pajesim starts it, sends the handshake, one request per calendar day and `end`, one JSON
    object per line, and reads exactly one line back per request. Diagnostics go to standard
    error (pajesim keeps them in `sut-stderr.log`).

How the contract maps to the code
    rights             RightsStore: a record valid from V replaces every record held from V on;
                       the record in force for month M has the latest valid_from <= M.
    declaration        Centre.take_in: an id is taken in once (rule 1) and computed with the
                       record in force for its month (rule 2): bracket 0, or none of the
                       contract's children known, is no right (CMG 0, every contribution
                       uncovered). During a parallel run a `caf_check` that differs, or no
                       rights, holds it and asks for the file (rule 5, `hold` + `open_file`);
                       otherwise it is settled with rights (rule 3) or held (rule 4, `hold`).
    orders             Centre.pending: the orders of each later day, in the order decided. A
                       day's answer gives first what its messages call for at once (holds,
                       files, regularisations), then the orders decided on earlier days.
                       Order ids come from one counter (P- CMG, V- covered contributions,
                       D- debit, C- carer, R- refund). Orders after `last_day` are dropped.
    bank_return        an executed debit adds to what the family paid for the month (twice when
                       a faulty bank executed it twice); a rejected one is presented again as
                       a new order on the first business day at least
                       `debit_representation_days` after the return (rule 6). Credits need
                       nothing.
    regularise         Centre.regularise (rule 7).
    fix_file           Centre.fix_file: the rights in order, the declarations never received
                       (settled as in rule 3 or 4: no parallel-run check), then rule 7 (rule 8).
    CMG computation    Calculator: the rules of docs/entitlement.md "Rules, in the order
                       applied", with the CAF's bracket in place of the resources. The
                       resource-bracket regime only (care months up to 2025-08 in the shipped
                       table, `law_regime` "brackets"): a care month of the hourly regime
                       (`law_regime` "hourly", from 2025-09) is refused loudly, at the
                       handshake when the run's months include one, else when a declaration
                       for it arrives (a ValueError: the centre stops, its message in
                       sut-stderr.log, and pajesim reports the centre's crash, exit 3), never
                       computed with the bracket rules.
    age rule           `condition_end` (domain.md section 5, CSS R552-3 II 1°): "month_kept",
                       the month in which a 3rd or 6th birthday falls keeps the previous
                       situation (full rate, or still paid) and the change applies from the
                       next month; "month_lost", the old reading, the change applies in the
                       birthday month itself.
"""

import bisect
import datetime
import json
import sys
from fractions import Fraction

PROTOCOL = 1
NAME = "reference centre 1.0"
CAPABILITIES = ["pajemploi_plus", "parallel_run"]


# ----------------------------------------------------------------------------------------
# Money, months and dates

def parse_cents(text):
    """A money string of the protocol ("295.61") as integer cents."""
    if isinstance(text, str) and len(text) > 3 and text[-3] == "." and text[:-3].isdigit() \
            and text[-2:].isdigit():
        return int(text[:-3]) * 100 + int(text[-2:])
    if isinstance(text, int):
        return text * 100
    text = str(text)
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    whole, _, fraction = text.partition(".")
    if len(fraction) > 2 or not (whole or fraction):
        raise ValueError("not an amount in euros with at most 2 decimals: %r" % text)
    cents = int(whole or "0") * 100 + int((fraction + "00")[:2])
    return -cents if negative else cents


def format_cents(cents):
    """Integer cents as the protocol's money string, exactly two decimals."""
    if cents < 0:
        return "-" + format_cents(-cents)
    return "%d.%02d" % divmod(cents, 100)


def round_half_up(numerator, denominator):
    """numerator / denominator rounded to the nearest integer, ties away from zero."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


class Rate:
    """An exact rate of the table, with its numerator and denominator at hand."""

    __slots__ = ("value", "num", "den")

    def __init__(self, value):
        self.value = Fraction(value)
        self.num = self.value.numerator
        self.den = self.value.denominator


def apply_rate(cents, rate):
    """cents x rate (a Rate), rounded half-up to the cent."""
    if cents >= 0:
        return (2 * cents * rate.num + rate.den) // (2 * rate.den)
    return round_half_up(cents * rate.num, rate.den)


def month_index(text):
    """"YYYY-MM" (or the month of "YYYY-MM-DD") as year * 12 + month - 1."""
    return int(text[0:4]) * 12 + int(text[5:7]) - 1


def month_text(index):
    return "%04d-%02d" % (index // 12, index % 12 + 1)


def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_month(year, month, day, years):
    """The month index of the `years`-th birthday; 29 February falls on 1 March in a common year."""
    target = year + years
    if month == 2 and day == 29 and not is_leap(target):
        month = 3
    return target * 12 + month - 1


class Child:
    """A child as the rights describe it. A lost birth date (None) counts as not yet born."""

    __slots__ = ("birth", "birth_month", "third", "sixth", "aeeh")

    NOT_BORN = 1 << 40  # a month index after every real one

    def __init__(self, birth, aeeh):
        self.birth = birth
        self.aeeh = bool(aeeh)
        if birth is None:
            self.birth_month = self.third = self.sixth = Child.NOT_BORN
        else:
            year, month, day = int(birth[0:4]), int(birth[5:7]), int(birth[8:10])
            self.birth_month = year * 12 + month - 1
            self.third = birthday_month(year, month, day, 3)
            self.sixth = birthday_month(year, month, day, 6)

    @classmethod
    def from_json(cls, item):
        return cls(item.get("birth"), item.get("aeeh", False))


# ----------------------------------------------------------------------------------------
# The legal parameter table (docs/entitlement.md, "Parameter table")

def _ratio(value):
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("a ratio, not a boolean")
    return Fraction(str(value)) if not isinstance(value, int) else Fraction(value)


def _euros(value):
    if isinstance(value, Fraction):
        cents = value * 100
        if cents.denominator != 1:
            raise ValueError("an amount with more than 2 decimals: %s" % value)
        return int(cents)
    return parse_cents(value)


class HourlyRegimeNotSupported(ValueError):
    """A care month of the hourly CMG (décret 2025-515): this centre knows the brackets only."""


REGIMES = ("brackets", "hourly")
CONDITION_END_RULES = ("month_kept", "month_lost")


class MonthParameters:
    """Every value of the table in force on the 1st day of one care month."""

    __slots__ = ("month", "bmaf", "smic", "rates", "age_factor", "single_parent_increase",
                 "aeeh_increase", "salary_cap_share", "crds_rate", "daily_cap_num",
                 "daily_cap_den", "coverage_assmat", "coverage_home", "home_cap_under_3",
                 "home_cap_3_to_6", "gross_num", "gross_den", "employer", "until_august",
                 "month_kept")

    def __init__(self, table, month):
        self.month = month
        entry = table.entry
        # Refused before anything else: no bracket amount is ever made for an hourly month.
        table.check_bracket_regime(month)
        self.bmaf = _euros(entry("bmaf", month)["euros"])
        self.smic = _euros(entry("smic_hourly_gross", month)["euros"])
        rates = entry("remuneration_rates", month)
        self.rates = {1: Rate(_ratio(rates["bracket_1"])), 2: Rate(_ratio(rates["bracket_2"])),
                      3: Rate(_ratio(rates["bracket_3"]))}
        self.age_factor = Rate(_ratio(entry("age_3_to_6_factor", month)["ratio"]))
        self.single_parent_increase = Rate(_ratio(entry("single_parent_increase", month)["ratio"]))
        self.aeeh_increase = Rate(_ratio(entry("aeeh_increase", month)["ratio"]))
        self.salary_cap_share = Rate(_ratio(entry("salary_cap_share", month)["ratio"]))
        self.crds_rate = Rate(_ratio(entry("crds_rate", month)["ratio"]))
        coverage = entry("contributions_coverage", month)
        self.coverage_assmat = Rate(_ratio(coverage["assmat"]))
        self.coverage_home = Rate(_ratio(coverage["home_carer"]))
        caps = entry("home_carer_contributions_cap", month)
        self.home_cap_under_3 = _euros(caps["under_3"])
        self.home_cap_3_to_6 = _euros(caps["age_3_to_6"])
        contributions = entry("approximate_contribution_rates", month)
        employee = _ratio(contributions["employee"])
        gross_from_net = 1 / (1 - employee)
        self.gross_num, self.gross_den = gross_from_net.numerator, gross_from_net.denominator
        self.employer = Rate(_ratio(contributions["employer"]))
        # Daily cap: net / (1 - employee) / days / children > multiple x SMIC, i.e.
        # net > multiple x SMIC x (1 - employee) x days x children, compared exactly.
        per_day = _ratio(entry("assmat_daily_cap_smic_multiple", month)["ratio"]) * self.smic * (1 - employee)
        self.daily_cap_num, self.daily_cap_den = per_day.numerator, per_day.denominator
        self.until_august = bool(entry("full_rate_until_august", month)["enabled"])
        rule = entry("condition_end", month)["rule"]
        if rule not in CONDITION_END_RULES:
            raise ValueError("parameter table: condition_end: unknown rule %r for %s (expected one of %s)"
                             % (rule, month_text(month), ", ".join(CONDITION_END_RULES)))
        self.month_kept = rule == "month_kept"


class ParameterTable:
    """The table of `params_file`; values resolved per care month, once."""

    SERIES = ("bmaf", "smic_hourly_gross", "resource_ceilings", "single_parent_ceiling_factor",
              "remuneration_rates", "age_3_to_6_factor", "single_parent_increase",
              "aeeh_increase", "salary_cap_share", "crds_rate", "assmat_daily_cap_smic_multiple",
              "contributions_coverage", "home_carer_contributions_cap",
              "approximate_contribution_rates", "full_rate_until_august", "law_regime",
              "condition_end")

    def __init__(self, document):
        self.version = document.get("version", "")
        self.series = {}
        for name in self.SERIES:
            entries = document.get(name)
            if not entries:
                raise ValueError("parameter table: missing series %r" % name)
            starts = []
            for item in entries:
                start = item["from"]
                if start[8:10] != "01":
                    raise ValueError("parameter table: %s: 'from' must be the 1st of a month, found %s"
                                     % (name, start))
                starts.append(month_index(start))
            if starts != sorted(set(starts)):
                raise ValueError("parameter table: %s: dates must strictly increase" % name)
            self.series[name] = (starts, entries)
        self.covered = [(month_index(p["from"]), month_index(p["to"]))
                        for p in document.get("covered_months", [])]
        self._months = {}

    @classmethod
    def load(cls, path):
        with open(path, "rb") as handle:
            # Exact decimals: a JSON number such as 0.7191 is read as the fraction it spells.
            document = json.loads(handle.read().decode("utf-8"), parse_float=Fraction)
        return cls(document)

    def regime(self, month):
        regime = self.entry("law_regime", month)["regime"]
        if regime not in REGIMES:
            raise ValueError("parameter table: law_regime: unknown regime %r for %s" % (regime, month_text(month)))
        return regime

    def check_bracket_regime(self, month):
        """Raises HourlyRegimeNotSupported for a care month of the hourly regime."""
        if self.regime(month) != "brackets":
            raise HourlyRegimeNotSupported(
                "care month %s falls under the hourly CMG (law_regime %r from %s in %s): this "
                "centre implements the resource-bracket regime only and will not compute it"
                % (month_text(month), self.regime(month), self.entry("law_regime", month)["from"],
                   self.version or "the parameter table"))

    def check_months(self, first, last):
        """Every care month from `first` to `last` (month indexes) under the brackets."""
        for month in range(first, last + 1):
            self.check_bracket_regime(month)

    def entry(self, name, month):
        starts, entries = self.series[name]
        at = bisect.bisect_right(starts, month) - 1
        if at < 0:
            raise ValueError("parameter table: no %s value in force for %s" % (name, month_text(month)))
        return entries[at]

    def month(self, month):
        found = self._months.get(month)
        if found is None:
            found = self._months[month] = MonthParameters(self, month)
        return found


# ----------------------------------------------------------------------------------------
# The CMG for one contract and care month, for a bracket decided by the CAF

NOT_COUNTED, FULL_RATE, HALF_RATE, TOO_OLD = "not_yet_counted", "full_rate", "half_rate", "too_old"


NO_COVERAGE = Fraction(0)


class Entitlement:
    """What one contract's month gives: the CMG (remuneration part) and the contributions."""

    __slots__ = ("eligible", "refusal", "cmg_max", "cmg_remuneration", "crds", "cmg_paid",
                 "covered_rate", "gross", "employee", "employer", "total", "covered", "uncovered")

    def __init__(self):
        self.eligible = False
        self.refusal = None
        self.cmg_max = self.cmg_remuneration = self.crds = self.cmg_paid = 0
        self.covered_rate = NO_COVERAGE
        self.gross = self.employee = self.employer = self.total = 0
        self.covered = self.uncovered = 0


class Calculator:
    """docs/entitlement.md, "Rules, in the order applied", the resource bracket given.

    `children` are the household's children (Child), `contract_children` indexes into them.
    Every value is the one in force on the 1st of the care month; every rate applied is
    rounded half-up to the cent at once, in the order of the rules.
    """

    def __init__(self, table):
        self.table = table

    # Rule 1
    def contributions(self, result, p, net):
        result.gross = round_half_up(net * p.gross_num, p.gross_den)
        result.employee = result.gross - net
        result.employer = apply_rate(result.gross, p.employer)
        result.total = result.employee + result.employer
        result.uncovered = result.total

    # Rule 4. A child born in the month counts from the next one. A condition that ends with a
    # birthday (under 6 to be paid, under 3 for the full rate) still holds in the birthday
    # month under "month_kept" (R552-3 II 1°), not under "month_lost" (the old reading).
    def age_band(self, child, p):
        month = p.month
        if child.birth_month >= month:
            return NOT_COUNTED
        if child.sixth < month or (child.sixth == month and not p.month_kept):
            return TOO_OLD
        third = child.third
        if third > month or (third == month and p.month_kept):
            return FULL_RATE
        if p.until_august and third // 12 == month // 12 and third % 12 <= 7 and month % 12 <= 7:
            return FULL_RATE
        return HALF_RATE

    # Rule 5
    def above_daily_cap(self, p, net, days, children):
        return net * p.daily_cap_den > p.daily_cap_num * days * children

    # Rule 6, one child (assmat) or the household (home carer)
    def maximum(self, p, bracket, full_rate, single_parent, aeeh):
        amount = apply_rate(p.bmaf, p.rates[bracket])
        if not full_rate:
            amount = apply_rate(amount, p.age_factor)
        if single_parent and p.single_parent_increase.value != 1:
            amount = apply_rate(amount, p.single_parent_increase)
        if aeeh and p.aeeh_increase.value != 1:
            amount = apply_rate(amount, p.aeeh_increase)
        return amount

    # Rule 7
    def salary_cap(self, p, net, maintenance):
        return apply_rate(net + maintenance, p.salary_cap_share)

    # Rule 8
    def crds(self, p, mode, remuneration):
        return apply_rate(remuneration, p.crds_rate)

    # Rule 9
    def coverage(self, result, p, mode, any_full_rate):
        if mode == "assmat":
            result.covered_rate = p.coverage_assmat.value
            result.covered = apply_rate(result.total, p.coverage_assmat)
        else:
            result.covered_rate = p.coverage_home.value
            cap = p.home_cap_under_3 if any_full_rate else p.home_cap_3_to_6
            result.covered = min(apply_rate(result.total, p.coverage_home), cap)
        result.uncovered = result.total - result.covered

    def contributions_only(self, month, net):
        """No right: the contributions, every one uncovered."""
        result = Entitlement()
        self.contributions(result, self.table.month(month), net)
        return result

    def compute(self, month, bracket, single_parent, children, mode, contract_children,
                net, maintenance, days):
        p = self.table.month(month)
        result = Entitlement()
        self.contributions(result, p, net)
        any_full_rate = any_aeeh = False
        eligible = []
        for index in contract_children:
            child = children[index]
            band = self.age_band(child, p)
            if band == FULL_RATE or band == HALF_RATE:
                full = band == FULL_RATE
                eligible.append((child, full))
                any_full_rate = any_full_rate or full
                any_aeeh = any_aeeh or child.aeeh
        if not eligible:
            result.refusal = "no child of the contract under 6 and born before the month"
            return result
        if mode == "assmat":
            if self.above_daily_cap(p, net, days, len(contract_children)):
                result.refusal = "daily cap"
                return result
            cmg_max = 0
            for child, full in eligible:
                cmg_max += self.maximum(p, bracket, full, single_parent, child.aeeh)
        else:
            cmg_max = self.maximum(p, bracket, any_full_rate, single_parent, any_aeeh)
        result.eligible = True
        result.cmg_max = cmg_max
        result.cmg_remuneration = min(cmg_max, self.salary_cap(p, net, maintenance))
        result.crds = self.crds(p, mode, result.cmg_remuneration)
        result.cmg_paid = result.cmg_remuneration - result.crds
        self.coverage(result, p, mode, any_full_rate)
        return result


# ----------------------------------------------------------------------------------------
# Rights and declarations as the centre holds them

class Record:
    """One rights decision of the CAF, for care months from `valid_from` on."""

    __slots__ = ("valid_from", "bracket", "single_parent", "children")

    def __init__(self, valid_from, bracket, single_parent, children):
        self.valid_from = valid_from
        self.bracket = bracket
        self.single_parent = single_parent
        self.children = children

    @classmethod
    def from_json(cls, item):
        return cls(month_index(item["valid_from"]), int(item["bracket"]), bool(item["single_parent"]),
                   [Child.from_json(child) for child in item["children"]])


class RightsStore:
    """Per family, records in valid_from order. A record valid from V replaces every record
    held from V on; the record in force for M has the latest valid_from <= M."""

    def __init__(self):
        self.records = {}

    def apply(self, family, record):
        held = self.records.get(family)
        if held is None:
            self.records[family] = [record]
            return
        while held and held[-1].valid_from >= record.valid_from:
            held.pop()
        held.append(record)

    def lookup(self, family, month):
        held = self.records.get(family)
        if held:
            for record in reversed(held):
                if record.valid_from <= month:
                    return record
        return None


class Declaration:
    __slots__ = ("id", "family", "contract", "carer", "mode", "plus", "month", "net",
                 "maintenance", "days", "children", "caf_check", "settled")

    def __init__(self, message):
        self.id = message["id"]
        self.family = message["family"]
        self.contract = message["contract"]
        self.carer = message.get("carer")
        self.mode = message["mode"]
        self.plus = bool(message.get("pajemploi_plus", False))
        self.month = month_index(message["month"])
        self.net = parse_cents(message["net_salary"])
        self.maintenance = parse_cents(message.get("maintenance", "0.00"))
        self.days = message.get("days") or 0
        self.children = message["children"]
        check = message.get("caf_check")
        self.caf_check = None if check is None else (parse_cents(check["cmg"]), parse_cents(check["covered"]))
        self.settled = False  # settled with rights (rule 3, or by a regularisation)

    @property
    def pay(self):
        """What the carer is owed: net salary + maintenance."""
        return self.net + self.maintenance


class MonthState:
    """A family's care month: the declarations taken in, the CMG ordered, what was debited."""

    __slots__ = ("declarations", "cmg_ordered", "debited")

    def __init__(self):
        self.declarations = []
        self.cmg_ordered = 0  # every pay_cmg decided for the month, arrears included
        self.debited = 0      # executed debits (each execution counted), less refunds ordered


# ----------------------------------------------------------------------------------------
# The business calendar

class Calendar:
    def __init__(self, first_day, last_day, holidays):
        self.first = datetime.date.fromisoformat(first_day).toordinal()
        self.last = datetime.date.fromisoformat(last_day).toordinal()
        off = {datetime.date.fromisoformat(day).toordinal() for day in holidays}
        # A margin past the last day, so that dates reckoned from late requests exist
        # (orders after the last day are never sent).
        self.business = [d for d in range(self.first - 7, self.last + 120)
                         if d % 7 not in (6, 0) and d not in off]  # ordinal % 7: 6 Saturday, 0 Sunday
        self.business_set = set(self.business)
        self._ordinals = {}

    def ordinal(self, text):
        found = self._ordinals.get(text)
        if found is None:
            found = self._ordinals[text] = datetime.date.fromisoformat(text).toordinal()
        return found

    def is_business_day(self, day):
        return day in self.business_set

    def nth_business_day_after(self, day, n):
        """The n-th business day strictly after `day` (n >= 1)."""
        at = bisect.bisect_right(self.business, day) + n - 1
        return self.business[at] if at < len(self.business) else self.last + 10 ** 6

    def first_business_day_from(self, day):
        """The first business day on or after `day`."""
        at = bisect.bisect_left(self.business, day)
        return self.business[at] if at < len(self.business) else self.last + 10 ** 6

    def day_of_month(self, month, day):
        """Day `day` of care month `month`, clamped to the month's length, as an ordinal."""
        year, m = month // 12, month % 12 + 1
        following = datetime.date(year + (m == 12), m % 12 + 1, 1)
        length = (following - datetime.date(year, m, 1)).days
        return datetime.date(year, m, min(day, length)).toordinal()


# ----------------------------------------------------------------------------------------
# The centre

class Centre:
    def __init__(self):
        self.rights = RightsStore()
        self.received = set()   # declaration ids taken in
        self.months = {}        # family -> {month index -> MonthState}
        self.pending = {}       # day ordinal -> decided orders, in the order decided
        self.debits = {}        # order id -> (family, month, amount, kind)
        self.next_order = 0
        self.calendar = None
        self.calculator = None
        self.today = 0
        self.today_month = 0
        self.month_texts = {}

    # -- handshake -------------------------------------------------------------------

    def hello(self, message):
        table = ParameterTable.load(message["params_file"])
        if "first_month" in message and "last_month" in message:
            # Fails loudly before the first day when a care month of the run is hourly.
            table.check_months(month_index(message["first_month"]), month_index(message["last_month"]))
        self.calculator = self.make_calculator(table)
        self.calendar = Calendar(message["first_day"], message["last_day"], message.get("public_holidays", []))
        workflow = message.get("workflow", {})
        self.cmg_delay = int(workflow.get("cmg_payment_delay_business_days", 2))
        self.debit_delay = int(workflow.get("contributions_debit_business_days", 2))
        self.carer_delay = int(workflow.get("pajemploi_plus_carer_payment_business_days", 3))
        self.carer_deadline_day = int(workflow.get("pajemploi_plus_carer_payment_deadline_day", 8))
        self.representation_days = int(workflow.get("debit_representation_days", 10))
        return {"type": "hello", "protocol": PROTOCOL, "name": NAME, "capabilities": list(CAPABILITIES)}

    def make_calculator(self, table):
        return Calculator(table)

    # -- one day -----------------------------------------------------------------------

    def day(self, message):
        date = message["date"]
        self.today = self.calendar.ordinal(date)
        self.today_month = month_index(date)
        # Orders decided on earlier days go after those today's messages call for at once.
        earlier = self.pending.pop(self.today, ())
        for item in message.get("messages", ()):
            kind = item["type"]
            if kind == "declaration":
                self.on_declaration(item)
            elif kind == "bank_return":
                self.on_bank_return(item)
            elif kind == "rights":
                self.on_rights(item)
            elif kind == "regularise":
                self.regularise(item["family"])
            elif kind == "fix_file":
                self.fix_file(item)
            else:
                print("centre: unknown message type %r ignored" % kind, file=sys.stderr)
        now = self.pending.pop(self.today, [])
        now.extend(earlier)
        return {"type": "actions", "date": date, "actions": self.emit(now)}

    # -- orders ------------------------------------------------------------------------

    def schedule(self, day, order):
        """Keeps an order for `day` (today's go out with today's answer; after the last day,
        none is ever given)."""
        if day > self.calendar.last:
            return
        orders = self.pending.get(day)
        if orders is None:
            self.pending[day] = [order]
        else:
            orders.append(order)

    def new_order_id(self, prefix):
        self.next_order += 1
        return "%s-%d" % (prefix, self.next_order)

    def month_string(self, month):
        text = self.month_texts.get(month)
        if text is None:
            text = self.month_texts[month] = month_text(month)
        return text

    def emit(self, orders):
        """The day's orders as protocol actions, with their order ids."""
        actions = []
        for order in orders:
            kind = order[0]
            if kind == "pay_cmg":
                _, family, month, amount, arrears = order
                actions.append({"type": "pay_cmg", "order": self.new_order_id("P"), "family": family,
                                "month": self.month_string(month), "amount": format_cents(amount),
                                "arrears": arrears})
            elif kind == "claim_covered":
                _, family, month, amount = order
                actions.append({"type": "claim_covered", "order": self.new_order_id("V"), "family": family,
                                "month": self.month_string(month), "amount": format_cents(amount)})
            elif kind == "debit":
                _, family, month, amount, debit_kind = order
                order_id = self.new_order_id("D")
                self.debits[order_id] = (family, month, amount, debit_kind)
                actions.append({"type": "debit", "order": order_id, "family": family,
                                "month": self.month_string(month), "amount": format_cents(amount),
                                "kind": debit_kind})
            elif kind == "pay_carer":
                _, family, contract, month, amount = order
                actions.append({"type": "pay_carer", "order": self.new_order_id("C"), "family": family,
                                "contract": contract, "month": self.month_string(month),
                                "amount": format_cents(amount)})
            elif kind == "refund":
                _, family, month, amount = order
                actions.append({"type": "refund", "order": self.new_order_id("R"), "family": family,
                                "month": self.month_string(month), "amount": format_cents(amount)})
            elif kind == "hold":
                _, family, month, declaration, reason = order
                actions.append({"type": "hold", "family": family, "month": self.month_string(month),
                                "declaration": declaration, "reason": reason[:200]})
            elif kind == "open_file":
                _, family, reason = order
                actions.append({"type": "open_file", "family": family, "reason": reason})
        return actions

    def order_cmg(self, day, family, month, amount, arrears):
        self.month_state(family, month).cmg_ordered += amount
        self.schedule(day, ("pay_cmg", family, month, amount, arrears))

    def order_debit(self, day, family, month, amount, kind):
        self.schedule(day, ("debit", family, month, amount, kind))

    # -- rights --------------------------------------------------------------------------

    def on_rights(self, message):
        self.rights.apply(message["family"], Record.from_json(message))

    # -- declarations ----------------------------------------------------------------------

    def month_state(self, family, month):
        months = self.months.get(family)
        if months is None:
            months = self.months[family] = {}
        state = months.get(month)
        if state is None:
            state = months[month] = MonthState()
        return state

    def on_declaration(self, message):
        self.take_in(message, parallel_check=True)

    def take_in(self, message, parallel_check):
        """Rule 1: a declaration is taken in once, on the day it arrives; then settled."""
        if message["id"] in self.received:
            return None
        self.received.add(message["id"])
        declaration = Declaration(message)
        self.month_state(declaration.family, declaration.month).declarations.append(declaration)
        computed = self.compute(declaration)
        if parallel_check and declaration.caf_check is not None:
            # Rule 5: the CAF's computation must agree, and there must be rights.
            if computed is None:
                self.settle_without_rights(declaration, "no rights")
                self.ask_for_file(declaration.family, "parallel run: no rights for %s" % declaration.id)
                return declaration
            cmg, covered = declaration.caf_check
            if cmg != computed.cmg_paid or covered != computed.covered:
                reason = ("parallel run: the CAF computes CMG %s, covered %s; the centre %s, %s"
                          % (format_cents(cmg), format_cents(covered),
                             format_cents(computed.cmg_paid), format_cents(computed.covered)))
                self.settle_without_rights(declaration, reason)
                self.ask_for_file(declaration.family, reason + " (%s)" % declaration.id)
                return declaration
        if computed is None:
            self.settle_without_rights(declaration, "no rights")
        else:
            self.settle_with_rights(declaration, computed)
        return declaration

    def compute(self, declaration):
        """Rule 2: the computation from the record in force; None without rights."""
        record = self.rights.lookup(declaration.family, declaration.month)
        if record is None:
            return None
        known = len(record.children)
        contract_children = [c for c in declaration.children if c < known]
        if record.bracket == 0 or not contract_children:
            return self.calculator.contributions_only(declaration.month, declaration.net)
        return self.calculator.compute(declaration.month, record.bracket, record.single_parent,
                                       record.children, declaration.mode, contract_children,
                                       declaration.net, declaration.maintenance, declaration.days)

    def carer_day(self, month):
        """Rule 3: the day Pajemploi+ pays the carer of a declaration taken in today."""
        calendar = self.calendar
        usual = calendar.nth_business_day_after(self.today, self.carer_delay)
        deadline = calendar.day_of_month(month + 1, self.carer_deadline_day)
        while not calendar.is_business_day(deadline):
            deadline -= 1
        if usual <= deadline:
            return usual
        return max(deadline, calendar.nth_business_day_after(self.today, 1))

    def carer_amount(self, declaration):
        return declaration.pay

    def pay_carer(self, declaration):
        amount = self.carer_amount(declaration)
        if amount > 0:
            self.schedule(self.carer_day(declaration.month),
                          ("pay_carer", declaration.family, declaration.contract, declaration.month, amount))

    def settle_with_rights(self, declaration, computed):
        """Rule 3."""
        declaration.settled = True
        family, month = declaration.family, declaration.month
        debit_day = self.calendar.nth_business_day_after(self.today, self.debit_delay)
        if not declaration.plus:
            if computed.cmg_paid > 0:
                self.order_cmg(self.calendar.nth_business_day_after(self.today, self.cmg_delay),
                               family, month, computed.cmg_paid, False)
            if computed.covered > 0:
                self.schedule(debit_day, ("claim_covered", family, month, computed.covered))
            if computed.uncovered > 0:
                self.order_debit(debit_day, family, month, computed.uncovered, "contributions")
            return
        if computed.cmg_paid > 0:
            self.order_cmg(debit_day, family, month, computed.cmg_paid, False)
        if computed.covered > 0:
            self.schedule(debit_day, ("claim_covered", family, month, computed.covered))
        amount = declaration.pay + computed.uncovered
        if amount > 0:
            self.order_debit(debit_day, family, month, amount, "pajemploi_plus")
        self.pay_carer(declaration)

    def settle_without_rights(self, declaration, reason):
        """Rule 4: held until a regularisation; Pajemploi+ still debits the pay and pays the carer."""
        family, month = declaration.family, declaration.month
        self.schedule(self.today, ("hold", family, month, declaration.id, reason))
        if declaration.plus:
            if declaration.pay > 0:
                self.order_debit(self.calendar.nth_business_day_after(self.today, self.debit_delay),
                                 family, month, declaration.pay, "pajemploi_plus")
            self.pay_carer(declaration)

    def ask_for_file(self, family, reason):
        self.schedule(self.today, ("open_file", family, reason[:200]))

    # -- bank returns ----------------------------------------------------------------------

    def on_bank_return(self, message):
        debit = self.debits.get(message["order"])
        if debit is None:
            return  # a credit: executed (credits are never rejected)
        family, month, amount, kind = debit
        if message["status"] == "executed":
            self.month_state(family, month).debited += amount
        elif message["status"] == "rejected":
            self.on_rejected_debit(family, month, amount, kind)

    def on_rejected_debit(self, family, month, amount, kind):
        """Rule 6: a new order for the same amount, at least N days after the return."""
        day = self.calendar.first_business_day_from(self.today + self.representation_days)
        self.order_debit(day, family, month, amount, kind)

    # -- regularisation and fixes ---------------------------------------------------------

    def regularise(self, family):
        """Rule 7."""
        months = self.months.get(family)
        if not months:
            return
        for month in sorted(months):
            if month > self.today_month:
                continue
            state = months[month]
            if state.declarations:
                self.regularise_month(family, month, state)

    def regularise_month(self, family, month, state):
        computed = []
        for declaration in state.declarations:
            result = self.compute(declaration)
            if result is None:
                return  # the month waits: a declaration has no rights
            computed.append(result)
        cmg = due = 0
        for declaration, result in zip(state.declarations, computed):
            cmg += result.cmg_paid
            due += result.uncovered + (declaration.pay if declaration.plus else 0)
            if not declaration.settled:
                declaration.settled = True
                if result.covered > 0:
                    self.schedule(self.today, ("claim_covered", family, month, result.covered))
                if result.uncovered > 0:
                    self.order_debit(self.today, family, month, result.uncovered, "contributions")
        missing = cmg - self.already_ordered(family, month, state)
        if missing > 0:
            self.order_cmg(self.today, family, month, missing, True)
        excess = state.debited - due
        if excess > 0:
            state.debited -= excess
            self.schedule(self.today, ("refund", family, month, excess))

    def already_ordered(self, family, month, state):
        return state.cmg_ordered

    def fix_file(self, message):
        """Rule 8: the agent's rights, the declarations never received, then a regularisation."""
        family = message["family"]
        for item in message.get("rights", ()):
            self.rights.apply(family, Record.from_json(item))
        for item in message.get("declarations", ()):
            self.take_in_from_fix(item)
        self.regularise(family)

    def take_in_from_fix(self, message):
        return self.take_in(message, parallel_check=False)


# ----------------------------------------------------------------------------------------
# The conversation

def serve(centre, source, sink):
    """Reads requests line by line and answers each, flushing after every line."""
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    while True:
        line = source.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "day":
            answer = centre.day(message)
        elif kind == "hello":
            if message.get("protocol") != PROTOCOL:
                print("centre: protocol %r asked, %d spoken" % (message.get("protocol"), PROTOCOL), file=sys.stderr)
            answer = centre.hello(message)
        elif kind == "end":
            return 0
        else:
            raise ValueError("unknown request type %r" % kind)
        sink.write(dumps(answer).encode("utf-8") + b"\n")
        sink.flush()


def main(centre=None):
    return serve(centre if centre is not None else Centre(), sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    sys.exit(main())
