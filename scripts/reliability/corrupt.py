#!/usr/bin/env python3
"""Corrupt media: tasks (MediaInfo, then a small Transcode and a Snapshot) on inputs that are not what they
claim: a truncated MP4, an MP3 named .mp4, a text file named .mp4, a zero-byte file, random bytes followed by the
tail of a valid MP4, and headers that declare 60000x60000 pictures (a BMP, and a YUV4MPEG2 stream, also one
named .mp4).

Checks: each task ends Failed with a message within the timeout; no API answer is 5xx; afterwards no FFmpeg
is left running (/metrics floe_ffmpeg_processes 0) and a normal task still succeeds; the server exits 0 on
SIGTERM.

    python3 scripts/reliability/corrupt.py [--timeout 300]
"""
import argparse
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

TEMPLATE = """
Name: reliability-corrupt
Activities:
  Start: {Type: Start}
  probe: {Type: MediaInfo}
  small: {Type: Transcode, Parameters: {Outputs: [{Name: small, Container: mp4, Video: {Codec: h264, Height: 120, Preset: ultrafast}, Audio: {Codec: aac}}]}}
  thumb: {Type: Snapshot, Parameters: {Time: 0.5, Width: 160, Format: jpg}}
  End: {Type: End}
Dependencies: {Start: [probe], probe: [small, thumb], small: [End], thumb: [End]}
"""


def huge_bmp(width=60000, height=60000):
    """A BMP header (BITMAPINFOHEADER, 24 bits) declaring width x height, with a few bytes of pixels."""
    header = struct.pack("<2sIHHI", b"BM", 54 + 4096, 0, 0, 54)  # the sizes of the file and of the pixels: too
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)  # large for 32 bits
    return header + info + os.urandom(4096)


def huge_y4m(width=60000, height=60000):
    return f"YUV4MPEG2 W{width} H{height} F25:1 Ip A1:1 C420jpeg\n".encode() + b"FRAME\n" + os.urandom(8192)


def make_inputs(folder, clip):
    rng = random.Random(7)
    with open(clip, "rb") as f:
        valid = f.read()
    mp3 = os.path.join(folder, "tone.mp3")
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=duration=2", mp3], check=True)
    with open(mp3, "rb") as f:
        mp3_bytes = f.read()
    return {
        "truncated.mp4": valid[: len(valid) * 2 // 5],
        "mp3-named.mp4": mp3_bytes,
        "text-named.mp4": b"This is not a video.\n" * 50,
        "zero-byte.mp4": b"",
        "garbage-header.mp4": rng.randbytes(65536) + valid[len(valid) // 2:],
        "huge-60000x60000.bmp": huge_bmp(),
        "huge-60000x60000.y4m": huge_y4m(),
        "huge-y4m-named.mp4": huge_y4m(),
    }


def ffmpeg_processes(server):
    status, body = common.send(server.port, "GET", "/metrics", timeout=10)
    match = re.search(rb"^floe_ffmpeg_processes(?:\{[^}]*\})? ([0-9.e+-]+)$", body if status == 200 else b"", re.M)
    return float(match.group(1)) if match else None


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--timeout", type=float, default=300)
    options = arguments.parse_args()
    server = common.Server(options=["--lease", "3", "--heartbeat", "0.3"])
    statuses = []

    def call(action, **params):
        status, body = server.raw_call(action, **params)
        statuses.append(status)
        return status, body

    try:
        server.start()
        folder = tempfile.mkdtemp(prefix="floe-corrupt-")
        clip = common.make_clip(os.path.join(folder, "clip.mp4"))
        status, body = call("CreateWorkflow", Template=TEMPLATE)
        workflow_id = body["WorkflowId"]
        started = {}
        refused = {}
        for name, data in make_inputs(folder, clip).items():
            path = os.path.join(folder, name)
            with open(path, "wb") as f:
                f.write(data)
            location = server.put(f"corrupt/{name}", path)
            status, body = call("StartWorkflow", WorkflowId=workflow_id, SkipInputVerification="true",
                                TaskInput=json.dumps({"Type": "OSS", "Media": location}))
            if status == 200:
                started[name] = (body["TaskId"], time.time())
            else:
                refused[name] = (status, body)
        results = {}
        deadline = time.time() + options.timeout
        while len(results) < len(started) and time.time() < deadline:
            for name, (task_id, since) in started.items():
                if name in results:
                    continue
                status, body = call("GetWorkflowTask", TaskId=task_id)
                if status == 200 and body["WorkflowTask"]["Status"] in common.TERMINAL:
                    results[name] = (body["WorkflowTask"], time.time() - since)
            time.sleep(0.3)
        stored = server.task_rows(workflow_id)
        lines, clean = [], True
        for name, (task_id, _) in started.items():
            if name not in results:
                clean = False
                lines.append(f"{name}: not ended after {options.timeout:.0f} s ({stored.get(task_id, ('?',))[0]})")
                continue
            task, seconds = results[name]
            message = stored[task_id][2] or ""
            if not message:
                for activity in json.loads(task.get("ActivityResults") or "{}").values():
                    message = message or (activity.get("Result") or {}).get("ErrorMessage", "")
            ok = task["Status"] == "Failed" and bool(message)
            clean &= ok
            short = message.strip().splitlines()[0].replace(f"'oss://uploads/corrupt/{name}'", "it") if message else "no message"
            lines.append(f"{name}: {task['Status']} in {seconds:.1f} s ({short[:100]})")
        for name, (status, body) in refused.items():
            ok = status is not None and 400 <= status < 500
            clean &= ok
            lines.append(f"{name}: StartWorkflow refused {status} {body.get('Code') if isinstance(body, dict) else body!r}")
        for line in lines:
            print("  " + line, flush=True)

        # No worker hangs: nothing left running, and a normal task after them succeeds.
        leftover = ffmpeg_processes(server)
        normal_started = time.time()
        status, body = call("StartWorkflow", WorkflowId=workflow_id, SkipInputVerification="true",
                            TaskInput=json.dumps({"Type": "OSS", "Media": server.put("corrupt/ok.mp4", clip)}))
        normal = server.wait_terminal([body["TaskId"]], 180).get(body["TaskId"], {}).get("Status") if status == 200 else None
        normal_seconds = time.time() - normal_started
        server_errors = sum(1 for s in statuses if s is None or s >= 500)
        code = server.stop()
        passed = clean and normal == "Succeed" and server_errors == 0 and leftover == 0 and code == 0
        figures = ("; ".join(lines) + f". FFmpeg processes left: {leftover:.0f}" if leftover is not None else "; ".join(lines)) + (
            f"; a normal task after them: {normal} in {normal_seconds:.1f} s; API answers {len(statuses)}, 5xx or broken "
            f"{server_errors}; exit on SIGTERM {code}")
        rows = [common.row("corrupt", f"{len(started) + len(refused)} corrupt inputs: each Failed with a message within "
                           f"{options.timeout:.0f} s, no hang, no 5xx", figures, passed)]
    except Exception as error:
        rows = [common.row("corrupt", "corrupt media", f"error: {error!r}; log {server.log_tail(800)!r}", False)]
    finally:
        server.kill()
    sys.exit(0 if common.report(rows) else 1)


if __name__ == "__main__":
    main()
