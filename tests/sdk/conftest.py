"""A real `floe serve` on loopback for the official SDK to talk to, with the keys the tests need."""
import configparser
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest
from alibabacloud_ice20201109.client import Client
from alibabacloud_tea_openapi.models import Config

FLOE = os.environ.get("FLOE_BIN", ".build/debug/floe")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def floe(*args):
    """Runs a floe command and returns its standard output; fails the test run on a non-zero exit."""
    done = subprocess.run([FLOE, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"floe {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def parse_key(output):
    fields = dict(line.split(None, 1) for line in output.strip().splitlines())
    return fields["AccessKeyId"], fields["AccessKeySecret"], fields["UserId"]


class Server:
    def __init__(self, data, port):
        self.data, self.port = data, port
        self.endpoint = f"127.0.0.1:{port}"

    def client(self, key_id, secret, algorithm=None):
        config = Config(access_key_id=key_id, access_key_secret=secret, endpoint=self.endpoint, protocol="http")
        if algorithm:
            config.signature_algorithm = algorithm
        return Client(config)

    def put(self, key, source):
        """Drops a file into the server's local bucket `uploads`."""
        path = os.path.join(self.data, "storage", "uploads", key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(source, "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        return f"oss://uploads/{key}"


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("media") / "clip.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=2",
                    "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path],
                   check=True)
    return path


@pytest.fixture(scope="session")
def server():
    data = tempfile.mkdtemp(prefix="floe-sdk-")
    port, s3_port = free_port(), free_port()
    log = open(os.path.join(data, "serve.log"), "w")
    process = subprocess.Popen([FLOE, "serve", "--data-dir", data, "--port", str(port), "--s3-port", str(s3_port),
                                "--heartbeat", "0.3", "--lease", "3", "--watch-interval", "0.2", "--settle", "0.5"],
                               stdout=log, stderr=subprocess.STDOUT)
    credentials = os.path.join(data, "credentials")
    deadline = time.time() + 60
    while time.time() < deadline:
        if os.path.exists(credentials):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                pass
        assert process.poll() is None, open(os.path.join(data, "serve.log")).read()
        time.sleep(0.1)
    else:
        pytest.fail("floe serve did not start")
    server = Server(data, port)
    server.s3_endpoint = f"http://127.0.0.1:{s3_port}"
    profile = configparser.ConfigParser()
    profile.read(credentials)
    server.root = (profile["default"]["access_key_id"], profile["default"]["access_key_secret"])
    server.account = profile["default"]["user_id"]
    policy = os.path.join(data, "reader.json")
    with open(policy, "w") as f:
        json.dump({"Version": "1", "Statement": [
            {"Effect": "Allow", "Action": ["ice:GetWorkflowTask", "ice:ListWorkflowTasks"], "Resource": "*"}]}, f)
    server.reader = parse_key(floe("keys", "create", "--data-dir", data, "--policy", policy))[:2]
    server.stranger = parse_key(floe("keys", "create", "--data-dir", data, "--new-account"))[:2]
    yield server
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0, "floe serve exits cleanly on SIGTERM"
