#!/usr/bin/env python3
"""A centre of the centre protocol (docs/sut-protocol.md) that breaks it once, on a given day.

usage: misbehaving_centre.py --mode MODE --day YYYY-MM-DD [--base echo|reference] [--marker TEXT]

It answers as the echo centre (no action) or as the reference centre
(examples/sut/pajemploi_reference.py) until the request for `--day`, then breaks the protocol
the way MODE says. `--marker` is ignored: it only labels the processes (the test looks for
them in /proc afterwards). Python 3 standard library only.

Modes, what the answer to `--day` (or the handshake) becomes:
  malformed_json      half a JSON object
  empty_line          an empty line
  unknown_action      an action of an unknown type
  three_decimals      an amount with three decimals ("12.345")
  amount_number       an amount as a JSON number (12.34)
  unknown_family      a payment to a family that does not exist
  other_day           an answer dated the day after the request's
  two_lines           answers the request twice (the second line is read as the next day's)
  duplicate_order     an order id used the day before
  unknown_key         an action with a key the protocol does not have
  wrong_protocol      the handshake answers protocol 2
  missing_capability  the handshake answers no capability
  crash               exits with status 1 without answering
  signal              kills itself with SIGKILL
  hang                never answers (sleeps)
  orphan              forks a grandchild that sleeps on, holding the pipes, then exits 1
  setsid_orphan       forks a grandchild that leaves the process group (setsid) and sleeps 3 s
                      holding the pipes (as `sleep 3`), then exits 1
  output_after_end    answers `end` with a line, then exits 0
  unknown_declaration a hold naming a declaration never sent ("C999999-" and the day's month)
  huge_payments       pays family 0 five times 10 000 000.00 for the day's month (each a valid
                      amount; together beyond what any centre pays for one family's month)
  many_small_payments pays family 0 1 001 arrears of 0.01 for the day's month (each valid; together
                      more actions than any centre needs for one family's month)
  flood               opens 20 000 files for family 0 in one answer (more actions than one answer
                      may hold: 4 096 and 256 per family)
  control_in_reason   a hold whose reason holds terminal control characters
  withhold_not_plus   withholds the carer's pay of a contract that is not under Pajemploi+ (the
                      last such declaration received)
  non_ascii_syntax    a line "\u00e9" (two bytes of UTF-8): well-formed text, malformed JSON, its
                      first character not ASCII
  long_unknown_action an action whose unknown type is "a" and 40 times "\u00e9" (81 bytes: the
                      60-byte excerpt of a message would cut a character in two)
  leading_zero        an amount with a leading zero ("012.50")
  zero_amount         an amount of "0.00"
  next_month          a payment for the month after the request's (a month of the run)
  close_input         answers the day, closes its standard input, then writes the answers of
                      every later day ahead and sleeps (the next request cannot be written)
  stop_reading        writes the answers of the day and of every later day ahead, then sleeps
                      without reading: the requests fill the pipe and are never read
  none                never breaks it (a well-behaved centre)
"""

import datetime
import json
import os
import signal
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = ("malformed_json", "empty_line", "unknown_action", "three_decimals", "amount_number",
         "unknown_family", "other_day", "duplicate_order", "unknown_key", "wrong_protocol",
         "missing_capability", "crash", "signal", "hang", "orphan", "output_after_end",
         "unknown_declaration", "withhold_not_plus", "two_lines", "huge_payments", "many_small_payments", "flood",
         "control_in_reason",
         "invalid_utf8", "non_ascii_syntax", "long_unknown_action", "leading_zero", "zero_amount", "next_month", "close_input",
         "stop_reading", "setsid_orphan", "none")
MONEY = ("pay_cmg", "claim_covered", "debit", "pay_carer", "refund")


def arguments(argv):
    options = {"--base": "echo", "--marker": "", "--mode": None, "--day": None}
    at = 0
    while at < len(argv):
        if argv[at] not in options or at + 1 >= len(argv):
            sys.exit("misbehaving_centre: unknown argument %r" % argv[at])
        options[argv[at]] = argv[at + 1]
        at += 2
    if options["--mode"] not in MODES or options["--base"] not in ("echo", "reference"):
        sys.exit("misbehaving_centre: --mode one of %s, --base echo or reference" % ", ".join(MODES))
    if options["--day"] is None and options["--mode"] not in ("wrong_protocol", "missing_capability",
                                                             "output_after_end", "none"):
        sys.exit("misbehaving_centre: --day YYYY-MM-DD is needed")
    return options


class Echo:
    """No action, ever."""

    def hello(self, message):
        return {"type": "hello", "protocol": 1, "name": "misbehaving centre",
                "capabilities": ["pajemploi_plus", "parallel_run"]}

    def day(self, message):
        return {"type": "actions", "date": message["date"], "actions": []}


def reference():
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "sut"))
    import pajemploi_reference  # noqa: E402
    return pajemploi_reference.Centre()


def a_payment(request, order):
    """A valid CMG payment for the day: family 0, the day's month."""
    return {"type": "pay_cmg", "order": order, "family": 0, "month": request["date"][:7],
            "amount": "12.34", "arrears": False}


def first_money_action(answer, request):
    """The answer's first money action; one is added when it has none."""
    for action in answer["actions"]:
        if action["type"] in MONEY:
            return action
    action = a_payment(request, "added-1")
    answer["actions"].append(action)
    return action


def write(sink, data):
    sink.write(data)
    sink.flush()


def break_the_day(mode, request, answer, families, direct_declaration=None):
    """The answer to the day the protocol is broken on (bytes), or None when the process
    ends or stops answering instead. `direct_declaration`: the last declaration received of a
    contract not under Pajemploi+."""
    if mode == "malformed_json":
        return b'{"type":"actions","date":"' + request["date"].encode() + b'","actions":[\n'
    if mode == "empty_line":
        return b"\n"
    if mode == "unknown_action":
        answer["actions"].append({"type": "pay_everyone", "order": "u-1", "family": 0,
                                  "month": request["date"][:7], "amount": "1.00"})
    elif mode == "three_decimals":
        first_money_action(answer, request)["amount"] = "12.345"
    elif mode == "amount_number":
        first_money_action(answer, request)["amount"] = 12.34
    elif mode == "unknown_family":
        first_money_action(answer, request)["family"] = families
    elif mode == "two_lines":
        return encode(answer) + encode(answer)
    elif mode == "other_day":
        following = datetime.date.fromisoformat(request["date"]) + datetime.timedelta(days=1)
        answer["date"] = following.isoformat()
    elif mode == "duplicate_order":
        answer["actions"].append(a_payment(request, "once-1"))
    elif mode == "unknown_key":
        first_money_action(answer, request)["note"] = "a key the protocol does not have"
    elif mode == "unknown_declaration":
        answer["actions"].append({"type": "hold", "family": 0, "month": request["date"][:7],
                                  "declaration": "C999999-" + request["date"][:7], "reason": "no rights"})
    elif mode == "huge_payments":
        for k in range(5):
            answer["actions"].append({"type": "pay_cmg", "order": "huge-%d" % k, "family": 0,
                                      "month": request["date"][:7], "amount": "10000000.00", "arrears": False})
    elif mode == "many_small_payments":
        for k in range(1001):
            answer["actions"].append({"type": "pay_cmg", "order": "small-%d" % k, "family": 0,
                                      "month": request["date"][:7], "amount": "0.01", "arrears": True})
    elif mode == "flood":
        for k in range(20000):
            answer["actions"].append({"type": "open_file", "family": 0, "reason": "flood %d" % k})
    elif mode == "control_in_reason":
        answer["actions"].append({"type": "open_file", "family": 0, "reason": "\u001b[2J\u0007cleared"})
    elif mode == "invalid_utf8":
        # A byte that is never UTF-8 (0xFF) inside a string: the line is not a JSON text.
        answer["actions"].append({"type": "open_file", "family": 0, "reason": "BYTE"})
        return encode(answer).replace(b"BYTE", b"caf\xff")
    elif mode == "non_ascii_syntax":
        return "\u00e9\n".encode("utf-8")
    elif mode == "long_unknown_action":
        answer["actions"].append({"type": "a" + "\u00e9" * 40, "family": 0})
    elif mode == "leading_zero":
        first_money_action(answer, request)["amount"] = "012.50"
    elif mode == "zero_amount":
        first_money_action(answer, request)["amount"] = "0.00"
    elif mode == "next_month":
        year, month = int(request["date"][:4]), int(request["date"][5:7])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first_money_action(answer, request)["month"] = "%04d-%02d" % (year, month)
    elif mode in ("close_input", "stop_reading"):
        ahead = encode(answer)
        day = datetime.date.fromisoformat(request["date"])
        while day.isoformat() < LAST_DAY[0]:
            day += datetime.timedelta(days=1)
            ahead += encode({"type": "actions", "date": day.isoformat(), "actions": []})
        if mode == "close_input":
            os.close(0)
        write(sys.stdout.buffer, ahead)
        while True:
            time.sleep(3600)
    elif mode == "withhold_not_plus":
        d = direct_declaration
        answer["actions"].append({"type": "withhold_carer", "family": d["family"], "contract": d["contract"],
                                  "month": d["month"], "reason": "waits for the parent's debit"})
    elif mode == "crash":
        print("misbehaving centre: giving up on %s" % request["date"], file=sys.stderr, flush=True)
        os._exit(1)
    elif mode == "signal":
        os.kill(os.getpid(), signal.SIGKILL)
    elif mode == "hang":
        while True:
            time.sleep(3600)
    elif mode == "setsid_orphan":
        if os.fork() == 0:
            os.setsid()
            os.execvp("sleep", ["sleep", "3"])
        os._exit(1)
    elif mode == "orphan":
        if os.fork() == 0:
            while True:  # the grandchild: keeps the pipes open and sleeps on
                time.sleep(3600)
        os._exit(1)
    return encode(answer)


LAST_DAY = [""]  # the run's last day, from the hello


def the_day_before(day):
    return (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()


def encode(message):
    return json.dumps(message, separators=(",", ":")).encode("utf-8") + b"\n"


def main(argv):
    options = arguments(argv)
    mode, break_day = options["--mode"], options["--day"]
    centre = reference() if options["--base"] == "reference" else Echo()
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    families = 0
    direct_declaration = None
    while True:
        line = source.readline()
        if not line:
            return 0
        request = json.loads(line)
        kind = request["type"]
        if kind == "end":
            if mode == "output_after_end":
                write(sink, b'{"type":"actions","date":"after the end","actions":[]}\n')
                time.sleep(0.2)
            return 0
        if kind == "hello":
            families = request["families"]
            LAST_DAY[0] = request["last_day"]
            print("misbehaving centre: %s from %s to %s" % (mode, request["first_day"], request["last_day"]),
                  file=sys.stderr, flush=True)
            answer = centre.hello(request)
            if mode == "wrong_protocol":
                answer["protocol"] = 2
            elif mode == "missing_capability":
                answer["capabilities"] = []
            write(sink, encode(answer))
            continue
        answer = centre.day(request)
        date = request["date"]
        for message in request.get("messages", []):
            if message.get("type") == "declaration" and not message.get("pajemploi_plus"):
                direct_declaration = message
        if mode == "duplicate_order" and date == the_day_before(break_day):
            answer["actions"].append(a_payment(request, "once-1"))
        if date == break_day and mode != "none":
            data = break_the_day(mode, request, answer, families, direct_declaration)
        else:
            data = encode(answer)
        write(sink, data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
