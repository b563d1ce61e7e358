#!/usr/bin/env python3
"""Fuzz: 10,000 malformed RPC requests (scripts/fuzz_api.py) and 1,000 malformed requests to the S3 endpoint
(`floe serve --s3-port`): random methods; bucket and key paths with `..`, `%00`, bad escapes and huge keys;
missing, garbage and wrongly computed AWS Signature Version 4 headers (and correct ones over random requests,
which reach the operations themselves); bad XML bodies for CompleteMultipartUpload; bad multipart parameters;
odd Range, Content-MD5 and x-amz-content-sha256 headers.

Checks: no 5xx (S3's documented `501 NotImplemented`, for operations Floe does not serve, is counted apart),
no failed connection, the server still answers a signed request afterwards and exits 0 on SIGTERM.

    python3 scripts/reliability/fuzz.py [--rpc 10000] [--s3 1000] [--seed 1]
"""
import argparse
import collections
import os
import random
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

METHODS = ["GET", "GET", "PUT", "PUT", "POST", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH", "COPY", "BREW"]
BUCKETS = ["uploads", "uploads", "uploads", "nope", "..", "%2e%2e", ".", "UPLOADS", "a" * 300, "", "uploads%00",
           "floe-output", "up_loads", "%zz", "x" * 3, "192.168.0.1"]
KEYS = ["a.bin", "a.bin", "new.bin", "../../etc/passwd", "x/../y", "%2e%2e/%2e%2e/secret", "a%00b", "%00", "k" * 5000,
        "k" * 1100, "%zz", "dir/", "//double", "x/./y", "%C3%A9t%C3%A9.mp4", "%E4%B8%AD.bin", "sp%20ace", "a+b",
        "deep/" * 200 + "f", "", "a.bin%2F..", "%ff%fe", "trailing%20"]
QUERIES = ["", "", "", "uploads", "uploads=", "uploadId={upload}", "uploadId=nope", "uploadId=../../x",
           "partNumber={part}&uploadId={upload}", "partNumber={part}&uploadId=nope", "list-type=2",
           "list-type=2&max-keys={num}", "list-type=2&prefix=..&delimiter=%00", "list-type=2&continuation-token=%zz",
           "list-type=2&start-after=" + "z" * 2000, "list-type=3", "list-type=2&encoding-type=bogus", "delete",
           "acl", "tagging", "versioning", "location", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=junk",
           "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={key}/20260101/us-east-1/s3/aws4_request"
           "&X-Amz-Date=20260101T000000Z&X-Amz-Expires={num}&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
           "a=1&a=2&a=3", "%zz=%zz", "=", "&&&"]
NUMBERS = ["0", "1", "-1", "10000", "10001", "99999999999999999999", "abc", "1.5", "", "0x10", "604801"]
RANGES = ["bytes=0-10", "bytes=10-5", "bytes=-0", "bytes=abc", "bytes=0-1,5-6", "bytes=99999999-", "bytes=-99999999",
          "bytes=-", "items=0-1", "bytes=0-18446744073709551616", "bytes= 1 - 2", ""]
XML_BODIES = [
    b"<CompleteMultipartUpload>",
    b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>",
    b"<CompleteMultipartUpload><Part><PartNumber>-5</PartNumber></Part></CompleteMultipartUpload>",
    b"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber>"
    b"<ETag>b</ETag></Part></CompleteMultipartUpload>",
    b"<CompleteMultipartUpload>" + b"<Part><PartNumber>1</PartNumber><ETag>e</ETag></Part>" * 20000 + b"</CompleteMultipartUpload>",
    b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
    b"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><CompleteMultipartUpload>&c;&c;&c;</CompleteMultipartUpload>",
    b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><CompleteMultipartUpload>&e;"
    b"</CompleteMultipartUpload>",
    b"<a>" * 5000 + b"</a>" * 5000,
    b"\xff\xfe<\x00C\x00",
    b"<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag></ETag></Part></CompleteMultipartUpload>",
    b"<Delete><Object><Key>a.bin</Key></Object></Delete>",
    b"",
]


def make_request(rng, server, uploads):
    method = rng.choice(METHODS)
    bucket, key = rng.choice(BUCKETS), rng.choice(KEYS)
    shape = rng.random()
    path = "/" if shape < 0.05 else f"/{bucket}" if shape < 0.2 else f"/{bucket}/{key}"
    query = rng.choice(QUERIES).format(upload=rng.choice(uploads), part=rng.choice(NUMBERS), num=rng.choice(NUMBERS),
                                       key=server.key_id)
    extra = {}
    if rng.random() < 0.3:
        extra["Range"] = rng.choice(RANGES)
    if rng.random() < 0.1:
        extra["Content-MD5"] = rng.choice(["", "junk", "1B2M2Y8AsgTpgAmY7PhCfg==", "%%%", "A" * 200])
    if rng.random() < 0.1:
        extra["Expect"] = "100-continue"
    body = b""
    if method in ("PUT", "POST") or rng.random() < 0.1:
        body = rng.choice(XML_BODIES) if rng.random() < 0.5 else rng.randbytes(rng.choice([0, 1, 100, 70_000]))
    auth = rng.random()
    if auth < 0.45:  # correctly signed: reaches the operations
        payload = rng.choice([None, None, "UNSIGNED-PAYLOAD"])
        headers = common.sigv4_headers(method, f"127.0.0.1:{server.s3_port}", path, _query_pairs(query), body,
                                       server.key_id, server.secret, extra=extra, payload_hash=payload)
    else:
        headers = {"Host": f"127.0.0.1:{server.s3_port}", **extra}
        if auth < 0.85:
            headers["Authorization"] = rng.choice([
                "AWS4-HMAC-SHA256",
                "AWS4-HMAC-SHA256 Credential=",
                f"AWS4-HMAC-SHA256 Credential={server.key_id}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00",
                f"AWS4-HMAC-SHA256 Credential={server.key_id}/xx/us-east-1/s3/aws4_request,SignedHeaders=,Signature=",
                "AWS4-HMAC-SHA256 Credential=NOPE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, "
                "Signature=" + "f" * 64,
                "AWS4-HMAC-SHA256 Credential=" + "/" * 50 + ", SignedHeaders=" + ";" * 50 + ", Signature=zz",
                "AWS AKID:c2lnbmF0dXJl",
                "Bearer x",
                "AWS4-HMAC-SHA256 " + "Credential=a," * 500,
                "".join(rng.choice("abc=,/; ") for _ in range(rng.randint(0, 200))),
            ])
            headers["x-amz-date"] = rng.choice(["", "20260101T000000Z", "garbage", "99999999T999999Z",
                                                time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())])
            headers["x-amz-content-sha256"] = rng.choice(["", "UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                                                          "zz", "0" * 64])
    return method, path + ("?" + query if query else ""), headers, body


def _query_pairs(query_text):
    pairs = []
    for pair in filter(None, query_text.split("&")):
        name, _, value = pair.partition("=")
        pairs.append((common.urllib.parse.unquote(name), common.urllib.parse.unquote(value)))
    return pairs


def s3_fuzz(count, seed):
    server = common.Server(s3=True)
    rng = random.Random(seed)
    try:
        server.start()
        host = f"127.0.0.1:{server.s3_port}"
        # Real objects and multipart uploads, for the fuzz to hit.
        for key in ("a.bin", "dir/b.bin"):
            body = rng.randbytes(1000)
            common.send(server.s3_port, "PUT", f"/uploads/{key}",
                        common.sigv4_headers("PUT", host, f"/uploads/{key}", [], body, server.key_id, server.secret), body)
        uploads = []
        for _ in range(3):
            status, answer = common.send(server.s3_port, "POST", "/uploads/new.bin?uploads",
                                         common.sigv4_headers("POST", host, "/uploads/new.bin", [("uploads", "")], b"",
                                                              server.key_id, server.secret))
            match = re.search(rb"<UploadId>([^<]+)</UploadId>", answer if isinstance(answer, bytes) else b"")
            if match:
                uploads.append(match.group(1).decode())
        uploads = uploads or ["none"]
        requests = [make_request(rng, server, uploads) for _ in range(count)]
        started = time.time()
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda r: common.send(server.s3_port, r[0], r[1], r[2], r[3], timeout=60), requests))
        elapsed = time.time() - started
        statuses = collections.Counter(status for status, _ in results)
        # S3's NotImplemented (501) is the documented answer to an operation not served (a HEAD has no body).
        documented = [s == 501 and (b"NotImplemented" in b or r[0] == "HEAD") for r, (s, b) in zip(requests, results)]
        not_implemented = [r for r, d in zip(requests, documented) if d]
        errors = [(r, s, b) for r, (s, b), d in zip(requests, results, documented) if s is not None and s >= 500 and not d]
        broken = [b for s, b in results if s is None]
        alive = server.alive()
        check, _ = common.send(server.s3_port, "GET", "/uploads?list-type=2",
                               common.sigv4_headers("GET", host, "/uploads", [("list-type", "2")], b"", server.key_id,
                                                    server.secret))
        code = server.stop()
        for request, status, body in errors[:5]:
            print(f"  S3 {status}: {request[0]} {request[1][:150]} {request[2]} -> {body[:300]!r}")
        for detail in broken[:5]:
            print("  S3 connection:", detail)
        passed = not errors and not broken and alive and check == 200 and code == 0
        figures = (f"{count} requests in {elapsed:.1f} s; statuses "
                   + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0])))
                   + f"; 5xx {len(errors)} (+{len(not_implemented)} documented 501 NotImplemented); failed connections "
                   f"{len(broken)}; signed ListObjectsV2 after: {check}; exit on SIGTERM {code}")
        return common.row("fuzz (S3)", "malformed S3 requests to --s3-port: no 5xx, no crash, answers after, exits 0",
                          figures, passed)
    except Exception as error:
        return common.row("fuzz (S3)", "malformed S3 requests", f"error: {error!r}; log {server.log_tail(800)!r}", False)
    finally:
        server.kill()


def rpc_fuzz(count, seed):
    script = os.path.join(common.REPO, "scripts", "fuzz_api.py")
    done = subprocess.run([sys.executable, script, "--requests", str(count), "--seed", str(seed),
                           "--floe", common.floe_binary()], capture_output=True, text=True, timeout=3600)
    print(done.stdout + done.stderr, end="")
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("  ") and line not in ("passed", "FAILED")]
    return common.row("fuzz (RPC)", f"scripts/fuzz_api.py --requests {count}: every answer JSON with a RequestId, "
                      "no 5xx, server alive, exits 0", "; ".join(lines), done.returncode == 0)


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--rpc", type=int, default=10000)
    arguments.add_argument("--s3", type=int, default=1000)
    arguments.add_argument("--seed", type=int, default=1)
    options = arguments.parse_args()
    rows = [rpc_fuzz(options.rpc, options.seed), s3_fuzz(options.s3, options.seed)]
    sys.exit(0 if common.report(rows) else 1)


if __name__ == "__main__":
    main()
