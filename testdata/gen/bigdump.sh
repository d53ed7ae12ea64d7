#!/usr/bin/env bash
# Writes a real goroutine dump of N goroutines (default 100,000): the
# program in programs/bigdump starts them in a few dozen families and writes
# its goroutine profile in debug=2 form. Too large to commit; used for the
# whole-process figures in the README (benches/cli.py).
#
#   testdata/gen/bigdump.sh /tmp/dump100k.txt [N] [GO_VERSION]
#   testdata/gen/bigdump.sh --fixture     # testdata/big/dump100k.txt.zst
#
# --fixture writes the 100,000-goroutine dump (Go 1.24) compressed with
# `zstd -19` (~0.5 MB; gostack reads zstd input as is): the fixture of the
# scale test (tests/scale.rs).
# Toolchains: ${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}/go-X.Y (see
# ../shared/tools/go-toolchains); stdlib only, no module proxy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--fixture" ]; then
    tmp=$(mktemp)
    "$0" "$tmp" 100000 1.24
    mkdir -p "$here/../big"
    zstd -19 -q -f "$tmp" -o "$here/../big/dump100k.txt.zst"
    rm -f "$tmp"
    ls -l "$here/../big/dump100k.txt.zst"
    exit 0
fi
out=${1:?usage: bigdump.sh OUT [N] [GO_VERSION] | --fixture}
n=${2:-100000}
v=${3:-1.24}
here=$(cd "$(dirname "$0")" && pwd)
tc=${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}/go-$v
work=${WORKDIR:-/tmp/gostack-gen}/bigdump
mkdir -p "$work"
(cd "$here/programs/bigdump" &&
    GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOROOT="$tc" GOCACHE="$work/cache" \
        "$tc/bin/go" build -o "$work/bigdump" .)
"$work/bigdump" "$n" >"$out"
echo "$out: $(grep -c '^goroutine ' "$out") goroutines, $(wc -c <"$out") bytes"
