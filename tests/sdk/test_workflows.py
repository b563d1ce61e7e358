"""The official IMS Python SDK, unchanged, against `floe serve`."""
import json
import time

import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_tea_openapi.utils import Utils

SNAPSHOTS = "a0000000000000000000000000000003"


def wait_for_end(client, task_id, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        task = client.get_workflow_task(models.GetWorkflowTaskRequest(task_id=task_id)).body.workflow_task
        if task.status in ("Succeed", "Failed", "Canceled"):
            return task
        time.sleep(0.3)
    pytest.fail(f"task {task_id} did not end")


def error_of(call):
    with pytest.raises(Exception) as raised:
        call()
    return getattr(raised.value, "code", None), getattr(raised.value, "status_code", None) or getattr(raised.value, "statusCode", None)


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["ACS3-HMAC-SHA256", "HMAC-SHA1"])
def test_an_oss_input_runs_to_succeed(server, clip, algorithm):
    client = server.client(*server.root, algorithm=algorithm)
    location = server.put(f"{algorithm or 'v3'}/clip.mp4", clip)
    started = client.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location}),
        user_data=json.dumps({"NotifyAddress": "https://example.com/cb"})))
    assert len(started.body.request_id) == 36
    task = wait_for_end(client, started.body.task_id)
    assert task.status == "Succeed"
    assert task.workflow.workflow_id == SNAPSHOTS
    assert task.workflow.name == "snapshots"
    assert task.workflow.type == "System"
    assert json.loads(task.task_input) == {"Type": "OSS", "Media": location}
    assert json.loads(task.user_data) == {"NotifyAddress": "https://example.com/cb"}
    assert task.create_time.endswith("Z") and task.finish_time.endswith("Z")
    results = json.loads(task.activity_results)
    assert results["snapshots"]["Status"] == "Succeed"
    assert results["probe"]["Status"] == "Succeed"


def test_list_workflow_tasks_pages(server, clip):
    client = server.client(*server.root)
    location = server.put("paging/clip.mp4", clip)
    for _ in range(3):
        client.start_workflow(models.StartWorkflowRequest(
            workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location})))
    seen, token = [], None
    while True:
        page = client.list_workflow_tasks(models.ListWorkflowTasksRequest(max_results=2, next_token=token)).body
        assert len(page.task_list) <= 2
        seen += [task.task_id for task in page.task_list]
        token = page.next_token
        if not token:
            break
    assert len(seen) == len(set(seen)) >= 3
    assert error_of(lambda: client.list_workflow_tasks(models.ListWorkflowTasksRequest(max_results=101)))[0] == "InvalidParameter"


def test_bad_parameters_get_clear_errors(server):
    client = server.client(*server.root)
    assert error_of(lambda: client.start_workflow(models.StartWorkflowRequest(
        task_input=json.dumps({"Type": "OSS", "Media": "oss://uploads/x.mp4"}))))[0] == "MissingParameter"
    assert error_of(lambda: client.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input="not json")))[0] == "InvalidParameter"
    assert error_of(lambda: client.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": "oss://uploads/x.mp4"}),
        user_data="x" * 513)))[0] == "InvalidParameter"


def test_a_wrong_secret_and_an_unknown_key_are_refused(server):
    key_id, _ = server.root
    assert error_of(lambda: server.client(key_id, "wrong").list_workflow_tasks(
        models.ListWorkflowTasksRequest()))[0] == "SignatureDoesNotMatch"
    assert error_of(lambda: server.client("LTAI" + "x" * 20, "whatever").list_workflow_tasks(
        models.ListWorkflowTasksRequest()))[0] == "InvalidAccessKeyId.NotFound"


def test_a_ram_policy_allows_and_denies(server):
    reader = server.client(*server.reader)
    reader.list_workflow_tasks(models.ListWorkflowTasksRequest())
    code, status = error_of(lambda: reader.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": "oss://uploads/x.mp4"}))))
    assert code == "Forbidden.RAM"


def test_a_replayed_nonce_is_refused(server, monkeypatch):
    client = server.client(*server.root)
    monkeypatch.setattr(Utils, "get_nonce", staticmethod(lambda: "the-same-nonce-twice"))
    client.list_workflow_tasks(models.ListWorkflowTasksRequest())
    assert error_of(lambda: client.list_workflow_tasks(models.ListWorkflowTasksRequest()))[0] == "SignatureNonceUsed"


def test_an_expired_timestamp_is_refused(server, monkeypatch):
    client = server.client(*server.root)
    old = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: old))
    assert error_of(lambda: client.list_workflow_tasks(models.ListWorkflowTasksRequest()))[0] == "InvalidTimeStamp.Expired"


def test_one_account_cannot_see_anothers_tasks(server, clip):
    owner = server.client(*server.root)
    location = server.put("private/clip.mp4", clip)
    task_id = owner.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "OSS", "Media": location}))).body.task_id
    stranger = server.client(*server.stranger)
    assert error_of(lambda: stranger.get_workflow_task(models.GetWorkflowTaskRequest(task_id=task_id)))[0] == "EntityNotExist.WorkflowTask"
    listed = stranger.list_workflow_tasks(models.ListWorkflowTasksRequest(max_results=100)).body.task_list or []
    assert task_id not in [task.task_id for task in listed]
