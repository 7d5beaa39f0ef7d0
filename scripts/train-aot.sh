#!/usr/bin/env bash
# Builds the JDK 25 AOT cache (target/peapod.aot) by running the everyday commands once against a
# scratch store. Run after every build: a cache older than the jar is ignored by bin/peapod.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=$(mktemp -d /var/tmp/peapod-aot.XXXXXX)
registry_pid=
trap '[ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$scratch"' EXIT
bash "$here/scripts/busybox-rootfs.sh" "$scratch/rootfs.tar" >/dev/null
PEAPOD_NO_AOT=1 "$here/bin/peapod" --root "$scratch/r" --runroot "$scratch/rr" import "$scratch/rootfs.tar" localhost/train:1 >/dev/null
# A TLS registry on 127.0.0.1 with a self-signed certificate, so that training covers pull and push
# over HTTPS (setup.sh installs docker-registry and openssl; without them the registry lines are skipped).
if command -v docker-registry >/dev/null && command -v openssl >/dev/null; then
    mkdir -p "$scratch/certs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$scratch/server.key" -out "$scratch/certs/ca.crt" >/dev/null 2>&1
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat > "$scratch/registry.yml" <<CONF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $scratch/registry}}
http: {addr: "127.0.0.1:$port", secret: peapod-aot, tls: {certificate: $scratch/certs/ca.crt, key: $scratch/server.key}}
CONF
    docker-registry serve "$scratch/registry.yml" >"$scratch/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    export PEAPOD_AOT_REGISTRY=127.0.0.1:$port PEAPOD_AOT_CERTS=$scratch/certs
fi
# The JVM reports its two-step training on stderr ("Picked up JAVA_TOOL_OPTIONS"): not an error.
if ! PEAPOD_AOT_TRAIN=1 "$here/bin/peapod" --root "$scratch/r" --runroot "$scratch/rr" >/dev/null \
        2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2); then
    echo "Error: a command of the AOT training run failed (see Main.train)" >&2
    exit 1
fi
[ -f "$here/target/peapod.aot" ] || { echo "Error: the AOT cache was not written" >&2; exit 1; }
echo "AOT cache: $here/target/peapod.aot"
