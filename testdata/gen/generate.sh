#!/usr/bin/env bash
# Regenerate the real-world Go traceback fixtures under testdata/go/<X.Y>/.
#
#   testdata/gen/generate.sh              # every go-X.Y under $GO_TOOLCHAINS
#   testdata/gen/generate.sh 1.19 1.27    # only these toolchains
#   RUNS='states_*' testdata/gen/generate.sh 1.27   # only runs matching a glob
#
# Toolchains: ${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}/go-X.Y (see
# ../shared/tools/go-toolchains).  Needs root (or write access) for the neutral
# paths /usr/local/go (symlink to the toolchain) and /home/gopher/app/<prog>.
# Binaries and caches go to ${WORKDIR:-/tmp/gostack-gen}; nothing is built
# inside the repository.  See testdata/gen/README.md.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/.." && pwd)/go
TC=${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}
WORK=${WORKDIR:-/tmp/gostack-gen}
APP=/home/gopher/app
GOLINK=/usr/local/go
RUNGLOB=${RUNS:-*}
ulimit -c 0   # GOTRACEBACK=crash / SIGABRT must not leave core files around

# Private /usr/local/go: re-run this script in a private mount namespace with a
# tmpfs over /usr/local, so the /usr/local/go link it switches is invisible to
# (and safe from) other processes using the same path at the same time (e.g.
# delve.sh).  ISOLATE=0 disables this; without the privilege for unshare the
# shared link is used, guarded by link_ok/bin_ok below.
if [ "${ISOLATE:-1}" = 1 ] && [ -z "${GEN_ISOLATED:-}" ] &&
   unshare -m --propagation private true 2>/dev/null; then
  exec env GEN_ISOLATED=1 unshare -m --propagation private bash -c \
    'mount -t tmpfs gostack-gen "${1%/*}" && shift && exec "$@"' _ "$GOLINK" bash "$0" "$@"
fi

# ---------------------------------------------------------------------------
# Run table.  Fields separated by '|':
#   name | program | mode | args | run env | build env | build flags | versions | retry
# mode:     run          build, run the binary
#           sig:SIG[:S]  run, wait for a line "READY", sleep S seconds (default
#                        0.3), send SIG with kill; S >= 60 runs in the background
#           gorun        `go run [build flags] . args` (adds go's trailer lines)
#           test         `go test -c`, run the test binary with args
#           gotest       `go test [build flags] args` in the package directory
#                        (args ending in "." = package list mode, without a
#                        package = local directory mode; adds go's FAIL/ok lines)
# env / build env / build flags: shell words (quotes allowed), e.g.
#           GOTRACEBACK=all GODEBUG=asyncpreemptoff=1     '-gcflags=all=-N -l'
# versions: empty = all; "1.23-" = 1.23 and newer; "-1.24"; "1.24" exact;
#           "1.19,1.27" = list.  A run outside its versions is skipped.
# retry:    "REGEX*N": rerun (max 25 times) until N lines match REGEX.
# The same name may appear twice with disjoint versions (different settings).
# ---------------------------------------------------------------------------
PANIC_SCENARIOS="string string_empty string_multiline string_trailing_newline
string_blank_line string_tab int negative_int uint8 uintptr float64 float32
complex128 bool custom_string custom_string_multiline custom_int custom_float
custom_bool custom_uint8 custom_complex error_new error_fmt_wrap error_multiline
error_custom_ptr error_custom_value error_method_panics error_nil_ptr_method
stringer struct struct_ptr anon_struct slice map func chan nil nil_map index
index_negative slice_bounds slice_bounds_3 nilptr nil_func divide type_assert
type_assert_iface type_assert_nil closed_chan_send close_closed close_nil_chan
unhashable negative_shift makeslice negative_waitgroup unlock_unlocked
rwunlock_unlocked value_method_nil_ptr nested nested3 nested_error
recovered_repanic_same recovered_repanic_different recovered_repanic_err
recovered_then_nested goroutine goexit_then_panic panic_goexit_recover
fatal_during_panic fatal_during_error_panic fatal_during_recovered_panic
fault_addr log_around"

table() {
  local s
  for s in $PANIC_SCENARIOS; do echo "panic_$s|panics|run|$s||||||"; done
  cat <<'EOF'
panic_nil_godebug_panicnil1|panics|run|nil|GODEBUG=panicnil=1|||1.21-|
panic_string_none|panics|run|string|GOTRACEBACK=none||||
panic_string_crash|panics|run|string|GOTRACEBACK=crash||||
panic_nilptr_system|panics|run|nilptr|GOTRACEBACK=system||||
panic_nilptr_crash|panics|run|nilptr|GOTRACEBACK=crash||||
panic_string_trimpath|panics|run|string|||-trimpath||
gorun_panic|panics|gorun|string||||||
gorun_panic_crash|panics|gorun|string|GOTRACEBACK=crash||||
gorun_nilptr|panics|gorun|nilptr||||||
gorun_fatal_deadlock|fatals|gorun|deadlock_chan||||||
fatal_deadlock_chan|fatals|run|deadlock_chan||||||
fatal_deadlock_select|fatals|run|deadlock_select||||||
fatal_deadlock_mutex|fatals|run|deadlock_mutex||||||
fatal_deadlock_wg|fatals|run|deadlock_wg||||||
fatal_main_goexit|fatals|run|main_goexit||||||
fatal_concurrent_map_writes|fatals|run|concurrent_map_writes||||||
fatal_concurrent_map_writes_none|fatals|run|concurrent_map_writes|GOTRACEBACK=none||||
fatal_concurrent_map_writes_system|fatals|run|concurrent_map_writes|GOTRACEBACK=system||||
fatal_concurrent_map_read_write|fatals|run|concurrent_map_read_write||||||
fatal_concurrent_map_iterate_write|fatals|run|concurrent_map_iterate_write||||||
fatal_unlock_unlocked|fatals|run|unlock_unlocked||||||
fatal_stack_overflow|fatals|run|stack_overflow||||||
fatal_stack_overflow_maxstack|fatals|run|stack_overflow_maxstack||||||
fatal_stack_overflow_goroutine|fatals|run|stack_overflow_goroutine||||||
fatal_deep_panic_60|fatals|run|deep_panic_60||||||
fatal_deep_panic_99|fatals|run|deep_panic_99||||||
fatal_deep_panic_100|fatals|run|deep_panic_100||||||
fatal_deep_panic_101|fatals|run|deep_panic_101||||||
fatal_deep_panic_200|fatals|run|deep_panic_200||||||
fatal_deep_panic_200_system|fatals|run|deep_panic_200|GOTRACEBACK=system||||
fatal_ancestors|fatals|run|ancestors|GODEBUG=tracebackancestors=5||||
fatal_ancestors_none|fatals|run|ancestors||||||
fatal_stack_overflow_ancestors|fatals|run|stack_overflow_goroutine|GODEBUG=tracebackancestors=5||||
fatal_locked_thread_panic|fatals|run|locked_thread_panic||||||
fatal_locked_thread_panic_all|fatals|run|locked_thread_panic|GOTRACEBACK=all||||
fatal_timer_panic|fatals|run|timer_panic||||||
fatal_finalizer_panic|fatals|run|finalizer_panic||||||
fatal_exit_in_defer_no_trace|fatals|run|exit_in_defer||||||
states_panic_none|states|run|panic|GOTRACEBACK=none||||
states_panic_single|states|run|panic|GOTRACEBACK=single||||
states_panic_default|states|run|panic||||||
states_panic_all|states|run|panic|GOTRACEBACK=all||||
states_panic_system|states|run|panic|GOTRACEBACK=system||||
states_panic_crash|states|run|panic|GOTRACEBACK=crash||||
states_goroutinepanic_all|states|run|goroutinepanic|GOTRACEBACK=all||||
states_panic_all_asyncpreemptoff|states|run|panic_busy|GOTRACEBACK=all GODEBUG=asyncpreemptoff=1||||
states_sigquit|states|sig:QUIT|wait||||||
states_sigquit_system|states|sig:QUIT|wait|GOTRACEBACK=system||||
states_sigquit_crash|states|sig:QUIT|wait|GOTRACEBACK=crash||||
states_sigquit_tracebackancestors|states|sig:QUIT|wait|GODEBUG=tracebackancestors=3||||
states_sigquit_asyncpreemptoff|states|sig:QUIT|wait_busy|GODEBUG=asyncpreemptoff=1||||
states_sigabrt|states|sig:ABRT|wait||||||
states_sigsegv_from_kill|states|sig:SEGV|wait||||||
states_minutes|states|sig:QUIT:65|minutes||||1.19,1.27|
args_default|args|run|panic||||||
args_noinline|args|run|panic|||-gcflags=all=-l||
args_optimizations_off|args|run|panic|||'-gcflags=all=-N -l'||
args_goroutine|args|run|goroutine||||||
funcnames_panic|funcnames|run|panic||||||
funcnames_panic_all|funcnames|run|panic|GOTRACEBACK=all||||
funcnames_panic_system|funcnames|run|panic|GOTRACEBACK=system||||
funcnames_noinline|funcnames|run|panic|||-gcflags=all=-l||
funcnames_trimpath|funcnames|run|panic|||-trimpath||
funcnames_goroutine|funcnames|run|goroutine||||||
funcnames_gowrap|funcnames|run|gowrap||||||
funcnames_gowrap_system|funcnames|run|gowrap|GOTRACEBACK=system||||
funcnames_defer|funcnames|run|defer||||||
api_debugstack|stackapi|run|debugstack||||||
api_printstack|stackapi|run|printstack||||||
api_stack_single|stackapi|run|stack_single||||||
api_stack_all|stackapi|run|stack_all||||||
api_stack_all_system|stackapi|run|stack_all|GOTRACEBACK=system||||
api_stack_small|stackapi|run|stack_small||||||
api_pprof1|stackapi|run|pprof1||||||
api_pprof2|stackapi|run|pprof2||||||
api_labels_dump|stackapi|run|labels_dump||||||
api_labels_panic|stackapi|run|labels_panic|GOTRACEBACK=all||||
api_labels_dump_tracebacklabels|stackapi|run|labels_dump|GODEBUG=tracebacklabels=1|||1.26|
api_labels_panic_tracebacklabels|stackapi|run|labels_panic|GOTRACEBACK=all GODEBUG=tracebacklabels=1|||1.26|
api_labels_dump_tracebacklabels0|stackapi|run|labels_dump|GODEBUG=tracebacklabels=0|||1.27-|
api_recovered_printstack|stackapi|run|recovered_printstack||||||
double_panic|doublepanic|run|race|||||^panic:*2
double_panic_all|doublepanic|run|race|GOTRACEBACK=all||||^panic:*2
cgo_segv|cgo|run|segv||CGO_ENABLED=1|||
cgo_segv_system|cgo|run|segv|GOTRACEBACK=system|CGO_ENABLED=1|||
cgo_fpe|cgo|run|fpe||CGO_ENABLED=1|||
cgo_abort|cgo|run|abort||CGO_ENABLED=1|||
cgo_ill|cgo|run|ill||CGO_ENABLED=1|||
cgo_callback_panic|cgo|run|callback_panic||CGO_ENABLED=1|||
cgo_callback_panic_system|cgo|run|callback_panic|GOTRACEBACK=system|CGO_ENABLED=1|||
test_panic|tests|test|-test.v -test.run=^TestPanic$|||||
test_panic_subtest|tests|test|-test.v -test.run=^TestPanicSubtest$|||||
test_panic_goroutine|tests|test|-test.run=^TestPanicGoroutine$|||||
test_panic_after_pass|tests|test|-test.v -test.run=^TestPa[sn][a-z]*$|||||
test_timeout|tests|test|-test.v -test.timeout=2s -test.run=^TestTimeout$|||||
test_timeout_parallel|tests|test|-test.timeout=2s -test.run=^TestTimeoutParallel$|||||
synctest_deadlock|synctest|test|-test.run=^TestDeadlock$||GOEXPERIMENT=synctest||1.24|
synctest_dump|synctest|test|-test.run=^TestDump$||GOEXPERIMENT=synctest||1.24|
synctest_deadlock|synctest|test|-test.run=^TestDeadlock$||||1.26-|
synctest_dump|synctest|test|-test.run=^TestDump$||||1.26-|
leak_pprof1|leak|run|pprof1||GOEXPERIMENT=goroutineleakprofile||1.26|
leak_pprof2|leak|run|pprof2||GOEXPERIMENT=goroutineleakprofile||1.26|
leak_panic|leak|run|panic|GOTRACEBACK=all|GOEXPERIMENT=goroutineleakprofile||1.26|
leakdiff_twodumps|leakdiff|run|twodumps|||||
leak_pprof1|leak|run|pprof1||||1.27-|
leak_pprof2|leak|run|pprof2||||1.27-|
leak_panic|leak|run|panic|GOTRACEBACK=all|||1.27-|
api_pprof1_labels|stackapi|run|pprof1_labels||||||
api_threadcreate1|stackapi|run|threadcreate1||||||
race_basic|race|run|basic||CGO_ENABLED=1|-race||^Read at .* by main goroutine:*1
race_two_goroutines|race|run|two_goroutines||CGO_ENABLED=1|-race||^Goroutine [0-9]* (running) created at:*1
race_multiple|race|run|multiple||CGO_ENABLED=1|-race||^WARNING: DATA RACE*3
race_map|race|run|map||CGO_ENABLED=1|-race||^  runtime\.mapassign*1
race_generic|race|run|generic||CGO_ENABLED=1|-race||^WARNING: DATA RACE*2
race_global|race|run|global||CGO_ENABLED=1|-race||^WARNING: DATA RACE*1
race_heap|race|run|heap||CGO_ENABLED=1|-race||^WARNING: DATA RACE*1
race_halt_on_error|race|run|multiple|GORACE=halt_on_error=1|CGO_ENABLED=1|-race||^WARNING: DATA RACE*1
race_then_panic|race|run|then_panic||CGO_ENABLED=1|-race||^WARNING: DATA RACE*1
race_test|race|test|-test.v -test.run=^TestRace$||CGO_ENABLED=1|-race||^WARNING: DATA RACE*1
gotest_panic|tests|gotest|-run '^TestPanic$' .||||||
gotest_panic_local|tests|gotest|-run '^TestPanic$'||||||
gotest_panic_v|tests|gotest|-v -run '^TestPanic$' .||||||
gotest_timeout|tests|gotest|-timeout=2s -run '^TestTimeout$' .||||||
gotest_race|race|gotest|-run '^TestRace$' .||CGO_ENABLED=1|-race||^WARNING: DATA RACE*1
gotest_pass_and_fail|tests|gotest|-run '^Test(Passes)?(Fails)?$' .||||||
gotest_pass_and_fail_v|tests|gotest|-v -run '^Test(Passes)?(Fails)?$' .||||||
gotest_pass_and_fail_local|tests|gotest|-run '^Test(Passes)?(Fails)?$'||||||
gotest_pass|tests|gotest|-count=1 -run '^TestPasses$' .||||||
gotest_pass_local|tests|gotest|-run '^TestPasses$'||||||
gotest_fuzz_panic|tests|gotest|-run '^$' -fuzz '^FuzzPanic$' -fuzztime 60s -parallel 1 .||||||
EOF
}

minor() { local v=${1#1.}; echo "${v%%.*}"; }

in_versions() { # spec version
  local spec=$1 v; v=$(minor "$2")
  [ -z "$spec" ] && return 0
  case $spec in
    *,*) local IFS=,; for s in $spec; do [ "$(minor "$s")" = "$v" ] && return 0; done; return 1 ;;
    -*) [ "$v" -le "$(minor "${spec#-}")" ] ;;
    *-) [ "$v" -ge "$(minor "${spec%-}")" ] ;;
    *-*) [ "$v" -ge "$(minor "${spec%-*}")" ] && [ "$v" -le "$(minor "${spec#*-}")" ] ;;
    *) [ "$(minor "$spec")" = "$v" ] ;;
  esac
}

json_str() { local s=$1; s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; printf '"%s"' "$s"; }

# Base environment for builds and runs: nothing inherited from the caller's
# GOTRACEBACK/GODEBUG/GOFLAGS/... settings.
base_env() {
  echo PATH=/usr/local/go/bin:/usr/bin:/bin HOME=/home/gopher LANG=C \
    GOROOT=$GOLINK GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
    GOCACHE=$WORK/cache-$VER GOPATH=$WORK/gopath GOENV=off CGO_ENABLED=0
}

# prepare_app PROG: fresh copy of the program in $APP/<prog> with the go line
# of the current toolchain.
prepare_app() {
  local p=$1
  rm -rf "${APP:?}/$p"
  cp -r "$HERE/programs/$p" "$APP/$p"
  sed -i "s/^go [0-9.]*\$/go $VER/" "$APP/$p/go.mod"
}

declare -A BUILT
# build PROG MODE BENV BUILD -> echoes binary path (empty on failure)
build() {
  local p=$1 mode=$2 benv=$3 bflags=$4 key bin log
  key=$(printf '%s|%s|%s|%s' "$p" "$mode" "$benv" "$bflags" | md5sum | cut -c1-10)
  bin=$WORK/bin-$VER/$p-$key
  if [ -z "${BUILT[$key]:-}" ]; then
    local -a be bf
    eval "be=($benv)"; eval "bf=($bflags)"
    log=$WORK/bin-$VER/$p-$key.log
    if [ "$mode" = test ]; then
      (cd "$APP/$p" && env -i $(base_env) "${be[@]}" $GOLINK/bin/go test -c "${bf[@]}" -o "$bin" .) >"$log" 2>&1
    else
      (cd "$APP/$p" && env -i $(base_env) "${be[@]}" $GOLINK/bin/go build "${bf[@]}" -o "$bin" .) >"$log" 2>&1
    fi
    if [ $? -eq 0 ]; then BUILT[$key]=ok; else BUILT[$key]=fail; fi
  fi
  if [ "${BUILT[$key]}" = ok ]; then echo "$bin"; else echo "build failed: $p ($benv $bflags), see $WORK/bin-$VER/$p-$key.log" >&2; fi
}

write_meta() { # file name prog mode args env benv build exit attempts
  local goversion=$GOVERSION
  printf '{"go":%s,"run":%s,"program":%s,"mode":%s,"args":%s,"env":%s,"build_env":%s,"build":%s,"exit":%s,"attempts":%s}\n' \
    "$(json_str "$goversion")" "$(json_str "$2")" "$(json_str "$3")" "$(json_str "$4")" \
    "$(json_str "$5")" "$(json_str "$6")" "$(json_str "$7")" "$(json_str "$8")" "$9" "${10}" >"$1"
}

# /usr/local/go is shared: another script (delve.sh) switching it while a run
# builds or runs would mix toolchains.  link_ok: the link still points at this
# version's toolchain; bin_ok BIN: BIN was built by this version.  A foreground
# run that fails either check re-links and repeats (not counted in attempts).
# A go command that saw the other toolchain's GOROOT can poison this version's
# GOCACHE (its index of GOROOT packages), so a clash also empties the cache.
link_ok() { [ "$(readlink "$GOLINK")" = "$LINKTARGET" ]; }
clash() { # message
  echo "  warning: $1" >&2
  ln -sfn "$LINKTARGET" "$GOLINK"
  chmod -R u+w "$WORK/cache-$VER" 2>/dev/null; rm -rf "${WORK:?}/cache-$VER"
}
bin_ok() { [ "$("$LINKTARGET/bin/go" version "$1" 2>/dev/null | awk '{print $2}')" = "$GOVERSION" ]; }
GUARD=1

# execute one run; writes $dir/$name.txt and .meta
execute() {
  local name=$1 prog=$2 mode=$3 args=$4 env=$5 benv=$6 bflags=$7 retry=$8
  local dir=$OUT/$VER txt meta bin='' rc attempts=0 clashes=0 fails=0
  txt=$dir/$name.txt; meta=$dir/$name.meta
  local -a re ra
  eval "re=($env)"; eval "ra=($args)"
  local want_re='' want_n=0
  if [ -n "$retry" ]; then want_re=${retry%\**}; want_n=${retry##*\*}; fi
  while :; do
    if [ "$GUARD" = 1 ] && ! link_ok; then
      clash "$GOLINK was switched by another process; re-linked, cache emptied"
      clashes=$((clashes + 1)); bin=''
    fi
    [ -n "$bin" ] || case $mode in  # built once; again only after a failure/clash
      run|sig:*) bin=$(build "$prog" run "$benv" "$bflags") || true ;;
      test) bin=$(build "$prog" test "$benv" "$bflags") || true ;;
      gorun) bin=gorun ;;
      gotest) bin=gotest ;;
    esac
    if [ "$GUARD" = 1 ] && ! link_ok; then
      clashes=$((clashes + 1)); bin=''
      clash "$name: $GOLINK was switched during the build; rebuilding"
      [ $clashes -lt 10 ] && continue
      echo "  $name: giving up" >&2; rm -f "$txt"; return 0
    fi
    if [ -z "$bin" ]; then  # a failed build is retried twice (a switched link can break it)
      fails=$((fails + 1))
      [ "$GUARD" = 1 ] && [ $fails -lt 3 ] && continue
      return 0
    fi
    if [ "$GUARD" = 1 ] && [ "$bin" != gorun ] && [ "$bin" != gotest ] && ! bin_ok "$bin"; then
      clashes=$((clashes + 1))
      clash "$name: $bin was not built by $GOVERSION; rebuilding"
      bin=''
      [ $clashes -lt 10 ] && continue
      echo "  $name: giving up" >&2; rm -f "$txt"; return 0
    fi
    attempts=$((attempts + 1))
    case $mode in
      run|test)
        (cd "$APP/$prog" && timeout -s KILL 60 env -i $(base_env) "${re[@]}" "$bin" "${ra[@]}") >"$txt" 2>&1
        rc=$? ;;
      gorun)
        local -a be bf; eval "be=($benv)"; eval "bf=($bflags)"
        (cd "$APP/$prog" && timeout -s KILL 120 env -i $(base_env) "${be[@]}" "${re[@]}" $GOLINK/bin/go run "${bf[@]}" . "${ra[@]}") >"$txt" 2>&1
        rc=$? ;;
      gotest)
        local -a be bf; eval "be=($benv)"; eval "bf=($bflags)"
        (cd "$APP/$prog" && timeout -s KILL 120 env -i $(base_env) "${be[@]}" "${re[@]}" $GOLINK/bin/go test "${bf[@]}" "${ra[@]}") >"$txt" 2>&1
        rc=$? ;;
      sig:*)
        local sig=${mode#sig:} delay=0.3
        case $sig in *:*) delay=${sig#*:}; sig=${sig%%:*} ;; esac
        (cd "$APP/$prog" && exec timeout -s KILL $(( ${delay%.*} + 60 )) env -i $(base_env) "${re[@]}" "$bin" "${ra[@]}") >"$txt" 2>&1 &
        local tpid=$! cpid='' i
        for i in $(seq 1 200); do
          grep -q '^READY' "$txt" 2>/dev/null && break
          sleep 0.05
        done
        sleep "$delay"
        cpid=$(pgrep -P "$tpid" | head -1)
        [ -n "$cpid" ] && kill -s "$sig" "$cpid"
        wait "$tpid"; rc=$? ;;
    esac
    if [ "$GUARD" = 1 ] && { [ "$bin" = gorun ] || [ "$bin" = gotest ]; } && ! link_ok; then
      clashes=$((clashes + 1)); attempts=$((attempts - 1))
      clash "$name: $GOLINK was switched during the run; repeating"
      [ $clashes -lt 10 ] && continue
      echo "  $name: giving up" >&2; rm -f "$txt"; return 0
    fi
    if [ -z "$want_re" ] || [ "$(grep -c -- "$want_re" "$txt")" -ge "$want_n" ] || [ $attempts -ge 25 ]; then break; fi
  done
  write_meta "$meta" "$name" "$prog" "$mode" "$args" "$env" "$benv" "$bflags" "$rc" "$attempts"
  printf '  %-44s exit %-3s %s\n' "$name" "$rc" "$([ $attempts -gt 1 ] && echo "($attempts attempts)")"
}

do_version() {
  VER=$1
  local goroot=$TC/go-$VER
  [ -x "$goroot/bin/go" ] || { echo "go-$VER: not found under $TC, skipped" >&2; return; }
  LINKTARGET=$(readlink -f "$goroot")
  link_ok || ln -sfn "$LINKTARGET" "$GOLINK"
  GOVERSION=$(env -i $(base_env) $GOLINK/bin/go env GOVERSION 2>/dev/null || $GOLINK/bin/go version | awk '{print $3}')
  echo "== go-$VER ($GOVERSION)"
  mkdir -p "$OUT/$VER" "$WORK/bin-$VER" "$APP"
  BUILT=()
  local p
  for p in "$HERE"/programs/*/; do prepare_app "$(basename "$p")"; done
  local name prog mode args env benv bflags vers retry
  while IFS='|' read -r name prog mode args env benv bflags vers retry; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2053
    [[ $name == $RUNGLOB ]] || continue
    in_versions "$vers" "$VER" || continue
    rm -f "$OUT/$VER/$name.txt" "$OUT/$VER/$name.meta"
    if [[ $mode == sig:*:* ]] && [ "${mode##*:}" -ge 60 ]; then
      # long waits: build now (GOROOT link points at this version), run in background
      local b; b=$(build "$prog" run "$benv" "$bflags")
      [ -n "$b" ] && { GUARD=0 execute "$name" "$prog" "$mode" "$args" "$env" "$benv" "$bflags" "$retry" & }
      echo "  $name: started in the background"
      continue
    fi
    execute "$name" "$prog" "$mode" "$args" "$env" "$benv" "$bflags" "$retry"
  done < <(table)
}

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  for d in "$TC"/go-1.*; do [ -x "$d/bin/go" ] && versions+=("${d##*/go-}"); done
  mapfile -t versions < <(printf '%s\n' "${versions[@]}" | sort -t. -k2,2n)
fi
mkdir -p "$WORK" "$APP"
for v in "${versions[@]}"; do do_version "$v"; done
echo "== waiting for background runs"
wait
echo "== done"
