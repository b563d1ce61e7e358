"""A real `floe serve` on loopback for the official SDK to talk to, with the keys the tests need."""
import json
import os
import tempfile

import pytest

from floe_server import floe, make_clip, parse_key, start_server


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    return make_clip(str(tmp_path_factory.mktemp("media") / "clip.mp4"))


@pytest.fixture(scope="session")
def server():
    data = tempfile.mkdtemp(prefix="floe-sdk-")
    server = start_server(data)
    try:
        policy = os.path.join(data, "reader.json")
        with open(policy, "w") as f:
            json.dump({"Version": "1", "Statement": [
                {"Effect": "Allow", "Action": ["ice:GetWorkflowTask", "ice:ListWorkflowTasks"], "Resource": "*"}]}, f)
        server.reader = parse_key(floe("keys", "create", "--data-dir", data, "--policy", policy))[:2]
        server.stranger = parse_key(floe("keys", "create", "--data-dir", data, "--new-account"))[:2]
        yield server
    finally:
        status = server.stop()
    assert status == 0, "floe serve exits cleanly on SIGTERM"
