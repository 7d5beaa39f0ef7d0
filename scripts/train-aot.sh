#!/usr/bin/env bash
# Builds the JDK 25 AOT caches (target/aot/FAMILY.aot), one per family of commands (AotTraining.Family),
# by running each family's commands once against a scratch store. Run after every build: a cache older
# than the jar is ignored by bin/peapod.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=$(mktemp -d /var/tmp/peapod-aot.XXXXXX)
store=(--root "$scratch/r" --runroot "$scratch/rr")
# The training leaves containers running (and their network namespaces): remove them before the store.
cleanup() {
    PEAPOD_NO_AOT=1 "$here/bin/peapod" "${store[@]}" pod rm -a -f -t 0 >/dev/null 2>&1 || true
    PEAPOD_NO_AOT=1 "$here/bin/peapod" "${store[@]}" rm -a -f -t 0 >/dev/null 2>&1 || true
    [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$here/target/aot"
rm -f "$here/target/peapod.aot" "$here/target/peapod-bulk.aot"   # the single caches of earlier builds
bash "$here/scripts/busybox-rootfs.sh" "$scratch/rootfs.tar" >/dev/null
PEAPOD_NO_AOT=1 "$here/bin/peapod" "${store[@]}" import "$scratch/rootfs.tar" localhost/train:1 >/dev/null
if ! PEAPOD_NO_AOT=1 "$here/bin/peapod" __aot-train prepare "${store[@]}" >/dev/null; then
    echo "Error: preparing the AOT training store failed (see AotTraining.Family.PREPARE)" >&2
    exit 1
fi
# In this order: a family may use what an earlier one left (remove removes what run started).
for family in version query pod run remove all; do
    # The JVM reports its two-step training on stderr ("Picked up JAVA_TOOL_OPTIONS"): not an error.
    if ! PEAPOD_AOT_TRAIN=$family "$here/bin/peapod" "${store[@]}" >/dev/null \
            2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2); then
        echo "Error: a command of the AOT training of '$family' failed (see AotTraining.Family)" >&2
        exit 1
    fi
    [ -f "$here/target/aot/$family.aot" ] || { echo "Error: the AOT cache of '$family' was not written" >&2; exit 1; }
done
echo "AOT caches: $here/target/aot"

# The second cache, for the commands that move layers (pull, push, load, save, import, build): they run
# once each, against a registry on 127.0.0.1 when docker-registry is installed (setup.sh installs it).
registry=-
if command -v docker-registry >/dev/null && command -v python3 >/dev/null; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat > "$scratch/registry.yml" <<CONF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $scratch/registry}}
http: {addr: "127.0.0.1:$port", secret: peapod-aot}
CONF
    docker-registry serve "$scratch/registry.yml" >"$scratch/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then registry=127.0.0.1:$port; break; fi
        sleep 0.1
    done
fi
mkdir -p "$scratch/bulk"
if ! PEAPOD_AOT_TRAIN=bulk "$here/bin/peapod" "$scratch/rootfs.tar" "$scratch/bulk" "$registry" \
        --root "$scratch/b" --runroot "$scratch/br" >/dev/null 2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2); then
    echo "Error: a command of the bulk AOT training run failed (see AotTraining.runBulk)" >&2
    exit 1
fi
[ -f "$here/target/aot/bulk.aot" ] || { echo "Error: the bulk AOT cache was not written" >&2; exit 1; }
echo "AOT cache: $here/target/aot/bulk.aot"
