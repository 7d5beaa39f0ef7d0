#!/usr/bin/env bash
# Speed and memory of Peapod side by side with podman (when installed), each on a scratch store.
# Usage: bench.sh [SECTION...]   sections: startup containers load registry network pod build (default: all)
# Environment: PEAPOD (the binary, default bin/peapod), BENCH_RUNS (runs of each engine, 15; with podman
# installed the two engines alternate, scripts/paired.py),
# BENCH_REGISTRY_RUNS (5), BENCH_BUILD_RUNS (cold builds, 5), BENCH_DEBIAN_TAR, BENCH_NET_RUNS (network's -p runs, 7).
# A command that fails prints "peapod: FAILED (first error line)" in its row; the others still run.
# network: run --rm on the default bridge network ("podman", netavark; nothing is created in
# /etc/containers/networks), and the time from run -d -p 127.0.0.1:PORT:80 (busybox httpd) to the first
# HTTP 200 on that port (scripts/first-http.py); all traffic stays on 127.0.0.1. It also prints what the
# runs left behind (netns entries, veths, iptables rules): should be nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peapod=${PEAPOD:-$here/bin/peapod}
runs=${BENCH_RUNS:-15}
work=$(mktemp -d /var/tmp/peapod-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
# hyperfine (a Debian package) times the rows; a fresh machine lacks it.
command -v hyperfine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null \
    || { echo "Error: hyperfine is needed and apt-get could not install it" >&2; exit 1; }
have_podman=false
command -v podman >/dev/null && have_podman=true
sections=" ${*:-startup containers load registry network pod build} "
want() { [[ $sections == *" $1 "* ]]; }

P=("$peapod" --root "$work/peapod" --runroot "$work/peapod-run")
Q=(podman --root "$work/podman" --runroot "$work/podman-run" --storage-driver overlay)

median() {  # hyperfine JSON -> median in ms
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"
}
rss() {  # peak RSS in MiB of one run
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}
first_error() {  # runs a command line (one string); prints the first line of its error output
    $1 >/dev/null 2>"$work/err" || true
    grep -m1 '^Error' "$work/err" || head -1 "$work/err" | grep . || echo "no error output"
}
measure() {  # command line as one string; prints "MEDIAN_MS RSS_MIB", or fails after printing the first error line
    if hyperfine -N -w 3 -r "$runs" --export-json "$work/m.json" "$1" >/dev/null 2>&1; then
        echo "$(median "$work/m.json") $(rss $1)"
    else
        first_error "$1"; return 1
    fi
}
bench() {  # name, then the command line as one string for each engine; optional 4th: why peapod is not measured
    # With podman, the two engines run in alternation (scripts/paired.py): the ratio is the median of the
    # pairs' ratios, so a host whose speed drifts charges both engines alike. Without it, hyperfine.
    local name=$1 pcmd=$2 qcmd=$3 pskip=${4:-} p pm pr qm qr ratio out
    if $have_podman && [ -z "$pskip" ]; then
        if out=$(python3 "$here/scripts/paired.py" "$runs" "$pcmd" "$qcmd"); then
            read -r pm qm ratio <<<"$out"
            printf '%-28s peapod %8s ms %7s MiB | podman %8s ms %7s MiB | time ratio %sx (paired)\n' \
                "$name" "$pm" "$(rss $pcmd)" "$qm" "$(rss $qcmd)" "$ratio"
        else
            printf '%-28s FAILED (%s)\n' "$name" "$out"
        fi
        return
    fi
    if [ -n "$pskip" ]; then
        p="peapod: FAILED ($pskip)"
    elif out=$(measure "$pcmd"); then
        read -r pm pr <<<"$out"; p=$(printf 'peapod %8s ms %7s MiB' "$pm" "$pr")
    else
        p="peapod: FAILED ($out)"
    fi
    if ! $have_podman; then
        printf '%-28s %s | podman not installed\n' "$name" "$p"
    elif out=$(measure "$qcmd"); then
        read -r qm qr <<<"$out"
        printf '%-28s %s | podman %8s ms %7s MiB\n' "$name" "$p" "$qm" "$qr"
    else
        printf '%-28s %s | podman: FAILED (%s)\n' "$name" "$p" "$out"
    fi
}

bash "$here/scripts/busybox-rootfs.sh" "$work/rootfs.tar" >/dev/null

if want startup; then
    echo "Preparing 20 images in each store..."
    for i in $(seq 1 20); do
        "${P[@]}" import -q -m "image $i" "$work/rootfs.tar" "localhost/bench$i:latest" >/dev/null
        $have_podman && "${Q[@]}" import -q -m "image $i" "$work/rootfs.tar" "localhost/bench$i:latest" >/dev/null 2>&1
    done


    # The floor every command stands on: start-up and nothing else (a JVM's, for Peapod).
    bench "version (start-up floor)" "${P[*]} version" "${Q[*]} version"
    bench "images (20 images)" "${P[*]} images" "${Q[*]} images"
    bench "image inspect" "${P[*]} image inspect localhost/bench7:latest" "${Q[*]} image inspect localhost/bench7:latest"
    bench "images --format json" "${P[*]} images --format json" "${Q[*]} images --format json"

fi

if want containers; then
    "${P[@]}" import -q "$work/rootfs.tar" localhost/busybox:latest >/dev/null
    $have_podman && "${Q[@]}" import -q "$work/rootfs.tar" localhost/busybox:latest >/dev/null 2>&1
    bench "run --rm busybox true" "${P[*]} run --rm --network none busybox true" \
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
    pc=$(create_many pc "${P[*]} create --network none")
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

fi

if want load; then
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
fi

# A registry on 127.0.0.1 serving a Debian image (debootstrap minbase, one layer, ~100 MB), pulled into
# an empty store and pushed to an empty registry by each engine. The rootfs is made once and kept in
# /var/tmp (debootstrap fetches its packages from the Debian mirror the machine's apt sources name).
registry_serve() {  # storage dir, port
    cat > "$1.yml" <<CONF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $1}, delete: {enabled: true}}
http: {addr: "127.0.0.1:$2", secret: peapod-bench}
CONF
    docker-registry serve "$1.yml" >"$1.log" 2>&1 &
    echo $! >> "$work/registry.pids"
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "Error: docker-registry did not start: $(cat "$1.log")" >&2
    return 1
}
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
timed() {  # name, prepare command and command for peapod, then for podman (strings); $timed_runs runs each
    local name=$1 pprep=$2 pcmd=$3 qprep=$4 qcmd=$5 pm qm pr qr
    hyperfine -N -w 1 -r "$timed_runs" --prepare "$pprep" --export-json "$work/p.json" "$pcmd" >/dev/null 2>&1
    pm=$(median "$work/p.json")
    bash -c "$pprep"; pr=$(rss $pcmd)
    if $have_podman; then
        hyperfine -N -w 1 -r "$timed_runs" --prepare "$qprep" --export-json "$work/q.json" "$qcmd" >/dev/null 2>&1
        qm=$(median "$work/q.json")
        bash -c "$qprep"; qr=$(rss $qcmd)
        printf '%-28s peapod %8s ms %7s MiB | podman %8s ms %7s MiB | time ratio %s\n' "$name" "$pm" "$pr" "$qm" "$qr" \
            "$(python3 -c "print('%.2fx' % ($pm/$qm))")"
    else
        printf '%-28s peapod %8s ms %7s MiB | podman not installed\n' "$name" "$pm" "$pr"
    fi
}

if want registry; then
    command -v docker-registry >/dev/null || { echo "Error: docker-registry is needed: apt-get install docker-registry" >&2; exit 1; }
    command -v skopeo >/dev/null || { echo "Error: skopeo is needed: apt-get install skopeo" >&2; exit 1; }
    timed_runs=${BENCH_REGISTRY_RUNS:-5}
    debian_tar=${BENCH_DEBIAN_TAR:-/var/tmp/peapod-bench-debian.tar}
    if [ ! -f "$debian_tar" ]; then
        echo "Making a Debian rootfs with debootstrap (once; kept in $debian_tar)..."
        command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap >/dev/null
        mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
        [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
        debootstrap --variant=minbase bookworm "$work/debian" "$mirror" >"$work/debootstrap.log" 2>&1 \
            || { echo "Error: debootstrap failed: $(tail -5 "$work/debootstrap.log")" >&2; exit 1; }
        # As Debian's own images: no downloaded packages or package lists (~120 MB is left).
        rm -rf "$work/debian"/var/cache/apt/archives/*.deb "$work/debian"/var/cache/apt/*.bin "$work/debian"/var/lib/apt/lists/*
        tar --numeric-owner -C "$work/debian" -cf "$debian_tar.tmp" . && mv "$debian_tar.tmp" "$debian_tar"
        rm -rf "$work/debian"
    fi
    echo "Serving the Debian image ($(( $(stat -c %s "$debian_tar") / 1000000 )) MB uncompressed) from a local registry..."
    trap 'kill $(cat "$work/registry.pids" 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
    src_port=$(free_port); registry_serve "$work/registry-src" "$src_port"
    dst_port=$(free_port); registry_serve "$work/registry-dst" "$dst_port"
    "${P[@]}" import -q "$debian_tar" localhost/debian:bench >/dev/null
    "${P[@]}" save --format oci-dir -o "$work/debian-oci" localhost/debian:bench
    skopeo copy -q --dest-tls-verify=false "oci:$work/debian-oci" "docker://127.0.0.1:$src_port/bench/debian:1"
    ref=127.0.0.1:$src_port/bench/debian:1
    R=("$peapod" --root "$work/pull-p" --runroot "$work/pull-p-run")
    S=(podman --root "$work/pull-q" --runroot "$work/pull-q-run" --storage-driver overlay)
    # Each pull goes to an empty store. The previous one is moved aside, not deleted: on ext4 without
    # a journal (this VM's disk) the inode allocator skips inodes freed in the last 30 s one by one,
    # which made a pull after a deletion of the same 6.7k files up to 2x slower, by how many were freed when.
    mkdir -p "$work/trash"
    cat > "$work/stash.sh" <<STASH
for d in "\$@"; do [ ! -e "\$d" ] || mv "\$d" "$work/trash/\$(basename "\$d").\$(date +%s%N)"; done
STASH
    timed "pull (cold, ~100 MB)" \
        "bash $work/stash.sh $work/pull-p $work/pull-p-run" "${R[*]} pull -q --tls-verify=false $ref" \
        "bash $work/stash.sh $work/pull-q $work/pull-q-run" "${S[*]} pull -q --tls-verify=false $ref"
    # Both stores now hold the image; each push goes to a registry emptied before every run.
    dest=127.0.0.1:$dst_port/bench/pushed:1
    timed "push (to an empty registry)" \
        "rm -rf $work/registry-dst/docker" "${R[*]} push -q --tls-verify=false $ref $dest" \
        "rm -rf $work/registry-dst/docker" "${S[*]} push -q --tls-verify=false $ref $dest"
fi

# The default bridge network (podman's built-in "podman" network, 10.88.0.0/16, set up by netavark; no
# network is created in /etc/containers/networks). Only 127.0.0.1 is published and polled.
if want network; then
    # A tiny web image: the busybox rootfs plus /www/index.html, served by busybox httpd.
    mkdir -p "$work/www/www" && echo ok > "$work/www/www/index.html"
    cp "$work/rootfs.tar" "$work/web.tar"
    tar --numeric-owner --owner=0 --group=0 -C "$work/www" -rf "$work/web.tar" ./www
    web=localhost/web:latest httpd=(httpd -f -p 80 -h /www)
    "${P[@]}" import -q "$work/web.tar" "$web" >/dev/null
    $have_podman && "${Q[@]}" import -q "$work/web.tar" "$web" >/dev/null 2>&1
    QR=("${Q[@]}" --runtime runc run --ulimit nofile=20000:20000 --ulimit nproc=4096:4096)

    # 1. run --rm on the default network (no --network flag: bridge for both engines). Peapod is only
    # measured once its container really has an eth0 (until then it ran with no network at all).
    pskip=
    if ! devs=$("${P[@]}" run --rm "$web" cat /proc/net/dev 2>"$work/err"); then
        pskip=$(grep -m1 '^Error' "$work/err" || head -1 "$work/err" | grep . || echo "no error output")
    elif ! grep -q 'eth0:' <<<"$devs"; then
        pskip="no eth0 in the container: not on the default bridge network"
    fi
    bench "run --rm (default network)" "${P[*]} run --rm $web true" "${QR[*]} --rm $web true" "$pskip"
    # Once run --rm returns, nothing may hold the container's network namespace (a netns mount, a process).
    if [ -z "$pskip" ]; then
        printf '%-28s %s\n' "  left by peapod's" "$(python3 "$here/scripts/first-http.py" --rm-left "${P[*]}" "" "$web")"
    fi
    if $have_podman; then
        printf '%-28s %s\n' "  left by podman's" "$(python3 "$here/scripts/first-http.py" --rm-left "${Q[*]} --runtime runc" \
            "--ulimit nofile=20000:20000 --ulimit nproc=4096:4096" "$web")"
    fi

    # 2. From run -d -p 127.0.0.1:PORT:80 to the first HTTP 200 on that port (scripts/first-http.py,
    # which also checks that each container, once removed, left no netns file or iptables rule).
    net_runs=${BENCH_NET_RUNS:-7}
    pport=$(free_port); qport=$(free_port)
    while [ "$pport" = "$qport" ]; do qport=$(free_port); done
    name="-p: run -d to HTTP 200" qleft=
    if $have_podman; then
        # both engines in alternation (see scripts/paired.py)
        if out=$(python3 "$here/scripts/first-http.py" --paired "$pport" "$qport" "$net_runs" web "${P[*]}" "" \
                "${Q[*]} --runtime runc" "--ulimit nofile=20000:20000 --ulimit nproc=4096:4096" "$web" "${httpd[@]}"); then
            read -r pm qm ratio <<<"$out"
            printf '%-28s peapod %8s ms | podman %8s ms | time ratio %sx (paired)\n' "$name" "$pm" "$qm" "$ratio"
            printf '%-28s %s\n' "  left by peapod's" "$(sed -n 2p <<<"$out")"
            printf '%-28s %s\n' "  left by podman's" "$(sed -n 3p <<<"$out")"
        else
            printf '%-28s FAILED (%s)\n' "$name" "$out"
        fi
    elif out=$(python3 "$here/scripts/first-http.py" "$pport" "$net_runs" web "${P[*]}" "" "$web" "${httpd[@]}"); then
        read -r pm _ _ <<<"$out"
        printf '%-28s peapod %8s ms | podman not installed\n' "$name" "$pm"
        printf '%-28s %s\n' "  left by peapod's" "$(sed -n 2p <<<"$out")"
    else
        printf '%-28s peapod: FAILED (%s) | podman not installed\n' "$name" "$out"
    fi
fi

# Pods (issue 6's target): pod create, run -d --pod of two containers, pod rm -f, as one shell script per
# engine. podman's infra container cannot take --ulimit here: its default ulimits come from a containers.conf.
if want pod; then
    "${P[@]}" import -q "$work/rootfs.tar" localhost/podbox:latest >/dev/null
    $have_podman && "${Q[@]}" import -q "$work/rootfs.tar" localhost/podbox:latest >/dev/null 2>&1
    printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n' > "$work/pod-containers.conf"
    for engine in p q; do
        if [ $engine = p ]; then cmd="${P[*]}"; else cmd="${Q[*]} --runtime runc"; fi
        cat > "$work/pod-$engine.sh" <<POD
set -e
export CONTAINERS_CONF=$work/pod-containers.conf
$cmd pod create --name benchpod >/dev/null
$cmd run -d --pod benchpod localhost/podbox:latest sleep 100 >/dev/null
$cmd run -d --pod benchpod localhost/podbox:latest sleep 100 >/dev/null
$cmd pod rm -f -t 0 benchpod >/dev/null
POD
    done
    bash "$work/pod-p.sh" >/dev/null 2>&1 || true   # the first pod create builds the pause image
    $have_podman && { bash "$work/pod-q.sh" >/dev/null 2>&1 || true; }
    bench "pod create+2 run -d+rm -f" "bash $work/pod-p.sh" "bash $work/pod-q.sh"
fi

# Builds (issue 7's target): a fully cached rebuild of a 5-step Containerfile (each step's image found in the
# layer cache), after one build that fills the cache in each store.
if want build; then
    "${P[@]}" import -q "$work/rootfs.tar" localhost/buildbox:latest >/dev/null
    $have_podman && "${Q[@]}" import -q "$work/rootfs.tar" localhost/buildbox:latest >/dev/null 2>&1
    mkdir -p "$work/build-ctx"
    echo "some content" > "$work/build-ctx/a.txt"
    cat > "$work/build-ctx/Containerfile" <<'CF'
FROM localhost/buildbox:latest
ENV APP=/app
COPY a.txt /app/
RUN cp /app/a.txt /app/b.txt
CMD ["cat", "/app/b.txt"]
CF
    "${P[@]}" build -q --network none -t bench-build "$work/build-ctx" >/dev/null
    $have_podman && "${Q[@]}" --runtime runc build -q --network none -t bench-build "$work/build-ctx" >/dev/null 2>&1
    bench "build (5 steps, all cached)" "${P[*]} build -q --network none -t bench-build $work/build-ctx" \
        "${Q[*]} --runtime runc build -q --network none -t bench-build $work/build-ctx"

    # A cold build (--no-cache: RUN runs again and the 50 MB of random, incompressible data is copied and
    # committed again every time) on the Debian image of the registry section, imported into both stores.
    debian_tar=${BENCH_DEBIAN_TAR:-/var/tmp/peapod-bench-debian.tar}
    if [ -f "$debian_tar" ]; then
        "${P[@]}" import -q "$debian_tar" localhost/debian:bench >/dev/null
        $have_podman && "${Q[@]}" import -q "$debian_tar" localhost/debian:bench >/dev/null 2>&1
        mkdir -p "$work/cold-ctx"
        head -c 50000000 /dev/urandom > "$work/cold-ctx/data.bin"
        cat > "$work/cold-ctx/Containerfile" <<'CF'
FROM localhost/debian:bench
RUN echo hi > /etc/motd && ls /usr/bin | wc -l
COPY data.bin /opt/data.bin
CF
        # Each run's image replaces the last one's under the tag: the images left dangling are removed before the next.
        echo "${P[*]} image prune -f >/dev/null" > "$work/prune-p.sh"
        echo "${Q[*]} image prune -f >/dev/null" > "$work/prune-q.sh"
        timed_runs=${BENCH_BUILD_RUNS:-5}
        timed "build (cold, RUN + COPY 50 MB)" \
            "bash $work/prune-p.sh" "${P[*]} build -q --no-cache --network none -t bench-cold $work/cold-ctx" \
            "bash $work/prune-q.sh" "${Q[*]} --runtime runc build -q --no-cache --network none -t bench-cold $work/cold-ctx"
    else
        echo "build (cold): no Debian rootfs at $debian_tar (the registry section makes it once)"
    fi
fi
