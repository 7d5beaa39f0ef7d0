#!/usr/bin/env python3
"""Time from `run -d -p 127.0.0.1:PORT:80 ...` to the first HTTP 200 on 127.0.0.1:PORT.

Usage: first-http.py PORT RUNS NAME "RUN PREFIX" "RM PREFIX" IMAGE [COMMAND...]
  RUN PREFIX  the engine's command line up to and including `run -d` and its flags (split on spaces)
  RM PREFIX   the command line that removes a container given its name, e.g. "podman rm -f -t 0"
Each run starts container NAME<i> publishing 127.0.0.1:PORT:80, polls http://127.0.0.1:PORT/ every
5 ms from the moment the run command starts (so an engine is not charged for returning late from
`run -d` when its service already answers), stops the clock at the first 200, then removes the
container (untimed) whatever happened. One warm-up run is not counted.
Prints "MEDIAN MIN MAX" in ms; on failure prints the first error line and exits 1.
"""
import http.client
import statistics
import subprocess
import sys
import tempfile
import time
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


def one(port, name, run_prefix, rm_prefix, image_cmd):
    url = f"http://127.0.0.1:{port}/"
    # No proxy from the environment: every request stays on 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    cmd = run_prefix + ["--name", name, "-p", f"127.0.0.1:{port}:80"] + image_cmd
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
            subprocess.run(rm_prefix + [name], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv):
    if len(argv) < 7:
        sys.exit(__doc__)
    port, runs, name = int(argv[1]), int(argv[2]), argv[3]
    run_prefix, rm_prefix, image_cmd = argv[4].split(), argv[5].split(), argv[6:]
    try:
        times = [one(port, f"{name}{i}", run_prefix, rm_prefix, image_cmd) for i in range(runs + 1)][1:]
    except Failure as e:
        print(e)
        return 1
    print("%.1f %.1f %.1f" % (statistics.median(times), min(times), max(times)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
