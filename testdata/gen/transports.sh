#!/usr/bin/env bash
# Real Go crashes as they arrive through real log transports, for
# testdata/transport/.  See testdata/gen/README.md ("Transports").
#
#   testdata/gen/transports.sh            # needs root, Docker and docker-compose
#
# What is real here: the Go programs (testdata/gen/programs/services, built by a
# real toolchain, ${GO:-go-1.24} under $GO_TOOLCHAINS), Docker's json-file log
# driver (the container's own log file is copied), and docker-compose's
# interleaving of two containers' output.  The formats no component here can
# write (CRI files, `kubectl logs --prefix`, journald, stern) are applied by
# transports.py to the real programs' output, following each tool's documented
# format; that script says so in every file it writes.
#
# No registry is needed: the image is `docker import`ed from a tarball holding
# the static binary.  If no Docker daemon answers, one is started with
# `dockerd --iptables=false --bridge=none --storage-driver=vfs` (containers run
# with --network none).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/.." && pwd)/transport
TC=${GO_TOOLCHAINS:-$HOME/.cache/go-toolchains}
GOV=${GO:-go-1.24}
WORK=${WORKDIR:-/tmp/gostack-transports}
APP=/home/gopher/app/services
IMG=gostack-services:1
mkdir -p "$OUT" "$WORK"

if ! docker info >/dev/null 2>&1; then
  (nohup dockerd --iptables=false --ip6tables=false --bridge=none \
      --storage-driver=vfs >"$WORK/dockerd.log" 2>&1 &)
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi

# Neutral paths in the stacks: the program under /home/gopher/app, the
# toolchain behind /usr/local/go (as in generate.sh).
mkdir -p "$APP"
cp "$HERE/programs/services/"* "$APP/"
ln -sfn "$TC/$GOV" /usr/local/go
(cd "$APP" && CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
   GOROOT=/usr/local/go GOCACHE="$WORK/cache" /usr/local/go/bin/go build -o "$WORK/services" .)
# log/slog's records for a LogValuer that panicked (JSON, text and default
# handlers; the default one writes through package log to stderr), as the
# program prints them: no transport.
(cd "$APP" && "$WORK/services" logvaluer 2>&1) >"$HERE/../records/slog_logvalue_panic.log"
(cd "$WORK" && rm -rf rootfs && mkdir rootfs && cp services rootfs/ &&
   tar -C rootfs -cf rootfs.tar . && docker import rootfs.tar "$IMG" >/dev/null)

# One container per mode; its json-file log copied as written by Docker.
run() { # NAME MODE [docker run args...]
  local name=$1 mode=$2; shift 2
  docker rm -f "gs-$name" >/dev/null 2>&1 || true
  docker run --name "gs-$name" --network none "$@" "$IMG" /services "$mode" >/dev/null 2>&1 || true
  cp "$(docker inspect -f '{{.LogPath}}' "gs-$name")" "$OUT/docker_$name.log"
  docker logs "gs-$name" >"$WORK/$name.stdout" 2>"$WORK/$name.stderr" || true
  docker rm -f "gs-$name" >/dev/null
}
run api api -e GOTRACEBACK=all
run worker worker
run longline longline
run slog slog
run oom oom

# Two services crashing at the same second under docker-compose: its own
# interleaving of their lines (`up` prefixes each line with `NAME_1  | `).
cat >"$WORK/docker-compose.yml" <<YML
version: "2.4"
services:
  api:
    image: $IMG
    command: ["/services", "api"]
    network_mode: none
    environment: ["SYNC=3", "GOTRACEBACK=all"]
  worker:
    image: $IMG
    command: ["/services", "worker"]
    network_mode: none
    environment: ["SYNC=3"]
YML
(cd "$WORK" && docker-compose -p gostack down >/dev/null 2>&1 || true
 docker-compose -p gostack up --no-color >"$OUT/compose_up.log" 2>/dev/null || true
 docker-compose -p gostack logs --no-color >"$OUT/compose_logs.log" 2>/dev/null || true
 docker-compose -p gostack down >/dev/null 2>&1 || true)

# The formats written from their documentation, from the same real output.
python3 "$HERE/transports.py" "$WORK" "$OUT"
