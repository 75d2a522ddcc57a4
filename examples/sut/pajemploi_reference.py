#!/usr/bin/env python3
"""A reference Pajemploi centre for pajesim's centre protocol (`pajesim-centre`, version 1).

What it is
    A complete, independent implementation of the Pajemploi centre written from
    docs/sut-protocol.md (the contract), docs/entitlement.md (the CMG rules of both regimes)
    and docs/law-parameters.md (the legal parameter table). It keeps its own copy of the
    rights, built only from the messages it receives, computes the CMG and the contributions
    itself from the table named by `params_file`, and answers every day with the payments,
    claims, debits, refunds and holds it decides. It follows the section "Timing the built-in
    centre follows" (rules 1 to 12), so that its totals equal those of pajesim's own centre on
    the same scenario and seed, in the resource-bracket regime (care months up to 2025-08 in
    the shipped table) and in the hourly CMG of décret 2025-515 (from 2025-09): it announces
    the capabilities `hourly_regime` and `reconciliation` (the periodic `reconcile` of rights),
    finds the overpayments a regularisation reveals and recovers them by the scenario's policy,
    and makes a Pajemploi+ carer's pay wait for the parent's debit when the scenario's rule
    says so. It ignores the keys it does not know in pajesim's messages.

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
                       uncovered). In an hourly month a record valid from a month of the
                       brackets carries no `resources_monthly`: the month is held as without
                       rights until a record of an hourly month arrives. During a parallel
                       run a `caf_check` that differs, or no rights, holds it and asks for the
                       file (rule 5, `hold` + `open_file`); otherwise it is settled with rights
                       (rule 3) or held (rule 4, `hold`).
    orders             Centre.pending: the orders of each later day, in the order decided. A
                       day's answer gives first what its messages call for at once (holds,
                       files, regularisations), then the orders decided on earlier days,
                       given one by one (Centre.give: a CMG payment carries its deductions, a
                       carer's pay may wait, an overpayment's debit may be put off).
                       Order ids come from one counter (P- CMG, V- covered contributions,
                       D- debit, C- carer, R- refund, O- overpayment recovered). Orders after
                       `last_day` are dropped.
    bank_return        an executed debit adds to what the family paid for the month (twice when
                       a faulty bank executed it twice); a rejected one is presented again as
                       a new order on the first business day at least
                       `debit_representation_days` after the return (rule 6). Credits need
                       nothing.
    Pajemploi+ carer   Centre.carer_waits_for_debit (rule 10): under `carer_pay_rule`
                       `after_debit` the carer's pay waits for the month's executed
                       `pajemploi_plus` debit; under `guarantee` only when the family already
                       has `guaranteed_months` other contract-months whose debit was rejected
                       and not executed since. A pay that waits is answered `withhold_carer`
                       and paid on the day the debit's `executed` return is read. Each
                       rejection is counted: at the `escalate_after_rejections`-th, `open_file`
                       (an escalation); under `after_debit` with `represent_after_income` the
                       debit is presented again after the parent's next `income_day`.
    regularise         Centre.regularise (rules 7 and 12): the month's CMG now against what was
                       ordered less what was taken back; a new overpayment when below, the
                       outstanding one shrunk first then arrears when above.
    overpayments       Centre.overpaid, Centre.recover, Centre.deduct_from (rule 11):
                       `notify_overpayment`, then `write_off_overpayment` at once, one
                       `recover_overpayment` debit of the whole outstanding after the notice
                       period (put off 7 days while any of the family's months is held), or
                       deductions from the family's later CMG payments within the monthly limit
                       (what remains `debit_remainder_after_days` after the notice period, when
                       not 0, debited as under `debit`).
    reconcile          Centre.reconcile: the CAF's records applied, and the family regularised,
                       only when the centre's copy from the first record's valid_from on
                       differs (RightsStore.holds_exactly); a family the centre ever granted a
                       complément différentiel is regularised at every pass.
    fix_file           Centre.fix_file: the rights in order, the `hours` of every declaration
                       it lists as given (they replace hours taken in wrongly), the declarations
                       never received (settled as in rule 3 or 4: no parallel-run check), then
                       rule 7 (rule 8). A regularisation also claims the covered contributions
                       not yet claimed (a month settled with its hours missing).
    CMG computation    Calculator.compute: the rules of docs/entitlement.md "Rules, in the order
                       applied", with the CAF's bracket in place of the resources, for the
                       months whose `law_regime` is "brackets". Calculator.hourly: "Rules of the
                       hourly regime, in the order applied", with the record's
                       `resources_monthly` (floor and ceiling applied here), the declaration's
                       net salary, maintenance, meals and hours, no indemnities, for the months
                       whose `law_regime` is "hourly". Each refuses a month of the other regime
                       (WrongRegime). Every reading of the table (aeeh_effort_step,
                       hourly_rounding, hourly_clamp_at_zero, indemnity_exclusion,
                       condition_end) is applied as dated.
    complément         Centre.complement, added to the hourly CMG of each declaration:
    différentiel       max(0, CMG + complement) is what pay_cmg pays and what a regularisation
                       counts. Recomputed from the centre's records at every computation: the
                       contract's declarations of the reference period (2025-03 to 2025-05)
                       that it took in, with their old CMG (the bracket rules, record in force
                       for that month) and their new CMG (the hourly rules of the first hourly
                       month, record in force for it, the hours declared for that month); at
                       least min_months_declared months (2) and an old total above 0; the averages over the whole
                       period (3 months); the resources condition read from the bracket (1 or 2)
                       of the record in force for the first hourly month; the minimum hours a
                       home carer's own (its counted months), an assmat's the household's
                       (Centre.assmat_household: every assmat contract of the family with a
                       reference-month declaration taken in, one child each; one child or
                       several, all under 3 on 2025-09-01 or not); the other conditions and the
                       90 % room in Calculator.complement.
    age rule           `condition_end` (domain.md section 5, CSS R552-3 II 1°): "month_kept",
                       the month in which a 3rd or 6th birthday (12th for a single parent in
                       the hourly regime) falls keeps the previous situation (full rate, or
                       still paid, or a home carer's full contributions cap) and the change
                       applies from the next month; "month_lost", the old reading, the change
                       applies in the birthday month itself; "age_on_the_1st", ages judged on
                       the 1st of the month (OpenFisca's), as "month_kept" but a birthday on
                       the 1st changes the month itself. A child born on 29 February has its
                       birthday of a common year on 1 March or 28 February, as the optional
                       `birthday_of_29_february` reads it ("march_1" when absent). The effort rate's dependent
                       children (under `children_counted_under_years`, and for the complément
                       différentiel's ceiling in 2025-09) follow the same rule. The complément
                       différentiel's ages (under 6, under 3 on 2025-09-01) are judged on the
                       day.
"""

import bisect
import datetime
import json
import sys
from fractions import Fraction

PROTOCOL = 1
# The reason of the `open_file` that counts as an escalation (rule 10).
ESCALATION = "Pajemploi+ debit rejected repeatedly"
NAME = "reference centre 1.0"
CAPABILITIES = ["pajemploi_plus", "parallel_run", "hourly_regime", "reconciliation"]


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


def birthday_of(year, month, day, years, leap_march):
    """The `years`-th birthday as (month index, whether it falls on the 1st); 29 February
    falls on 1 March (`leap_march`) or 28 February in a common year."""
    target = year + years
    if month == 2 and day == 29 and not is_leap(target):
        month, day = (3, 1) if leap_march else (2, 28)
    return (target * 12 + month - 1, day == 1)


def birthday_ordinal(year, month, day, years):
    """The date of the `years`-th birthday as an ordinal; 29 February falls on 1 March in a
    common year."""
    target = year + years
    if month == 2 and day == 29 and not is_leap(target):
        month, day = 3, 1
    return datetime.date(target, month, day).toordinal()


class Child:
    """A child as the rights describe it. A lost birth date (None) counts as not yet born.
    `alternating` (a child in alternating residence) is kept and changes no amount."""

    __slots__ = ("birth", "birth_month", "aeeh", "alternating", "_ymd",
                 "_birth_ordinal", "_birthdays", "_birthday_months")

    NOT_BORN = 1 << 40  # a month index after every real one

    def __init__(self, birth, aeeh, alternating=False):
        self.birth = birth
        self.aeeh = bool(aeeh)
        self.alternating = bool(alternating)
        self._birthdays = {}
        self._birthday_months = {}
        if birth is None:
            self._ymd = self._birth_ordinal = None
            self.birth_month = Child.NOT_BORN
        else:
            year, month, day = int(birth[0:4]), int(birth[5:7]), int(birth[8:10])
            self._ymd = (year, month, day)
            self._birth_ordinal = datetime.date(year, month, day).toordinal()
            self.birth_month = year * 12 + month - 1

    @property
    def known(self):
        return self._ymd is not None

    def birthday(self, years, p):
        """The `years`-th birthday as (month index, on the 1st) under the readings of month
        parameters `p` ((NOT_BORN, False) for a lost birth date)."""
        if self._ymd is None:
            return (Child.NOT_BORN, False)
        key = (years, p.leap_march)
        found = self._birthday_months.get(key)
        if found is None:
            found = self._birthday_months[key] = birthday_of(*self._ymd, years, p.leap_march)
        return found

    def born_before(self, day):
        """Born before the day (an ordinal): the birth date is earlier."""
        return self._ymd is not None and self._birth_ordinal < day

    def under_on(self, years, day):
        """Under `years` on the day (an ordinal): the birthday of that age is after it."""
        if self._ymd is None:
            return False
        found = self._birthdays.get(years)
        if found is None:
            found = self._birthdays[years] = birthday_ordinal(*self._ymd, years)
        return found > day

    @classmethod
    def from_json(cls, item):
        return cls(item.get("birth"), item.get("aeeh", False), item.get("alternating", False))


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


class WrongRegime(ValueError):
    """A computation asked for a care month of the other regime (the bracket rules for a month
    of the hourly CMG, or the reverse): never computed, a bug of the caller."""


REGIMES = ("brackets", "hourly")
CONDITION_END_RULES = ("month_kept", "month_lost", "age_on_the_1st")
LEAP_DAY_READINGS = ("march_1", "february_28")
AEEH_READINGS = ("distinct_value", "row")
ROUNDING_READINGS = ("cent", "euro")
INDEMNITY_READINGS = ("none", "cap_check_only", "excluded_from_cost")


def _choice(table, series, month, key, allowed):
    value = table.entry(series, month)[key]
    if value not in allowed:
        raise ValueError("parameter table: %s: unknown %s %r for %s (expected one of %s)"
                         % (series, key, value, month_text(month), ", ".join(allowed)))
    return value


class MonthParameters:
    """Every value of the table in force on the 1st day of one care month, for its regime:
    the bracket values in a month of the brackets, the hourly values in a month of the hourly
    CMG (docs/law-parameters.md), the contributions and the age rule in both."""

    __slots__ = ("month", "hourly", "bmaf", "smic", "rates", "age_factor", "single_parent_increase",
                 "aeeh_increase", "salary_cap_share", "crds_rate", "daily_cap_num",
                 "daily_cap_den", "coverage_assmat", "coverage_home", "home_cap_under_3",
                 "home_cap_3_to_6", "home_cap_household", "gross_num", "gross_den", "employer", "until_august", "until_august_cap",
                 "condition_rule", "leap_march",
                 # the hourly regime
                 "hourly_cap", "hourly_cap_condition", "reference_cost", "resource_floor", "resource_ceiling",
                 "effort_rates", "counted_under_years", "age_years", "single_parent_age_years",
                 "aeeh_reading", "rounding", "clamp_at_zero", "indemnity_reading", "transitional",
                 "first_day", "factors")

    def __init__(self, table, month):
        self.month = month
        entry = table.entry
        self.hourly = table.regime(month) == "hourly"
        # Both regimes: the contributions, their coverage and the age rule.
        coverage = entry("contributions_coverage", month)
        self.coverage_assmat = Rate(_ratio(coverage["assmat"]))
        self.coverage_home = Rate(_ratio(coverage["home_carer"]))
        caps = entry("home_carer_contributions_cap", month)
        self.home_cap_under_3 = _euros(caps["under_3"])
        self.home_cap_3_to_6 = _euros(caps["age_3_to_6"])
        # A reading: whose children give the under-3 cap (docs/law-parameters.md).
        self.home_cap_household = caps.get("children", "contract") == "household"
        contributions = entry("approximate_contribution_rates", month)
        employee = _ratio(contributions["employee"])
        gross_from_net = 1 / (1 - employee)
        self.gross_num, self.gross_den = gross_from_net.numerator, gross_from_net.denominator
        self.employer = Rate(_ratio(contributions["employer"]))
        self.condition_rule = _choice(table, "condition_end", month, "rule", CONDITION_END_RULES)
        self.leap_march = True
        if "birthday_of_29_february" in table.series:
            self.leap_march = _choice(table, "birthday_of_29_february", month, "reading", LEAP_DAY_READINGS) == "march_1"
        if self.hourly:
            self._hourly(table, month)
            return
        # No bracket value is read for an hourly month: the bracket rules never compute one.
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
        # Daily cap: net / (1 - employee) / days / children > multiple x SMIC, i.e.
        # net > multiple x SMIC x (1 - employee) x days x children, compared exactly.
        per_day = _ratio(entry("assmat_daily_cap_smic_multiple", month)["ratio"]) * self.smic * (1 - employee)
        self.daily_cap_num, self.daily_cap_den = per_day.numerator, per_day.denominator
        until_august = entry("full_rate_until_august", month)
        self.until_august = bool(until_august["enabled"])
        # A reading (optional, default true): the full rate kept until August keeps a home
        # carer's under-3 contributions cap too; false: the cap follows the age alone.
        self.until_august_cap = bool(until_august.get("contributions_cap", True))

    def _hourly(self, table, month):
        """docs/law-parameters.md, "Series of the hourly regime"."""
        entry = table.entry
        self.first_day = datetime.date(month // 12, month % 12 + 1, 1).toordinal()
        self.factors = {}
        cap = entry("hourly_cap", month)
        self.hourly_cap = {"assmat": _euros(cap["assmat"]), "home_carer": _euros(cap["home_carer"])}
        # A reading: a binding cap clips the cost, or refuses the month (docs/law-parameters.md).
        self.hourly_cap_condition = cap.get("rule", "clip") == "condition"
        cost = entry("reference_hourly_cost", month)
        # Euros per hour, exact (the formula divides by it).
        self.reference_cost = {"assmat": Fraction(_euros(cost["assmat"]), 100),
                               "home_carer": Fraction(_euros(cost["home_carer"]), 100)}
        for mode, value in self.reference_cost.items():
            if value <= 0:
                raise ValueError("parameter table: reference_hourly_cost: %s must be above 0" % mode)
        self.resource_floor = _whole_euros(entry("monthly_resource_floor", month)["euros"])
        self.resource_ceiling = _whole_euros(entry("monthly_resource_ceiling", month)["euros"])
        rates = entry("effort_rates", month)
        # Percentages of the monthly resources, one per number of children (1 to 10).
        self.effort_rates = {"assmat": [_ratio(v) for v in rates["assmat_percent"]],
                             "home_carer": [_ratio(v) for v in rates["home_carer_percent"]]}
        for mode, values in self.effort_rates.items():
            if len(values) != 10:
                raise ValueError("parameter table: effort_rates: %s_percent needs 10 rates" % mode)
        self.counted_under_years = int(rates["children_counted_under_years"])
        ages = entry("age_limits", month)
        self.age_years = int(ages["years"])
        self.single_parent_age_years = int(ages["single_parent_years"])
        self.aeeh_reading = _choice(table, "aeeh_effort_step", month, "reading", AEEH_READINGS)
        self.rounding = _choice(table, "hourly_rounding", month, "reading", ROUNDING_READINGS)
        self.clamp_at_zero = bool(entry("hourly_clamp_at_zero", month)["enabled"])
        self.indemnity_reading = _choice(table, "indemnity_exclusion", month, "reading", INDEMNITY_READINGS)
        self.transitional = TransitionalParameters(entry("transitional_complement", month))


def _whole_euros(value):
    cents = _euros(value)
    if cents % 100:
        raise ValueError("parameter table: must be whole euros: %s" % format_cents(cents))
    return cents // 100


class TransitionalParameters:
    """One entry of `transitional_complement` (docs/law-parameters.md)."""

    __slots__ = ("period", "duration_months", "cap_share", "single_parent_factor", "ceilings",
                 "min_hours", "min_months_declared")

    def __init__(self, item):
        period = item["reference_period"]
        first, last = month_index(period["from"]), month_index(period["to"])
        if last < first:
            raise ValueError("parameter table: transitional_complement: reference_period out of order")
        self.period = list(range(first, last + 1))
        self.duration_months = int(item["duration_months"])
        self.cap_share = Rate(_ratio(item["cap_share_of_net_pay"]))
        self.single_parent_factor = _ratio(item["single_parent_ceiling_factor"])
        ceilings = item["ceilings"]
        self.ceilings = (_euros(ceilings["one_child"]), _euros(ceilings["two_children"]),
                         _euros(ceilings["per_extra_child"]))
        self.min_hours = {key: int(value) for key, value in item["min_hours"].items()}
        # A reading, optional (docs/law-parameters.md): 2 without it.
        self.min_months_declared = int(item.get("min_months_declared", 2))


class ParameterTable:
    """The table of `params_file`; values resolved per care month, once."""

    SERIES = ("bmaf", "smic_hourly_gross", "resource_ceilings", "single_parent_ceiling_factor",
              "remuneration_rates", "age_3_to_6_factor", "single_parent_increase",
              "aeeh_increase", "salary_cap_share", "crds_rate", "assmat_daily_cap_smic_multiple",
              "contributions_coverage", "home_carer_contributions_cap",
              "approximate_contribution_rates", "full_rate_until_august", "law_regime",
              "condition_end")
    # Optional: a table without it reads 1 March.
    OPTIONAL_SERIES = ("birthday_of_29_february",)
    # Required when the table covers a month of the hourly regime (docs/law-parameters.md).
    HOURLY_SERIES = ("hourly_cap", "reference_hourly_cost", "monthly_resource_floor",
                     "monthly_resource_ceiling", "effort_rates", "age_limits", "aeeh_effort_step",
                     "hourly_rounding", "hourly_clamp_at_zero", "indemnity_exclusion",
                     "transitional_complement")

    def __init__(self, document):
        self.version = document.get("version", "")
        self.series = {}
        for name in self.SERIES + self.HOURLY_SERIES + self.OPTIONAL_SERIES:
            entries = document.get(name)
            if not entries:
                if name in self.HOURLY_SERIES or name in self.OPTIONAL_SERIES:
                    continue  # required only with an hourly month, checked below
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
        self._transitional_first = None
        self._hourly = {}
        # The first hourly month: the first covered month whose law_regime is "hourly".
        self.first_hourly = None
        for first, last in self.covered:
            for month in range(first, last + 1):
                if self.regime(month) == "hourly":
                    self.first_hourly = month
                    break
            if self.first_hourly is not None:
                break
        if self.first_hourly is not None:
            for name in self.HOURLY_SERIES:
                if name not in self.series:
                    raise ValueError("parameter table: %s missing: the table covers %s, a month of the "
                                     "hourly regime, which needs this series"
                                     % (name, month_text(self.first_hourly)))
                self.entry(name, self.first_hourly)  # in force from the first hourly month

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

    def is_hourly(self, month):
        found = self._hourly.get(month)
        if found is None:
            found = self._hourly[month] = self.regime(month) == "hourly"
        return found

    def transitional_first(self):
        """The complément différentiel's entry in force in the first hourly month: its
        reference period is the one the centre averages (docs/sut-protocol.md, rule 2)."""
        found = self._transitional_first
        if found is None:
            found = self._transitional_first = TransitionalParameters(
                self.entry("transitional_complement", self.first_hourly))
        return found

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
    """What one contract's month gives: the CMG (remuneration part) and the contributions.

    In a month of the hourly regime `complement` is the complément différentiel added to the
    CMG by the centre (0 until it sets it), and `cmg_total` what `pay_cmg` pays for the
    declaration: max(0, CMG + complement). In a month of the brackets it is `cmg_paid`."""

    __slots__ = ("eligible", "refusal", "cmg_max", "cmg_remuneration", "crds", "cmg_paid",
                 "covered_rate", "gross", "employee", "employer", "total", "covered", "uncovered",
                 "hourly", "resources_monthly", "effort_rate", "cost_retained", "cap_binds",
                 "complement")

    def __init__(self):
        self.eligible = False
        self.refusal = None
        self.cmg_max = self.cmg_remuneration = self.crds = self.cmg_paid = 0
        self.covered_rate = NO_COVERAGE
        self.gross = self.employee = self.employer = self.total = 0
        self.covered = self.uncovered = 0
        self.hourly = False
        self.resources_monthly = 0
        self.effort_rate = Fraction(0)
        self.cost_retained = Fraction(0)  # exact, in cents
        self.cap_binds = False
        self.complement = 0

    @property
    def cmg_total(self):
        return max(0, self.cmg_paid + self.complement)


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
        if not self._still_holds(p, child.birthday(6, p)):
            return TOO_OLD
        third = child.birthday(3, p)
        if self._still_holds(p, third):
            return FULL_RATE
        third = third[0]
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
    def coverage(self, result, p, mode, any_full_rate, any_under_3):
        if mode == "assmat":
            result.covered_rate = p.coverage_assmat.value
            result.covered = apply_rate(result.total, p.coverage_assmat)
        else:
            result.covered_rate = p.coverage_home.value
            full_cap = any_full_rate if p.until_august_cap else any_under_3
            cap = p.home_cap_under_3 if full_cap else p.home_cap_3_to_6
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
        if p.hourly:
            raise WrongRegime("care month %s falls under the hourly CMG: the bracket rules do not "
                              "compute it (Calculator.hourly does)" % month_text(month))
        result = Entitlement()
        self.contributions(result, p, net)
        any_full_rate = any_under_3 = any_aeeh = False
        eligible = []
        for index in contract_children:
            child = children[index]
            band = self.age_band(child, p)
            if band == FULL_RATE or band == HALF_RATE:
                full = band == FULL_RATE
                eligible.append((child, full))
                any_full_rate = any_full_rate or full
                # Under 3 by age alone, without the full rate kept until August.
                any_under_3 = any_under_3 or (full and self._still_holds(p, child.birthday(3, p)))
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
        if p.home_cap_household:
            # Every child of the household counted in the month, for the home carer's cap.
            for child in children:
                if self.age_band(child, p) == FULL_RATE:
                    any_full_rate = True
                    any_under_3 = any_under_3 or self._still_holds(p, child.birthday(3, p))
        self.coverage(result, p, mode, any_full_rate, any_under_3)
        return result

    # -- the hourly regime (docs/entitlement.md, "Rules of the hourly regime, in the order
    #    applied"). Money in cents; every intermediate value exact (Fraction); rounded only
    #    where a rule says so, half-up.

    def _still_holds(self, p, birthday):
        """A condition that ends with `birthday` ((month index, on the 1st)) holds in care
        month p.month: under "month_kept" the month of the birthday is kept (R552-3 II 1°);
        under "age_on_the_1st" too, unless the birthday is on its 1st."""
        end_month, on_the_1st = birthday
        if p.condition_rule == "month_lost" or (p.condition_rule == "age_on_the_1st" and on_the_1st):
            return end_month > p.month
        return end_month >= p.month

    # Rule 3
    def hourly_eligible(self, p, single_parent, children, contract_children):
        limit = p.single_parent_age_years if single_parent else p.age_years
        eligible = []
        for index in contract_children:
            child = children[index]
            if child.birth_month < p.month and self._still_holds(p, child.birthday(limit, p)):
                eligible.append(child)
        return eligible

    # Rule 5
    def effort_rate(self, p, mode, children):
        first_day = p.first_day
        counted = [c for c in children
                   if c.born_before(first_day)
                   and self._still_holds(p, c.birthday(p.counted_under_years, p))]
        n = max(1, len(counted))
        k = sum(1 for c in counted if c.aeeh)
        rates = p.effort_rates[mode]
        if p.aeeh_reading == "row":
            return rates[min(n + k, 10) - 1]
        rate = rates[min(n, 10) - 1]
        for _ in range(k):
            lower = [value for value in rates if value < rate]
            if not lower:
                break
            rate = max(lower)
        return rate

    # Rule 7's factor 1 - R x rate / Cref, exact, as (numerator, denominator); 0 when negative
    # and the table clamps it. Few distinct values: kept per month.
    def factor(self, p, mode, resources, rate):
        key = (mode, resources, rate.numerator, rate.denominator)
        found = p.factors.get(key)
        if found is None:
            factor = 1 - Fraction(resources) * rate / 100 / p.reference_cost[mode]
            if factor < 0 and p.clamp_at_zero:
                factor = Fraction(0)
            found = p.factors[key] = (factor.numerator, factor.denominator)
        return found

    def hourly(self, month, resources_monthly, single_parent, children, mode, contract_children,
               net, maintenance, meals, hours, indemnities=0):
        """One contract's hourly month. `resources_monthly` in euros before the floor and the
        ceiling; `hours` in hundredths of an hour; amounts in cents. The complément
        différentiel is not included (see `complement`)."""
        p = self.table.month(month)
        if not p.hourly:
            raise WrongRegime("care month %s falls under the resource brackets: the hourly rules do "
                              "not compute it" % month_text(month))
        result = Entitlement()
        result.hourly = True
        # Rule 1 (rule 2, the activity condition, is always met in a run)
        self.contributions(result, p, net)
        # Rule 3
        eligible = self.hourly_eligible(p, single_parent, children, contract_children)
        if not eligible:
            limit = p.single_parent_age_years if single_parent else p.age_years
            result.refusal = "no child of the contract under %d and born before the month" % limit
            return result
        # Rule 4
        resources = max(p.resource_floor, min(resources_monthly, p.resource_ceiling))
        # Rule 5
        rate = self.effort_rate(p, mode, children)
        # Rule 6: the cost and the hourly cap, exactly: in hundredths of a cent here (euros per
        # hour in cents x hours in hundredths)
        cost = net + maintenance + meals if mode == "assmat" else net
        cap = p.hourly_cap[mode] * hours
        checked = (cost if p.indemnity_reading == "none" else cost - indemnities) * 100
        retained = min(checked, cap)
        if p.indemnity_reading == "cap_check_only":
            retained += indemnities * 100
        binds = checked > cap
        if binds and p.hourly_cap_condition:
            result.refusal = "hourly cap as a condition"
            return result
        # Rule 7: CMG = retained x (1 - R x rate / Cref), rate in percent
        num, den = self.factor(p, mode, resources, rate)
        if p.rounding == "euro":
            cmg = round_half_up(retained * num, den * 10000) * 100
        else:
            cmg = round_half_up(retained * num, den * 100)
        result.eligible = True
        result.cmg_remuneration = result.cmg_paid = cmg  # net of CRDS already: nothing deducted
        result.resources_monthly = resources
        result.effort_rate = rate
        result.cost_retained = Fraction(retained, 100)
        result.cap_binds = binds
        # Rule 8
        if mode == "assmat":
            covered_rate = p.coverage_assmat.value
            if binds:
                # The coefficient (cap x hours) / cost, taken exactly (D531-17 I).
                covered_rate = covered_rate * Fraction(cap, checked)
            result.covered_rate = covered_rate
            result.covered = apply_rate(result.total, Rate(covered_rate))
        else:
            result.covered_rate = p.coverage_home.value
            looked_at = ([c for c in children if c.birth_month < p.month] if p.home_cap_household
                         else eligible)
            under_3 = any(self._still_holds(p, child.birthday(3, p)) for child in looked_at)
            cap_amount = p.home_cap_under_3 if under_3 else p.home_cap_3_to_6
            result.covered = min(apply_rate(result.total, p.coverage_home), cap_amount)
        result.uncovered = result.total - result.covered
        return result

    # The complément différentiel (docs/entitlement.md, "The transitional complement")

    def first_hourly_day(self):
        first = self.table.first_hourly
        return datetime.date(first // 12, first % 12 + 1, 1).toordinal()

    def complement_resources_ok(self, month, resources_2023, single_parent, children):
        """Condition 3 from the resources of 2023 (in cents), as `pajesim entitlement` judges
        a request; the centre reads the CAF's bracket instead (docs/sut-protocol.md rule 2)."""
        p = self.table.month(month)
        t = p.transitional
        start = self.first_hourly_day()
        first = self.table.month(self.table.first_hourly)
        n = max(1, sum(1 for c in children
                       if c.born_before(start)
                       and self._still_holds(first, c.birthday(first.counted_under_years, first))))
        one, two, extra = t.ceilings
        ceiling = one if n == 1 else two + (n - 2) * extra
        factor = t.single_parent_factor if single_parent else Fraction(1)
        return resources_2023 * factor.denominator <= ceiling * factor.numerator

    def complement(self, month, children, mode, contract_children, net, cmg_remuneration,
                   old_average, new_average, average_hours, resources_ok, typology=None):
        """The amount of one declaration, from the averages (cents; `average_hours` in
        hundredths of an hour, or None not to check it). `typology` names the minimum the
        hours must reach (one of TYPOLOGIES: for an assmat, the household's); None takes the
        contract's own. Conditions 1 to 4, then min(max(0, old - new), max(0, 90 % x net - CMG))."""
        p = self.table.month(month)
        t = p.transitional
        first = self.table.first_hourly
        # 1. within duration_months of the first hourly month
        if not 0 <= month - first < t.duration_months:
            return 0
        # 2. a child of the contract born before the first hourly month's 1st, under 6 that day
        start = self.first_hourly_day()
        kids = [children[i] for i in contract_children]
        if not any(c.born_before(start) and c.under_on(6, start) for c in kids):
            return 0
        # 3. the resources of 2023 within the ceiling
        if not resources_ok:
            return 0
        # 4. the average hours reach the typology's minimum
        if average_hours is not None:
            if typology is None:
                if mode == "home_carer":
                    typology = "home_carer"
                elif any(c.born_before(start) and c.under_on(3, start) for c in kids):
                    typology = "assmat_one_child_under_3"
                else:
                    typology = "assmat_one_child_3_or_over"
            if average_hours < t.min_hours[typology] * 100:
                return 0
        fixed = max(0, old_average - new_average)
        room = max(0, apply_rate(net, t.cap_share) - cmg_remuneration)
        return min(fixed, room)


# The typologies of the complément différentiel's minimum hours (docs/entitlement.md, "The
# transitional complement", condition 4), keys of the table's `min_hours`.
TYPOLOGIES = ("assmat_one_child_under_3", "assmat_one_child_3_or_over", "home_carer",
              "assmat_several_all_under_3", "assmat_several_one_3_or_over")


def assmat_typology(contracts, children_under_3):
    """The household's assmat typology: one contract counted or several (one child each), and
    whether every child is under 3 on the hourly regime's first day."""
    if contracts == 1:
        return "assmat_one_child_under_3" if children_under_3 else "assmat_one_child_3_or_over"
    return "assmat_several_all_under_3" if children_under_3 else "assmat_several_one_3_or_over"


# ----------------------------------------------------------------------------------------
# Rights and declarations as the centre holds them

class Record:
    """One rights decision of the CAF, for care months from `valid_from` on."""

    __slots__ = ("valid_from", "bracket", "single_parent", "children", "resources_monthly")

    def __init__(self, valid_from, bracket, single_parent, children, resources_monthly=None):
        self.valid_from = valid_from
        self.bracket = bracket
        self.single_parent = single_parent
        self.children = children
        # Euros, before the floor and the ceiling; only in records valid from an hourly month.
        self.resources_monthly = resources_monthly

    @classmethod
    def from_json(cls, item):
        resources = item.get("resources_monthly")
        return cls(month_index(item["valid_from"]), int(item["bracket"]), bool(item["single_parent"]),
                   [Child.from_json(child) for child in item["children"]],
                   None if resources is None else int(resources))

    def same_decision(self, other):
        """The same decision: the same month, bracket, single-parent flag, children known (and
        which lost their birth date) and monthly resources. The children's other facts are the
        family's and do not tell two records apart."""
        return (self.valid_from == other.valid_from and self.bracket == other.bracket
                and self.single_parent == other.single_parent
                and [c.known for c in self.children] == [c.known for c in other.children]
                and (self.resources_monthly or 0) == (other.resources_monthly or 0))


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

    def holds_exactly(self, family, wanted):
        """Whether the copy, from wanted[0].valid_from on, is exactly `wanted` (what applying
        them in order would leave)."""
        if not wanted:
            return True
        start = wanted[0].valid_from
        held = [r for r in self.records.get(family, ()) if r.valid_from >= start]
        return len(held) == len(wanted) and all(a.same_decision(b) for a, b in zip(held, wanted))


class Declaration:
    __slots__ = ("id", "family", "contract", "carer", "mode", "plus", "month", "net",
                 "maintenance", "days", "hours", "meals", "children", "caf_check", "settled",
                 "memo_old", "memo_new")

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
        # In a run that needs hourly_regime: the paid hours (in hundredths) and the meal costs.
        hours = message.get("hours")
        self.hours = None if hours is None else parse_cents(hours)
        self.meals = parse_cents(message.get("meals", "0.00"))
        self.children = message["children"]
        check = message.get("caf_check")
        self.caf_check = None if check is None else (parse_cents(check["cmg"]), parse_cents(check["covered"]))
        self.settled = False  # settled with rights (rule 3, or by a regularisation)
        self.memo_old = self.memo_new = None  # Centre.old_cmg and Centre.new_cmg, as a reference month

    @property
    def pay(self):
        """What the carer is owed: net salary + maintenance."""
        return self.net + self.maintenance


class MonthState:
    """A family's care month: the declarations taken in, the CMG ordered, what was debited,
    the overpayment found and not yet taken back."""

    __slots__ = ("declarations", "cmg_ordered", "claimed", "debited", "outstanding", "written_off",
                 "not_before", "debit_scheduled")

    def __init__(self):
        self.declarations = []
        # Every pay_cmg decided for the month, arrears included, less what was taken back
        # (recovered, or about to be).
        self.cmg_ordered = 0
        self.claimed = 0      # every claim_covered decided for the month (claimed or scheduled)
        self.debited = 0      # executed debits (each execution counted), less refunds ordered
        self.outstanding = 0  # the overpayment still to take back (part of cmg_ordered)
        self.written_off = 0  # waived: the family keeps it (part of cmg_ordered)
        self.not_before = 0   # the last notification + the notice period (a day ordinal)
        self.debit_scheduled = False  # debit policy: a recovery is planned


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
        self.by_contract = {}   # (contract, month index) -> the Declaration taken in
        self.family_contracts = {}  # family -> {contract: mode}, the contracts taken in, in order
        self.births = {}        # family -> {child index: Child}, the last birth date received
        self.run_months = (0, -1)  # the care months of the run (month indexes)
        self.months = {}        # family -> {month index -> MonthState}
        self.pending = {}       # day ordinal -> decided orders, in the order decided
        self.debits = {}        # order id -> (family, month, amount, kind, contract)
        self.recoveries_executed = set()  # recovery orders executed once (a second is paid back)
        self.unsettled = {}     # family -> declarations taken in and not settled (months held)
        # Overpayments (rules 11 and 12): family -> outstanding over all its months; family ->
        # (month index, amount deducted from the payments made in that calendar month).
        self.overpaid_families = {}
        self.deducted = {}
        # Pajemploi+ (rule 10), by (contract, month): the debit executed; the carer's pay waiting
        # for it (-> (family, amount)); the rejections counted. By family: the contract-months
        # whose debit was rejected and not executed since; the parent's income day.
        self.plus_debited = set()
        self.carer_waiting = {}
        self.rejections = {}
        self.months_unpaid = {}
        self.income_days = {}
        self.complement_granted = set()  # families the centre ever computed a complément for
        self.next_order = 0
        self.calendar = None
        self.calculator = None
        self.today = 0
        self.today_month = 0
        self.month_texts = {}

    # -- handshake -------------------------------------------------------------------

    def hello(self, message):
        table = ParameterTable.load(message["params_file"])
        self.run_months = (month_index(message["first_month"]), month_index(message["last_month"]))
        self.calculator = self.make_calculator(table)
        self.calendar = Calendar(message["first_day"], message["last_day"], message.get("public_holidays", []))
        workflow = message.get("workflow", {})
        self.cmg_delay = int(workflow.get("cmg_payment_delay_business_days", 2))
        self.debit_delay = int(workflow.get("contributions_debit_business_days", 2))
        self.carer_delay = int(workflow.get("pajemploi_plus_carer_payment_business_days", 3))
        self.carer_deadline_day = int(workflow.get("pajemploi_plus_carer_payment_deadline_day", 8))
        self.representation_days = int(workflow.get("debit_representation_days", 10))
        self.carer_pay_rule = workflow.get("carer_pay_rule", "guarantee")
        self.guaranteed_months = int(workflow.get("guaranteed_months", 1))
        self.escalate_after = int(workflow.get("escalate_after_rejections", 3))
        self.represent_after_income = bool(workflow.get("represent_after_income", True))
        overpayment = message.get("overpayment", {})
        self.recovery = overpayment.get("recovery", "debit")
        self.monthly_limit = parse_cents(overpayment.get("monthly_limit", "0.00"))
        self.notice_days = int(overpayment.get("notice_days", 30))
        # deduct: what is still outstanding this many days after the notice period is debited
        # (0, or a pajesim that does not send it: never).
        self.remainder_days = int(overpayment.get("debit_remainder_after_days", 0))
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
        now = self.pending[self.today] = []
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
            elif kind == "reconcile":
                self.reconcile(item)
            else:
                print("centre: unknown message type %r ignored" % kind, file=sys.stderr)
        # Then the orders decided before, given in turn (each appends to today's).
        for order in earlier:
            self.give(order)
        del self.pending[self.today]
        return {"type": "actions", "date": date, "actions": self.emit(now)}

    def give(self, order):
        """An order decided on an earlier day, on its day: a CMG payment is followed by the
        deductions it carries (rule 11), a Pajemploi+ carer's pay may wait for the parent's
        debit (rule 10), an overpayment's recovery is looked at again (rule 11)."""
        kind = order[0]
        if kind == "pay_cmg":
            self.schedule(self.today, order)
            self.deduct_from(order[1], order[3])
        elif kind == "pay_carer":
            _, family, contract, month, amount = order
            if self.carer_waits_for_debit(family, contract, month):
                self.carer_waiting[(contract, month)] = (family, amount)
                self.schedule(self.today, ("withhold_carer", family, contract, month,
                                           "Pajemploi+: the carer's pay waits for the parent's debit"))
            else:
                self.schedule(self.today, order)
        elif kind == "recovery":
            self.recover(order[1], order[2])
        else:
            self.schedule(self.today, order)

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
                _, family, month, amount, debit_kind, contract = order
                order_id = self.new_order_id("D")
                self.debits[order_id] = (family, month, amount, debit_kind, contract)
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
            elif kind == "recover_overpayment":
                _, family, month, amount, deducted = order
                order_id = self.new_order_id("O")
                if not deducted:  # a debit: its return is read
                    self.debits[order_id] = (family, month, amount, "recovery", None)
                actions.append({"type": "recover_overpayment", "order": order_id, "family": family,
                                "month": self.month_string(month), "amount": format_cents(amount),
                                "deducted": deducted})
            elif kind in ("notify_overpayment", "write_off_overpayment"):
                _, family, month, amount, reason = order
                actions.append({"type": kind, "family": family, "month": self.month_string(month),
                                "amount": format_cents(amount), "reason": reason})
            elif kind == "withhold_carer":
                _, family, contract, month, reason = order
                actions.append({"type": "withhold_carer", "family": family, "contract": contract,
                                "month": self.month_string(month), "reason": reason})
        return actions

    def order_cmg(self, day, family, month, amount, arrears):
        self.month_state(family, month).cmg_ordered += amount
        self.schedule(day, ("pay_cmg", family, month, amount, arrears))
        if day == self.today:
            self.deduct_from(family, amount)  # a payment of today's carries its deductions now

    def order_claim(self, day, family, month, amount):
        self.month_state(family, month).claimed += amount
        self.schedule(day, ("claim_covered", family, month, amount))

    def order_debit(self, day, family, month, amount, kind, contract=None):
        """`contract`: the contract of a `pajemploi_plus` debit (its carer's pay may wait for it)."""
        self.schedule(day, ("debit", family, month, amount, kind, contract))

    # -- rights --------------------------------------------------------------------------

    def on_rights(self, message):
        self.apply_rights(message["family"], Record.from_json(message))

    def apply_rights(self, family, record):
        """A record replaces those held from its valid_from on; the birth dates it gives are
        remembered (the complément différentiel's household typology reads the last one
        received for each child, whatever record it came in)."""
        self.rights.apply(family, record)
        births = self.births.get(family)
        if births is None:
            births = self.births[family] = {}
        for index, child in enumerate(record.children):
            if child.known:
                births[index] = child

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
        self.unsettled[declaration.family] = self.unsettled.get(declaration.family, 0) + 1
        income_day = message.get("income_day")
        if income_day is not None:
            self.income_days[declaration.family] = int(income_day)
        self.by_contract[(declaration.contract, declaration.month)] = declaration
        contracts = self.family_contracts.get(declaration.family)
        if contracts is None:
            contracts = self.family_contracts[declaration.family] = {}
        contracts.setdefault(declaration.contract, declaration.mode)
        computed = self.compute(declaration)
        if parallel_check and declaration.caf_check is not None:
            # Rule 5: the CAF's computation must agree, and there must be rights.
            if computed is None:
                self.settle_without_rights(declaration, "no rights")
                self.ask_for_file(declaration.family, "parallel run: no rights for %s" % declaration.id)
                return declaration
            cmg, covered = declaration.caf_check
            # The CAF's figure is the CMG before the complément différentiel.
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
        month = declaration.month
        record = self.rights.lookup(declaration.family, month)
        if record is None:
            return None
        hourly = self.calculator.table.is_hourly(month)
        if hourly and not self.has_resources(record):
            return None  # a record of the brackets carries no resources: as without rights
        known = len(record.children)
        contract_children = [c for c in declaration.children if c < known]
        if record.bracket == 0 or not contract_children:
            return self.calculator.contributions_only(month, declaration.net)
        if not hourly:
            return self.calculator.compute(month, record.bracket, record.single_parent,
                                           record.children, declaration.mode, contract_children,
                                           declaration.net, declaration.maintenance, declaration.days)
        result = self.calculator.hourly(month, record.resources_monthly, record.single_parent,
                                        record.children, declaration.mode, contract_children,
                                        declaration.net, declaration.maintenance, declaration.meals,
                                        self.hours_of(declaration))
        if result.eligible:
            result.complement = self.complement(declaration, record, contract_children, result)
            if result.complement > 0:
                self.complement_granted.add(declaration.family)
        return result

    def has_resources(self, record):
        """A record valid from a month of the hourly regime, with its monthly resources."""
        first = self.calculator.table.first_hourly
        return record.resources_monthly is not None and first is not None and record.valid_from >= first

    @staticmethod
    def hours_of(declaration):
        if declaration.hours is None:
            raise ValueError("declaration %s has no `hours`: a run that reaches the hourly regime "
                             "sends them in every declaration" % declaration.id)
        return declaration.hours

    def complement(self, declaration, record, contract_children, result):
        """The complément différentiel of one declaration of an hourly month, from the centre's
        records as they stand now (docs/sut-protocol.md, rule 2)."""
        table = self.calculator.table
        first = table.first_hourly
        switch = self.rights.lookup(declaration.family, first)  # the record in force for 2025-09
        if switch is None or not self.has_resources(switch):
            return 0  # no new CMG can be computed for any reference month
        period = table.transitional_first().period
        old_sum = new_sum = hours_sum = counted = 0
        for month in period:
            if not self.run_months[0] <= month <= self.run_months[1]:
                continue
            if table.is_hourly(month):
                continue  # the old CMG is the bracket regime's: a month of the brackets only
            reference = self.by_contract.get((declaration.contract, month))
            if reference is None:
                continue
            old = self.old_cmg(reference)
            if old is None:
                continue
            new = self.new_cmg(reference, switch, first)
            old_sum += old
            new_sum += new
            hours_sum += self.hours_of(reference)
            counted += 1
        if counted < table.transitional_first().min_months_declared or old_sum == 0:
            return 0
        months = len(period)
        old_average = round_half_up(old_sum, months)
        new_average = round_half_up(new_sum, months)
        if declaration.mode == "assmat":
            # The household's hours with assmats and their typology.
            typology, hours_sum = self.assmat_household(declaration.family, period)
        else:
            typology = "home_carer"  # a home carer's own hours, of the months counted
        average_hours = -(-hours_sum // (100 * months)) * 100  # rounded up to the whole hour
        resources_ok = switch.bracket in (1, 2)
        return self.calculator.complement(declaration.month, record.children, declaration.mode,
                                          contract_children, declaration.net, result.cmg_remuneration,
                                          old_average, new_average, average_hours, resources_ok, typology)

    def assmat_household(self, family, period):
        """The family's assmat hours of the reference period and their typology
        (docs/sut-protocol.md rule 2, "the minimum hours"): every assmat contract of the family
        with a declaration of a reference month taken in, whether or not its amounts can be
        computed; the hours as held now, summed (hundredths of an hour); one child each, under 3
        on the hourly regime's first day by the last birth date received (a child whose date
        never came counts as not yet born: under 3). Returns (typology, total hours)."""
        start = self.calculator.first_hourly_day()
        births = self.births.get(family, {})
        total = contracts = 0
        all_under_3 = True
        for contract, mode in self.family_contracts.get(family, {}).items():
            if mode != "assmat":
                continue
            declared = [self.by_contract.get((contract, month)) for month in period]
            declared = [d for d in declared if d is not None]
            if not declared:
                continue
            contracts += 1
            total += sum(self.hours_of(d) for d in declared)
            child = births.get(declared[0].children[0]) if declared[0].children else None
            if child is not None and not child.under_on(3, start):
                all_under_3 = False
        return assmat_typology(contracts, all_under_3), total

    def old_cmg(self, reference):
        """The bracket regime's CMG paid (after CRDS) of a reference month's declaration, from
        the record in force for that month now; None without rights. Kept on the declaration
        with the record it came from (a record never changes: a new one replaces it)."""
        record = self.rights.lookup(reference.family, reference.month)
        if record is None:
            return None
        memo = reference.memo_old
        if memo is not None and memo[0] is record:
            return memo[1]
        computed = self.compute(reference)
        value = None if computed is None else computed.cmg_paid
        reference.memo_old = (record, value)
        return value

    def new_cmg(self, reference, switch, first):
        """The hourly CMG (without complement) of a reference month's declaration, under the
        rules of the first hourly month and the record in force for it, with the hours
        declared for that month."""
        memo = reference.memo_new
        if memo is not None and memo[0] is switch and memo[1] == reference.hours:
            return memo[2]
        value = self._new_cmg(reference, switch, first)
        reference.memo_new = (switch, reference.hours, value)
        return value

    def _new_cmg(self, reference, switch, first):
        known = len(switch.children)
        contract_children = [c for c in reference.children if c < known]
        if switch.bracket == 0 or not contract_children:
            return 0
        return self.calculator.hourly(first, switch.resources_monthly, switch.single_parent,
                                      switch.children, reference.mode, contract_children,
                                      reference.net, reference.maintenance, reference.meals,
                                      self.hours_of(reference)).cmg_paid

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

    def mark_settled(self, declaration):
        declaration.settled = True
        self.unsettled[declaration.family] -= 1

    def holds_months(self, family):
        """Whether a month of the family's is held: a declaration taken in, never settled."""
        return self.unsettled.get(family, 0) > 0

    def settle_with_rights(self, declaration, computed):
        """Rule 3."""
        self.mark_settled(declaration)
        family, month = declaration.family, declaration.month
        debit_day = self.calendar.nth_business_day_after(self.today, self.debit_delay)
        if not declaration.plus:
            if computed.cmg_total > 0:
                self.order_cmg(self.calendar.nth_business_day_after(self.today, self.cmg_delay),
                               family, month, computed.cmg_total, False)
            if computed.covered > 0:
                self.order_claim(debit_day, family, month, computed.covered)
            if computed.uncovered > 0:
                self.order_debit(debit_day, family, month, computed.uncovered, "contributions")
            return
        if computed.cmg_total > 0:
            self.order_cmg(debit_day, family, month, computed.cmg_total, False)
        if computed.covered > 0:
            self.order_claim(debit_day, family, month, computed.covered)
        amount = declaration.pay + computed.uncovered
        if amount > 0:
            self.order_debit(debit_day, family, month, amount, "pajemploi_plus", declaration.contract)
        self.pay_carer(declaration)

    def settle_without_rights(self, declaration, reason):
        """Rule 4: held until a regularisation; Pajemploi+ still debits the pay and pays the carer."""
        family, month = declaration.family, declaration.month
        self.schedule(self.today, ("hold", family, month, declaration.id, reason))
        if declaration.plus:
            if declaration.pay > 0:
                self.order_debit(self.calendar.nth_business_day_after(self.today, self.debit_delay),
                                 family, month, declaration.pay, "pajemploi_plus", declaration.contract)
            self.pay_carer(declaration)

    def ask_for_file(self, family, reason):
        self.schedule(self.today, ("open_file", family, reason[:200]))

    # -- bank returns ----------------------------------------------------------------------

    def on_bank_return(self, message):
        debit = self.debits.get(message["order"])
        if debit is None:
            return  # a credit: executed (credits are never rejected)
        family, month, amount, kind, contract = debit
        if message["status"] == "executed":
            if kind == "recovery":
                # The overpayment is taken back; a second execution (a faulty bank) is paid back.
                if message["order"] in self.recoveries_executed:
                    self.schedule(self.today, ("pay_cmg", family, month, amount, True))
                self.recoveries_executed.add(message["order"])
                return
            self.month_state(family, month).debited += amount
            if kind == "pajemploi_plus" and (contract, month) not in self.plus_debited:
                self.on_plus_debited(family, contract, month)
        elif message["status"] == "rejected":
            del self.debits[message["order"]]
            self.on_rejected_debit(family, month, amount, kind, contract)

    def on_plus_debited(self, family, contract, month):
        """Rule 10: a Pajemploi+ month's debit executed (the first time): it no longer counts as
        unpaid, and the carer's pay that waited for it is paid now."""
        key = (contract, month)
        self.plus_debited.add(key)
        if self.rejections.pop(key, None) is not None:
            self.months_unpaid[family] -= 1
            if self.months_unpaid[family] == 0:
                del self.months_unpaid[family]
        waiting = self.carer_waiting.pop(key, None)
        if waiting is not None:
            self.schedule(self.today, ("pay_carer", family, contract, month, waiting[1]))

    def on_rejected_debit(self, family, month, amount, kind, contract=None):
        """Rule 6: a new order for the same amount, at least N days after the return. A
        Pajemploi+ debit's rejections are counted (rule 10): at the
        `escalate_after_rejections`-th the family's file is opened, and under `after_debit` with
        `represent_after_income` it is presented again after the parent's next income. A
        recovery's debit makes the overpayment outstanding again (rule 11)."""
        day = self.calendar.first_business_day_from(self.today + self.representation_days)
        if kind == "recovery":
            state = self.month_state(family, month)
            state.outstanding += amount
            state.cmg_ordered += amount
            state.debit_scheduled = True
            self.overpaid_families[family] = self.overpaid_families.get(family, 0) + amount
            self.schedule(day, ("recovery", family, month))
            return
        if kind == "pajemploi_plus":
            key = (contract, month)
            count = self.rejections.get(key, 0)
            if count == 0:
                self.months_unpaid[family] = self.months_unpaid.get(family, 0) + 1
            self.rejections[key] = count = count + 1
            if count == self.escalate_after:
                self.schedule(self.today, ("open_file", family, ESCALATION))
            if self.carer_pay_rule == "after_debit" and self.represent_after_income:
                day = self.after_next_income(family, day)
        self.order_debit(day, family, month, amount, kind, contract)

    def after_next_income(self, family, otherwise):
        """The first business day on or after the parent's next income day (strictly after
        today: this month's if still to come, else next month's)."""
        income_day = self.income_days.get(family)
        if income_day is None:
            return otherwise  # no `income_day` received: the usual delay
        calendar = self.calendar
        income = calendar.day_of_month(self.today_month, income_day)
        if income <= self.today:
            income = calendar.day_of_month(self.today_month + 1, income_day)
        return calendar.first_business_day_from(income)

    def carer_waits_for_debit(self, family, contract, month):
        """Rule 10: whether the carer's pay for the month must wait for the parent's debit.
        Under `guarantee`, the family's unpaid months are covered up to `guaranteed_months`;
        this month's own debit (rejected or not yet presented) is the one the guarantee is for."""
        if (contract, month) in self.plus_debited:
            return False
        if self.carer_pay_rule == "after_debit":
            return True
        others = self.months_unpaid.get(family, 0)
        if (contract, month) in self.rejections and others > 0:
            others -= 1
        return others >= self.guaranteed_months

    # -- overpayments ---------------------------------------------------------------------

    def overpaid(self, family, month, state, excess):
        """Rule 11: an overpayment found. The family is told; the policy waives it at once, or
        takes it back no earlier than the notice period after this (the last) notification."""
        recovery = self.recovery
        reason = ("overpayment found; written off" if recovery == "write_off"
                  else "overpayment found; deducted from later CMG" if recovery == "deduct"
                  else "overpayment found; to be debited")
        self.schedule(self.today, ("notify_overpayment", family, month, excess, reason))
        if recovery == "write_off":
            self.schedule(self.today, ("write_off_overpayment", family, month, excess,
                                       "the centre waives the overpayment"))
            state.written_off += excess  # the family keeps it: nothing is expected back
            return
        state.not_before = self.today + self.notice_days
        state.outstanding += excess
        self.overpaid_families[family] = self.overpaid_families.get(family, 0) + excess
        debits = recovery == "debit" or (recovery == "deduct" and self.remainder_days > 0)
        if debits and not state.debit_scheduled:
            state.debit_scheduled = True
            self.schedule(self.calendar.first_business_day_from(max(self.debit_day(state), self.today + 1)),
                          ("recovery", family, month))

    def debit_day(self, state):
        """The day the month's overpayment may be debited: the end of the notice period, or under
        `deduct` what is still outstanding `debit_remainder_after_days` after it."""
        if self.recovery == "deduct":
            return state.not_before + self.remainder_days
        return state.not_before

    def taken_back(self, family, state, amount):
        """`amount` of the month's outstanding overpayment taken back (or found not due)."""
        state.outstanding -= amount
        left = self.overpaid_families[family] - amount
        if left:
            self.overpaid_families[family] = left
        else:
            del self.overpaid_families[family]

    def recover(self, family, month):
        """The debit of a family's month's overpayment (the debit policy, or what the deduct
        policy could not deduct), on its day: the whole outstanding then (new rights may have
        shrunk it), not before the notice period (and under `deduct` the remainder's delay) is
        over, not while the centre holds any of the family's months (then 7 days later)."""
        state = self.month_state(family, month)
        if state.outstanding <= 0:
            state.debit_scheduled = False
            return
        day = self.debit_day(state)
        if day > self.today:
            self.schedule(self.calendar.first_business_day_from(day), ("recovery", family, month))
            return
        if self.holds_months(family):
            self.schedule(self.calendar.first_business_day_from(self.today + 7), ("recovery", family, month))
            return
        amount = state.outstanding
        self.taken_back(family, state, amount)
        state.cmg_ordered -= amount
        state.debit_scheduled = False
        self.schedule(self.today, ("recover_overpayment", family, month, amount, False))

    def deduct_from(self, family, payment):
        """The deduct policy: a CMG payment just ordered for today is followed by the deduction
        of what may be taken back (notice period over), oldest month first, at most the payment
        and within the monthly limit over the calendar month; none while a month is held."""
        if self.recovery != "deduct" or family not in self.overpaid_families or self.holds_months(family):
            return
        in_month, used = self.deducted.get(family, (None, 0))
        if in_month != self.today_month:
            used = 0
        room = payment
        if self.monthly_limit > 0:
            room = min(room, self.monthly_limit - used)
        months = self.months[family]
        for month in sorted(months):
            if room <= 0:
                break
            state = months[month]
            if state.outstanding <= 0 or state.not_before > self.today:
                continue
            take = min(room, state.outstanding)
            self.taken_back(family, state, take)
            state.cmg_ordered -= take
            used += take
            room -= take
            self.schedule(self.today, ("recover_overpayment", family, month, take, True))
            if family not in self.overpaid_families:
                break
        self.deducted[family] = (self.today_month, used)

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
        cmg = covered = due = 0
        for declaration, result in zip(state.declarations, computed):
            cmg += result.cmg_total
            covered += result.covered
            due += result.uncovered + (declaration.pay if declaration.plus else 0)
            if not declaration.settled:
                self.mark_settled(declaration)
                if result.covered > 0:
                    self.order_claim(self.today, family, month, result.covered)
                if result.uncovered > 0:
                    self.order_debit(self.today, family, month, result.uncovered, "contributions")
        # Rule 12: the CMG computed now against what the family holds by the centre's orders
        # (ordered, less what was taken back), of which the outstanding overpayment is still
        # to take back.
        shortfall = cmg - (self.already_ordered(family, month, state) - state.outstanding - state.written_off)
        if shortfall > 0:
            # Less was overpaid than found (new rights): the planned recovery shrinks first, then
            # what was written off (the family kept it: it is not paid again).
            cancelled = min(shortfall, state.outstanding)
            if cancelled > 0:
                self.taken_back(family, state, cancelled)
            kept = min(shortfall - cancelled, state.written_off)
            state.written_off -= kept
            arrears = shortfall - cancelled - kept
            if arrears > 0:
                self.order_cmg(self.today, family, month, arrears, True)
        elif shortfall < 0:
            self.overpaid(family, month, state, -shortfall)
        # The covered contributions not yet claimed: a month settled when its hours were
        # missing (the cap bound at 0 hours) is covered once they are keyed again.
        unclaimed = covered - state.claimed
        if unclaimed > 0:
            self.order_claim(self.today, family, month, unclaimed)
        excess = state.debited - due
        if excess > 0:
            self.refund(family, month, state, excess)

    def refund(self, family, month, state, excess):
        """Debits beyond the due are given back, once: what is refunded is no longer debited."""
        state.debited -= excess
        self.schedule(self.today, ("refund", family, month, excess))

    def already_ordered(self, family, month, state):
        return state.cmg_ordered

    def fix_file(self, message):
        """Rule 8: the agent's rights, the declarations never received, then a regularisation."""
        family = message["family"]
        for item in message.get("rights", ()):
            self.apply_rights(family, Record.from_json(item))
        declarations = message.get("declarations", ())
        # The hours of every declaration as given: they replace hours taken in wrongly.
        for item in declarations:
            held = self.by_contract.get((item["contract"], month_index(item["month"])))
            if held is not None and held.id == item["id"] and item.get("hours") is not None:
                held.hours = parse_cents(item["hours"])
        for item in declarations:
            self.take_in_from_fix(item)
        self.regularise(family)

    def take_in_from_fix(self, message):
        return self.take_in(message, parallel_check=False)

    def reconcile(self, message):
        """The periodic reconciliation (rule 12): the CAF's decisions since the family's
        cutover, applied only where the copy differs; the family is then regularised, and so
        is a family the centre ever granted a complément différentiel (its own decision on the
        CAF's data, re-examined at each pass)."""
        family = message["family"]
        records = [Record.from_json(item) for item in message.get("rights", ())]
        differs = not self.rights.holds_exactly(family, records)
        if differs:
            for record in records:
                self.apply_rights(family, record)
        if differs or family in self.complement_granted:
            self.regularise(family)


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
