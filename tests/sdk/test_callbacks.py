"""Callbacks end to end: the official SDK sets the account's callback, a task names its own NotifyAddress, and a
receiver on loopback (allowed with --callback-allow) gets each WorkflowTaskComplete, signed, retried while it
answers 503, with one event id across the attempts; a queue NotifyAddress is read with ReceiveMessage."""
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from alibabacloud_ice20201109 import models

from floe_server import TEST_OPTIONS, call, running_server
from test_workflows import SNAPSHOTS, wait_for_end


class Receiver:
    """An HTTP receiver on loopback that answers 503 to its first `failures` POSTs, then 200, and keeps them all."""

    def __init__(self, failures=0):
        self.failures, self.posts, self.lock = failures, [], threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    status = 503 if receiver.failures > 0 else 200
                    receiver.failures -= 1
                    receiver.posts.append((self.path, dict(self.headers), body.decode(), status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def delivered(self, path, timeout=60):
        """The POSTs to `path` once one of them was answered 200."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                posts = [post for post in self.posts if post[0] == path]
            if any(post[3] == 200 for post in posts):
                return posts
            time.sleep(0.05)
        raise AssertionError(f"nothing delivered to {path}: {self.posts}")

    def close(self):
        self.http.shutdown()


def test_callbacks_are_signed_retried_and_delivered_once_acknowledged(tmp_path, clip):
    receiver = Receiver(failures=2)
    try:
        with running_server(str(tmp_path / "data"), options=TEST_OPTIONS + ("--callback-allow", "127.0.0.0/8")) as server:
            api = server.client()
            answer = api.set_event_callback(models.SetEventCallbackRequest(
                callback_type="HTTP", callback_url=receiver.url + "/account", event_type_list="WorkflowTaskComplete",
                auth_switch="on", auth_key="Abc123xyz"))
            assert answer.body.success is True
            setting = api.get_event_callback().body
            assert (setting.callback_type, setting.callback_url, setting.auth_switch, setting.auth_key) == \
                ("HTTP", receiver.url + "/account", "on", "Abc123xyz")

            location = server.put("callbacks/clip.mp4", clip)
            notify = receiver.url + "/task"
            started = api.start_workflow(models.StartWorkflowRequest(
                workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location}),
                user_data=json.dumps({"NotifyAddress": notify})))
            task = wait_for_end(api, started.body.task_id)
            assert task.status == "Succeed"

            posts = receiver.delivered("/task")
            assert [post[3] for post in posts] == [503, 503, 200], "retried until acknowledged, then not again"
            assert len({post[1]["X-Floe-Event-Id"] for post in posts}) == 1, "one event id across its attempts"
            path, headers, body, _ = posts[-1]
            timestamp = headers["X-ICE-TIMESTAMP"]
            assert headers["X-ICE-SIGNATURE"] == hashlib.md5(f"{notify}|{timestamp}|Abc123xyz".encode()).hexdigest()
            envelope = json.loads(body)
            assert envelope["EventType"] == "WorkflowTaskComplete"
            assert isinstance(envelope["UserId"], int) and str(envelope["UserId"]) == server.account.lstrip("0")
            message = envelope["MessageBody"]
            assert message["TaskId"] == started.body.task_id and message["Status"] == "Succeed"
            assert message["WorkflowId"] == SNAPSHOTS and json.loads(message["UserData"]) == {"NotifyAddress": notify}
            assert json.loads(message["ActivityResults"])["snapshots"]["Status"] == "Succeed"

            # No NotifyAddress: the account's setting.
            second = api.start_workflow(models.StartWorkflowRequest(
                workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location})))
            wait_for_end(api, second.body.task_id)
            account_posts = receiver.delivered("/account")
            assert json.loads(account_posts[-1][2])["MessageBody"]["TaskId"] == second.body.task_id

            # A queue NotifyAddress: the message waits in the queue until it is received and deleted.
            third = api.start_workflow(models.StartWorkflowRequest(
                workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location}),
                user_data=json.dumps({"NotifyAddress": "ice-callback-sdk"})))
            wait_for_end(api, third.body.task_id)
            received = call(api, "ReceiveMessage", QueueName="ice-callback-sdk", WaitSeconds="10", VisibilityTimeout="60")
            assert len(received["Messages"]) == 1
            message = received["Messages"][0]
            assert json.loads(message["MessageBody"])["MessageBody"]["TaskId"] == third.body.task_id
            call(api, "DeleteMessage", QueueName="ice-callback-sdk", ReceiptHandle=message["ReceiptHandle"])
            assert call(api, "ReceiveMessage", QueueName="ice-callback-sdk")["Messages"] == []
    finally:
        receiver.close()
