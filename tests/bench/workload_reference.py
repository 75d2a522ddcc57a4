#!/usr/bin/env python3
"""The reference workload (../shared/bench/WORKLOAD.md, v1) written from its text alone, in
plain Python with a heap ordered by (day, scheduling order), to check pajesim's
implementation (tests/bench/workload.cpp) line for line.

usage: workload_reference.py WORKLOAD_BINARY [N M]...   (default: 3000 24, 1000 2)

For each (N, M), runs both and compares every key of the specification's output line but the
timings (setup_s, run_s, events_per_s) and impl: counts, checks, checksums, waits and paydays
(the binary schedules same-day events in the order the specification prescribes, so even the
order-dependent keys must agree). Also checks the specification's own invariants: events =
104 N for M = 24, checked = N M, violations = 0. Exits 1 on any difference.
"""

import calendar
import heapq
import subprocess
import sys

MASK = 0xFFFFFFFF
CAP = [51041, 32196, 19313]


def lowbias32(x):
    x &= MASK
    x ^= x >> 16
    x = (x * 0x7FEB352D) & MASK
    x ^= x >> 15
    x = (x * 0x846CA68B) & MASK
    x ^= x >> 16
    return x


def H(f, m, s):
    return lowbias32(f * 0x9E3779B1 + m * 0x85EBCA77 + s * 0xC2B2AE3D)


def reference(n, months):
    c, k = max(1, n // 8), max(1, n * 7 // 24)
    starts, day = [], 0
    for m in range(months + 1):
        starts.append(day)
        year, month = 2024 + m // 12, m % 12 + 1
        day += calendar.monthrange(year, month)[1]
    length = [starts[m + 1] - starts[m] for m in range(months)]
    heap, order = [], [0]

    def schedule(when, kind, f, m):
        heapq.heappush(heap, (when, order[0], kind, f, m))
        order[0] += 1

    def declare_day(f, m):
        return starts[m] + 24 + H(f, m, 1) % (length[m] - 24 + 5)

    def refresh_day(f, m):
        return starts[m] + 9 + H(f, m, 4) % 11

    tier = [H(f, 0, 7) % 3 for f in range(n)]
    state = [dict() for _ in range(n)]
    paid = [0] * n
    declared = [0] * n
    received = [0] * k
    out = dict(events=0, declare=0, processed=0, salary=0, cmg=0, refresh=0, checked=0, violations=0,
               sum_salary=0, sum_cmg=0, sum_contrib=0, wait_total=0, wait_max=0, paydays=0)
    busy, fifo = [0], []

    def start(f, now):
        s = state[f]
        s["start"] = now
        wait = now - s["declared_on"]
        out["wait_total"] += wait
        out["wait_max"] = max(out["wait_max"], wait)
        schedule(now + 1 + H(f, s["month"], 3) % 3, "processed", f, s["month"])

    for f in range(n):
        schedule(declare_day(f, 0), "declare", f, 0)
        if f % 3 < months:
            schedule(refresh_day(f, f % 3), "refresh", f, f % 3)
    fifo_head = 0
    while heap:
        now, _, kind, f, m = heapq.heappop(heap)
        out["events"] += 1
        out[{"declare": "declare", "processed": "processed", "salary_pay": "salary", "cmg_pay": "cmg",
             "refresh": "refresh"}[kind]] += 1
        s = state[f]
        if kind == "declare":
            salary = (40 + H(f, m, 2) % 121) * (350 + H(f, 0, 6) % 301)
            s.update(month=m, salary=salary, contrib=salary * 45 // 100, tier=tier[f],
                     cmg=min(CAP[tier[f]], salary * 85 // 100), declared_on=now)
            declared[f] += salary
            if busy[0] < c:
                busy[0] += 1
                start(f, now)
            else:
                fifo.append(f)
        elif kind == "processed":
            s["processed"] = now
            out["sum_contrib"] += s["contrib"]
            busy[0] -= 1
            if fifo_head < len(fifo):
                g = fifo[fifo_head]
                fifo_head += 1
                busy[0] += 1
                start(g, now)
            schedule(now + 2, "salary_pay", f, m)
        elif kind == "salary_pay":
            received[f % k] += s["salary"]
            paid[f] += s["salary"]
            s["salary_day"] = now
            out["sum_salary"] += s["salary"]
            schedule(now + 1, "cmg_pay", f, m)
        elif kind == "cmg_pay":
            out["sum_cmg"] += s["cmg"]
            out["paydays"] += now
            salary = (40 + H(f, m, 2) % 121) * (350 + H(f, 0, 6) % 301)
            ok = (s["month"] == m and s["salary"] == salary and s["contrib"] == salary * 45 // 100
                  and s["cmg"] == min(CAP[s["tier"]], salary * 85 // 100) and s["cmg"] <= s["salary"]
                  and s["declared_on"] <= s["start"] < s["processed"] and s["salary_day"] == s["processed"] + 2
                  and now == s["processed"] + 3 and paid[f] == declared[f])
            out["violations"] += 0 if ok else 1
            out["checked"] += 1
            if m + 1 < months:
                nxt = declare_day(f, m + 1)
                if nxt <= now:
                    out["violations"] += 1
                    nxt = now + 1
                schedule(nxt, "declare", f, m + 1)
        else:
            tier[f] = H(f, m, 5) % 3
            if m + 3 < months:
                schedule(refresh_day(f, m + 3), "refresh", f, m + 3)
    if out["checked"] != n * months or sum(received) != sum(paid):
        out["violations"] += 1
    out.update(N=n, M=months, c=c, engine_events=0)
    return out


def main():
    binary = sys.argv[1]
    sizes = [(int(a), int(b)) for a, b in zip(sys.argv[2::2], sys.argv[3::2])] or [(3000, 24), (1000, 2)]
    failures = 0
    for n, months in sizes:
        expected = reference(n, months)
        line = subprocess.run([binary, "--families", str(n), "--months", str(months)], capture_output=True,
                              text=True, check=False).stdout.split()
        got = dict(item.split("=", 1) for item in line)
        for key, value in expected.items():
            if got.get(key) != str(value):
                print("FAIL N=%d M=%d: %s = %s, the reference says %s" % (n, months, key, got.get(key), value))
                failures += 1
        if months == 24 and expected["events"] != 104 * n:
            print("FAIL: the reference itself makes %d events for N=%d, not 104 N" % (expected["events"], n))
            failures += 1
        for key in ("setup_s", "run_s", "events_per_s"):
            if key not in got:
                print("FAIL N=%d M=%d: no %s" % (n, months, key))
                failures += 1
        print("N=%d M=%d: events=%s sum_salary=%s wait_total=%s paydays=%s %s"
              % (n, months, got.get("events"), got.get("sum_salary"), got.get("wait_total"), got.get("paydays"),
                 "as the reference" if failures == 0 else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
