#!/usr/bin/env bash
# Writes a tiny root filesystem tarball made from the host's static busybox (Debian's
# busybox-static): /bin/busybox and a link for each applet. Usage: busybox-rootfs.sh OUT.tar
set -euo pipefail
out=${1:?usage: busybox-rootfs.sh OUT.tar}
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "Error: $busybox not found: apt-get install busybox-static" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"/{bin,etc,tmp,root,proc,sys,dev}
chmod 1777 "$dir/tmp"
cp "$busybox" "$dir/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$dir/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
echo 'root:x:0:' > "$dir/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$dir" -cf "$out" .
echo "$out"
