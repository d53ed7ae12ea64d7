#!/usr/bin/env bash
# Writes testdata/compressed/: a real crash (go/1.27/states_panic_all.txt)
# as the compression tools write it — gzip, two gzip members, zstd, two
# zstd frames, and gzip over UTF-16 — for the CLI's transparent decoding
# (tests/cli.rs). Needs gzip and zstd (Debian packages).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=$here/go/1.27/states_panic_all.txt
out=$here/compressed
mkdir -p "$out"
gzip -9 -n -c "$src" > "$out/states_panic_all.txt.gz"
{ gzip -9 -n -c "$src"; gzip -9 -n -c "$src"; } > "$out/twice.txt.gz"
zstd -q -19 -c "$src" > "$out/states_panic_all.txt.zst"
{ zstd -q -19 -c "$src"; zstd -q -19 -c "$src"; } > "$out/twice.txt.zst"
python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + open(sys.argv[1]).read().encode("utf-16-le"))' "$src" \
    | gzip -9 -n -c > "$out/utf16le.txt.gz"
