#!/usr/bin/env bash
# Runs every command the recipes in docs/recipes/ run, and checks each
# configuration against what this repository builds. Fluent Bit, Vector and
# the OpenTelemetry collector themselves cannot be installed here (no Debian
# package; not on crates.io, PyPI or npm): their part is imitated where it
# matters (fluentbit/tests/: Fluent Bit's filter_wasm calls and multiline
# rule engine) and otherwise only read.
#
#   docs/recipes/test.sh            # after `cargo build` (uses target/debug)
#   GOSTACK=target/release/gostack docs/recipes/test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
GOSTACK=${GOSTACK:-target/debug/gostack}
[ -x "$GOSTACK" ] || cargo build --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --user pyyaml
ok() { printf 'ok   %s\n' "$*"; }

# --- Vector: the exec source's command, streaming from a growing file. ---
python3 - "$WORK" docs/recipes/vector.toml <<'PY'
import json, sys, tomllib
work, path = sys.argv[1], sys.argv[2]
src = tomllib.load(open(path, "rb"))["sources"]["go_crashes"]
assert src["type"] == "exec" and src["mode"] == "streaming", src
assert src["decoding"]["codec"] == "json", src
cmd = src["command"]
assert cmd[0] == "gostack" and "--follow" in cmd and cmd[-2:-1] == ["ndjson"], cmd
json.dump(cmd[1:-1], open(f"{work}/vector_args.json", "w"))
PY
mapfile -t ARGS < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))))' "$WORK/vector_args.json")
LOG="$WORK/app.log"
: > "$LOG"
"$GOSTACK" "${ARGS[@]}" "$LOG" > "$WORK/vector.out" 2>"$WORK/vector.err" &
PID=$!
printf '2026/12/02 10:00:00 starting\n' >> "$LOG"
head -c 300 testdata/go/1.27/states_panic_all.txt >> "$LOG"
sleep 0.5
tail -c +301 testdata/go/1.27/states_panic_all.txt >> "$LOG"
printf '2026/12/02 10:00:05 restarting\n' >> "$LOG"
# The crash must come out while gostack still runs (streaming), not at exit.
for _ in $(seq 1 50); do
    [ -s "$WORK/vector.out" ] && break
    sleep 0.1
done
kill -0 "$PID"
[ -s "$WORK/vector.out" ] || { echo "no event while following" >&2; exit 1; }
kill -TERM "$PID"
status=0
wait "$PID" || status=$?
[ "$status" -eq 143 ] || { echo "gostack --follow ended with $status on SIGTERM" >&2; exit 1; }
python3 - "$WORK/vector.out" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
assert len(events) == 1, events
e = events[0]
assert e["kind"] == "panic" and e["version"] == 1, e
assert e["panics"][0]["message"] == "states: panic with many parked goroutines", e
PY
ok "vector.toml: gostack ${ARGS[*]} FILE streams one JSON event per crash"

# --- OpenTelemetry collector: the command in the comment, both receivers. ---
python3 - "$WORK" docs/recipes/otelcol.yaml <<'PY'
import re, sys, yaml
work, path = sys.argv[1], sys.argv[2]
text = open(path).read()
conf = yaml.safe_load(text)
recv = conf["receivers"]
assert recv["otlpjsonfile"]["include"][0].endswith(".otlp.jsonl")
assert recv["filelog/gostack_ndjson"]["operators"][0]["type"] == "json_parser"
pipes = conf["service"]["pipelines"]["logs"]
assert set(pipes["receivers"]) == set(recv), pipes
cmd = re.search(r"#\s+(gostack .*--format otel\S*.*?)\s+>>", text).group(1).split()
assert "--follow" in cmd, cmd
# --follow waits for more: the same command without it, on a whole file.
open(f"{work}/otel_args", "w").write("\n".join(a for a in cmd[1:-1] if a != "--follow"))
mapping = recv["filelog/gostack_ndjson"]["operators"][1]["mapping"]
open(f"{work}/otel_kinds", "w").write("\n".join(k for v in mapping.values() for k in v))
PY
mapfile -t OARGS < "$WORK/otel_args"
"$GOSTACK" "${OARGS[@]}" testdata/transport/docker_api.log > "$WORK/crashes.otlp.jsonl"
"$GOSTACK" --format ndjson testdata/transport/docker_api.log > "$WORK/crashes.ndjson"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
reqs = [json.loads(l) for l in open(f"{work}/crashes.otlp.jsonl")]
assert len(reqs) == 3, len(reqs)
for r in reqs:
    rec = r["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]
    assert rec["severityNumber"] in (17, 21), rec
    keys = {a["key"] for a in rec["attributes"]}
    assert {"exception.type", "exception.message", "exception.stacktrace"} <= keys, keys
    assert rec["timeUnixNano"].isdigit(), rec
kinds = set(open(f"{work}/otel_kinds").read().split())
for l in open(f"{work}/crashes.ndjson"):
    assert json.loads(l)["kind"] in kinds, l
PY
ok "otelcol.yaml: gostack ${OARGS[*]} writes OTLP/JSON the otlpjsonfile receiver reads; NDJSON kinds map to severities"

# --- Fluent Bit: the files the configuration names are what we build. ---
python3 - docs/recipes/fluent-bit.conf fluentbit/parsers_multiline.conf <<'PY'
import re, sys
conf, parsers = open(sys.argv[1]).read(), open(sys.argv[2]).read()
def sections(text):
    out, cur = [], None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = (line.strip("[]"), {})
            out.append(cur)
        else:
            k, _, v = line.partition(" ")
            cur[1].setdefault(k.lower(), []).append(v.strip())
    return out
secs = sections(conf)
service = next(s for n, s in secs if n == "SERVICE")
assert service["parsers_file"][0].endswith("parsers_multiline.conf")
tail = next(s for n, s in secs if n == "INPUT")
names = [p.strip() for p in tail["multiline.parser"][0].split(",")]
defined = re.findall(r"^\s*name\s+(\S+)", parsers, re.M)
assert "go_crash" in names and "go_crash" in defined, (names, defined)
wasm = next(s for n, s in secs if n == "FILTER" and s["name"] == ["wasm"])
assert wasm["wasm_path"][0].endswith("gostack_fluentbit.wasm")
assert wasm["function_name"] == ["gostack_filter"]
PY
WASM=target/wasm32-unknown-unknown/wasm/gostack_fluentbit.wasm
if [ -f "$WASM" ]; then
    grep -q gostack_filter "$WASM"
    ok "fluent-bit.conf: go_crash parser and $WASM export gostack_filter"
else
    ok "fluent-bit.conf: go_crash parser (build $WASM to check the filter's export)"
fi

# --- A Rust program embedding the scanner. ---
cargo run --quiet --example embed_scanner < testdata/transport/docker_api.log > "$WORK/embed.out"
"$GOSTACK" --format ndjson testdata/transport/docker_api.log \
    | python3 -c 'import json,sys; [print(json.loads(l)["fingerprint"]) for l in sys.stdin]' > "$WORK/fps"
[ "$(cut -d' ' -f1 "$WORK/embed.out")" = "$(cat "$WORK/fps")" ]
ok "examples/embed_scanner.rs: one line per crash, the CLI's fingerprints"
