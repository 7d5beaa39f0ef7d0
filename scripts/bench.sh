#!/usr/bin/env bash
# Start-up, memory and load-speed figures for Peapod, side by side with podman when it is
# installed (same machine, same image set, scratch stores for both). Prints medians and ratios.
#   images / image inspect with 20 images: target ≤ 2.5× podman's median, peak RSS ≤ 80 MiB
#   load of a 100 MB single-layer archive: target ≤ podman's time
#   run --rm busybox true: target ≤ 1.0× podman's median (podman with --runtime runc, --network none and
#   ulimits that fit this host: its defaults fail where the hard NOFILE limit is below 1048576)
#   create of 100 containers in a row (total), then ps -a listing those 100 created containers
#   version: no target; the start-up floor under every other figure
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peapod=${PEAPOD:-$here/bin/peapod}
runs=${BENCH_RUNS:-15}
work=$(mktemp -d /var/tmp/peapod-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "Error: hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }
have_podman=false
command -v podman >/dev/null && have_podman=true

P=("$peapod" --root "$work/peapod" --runroot "$work/peapod-run")
Q=(podman --root "$work/podman" --runroot "$work/podman-run" --storage-driver overlay)

bash "$here/scripts/busybox-rootfs.sh" "$work/rootfs.tar" >/dev/null
echo "Preparing 20 images in each store..."
for i in $(seq 1 20); do
    "${P[@]}" import -q -m "image $i" "$work/rootfs.tar" "localhost/bench$i:latest" >/dev/null
    $have_podman && "${Q[@]}" import -q -m "image $i" "$work/rootfs.tar" "localhost/bench$i:latest" >/dev/null 2>&1
done

median() {  # hyperfine JSON -> median in ms
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"
}
rss() {  # peak RSS in MiB of one run
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}
bench() {  # name, then the command line as one string for each engine
    local name=$1 pcmd=$2 qcmd=$3
    hyperfine -N -w 3 -r "$runs" --export-json "$work/p.json" "$pcmd" >/dev/null 2>&1
    local pm; pm=$(median "$work/p.json")
    local pr; pr=$(rss $pcmd)
    if $have_podman; then
        hyperfine -N -w 3 -r "$runs" --export-json "$work/q.json" "$qcmd" >/dev/null 2>&1
        local qm; qm=$(median "$work/q.json")
        local qr; qr=$(rss $qcmd)
        printf '%-28s peapod %8s ms %7s MiB | podman %8s ms %7s MiB | time ratio %s\n' "$name" "$pm" "$pr" "$qm" "$qr" \
            "$(python3 -c "print('%.2fx' % ($pm/$qm))")"
    else
        printf '%-28s peapod %8s ms %7s MiB | podman not installed\n' "$name" "$pm" "$pr"
    fi
}

# The floor every command stands on: start-up and nothing else (a JVM's, for Peapod).
bench "version (start-up floor)" "${P[*]} version" "${Q[*]} version"
bench "images (20 images)" "${P[*]} images" "${Q[*]} images"
bench "image inspect" "${P[*]} image inspect localhost/bench7:latest" "${Q[*]} image inspect localhost/bench7:latest"
bench "images --format json" "${P[*]} images --format json" "${Q[*]} images --format json"

"${P[@]}" import -q "$work/rootfs.tar" localhost/busybox:latest >/dev/null
$have_podman && "${Q[@]}" import -q "$work/rootfs.tar" localhost/busybox:latest >/dev/null 2>&1
bench "run --rm busybox true" "${P[*]} run --rm busybox true" \
    "${Q[*]} --runtime runc run --rm --network none --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 busybox true"

# 100 containers created (not started) in a row: the total, then ps -a listing all of them.
create_many() {  # label, then the command line of one create, as one string; prints the total in ms
    local start end
    start=$(date +%s%N)
    for i in $(seq 1 100); do
        $2 --name "$1$i" localhost/busybox:latest true >/dev/null 2>"$work/create.err" \
            || { echo "Error: create failed: $(cat "$work/create.err")" >&2; return 1; }
    done
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
pc=$(create_many pc "${P[*]} create")
if $have_podman; then
    qc=$(create_many qc "${Q[*]} create --network none")
    printf '%-28s peapod %8s ms | podman %8s ms | time ratio %s\n' "create x100 (total)" "$pc" "$qc" \
        "$(python3 -c "print('%.2fx' % ($pc/$qc))")"
else
    printf '%-28s peapod %8s ms | podman not installed\n' "create x100 (total)" "$pc"
fi
bench "ps -a (100 containers)" "${P[*]} ps -a" "${Q[*]} ps -a"
"${P[@]}" rm -a -f >/dev/null 2>&1 || true
$have_podman && { "${Q[@]}" rm -a -f >/dev/null 2>&1 || true; }

echo "Preparing a 100 MB single-layer archive..."
mkdir -p "$work/big"
head -c 100000000 /dev/urandom > "$work/big/blob"
tar -C "$work/big" -cf "$work/big.tar" .
"${P[@]}" import -q "$work/big.tar" localhost/big:1 >/dev/null
"${P[@]}" save -o "$work/big-archive.tar" localhost/big:1
L=("$peapod" --root "$work/load-p" --runroot "$work/load-p-run")
M=(podman --root "$work/load-q" --runroot "$work/load-q-run" --storage-driver overlay)
hyperfine -N -w 1 -r 5 --prepare "${L[*]} rmi -a -i" --export-json "$work/p.json" "${L[*]} load -q -i $work/big-archive.tar" >/dev/null 2>&1
pm=$(median "$work/p.json")
if $have_podman; then
    hyperfine -N -w 1 -r 5 --prepare "${M[*]} rmi -a -i" --export-json "$work/q.json" "${M[*]} load -q -i $work/big-archive.tar" >/dev/null 2>&1
    qm=$(median "$work/q.json")
    printf '%-28s peapod %8s ms | podman %8s ms | time ratio %s\n' "load 100 MB archive" "$pm" "$qm" \
        "$(python3 -c "print('%.2fx' % ($pm/$qm))")"
else
    printf '%-28s peapod %8s ms | podman not installed\n' "load 100 MB archive" "$pm"
fi
