#!/usr/bin/env python3
"""Sends malformed requests to a real `floe serve` and counts the answers that break the API's promise.

Every answer must be JSON with a RequestId and a status below 500, and the server must stay up. The
requests are random methods, paths, query strings (bad escapes, huge values, repeated names), headers,
bodies (random bytes, oversized, junk forms) and signatures (garbage, and correct HMAC-SHA1 signatures over
random parameters, which reach the actions' own validation). Stdlib only; loopback only; bounded in count.

    python3 scripts/fuzz_api.py [--requests 10000] [--seed 1] [--floe .build/debug/floe]
"""
import argparse, base64, configparser, hashlib, hmac, http.client, json, os, random, signal, socket
import subprocess, sys, tempfile, time, urllib.parse, uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reliability"))
import common  # noqa: E402  (the signing the reliability suite shares)

ACTIONS = ["StartWorkflow", "GetWorkflowTask", "ListWorkflowTasks", "CancelWorkflowTask",
           "RegisterMediaInfo", "GetMediaInfo", "BatchGetMediaInfos", "ListMediaBasicInfos", "UpdateMediaInfo", "DeleteMediaInfos",
           "CreateWorkflow", "UpdateWorkflow", "GetWorkflow", "ListWorkflows", "DeleteWorkflow",
           "SetEventCallback", "GetEventCallback", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
           "ListCallbackEvents", "ReplayCallbackEvent",
           "Nope", "", "start_workflow"]
PARAMS = ["WorkflowId", "TaskInput", "UserData", "TaskId", "MaxResults", "NextToken", "KeyText", "StartOfCreateTime",
          "EndOfCreateTime", "SkipInputVerification", "WorkflowName", "Action", "Version", "Signature", "AccessKeyId",
          "InputURL", "MediaId", "MediaIds", "InputURLs", "Title", "MediaTags", "AppendTags", "ReferenceId", "ClientToken",
          "Overwrite", "MediaType", "BusinessType", "CateId", "RegisterConfig", "DeletePhysicalFiles", "AdditionType",
          "SortBy", "StartTime", "EndTime", "Status", "Template", "Type", "Name",
          "CallbackType", "CallbackURL", "CallbackQueueName", "EventTypeList", "AuthSwitch", "AuthKey", "QueueName",
          "ReceiptHandle", "VisibilityTimeout", "MaxMessages", "WaitSeconds", "State", "EventId"]
TEMPLATES = [
    "Name: t\nActivities: {Start: {Type: Start}, End: {Type: End}}\nDependencies: {Start: [End]}",
    "Name: t\nActivities: {Start: {Type: Start}, x: {Type: Snapshot, Parameters: {Width: -1}}, End: {Type: End}}",
    "a: &a [1,2]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c]",
    '{"Name":"j","Activities":{"Start":{"Type":"Start"},"End":{"Type":"End"}},"Dependencies":{"Start":["End"]}}',
]


def junk(rng, size=None):
    size = size if size is not None else rng.choice([0, 1, 5, 40, 300, 5000])
    kind = rng.random()
    if kind < 0.3:
        return "".join(rng.choice("abcXYZ019-_.~%+&=?/#[]{}\" '\\\u00e9\u4e2d\U0001F600") for _ in range(size))
    if kind < 0.6:
        return rng.randbytes(size).decode("latin-1")
    if kind < 0.7:
        return rng.choice(TEMPLATES) if rng.random() < 0.5 else rng.choice(["oss://uploads/a.mp4", "oss://b/../x.mp4",
                                                                            "vod://abc", "http://b.oss-cn-x.aliyuncs.com/k.mov",
                                                                            ",".join(["f" * 32] * rng.randint(1, 30))])
    if kind < 0.8:
        return json.dumps(rng.choice([{"Type": "OSS", "Media": "oss://b/" + "x" * size}, {"Type": rng.random()},
                                      [1, 2], None, "s" * size, {"Type": "Media", "Media": "f" * 32}]))
    return str(rng.choice([-1, 0, 1, 10, 100, 101, 2**63, "1e9", "NaN", "true", "True", "2026-13-45T99:99:99Z"]))


def v1_signed(rng, key_id, secret, params):
    return common.v1_signed(key_id, secret, params)


def make_request(rng, key_id, secret):
    method = rng.choice(["POST", "POST", "POST", "GET", "PUT", "DELETE", "OPTIONS"])
    path = rng.choice(["/", "/", "/", "//", "/x", "/" + "a" * 3000, "/?", "/%zz", "/healthz"])
    headers = {}
    body = b""
    kind = rng.random()
    params = {rng.choice(PARAMS): junk(rng) for _ in range(rng.randint(0, 6))}
    params["Action"] = rng.choice(ACTIONS)
    if kind < 0.45:  # correctly signed, random parameters: reaches the actions
        query = v1_signed(rng, key_id, secret, {k: v for k, v in params.items() if v})
        method, path = "POST", "/"
    else:
        query = urllib.parse.urlencode(params, errors="surrogateescape") if rng.random() < 0.7 else junk(rng).replace(" ", "%")
        if rng.random() < 0.5:
            headers["Authorization"] = rng.choice(["ACS3-HMAC-SHA256 " + junk(rng, 60), "ACS3-HMAC-SHA256 Credential=" + key_id
                                                   + ",SignedHeaders=host;x-acs-date,Signature=" + "0" * 64, junk(rng, 30)])
        for name in rng.sample(["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                                "x-acs-content-sha256", "content-type", "host"], rng.randint(0, 4)):
            headers[name] = junk(rng, rng.choice([0, 3, 40])).encode("latin-1", "replace").decode("latin-1")
        if rng.random() < 0.4:
            body = rng.randbytes(rng.choice([1, 100, 10000, 1_100_000]))
            headers.setdefault("content-type", rng.choice(["application/x-www-form-urlencoded", "application/json", "text/plain"]))
    # Header values may hold any byte but CR, LF and other controls, which HTTP itself forbids.
    headers = {name: "".join(c for c in value if c == "\t" or " " <= c <= "\xff" and c != "\x7f")
               for name, value in headers.items()}
    target = path + ("?" + query if query else "")
    # A request line is ASCII without spaces or controls: escape every other byte, leaving bad escapes as they are.
    target = "".join(chr(b) if 0x21 <= b < 0x7f else "%%%02X" % b for b in target.encode("utf-8", "surrogateescape"))
    return method, target, headers, body


def send(port, request):
    method, target, headers, body = request
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, target, skip_host="host" in headers, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read()
        try:
            ok_json = "RequestId" in json.loads(data)
        except ValueError:
            ok_json = False
        return response.status, ok_json
    except (OSError, http.client.HTTPException) as error:
        return None, repr(error)
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--floe", default=os.environ.get("FLOE_BIN", ".build/debug/floe"))
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="floe-fuzz-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(os.path.join(data, "serve.log"), "w")
    server = subprocess.Popen([args.floe, "serve", "--data-dir", data, "--port", str(port), "--log-level", "error"],
                              stdout=log, stderr=subprocess.STDOUT)
    credentials = os.path.join(data, "credentials")
    for _ in range(600):
        if os.path.exists(credentials):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                pass
        time.sleep(0.1)
    profile = configparser.ConfigParser()
    profile.read(credentials)
    key_id, secret = profile["default"]["access_key_id"], profile["default"]["access_key_secret"]
    rng = random.Random(args.seed)
    requests = [make_request(rng, key_id, secret) for _ in range(args.requests)]
    started = time.time()
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda r: send(port, r), requests))
    elapsed = time.time() - started
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    server_errors = [r for r, (status, _) in zip(requests, results) if status is not None and status >= 500]
    not_json = sum(1 for status, ok in results if status is not None and ok is False)
    broken = [detail for status, detail in results if status is None]
    alive = server.poll() is None
    check = send(port, ("POST", "/?" + v1_signed(rng, key_id, secret, {"Action": "ListWorkflowTasks"}), {}, b""))
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=30)
    print(f"{len(requests)} malformed requests in {elapsed:.1f} s; statuses: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))))
    print(f"5xx responses: {len(server_errors)}; non-JSON or no RequestId: {not_json}; failed connections: {len(broken)}; "
          f"server alive after: {alive}; a signed request after: {check[0]}; exit on SIGTERM: {code}")
    for request in server_errors[:5]:
        print("  5xx:", request[0], request[1][:200])
    for detail in broken[:5]:
        print("  connection:", detail)
    ok = not server_errors and not_json == 0 and alive and check[0] == 200 and code == 0
    print("passed" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
