"""`floe serve` killed with SIGKILL in the middle of delivering callbacks, then restarted on the same data folder,
loses none: every event the receiver had not acknowledged to it before the kill comes again, under its id."""
import json
import time

from callback_receiver import Receiver
from floe_server import TEST_OPTIONS, events_by_state, running_server, start_server
from test_callback_outage import run_notified_tasks

TASKS = 20
# Each answer takes this long (under the 3 s callback timeout), so a kill finds deliveries in flight.
ANSWER_DELAY = 2.0


def test_a_server_killed_mid_delivery_loses_no_event(tmp_path, clip):
    data = str(tmp_path / "data")
    # 503 while the tasks run, so every event is pending when deliveries start at once.
    receiver = Receiver(status=503)
    options = TEST_OPTIONS + ("--callback-allow", "127.0.0.0/8", "--callback-max-backoff", "1")
    try:
        killed = start_server(data, options=options)
        try:
            task_ids = run_notified_tasks(killed, receiver, "recovery", clip, TASKS)

            receiver.answer(200, delay=ANSWER_DELAY)
            flipped = time.time()
            deadline = flipped + 30
            while not [post for post in receiver.all_posts() if post.status == 200] and time.time() < deadline:
                time.sleep(0.01)
            killed.kill()
            killed_at = time.time()
        finally:
            killed.stop()
        in_flight = {json.loads(post.body)["MessageBody"]["TaskId"] for post in receiver.all_posts()
                     if post.status == 200 and post.time > killed_at - ANSWER_DELAY}
        assert in_flight, "deliveries were in flight when the server died"

        receiver.answer(200, delay=0)
        with running_server(data, options=options) as restarted:
            # An event claimed by the killed process goes again once its lease (30 s) runs out. The posts in flight
            # at the kill were recorded as answered 200, so waiting for every task's 200 alone may end before the
            # lease does: wait for those events' second delivery too.
            receiver.wait_acknowledged(task_ids, timeout=90)
            deadline = time.time() + 90
            while time.time() < deadline and not all(
                    any(post.time > killed_at and post.status == 200 for post in receiver.by_task().get(task_id, []))
                    for task_id in in_flight):
                time.sleep(0.1)
            tasks = receiver.by_task()
            for task_id, posts in tasks.items():
                assert len({post.headers["X-Floe-Event-Id"] for post in posts}) == 1, "one event id across attempts"
            for task_id in in_flight:
                assert any(post.time > killed_at for post in tasks[task_id]), \
                    "an event whose answer the killed server never read is sent again"
            events = events_by_state(restarted.client(), ("Pending", "Delivered", "Dead"), until=lambda e: not e["Pending"])
            assert events["Pending"] == [] and events["Dead"] == []
            assert sorted(event["Subject"] for event in events["Delivered"]) == sorted(task_ids)
            assert restarted.stop() == 0
    finally:
        receiver.close()
