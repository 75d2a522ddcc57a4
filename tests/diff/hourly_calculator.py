#!/usr/bin/env python3
"""A calculator of the hourly CMG (care months from 2025-09), for `pajesim diff`'s tests.

usage: hourly_calculator.py [--bug ratio6|birthday] < requests.jsonl > results.jsonl

Written from docs/entitlement.md ONLY ("The hourly regime", "The age rule", "Output line"),
with the figures of the default table that page gives, and not from pajesim's code: it is an
independent reading of the documentation, so that `pajesim diff` compares two implementations
of the same text. Where the page is silent the value used is marked DOC GAP below (with where
it was taken from instead). Python 3 standard library only; exact arithmetic (Fraction).

--bug plants ONE defect, for diff to find:
  ratio6    the ratio R x effort rate / reference cost is rounded half-up to 6 decimals before
            1 - ratio is taken (as the worked examples of domain-2025.md show it);
  birthday  the month of the limit birthday (6th, or 12th for a single parent) is not kept: a
            child whose birthday falls in the care month is taken as too old.
"""
import datetime
import json
import sys
from fractions import Fraction

# ---- the default table's figures, as docs/entitlement.md gives them ----------------------

HOURLY_START = datetime.date(2025, 9, 1)   # "care months from 2025-09"
REVALUATION = "2026-04"                    # "(... from 2026-04-01, unverified)"
INDEMNITIES_FROM = "2026-01"               # indemnity_exclusion "none" until 2025-12, then cap_check_only


def by_month(month, before, after):
    return after if month >= REVALUATION else before


def floor_euros(month):                    # rule 4: 815 (822 from 2026-04-01)
    return by_month(month, 815, 822)


CEILING_EUROS = 8500                       # rule 4


def hourly_cap(month, assmat):             # rule 6: 8.00 / 15.00 (8.09 / 15.18 from 2026-04-01)
    return Fraction(by_month(month, "8.00", "8.09") if assmat else by_month(month, "15.00", "15.18"))


def reference_cost(month, assmat):         # rule 7: 4.85 / 10.38 (4.91 / 10.50 from 2026-04-01)
    return Fraction(by_month(month, "4.85", "4.91") if assmat else by_month(month, "10.38", "10.50"))


# Rule 5 gives an assmat's rates for 1, 2 and 3 children (0.0619 %, 0.0516 %, 0.0413 %), a
# home carer's as twice as large, and says that 4 children of whom 1 receives the AEEH get
# 0.0206 % (distinct_value) or 0.0310 % (row, so row 5 is 0.0310 %).
# DOC GAP: rows 4 and 6 to 10 are not in docs/entitlement.md (nor elsewhere in docs/); they
# are taken from the table's `effort_rates` (scenarios/params/cmg-2018-2026.json), which
# agrees with the two values the page implies (row 5 = 0.0310, a value below it = 0.0206).
ASSMAT_PERCENT = ["0.0619", "0.0516", "0.0413",
                  "0.0310", "0.0310", "0.0310", "0.0310", "0.0206", "0.0206", "0.0206"]
CHILDREN_COUNTED_UNDER = 20                # rule 5: "20 in the default table"
AGE_LIMIT, SINGLE_PARENT_AGE_LIMIT = 6, 12  # rule 3

# The transitional complement (its section): 48 months; 53 119 / 60 659 / 7 540 euros, x 1.4
# for a single parent; the minimum hours of the typology (given, or the contract's own: 50 h for a
# home carer, 100 h for an assmat child under 3 on 2025-09-01, else 50 h);
# 90 % of the net salary.
TRANSITIONAL_MONTHS = 48
TRANSITIONAL_CEILINGS = (Fraction(53119), Fraction(60659), Fraction(7540))
TRANSITIONAL_SHARE = Fraction(9, 10)
CEILING_CHILDREN_MONTH = datetime.date(2025, 8, 1)  # the ceiling counts the children of 2025-08


# ---- reading ----------------------------------------------------------------------------

def amount(value):
    """An amount or hours: a JSON number or a string with at most 2 decimals."""
    if isinstance(value, bool):
        raise ValueError("not an amount")
    return Fraction(str(value)) if isinstance(value, (int, float, str)) else None


def date(text):
    return datetime.date.fromisoformat(text)


def birthday(birth, years):
    """The `years`-th birthday; "for a child born on 29 February, a birthday in a common year
    is 1 March" (docs/entitlement.md, rule 4 of the bracket regime and the age rule)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return datetime.date(birth.year + years, 3, 1)


def month_index(day):
    return day.year * 12 + day.month - 1


def round_half_up(value, unit):
    """value (>= 0) rounded half-up to a multiple of unit."""
    return (value / unit + Fraction(1, 2)).__floor__() * unit


def format_fraction(value, decimals):
    scaled = round_half_up(value, Fraction(1, 10 ** decimals)) * 10 ** decimals
    whole = int(scaled)
    if decimals == 0:
        return str(whole)
    return f"{whole // 10 ** decimals}.{whole % 10 ** decimals:0{decimals}d}"


# ---- the rules of the hourly regime -----------------------------------------------------

def effort_rate(assmat, children, aeeh):
    """Rule 5, reading distinct_value: from row n, k times to the next lower value."""
    rates = [Fraction(rate) * (1 if assmat else 2) for rate in ASSMAT_PERCENT]  # in percent
    index = min(children, 10) - 1
    for _ in range(aeeh):
        lower = [i for i in range(index, 10) if rates[i] < rates[index]]
        if not lower:
            break
        index = lower[0]
    return rates[index]


def refused(request_id):
    return {"id": request_id, "eligible": False, "bracket": None, "cmg_max": None,
            "cmg_remuneration": "0.00", "crds": "0.00", "cmg_paid": "0.00",
            "contributions_covered_rate": "0.00", "reason": "refused", "regime": "hourly",
            "resources_monthly": "0", "effort_rate": "0.0000", "cost_retained": "0.00",
            "reference_cost": "0.00", "transitional_paid": "0.00"}


def compute(request, bug):
    month = request["month"]
    if month < "2025-09":
        raise SystemExit(f"hourly_calculator: {request['id']}: care month {month} is of the bracket regime")
    first_day = datetime.date(int(month[:4]), int(month[5:]), 1)
    household = request["household"]
    contract = request["contract"]
    children = household["children"]
    single_parent = household["single_parent"]
    assmat = contract["mode"] == "assmat"

    # Rule 2: the activity condition.
    if household.get("activity_condition_met", True) is False:
        return refused(request["id"])
    # Rule 3 and the age rule: born before the 1st of the month, and the limit birthday in the
    # care month or later (months compared).
    limit = SINGLE_PARENT_AGE_LIMIT if single_parent else AGE_LIMIT
    eligible = False
    for index in contract["children"]:
        birth = date(children[index]["birth"])
        if birth >= first_day:
            continue
        birthday_month = month_index(birthday(birth, limit))
        if birthday_month > month_index(first_day) or (birthday_month == month_index(first_day) and bug != "birthday"):
            eligible = True
    if not eligible:
        return refused(request["id"])

    # Rule 4: R = resources / 12 rounded half-up to the euro, within the floor and the ceiling.
    resources = amount(household["resources_n2"])
    monthly = round_half_up(resources / 12, 1)
    monthly = max(Fraction(floor_euros(month)), min(monthly, Fraction(CEILING_EUROS)))

    # Rule 5: children born before the 1st and under 20, still counted in the month of the
    # 20th birthday (condition_end "month_kept"), at least 1; AEEH steps.
    counted = [child for child in children
               if date(child["birth"]) < first_day
               and birthday(date(child["birth"]), CHILDREN_COUNTED_UNDER).strftime("%Y-%m") >= month]
    rate_percent = effort_rate(assmat, max(len(counted), 1), sum(1 for child in counted if child.get("aeeh", False)))

    # Rule 6: the cost and the hourly cap.
    net = amount(contract["net_salary"])
    cost = net + (amount(contract.get("maintenance", 0)) + amount(contract.get("meals", 0)) if assmat else 0)
    indemnities = amount(contract.get("indemnities", 0)) if month >= INDEMNITIES_FROM else Fraction(0)
    hours = amount(contract["hours"])
    cap = hourly_cap(month, assmat) * hours
    checked = cost - indemnities
    retained = min(checked, cap) + indemnities
    binds = checked > cap

    # Rule 7: the formula, exact, clamped at 0, rounded once half-up to the cent.
    cref = reference_cost(month, assmat)
    ratio = monthly * rate_percent / 100 / cref
    if bug == "ratio6":
        ratio = round_half_up(ratio, Fraction(1, 10 ** 6))
    cmg = round_half_up(max(Fraction(0), retained * (1 - ratio)), Fraction(1, 100))

    # Rule 8: the contributions coverage rate.
    if assmat:
        covered_rate = round_half_up(cap / checked, Fraction(1, 10 ** 6)) if binds else Fraction(1)
    else:
        covered_rate = Fraction(1, 2)

    # Rule 9: the complément différentiel.
    paid = Fraction(0)
    facts = request.get("transitional")
    if facts is not None:
        paid = transitional(facts, request, first_day, net, cmg)

    return {"id": request["id"], "eligible": True, "bracket": None, "cmg_max": None,
            "cmg_remuneration": format_fraction(cmg, 2), "crds": "0.00", "cmg_paid": format_fraction(cmg, 2),
            "contributions_covered_rate": format_fraction(covered_rate, 6), "reason": None, "regime": "hourly",
            "resources_monthly": format_fraction(monthly, 0), "effort_rate": format_fraction(rate_percent, 4),
            "cost_retained": format_fraction(retained, 2), "reference_cost": format_fraction(cref, 2),
            "transitional_paid": format_fraction(paid, 2)}


def transitional(facts, request, first_day, net, cmg):
    household = request["household"]
    contract = request["contract"]
    # 1. within 48 months of the regime's first month.
    if month_index(first_day) - month_index(HOURLY_START) >= TRANSITIONAL_MONTHS:
        return Fraction(0)
    # 2. a child of the contract born before 2025-09-01 and under 6 on that day.
    births = [date(household["children"][index]["birth"]) for index in contract["children"]]
    if not any(birth < HOURLY_START and birthday(birth, 6) > HOURLY_START for birth in births):
        return Fraction(0)
    # 3. resources of 2023 within the ceiling for the dependent children of 2025-08, the month
    # whose resources are judged (as rule 5 counts them), at least 1 (x 1.4 for a single parent).
    resources = amount(facts.get("resources_2023", household["resources_n2"]))
    n = max(1, sum(1 for child in household["children"]
                   if date(child["birth"]) < CEILING_CHILDREN_MONTH
                   and birthday(date(child["birth"]), CHILDREN_COUNTED_UNDER).strftime("%Y-%m") >= "2025-08"))
    one, two, extra = TRANSITIONAL_CEILINGS
    ceiling = one if n == 1 else two + (n - 2) * extra
    if household["single_parent"]:
        ceiling *= Fraction(14, 10)
    if resources > ceiling:
        return Fraction(0)
    # 4. the minimum hours, when average_hours is given.
    if "average_hours" in facts:
        under_3 = any(birth < HOURLY_START and birthday(birth, 3) > HOURLY_START for birth in births)
        # docs/entitlement.md, condition 4: the typology's minimum; by default the contract's own.
        minimums = {"assmat_one_child_under_3": 100, "assmat_one_child_3_or_over": 50, "home_carer": 50,
                    "assmat_several_all_under_3": 150, "assmat_several_one_3_or_over": 100}
        default = "home_carer" if contract["mode"] == "home_carer" else (
            "assmat_one_child_under_3" if under_3 else "assmat_one_child_3_or_over")
        minimum = minimums[facts.get("typology", default)]
        # Rounded up to the whole hour first ("rounded up to the whole hour", rule 4).
        if -((-amount(facts["average_hours"])) // 1) < minimum:
            return Fraction(0)
    fixed = max(Fraction(0), amount(facts["old_average"]) - amount(facts["new_average"]))
    room = max(Fraction(0), round_half_up(TRANSITIONAL_SHARE * net, Fraction(1, 100)) - cmg)
    return min(fixed, room)


def main():
    bug = None
    if len(sys.argv) == 3 and sys.argv[1] == "--bug" and sys.argv[2] in ("ratio6", "birthday"):
        bug = sys.argv[2]
    elif len(sys.argv) != 1:
        raise SystemExit(__doc__)
    out = []
    for line in sys.stdin.read().splitlines():
        out.append(json.dumps(compute(json.loads(line), bug), separators=(",", ":")))
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
