#!/usr/bin/env python3
"""Runs the bad-input corpus (cases.json) against a pajesim binary.

usage: run_cases.py PAJESIM SOURCE_DIR [--only NAME_OR_PREFIX ...] [--keep] [--verbose]

Each case runs in a fresh scratch folder (the working directory), which holds copies of the
shipped parameter table (params/cmg-2018-2026.json), a valid small scenario (small.json), a
valid run folder (run-ok/report.json), valid entitlement requests (requests.jsonl) and the
case's own files. A case passes when:
  - the exit code is the expected one;
  - standard error holds every expected fragment, the JSON path (and line) when given, and
    starts with 'pajesim CMD: ' (or 'pajesim' for a usage error);
  - standard output is empty (exit code 2 writes nothing);
  - nothing was created in the scratch folder (no output folder, no partial or temporary file)
    and every file there is byte-identical to what it was before the run.
Prints one line per failing case, then 'N passed, N failed'; exits 1 on any failure.
Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_SECONDS = 30
LARGE_FILE_BYTES = 64 << 20  # above this, a file is fingerprinted by size, time and both ends


# ---------------------------------------------------------------------------- recipes
# Inputs too large to commit are generated here, each bounded in time (well under a second).

def valid_scenario_text():
    with open(os.path.join(HERE, "fixtures", "small.json"), encoding="utf-8") as f:
        return f.read()


def padded_object(head, total_bytes, tail="\"}\n"):
    """head + a string padding + tail, `total_bytes` long: valid JSON, only too large."""
    pad = max(0, total_bytes - len(head) - len(tail))
    return head + ("a" * pad) + tail


def recipe_text(recipe):
    kind = recipe["recipe"]
    if kind == "padded_scenario":
        scenario = json.loads(valid_scenario_text())
        scenario["description"] = ""
        text = json.dumps(scenario)
        head = text[: text.index('"description": ""') + len('"description": "')]
        rest = text[text.index('"description": ""') + len('"description": "'):]
        return padded_object(head, recipe["bytes"], rest + "\n")
    if kind == "padded_params":
        return padded_object('{"version": "padded", "description": "', recipe["bytes"])
    if kind == "padded_report":
        return padded_object('{"seed": 1, "scenario": {"name": "padded", "description": "', recipe["bytes"],
                             '"}}\n')
    if kind == "deep":
        levels = recipe["levels"]
        return recipe.get("prefix", "") + "[" * levels + "]" * levels + recipe.get("suffix", "")
    if kind == "deep_objects":
        levels = recipe["levels"]
        return recipe.get("prefix", "") + '{"a": ' * levels + "1" + "}" * levels + recipe.get("suffix", "")
    if kind == "wide":
        # One array of `count` copies of `element`: a parser quadratic in an array's length
        # takes minutes on a million, a linear one a moment.
        count = recipe["count"]
        return recipe.get("prefix", "") + "[" + ",".join([recipe["element"]] * count) + "]" + recipe.get("suffix", "")
    if kind == "huge_id_line":
        return ('{"id":"' + "x" * recipe["bytes"] + '","month":"2019-06","household":{"single_parent":false,'
                '"resources_n2":30000,"children":[{"birth":"2018-03-02"}]},"contract":{"mode":"assmat",'
                '"children":[0],"net_salary":"600.00","days":20}}\n')
    raise ValueError("unknown recipe " + kind)


def repeated_lines_chunks(total_bytes):
    with open(os.path.join(HERE, "fixtures", "requests.jsonl"), "rb") as f:
        lines = f.read()
    chunk = lines * max(1, (1 << 20) // len(lines))
    sent = 0
    while sent < total_bytes:
        yield chunk
        sent += len(chunk)


# ---------------------------------------------------------------------------- scratch folder

def substitute(text, scratch):
    return text.replace("{tmp}", scratch)


def copy_source(source, source_dir):
    if source == "@params":
        return os.path.join(source_dir, "scenarios", "params", "cmg-2018-2026.json")
    return os.path.join(HERE, source)


def prepare(case, scratch, source_dir):
    os.makedirs(os.path.join(scratch, "params"))
    shutil.copy(copy_source("@params", source_dir), os.path.join(scratch, "params", "cmg-2018-2026.json"))
    shutil.copy(os.path.join(HERE, "fixtures", "small.json"), os.path.join(scratch, "small.json"))
    shutil.copy(os.path.join(HERE, "fixtures", "requests.jsonl"), os.path.join(scratch, "requests.jsonl"))
    os.makedirs(os.path.join(scratch, "run-ok"))
    shutil.copy(os.path.join(HERE, "fixtures", "report.json"), os.path.join(scratch, "run-ok", "report.json"))
    if "case" in case:
        shutil.copy(os.path.join(HERE, case["case"]), os.path.join(scratch, os.path.basename(case["case"])))
    for step in case.get("setup", []):
        if "mkdir" in step:
            os.makedirs(os.path.join(scratch, step["mkdir"]), exist_ok=True)
            continue
        if "mkfifo" in step:
            os.mkfifo(os.path.join(scratch, step["mkfifo"]))
            continue
        if "symlink" in step:
            link = os.path.join(scratch, step["symlink"])
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(step["to"], link)
            continue
        target = os.path.join(scratch, step["to"] if "to" in step else step["write"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if "copy" in step:
            shutil.copy(copy_source(step["copy"], source_dir), target)
        else:
            with open(target, "w", encoding="utf-8", newline="") as f:
                f.write(substitute(step["text"], scratch))
    for recipe in case.get("generate", []):
        target = os.path.join(scratch, recipe["to"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write(recipe_text(recipe))


def fingerprint(path):
    size = os.path.getsize(path)
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        if size <= LARGE_FILE_BYTES:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        else:
            digest.update(f.read(1 << 20))
            f.seek(size - (1 << 20))
            digest.update(f.read(1 << 20))
            digest.update(str(os.stat(path).st_mtime_ns).encode())
    return size, digest.hexdigest()


def snapshot(scratch):
    """Every path under the scratch folder, with a fingerprint for files."""
    entries = {}
    for folder, folders, files in os.walk(scratch):
        for name in folders:
            entries[os.path.relpath(os.path.join(folder, name), scratch)] = "folder"
        for name in files:
            path = os.path.join(folder, name)
            entries[os.path.relpath(path, scratch)] = fingerprint(path) if os.path.isfile(path) else "other"
    return entries


# ---------------------------------------------------------------------------- one case

def command_of(case, scratch):
    placeholders = {
        "{case}": os.path.basename(case.get("case", "")),
        "{scenario}": "small.json",
        "{params}": "params/cmg-2018-2026.json",
        "{rundir}": "run-ok",
        "{requests}": "requests.jsonl",
        "{tmp}": scratch,
    }
    arguments = []
    for argument in case["command"]:
        for key, value in placeholders.items():
            argument = argument.replace(key, value)
        arguments.append(argument)
    return arguments


def run_process(binary, arguments, scratch, case):
    environment = dict(os.environ)
    environment.pop("PAJESIM_PARAMS", None)
    environment.pop("PAJESIM_KILL_AT", None)
    for key, value in case.get("env", {}).items():
        environment[key] = substitute(value, scratch)
    stdin = case.get("stdin")
    # {"opened": PATH}: standard input is PATH itself, opened (a folder: `< folder`).
    opened = os.open(os.path.join(scratch, stdin["opened"]), os.O_RDONLY) if stdin and "opened" in stdin else None
    process = subprocess.Popen([binary] + arguments, cwd=scratch, env=environment,
                               stdin=opened if opened is not None else subprocess.PIPE if stdin else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if opened is not None:
        os.close(opened)
        stdin = None
    feeder = None
    if stdin:
        def feed():
            try:
                if "text" in stdin:
                    process.stdin.write(stdin["text"].encode("utf-8"))
                elif stdin.get("recipe") == "repeated_lines":
                    for chunk in repeated_lines_chunks(stdin["bytes"]):
                        process.stdin.write(chunk)
                elif "file" in stdin:
                    with open(os.path.join(scratch, stdin["file"]), "rb") as f:
                        shutil.copyfileobj(f, process.stdin)
            except (BrokenPipeError, OSError):
                pass  # the reader stopped early: that is allowed
            finally:
                try:
                    process.stdin.close()
                except OSError:
                    pass
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
    out_chunks, err_chunks = [], []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((process.stdout, out_chunks), (process.stderr, err_chunks))]
    for reader in readers:
        reader.start()
    try:
        code = process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        code = "timeout"
        process.wait()
    for thread in readers + ([feeder] if feeder else []):
        thread.join(timeout=5)
    stdout = b"".join(out_chunks).decode("utf-8", "replace")
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    return code, stdout, stderr


def expected_fragments(case):
    fragment = case.get("fragment", [])
    return [fragment] if isinstance(fragment, str) else list(fragment)


def check_messages(case, code, stdout, stderr):
    problems = []
    if code != case["exit"]:
        problems.append("exit code %s, expected %s" % (code, case["exit"]))
    for fragment in expected_fragments(case):
        if fragment not in stderr:
            problems.append("stderr lacks %r" % fragment)
    command = case["command"][0] if case["command"] else ""
    if case.get("usage"):
        if not stderr.startswith("pajesim"):
            problems.append("stderr does not start with 'pajesim'")
    elif case["exit"] == 2 and not stderr.startswith("pajesim %s: " % command):
        problems.append("stderr does not start with 'pajesim %s: '" % command)
    location = case.get("file")
    if location is None and "case" in case:
        location = os.path.basename(case["case"])
    if "path" in case:
        where = ": %s: " % case["path"]
        if "line" in case:
            where = "%s:%d%s" % (location, case["line"], where)
        elif location is not None:
            where = location + where
        if where not in stderr:
            problems.append("stderr lacks the location %r" % where)
    elif "line" in case and "%s:%d: " % (location, case["line"]) not in stderr:
        problems.append("stderr lacks the location %r" % ("%s:%d: " % (location, case["line"])))
    elif location is not None and location not in stderr:
        problems.append("stderr does not name %r" % location)
    if case["exit"] == 2 and stdout and not case.get("stdout_allowed"):
        problems.append("stdout is not empty")
    return problems


def check_files(before, after):
    problems = []
    for path in sorted(set(after) - set(before)):
        name = os.path.basename(path)
        if name.startswith(".") and ".tmp-" in name:
            problems.append("left a temporary file %s" % path)
        else:
            problems.append("created %s" % path)
    for path in sorted(set(before) - set(after)):
        problems.append("removed input %s" % path)
    for path in sorted(set(before) & set(after)):
        if before[path] != after[path]:
            problems.append("modified input %s" % path)
    return problems


def run_case(binary, source_dir, case, keep):
    scratch = tempfile.mkdtemp(prefix="bad-input-")
    try:
        prepare(case, scratch, source_dir)
        before = snapshot(scratch)
        code, stdout, stderr = run_process(binary, command_of(case, scratch), scratch, case)
        problems = check_messages(case, code, stdout, stderr) + check_files(before, snapshot(scratch))
        return problems, code, stdout, stderr
    finally:
        if keep:
            print("  scratch folder kept: " + scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def one_line(text, limit=400):
    text = text.strip().replace("\n", " | ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unwritable_stdout_problems(binary):
    """Results printed to a standard output that cannot take them (a full device, a closed
    descriptor, a pipe closed by its reader) are an error, not a success: exit 2 and a message."""
    problems = []
    requests = os.path.join(HERE, "fixtures", "requests.jsonl")
    targets = []
    if os.path.exists("/dev/full"):
        targets.append(("/dev/full", lambda: open("/dev/full", "wb")))
    targets.append(("a closed descriptor", None))

    def closed_pipe():
        # A pipe whose reader has gone (`| head -1` once head is done): a write fails with
        # EPIPE; pajesim must not die of SIGPIPE (which the child starts with, by default).
        read_end, write_end = os.pipe()
        os.close(read_end)
        return os.fdopen(write_end, "wb")
    targets.append(("a pipe closed by its reader", closed_pipe))
    for name, opener in targets:
        sink = opener() if opener else None
        try:
            done = subprocess.run([binary, "entitlement", requests], stdout=sink if sink else subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=60, close_fds=True,
                                  preexec_fn=None if sink else (lambda: os.close(1)))
        finally:
            if sink:
                sink.close()
        message = done.stderr.decode("utf-8", "replace")
        if done.returncode != 2 or "cannot write the standard output" not in message:
            problems.append("entitlement into %s: exit %d, %s" % (name, done.returncode, one_line(message)))
    return problems


def main():
    parser = argparse.ArgumentParser(description="Runs the bad-input corpus against pajesim.")
    parser.add_argument("pajesim", help="the pajesim binary")
    parser.add_argument("source_dir", help="the source tree (for scenarios/params/)")
    parser.add_argument("--only", nargs="*", default=[], help="case names or name prefixes")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders")
    parser.add_argument("--verbose", action="store_true", help="print every case's stderr")
    options = parser.parse_args()
    binary = os.path.abspath(options.pajesim)
    source_dir = os.path.abspath(options.source_dir)
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    if options.only:
        cases = [c for c in cases if any(c["name"] == o or c["name"].startswith(o) for o in options.only)]
    start = time.monotonic()
    passed = failed = 0
    for case in cases:
        problems, code, stdout, stderr = run_case(binary, source_dir, case, options.keep)
        if options.verbose:
            print("%s: exit %s: %s" % (case["name"], code, one_line(stderr)))
        if problems:
            failed += 1
            print("FAIL %s: %s; exit %s; stderr: %s%s" % (
                case["name"], "; ".join(problems), code, one_line(stderr),
                ("; stdout: " + one_line(stdout, 200)) if stdout else ""))
        else:
            passed += 1
    if not options.only:
        for problem in unwritable_stdout_problems(binary):
            failed += 1
            print("FAIL standard output: " + problem)
    print("%d cases in %.1f s" % (passed + failed, time.monotonic() - start))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
