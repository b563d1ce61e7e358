"""The aws CLI (awscli from PyPI, unchanged) against Floe's S3 endpoint: `aws s3 cp` into bound locations
starts one task of each matching template; a file large enough for multipart goes up and comes back whole;
`aws s3 ls` lists a folder."""
import os
import subprocess
import sys
import uuid

import pytest

from floe_server import create_thumbnail_template, input_of, task_counts_over, wait_for_tasks
from test_workflows import wait_for_end

# Above 5 MB the CLI switches to multipart: CreateMultipartUpload, UploadPart per 5 MB, CompleteMultipartUpload
# (and ranged GETs to download).
CONFIG = """[default]
s3 =
    addressing_style = path
    multipart_threshold = 5MB
    multipart_chunksize = 5MB
"""


@pytest.fixture
def aws(server, tmp_path):
    """Runs `aws --endpoint-url <S3 endpoint> ARGS...` with the server's root key and a throwaway configuration,
    returns the completed process, and fails the test on a non-zero exit."""
    config = tmp_path / "aws-config"
    config.write_text(CONFIG)
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID=server.root[0], AWS_SECRET_ACCESS_KEY=server.root[1], AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
               AWS_EC2_METADATA_DISABLED="true")

    def run(*args):
        done = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", server.s3_endpoint, *args],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"aws {' '.join(args)} exited {done.returncode}: {done.stdout}{done.stderr[-4000:]}"
        return done
    return run


def unique(name):
    return f"{name}-{uuid.uuid4().hex[:8]}"


def test_aws_s3_cp_starts_one_task_of_each_matching_template(server, clip, aws):
    folder = unique("aws-cp")
    api = server.client()
    matching = [create_thumbnail_template(api, f"{folder}-folder", f"oss://uploads/{folder}/"),
                # a bound location ending in a media file name is compared without its extension
                create_thumbnail_template(api, f"{folder}-name", f"oss://uploads/{folder}/a.mov")]
    other = create_thumbnail_template(api, f"{folder}-other", f"oss://uploads/{folder}/b/")

    aws("s3", "cp", clip, f"s3://uploads/{folder}/a.mp4")

    for workflow_id in matching:
        tasks = wait_for_tasks(api, workflow_id, 1)
        assert [input_of(task) for task in tasks] == [f"oss://uploads/{folder}/a.mp4"]
        assert wait_for_end(api, tasks[0]["TaskId"]).status == "Succeed"
    # The folder watcher sees the uploaded file too (10 scans, past the settle interval): still one task each.
    most = task_counts_over(api, [*matching, other], seconds=2)
    assert most == {matching[0]: 1, matching[1]: 1, other: 0}


def test_a_large_file_goes_up_in_parts_and_comes_back_whole(server, aws, tmp_path):
    folder = unique("aws-large")
    source = tmp_path / "large.bin"
    source.write_bytes(os.urandom(12 * 1024 * 1024 + 4321))

    upload = aws("--debug", "s3", "cp", str(source), f"s3://uploads/{folder}/large.bin")
    assert "OperationModel(name=CreateMultipartUpload)" in upload.stderr, "the CLI uploaded in parts"
    assert "OperationModel(name=UploadPart)" in upload.stderr
    assert "OperationModel(name=CompleteMultipartUpload)" in upload.stderr
    with open(server.path("uploads", f"{folder}/large.bin"), "rb") as stored:
        assert stored.read() == source.read_bytes()

    back = tmp_path / "back.bin"
    aws("s3", "cp", f"s3://uploads/{folder}/large.bin", str(back))
    assert back.read_bytes() == source.read_bytes()


def test_aws_s3_ls_lists_a_folder(server, aws, tmp_path):
    folder = unique("aws-ls")
    small = tmp_path / "small.bin"
    small.write_bytes(b"floe" * 1000)
    aws("s3", "cp", str(small), f"s3://uploads/{folder}/small.bin")
    aws("s3", "cp", str(small), f"s3://uploads/{folder}/inner/deeper.bin")

    lines = aws("s3", "ls", f"s3://uploads/{folder}/").stdout.splitlines()
    # `aws s3 ls` lists with the delimiter "/": the objects of the folder, and its subfolders as "PRE name/".
    assert len(lines) == 2, lines
    assert lines[0].split() == ["PRE", "inner/"]
    assert lines[1].split()[2:] == [str(4000), "small.bin"]
