"""Floe's own template actions, through the SDK's generic call_api, and a task on a template made that way."""
import json

from alibabacloud_ice20201109 import models

from floe_server import call
from test_workflows import error_of, wait_for_end

TEMPLATE = """
Name: sdk-thumbnail
Activities:
  Start: {Type: Start, Parameters: {InputLocation: "oss://uploads/bound/", TriggerMode: Manual}}
  thumb: {Type: Snapshot, Parameters: {Time: 0.5, Width: 160, Format: jpg}}
  End: {Type: End}
Dependencies: {Start: [thumb], thumb: [End]}
"""


def test_a_template_made_over_the_api_runs(server, clip):
    client = server.client(*server.root)
    created = call(client, "CreateWorkflow", Template=TEMPLATE)
    workflow_id = created["WorkflowId"]
    workflow = call(client, "GetWorkflow", WorkflowId=workflow_id)["Workflow"]
    assert (workflow["Name"], workflow["Type"], workflow["Status"]) == ("sdk-thumbnail", "Common", "Active")
    assert workflow["InputLocation"] == "oss://uploads/bound/"
    assert "thumb" in json.loads(workflow["Template"])["Activities"]

    listed = call(client, "ListWorkflows", MaxResults="100")["Workflows"]
    assert workflow_id in [item["WorkflowId"] for item in listed]

    outside = server.put("elsewhere/clip.mp4", clip)
    code, _ = error_of(lambda: client.start_workflow(models.StartWorkflowRequest(
        workflow_id=workflow_id, task_input=json.dumps({"Type": "OSS", "Media": outside}))))
    assert code == "InvalidParameter", "an OSS input outside the bound location is refused"

    inside = server.put("bound/clip.mp4", clip)
    task_id = client.start_workflow(models.StartWorkflowRequest(
        workflow_id=workflow_id, task_input=json.dumps({"Type": "OSS", "Media": inside}))).body.task_id
    task = wait_for_end(client, task_id)
    assert task.status == "Succeed"
    assert json.loads(task.activity_results)["thumb"]["Status"] == "Succeed"

    call(client, "UpdateWorkflow", WorkflowId=workflow_id, Status="Inactive")
    assert error_of(lambda: client.start_workflow(models.StartWorkflowRequest(
        workflow_id=workflow_id, task_input=json.dumps({"Type": "OSS", "Media": inside}))))[0] == "InvalidParameter"

    stranger = server.client(*server.stranger)
    assert error_of(lambda: call(stranger, "GetWorkflow", WorkflowId=workflow_id))[0] == "EntityNotExist.Workflow"

    call(client, "DeleteWorkflow", WorkflowId=workflow_id)
    assert error_of(lambda: call(client, "GetWorkflow", WorkflowId=workflow_id))[0] == "EntityNotExist.Workflow"


def test_an_invalid_template_names_its_fault(server):
    client = server.client(*server.root)
    broken = TEMPLATE.replace("Width: 160", "Width: -3").replace("sdk-thumbnail", "sdk-broken")
    code, status = error_of(lambda: call(client, "CreateWorkflow", Template=broken))
    assert code == "InvalidParameter" and status == 400
