"""The delay from a task's end to its WorkflowTaskComplete callback reaching a receiver, against a `floe serve`
(a release build, from scripts/bench.sh) on a fresh data folder with its default options (but the loopback
receiver allowed), with a receiver on loopback that answers 200 at once:

1. one at a time: N tasks of a one-probe template, each started after the previous one's event arrived;
2. at once: N tasks started together, so their events are written and sent in a burst.

The task's end is its finishTime as the store keeps it (to the microsecond; written in the transaction that
also writes the event); the arrival is the receiver's clock when the POST came in (the same machine's clock).

  usage: bench_callbacks.py FLOE_BINARY [--tasks N]
Prints Markdown table rows: | measure | Floe | | |. Run it with .build-sdk-venv/bin/python (the IMS SDK).
"""
import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile

from alibabacloud_ice20201109 import models

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "sdk"))
from callback_receiver import Receiver  # noqa: E402
from floe_server import create_media_info_template, make_clip, running_server  # noqa: E402

GOAL_MS = 200


def summary(seconds):
    """median / p95 (nearest rank) / max, in ms."""
    ordered = sorted(seconds)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    return " / ".join(f"{value * 1000:.1f}" for value in (statistics.median(ordered), p95, ordered[-1])) + " ms"


def delays(server, receiver, workflow_id, path, task_ids):
    """Seconds from each task's stored finishTime to the first POST of its event."""
    arrived = {task_id: min(post.time for post in posts)
               for task_id, posts in receiver.wait_acknowledged(task_ids, path=path, timeout=120).items()}
    finished = server.stored_tasks(workflow_id, time="finishTime")
    return [arrived[task_id] - finished[task_id] for task_id in task_ids]


def run(server, receiver, location, count, together):
    api = server.client()
    name = "bench-callback-burst" if together else "bench-callback-serial"
    workflow_id = create_media_info_template(api, name)
    path = f"/{name}"

    def start():
        return api.start_workflow(models.StartWorkflowRequest(
            workflow_id=workflow_id, task_input=json.dumps({"Type": "OSS", "Media": location}),
            user_data=json.dumps({"NotifyAddress": receiver.url + path}))).body.task_id

    if together:
        task_ids = [start() for _ in range(count)]
    else:
        task_ids = []
        for _ in range(count):
            task_ids.append(start())
            receiver.wait_acknowledged(task_ids[-1:], path=path, timeout=60)
    measured = delays(server, receiver, workflow_id, path, task_ids)
    how = f"{count} tasks started at once" if together else f"{count} tasks one after another"
    print(f"| task end → callback received, {how} (the store's finishTime → the receiver's first POST; "
          f"goal ≤ {GOAL_MS} ms; median / p95 / max) | {summary(measured)} | | |")


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("floe")
    arguments.add_argument("--tasks", type=int, default=30)
    options = arguments.parse_args()
    work = tempfile.mkdtemp(prefix="floe-bench-callbacks-")
    receiver = Receiver()
    try:
        clip = make_clip(os.path.join(work, "clip.mp4"))
        with running_server(os.path.join(work, "data"), options=("--callback-allow", "127.0.0.0/8"),
                            binary=options.floe) as server:
            location = server.put("bench-callbacks/clip.mp4", clip)
            run(server, receiver, location, options.tasks, together=False)
            run(server, receiver, location, options.tasks, together=True)
            status = server.stop()
        if status != 0:
            raise SystemExit(f"bench-callbacks: floe serve exited {status}")
    finally:
        receiver.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
