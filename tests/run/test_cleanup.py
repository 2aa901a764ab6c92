"""Nothing the run did not create is touched, and nothing it created is left, even on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from pinpoint_conformance.reference_target import running_target

SEEDED_SEGMENT = {"Name": "seeded", "Dimensions": {
    "Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["ios"]}}}}


@pytest.fixture
def target() -> Iterator[str]:
    with running_target() as base:
        yield base


def _client(base: str) -> Any:
    return boto3.client("pinpoint", endpoint_url=base, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _run(base: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pinpoint_conformance.cli", "run",
                           "--target", base, "--profile", "quick", *args],
                          capture_output=True, text=True, timeout=300, check=False)


def _snapshot(client: Any, app_id: str) -> dict[str, Any]:
    """Everything readable in the application, with volatile request ids removed."""
    def clean(answer: dict[str, Any]) -> dict[str, Any]:
        answer.pop("ResponseMetadata", None)
        return answer

    segments = clean(client.get_segments(ApplicationId=app_id))
    campaigns = clean(client.get_campaigns(ApplicationId=app_id))
    versions = {
        s["Id"]: clean(client.get_segment_versions(ApplicationId=app_id, SegmentId=s["Id"]))
        for s in segments["SegmentsResponse"]["Item"]
    }
    return {
        "segments": segments,
        "campaigns": campaigns,
        "segment_versions": versions,
        "apns": clean(client.get_apns_channel(ApplicationId=app_id)),
        "event_stream": clean(client.get_event_stream(ApplicationId=app_id)),
        "settings": clean(client.get_application_settings(ApplicationId=app_id)),
        "endpoint": clean(client.get_endpoint(ApplicationId=app_id, EndpointId="seeded-endpoint")),
        "jobs": clean(client.get_import_jobs(ApplicationId=app_id)),
        "apps": sorted(a["Id"] for a in client.get_apps()["ApplicationsResponse"]["Item"]),
    }


def test_with_app_id_nothing_that_existed_is_modified_or_deleted(target: str) -> None:
    client = _client(target)
    app_id = client.create_app(CreateApplicationRequest={"Name": "existing"})[
        "ApplicationResponse"]["Id"]
    segment = client.create_segment(ApplicationId=app_id, WriteSegmentRequest=SEEDED_SEGMENT)
    segment_id = segment["SegmentResponse"]["Id"]
    client.update_segment(ApplicationId=app_id, SegmentId=segment_id,
                          WriteSegmentRequest={**SEEDED_SEGMENT, "Name": "seeded-2"})
    client.create_campaign(ApplicationId=app_id, WriteCampaignRequest={
        "Name": "seeded", "SegmentId": segment_id,
        "Schedule": {"StartTime": "2031-01-01T00:00:00Z", "Frequency": "ONCE"}})
    client.update_apns_channel(ApplicationId=app_id, APNSChannelRequest={
        "Certificate": "cert", "PrivateKey": "key"})
    client.put_event_stream(ApplicationId=app_id, WriteEventStream={
        "RoleArn": "arn:aws:iam::123456789012:role/r",
        "DestinationStreamArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s"})
    client.update_application_settings(ApplicationId=app_id, WriteApplicationSettingsRequest={
        "Limits": {"Daily": 5}})
    client.update_endpoint(ApplicationId=app_id, EndpointId="seeded-endpoint",
                           EndpointRequest={"ChannelType": "GCM", "Address": "a"})
    before = _snapshot(client, app_id)

    result = _run(target, "--app-id", app_id, "--seed", "11")

    assert result.returncode == 0, result.stdout[-3000:]
    assert "would modify or leave behind state" in result.stdout  # the skipped checks say why
    assert _snapshot(client, app_id) == before


def _app_names(client: Any) -> list[str]:
    return [a["Name"] for a in client.get_apps()["ApplicationsResponse"]["Item"]]


def test_ctrl_c_stops_the_run_and_deletes_what_it_created(target: str) -> None:
    client = _client(target)
    process = subprocess.Popen(
        [sys.executable, "-m", "pinpoint_conformance.cli", "run", "--target", target,
         "--seed", "12", "--rate", "25"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while "pinpoint-conformance-12" not in _app_names(client):
            assert time.monotonic() < deadline, "the run never created its application"
            assert process.poll() is None, "the run ended before it could be interrupted"
            time.sleep(0.05)
        segments_seen = 0
        while segments_seen == 0 and time.monotonic() < deadline:
            app_id = next(a["Id"] for a in client.get_apps()["ApplicationsResponse"]["Item"]
                          if a["Name"] == "pinpoint-conformance-12")
            segments_seen = len(client.get_segments(ApplicationId=app_id)[
                "SegmentsResponse"]["Item"])
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == 2, output[-3000:]
    assert "Traceback" not in output
    assert "pinpoint-conformance-12" not in _app_names(client)
