#!/usr/bin/env python3
"""Writes N StartWorkflow requests, each signed with ACS3-HMAC-SHA256 and its own nonce, one per line:
`path<TAB>Header: value<TAB>...`, for scripts/bench_api.lua to replay with wrk. Signing happens here,
before the timed run, so the load generator spends its CPU on sending, not on HMACs.

usage: bench_api_requests.py HOST:PORT KEY_ID SECRET WORKFLOW_ID INPUT N > requests.tsv
"""
import hashlib
import hmac
import json
import sys
import time
import urllib.parse
import uuid


def quote(text):
    return urllib.parse.quote(text, safe="~")


def main():
    host, key_id, secret, workflow_id, input_url, count = sys.argv[1:7]
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    empty_hash = hashlib.sha256(b"").hexdigest()
    query = {
        "WorkflowId": workflow_id,
        "TaskInput": json.dumps({"Type": "OSS", "Media": input_url}, separators=(",", ":")),
        "SkipInputVerification": "true",
    }
    canonical_query = "&".join(f"{name}={quote(value)}" for name, value in sorted(query.items()))
    path = "/?" + urllib.parse.urlencode(query)
    out = sys.stdout
    for _ in range(int(count)):
        headers = {
            "host": host,
            "x-acs-action": "StartWorkflow",
            "x-acs-content-sha256": empty_hash,
            "x-acs-date": date,
            "x-acs-signature-nonce": uuid.uuid4().hex,
            "x-acs-version": "2020-11-09",
        }
        names = sorted(headers)
        canonical_headers = "".join(f"{name}:{headers[name]}\n" for name in names)
        signed_headers = ";".join(names)
        canonical = f"POST\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{empty_hash}"
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        signature = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={signed_headers},Signature={signature}"
        headers["Host"] = headers.pop("host")
        out.write(path + "\t" + "\t".join(f"{name}: {value}" for name, value in headers.items()) + "\n")


if __name__ == "__main__":
    main()
