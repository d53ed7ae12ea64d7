#!/usr/bin/env bash
# Seed every fuzz target's corpus with the real fixtures under testdata/.
#   fuzz/seed.sh            # all targets
#   fuzz/seed.sh parse args # only these
# The corpus directories are gitignored; libFuzzer adds to them as it runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse parse_bytes parse_strict args func_name roundtrip formats delve_json scan_chunks helpers)
fi
mapfile -d '' files < <(find "$root/testdata" \( -name '*.txt' -o -path '*/transport/*.log' \) -type f -print0 | sort -z)
for t in "${targets[@]}"; do
    dir="$here/corpus/$t"
    mkdir -p "$dir"
    case "$t" in
    args | func_name)
        # Small inputs: the argument lists and function tokens of the fixtures.
        # One file per distinct token, named by content hash.
        cat "${files[@]}" | tr -d '\r' | awk -v mode="$t" '
            /^[^ \t].*\(.*\)$/ {
                i = index($0, "(")
                # last "(" that opens the argument list
                for (j = length($0); j > 0; j--) if (substr($0, j, 1) == "(") { i = j; break }
                if (mode == "args") print substr($0, i + 1, length($0) - i - 1)
                else print substr($0, 1, i - 1)
            }' | sort -u | while IFS= read -r line; do
            h=$(printf '%s' "$line" | sha1sum | cut -c1-16)
            printf '%s' "$line" >"$dir/$h"
        done
        ;;
    delve_json)
        find "$root/testdata" -name '*.response.json' -type f -print0 | sort -z |
            while IFS= read -r -d '' f; do
                rel=${f#"$root/testdata/"}
                cp "$f" "$dir/${rel//\//_}"
            done
        ;;
    scan_chunks)
        # A leading byte picks the chunking; the fixtures follow it.
        for f in "${files[@]}"; do
            rel=${f#"$root/testdata/"}
            for seed in a b; do
                { printf '%s' "$seed"; cat "$f"; } >"$dir/${seed}_${rel//\//_}"
            done
        done
        ;;
    *)
        for f in "${files[@]}"; do
            rel=${f#"$root/testdata/"}
            cp "$f" "$dir/${rel//\//_}"
        done
        ;;
    esac
    # Inputs the fuzzers once failed on (kept as regression tests too).
    case "$t" in
    args | func_name) ;;
    *)
        for f in "$root"/testdata/fuzz/*.bin; do
            cp "$f" "$dir/regression_$(basename "$f")"
        done
        ;;
    esac
    echo "seeded $t: $(find "$dir" -type f | wc -l) files"
done
