"""Every operation of the contract through boto3's Pinpoint client: requests built by the
service's own model must be accepted, and every answer must parse through it."""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_conformance.contract import Contract

ROLE = "arn:aws:iam::123456789012:role/pinpoint"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/events"


def test_every_operation_parses_through_boto3(pinpoint: Any, contract: Contract) -> None:
    called: set[str] = set()
    pinpoint.meta.events.register(
        "after-call.pinpoint.*", lambda model, **kwargs: called.add(model.name)
    )

    app = pinpoint.create_app(CreateApplicationRequest={"Name": "boto3", "tags": {"k": "v"}})
    app_id = app["ApplicationResponse"]["Id"]
    assert app["ApplicationResponse"]["Arn"].endswith(f":apps/{app_id}")
    assert pinpoint.get_app(ApplicationId=app_id)["ApplicationResponse"]["Name"] == "boto3"
    apps = pinpoint.get_apps(PageSize="1000")["ApplicationsResponse"]
    assert app_id in {item["Id"] for item in apps["Item"]}

    # segments (the service's reading of SetDimension.Type and RecencyDimension.Type)
    dimensions = {
        "Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["iOS"]}},
        "Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}},
    }
    segment = pinpoint.create_segment(
        ApplicationId=app_id, WriteSegmentRequest={"Name": "s1", "Dimensions": dimensions}
    )["SegmentResponse"]
    segment_id = segment["Id"]
    assert segment["Version"] == 1
    updated = pinpoint.update_segment(
        ApplicationId=app_id, SegmentId=segment_id, WriteSegmentRequest={"Name": "s2"}
    )["SegmentResponse"]
    assert updated["Version"] == 2
    assert (
        pinpoint.get_segment(ApplicationId=app_id, SegmentId=segment_id)["SegmentResponse"]["Name"]
        == "s2"
    )
    assert len(pinpoint.get_segments(ApplicationId=app_id)["SegmentsResponse"]["Item"]) == 1
    versions = pinpoint.get_segment_versions(ApplicationId=app_id, SegmentId=segment_id)
    assert [v["Version"] for v in versions["SegmentsResponse"]["Item"]] == [1, 2]
    first = pinpoint.get_segment_version(ApplicationId=app_id, SegmentId=segment_id, Version="1")
    assert first["SegmentResponse"]["Name"] == "s1"

    # campaigns
    write = {
        "Name": "c1",
        "SegmentId": segment_id,
        "Schedule": {"StartTime": "2030-01-01T00:00:00Z", "Frequency": "ONCE"},
        "MessageConfiguration": {"DefaultMessage": {"Title": "t", "Body": "hello"}},
    }
    campaign = pinpoint.create_campaign(ApplicationId=app_id, WriteCampaignRequest=write)[
        "CampaignResponse"
    ]
    campaign_id = campaign["Id"]
    assert campaign["SegmentVersion"] == 2  # the segment's latest version when none is given
    pinpoint.update_campaign(
        ApplicationId=app_id, CampaignId=campaign_id, WriteCampaignRequest={**write, "Name": "c2"}
    )
    got = pinpoint.get_campaign(ApplicationId=app_id, CampaignId=campaign_id)["CampaignResponse"]
    assert (got["Name"], got["Version"]) == ("c2", 2)
    assert len(pinpoint.get_campaigns(ApplicationId=app_id)["CampaignsResponse"]["Item"]) == 1
    versions = pinpoint.get_campaign_versions(ApplicationId=app_id, CampaignId=campaign_id)
    assert [v["Name"] for v in versions["CampaignsResponse"]["Item"]] == ["c1", "c2"]
    one = pinpoint.get_campaign_version(ApplicationId=app_id, CampaignId=campaign_id, Version="1")
    assert one["CampaignResponse"]["Name"] == "c1"
    activities = pinpoint.get_campaign_activities(ApplicationId=app_id, CampaignId=campaign_id)
    assert activities["ActivitiesResponse"]["Item"] == []

    # channels
    apns = pinpoint.update_apns_channel(
        ApplicationId=app_id, APNSChannelRequest={"Certificate": "CERT", "PrivateKey": "KEY"}
    )["APNSChannelResponse"]
    assert apns["Platform"] == "APNS" and "PrivateKey" not in apns
    assert pinpoint.get_apns_channel(ApplicationId=app_id)["APNSChannelResponse"]["Version"] == 1
    assert pinpoint.delete_apns_channel(ApplicationId=app_id)["APNSChannelResponse"]["Version"] == 1
    gcm = pinpoint.update_gcm_channel(ApplicationId=app_id, GCMChannelRequest={"ApiKey": "AK"})
    assert gcm["GCMChannelResponse"]["Credential"] == "AK"
    assert pinpoint.get_gcm_channel(ApplicationId=app_id)["GCMChannelResponse"]["Platform"] == "GCM"
    pinpoint.delete_gcm_channel(ApplicationId=app_id)

    # endpoints (the service's EndpointStatus)
    accepted = pinpoint.update_endpoint(
        ApplicationId=app_id,
        EndpointId="e1",
        EndpointRequest={"ChannelType": "GCM", "Address": "token-1", "EndpointStatus": "ACTIVE"},
    )["MessageBody"]
    assert accepted["Message"]
    pinpoint.update_endpoints_batch(
        ApplicationId=app_id,
        EndpointBatchRequest={"Item": [{"Id": "e2", "ChannelType": "APNS", "Address": "t-2"}]},
    )
    endpoint = pinpoint.get_endpoint(ApplicationId=app_id, EndpointId="e1")["EndpointResponse"]
    assert (endpoint["Id"], endpoint["ApplicationId"]) == ("e1", app_id)
    assert endpoint["Address"] == "token-1"
    second = pinpoint.get_endpoint(ApplicationId=app_id, EndpointId="e2")["EndpointResponse"]
    assert second["CohortId"]

    # event stream
    stream = pinpoint.put_event_stream(
        ApplicationId=app_id, WriteEventStream={"RoleArn": ROLE, "DestinationStreamArn": STREAM}
    )["EventStream"]
    assert stream["ApplicationId"] == app_id
    assert pinpoint.get_event_stream(ApplicationId=app_id)["EventStream"]["RoleArn"] == ROLE
    assert pinpoint.delete_event_stream(ApplicationId=app_id)["EventStream"]["RoleArn"] == ROLE

    # import jobs (the service's ExternalId)
    request = {
        "S3Url": "s3://bucket-name/endpoints.csv",
        "RoleArn": ROLE,
        "Format": "CSV",
        "ExternalId": "ext",
        "SegmentId": segment_id,
    }
    job = pinpoint.create_import_job(ApplicationId=app_id, ImportJobRequest=request)[
        "ImportJobResponse"
    ]
    assert job["Type"] == "Import" and job["Definition"]["ExternalId"] == "ext"
    assert pinpoint.get_import_job(ApplicationId=app_id, JobId=job["Id"])["ImportJobResponse"]["Id"]
    assert len(pinpoint.get_import_jobs(ApplicationId=app_id)["ImportJobsResponse"]["Item"]) == 1
    by_segment = pinpoint.get_segment_import_jobs(ApplicationId=app_id, SegmentId=segment_id)
    assert [j["Id"] for j in by_segment["ImportJobsResponse"]["Item"]] == [job["Id"]]

    # settings
    assert pinpoint.get_application_settings(ApplicationId=app_id)[
        "ApplicationSettingsResource"
    ] == {"ApplicationId": app_id}
    settings = pinpoint.update_application_settings(
        ApplicationId=app_id,
        WriteApplicationSettingsRequest={"QuietTime": {"Start": "22:00", "End": "06:00"}},
    )["ApplicationSettingsResource"]
    assert settings["QuietTime"] == {"Start": "22:00", "End": "06:00"}

    # deletes
    deleted = pinpoint.delete_campaign(ApplicationId=app_id, CampaignId=campaign_id)
    assert deleted["CampaignResponse"]["Id"] == campaign_id
    assert (
        pinpoint.delete_segment(ApplicationId=app_id, SegmentId=segment_id)["SegmentResponse"]["Id"]
        == segment_id
    )
    assert pinpoint.delete_app(ApplicationId=app_id)["ApplicationResponse"]["Id"] == app_id

    assert called == set(contract.operations), sorted(set(contract.operations) - called)


@pytest.mark.parametrize(
    ("call", "exception"),
    [
        (lambda c: c.get_app(ApplicationId="no-such-app"), "NotFoundException"),
        (lambda c: c.get_campaigns(ApplicationId="no-such-app"), "NotFoundException"),
        (lambda c: c.create_app(CreateApplicationRequest={"Name": ""}), "BadRequestException"),
        (lambda c: c.get_apps(PageSize="0"), "BadRequestException"),
        (lambda c: c.get_apps(Token="forged"), "BadRequestException"),
        (
            lambda c: c.create_app(CreateApplicationRequest={"Name": "x" * (2 * 1024 * 1024)}),
            "PayloadTooLargeException",
        ),
    ],
)
def test_errors_raise_the_modelled_exception(pinpoint: Any, call: Any, exception: str) -> None:
    with pytest.raises(getattr(pinpoint.exceptions, exception)) as info:
        call(pinpoint)
    error = info.value.response["Error"]
    assert error["Code"] == exception
    assert error["Message"]


def test_errors_inside_an_application_raise_the_modelled_exception(
    pinpoint: Any, app_id: str
) -> None:
    not_found = pinpoint.exceptions.NotFoundException
    bad_request = pinpoint.exceptions.BadRequestException
    with pytest.raises(not_found):
        pinpoint.get_campaign(ApplicationId=app_id, CampaignId="missing")
    with pytest.raises(not_found):
        pinpoint.get_event_stream(ApplicationId=app_id)
    with pytest.raises(not_found):
        pinpoint.get_apns_channel(ApplicationId=app_id)
    with pytest.raises(bad_request) as info:
        pinpoint.create_campaign(ApplicationId=app_id, WriteCampaignRequest={"Name": "no segment"})
    assert "SegmentId" in info.value.response["Error"]["Message"]
    with pytest.raises(bad_request):
        pinpoint.get_campaign_version(ApplicationId=app_id, CampaignId="c", Version="v1")
