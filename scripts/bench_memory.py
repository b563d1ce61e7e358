#!/usr/bin/env python3
"""Memory of `floe serve` holding queued work: starts an API-only `floe serve --slots 0` (nothing runs the
tasks, so they stay queued) on a fresh data folder, reads its peak resident memory (VmHWM) after it has been
idle for 5 s, makes QUEUED signed StartWorkflow calls (1,000 by default: the snapshots System template on an
OSS input, SkipInputVerification), checks that the store holds that many queued tasks, and reads VmHWM again.
Prints Markdown table rows for scripts/bench.sh.

usage: bench_memory.py FLOE_BINARY [--queued N]
"""
import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reliability"))
from common import Server  # noqa: E402

SNAPSHOTS = "a0000000000000000000000000000003"


def memory_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("floe")
    parser.add_argument("--queued", type=int, default=1000)
    options = parser.parse_args()

    server = Server(binary=options.floe, options=["--slots", "0", "--log-level", "error"]).start()
    try:
        time.sleep(5)
        pid = server.process.pid
        idle = memory_kb(pid, "VmHWM")
        for index in range(options.queued):
            server.start_task(SNAPSHOTS, f"oss://floe-input/bench/{index}.mp4", skip_verification=True)
        time.sleep(1)
        queued = sum(1 for status in server.stored_tasks().values() if status == "Init")
        if queued != options.queued:
            raise SystemExit(f"bench_memory: {options.queued} tasks started, {queued} queued in the store")
        peak, now = memory_kb(pid, "VmHWM"), memory_kb(pid, "VmRSS")
    finally:
        server.stop()
        shutil.rmtree(server.data, ignore_errors=True)
    print(f"| floe serve --slots 0, idle 5 s, peak RSS (VmHWM) | {idle / 1024:.1f} MB | | |")
    print(f"| floe serve --slots 0 with {options.queued:,} tasks queued (made by signed StartWorkflow calls), peak RSS"
          f" (VmHWM; RSS now {now / 1024:.1f} MB) | {peak / 1024:.1f} MB | | {peak / idle:.2f}× idle |")


if __name__ == "__main__":
    main()
