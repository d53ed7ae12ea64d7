#!/usr/bin/env bash
# Regenerate the real Delve (dlv) output fixtures under testdata/dlv/<delve X.Y>/.
#
#   testdata/gen/delve.sh                    # Delve 1.20, 1.24 and 1.27
#   testdata/gen/delve.sh 1.27               # only this Delve version
#   CASES='stack*' testdata/gen/delve.sh     # only cases whose name matches the glob
#   CASES=jsonrpc testdata/gen/delve.sh 1.24 # only the JSON-RPC captures
#
# Toolchains: ${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}/dlv-X.Y/dlv and
# go-X.Y/bin/go (see ../shared/tools/go-toolchains).  Delve X.Y debugs a
# program built by the Go it supports: 1.20 <- go 1.19, 1.24 <- go 1.24,
# 1.27 <- go 1.27.  Needs root (or write access) for the neutral paths
# /usr/local/go (symlink to the toolchain), /home/gopher/app/gor (program,
# binaries, core file) and /home/gopher/dlvcmds (init files, named in error
# messages).  Caches and logs go to ${WORKDIR:-/tmp/gostack-dlvgen}; nothing
# is built inside the repository.  See testdata/gen/README.md.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/.." && pwd)/dlv
TC=${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}
WORK=${WORKDIR:-/tmp/gostack-dlvgen}
APP=/home/gopher/app
PROG=gor
CMDDIR=/home/gopher/dlvcmds
GOLINK=/usr/local/go
CASEGLOB=${CASES:-*}
DLV_TIMEOUT=60
ulimit -S -c 0   # only the CRASH=1 run below may dump core (into $APP/gor/core)

declare -A GO_FOR=([1.20]=1.19 [1.24]=1.24 [1.27]=1.27)

# ---------------------------------------------------------------------------
# Case table: name | kind | commands (separated by ';')
# kind:  exec     dbg build (-gcflags=all=-N -l), `dlv exec ./gor --init F`, F =
#                 "break main.bp", "continue", then the commands
#        opt      the same with an optimized build (./gor-opt)
#        many     dbg build run with MANY=60 (60 more goroutines labelled idx=N)
#        pipe     commands piped into dlv's stdin instead of --init
#        core     `dlv core ./gor ./core --init F` on a GOTRACEBACK=crash core
#                 (no break/continue)
#        connect  `dlv connect` to a headless `dlv exec` server (init file as exec)
# {name} in a command is a goroutine/thread id looked up inside the session
# (see STAR below): the init file then ends with `source <case>.star`, and the
# script runs the commands with dlv_command().
#   {alpha} goroutine labelled worker=alpha   {deep} main.recurse (60 deep)
#   {deferw} main.deferWorker (defers)        {grand} main.grandchild (ancestors)
#   {spin} main.spinner (running)             {sys} goroutine in a syscall
#   {gen} main.Generic[...]                   {sget} main.(*S[...]).Get
#   {tid} thread running main.spinner (another thread than the current one)
# Every case runs twice: TERM=xterm -> <case>.txt, TERM=dumb -> <case>__nocolor.txt.
# ---------------------------------------------------------------------------
table() {
  cat <<'EOF'
goroutines|exec|goroutines
goroutines-u|exec|goroutines -u
goroutines-r|exec|goroutines -r
goroutines-g|exec|goroutines -g
goroutines-s|exec|goroutines -s
goroutines-l|exec|goroutines -l
goroutines-t|exec|goroutines -t
goroutines-t3|exec|goroutines -t 3
goroutines-t0|exec|goroutines -t 0
goroutines-t1-r-l|exec|goroutines -t 1 -r -l
goroutines-l-t|exec|goroutines -l -t
goroutines-with-label|exec|goroutines -with label worker=alpha
goroutines-with-label-key|exec|goroutines -l -with label worker
goroutines-with-userloc|exec|goroutines -with userloc main.labeled
goroutines-without-user|exec|goroutines -without user
goroutines-with-running|exec|goroutines -with running
goroutines-wo-multi|exec|goroutines -with user -without running -without label worker
goroutines-nomatch|exec|goroutines -with label worker=nobody
goroutines-with-invalid|exec|goroutines -with loc main
goroutines-badflag|exec|goroutines -x
goroutines-group-userloc|exec|goroutines -group userloc
goroutines-group-curloc|exec|goroutines -group curloc
goroutines-group-label|exec|goroutines -group label worker
goroutines-group-label-quote|exec|goroutines -l -group label note
goroutines-group-running|exec|goroutines -group running
goroutines-group-user|exec|goroutines -group user
goroutines-group-t|exec|goroutines -group label worker -t
goroutines-group-label-toomany|many|goroutines -group label idx
goroutines-exec-stack|exec|goroutines -with label worker -exec stack
goroutines-exec-locals|exec|goroutines -with userloc main.main.func -exec locals
goroutines-group-exec|exec|goroutines -group running -exec stack 1
goroutines-chan|exec|goroutines -chan main.never
goroutine-current|exec|goroutine
goroutine-switch|exec|goroutine {alpha};goroutine
goroutine-switch-running|exec|goroutine {spin};goroutine
goroutine-N-stack|exec|goroutine {alpha} stack
goroutine-N-bt|exec|goroutine {alpha} bt
goroutine-N-frame-locals|exec|goroutine {deferw} frame 1 locals
goroutine-bad|exec|goroutine 99999
goroutine-badarg|exec|goroutine abc
stack|exec|stack
bt|exec|bt
stack-3|exec|stack 3
stack-0|exec|stack 0
stack-full|exec|stack -full
stack-offsets|exec|stack -offsets
stack-defer|exec|stack -defer
stack-defer-full|exec|stack -defer -full
stack-defer-goroutine|exec|goroutine {deferw} stack -defer
stack-recursive|exec|goroutine {deep} stack
stack-recursive-100|exec|goroutine {deep} stack 100
stack-a|exec|goroutine {grand} stack -a 3
stack-a-adepth|exec|goroutine {grand} stack 2 -a 2 -adepth 3
stack-a-current|exec|stack -a 3
stack-mode-simple|exec|stack -mode simple
stack-mode-fromg|exec|stack -mode fromg
stack-running|exec|goroutine {spin} stack
stack-syscall|exec|goroutine {sys} stack
stack-bad|exec|stack abc
names-stack|exec|goroutine {gen} stack;goroutine {sget} stack
frame1|exec|frame 1
frame1-locals|exec|frame 1 locals
frame1-locals-v|exec|frame 1 locals -v
frame1-args|exec|frame 1 args
frame0-args-v|exec|frame 0 args -v
frame-bad|exec|frame 100
up|exec|up
up-down|exec|up 2;down
locals|exec|locals
locals-v|exec|locals -v
args|exec|args
print-values|exec|frame 1 print vInt;frame 1 print vNeg;frame 1 print vUint;frame 1 print vFloat;frame 1 print vComplex;frame 1 print vBool;frame 1 print vStr;frame 1 print vLong;frame 1 print vSlice;frame 1 print vNilSlice;frame 1 print vBig;frame 1 print vArr;frame 1 print vMap;frame 1 print vNilMap;frame 1 print vStruct;frame 1 print vPtr;frame 1 print vNilPtr;frame 1 print vShape;frame 1 print vAny;frame 1 print vErr;frame 1 print vNilErr;frame 1 print vWrapped;frame 1 print vChan;frame 1 print vNilChan;frame 1 print vFunc;frame 1 print vClosure;frame 1 print vUnsafe;frame 1 print vNested;frame 1 print in;frame 1 print p
print-fmt|exec|frame 1 print %x vInt;frame 1 print %d vFloat;frame 1 print %s vStr
print-bad|exec|print nosuchvar
threads|exec|threads
thread|exec|thread {tid};threads;goroutine
thread-bad|exec|thread 1
pipe-mode|pipe|goroutines -with label worker;stack 2;goroutine 99999;threads
opt-goroutines|opt|goroutines
opt-stack-full|opt|stack -full
opt-frame1-locals|opt|frame 1 locals
opt-up|opt|up
core-goroutines|core|goroutines
core-stack|core|stack
core-threads|core|threads
core-goroutine|core|goroutine
core-stack-full|core|stack -full
core-frame1|core|frame 1
connect-goroutines|connect|goroutines
connect-stack|connect|stack
connect-goroutines-t|connect|goroutines -t
EOF
}

# Starlark prelude resolving the {placeholders} of the table inside the session.
STAR_PRELUDE='
def fname(loc):
    if loc.Function == None:
        return ""
    return loc.Function.Name_

def resolve():
    ids = {}
    cur = state().State
    for g in goroutines().Goroutines:
        u = fname(g.UserCurrentLoc)
        c = fname(g.CurrentLoc)
        if "worker:alpha" in str(g.Labels) and "alpha" not in ids:
            ids["alpha"] = g.ID
        if u == "main.recurse":
            ids["deep"] = g.ID
        if u == "main.deferWorker":
            ids["deferw"] = g.ID
        if u == "main.grandchild":
            ids["grand"] = g.ID
        if u == "main.spinner":
            ids["spin"] = g.ID
        if "yscall" in c:
            ids["sys"] = g.ID
        if u.startswith("main.Generic["):
            ids["gen"] = g.ID
        if u.startswith("main.(*S["):
            ids["sget"] = g.ID
    other = -1
    for t in threads().Threads:
        if t.ID != cur.CurrentThread.ID:
            other = t.ID
            if fname(t) == "main.spinner":
                ids["tid"] = t.ID
    if "tid" not in ids:
        ids["tid"] = other
    return ids

def run(cmds):
    ids = resolve()
    for c in cmds:
        cmd = c
        for k in ids:
            cmd = cmd.replace("{" + k + "}", str(ids[k]))
        dlv_command(cmd)
'

json_str() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]), end="")' "$1"; }

base_env() { # for builds and for the debuggee (inherited through dlv)
  echo PATH=/usr/local/go/bin:/usr/bin:/bin HOME=/home/gopher LANG=C \
    GOROOT=$GOLINK GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
    GOCACHE=$WORK/cache-$GOV GOPATH=$WORK/gopath GOENV=off CGO_ENABLED=0 \
    XDG_CONFIG_HOME=$WORK/xdg GODEBUG=tracebackancestors=5
}

# Kill leftover debuggees (processes running our binaries) by pid.
reap() {
  local p exe
  for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    case $exe in
      "$APP/$PROG/gor"|"$APP/$PROG/gor-opt") kill -KILL "${p#/proc/}" 2>/dev/null ;;
    esac
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server BIN -> sets SRV_PID, SRV_PORT; waits for "API server listening"
start_server() {
  local bin=$1 i
  SRV_PORT=$(free_port)
  SRV_LOG=$WORK/server-$DV.log
  : >"$SRV_LOG"
  (cd "$APP/$PROG" && exec timeout -s KILL $((DLV_TIMEOUT * 2)) env -i $(base_env) TERM=dumb \
    "$DLV" exec --headless --listen=127.0.0.1:$SRV_PORT --api-version=2 --accept-multiclient "$bin") \
    >"$SRV_LOG" 2>&1 &
  SRV_PID=$!
  for i in $(seq 1 100); do
    grep -q 'API server listening' "$SRV_LOG" && return 0
    sleep 0.1
  done
  echo "  server did not start, see $SRV_LOG" >&2
  return 1
}

stop_server() {
  local c
  for c in $(pgrep -P "$SRV_PID"); do kill -TERM "$c" 2>/dev/null; done
  sleep 0.3
  for c in $(pgrep -P "$SRV_PID"); do kill -KILL "$c" 2>/dev/null; done
  kill -KILL "$SRV_PID" 2>/dev/null
  wait "$SRV_PID" 2>/dev/null
  SRV_PID=
  reap
}

write_meta() { # file case kind term cmdline exit init-file star(0/1) commands...
  local build="-gcflags=all=-N -l" env="GODEBUG=tracebackancestors=5"
  [ "$3" = opt ] && build=""
  [ "$3" = many ] && env="$env MANY=60"
  [ "$3" = core ] && env="(core of: CRASH=1 GOTRACEBACK=crash GODEBUG=tracebackancestors=5 ./gor)"
  python3 - "$DLVVERSION" "$GOVERSION" "$build" "$env" "$APP/$PROG" "$@" <<'PY'
import json, sys
dlv, go, build, env, cwd, f, name, kind, term, cmdline, rc, init, star = sys.argv[1:14]
meta = {"delve": dlv, "go": go, "case": name, "kind": kind, "term": term,
        "command_line": cmdline, "commands": sys.argv[14:], "init_file": init,
        "placeholders_resolved_by_starlark": star == "1", "build": build, "env": env,
        "cwd": cwd, "exit": int(rc)}
open(f, "w").write(json.dumps(meta) + "\n")
PY
}

# make_core: GOTRACEBACK=crash nil dereference -> $APP/gor/core
make_core() {
  rm -f "$APP/$PROG/core"
  { (cd "$APP/$PROG" && ulimit -c unlimited && exec timeout -s KILL 60 env -i $(base_env) CRASH=1 GOTRACEBACK=crash ./gor) \
    >"$WORK/crash-$DV.log" 2>&1; } 2>/dev/null
  reap
  [ -s "$APP/$PROG/core" ] || { echo "  no core file produced (see $WORK/crash-$DV.log)" >&2; return 1; }
}

# run_case NAME KIND CMDS TERM
run_case() {
  local name=$1 kind=$2 cmds=$3 term=$4 sfx='' rc star=0
  [ "$term" = dumb ] && sfx=__nocolor
  local txt=$OUT/$DV/$name$sfx.txt meta=$OUT/$DV/$name$sfx.meta
  local initf=$CMDDIR/$name.cmds starf=$CMDDIR/$name.star
  local -a cl
  IFS=';' read -r -a cl <<<"$cmds"
  rm -f "$txt" "$meta"
  # init file
  {
    [ "$kind" != core ] && printf 'break main.bp\ncontinue\n'
    if [[ $cmds == *'{'* ]]; then
      star=1
      printf 'source %s\n' "$starf"
    else
      printf '%s\n' "${cl[@]}"
    fi
  } >"$initf"
  if [ $star = 1 ]; then
    { printf '%s\n' "$STAR_PRELUDE"
      printf 'def main():\n    run(['
      local c; for c in "${cl[@]}"; do printf '"%s", ' "$c"; done
      printf '])\n'; } >"$starf"
  fi
  local bin=./gor cmdline
  [ "$kind" = opt ] && bin=./gor-opt
  local -a xenv=()
  [ "$kind" = many ] && xenv=(MANY=60)
  case $kind in
    exec|opt|many)
      cmdline="dlv exec $bin --init $initf --allow-non-terminal-interactive=true"
      (cd "$APP/$PROG" && timeout -s KILL $DLV_TIMEOUT env -i $(base_env) "${xenv[@]}" TERM=$term \
        "$DLV" exec $bin --init "$initf" --allow-non-terminal-interactive=true </dev/null) >"$txt" 2>&1
      rc=$? ;;
    pipe)
      cmdline="(printf '%s\\n' 'break main.bp' continue <commands>) | dlv exec $bin --allow-non-terminal-interactive=true"
      (cd "$APP/$PROG" && printf '%s\n' 'break main.bp' continue "${cl[@]}" | timeout -s KILL $DLV_TIMEOUT \
        env -i $(base_env) TERM=$term "$DLV" exec $bin --allow-non-terminal-interactive=true) >"$txt" 2>&1
      rc=$? ;;
    core)
      cmdline="dlv core ./gor ./core --init $initf --allow-non-terminal-interactive=true"
      (cd "$APP/$PROG" && timeout -s KILL $DLV_TIMEOUT env -i $(base_env) TERM=$term \
        "$DLV" core ./gor ./core --init "$initf" --allow-non-terminal-interactive=true </dev/null) >"$txt" 2>&1
      rc=$? ;;
    connect)
      start_server ./gor || { reap; return; }
      cmdline="dlv connect 127.0.0.1:$SRV_PORT --init $initf --allow-non-terminal-interactive=true (server: dlv exec --headless --listen=127.0.0.1:$SRV_PORT --api-version=2 --accept-multiclient ./gor)"
      (cd "$APP/$PROG" && timeout -s KILL $DLV_TIMEOUT env -i $(base_env) TERM=$term \
        "$DLV" connect 127.0.0.1:$SRV_PORT --init "$initf" --allow-non-terminal-interactive=true </dev/null) >"$txt" 2>&1
      rc=$?
      stop_server ;;
  esac
  reap
  local initc; initc=$(cat "$initf")
  [ "$kind" = pipe ] && initc="(stdin) $(printf '%s\n' 'break main.bp' continue "${cl[@]}")"
  write_meta "$meta" "$name" "$kind" "$term" "$cmdline" "$rc" "$initc" "$star" "${cl[@]}"
  printf '  %-40s exit %-3s %6s bytes\n' "$name$sfx" "$rc" "$(wc -c <"$txt")"
}

# JSON-RPC captures: requests and raw responses, one file each.
run_jsonrpc() {
  local dir=$OUT/$DV/jsonrpc
  rm -rf "$dir"; mkdir -p "$dir"
  start_server ./gor || { reap; return; }
  timeout -s KILL 120 python3 - "$SRV_PORT" "$dir" <<'PY'
import json, socket, sys
port, outdir = int(sys.argv[1]), sys.argv[2]
sock = socket.create_connection(("127.0.0.1", port), timeout=30)
rf = sock.makefile("rb")
n = 0
def call(method, params, variant=""):
    global n
    n += 1
    req = json.dumps({"method": "RPCServer." + method, "params": [params], "id": n}).encode() + b"\n"
    sock.sendall(req)
    resp = rf.readline()
    base = outdir + "/" + method + ("-" + variant if variant else "")
    open(base + ".request.json", "wb").write(req)
    open(base + ".response.json", "wb").write(resp)
    obj = json.loads(resp)
    print("  jsonrpc %-40s %s" % (method + ("-" + variant if variant else ""),
          "error: " + obj["error"] if obj.get("error") else "ok"))
    return obj.get("result")
call("GetVersion", {})
call("CreateBreakpoint", {"Breakpoint": {"FunctionName": "main.bp"}})
call("Command", {"name": "continue"}, "continue")
res = call("ListGoroutines", {})
def uname(g):
    return (g.get("userCurrentLoc", {}).get("function") or {}).get("name", "")
grand = next((g["id"] for g in res["Goroutines"] if uname(g) == "main.grandchild"), 1)
deep = next((g["id"] for g in res["Goroutines"] if uname(g) == "main.recurse"), 1)
call("ListGoroutines", {"Start": 0, "Count": 5}, "page")
call("ListGoroutines", {"Filters": [{"Kind": 5, "Negated": False, "Arg": "worker"}]}, "filter-label")
call("ListGoroutines", {"Filters": [{"Kind": 6, "Negated": False, "Arg": ""}]}, "filter-running")
call("ListGoroutines", {"GroupBy": 5, "GroupByKey": "worker", "MaxGroupMembers": 5, "MaxGroups": 50}, "group-label")
call("ListGoroutines", {"GroupBy": 2, "MaxGroupMembers": 5, "MaxGroups": 50}, "group-userloc")
call("ListGoroutines", {"GroupBy": 2, "MaxGroupMembers": 2, "MaxGroups": 3}, "group-toomany")
# Cfg = the ShortLoadConfig that `stack -full` uses (the server default for Full
# follows pointers and makes this response ~300 KB)
call("Stacktrace", {"Id": -1, "Depth": 20, "Full": True, "Defers": True,
     "Cfg": {"FollowPointers": False, "MaxVariableRecurse": 0, "MaxStringLen": 64,
             "MaxArrayValues": 0, "MaxStructFields": 3}}, "full-defers")
call("Stacktrace", {"Id": -1, "Depth": 20})
call("Stacktrace", {"Id": -1, "Depth": 20, "Opts": 6}, "fromg")
call("Stacktrace", {"Id": deep, "Depth": 5}, "deep-truncated")
call("Stacktrace", {"Id": 99999, "Depth": 5}, "bad")
call("Ancestors", {"GoroutineID": grand, "NumAncestors": 3, "Depth": 10})
call("ListThreads", {})
call("State", {"NonBlocking": True})
call("ListLocalVars", {"Scope": {"GoroutineID": -1, "Frame": 1, "DeferredCall": 0},
     "Cfg": {"FollowPointers": True, "MaxVariableRecurse": 1, "MaxStringLen": 64, "MaxArrayValues": 64, "MaxStructFields": -1}})
call("ListFunctionArgs", {"Scope": {"GoroutineID": -1, "Frame": 0, "DeferredCall": 0},
     "Cfg": {"FollowPointers": True, "MaxVariableRecurse": 1, "MaxStringLen": 64, "MaxArrayValues": 64, "MaxStructFields": -1}})
# end the session: detach and kill the target
n += 1
sock.sendall(json.dumps({"method": "RPCServer.Detach", "params": [{"Kill": True}], "id": n}).encode() + b"\n")
rf.readline()
PY
  stop_server
  printf '{"delve":%s,"go":%s,"server":%s,"cwd":%s,"build":"-gcflags=all=-N -l","env":"GODEBUG=tracebackancestors=5","order":["GetVersion","CreateBreakpoint","Command-continue","ListGoroutines","ListGoroutines-page","ListGoroutines-filter-label","ListGoroutines-filter-running","ListGoroutines-group-label","ListGoroutines-group-userloc","ListGoroutines-group-toomany","Stacktrace-full-defers","Stacktrace","Stacktrace-fromg","Stacktrace-deep-truncated","Stacktrace-bad","Ancestors","ListThreads","State","ListLocalVars","ListFunctionArgs"],"note":"one TCP connection, requests sent in this order; X.request.json = bytes sent, X.response.json = the newline-terminated line received"}\n' \
    "$(json_str "$DLVVERSION")" "$(json_str "$GOVERSION")" \
    "$(json_str "dlv exec --headless --listen=127.0.0.1:$SRV_PORT --api-version=2 --accept-multiclient ./gor")" \
    "$(json_str "$APP/$PROG")" >"$dir/session.meta"
}

build_variant() { # out-name extra-go-build-flags...
  local out=$1; shift
  (cd "$APP/$PROG" && env -i $(base_env) $GOLINK/bin/go build "$@" -o "$out" .) >"$WORK/build-$DV-$out.log" 2>&1 \
    || { echo "build failed ($*), see $WORK/build-$DV-$out.log" >&2; return 1; }
}

do_version() {
  DV=$1
  GOV=${GO_FOR[$DV]:-}
  [ -n "$GOV" ] || { echo "unknown Delve version $DV (known: ${!GO_FOR[*]})" >&2; return; }
  DLV=$TC/dlv-$DV/dlv
  local goroot=$TC/go-$GOV
  [ -x "$DLV" ] || { echo "dlv-$DV: not found under $TC, skipped" >&2; return; }
  [ -x "$goroot/bin/go" ] || { echo "go-$GOV: not found under $TC, skipped" >&2; return; }
  ln -sfn "$(readlink -f "$goroot")" "$GOLINK"
  GOVERSION=$(env -i $(base_env) $GOLINK/bin/go env GOVERSION 2>/dev/null)
  DLVVERSION=$("$DLV" version | sed -n 's/^Version: //p')
  echo "== dlv $DLVVERSION with $GOVERSION"
  # a full run (no CASES filter) rewrites the whole version directory
  [ -z "${CASES:-}" ] && rm -rf "${OUT:?}/$DV"
  mkdir -p "$OUT/$DV" "$WORK" "$APP" "$CMDDIR"
  rm -rf "$WORK/xdg"; mkdir -p "$WORK/xdg"
  reap
  rm -rf "${APP:?}/$PROG"
  cp -r "$HERE/dlvprograms/$PROG" "$APP/$PROG"
  sed -i "s/^go [0-9.]*\$/go $GOV/" "$APP/$PROG/go.mod"
  build_variant gor '-gcflags=all=-N -l' || return
  build_variant gor-opt || return

  local name kind cmds core_ok=
  while IFS='|' read -r name kind cmds; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2053
    [[ $name == $CASEGLOB ]] || continue
    if [ "$kind" = core ] && [ -z "$core_ok" ]; then
      if make_core; then core_ok=yes; else core_ok=no; fi
    fi
    [ "$kind" = core ] && [ "$core_ok" = no ] && continue
    run_case "$name" "$kind" "$cmds" xterm
    run_case "$name" "$kind" "$cmds" dumb
  done < <(table)
  # shellcheck disable=SC2053
  [[ jsonrpc == $CASEGLOB ]] && run_jsonrpc
  rm -f "$APP/$PROG/core" "$APP/$PROG/gor" "$APP/$PROG/gor-opt"
  reap
  if grep -rl "$TC\|/root/" "$OUT/$DV" >/dev/null 2>&1; then
    echo "WARNING: toolchain cache paths in $OUT/$DV:" >&2
    grep -rl "$TC\|/root/" "$OUT/$DV" >&2
  fi
}

versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(1.20 1.24 1.27)
mkdir -p "$WORK"
# serialise runs of this script: /usr/local/go is a shared symlink
exec 9>"$WORK/.lock"
flock 9
SRV_PID=
on_exit() { [ -n "$SRV_PID" ] && stop_server; reap; }
trap on_exit EXIT
trap 'exit 130' INT TERM
start=$SECONDS
for v in "${versions[@]}"; do do_version "$v"; done
echo "== done in $((SECONDS - start)) s"
