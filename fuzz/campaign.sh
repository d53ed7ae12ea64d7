#!/usr/bin/env bash
# A long fuzz campaign: every target in turn, MINUTES each (default 4: 40
# CPU-minutes over the ten targets), a fresh seed, the corpora kept between
# runs (fuzz/corpus/, gitignored). CI's short pass finds the shallow bugs;
# this finds what needs depth. A failure stops the campaign and leaves the
# input in fuzz/artifacts/TARGET/; make it a regression test (tests/
# regressions.rs, the input under testdata/fuzz/).
#
#   fuzz/campaign.sh                 # all targets, 4 minutes each
#   MINUTES=10 fuzz/campaign.sh parse scan_chunks
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse parse_bytes parse_strict args func_name roundtrip formats delve_json scan_chunks helpers)
fi
seconds=$(( ${MINUTES:-4} * 60 ))
seed=${SEED:-$(date +%s)}
"$here/seed.sh" "${targets[@]}"
cd "$here"
cargo +nightly fuzz build
for t in "${targets[@]}"; do
    case "$t" in
    scan_chunks | helpers) max_len=1048576 ;;
    *) max_len=65536 ;;
    esac
    echo "== $t: ${seconds}s, seed $seed"
    cargo +nightly fuzz run "$t" -- -seed="$seed" -max_total_time="$seconds" \
        -dict="$here/dict" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|==|SUMMARY)|panicked at|ERROR' || true
    if [ -n "$(ls -A "artifacts/$t" 2>/dev/null)" ]; then
        echo "$t failed: $(ls "artifacts/$t")" >&2
        exit 1
    fi
done
echo "campaign done: ${targets[*]}"
