"""Callbacks end to end: the official SDK sets the account's callback, a task names its own NotifyAddress, and a
receiver on loopback (allowed with --callback-allow) gets each WorkflowTaskComplete, signed, retried while it
answers 503, with one event id across the attempts; a queue NotifyAddress is read with ReceiveMessage."""
import hashlib
import json
import time

from alibabacloud_ice20201109 import models

from callback_receiver import Receiver
from floe_server import TEST_OPTIONS, call, running_server
from test_workflows import SNAPSHOTS, wait_for_end


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
            assert [post.status for post in posts] == [503, 503, 200], "retried until acknowledged, then not again"
            assert len({post.headers["X-Floe-Event-Id"] for post in posts}) == 1, "one event id across its attempts"
            headers, body = posts[-1].headers, posts[-1].body
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
            assert json.loads(account_posts[-1].body)["MessageBody"]["TaskId"] == second.body.task_id

            # A queue NotifyAddress: the message waits in the queue until it is received and deleted.
            third = api.start_workflow(models.StartWorkflowRequest(
                workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location}),
                user_data=json.dumps({"NotifyAddress": "ice-callback-sdk"})))
            wait_for_end(api, third.body.task_id)
            received = call(api, "ReceiveMessage", QueueName="ice-callback-sdk", WaitSeconds="10", VisibilityTimeout="2")
            assert len(received["Messages"]) == 1
            first = received["Messages"][0]
            assert json.loads(first["MessageBody"])["MessageBody"]["TaskId"] == third.body.task_id
            # Not deleted: hidden for its visibility timeout, then received again, with a new receipt.
            assert call(api, "ReceiveMessage", QueueName="ice-callback-sdk")["Messages"] == []
            time.sleep(2.5)
            again = call(api, "ReceiveMessage", QueueName="ice-callback-sdk", VisibilityTimeout="60")["Messages"]
            assert [m["MessageId"] for m in again] == [first["MessageId"]] and again[0]["DequeueCount"] == 2
            message = again[0]
            assert message["ReceiptHandle"] != first["ReceiptHandle"]
            call(api, "DeleteMessage", QueueName="ice-callback-sdk", ReceiptHandle=message["ReceiptHandle"])
            assert call(api, "ReceiveMessage", QueueName="ice-callback-sdk")["Messages"] == []
    finally:
        receiver.close()
