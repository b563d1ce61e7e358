"""The delay from a file's arrival to its task's creation, against a `floe serve` (a release build, from
scripts/bench.sh) on a fresh data folder with its default intervals (a folder scan every 1 s, a 2 s settle):

1. S3 uploads: N PutObjects of a 2 s clip in a row, with boto3, into a location a template binds. For each: the
   time from the PutObject request to the task's creation time as the store keeps it (to the microsecond; the
   API's CreateTime is to the second), and from the PutObject answer to the first ListWorkflowTasks (polled
   every few ms) that lists its task. Twice: without `Expect: 100-continue`, then as boto3 sends it, with.
2. Files dropped into a watched folder of the local bucket `uploads`: the same, from the file being written and
   closed, at a random point of the scan cycle. Here the delay is the settle interval plus up to one scan
   interval, by design.

  usage: bench_trigger.py FLOE_BINARY [--uploads N] [--drops N]
Prints Markdown table rows: | measure | Floe | | |. Run it with .build-sdk-venv/bin/python (boto3, the IMS SDK).
"""
import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

from botocore.handlers import add_expect_header

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "sdk"))
from floe_server import call, create_thumbnail_template, input_of, make_clip, running_server  # noqa: E402

POLL = 0.005
SCAN_INTERVAL = 1.0  # floe serve's default --watch-interval


def appearance(api, workflow_id, location, timeout=30):
    """Polls the template's newest task until it is the one for `location`; returns its id and the time it was
    first listed."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        listed = call(api, "ListWorkflowTasks", WorkflowId=workflow_id, MaxResults="1")["TaskList"]
        if listed and input_of(listed[0]) == location:
            return listed[0]["TaskId"], time.time()
        time.sleep(POLL)
    raise SystemExit(f"bench-trigger: no task for {location} after {timeout} s")


def summary(seconds, unit):
    """median / p95 (nearest rank) / max, in ms or s."""
    ordered = sorted(seconds)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    if unit == "ms":
        return " / ".join(f"{value * 1000:.1f}" for value in (statistics.median(ordered), p95, ordered[-1])) + " ms"
    return " / ".join(f"{value:.2f}" for value in (statistics.median(ordered), p95, ordered[-1])) + " s"


def uploads(server, clip, count, expect_continue):
    """`count` PutObjects in a row, each followed by polling for its task. boto3 sends PutObject with
    `Expect: 100-continue` and waits for a `100 Continue` (1 s at most) before it sends the body; with
    `expect_continue` false that header is left out, so the body follows the request head at once. The two
    should not differ: a difference of a second means the server stopped answering `100 Continue`."""
    api, s3 = server.client(), server.s3()
    if not expect_continue:
        s3.meta.events.unregister("before-call.s3", add_expect_header)
    folder = "bench-put-expect" if expect_continue else "bench-put-plain"
    workflow_id = create_thumbnail_template(api, folder, f"oss://uploads/{folder}/")
    with open(clip, "rb") as f:
        body = f.read()
    answered_to_listed, sent, answered, tasks = [], [], [], []
    for index in range(count):
        key = f"{folder}/clip-{index:03}.mp4"
        sent.append(time.time())
        s3.put_object(Bucket="uploads", Key=key, Body=body)
        answered.append(time.time())
        task_id, listed = appearance(api, workflow_id, f"oss://uploads/{key}")
        answered_to_listed.append(listed - answered[-1])
        tasks.append(task_id)
    created = server.stored_tasks(workflow_id)
    sent_to_created = [created[task] - start for task, start in zip(tasks, sent)]
    before_answer = sum(created[task] <= end for task, end in zip(tasks, answered))
    how = "boto3 as it is, with `Expect: 100-continue`" if expect_continue else "without `Expect: 100-continue`"
    print(f"| upload → task, S3 PutObject of a {len(body) / 1000:.0f} kB clip, {count} in a row, {how}: PutObject sent → "
          f"task created (the store's createTime; {before_answer} of {count} created before PutObject answered; "
          f"median / p95 / max) | {summary(sent_to_created, 'ms')} | | |")
    print(f"| upload → task, the same: PutObject answered → task listed by ListWorkflowTasks "
          f"| {summary(answered_to_listed, 'ms')} | | |")


def drops(server, clip, count):
    api = server.client()
    workflow_id = create_thumbnail_template(api, "bench-drop", "oss://uploads/bench-drop/")
    folder = server.path("uploads", "bench-drop")
    os.makedirs(folder, exist_ok=True)
    written_to_listed, written_to_created, tasks, written = [], [], [], []
    for index in range(count):
        name = f"clip-{index:03}.mp4"
        time.sleep(random.uniform(0, SCAN_INTERVAL))  # drop at any point of the scan cycle, not just after a scan
        shutil.copyfile(clip, os.path.join(folder, name))
        written.append(time.time())
        task_id, listed = appearance(api, workflow_id, f"oss://uploads/bench-drop/{name}")
        written_to_listed.append(listed - written[-1])
        tasks.append(task_id)
    created = server.stored_tasks(workflow_id)
    written_to_created = [created[task] - start for task, start in zip(tasks, written)]
    print(f"| file dropped into a watched folder, {count} in a row: written → task created (by design the settle "
          f"interval, 2 s, plus up to one scan interval, 1 s; median / p95 / max) | {summary(written_to_created, 's')} | | |")
    print(f"| file dropped into a watched folder: written → task listed by ListWorkflowTasks "
          f"| {summary(written_to_listed, 's')} | | |")


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("floe")
    arguments.add_argument("--uploads", type=int, default=30)
    arguments.add_argument("--drops", type=int, default=10)
    options = arguments.parse_args()
    work = tempfile.mkdtemp(prefix="floe-bench-trigger-")
    try:
        clip = make_clip(os.path.join(work, "clip.mp4"))
        with running_server(os.path.join(work, "data"), options=(), binary=options.floe) as server:
            uploads(server, clip, options.uploads, expect_continue=False)
            uploads(server, clip, options.uploads, expect_continue=True)
            drops(server, clip, options.drops)
            status = server.stop()
        if status != 0:
            raise SystemExit(f"bench-trigger: floe serve exited {status}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
