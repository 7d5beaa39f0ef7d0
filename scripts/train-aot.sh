#!/usr/bin/env bash
# Builds the JDK 25 AOT cache (target/peapod.aot) by running the everyday commands once against a
# scratch store. Run after every build: a cache older than the jar is ignored by bin/peapod.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
scratch=$(mktemp -d /var/tmp/peapod-aot.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
rm -f "$here/target/peapod.aot"
bash "$here/scripts/busybox-rootfs.sh" "$scratch/rootfs.tar" >/dev/null
PEAPOD_NO_AOT=1 "$here/bin/peapod" --root "$scratch/r" --runroot "$scratch/rr" import "$scratch/rootfs.tar" localhost/train:1 >/dev/null
"$java" -XX:AOTCacheOutput="$here/target/peapod.aot" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    --enable-native-access=ALL-UNNAMED -Dorg.sqlite.lib.path="$here/target/native" -Dorg.sqlite.lib.name=libsqlitejdbc.so \
    -Xlog:aot=off -Xlog:cds=off \
    -jar "$here/target/peapod.jar" __aot-train --root "$scratch/r" --runroot "$scratch/rr" >/dev/null
echo "AOT cache: $here/target/peapod.aot"
