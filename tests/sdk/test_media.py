"""Media assets through the official SDK: register, prepare, run a workflow on them, see the outputs."""
import json
import time

import pytest
from alibabacloud_ice20201109 import models

from test_workflows import SNAPSHOTS, error_of, wait_for_end


def wait_for_preparation(client, media_id, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        info = client.get_media_info(models.GetMediaInfoRequest(media_id=media_id)).body.media_info
        if info.media_basic_info.status in ("Normal", "PrepareFail"):
            return info
        time.sleep(0.2)
    pytest.fail(f"media {media_id} was not prepared")


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["ACS3-HMAC-SHA256", "HMAC-SHA1"])
def test_a_registered_media_runs_and_lists_its_outputs(server, clip, algorithm):
    client = server.client(*server.root, algorithm=algorithm)
    location = server.put(f"media-{algorithm or 'v3'}/clip.mp4", clip)
    media_id = client.register_media_info(models.RegisterMediaInfoRequest(
        input_url=location, title="a clip", media_tags="demo,test", reference_id=f"clip-{algorithm or 'v3'}")).body.media_id
    assert len(media_id) == 32

    info = wait_for_preparation(client, media_id)
    basic = info.media_basic_info
    assert basic.status == "Normal"
    assert (basic.media_id, basic.input_url, basic.title, basic.media_type) == (media_id, location, "a clip", "video")
    assert basic.media_tags == "demo,test"
    source = info.file_info_list[0]
    assert source.file_basic_info.file_type == "source_file"
    assert float(source.file_basic_info.duration) == pytest.approx(2.0, abs=0.2)
    assert source.file_basic_info.width == "320" and source.file_basic_info.height == "180"
    assert source.video_stream_info_list[0].codec_name == "h264"

    task_id = client.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "Media", "Media": media_id}))).body.task_id
    task = wait_for_end(client, task_id)
    assert task.status == "Succeed"

    files = client.get_media_info(models.GetMediaInfoRequest(input_url=location)).body.media_info.file_info_list
    types = [file.file_basic_info.file_type for file in files]
    assert types[0] == "source_file"
    assert "snapshot" in types
    outputs = json.loads(task.activity_results)["snapshots"]["Result"]["Files"]
    urls = {file.file_basic_info.file_url for file in files}
    assert {output["FileURL"] for output in outputs} <= urls


def test_media_lists_updates_and_deletes(server, clip):
    client = server.client(*server.root)
    locations = [server.put(f"library/{n}.mp4", clip) for n in range(3)]
    ids = [client.register_media_info(models.RegisterMediaInfoRequest(input_url=url)).body.media_id for url in locations]
    again = client.register_media_info(models.RegisterMediaInfoRequest(input_url=locations[0])).body.media_id
    assert again == ids[0], "a registered InputURL answers its MediaId"

    client.update_media_info(models.UpdateMediaInfoRequest(media_id=ids[1], title="renamed", media_tags="x"))
    assert client.get_media_info(models.GetMediaInfoRequest(media_id=ids[1])).body.media_info.media_basic_info.title == "renamed"

    batch = client.batch_get_media_infos(models.BatchGetMediaInfosRequest(media_ids=",".join(ids + ["0" * 32]))).body
    assert sorted(info.media_id for info in batch.media_infos) == sorted(ids)
    assert batch.ignored_list == ["0" * 32]

    seen, token = [], None
    while True:
        page = client.list_media_basic_infos(models.ListMediaBasicInfosRequest(max_results=2, next_token=token)).body
        assert len(page.media_infos) <= 2
        seen += [info.media_id for info in page.media_infos]
        token = page.next_token
        if not token:
            break
    assert set(ids) <= set(seen) and len(seen) == len(set(seen))

    deleted = client.delete_media_infos(models.DeleteMediaInfosRequest(media_ids=ids[2], delete_physical_files=True)).body
    assert not deleted.forbidden_list and not deleted.ignored_list
    assert error_of(lambda: client.get_media_info(models.GetMediaInfoRequest(media_id=ids[2])))[0] == "EntityNotExist.Media"


def test_a_missing_file_fails_preparation(server):
    client = server.client(*server.root)
    media_id = client.register_media_info(models.RegisterMediaInfoRequest(input_url="oss://uploads/nowhere/missing.mp4")).body.media_id
    assert wait_for_preparation(client, media_id).media_basic_info.status == "PrepareFail"


def test_one_account_cannot_see_anothers_media(server, clip):
    owner = server.client(*server.root)
    location = server.put("private-media/clip.mp4", clip)
    media_id = owner.register_media_info(models.RegisterMediaInfoRequest(input_url=location)).body.media_id
    stranger = server.client(*server.stranger)
    assert error_of(lambda: stranger.get_media_info(models.GetMediaInfoRequest(media_id=media_id)))[0] == "EntityNotExist.Media"
    batch = stranger.batch_get_media_infos(models.BatchGetMediaInfosRequest(media_ids=media_id)).body
    assert not batch.media_infos and batch.ignored_list == [media_id]
    listed = stranger.list_media_basic_infos(models.ListMediaBasicInfosRequest(max_results=100)).body.media_infos or []
    assert media_id not in [info.media_id for info in listed]
    assert error_of(lambda: stranger.start_workflow(models.StartWorkflowRequest(
        workflow_id=SNAPSHOTS, task_input=json.dumps({"Type": "Media", "Media": media_id}))))[0] == "InvalidParameter"
