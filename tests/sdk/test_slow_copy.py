"""A 200 MB media file copied slowly into a watched folder starts one task, after the copy ends, not before:
the folder watcher takes a file only once its size and mtime stood still for the settle interval."""
import os
import subprocess
import time

import pytest

from floe_server import (create_thumbnail_template, input_of, running_server, task_counts_over, tasks_of,
                         wait_for_tasks)
from test_workflows import wait_for_end

SCAN, SETTLE = 0.1, 1.0
CHUNK = 10 * 1024 * 1024
# Between two chunks the file stands still for five scans, so only the settle interval keeps the watcher from
# taking it (a watcher that took a file unchanged between two scans would start a task on a part of it).
PAUSE = SETTLE / 2


@pytest.fixture
def large_media(tmp_path):
    """About 200 MB of raw video in AVI: no encoding, so FFmpeg makes it in a second or two."""
    path = tmp_path / "large.avi"
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25",
                    "-frames:v", "440", "-c:v", "rawvideo", "-pix_fmt", "yuv420p", str(path)], check=True)
    yield path
    path.unlink(missing_ok=True)


def test_a_file_copied_slowly_into_a_watched_folder_starts_one_task_after_the_copy(tmp_path, large_media):
    assert large_media.stat().st_size > 200 * 1000 * 1000
    with running_server(str(tmp_path / "data"), options=("--watch-interval", str(SCAN), "--settle", str(SETTLE))) as server:
        api = server.client()
        workflow_id = create_thumbnail_template(api, "slow-copy", "oss://uploads/slow-copy/")
        target = server.path("uploads", "slow-copy/large.avi")
        os.makedirs(os.path.dirname(target))
        try:
            started = time.monotonic()
            with open(large_media, "rb") as source, open(target, "wb") as copy:
                while chunk := source.read(CHUNK):
                    copy.write(chunk)
                    copy.flush()
                    assert tasks_of(api, workflow_id) == [], "no task while the file is being copied"
                    time.sleep(PAUSE)
            assert time.monotonic() - started > 5 * SETTLE, "the copy lasted several settle intervals"

            tasks = wait_for_tasks(api, workflow_id, 1)
            assert [input_of(task) for task in tasks] == ["oss://uploads/slow-copy/large.avi"]
            assert wait_for_end(api, tasks[0]["TaskId"]).status == "Succeed", "the task read the whole file, not a part"
            assert task_counts_over(api, [workflow_id], seconds=2 * SETTLE) == {workflow_id: 1}
        finally:
            if os.path.exists(target):
                os.remove(target)
        assert server.stop() == 0
