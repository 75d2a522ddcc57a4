#!/usr/bin/env python3
"""An entitlement calculator with ONE planted defect, for `pajesim diff`'s tests.

It forwards every request to `pajesim entitlement` (argv[1] is the pajesim binary, argv[2]
the parameter table), except that resources exactly equal to a bracket ceiling are treated as
above it (`<` where the law says `<=`, CSS D531-18): such a request is sent with its
resources raised by one cent. The ceilings are computed here, from the table, independently
of pajesim. Python 3 standard library only.
"""
import datetime
import json
import subprocess
import sys
from decimal import Decimal


def load_ceilings(table_path):
    with open(table_path, encoding="utf-8") as table_file:
        table = json.load(table_file)
    entries = sorted(table["resource_ceilings"], key=lambda entry: entry["from"])
    factors = sorted(table["single_parent_ceiling_factor"], key=lambda entry: entry["from"])
    return entries, factors


def in_force(entries, first_day):
    current = None
    for entry in entries:
        if entry["from"] <= first_day:
            current = entry
    return current


def ceilings(request, entries, factors):
    """P1 and P2 for the request's month, dependent children and single-parent status."""
    first_day = request["month"] + "-01"
    household = request["household"]
    children = sum(1 for child in household["children"] if child["birth"] < first_day)
    if children == 0:
        return []
    entry = in_force(entries, first_day)
    result = []
    for bracket in ("bracket_1", "bracket_2"):
        values = {key: Decimal(str(value)) for key, value in entry[bracket].items()}
        ceiling = values["one_child"] if children == 1 else (
            values["two_children"] + (children - 2) * values["per_extra_child"])
        if household["single_parent"]:
            ceiling *= Decimal(str(in_force(factors, first_day)["ratio"]))
        result.append(ceiling)
    return result


def main():
    pajesim, table_path = sys.argv[1], sys.argv[2]
    entries, factors = load_ceilings(table_path)
    lines = []
    for line in sys.stdin.read().splitlines():
        request = json.loads(line)
        resources = Decimal(str(request["household"]["resources_n2"]))
        if resources in ceilings(request, entries, factors):
            request["household"]["resources_n2"] = str(resources + Decimal("0.01"))
        lines.append(json.dumps(request))
    text = "".join(line + "\n" for line in lines)
    done = subprocess.run([pajesim, "entitlement", "--params", table_path], input=text,
                          capture_output=True, text=True, check=False)
    sys.stderr.write(done.stderr)
    sys.stdout.write(done.stdout)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
