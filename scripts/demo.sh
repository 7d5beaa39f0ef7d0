#!/usr/bin/env bash
# Peapod's main job on a built-in default, no network needed: make an image from the host's
# busybox-static, list and inspect it, round-trip it through an OCI archive, and run containers
# from it under conmon and runc, one of them a web server on the default bridge network.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peapod=${PEAPOD:-$here/bin/peapod}
work=$(mktemp -d /var/tmp/peapod-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT

bash "$here/scripts/busybox-rootfs.sh" "$work/rootfs.tar" >/dev/null
echo "+ peapod import rootfs.tar localhost/busybox:latest --change 'CMD [\"sh\"]'"
"$peapod" import "$work/rootfs.tar" localhost/busybox:latest --change 'CMD ["sh"]'
echo "+ peapod images"
"$peapod" images
echo "+ peapod image inspect --format '{{.Id}} {{.Config.Cmd}} {{.RootFS.Layers}}' busybox"
"$peapod" image inspect --format '{{.Id}} {{.Config.Cmd}} {{.RootFS.Layers}}' busybox
echo "+ peapod save --format oci-archive -o busybox-oci.tar busybox && peapod rmi busybox && peapod load -i busybox-oci.tar"
"$peapod" save --format oci-archive -o "$work/busybox-oci.tar" busybox
"$peapod" rmi busybox
"$peapod" load -i "$work/busybox-oci.tar"
echo "+ peapod images --format 'table {{.ID}} {{.Repository}} {{.Tag}} {{.Size}}'"
"$peapod" images --format 'table {{.ID}} {{.Repository}} {{.Tag}} {{.Size}}'
echo "+ peapod run --rm busybox sh -c 'echo hello from \$(hostname); uname -r'"
"$peapod" run --rm busybox sh -c 'echo hello from $(hostname); uname -r'
echo "+ peapod run -d --name demo busybox sleep 60 && peapod ps && peapod rm -f -t 0 demo"
"$peapod" run -d --name demo busybox sleep 60 >/dev/null
"$peapod" ps
"$peapod" rm -f -t 0 demo
echo "+ peapod run -d --name web -p 127.0.0.1::80 busybox httpd -f -p 80 -h /etc && peapod port web 80"
"$peapod" run -d --name web -p 127.0.0.1::80 busybox httpd -f -p 80 -h /etc >/dev/null
address=$("$peapod" port web 80)
echo "$address"
echo "+ busybox wget -qO- http://$address/hostname   (the host asks the container's web server)"
for _ in $(seq 1 50); do
    busybox wget -qO- "http://$address/hostname" 2>/dev/null && break
    sleep 0.1
done
"$peapod" rm -f -t 0 web >/dev/null
