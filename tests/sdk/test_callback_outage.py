"""Callbacks outlive a receiver's outage: the receiver answers 503 for two minutes, then refuses connections for
a minute, then answers 200; afterwards it has the completion event of each of 50 tasks, each at least once,
each under one event id of its own, and no event died. About 3.5 minutes.

CALLBACK_OUTAGE (seconds of 503, seconds refused; "120,60" by default) shortens it for a quick local run."""
import json
import os
import time

from alibabacloud_ice20201109 import models

from callback_receiver import Receiver
from floe_server import TEST_OPTIONS, create_media_info_template, events_by_state, running_server
from test_workflows import wait_for_end

TASKS = 50
FAILING, REFUSING = (float(s) for s in os.environ.get("CALLBACK_OUTAGE", "120,60").split(","))


def run_notified_tasks(server, receiver, name, clip, count):
    """Runs `count` tasks of a new one-probe template on `clip`, each notifying `receiver` at `/<name>`; returns
    their ids once every one has succeeded."""
    api = server.client()
    workflow = create_media_info_template(api, name)
    location = server.put(f"{name}/clip.mp4", clip)
    notify = f"{receiver.url}/{name}"
    task_ids = [api.start_workflow(models.StartWorkflowRequest(
        workflow_id=workflow, task_input=json.dumps({"Type": "OSS", "Media": location}),
        user_data=json.dumps({"NotifyAddress": notify}))).body.task_id for _ in range(count)]
    for task_id in task_ids:
        assert wait_for_end(api, task_id).status == "Succeed"
    return task_ids


def test_every_event_arrives_after_a_503_and_refused_outage(tmp_path, clip):
    outage_began = time.time()
    receiver = Receiver(status=503)
    # The longest wait between attempts is short, so the test does not wait minutes after the receiver is back.
    options = TEST_OPTIONS + ("--callback-allow", "127.0.0.0/8", "--callback-max-backoff", "5")
    try:
        with running_server(str(tmp_path / "data"), options=options) as server:
            api = server.client()
            task_ids = run_notified_tasks(server, receiver, "outage", clip, TASKS)
            assert time.time() < outage_began + FAILING, "the tasks ended while the receiver failed"

            time.sleep(max(0.0, outage_began + FAILING - time.time()))
            refused = receiver.all_posts()
            receiver.refuse()
            time.sleep(REFUSING)
            receiver.answer(200)
            receiver.reopen()
            back = time.time()

            tasks = receiver.wait_acknowledged(task_ids, timeout=60)
            assert sorted(tasks) == sorted(task_ids), "events of these tasks only"
            for task_id, posts in tasks.items():
                assert any(post.status == 503 for post in posts), "tried during the 503 minutes"
                assert len({post.headers["X-Floe-Event-Id"] for post in posts}) == 1, "one event id across attempts"
            ids = {posts[0].headers["X-Floe-Event-Id"] for posts in tasks.values()}
            assert len(ids) == TASKS, "an event id of its own for each task"
            assert all(post.status == 503 for post in refused), "nothing acknowledged during the outage"
            assert not [post for post in receiver.all_posts() if back > post.time > outage_began + FAILING], \
                "nothing arrived while the port was closed"

            events = events_by_state(api, ("Pending", "Delivered", "Dead"), until=lambda e: not e["Pending"])
            assert events["Pending"] == [] and events["Dead"] == []
            assert sorted(event["Subject"] for event in events["Delivered"]) == sorted(task_ids)
    finally:
        receiver.close()
