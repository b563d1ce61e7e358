#!/usr/bin/env python3
"""Kill loops: `floe serve` on a fresh data folder, 100 tasks (a small Transcode and a Snapshot of a 2 s clip),
each with a `NotifyAddress` on a loopback receiver; then 5 rounds of SIGKILL at random moments (0.5–4 s apart),
restarting the server each time; then wait until every task is terminal.

Checks: every task Succeed (terminal, and none failed by the kills); tasks in the store == tasks started; no
media asset lists an output twice (GetMediaInfo FileInfoList: no duplicate FileUrl); every task's
WorkflowTaskComplete event reached the receiver (at least once, answered 200; duplicates counted, as
at-least-once delivery allows them: docs/CALLBACKS.md).

    python3 scripts/reliability/killloop.py [--tasks 100] [--rounds 5] [--seed N]
"""
import argparse
import collections
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

TEMPLATE = """
Name: reliability-killloop
Activities:
  Start: {Type: Start}
  small: {Type: Transcode, Parameters: {Outputs: [{Name: small, Container: mp4, Video: {Codec: h264, Height: 120, Preset: ultrafast}, Audio: {Codec: aac}}]}}
  thumb: {Type: Snapshot, Parameters: {Time: 0.5, Width: 160, Format: jpg}}
  End: {Type: End}
Dependencies: {Start: [small, thumb], small: [End], thumb: [End]}
"""


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--tasks", type=int, default=100)
    arguments.add_argument("--rounds", type=int, default=5)
    arguments.add_argument("--seed", type=int, default=int(time.time()))
    arguments.add_argument("--timeout", type=float, default=900, help="seconds to wait for the tasks after the kills")
    options = arguments.parse_args()
    rng = random.Random(options.seed)
    receiver = common.Receiver()
    server = common.Server(options=["--callback-allow", "127.0.0.0/8", "--lease", "3", "--heartbeat", "0.3",
                                    "--callback-max-backoff", "5"])
    print(f"killloop: data {server.data}, seed {options.seed}", flush=True)
    started_at = time.time()
    try:
        server.start()
        clip = common.make_clip(os.path.join(tempfile.mkdtemp(prefix="floe-clip-"), "clip.mp4"))
        workflow_id = server.create_template(TEMPLATE)
        notify = {"NotifyAddress": receiver.url + "/killloop"}
        # Each task its own input, so each its own media asset, whose files are its outputs alone.
        task_ids = [server.start_task(workflow_id, server.put(f"killloop/clip-{n:03}.mp4", clip), notify,
                                      skip_verification=True) for n in range(options.tasks)]

        kills = []
        for round_number in range(options.rounds):
            time.sleep(rng.uniform(0.5, 4))
            statuses = collections.Counter(status for status, _, _ in server.task_rows(workflow_id).values())
            server.kill()
            kills.append(dict(statuses))
            print(f"  kill -9 #{round_number + 1} at {time.time() - started_at:.1f} s; tasks then: {dict(statuses)}", flush=True)
            server.start()

        tasks = server.wait_terminal(task_ids, options.timeout)
        finished = time.time() - started_at
        statuses = collections.Counter(task["Status"] for task in tasks.values())
        not_terminal = [t for t in task_ids if tasks.get(t, {}).get("Status") not in common.TERMINAL]
        stored = server.task_rows(workflow_id)
        lost = set(task_ids) - set(stored)
        extra = set(stored) - set(task_ids)

        duplicated_outputs = {}
        outputs = 0
        wrong_count = 0
        for task_id in task_ids:
            media_id = stored.get(task_id, (None, None, None))[1]
            if not media_id:
                continue
            status, body = server.raw_call("GetMediaInfo", MediaId=media_id)
            if status != 200:
                duplicated_outputs[task_id] = f"GetMediaInfo {status}"
                continue
            urls = [f["FileBasicInfo"]["FileUrl"] for f in body["MediaInfo"].get("FileInfoList", [])]
            outputs += len(urls) - 1
            wrong_count += len(urls) - 1 != 2  # the transcode and the snapshot
            if len(set(urls)) != len(urls):
                duplicated_outputs[task_id] = urls

        # Callbacks: every task's event, answered 200 at least once (killed notifiers' leases run out after 30 s).
        deadline = time.time() + 120
        while True:
            by_task = collections.defaultdict(list)
            for post in receiver.all_posts("/killloop"):
                by_task[json.loads(post.body)["MessageBody"]["TaskId"]].append(post)
            missing = [t for t in task_ids if not any(p.status == 200 for p in by_task.get(t, []))]
            if not missing or time.time() > deadline:
                break
            time.sleep(0.5)
        posts = sum(len(v) for v in by_task.values())
        duplicates = posts - len(by_task)
        event_ids = {t: {p.headers.get("X-Floe-Event-Id") for p in v} for t, v in by_task.items()}
        several_ids = [t for t, ids in event_ids.items() if len(ids) > 1]
        status_code = server.stop()

        failed = {t: tasks[t].get("ActivityResults", "")[:300] for t in task_ids if tasks.get(t, {}).get("Status") == "Failed"}
        for task_id, detail in list(failed.items())[:3]:
            print(f"  failed {task_id}: {stored.get(task_id, ('', '', ''))[2]} {detail}")
        for task_id, urls in list(duplicated_outputs.items())[:3]:
            print(f"  duplicate outputs {task_id}: {urls}")
        passed = (not not_terminal and statuses.get("Succeed", 0) == options.tasks and not lost and not extra
                  and not duplicated_outputs and not wrong_count and not missing and not several_ids and status_code == 0)
        figures = (f"{options.tasks} tasks, {options.rounds} kills; all terminal after {finished:.0f} s: "
                   f"{', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}"
                   + (f", not terminal {len(not_terminal)}" if not_terminal else "")
                   + f"; in store {len(stored)} (lost {len(lost)}); outputs listed {outputs} (assets without exactly 2: "
                   f"{wrong_count}), assets listing one twice {len(duplicated_outputs)}; callbacks: {len(by_task)}/{options.tasks} tasks delivered"
                   + (f" (missing {len(missing)})" if missing else "")
                   + f", {posts} POSTs, {duplicates} duplicates, {len(several_ids)} tasks with >1 event id; "
                   f"exit on SIGTERM {status_code}")
        rows = [common.row("killloop", f"kill -9 ×{options.rounds} during {options.tasks} Transcode+Snapshot tasks with "
                           "callbacks: all Succeed, none lost, no output listed twice, every end callback", figures, passed)]
    except Exception as error:  # a part that cannot run is a failure, with its reason
        rows = [common.row("killloop", "kill -9 loop", f"error: {error!r}; log: {server.log_tail(800)!r}", False)]
    finally:
        server.kill()
        receiver.close()
    sys.exit(0 if common.report(rows) else 1)


if __name__ == "__main__":
    main()
