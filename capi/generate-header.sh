#!/usr/bin/env bash
# Writes capi/include/gostack.h from capi/src/lib.rs with cbindgen (the
# Debian package or `cargo install cbindgen`). With --check, fails when the
# header in the repository is not what cbindgen writes.
set -euo pipefail
cd "$(dirname "$0")"
out=include/gostack.h
if [ "${1:-}" = --check ]; then
    tmp=$(mktemp)
    cbindgen --quiet --config cbindgen.toml --crate gostack-capi --output "$tmp" .
    diff -u "$out" "$tmp"
    rm -f "$tmp"
else
    cbindgen --quiet --config cbindgen.toml --crate gostack-capi --output "$out" .
fi
