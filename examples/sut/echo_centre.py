#!/usr/bin/env python3
"""The most trivial valid centre of the centre protocol (docs/sut-protocol.md).

It answers the handshake with every capability and each day with no action, and exits 0 on
`end`. It pays nobody, so the invariants fail; it measures the protocol's own throughput:

    pajesim run scenarios/baseline-2019.json --sut 'python3 examples/sut/echo_centre.py'

It does not decode a day's messages: the date is read from the start of the line, which
pajesim writes as `{"type":"day","date":"YYYY-MM-DD",...`; any other layout falls back to
decoding the line.
"""

import json
import sys

HELLO = b'{"type":"hello","protocol":1,"name":"echo centre 1.0","capabilities":["pajemploi_plus","parallel_run"]}\n'
DAY_PREFIX = b'{"type":"day","date":"'


def main():
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        line = source.readline()
        if not line:
            return 0
        if line.startswith(DAY_PREFIX) and line[len(DAY_PREFIX) + 10:len(DAY_PREFIX) + 11] == b'"':
            date = line[len(DAY_PREFIX):len(DAY_PREFIX) + 10]
        else:
            message = json.loads(line)
            kind = message.get("type")
            if kind == "end":
                return 0
            if kind == "hello":
                sink.write(HELLO)
                sink.flush()
                continue
            date = message["date"].encode()
        sink.write(b'{"type":"actions","date":"' + date + b'","actions":[]}\n')
        sink.flush()


if __name__ == "__main__":
    sys.exit(main())
