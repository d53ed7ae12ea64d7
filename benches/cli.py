#!/usr/bin/env python3
"""Whole-process figures, as users run gostack: CPU seconds (user + system)
and peak RSS of `gostack ARGS FILE`, next to `wc -l FILE` in the same run.

    benches/cli.py FILE [gostack args...]      # default args: --format summary

Best of RUNS (default 5) for the CPU time; peak RSS is the largest seen.
Output goes to /dev/null; the page cache is warmed by a first `cat`.
"""
import os
import subprocess
import sys

BIN = os.environ.get("GOSTACK", "target/release/gostack")
RUNS = int(os.environ.get("RUNS", "5"))


def measure(argv):
    best, rss = None, 0
    for _ in range(RUNS):
        # /usr/bin/time reports the peak RSS of the command alone (the
        # rusage of a child forked from Python starts at Python's size);
        # wait4 gives CPU times with microseconds (time's own are tiny).
        with open(os.devnull, "wb") as null:
            p = subprocess.Popen(["/usr/bin/time", "-f", "%M", *argv],
                                 stdout=null, stderr=subprocess.PIPE)
            err = p.stderr.read().decode()
            _, status, ru = os.wait4(p.pid, 0)
            p.stderr.close()
        cpu = ru.ru_utime + ru.ru_stime
        best = cpu if best is None else min(best, cpu)
        rss = max(rss, int(err.strip().splitlines()[-1]))
    code = os.waitstatus_to_exitcode(status)
    return best, rss, code


def main():
    path = sys.argv[1]
    args = sys.argv[2:] or ["--format", "summary"]
    size = os.path.getsize(path)
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)
    mb = size / 1e6
    wc, wc_rss, _ = measure(["wc", "-l", path])
    gs, gs_rss, code = measure([BIN, *args, path])
    print(f"{path}: {mb:.1f} MB")
    print(f"  wc -l          {wc:7.3f} cpu-s  {mb / max(wc, 1e-9):8.0f} MB/cpu-s  peak RSS {wc_rss / 1024:7.1f} MB")
    print(f"  gostack {' '.join(args)}: {gs:7.3f} cpu-s  {mb / max(gs, 1e-9):8.0f} MB/cpu-s  "
          f"peak RSS {gs_rss / 1024:7.1f} MB ({gs_rss * 1024 / size:.2f}x input)  exit {code}")


main()
