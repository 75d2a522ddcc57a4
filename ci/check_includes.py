#!/usr/bin/env python3
"""Checks the include graph of pajesim's sources: the layers flow one way, and no actor of
sim/model includes another actor's headers.

    python3 ci/check_includes.py [ROOT]      checks the tree at ROOT (default: this repository)
    python3 ci/check_includes.py --self-test builds small trees that break each rule and checks
                                             that every break is reported

Layers, from the bottom: sim/kernel, sim/law, sim/model, then harness/faults and
harness/invariants, harness/outcome (the finished run the reports read), reports,
harness/runner, and the command line (harness/cli) on top of everything. A file may include
headers of its own layer and of the layers below it, never above.

Inside sim/model, each actor has its folder (families, caf, links, bank, centre, processes).
An actor's files include the shared headers at the top of sim/model, the population and the
truth's books, and their own folder: never another actor's folder. The built-in centre's
internals (sim/model/centre/builtin/) are included from sim/model/centre/ only. The top of
sim/model (the run's wiring) may include every actor's public headers, but no internals.

Only direct `#include "..."` lines are checked. Exit status 1 with one line per break.
"""

import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)

# (layer, what it may include), bottom first.
LAYERS = [
    ("sim/kernel", {"sim/kernel"}),
    ("sim/law", {"sim/kernel", "sim/law"}),
    ("sim/model", {"sim/kernel", "sim/law", "sim/model"}),
    ("harness/faults", {"sim/kernel", "sim/law", "sim/model", "harness/faults"}),
    ("harness/invariants", {"sim/kernel", "sim/law", "sim/model", "harness/faults", "harness/invariants"}),
    ("harness/outcome", {"sim/kernel", "sim/law", "sim/model", "harness/faults", "harness/invariants",
                         "harness/outcome"}),
    ("reports", {"sim/kernel", "sim/law", "sim/model", "harness/faults", "harness/invariants",
                 "harness/outcome", "reports"}),
    ("harness/runner", {"sim/kernel", "sim/law", "sim/model", "harness/faults", "harness/invariants",
                        "harness/outcome", "reports", "harness/runner"}),
    ("harness/cli", {"sim/kernel", "sim/law", "sim/model", "harness/faults", "harness/invariants",
                     "harness/outcome", "reports", "harness/runner", "harness/cli"}),
]

ACTORS = {"families", "caf", "links", "bank", "centre", "processes"}
SHARED = {"population", "truth"}  # model folders every actor may read
INTERNAL = "sim/model/centre/builtin/"


def layer_of(path):
    for name, _ in LAYERS:
        if path == name or path.startswith(name + "/"):
            return name
    return None


def model_folder(path):
    """'caf' for sim/model/caf/caf.hpp, '' for sim/model/actor.hpp, None outside sim/model."""
    if not path.startswith("sim/model/"):
        return None
    rest = path[len("sim/model/"):]
    return rest.split("/")[0] if "/" in rest else ""


def breaks_of(path, included):
    """The rules that `path` breaks by including `included` (both relative to the root)."""
    found = []
    layer = layer_of(path)
    target_layer = layer_of(included)
    if layer is not None and target_layer is not None:
        allowed = dict(LAYERS)[layer]
        if target_layer not in allowed:
            found.append("layer %s includes %s, a layer above it" % (layer, target_layer))
    source = model_folder(path)
    target = model_folder(included)
    if source is not None and target is not None:
        if source in ACTORS and target in ACTORS and target != source:
            found.append("actor %s includes actor %s's header" % (source, target))
        if source in SHARED and target in ACTORS:
            found.append("%s includes actor %s's header" % (source, target))
        if source in SHARED and target in SHARED and target != source and source == "population":
            found.append("the population includes %s" % target)
    if included.startswith(INTERNAL) and not path.startswith("sim/model/centre/"):
        found.append("includes the built-in centre's internals")
    return found


def check(root):
    problems = []
    for top in ("sim", "harness", "reports"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".hpp", ".cpp")):
                    continue
                full = os.path.join(folder, name)
                path = os.path.relpath(full, root).replace(os.sep, "/")
                with open(full, encoding="utf-8") as source:
                    text = source.read()
                for included in INCLUDE.findall(text):
                    for reason in breaks_of(path, included):
                        problems.append("%s: #include \"%s\": %s" % (path, included, reason))
    return sorted(problems)


def self_test():
    cases = {
        "reports/report.cpp": ('harness/runner/scenario_run.hpp', "layer reports includes harness/runner"),
        "sim/model/caf/caf.cpp": ('sim/model/centre/centre.hpp', "actor caf includes actor centre"),
        "sim/model/bank/bank.cpp": ('sim/model/centre/builtin/builtin_centre.hpp', "built-in centre's internals"),
        "sim/model/truth/books.cpp": ('sim/model/processes/processes.hpp', "truth includes actor processes"),
        "sim/kernel/date.cpp": ('sim/law/cmg.hpp', "layer sim/kernel includes sim/law"),
        "sim/model/simulation.cpp": ('sim/model/centre/builtin/rights_store.hpp', "built-in centre's internals"),
        "harness/invariants/x.cpp": ('reports/csv.hpp', "layer harness/invariants includes reports"),
    }
    allowed = {
        "sim/model/caf/caf.cpp": 'sim/model/actor.hpp',
        "sim/model/families/families.cpp": 'sim/model/truth/books.hpp',
        "sim/model/simulation.cpp": 'sim/model/caf/caf.hpp',
        "sim/model/centre/builtin/builtin_centre.cpp": 'sim/model/centre/builtin/rights_store.hpp',
        "harness/cli/run_command.cpp": 'reports/run_report.hpp',
        "reports/run_report.hpp": 'harness/outcome/run_outcome.hpp',
    }
    failures = []
    for source, (included, expected) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, os.path.dirname(source)))
            with open(os.path.join(root, source), "w", encoding="utf-8") as out:
                out.write('#include "%s"\n' % included)
            problems = check(root)
            if not any(expected in problem for problem in problems):
                failures.append("%s including %s: expected a break about '%s', got %r"
                                % (source, included, expected, problems))
    with tempfile.TemporaryDirectory() as root:
        for source, included in allowed.items():
            os.makedirs(os.path.join(root, os.path.dirname(source)), exist_ok=True)
            with open(os.path.join(root, source), "a", encoding="utf-8") as out:
                out.write('#include "%s"\n' % included)
        problems = check(root)
        if problems:
            failures.append("allowed includes reported: %r" % problems)
    for failure in failures:
        print("self-test: " + failure)
    if not failures:
        print("self-test: every break reported, every allowed include accepted")
    return 1 if failures else 0


def main(arguments):
    if arguments and arguments[0] == "--self-test":
        return self_test()
    root = arguments[0] if arguments else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print("%d include(s) break the layering" % len(problems))
        return 1
    print("include graph: the layers flow one way and no actor includes another's headers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
