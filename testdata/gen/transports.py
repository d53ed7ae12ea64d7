#!/usr/bin/env python3
"""Writes the transports no real component here can produce, from real output.

    transports.py WORKDIR OUTDIR

Input: OUTDIR/docker_{api,worker,longline}.log, the json-file logs Docker
itself wrote for the real `services` program (see transports.sh). Each record
gives a line (or, for lines over 16 KiB, a piece of one), its stream and its
time. Output, each file headed by nothing (the formats have no header) and
described in OUTDIR/README.md:

- cri_*.log: the CRI log format of containerd/CRI-O (kubelet's
  /var/log/pods/...): `RFC3339NANO STREAM TAG TEXT`, TAG `P` for a piece of
  a line that goes on in the next record, `F` for the last piece. containerd
  splits lines at 16 KiB like Docker, so Docker's pieces map one to one.
- compose_v2_interleaved.log: `docker compose logs --no-color` (v2) of two
  services, `NAME-1  | TEXT` (an empty line: `NAME-1  |`), interleaved line
  by line (the real v1 output in compose_up.log interleaves by blocks).
- kubectl_prefix.log: `kubectl logs --prefix --all-containers` of two pods,
  `[pod/NAME/CONTAINER] TEXT`; the two real outputs interleaved line by line.
- journald.log: `journalctl -o short` of two units: `Mon DD HH:MM:SS HOST
  IDENT[PID]: TEXT`, interleaved line by line.
- stern.log: `stern --color never` of two pods: `POD CONTAINER TEXT`,
  interleaved line by line.
"""
import datetime
import json
import os
import sys

work, out = sys.argv[1], sys.argv[2]


def records(name):
    """The records Docker wrote: (text, stream, time, ends_line)."""
    recs = []
    with open(os.path.join(out, f"docker_{name}.log"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            log = r["log"]
            ends = log.endswith("\n")
            recs.append((log[:-1] if ends else log, r["stream"], r["time"], ends))
    return recs


def lines(name):
    """Whole lines: (text, stream, time of the first piece)."""
    got, cur, t0 = [], None, None
    for text, stream, time, ends in records(name):
        if cur is None:
            cur, t0 = "", time
        cur += text
        if ends:
            got.append((cur, stream, t0))
            cur = None
    if cur is not None:
        got.append((cur, stream, t0))
    return got


def interleave(a, b):
    """a and b alternately, line by line, the rest of the longer after."""
    res = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            res.append(a[i])
        if i < len(b):
            res.append(b[i])
    return res


def write(name, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(r + "\n")


for name in ("api", "longline", "slog"):
    write(f"cri_{name}.log", [
        f"{time} {stream} {'F' if ends else 'P'} {text}"
        for text, stream, time, ends in records(name)
    ])

api = [("api-7d9c5b6f4-x2x7q", "api", 4242) + l for l in lines("api")]
worker = [("worker-5c6b8d9f7-q8z4m", "worker", 4243) + l for l in lines("worker")]
both = interleave(api, worker)

# docker compose v2 (`docker compose logs --no-color`): the name padded to
# the longest, then ` | `.
w = max(len("api-1"), len("worker-1"))
write("compose_v2_interleaved.log", [
    f"{('api-1' if c == 'api' else 'worker-1'):<{w}} | {text}".rstrip(" ") if text == "" else
    f"{('api-1' if c == 'api' else 'worker-1'):<{w}} | {text}"
    for _, c, _, text, _, _ in both
])
write("kubectl_prefix.log", [f"[pod/{pod}/{c}] {text}" for pod, c, _, text, _, _ in both])
write("stern.log", [f"{pod} {c} {text}" for pod, c, _, text, _, _ in both])


def short(time):
    t = datetime.datetime.strptime(time[:19], "%Y-%m-%dT%H:%M:%S")
    return t.strftime("%b %d %H:%M:%S")


write("journald.log", [
    f"{short(time)} node-1 {c}[{pid}]: {text}" for _, c, pid, text, _, time in both
])
