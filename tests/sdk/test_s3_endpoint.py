"""boto3, unchanged, against Floe's embedded S3 endpoint (`floe serve --s3-port`): objects round-trip, and an
upload into a bound location starts its workflow."""
import json
import os
import socket
import time
import urllib.request

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from test_templates import call
from test_workflows import wait_for_end


def s3(server, key_id, secret):
    return boto3.client("s3", endpoint_url=server.s3_endpoint, aws_access_key_id=key_id, aws_secret_access_key=secret,
                        region_name="us-east-1",
                        config=BotoConfig(signature_version="s3v4", s3={"addressing_style": "path"},
                                          retries={"max_attempts": 5}))


def test_objects_round_trip(server):
    client = s3(server, *server.root)
    body = bytes(range(256)) * 40
    put = client.put_object(Bucket="uploads", Key="s3/round trip/ü.bin", Body=body)
    assert put["ETag"]
    assert client.get_object(Bucket="uploads", Key="s3/round trip/ü.bin")["Body"].read() == body
    ranged = client.get_object(Bucket="uploads", Key="s3/round trip/ü.bin", Range="bytes=10-19")
    assert ranged["ResponseMetadata"]["HTTPStatusCode"] == 206 and ranged["Body"].read() == body[10:20]
    assert client.head_object(Bucket="uploads", Key="s3/round trip/ü.bin")["ContentLength"] == len(body)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket="uploads", Prefix="s3/").get("Contents", [])]
    assert "s3/round trip/ü.bin" in keys
    url = client.generate_presigned_url("get_object", Params={"Bucket": "uploads", "Key": "s3/round trip/ü.bin"}, ExpiresIn=60)
    assert urllib.request.urlopen(url).read() == body
    client.delete_object(Bucket="uploads", Key="s3/round trip/ü.bin")
    with pytest.raises(ClientError) as missing:
        client.get_object(Bucket="uploads", Key="s3/round trip/ü.bin")
    assert missing.value.response["Error"]["Code"] == "NoSuchKey"


def test_a_wrong_secret_and_a_denied_key_are_refused(server):
    with pytest.raises(ClientError) as wrong:
        s3(server, server.root[0], "wrong").list_objects_v2(Bucket="uploads")
    assert wrong.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    with pytest.raises(ClientError) as denied:
        s3(server, *server.reader).put_object(Bucket="uploads", Key="s3/denied.mp4", Body=b"x")
    assert denied.value.response["Error"]["Code"] == "AccessDenied"


def test_an_upload_into_a_bound_location_starts_its_workflow(server, clip):
    api = server.client(*server.root)
    template = """
Name: s3-upload-thumbnail
Activities:
  Start: {Type: Start, Parameters: {InputLocation: "oss://uploads/s3-bound/", TriggerMode: Automatic}}
  thumb: {Type: Snapshot, Parameters: {Time: 0.5, Width: 160, Format: jpg}}
  End: {Type: End}
Dependencies: {Start: [thumb], thumb: [End]}
"""
    workflow_id = call(api, "CreateWorkflow", Template=template)["WorkflowId"]
    with open(clip, "rb") as f:
        s3(server, *server.root).put_object(Bucket="uploads", Key="s3-bound/clip.mp4", Body=f.read())
    deadline = time.time() + 30
    tasks = []
    while time.time() < deadline and not tasks:
        listed = call(api, "ListWorkflowTasks", WorkflowId=workflow_id, MaxResults="10")["TaskList"]
        tasks = [task for task in listed if json.loads(task["TaskInput"])["Media"] == "oss://uploads/s3-bound/clip.mp4"]
        time.sleep(0.2)
    assert len(tasks) == 1, "one upload, one task"
    assert wait_for_end(api, tasks[0]["TaskId"]).status == "Succeed"
    time.sleep(1.5)  # the folder watcher sees the same file: the ledger keeps it at one task
    listed = call(api, "ListWorkflowTasks", WorkflowId=workflow_id, MaxResults="10")["TaskList"]
    assert len(listed) == 1


def test_a_large_file_goes_up_in_parts_and_comes_back_whole(server, tmp_path):
    client = s3(server, *server.root)
    source = tmp_path / "large.bin"
    source.write_bytes(os.urandom(12 * 1024 * 1024))
    # boto3 switches to a multipart upload above multipart_threshold (8 MB by default): 2 parts here.
    client.upload_file(str(source), "uploads", "s3/multipart/large.bin",
                       Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
    assert client.head_object(Bucket="uploads", Key="s3/multipart/large.bin")["ContentLength"] == 12 * 1024 * 1024
    back = tmp_path / "back.bin"
    client.download_file("uploads", "s3/multipart/large.bin", str(back))
    assert back.read_bytes() == source.read_bytes()
    listed = client.list_objects_v2(Bucket="uploads", Prefix="s3/", Delimiter="/")
    assert {"Prefix": "s3/multipart/"} in listed["CommonPrefixes"]
    assert not os.listdir(os.path.join(server.data, "multipart")), "a completed upload leaves no parts behind"


def test_buckets_belong_to_the_account_that_made_them(server):
    mine, theirs = s3(server, *server.root), s3(server, *server.stranger)
    theirs.create_bucket(Bucket="stranger-media")
    theirs.put_object(Bucket="stranger-media", Key="a.bin", Body=b"theirs")
    assert [b["Name"] for b in theirs.list_buckets()["Buckets"]] == ["stranger-media"]
    assert "stranger-media" not in [b["Name"] for b in mine.list_buckets()["Buckets"]]
    assert "uploads" in [b["Name"] for b in mine.list_buckets()["Buckets"]]
    for call in (lambda: mine.get_object(Bucket="stranger-media", Key="a.bin"),
                 lambda: theirs.put_object(Bucket="uploads", Key="s3/intruder.mp4", Body=b"x"),
                 lambda: theirs.list_objects_v2(Bucket="uploads")):
        with pytest.raises(ClientError) as denied:
            call()
        assert denied.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as taken:
        mine.create_bucket(Bucket="stranger-media")
    assert taken.value.response["Error"]["Code"] == "BucketAlreadyExists"
    with pytest.raises(ClientError) as full:
        theirs.delete_bucket(Bucket="stranger-media")
    assert full.value.response["Error"]["Code"] == "BucketNotEmpty"
    theirs.delete_object(Bucket="stranger-media", Key="a.bin")
    theirs.delete_bucket(Bucket="stranger-media")
    assert theirs.list_buckets()["Buckets"] == []


def test_expect_100_continue_is_answered_before_the_body(server):
    """boto3 and the aws CLI send `Expect: 100-continue` with uploads and wait for the interim answer (a second,
    if none comes) before the body: the endpoint answers it as soon as the head arrives."""
    host, port = server.s3_endpoint.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"PUT /uploads/s3/continue.bin HTTP/1.1\r\nHost: " + host.encode() +
                           b"\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        connection.settimeout(0.5)
        interim = connection.recv(1024)
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n"), interim
        connection.settimeout(5)
        connection.sendall(b"hello")
        final = b""
        while b"</Error>" not in final:
            chunk = connection.recv(4096)
            assert chunk, final
            final += chunk
        assert final.startswith(b"HTTP/1.1 403"), final  # unsigned: refused, after the body was read
