"""The server killed between storing an S3 upload and starting its workflows, then restarted: one task, not
zero, not two. `FLOE_FAILPOINT=s3-upload-stored` makes `floe serve` SIGKILL itself at exactly that point."""
import signal

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from floe_server import (create_thumbnail_template, input_of, running_server, start_server, task_counts_over,
                         wait_for_tasks)
from test_workflows import wait_for_end

KEY = "recovery/clip.mp4"


def test_an_upload_whose_server_died_before_its_trigger_starts_one_task_after_a_restart(tmp_path, clip):
    data = str(tmp_path / "data")
    with open(clip, "rb") as f:
        media = f.read()

    killed = start_server(data, env={"FLOE_FAILPOINT": "s3-upload-stored"})
    try:
        workflow_id = create_thumbnail_template(killed.client(), "recovery", "oss://uploads/recovery/")
        with pytest.raises((BotoCoreError, ClientError)):
            killed.s3(attempts=1).put_object(Bucket="uploads", Key=KEY, Body=media)
        assert killed.process.wait(timeout=30) == -signal.SIGKILL
    finally:
        killed.stop()
    with open(killed.path("uploads", KEY), "rb") as stored:
        assert stored.read() == media, "the upload was stored before the kill"
    assert killed.stored_tasks(workflow_id) == {}, "and its workflow was not started"

    with running_server(data) as restarted:
        api = restarted.client()
        tasks = wait_for_tasks(api, workflow_id, 1)
        assert [input_of(task) for task in tasks] == [f"oss://uploads/{KEY}"]
        assert wait_for_end(api, tasks[0]["TaskId"]).status == "Succeed"
        assert restarted.stop() == 0

    with running_server(data) as again:
        # Ten scans of the watcher, four settle intervals: the file is seen again, the ledger starts nothing.
        assert task_counts_over(again.client(), [workflow_id], seconds=2) == {workflow_id: 1}
        assert again.stop() == 0
