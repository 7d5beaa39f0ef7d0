#!/usr/bin/env python3
"""Time from `run -d -p 127.0.0.1:PORT:80 ...` to the first HTTP 200 on 127.0.0.1:PORT.

Usage: first-http.py PORT RUNS NAME "ENGINE" "RUN FLAGS" IMAGE [COMMAND...]
  ENGINE     the engine's command line with its global flags, e.g. "podman --root /tmp/r --runtime runc"
  RUN FLAGS  more flags for `run -d` ("" for none); both strings are split on spaces
Each run starts container NAME<i> with `ENGINE run -d RUN-FLAGS --name NAME<i> -p 127.0.0.1:PORT:80
IMAGE COMMAND`, polls http://127.0.0.1:PORT/ every 5 ms from the moment the run command starts (so an
engine is not charged for returning late from `run -d` when its service already answers), stops the
clock at the first 200, then (untimed) notes the container's network namespace (via inspect's
State.Pid) and removes it with `rm -f -t 0` whatever happened. One warm-up run is not counted.
Prints "MEDIAN MIN MAX" in ms, then a line naming what the removed containers left behind (a mount or
process that held their network namespace while they ran and still does, iptables rules naming their id or PORT) or "nothing";
on failure prints the first error line and exits 1 (after removing the container).

first-http.py --paired PORT_P PORT_Q RUNS NAME "PEAPOD" "PEAPOD FLAGS" "PODMAN" "PODMAN FLAGS" IMAGE [COMMAND...]
times both engines in alternation (the order flipping every pair, one warm-up each, see scripts/paired.py) and
prints "PEAPOD_MEDIAN PODMAN_MEDIAN PAIRED_RATIO", then what each engine's containers left behind, one line each.

first-http.py --rm-left "ENGINE" "RUN FLAGS" IMAGE runs one `run --rm` container and prints what still
holds its network namespace once the command has returned (a netns mount, a process), or "nothing".
"""
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DEADLINE_S = 20.0
INTERVAL_S = 0.005


class Failure(Exception):
    pass


def first_error(text):
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error"):
            return line
    return lines[0] if lines else "no error output"


def quiet(cmd):
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)


def netns_holders(ns):
    """Mounts and processes that still hold network namespace ns ("net:[INODE]")."""
    held = []
    with open("/proc/self/mountinfo") as mounts:
        held += ["netns mount " + f[4] for f in (line.split() for line in mounts) if f[3] == ns]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/ns/net") == ns:
                held.append("netns process " + pid)
        except OSError:
            pass  # gone meanwhile, or not ours to see
    return held


def leftovers(port, container_id, ns, held):
    """What a removed container left: holders of its network namespace that held it while it ran (an
    inode alone could be a newer namespace's: the kernel reuses them), iptables rules naming it or PORT."""
    left = [h for h in netns_holders(ns) if h in held] if ns else []
    rules = quiet(["iptables-save"]).stdout if shutil.which("iptables-save") else ""
    for line in rules.splitlines():
        if (container_id and container_id in line) or f"--dport {port} " in line + " ":
            left.append("iptables " + line)
    return left


def rm_left(engine, run_flags, image):
    """What a `run --rm` container leaves once the command returns (its namespace's holders)."""
    proc = subprocess.Popen(engine + ["run"] + run_flags + ["--rm", image, "sh", "-c",
                            "readlink /proc/self/ns/net; exec sleep 1"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ns = proc.stdout.readline().strip()
    held = netns_holders(ns) if ns else []
    proc.communicate()
    if proc.returncode != 0 or not ns:
        return f"not checked (run --rm exited with {proc.returncode})"
    return "; ".join(h for h in netns_holders(ns) if h in held) or "nothing"


def one(port, name, engine, run_flags, image_cmd, left):
    url = f"http://127.0.0.1:{port}/"
    # No proxy from the environment: every request stays on 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    cmd = engine + ["run", "-d"] + run_flags + ["--name", name, "-p", f"127.0.0.1:{port}:80"] + image_cmd
    try:
        opener.open(url, timeout=1).close()
        answered = True
    except urllib.error.HTTPError:
        answered = True  # an answer all the same
    except (OSError, http.client.HTTPException):
        answered = False
    if answered:
        raise Failure(f"{url} answers before the run: a container or service holds port {port}")
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            while True:
                rc = proc.poll()
                if rc not in (None, 0):
                    err.seek(0)
                    raise Failure(first_error(err.read().decode(errors="replace")))
                try:
                    with opener.open(url, timeout=1) as response:
                        response.read()
                        if response.status == 200:
                            return (time.monotonic() - start) * 1000
                except (OSError, http.client.HTTPException):
                    pass  # refused, reset or not 200 yet: the service is not up
                if time.monotonic() - start > DEADLINE_S:
                    raise Failure(f"no HTTP 200 from {url} within {DEADLINE_S:.0f} s")
                time.sleep(INTERVAL_S)
        finally:
            try:
                proc.wait(timeout=DEADLINE_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            seen = quiet(engine + ["container", "inspect", "--format", "{{.Id}} {{.State.Pid}}", name]).stdout.split()
            try:
                ns = os.readlink(f"/proc/{seen[1]}/ns/net")
            except (IndexError, OSError):
                ns = ""  # not running: nothing to follow
            held = netns_holders(ns) if ns else []
            quiet(engine + ["rm", "-f", "-t", "0", name])
            left += leftovers(port, seen[0] if seen else "", ns, held)


def paired(argv):
    """--paired: both engines in alternation, so a host whose speed drifts charges them alike."""
    p_port, q_port, runs, name = int(argv[2]), int(argv[3]), int(argv[4]), argv[5]
    p_engine, p_flags, q_engine, q_flags, image_cmd = argv[6].split(), argv[7].split(), argv[8].split(), argv[9].split(), argv[10:]
    p_left, q_left, p_times, q_times, ratios = [], [], [], [], []
    try:
        one(p_port, f"{name}p", p_engine, p_flags, image_cmd, p_left)   # warm-ups
        one(q_port, f"{name}q", q_engine, q_flags, image_cmd, q_left)
        for i in range(runs):
            if i % 2 == 0:
                p = one(p_port, f"{name}p{i}", p_engine, p_flags, image_cmd, p_left)
                q = one(q_port, f"{name}q{i}", q_engine, q_flags, image_cmd, q_left)
            else:
                q = one(q_port, f"{name}q{i}", q_engine, q_flags, image_cmd, q_left)
                p = one(p_port, f"{name}p{i}", p_engine, p_flags, image_cmd, p_left)
            p_times.append(p)
            q_times.append(q)
            ratios.append(p / q)
    except Failure as e:
        print(e)
        return 1
    print("%.1f %.1f %.2f" % (statistics.median(p_times), statistics.median(q_times), statistics.median(ratios)))
    for left in (p_left, q_left):
        print("; ".join(left[:5]) + (f" (and {len(left) - 5} more)" if len(left) > 5 else "") if left else "nothing")
    return 0


def main(argv):
    if len(argv) >= 11 and argv[1] == "--paired":
        return paired(argv)
    if len(argv) == 5 and argv[1] == "--rm-left":
        print(rm_left(argv[2].split(), argv[3].split(), argv[4]))
        return 0
    if len(argv) < 7:
        sys.exit(__doc__)
    port, runs, name = int(argv[1]), int(argv[2]), argv[3]
    engine, run_flags, image_cmd = argv[4].split(), argv[5].split(), argv[6:]
    left = []
    try:
        times = [one(port, f"{name}{i}", engine, run_flags, image_cmd, left) for i in range(runs + 1)][1:]
    except Failure as e:
        print(e)
        return 1
    print("%.1f %.1f %.1f" % (statistics.median(times), min(times), max(times)))
    print("; ".join(left[:5]) + (f" (and {len(left) - 5} more)" if len(left) > 5 else "") if left else "nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
