#!/usr/bin/env python3
"""Load: 200 concurrent clients (asyncio, one keep-alive connection each) calling signed StartWorkflow for
LOAD_SECONDS (60) against `floe serve --slots 0` (the API alone: tasks only queue, so none changes or goes away
while the store is compared with what the clients were told).

Checks: no 5xx, no failed connection; every accepted TaskId (HTTP 200 with a TaskId) is in the store, and the
store holds no task of the template that no client was told of (beyond requests whose answer was lost).

    python3 scripts/reliability/load.py [--clients 200] [--seconds 60]
"""
import argparse
import asyncio
import collections
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

TEMPLATE = """
Name: reliability-load
Activities:
  Start: {Type: Start}
  probe: {Type: MediaInfo}
  End: {Type: End}
Dependencies: {Start: [probe], probe: [End]}
"""


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    else:
        body = await reader.read()
    return status, headers, body


async def client(server, workflow_id, location, until, stats, accepted):
    reader = writer = None
    while time.time() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            query = common.v1_signed(server.key_id, server.secret, {
                "Action": "StartWorkflow", "WorkflowId": workflow_id, "SkipInputVerification": "true",
                "TaskInput": json.dumps({"Type": "OSS", "Media": location})})
            writer.write(f"POST /?{query} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: 0\r\n\r\n".encode())
            stats["sent"] += 1
            started = time.perf_counter()
            status, headers, body = await asyncio.wait_for(read_response(reader), 60)
            stats["latency"].append(time.perf_counter() - started)
            stats[status] += 1
            if status == 200:
                accepted.append(json.loads(body)["TaskId"])
            elif status >= 500:
                stats["5xx bodies"].append(body[:300])
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = None
        except Exception as error:  # a connection that broke: its request's fate is unknown
            stats["errors"] += 1
            stats["error kinds"][type(error).__name__] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def run_load(server, workflow_id, location, clients, seconds):
    stats = collections.Counter()
    stats["latency"], stats["5xx bodies"], stats["error kinds"] = [], [], collections.Counter()
    accepted = []
    until = time.time() + seconds
    started = time.time()
    await asyncio.gather(*(client(server, workflow_id, location, until, stats, accepted) for _ in range(clients)))
    return stats, accepted, time.time() - started


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--clients", type=int, default=200)
    arguments.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", "60")))
    options = arguments.parse_args()
    server = common.Server(options=["--slots", "0"])
    try:
        server.start()
        workflow_id = server.create_template(TEMPLATE)
        location = "oss://uploads/load/clip.mp4"
        stats, accepted, elapsed = asyncio.run(run_load(server, workflow_id, location, options.clients, options.seconds))
        alive = server.alive()
        stored = set(server.stored_tasks(workflow_id))
        code = server.stop()
        accepted_set = set(accepted)
        missing = accepted_set - stored
        unknown = stats["sent"] - sum(v for k, v in stats.items() if isinstance(k, int))
        unaccounted = stored - accepted_set
        server_errors = sum(v for k, v in stats.items() if isinstance(k, int) and k >= 500)
        latency = sorted(stats["latency"]) or [0]
        p50, p99 = latency[len(latency) // 2], latency[min(len(latency) - 1, int(len(latency) * 0.99))]
        for body in stats["5xx bodies"][:3]:
            print("  5xx:", body)
        passed = (not missing and len(unaccounted) <= unknown and server_errors == 0 and stats["errors"] == 0
                  and len(accepted) == len(accepted_set) and alive and code == 0)
        others = {k: v for k, v in stats.items() if isinstance(k, int) and k != 200}
        figures = (f"{options.clients} clients × {elapsed:.0f} s: {stats['sent']} sent, {len(accepted)} accepted "
                   f"({len(accepted) / elapsed:.0f}/s; latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms); "
                   f"other statuses {others or 'none'}; 5xx {server_errors}; broken connections {stats['errors']}"
                   + (f" {dict(stats['error kinds'])}" if stats["errors"] else "")
                   + f"; in store {len(stored)}: accepted missing {len(missing)}, stored but not reported accepted "
                   f"{len(unaccounted)} (answers lost: {unknown}); exit on SIGTERM {code}")
        rows = [common.row("load", f"{options.clients} concurrent signed StartWorkflow clients for {options.seconds:.0f} s "
                           "(--slots 0): accepted == stored, no 5xx", figures, passed)]
    except Exception as error:
        rows = [common.row("load", "StartWorkflow load", f"error: {error!r}; log {server.log_tail(800)!r}", False)]
    finally:
        server.kill()
    sys.exit(0 if common.report(rows) else 1)


if __name__ == "__main__":
    main()
