"""What the reliability parts (scripts/reliability/*.py) and scripts/fuzz_api.py share: starting and stopping
a real `floe serve` on a fresh data folder and a free loopback port, its root key, the IMS signatures
(Signature Version 1 in the query, ACS3-HMAC-SHA256 in headers), AWS Signature Version 4 for the S3 endpoint,
signed calls, a loopback callback receiver and test clips. Stdlib only.
"""
import base64
import configparser
import datetime
import hashlib
import hmac
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from contextlib import closing

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "sdk"))
from callback_receiver import Receiver  # noqa: E402,F401  (stdlib only; shared with the SDK suite)

TERMINAL = ("Succeed", "Failed", "Canceled")


def quote(text):
    return urllib.parse.quote(text, safe="~")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- IMS signatures -----------------------------------------------------------------------------------------

def v1_signed(key_id, secret, params, method="POST"):
    """The query string of an RPC request signed with Signature Version 1 (HMAC-SHA1), its own nonce."""
    params = dict(params)
    params.update({"AccessKeyId": key_id, "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "Format": "JSON",
                   "SignatureNonce": uuid.uuid4().hex, "Version": "2020-11-09",
                   "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    canonical = "&".join(f"{quote(k)}={quote(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&%2F&" + quote(canonical)
    params["Signature"] = base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    return urllib.parse.urlencode(params)


def acs3_headers(host, key_id, secret, action, query, date=None):
    """The headers of a POST / RPC request for `action` with `query` (a dict), signed with ACS3-HMAC-SHA256 and
    an empty body; the request's path is "/?" + urlencode(query)."""
    empty_hash = hashlib.sha256(b"").hexdigest()
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-content-sha256": empty_hash,
        "x-acs-date": date or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "x-acs-signature-nonce": uuid.uuid4().hex,
        "x-acs-version": "2020-11-09",
    }
    canonical_query = "&".join(f"{quote(name)}={quote(value)}" for name, value in sorted(query.items()))
    names = sorted(headers)
    canonical_headers = "".join(f"{name}:{headers[name]}\n" for name in names)
    signed_headers = ";".join(names)
    canonical = f"POST\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{empty_hash}"
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={signed_headers},Signature={signature}"
    headers["Host"] = headers.pop("host")
    return headers


# --- AWS Signature Version 4 (the S3 endpoint) ------------------------------------------------------------

def sigv4_headers(method, host, path, query, body, key_id, secret, extra=None, region="us-east-1", payload_hash=None):
    """Headers for an S3 request (path already percent-encoded as sent, query a list of (name, value)), signed
    with AWS4-HMAC-SHA256."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload_hash = payload_hash or hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-amz-date": amz_date, "x-amz-content-sha256": payload_hash}
    headers.update({k.lower(): v for k, v in (extra or {}).items()})
    names = sorted(headers)
    canonical_query = "&".join(f"{quote(k)}={quote(v)}" for k, v in sorted(query))
    canonical = "\n".join([method, path, canonical_query, "".join(f"{n}:{str(headers[n]).strip()}\n" for n in names),
                           ";".join(names), payload_hash])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={key_id}/{scope}, SignedHeaders={';'.join(names)}, "
                                f"Signature={signature}")
    return headers


# --- HTTP -------------------------------------------------------------------------------------------------

def send(port, method, target, headers=None, body=b"", timeout=60):
    """One request on its own connection: (status, body bytes), or (None, repr(error)) when the connection
    failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = headers or {}
    try:
        connection.putrequest(method, target, skip_host=any(n.lower() == "host" for n in headers), skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as error:
        return None, repr(error)
    finally:
        connection.close()


class APIError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status, self.body = status, body


# --- A running floe serve ------------------------------------------------------------------------------------

def floe_binary():
    return os.environ.get("FLOE_BIN") or os.path.join(REPO, ".build", "release", "floe")


class Server:
    """A `floe serve` on `data` (a fresh temporary folder unless given) and a free loopback port (the same one
    across restarts), with an S3 endpoint when `s3` is true. Its output is appended to `<data>/serve.log`."""

    def __init__(self, data=None, options=(), s3=False, binary=None, buckets=("uploads",)):
        self.data = data or tempfile.mkdtemp(prefix="floe-reliability-")
        self.options, self.binary = list(options), binary or floe_binary()
        self.port = free_port()
        self.s3_port = free_port() if s3 else None
        self.process = None
        for bucket in buckets:
            os.makedirs(os.path.join(self.data, "storage", bucket), exist_ok=True)

    @property
    def log_path(self):
        return os.path.join(self.data, "serve.log")

    def start(self, timeout=90):
        arguments = [self.binary, "serve", "--data-dir", self.data, "--host", "127.0.0.1", "--port", str(self.port)]
        if self.s3_port:
            arguments += ["--s3-port", str(self.s3_port)]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(arguments + self.options, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            if os.path.exists(os.path.join(self.data, "credentials")) and self.healthy():
                self._read_key()
                return self
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"floe serve did not start (exit {self.process.returncode}):\n{self.log_tail()}")

    def healthy(self):
        ports = [self.port] + ([self.s3_port] if self.s3_port else [])
        try:
            for port in ports:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        status, _ = send(self.port, "GET", "/healthz", timeout=5)
        return status == 200

    def _read_key(self):
        profile = configparser.ConfigParser()
        profile.read(os.path.join(self.data, "credentials"))
        self.key_id = profile["default"]["access_key_id"]
        self.secret = profile["default"]["access_key_secret"]

    def log_tail(self, size=3000):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-size:]
        except OSError:
            return ""

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL, as a crash would; waits for the process."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait()

    def stop(self, timeout=30):
        """SIGTERM; returns the exit status (None, after a SIGKILL, when it did not exit within `timeout`)."""
        if self.process is None:
            return None
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        return self.process.returncode

    def raw_call(self, action, timeout=60, **params):
        """A signed RPC call: (status, parsed JSON or the raw text, or None after a connection failure)."""
        query = v1_signed(self.key_id, self.secret, {"Action": action, **{k: str(v) for k, v in params.items()}})
        status, body = send(self.port, "POST", "/?" + query, timeout=timeout)
        if status is None:
            return None, body
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body.decode("utf-8", "replace")

    def call(self, action, **params):
        """A signed RPC call that must answer 200; its JSON."""
        status, body = self.raw_call(action, **params)
        if status != 200:
            raise APIError(status, body)
        return body

    def put(self, key, source, bucket="uploads"):
        """Copies a file into a local bucket; its oss:// location."""
        path = os.path.join(self.data, "storage", bucket, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(source, "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        return f"oss://{bucket}/{key}"

    def create_template(self, template):
        return self.call("CreateWorkflow", Template=template)["WorkflowId"]

    def start_task(self, workflow_id, location, user_data=None, skip_verification=False):
        params = {"WorkflowId": workflow_id, "TaskInput": json.dumps({"Type": "OSS", "Media": location})}
        if user_data is not None:
            params["UserData"] = json.dumps(user_data)
        if skip_verification:
            params["SkipInputVerification"] = "true"
        return self.call("StartWorkflow", **params)["TaskId"]

    def db(self):
        """A read-only connection to the SQLite store."""
        return closing(sqlite3.connect(f"file:{os.path.join(self.data, 'floe.sqlite')}?mode=ro", uri=True, timeout=30))

    def stored_tasks(self, workflow_id=None):
        """{TaskId: status as the store keeps it} (of one template when given), read from the store itself."""
        with self.db() as db:
            sql = "SELECT id, status FROM task" + (" WHERE workflowID = ?" if workflow_id else "")
            return dict(db.execute(sql, (workflow_id,) if workflow_id else ()).fetchall())

    def task_rows(self, workflow_id=None):
        """{TaskId: (status, MediaId, message)} as the store keeps them (of one template when given)."""
        with self.db() as db:
            sql = "SELECT id, status, mediaID, message FROM task" + (" WHERE workflowID = ?" if workflow_id else "")
            return {r[0]: r[1:] for r in db.execute(sql, (workflow_id,) if workflow_id else ()).fetchall()}

    def wait_terminal(self, task_ids, timeout):
        """Polls GetWorkflowTask until every task is terminal or `timeout` passes: {TaskId: WorkflowTask}."""
        deadline, tasks = time.time() + timeout, {}
        pending = list(task_ids)
        while pending and time.time() < deadline:
            still = []
            for task_id in pending:
                status, body = self.raw_call("GetWorkflowTask", TaskId=task_id)
                if status == 200:
                    tasks[task_id] = body["WorkflowTask"]
                    if body["WorkflowTask"]["Status"] in TERMINAL:
                        continue
                still.append(task_id)
            pending = still
            if pending:
                time.sleep(0.5)
        return tasks


def make_clip(path, seconds=2, size="320x180", rate=25, extra=()):
    """An H.264/AAC MP4 of FFmpeg's test pattern and a tone."""
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={size}:rate={rate}:duration={seconds}", "-f", "lavfi", "-i", f"sine=duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", *extra, path],
                   check=True)
    return path


def row(part, checked, figures, passed, skipped=False):
    """One line of the summary table."""
    return {"part": part, "checked": checked, "figures": figures,
            "result": "SKIP" if skipped else ("PASS" if passed else "FAIL")}


def report(rows):
    """Writes the rows to $RELIABILITY_RESULTS (JSON lines) when set, and prints them."""
    path = os.environ.get("RELIABILITY_RESULTS")
    if path:
        with open(path, "a") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
    for r in rows:
        print(f"[{r['result']}] {r['part']}: {r['checked']} — {r['figures']}", flush=True)
    return all(r["result"] != "FAIL" for r in rows)
