"""Starting and stopping a real `floe serve` on loopback, and the few calls the end-to-end checks and
scripts/bench_trigger.py share. No pytest here, so scripts import it too."""
import configparser
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
from contextlib import closing, contextmanager

import boto3
from alibabacloud_ice20201109.client import Client
from alibabacloud_tea_openapi.models import Config, OpenApiRequest, Params
from alibabacloud_tea_util.models import RuntimeOptions
from botocore.config import Config as BotoConfig

FLOE = os.environ.get("FLOE_BIN", ".build/debug/floe")

# Short intervals, so tests do not wait for the defaults (a 1 s scan, a 2 s settle).
TEST_OPTIONS = ("--heartbeat", "0.3", "--lease", "3", "--watch-interval", "0.2", "--settle", "0.5")

# A quick activity for templates that only need their tasks to run: one small JPEG at 0.5 s.
THUMBNAIL_TEMPLATE = """
Name: {name}
Activities:
  Start: {{Type: Start, Parameters: {{InputLocation: "{location}", TriggerMode: Automatic}}}}
  thumb: {{Type: Snapshot, Parameters: {{Time: 0.5, Width: 160, Format: jpg}}}}
  End: {{Type: End}}
Dependencies: {{Start: [thumb], thumb: [End]}}
"""

# Quicker still, for tasks started with StartWorkflow that only need to end: one ffprobe.
MEDIA_INFO_TEMPLATE = """
Name: {name}
Activities:
  Start: {{Type: Start}}
  probe: {{Type: MediaInfo}}
  End: {{Type: End}}
Dependencies: {{Start: [probe], probe: [End]}}
"""


def make_clip(path):
    """A 2 s 320x180 H.264/AAC MP4 (FFmpeg's test pattern and a tone) at `path`."""
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=2",
                    "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path],
                   check=True)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def floe(*args, binary=None):
    """Runs a floe command and returns its standard output; fails on a non-zero exit."""
    done = subprocess.run([binary or FLOE, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"floe {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def parse_key(output):
    fields = dict(line.split(None, 1) for line in output.strip().splitlines())
    return fields["AccessKeyId"], fields["AccessKeySecret"], fields["UserId"]


def call(client, action, **query):
    """Calls any action through the official SDK's generic `call_api` and returns the answer's body."""
    params = Params(action=action, version="2020-11-09", protocol="HTTP", pathname="/", method="POST",
                    auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
    return client.call_api(params, OpenApiRequest(query=query), RuntimeOptions())["body"]


class Server:
    """A running `floe serve`: its data folder, ports, root key and process."""

    def __init__(self, data, port, s3_port, process):
        self.data, self.port, self.process = data, port, process
        self.endpoint = f"127.0.0.1:{port}"
        self.s3_endpoint = f"http://127.0.0.1:{s3_port}"
        profile = configparser.ConfigParser()
        profile.read(os.path.join(data, "credentials"))
        self.root = (profile["default"]["access_key_id"], profile["default"]["access_key_secret"])
        self.account = profile["default"]["user_id"]

    def client(self, key_id=None, secret=None, algorithm=None):
        """The official IMS SDK client, with the root key unless another is given."""
        key_id, secret = (key_id, secret) if key_id else self.root
        config = Config(access_key_id=key_id, access_key_secret=secret, endpoint=self.endpoint, protocol="http")
        if algorithm:
            config.signature_algorithm = algorithm
        return Client(config)

    def s3(self, key_id=None, secret=None, attempts=5):
        """boto3's S3 client on the S3 endpoint (path-style, Signature Version 4), with the root key unless
        another is given."""
        key_id, secret = (key_id, secret) if key_id else self.root
        return boto3.client("s3", endpoint_url=self.s3_endpoint, aws_access_key_id=key_id, aws_secret_access_key=secret,
                            region_name="us-east-1",
                            config=BotoConfig(signature_version="s3v4", s3={"addressing_style": "path"},
                                              retries={"max_attempts": attempts, "mode": "standard"}))

    def path(self, bucket, key):
        """The file that keeps `oss://bucket/key` in the local storage folder."""
        return os.path.join(self.data, "storage", bucket, key)

    def put(self, key, source):
        """Drops a file into the server's local bucket `uploads`."""
        path = self.path("uploads", key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(source, "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        return f"oss://uploads/{key}"

    def stored_tasks(self, workflow_id, time="createTime"):
        """`{TaskId: creation time (or finishTime) in seconds since 1970, to the microsecond}` of one template's
        tasks, read from the store itself: what no API shows (the API's times are to the second, and a killed
        server answers nothing). A task not ended has no finishTime: None."""
        assert time in ("createTime", "finishTime")
        with closing(sqlite3.connect(f"file:{os.path.join(self.data, 'floe.sqlite')}?mode=ro", uri=True)) as db:
            rows = db.execute(f"SELECT id, {time} FROM task WHERE workflowID = ?", (workflow_id,)).fetchall()
        return {task_id: None if microseconds is None else microseconds / 1e6 for task_id, microseconds in rows}

    def kill(self):
        """Kills the process with SIGKILL, as a crash would, and waits for it."""
        self.process.kill()
        self.process.wait()

    def stop(self, timeout=30):
        """Stops the process with SIGTERM (unless it ended already) and returns its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return self.process.returncode


def start_server(data, options=TEST_OPTIONS, env=None, binary=None, buckets=("uploads",), timeout=60):
    """Starts `floe serve` on `data` (made when missing) with its API and S3 endpoint on free loopback ports,
    and returns it once both answer. The local `buckets` are made first (a local bucket is a folder of
    `<data>/storage`, the root account's). Its output goes to `<data>/serve.log`, appended, so
    restarts on the same data folder keep one log. `env` adds environment variables."""
    for bucket in buckets:
        os.makedirs(os.path.join(data, "storage", bucket), exist_ok=True)
    port, s3_port = free_port(), free_port()
    with open(os.path.join(data, "serve.log"), "a") as log:
        process = subprocess.Popen([binary or FLOE, "serve", "--data-dir", data, "--host", "127.0.0.1",
                                    "--port", str(port), "--s3-port", str(s3_port), *options],
                                   stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    credentials = os.path.join(data, "credentials")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            break
        if os.path.exists(credentials):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                socket.create_connection(("127.0.0.1", s3_port), timeout=1).close()
                return Server(data, port, s3_port, process)
            except OSError:
                pass
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
        process.wait()
    with open(os.path.join(data, "serve.log")) as f:
        raise RuntimeError(f"floe serve did not start:\n{f.read()}")


@contextmanager
def running_server(data, **arguments):
    """`start_server`, stopped when the block ends however it ends (killed if SIGTERM does not end it)."""
    server = start_server(data, **arguments)
    try:
        yield server
    finally:
        server.stop()


def create_thumbnail_template(api, name, location):
    """Saves an Active template bound to `location` with TriggerMode Automatic; returns its WorkflowId."""
    return call(api, "CreateWorkflow", Template=THUMBNAIL_TEMPLATE.format(name=name, location=location))["WorkflowId"]


def tasks_of(api, workflow_id):
    """Every task of one template (up to 100), newest first."""
    return call(api, "ListWorkflowTasks", WorkflowId=workflow_id, MaxResults="100")["TaskList"]


def input_of(task):
    return json.loads(task["TaskInput"])["Media"]


def wait_for_tasks(api, workflow_id, count, timeout=60, interval=0.1):
    """Polls the template's tasks until there are at least `count`, and returns them (fewer at the deadline)."""
    deadline = time.time() + timeout
    while True:
        tasks = tasks_of(api, workflow_id)
        if len(tasks) >= count or time.time() > deadline:
            return tasks
        time.sleep(interval)


def task_counts_over(api, workflow_ids, seconds, interval=0.2):
    """The largest number of tasks each template had, polled over `seconds`: shows that no second task comes
    (a negative can only be watched for a while)."""
    most = {workflow_id: 0 for workflow_id in workflow_ids}
    deadline = time.time() + seconds
    while True:
        for workflow_id in workflow_ids:
            most[workflow_id] = max(most[workflow_id], len(tasks_of(api, workflow_id)))
        if time.time() > deadline:
            return most
        time.sleep(interval)


def create_media_info_template(api, name):
    """Saves an Active template that probes its input and nothing more; returns its WorkflowId."""
    return call(api, "CreateWorkflow", Template=MEDIA_INFO_TEMPLATE.format(name=name))["WorkflowId"]


def events_by_state(api, states, until, timeout=10):
    """`{State: [events]}` from ListCallbackEvents, polled until `until` holds of it (or the deadline passes)."""
    deadline = time.time() + timeout
    while True:
        events = {state: call(api, "ListCallbackEvents", State=state, MaxResults="100")["Events"] for state in states}
        if until(events) or time.time() > deadline:
            return events
        time.sleep(0.1)
