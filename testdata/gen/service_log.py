#!/usr/bin/env python3
"""Writes a service log without any crash, for throughput and memory runs.

    service_log.py MEGABYTES [text|json|docker|cri] > app.log

The lines imitate what Go services log: a timestamp, a level, the caller and
key=value fields (text, like logrus/klog), or one JSON object per line (zap,
slog's JSON handler), or the text lines as Docker's json-file driver
stores them (`{"log":"…\\n","stream":"stdout","time":"…"}`, one in five on
stderr; MEGABYTES counts the text, not the records), or as the CRI
runtimes (containerd, CRI-O) store them for the kubelet
(`2026-12-02T14:00:00.021Z stdout F …`). Deterministic: the same size gives the same bytes.
This is synthetic text, not the output of a real program: it stands for the
noise a log pipeline scans between crashes.
"""
import json
import random
import sys

size = int(float(sys.argv[1]) * 1_000_000)
form = sys.argv[2] if len(sys.argv) > 2 else "text"
rnd = random.Random(7)
paths = ["/v1/users/%d", "/v1/orders/%d", "/healthz", "/v1/search?q=item%d", "/metrics"]
callers = ["api/handler.go:142", "store/db.go:88", "cache/lru.go:51", "http/server.go:219"]
msgs = ["request served", "cache miss", "query done", "retrying upstream", "connection reused"]
out = sys.stdout
written = 0
ms = 0
while written < size:
    ms += rnd.randint(1, 40)
    ts = "2026-12-02T%02d:%02d:%02d.%03dZ" % (
        14 + ms // 3_600_000 % 10, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000)
    p = rnd.choice(paths)
    path = p % rnd.randint(1, 99999) if "%d" in p else p
    level = rnd.choice(["INFO", "INFO", "INFO", "DEBUG", "WARN"])
    caller = rnd.choice(callers)
    msg = rnd.choice(msgs)
    status = rnd.choice([200, 200, 200, 201, 404, 500])
    dur = rnd.randint(1, 90000) / 10
    if form == "json":
        line = ('{"level":"%s","ts":"%s","caller":"%s","msg":"%s","method":"GET",'
                '"path":"%s","status":%d,"duration":"%.1fms","trace_id":"%016x"}\n') % (
            level.lower(), ts, caller, msg, path, status, dur, rnd.getrandbits(64))
    else:
        line = '%s %-5s %s %s method=GET path=%s status=%d dur=%.1fms trace=%016x\n' % (
            ts, level, caller, msg, path, status, dur, rnd.getrandbits(64))
    stream = "stderr" if written % 5 == 0 else "stdout"
    if form == "docker":
        out.write(json.dumps({"log": line, "stream": stream, "time": ts},
                             separators=(",", ":")) + "\n")
    elif form == "cri":
        out.write("%s %s F %s" % (ts, stream, line))
    else:
        out.write(line)
    written += len(line)
