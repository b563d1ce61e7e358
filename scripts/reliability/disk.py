#!/usr/bin/env python3
"""Full disk: `floe serve` with its data folder on a 64 MiB tmpfs, filled with a filler file but for a few MiB,
then a lossless 720p transcode whose output is larger than the space left.

Checks: the task ends Failed with a clear message (printed); the store stays intact (PRAGMA integrity_check ok,
every task still listed by the store and by ListWorkflowTasks); after the filler is deleted a new task succeeds
without a restart, and another after a restart. Needs root (mount); prints SKIP when mount is not permitted.

    python3 scripts/reliability/disk.py [--size-mb 64] [--leave-mb 6]
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

BIG = """
Name: reliability-disk-big
Activities:
  Start: {Type: Start}
  big: {Type: Transcode, Parameters: {Outputs: [{Name: lossless, Container: mkv, Video: {Codec: h264, Crf: 0, Preset: ultrafast}, Audio: {Codec: aac}}]}}
  End: {Type: End}
Dependencies: {Start: [big], big: [End]}
"""
SMALL = """
Name: reliability-disk-small
Activities:
  Start: {Type: Start}
  small: {Type: Transcode, Parameters: {Outputs: [{Name: small, Container: mp4, Video: {Codec: h264, Height: 120, Preset: ultrafast}, Audio: {Codec: aac}}]}}
  thumb: {Type: Snapshot, Parameters: {Time: 0.5, Width: 160, Format: jpg}}
  End: {Type: End}
Dependencies: {Start: [small, thumb], small: [End], thumb: [End]}
"""


def free_bytes(path):
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def message_of(server, task_id, task):
    message = server.task_rows().get(task_id, (None, None, None))[2] or ""
    for activity in json.loads(task.get("ActivityResults") or "{}").values():
        message = message or (activity.get("Result") or {}).get("ErrorMessage", "")
    return message


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--size-mb", type=int, default=64)
    arguments.add_argument("--leave-mb", type=int, default=6)
    arguments.add_argument("--timeout", type=float, default=300)
    options = arguments.parse_args()
    mount = tempfile.mkdtemp(prefix="floe-disk-")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={options.size_mb}m", "tmpfs", mount],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        print(f"SKIP: cannot mount a tmpfs here: {mounted.stderr.strip()}")
        common.report([common.row("disk", "full disk mid-transcode", f"SKIP: mount not permitted "
                                  f"({mounted.stderr.strip()[:120]})", True, skipped=True)])
        sys.exit(0)
    server = common.Server(data=os.path.join(mount, "data"), options=["--lease", "3", "--heartbeat", "0.3"])
    filler = os.path.join(mount, "filler")
    try:
        server.start()
        folder = tempfile.mkdtemp(prefix="floe-disk-clip-")
        clip = common.make_clip(os.path.join(folder, "clip.mp4"), seconds=10, size="1280x720")
        small_clip = common.make_clip(os.path.join(folder, "small.mp4"))
        big_input = server.put("disk/clip.mp4", clip)
        small_input = server.put("disk/small.mp4", small_clip)
        big_id, small_id = server.create_template(BIG), server.create_template(SMALL)
        before = free_bytes(mount)
        with open(filler, "wb") as f:
            chunk = b"\0" * (1 << 20)
            while free_bytes(mount) > (options.leave_mb << 20) + len(chunk):
                f.write(chunk)
                f.flush()
        left = free_bytes(mount)
        print(f"  disk: {options.size_mb} MiB tmpfs, {before >> 20} MiB free before the filler, {left >> 20} MiB after",
              flush=True)

        task_id = server.start_task(big_id, big_input, skip_verification=True)
        started = time.time()
        task = server.wait_terminal([task_id], options.timeout).get(task_id, {})
        seconds = time.time() - started
        status = task.get("Status")
        message = message_of(server, task_id, task) if task else ""
        print(f"  full-disk task: {status} after {seconds:.1f} s: {message}", flush=True)
        list_status, listed = server.raw_call("ListWorkflowTasks", MaxResults="100")
        free_then = free_bytes(mount)

        def integrity():
            with closing(sqlite3.connect(f"file:{os.path.join(server.data, 'floe.sqlite')}?mode=ro", uri=True,
                                         timeout=30)) as db:
                return db.execute("PRAGMA integrity_check").fetchone()[0], db.execute("SELECT count(*) FROM task").fetchone()[0]

        check_full, count_full = integrity()
        os.remove(filler)
        after_id = server.start_task(small_id, small_input, skip_verification=True)
        after = server.wait_terminal([after_id], 180).get(after_id, {}).get("Status")
        stop_code = server.stop()
        server.start()
        restarted_id = server.start_task(small_id, small_input, skip_verification=True)
        restarted = server.wait_terminal([restarted_id], 180).get(restarted_id, {}).get("Status")
        all_listed = server.raw_call("ListWorkflowTasks", MaxResults="100")[1].get("TaskList", [])
        code = server.stop()
        check_end, count_end = integrity()
        listed_ids = {t["TaskId"] for t in listed.get("TaskList", [])} if isinstance(listed, dict) else set()
        passed = (status == "Failed" and bool(message) and check_full == "ok" and check_end == "ok"
                  and list_status == 200 and task_id in listed_ids and after == "Succeed" and restarted == "Succeed"
                  and count_end == 3 and len(all_listed) == 3 and stop_code == 0 and code == 0)
        figures = (f"{options.size_mb} MiB tmpfs filled to {left >> 20} MiB free; lossless 720p transcode: {status} after "
                   f"{seconds:.1f} s, message: \"{message.strip()[:200]}\"; free then {free_then >> 20} MiB; "
                   f"ListWorkflowTasks while full {list_status}; integrity_check {check_full} ({count_full} tasks); filler "
                   f"deleted: next task {after}; restart (SIGTERM exit {stop_code}): next task {restarted}; finally "
                   f"{count_end} tasks in the store, {len(all_listed)} listed, integrity_check {check_end}, exit {code}")
        rows = [common.row("disk", "data folder on a 64 MiB tmpfs that fills mid-transcode: clean failure, store intact, "
                           "recovers without and after a restart", figures, passed)]
    except Exception as error:
        rows = [common.row("disk", "full disk", f"error: {error!r}; log {server.log_tail(800)!r}", False)]
    finally:
        server.kill()
        if os.path.exists(filler):
            os.remove(filler)
        kept = tempfile.mktemp(prefix="floe-disk-serve-", suffix=".log")
        # The data folder goes with the tmpfs; a failure keeps the server's log (in the run's folder).
        if rows[0]["result"] == "FAIL" and os.path.exists(server.log_path):
            shutil.copy(server.log_path, kept)
            print(f"  the server's log: {kept}")
        subprocess.run(["umount", mount], capture_output=True)
        os.rmdir(mount)
    sys.exit(0 if common.report(rows) else 1)


if __name__ == "__main__":
    main()
