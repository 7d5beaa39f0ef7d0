#!/usr/bin/env python3
"""Times two command lines in alternation: peapod's and podman's (scripts/bench.sh).

Usage: paired.py RUNS PEAPOD_COMMAND PODMAN_COMMAND   (each command one string, split on spaces)
Prints "PEAPOD_MEDIAN_MS PODMAN_MEDIAN_MS PAIRED_RATIO", or one error line and exits 1.

Why alternate: on a shared host the speed of the machine drifts over seconds (CPU steal of 15-20% came and
went here). hyperfine runs all of one command, then all of the other, so a drift between the two halves
moves the ratio by more than the differences being measured. Here each pair runs back to back, the order
flipping every pair, and the ratio is the median of the pairs' ratios: both engines meet the same noise.
"""
import statistics
import subprocess
import sys
import time


def timed(command):
    start = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = (time.monotonic() - start) * 1000
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").splitlines()
        first = next((l for l in lines if l.startswith("Error")), lines[0] if lines else "no error output")
        print(f"{' '.join(command[:2])}: {first}")
        sys.exit(1)
    return elapsed


def main():
    runs, peapod, podman = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
    for _ in range(2):   # warm-up: page cache, the pause image, netavark's first chains
        timed(peapod)
        timed(podman)
    p_times, q_times, ratios = [], [], []
    for i in range(runs):
        if i % 2 == 0:
            p, q = timed(peapod), timed(podman)
        else:
            q, p = timed(podman), timed(peapod)
        p_times.append(p)
        q_times.append(q)
        ratios.append(p / q)
    print("%.1f %.1f %.2f" % (statistics.median(p_times), statistics.median(q_times), statistics.median(ratios)))


if __name__ == "__main__":
    main()
