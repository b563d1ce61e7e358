#!/usr/bin/env python3
"""Writes N StartWorkflow requests, each signed with ACS3-HMAC-SHA256 and its own nonce, one per line:
`path<TAB>Header: value<TAB>...`, for scripts/bench_api.lua to replay with wrk. Signing happens here,
before the timed run, so the load generator spends its CPU on sending, not on HMACs.

usage: bench_api_requests.py HOST:PORT KEY_ID SECRET WORKFLOW_ID INPUT N > requests.tsv
"""
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reliability"))
from common import acs3_headers  # noqa: E402  (the signing the reliability suite shares)


def main():
    host, key_id, secret, workflow_id, input_url, count = sys.argv[1:7]
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    query = {
        "WorkflowId": workflow_id,
        "TaskInput": json.dumps({"Type": "OSS", "Media": input_url}, separators=(",", ":")),
        "SkipInputVerification": "true",
    }
    path = "/?" + urllib.parse.urlencode(query)
    out = sys.stdout
    for _ in range(int(count)):
        headers = acs3_headers(host, key_id, secret, "StartWorkflow", query, date=date)
        out.write(path + "\t" + "\t".join(f"{name}: {value}" for name, value in headers.items()) + "\n")


if __name__ == "__main__":
    main()
