#!/usr/bin/env bash
# Installs what Peapod needs on Debian 12 (as root), builds it, trains its AOT cache and puts
# `peapod` on the PATH. Safe to run again.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${PEAPOD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export DEBIAN_FRONTEND=noninteractive

packages=(runc crun conmon catatonit netavark aardvark-dns iptables uidmap fuse-overlayfs
          slirp4netns passt busybox-static skopeo golang-github-containers-common maven tar gzip bzip2 xz-utils
          docker-registry apache2-utils openssl libssl3 libisal2 python3 openssh-client gcc libc6-dev libsqlite3-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! grep -q '^JAVA_VERSION="25' "$JAVA_HOME/release" 2>/dev/null; then
    echo "Error: Peapod needs a JDK 25 at $JAVA_HOME (set PEAPOD_JAVA_HOME to another one)" >&2
    exit 1
fi

# --userns=auto takes its ids from the user `containers` in /etc/subuid and /etc/subgid, as podman's root
# mode does; the range is the one man podman-run suggests (the user itself need not exist).
for f in /etc/subuid /etc/subgid; do
    grep -q '^containers:' "$f" 2>/dev/null || echo "containers:2147483647:2147483648" >> "$f"
done

cd "$here"
mvn -B -q -DskipTests package 2>&1 | grep -v -e '^WARNING:' -e 'sun.misc.Unsafe' || true
[ -f target/peapod.jar ] || { echo "Error: the build failed" >&2; exit 1; }
bash scripts/train-aot.sh
# A two-line script rather than a symlink: bin/peapod would have to start readlink(1) to find its
# checkout through a link (~5 ms on every command); sourced, it knows its own path.
rm -f /usr/local/bin/peapod
printf '#!/bin/bash\n# Peapod of %s (scripts/setup.sh)\nsource %q "$@"\n' "$here" "$here/bin/peapod" > /usr/local/bin/peapod
chmod 755 /usr/local/bin/peapod
echo "peapod is installed: $(command -v peapod)"
