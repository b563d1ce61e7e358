#!/usr/bin/env python3
"""Writes N signed RPC requests, each signed with ACS3-HMAC-SHA256 and its own nonce, one per line:
`path<TAB>Header: value<TAB>...`, for scripts/bench_api.lua to replay with wrk. Signing happens here,
before the timed run, so the load generator spends its CPU on sending, not on HMACs.

usage: bench_api_requests.py HOST:PORT KEY_ID SECRET N StartWorkflow WORKFLOW_ID INPUT > requests.tsv
       bench_api_requests.py HOST:PORT KEY_ID SECRET N GetWorkflowTask TASK_ID > requests.tsv
"""
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reliability"))
from common import acs3_headers  # noqa: E402  (the signing the reliability suite shares)


def query(action, arguments):
    if action == "StartWorkflow":
        workflow_id, input_url = arguments
        return {
            "WorkflowId": workflow_id,
            "TaskInput": json.dumps({"Type": "OSS", "Media": input_url}, separators=(",", ":")),
            "SkipInputVerification": "true",
        }
    if action == "GetWorkflowTask":
        (task_id,) = arguments
        return {"TaskId": task_id}
    sys.exit(f"bench_api_requests: unknown action {action}")


def main():
    host, key_id, secret, count, action = sys.argv[1:6]
    parameters = query(action, sys.argv[6:])
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    path = "/?" + urllib.parse.urlencode(parameters)
    out = sys.stdout
    for _ in range(int(count)):
        headers = acs3_headers(host, key_id, secret, action, parameters, date=date)
        out.write(path + "\t" + "\t".join(f"{name}: {value}" for name, value in headers.items()) + "\n")


if __name__ == "__main__":
    main()
