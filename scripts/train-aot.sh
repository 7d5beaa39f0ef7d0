#!/usr/bin/env bash
# Builds the JDK 25 AOT cache (target/peapod.aot) by running the everyday commands once against a
# scratch store. Run after every build: a cache older than the jar is ignored by bin/peapod.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=$(mktemp -d /var/tmp/peapod-aot.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
bash "$here/scripts/busybox-rootfs.sh" "$scratch/rootfs.tar" >/dev/null
PEAPOD_NO_AOT=1 "$here/bin/peapod" --root "$scratch/r" --runroot "$scratch/rr" import "$scratch/rootfs.tar" localhost/train:1 >/dev/null
# The JVM reports its two-step training on stderr ("Picked up JAVA_TOOL_OPTIONS"): not an error.
if ! PEAPOD_AOT_TRAIN=1 "$here/bin/peapod" --root "$scratch/r" --runroot "$scratch/rr" >/dev/null \
        2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2); then
    echo "Error: a command of the AOT training run failed (see Main.train)" >&2
    exit 1
fi
[ -f "$here/target/peapod.aot" ] || { echo "Error: the AOT cache was not written" >&2; exit 1; }
echo "AOT cache: $here/target/peapod.aot"
