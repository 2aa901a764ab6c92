"""What the target does with what it is sent (docs/reference-target.md, "Semantics")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
import requests

Api = Callable[..., requests.Response]

ID = re.compile(r"^[0-9a-f]{32}$")
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ROLE = "arn:aws:iam::123456789012:role/pinpoint"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/events"
FIREHOSE = "arn:aws:firehose:us-east-1:123456789012:deliverystream/events"
IMPORT = {"S3Url": "s3://bucket-name/endpoints.csv", "RoleArn": ROLE, "Format": "CSV"}


def moment(stamp: str) -> datetime:
    assert STAMP.match(stamp), stamp
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def ok(response: requests.Response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body, dict)
    return body


def gone(response: requests.Response) -> None:
    assert response.status_code == 404, response.text
    assert response.headers["x-amzn-ErrorType"] == "NotFoundException"


# ------------------------------------------------------------------ apps
def test_an_app_is_created_read_listed_and_deleted(api: Api) -> None:
    app = ok(api("POST", "/v1/apps", json={"Name": "one"}), 201)
    assert ID.match(app["Id"])
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:000000000000:apps/{app['Id']}"
    assert app["Name"] == "one"
    moment(app["CreationDate"])
    assert ok(api("GET", f"/v1/apps/{app['Id']}")) == app
    listed = ok(api("GET", "/v1/apps?page-size=1000"))["Item"]
    assert app in listed
    assert ok(api("DELETE", f"/v1/apps/{app['Id']}")) == app
    gone(api("GET", f"/v1/apps/{app['Id']}"))
    gone(api("DELETE", f"/v1/apps/{app['Id']}"))


def test_deleting_an_app_removes_everything_under_it(api: Api, app_id: str) -> None:
    segment = ok(api("POST", f"/v1/apps/{app_id}/segments", json={"Name": "s"}), 201)
    campaign = ok(
        api("POST", f"/v1/apps/{app_id}/campaigns", json={"SegmentId": segment["Id"]}), 201
    )
    api("PUT", f"/v1/apps/{app_id}/endpoints/e1", json={"Address": "a"})
    ok(api("DELETE", f"/v1/apps/{app_id}"))
    for path in (
        "",
        "/campaigns",
        f"/campaigns/{campaign['Id']}",
        f"/campaigns/{campaign['Id']}/versions",
        f"/segments/{segment['Id']}",
        "/endpoints/e1",
        "/settings",
        "/jobs/import",
        "/channels/apns",
        "/eventstream",
    ):
        gone(api("GET", f"/v1/apps/{app_id}{path}"))


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/campaigns", None),
        ("POST", "/campaigns", {"SegmentId": "s"}),
        ("GET", "/campaigns/c/activities", None),
        ("GET", "/segments", None),
        ("POST", "/segments", {}),
        ("GET", "/segments/s/jobs/import", None),
        ("PUT", "/channels/apns", {"Certificate": "c", "PrivateKey": "k"}),
        ("PUT", "/channels/gcm", {"ApiKey": "k"}),
        ("PUT", "/endpoints", {"Item": [{"Id": "e"}]}),
        ("PUT", "/endpoints/e", {"Address": "a"}),
        ("GET", "/endpoints/e", None),
        ("POST", "/eventstream", {"RoleArn": ROLE, "DestinationStreamArn": STREAM}),
        ("POST", "/jobs/import", IMPORT),
        ("GET", "/jobs/import", None),
        ("GET", "/jobs/import/j", None),
        ("GET", "/settings", None),
        ("PUT", "/settings", {}),
    ],
)
def test_every_app_scoped_route_404s_for_an_unknown_app(
    api: Api, method: str, path: str, body: dict | None
) -> None:
    gone(api(method, f"/v1/apps/no-such-app{path}", json=body))


# ------------------------------------------------------------------ campaigns and segments
@pytest.mark.parametrize("kind", ["campaigns", "segments"])
def test_versions_count_up_by_one_and_each_version_keeps_its_content(
    api: Api, app_id: str, kind: str
) -> None:
    base = f"/v1/apps/{app_id}/{kind}"
    extra = {"SegmentId": "seg-1"} if kind == "campaigns" else {}
    created = ok(api("POST", base, json={**extra, "Name": "v1"}), 201)
    assert ID.match(created["Id"]) and created["Version"] == 1
    assert created["CreationDate"] == created["LastModifiedDate"]
    resource = f"{base}/{created['Id']}"
    previous = created
    for number in range(2, 6):
        updated = ok(api("PUT", resource, json={**extra, "Name": f"v{number}"}))
        assert updated["Version"] == previous["Version"] + 1 == number
        assert updated["CreationDate"] == created["CreationDate"]
        assert moment(updated["LastModifiedDate"]) > moment(previous["LastModifiedDate"])
        previous = updated
    assert ok(api("GET", resource)) == previous
    versions = ok(api("GET", f"{resource}/versions"))["Item"]
    assert [v["Version"] for v in versions] == [1, 2, 3, 4, 5]
    assert [v["Name"] for v in versions] == ["v1", "v2", "v3", "v4", "v5"]
    for version in versions:
        assert ok(api("GET", f"{resource}/versions/{version['Version']}")) == version
    gone(api("GET", f"{resource}/versions/6"))
    assert api("GET", f"{resource}/versions/0").status_code == 400


@pytest.mark.parametrize("kind", ["campaigns", "segments"])
def test_a_deleted_resource_is_returned_then_gone(api: Api, app_id: str, kind: str) -> None:
    base = f"/v1/apps/{app_id}/{kind}"
    body = {"SegmentId": "seg-1"} if kind == "campaigns" else {}
    created = ok(api("POST", base, json=body), 201)
    resource = f"{base}/{created['Id']}"
    assert ok(api("DELETE", resource)) == created
    gone(api("GET", resource))
    gone(api("PUT", resource, json=body))
    gone(api("DELETE", resource))
    gone(api("GET", f"{resource}/versions"))
    gone(api("GET", f"{resource}/versions/1"))
    assert created["Id"] not in {item["Id"] for item in ok(api("GET", base))["Item"]}


def test_a_campaign_answers_with_server_members(api: Api, app_id: str) -> None:
    segment = ok(api("POST", f"/v1/apps/{app_id}/segments", json={"Name": "s"}), 201)
    ok(api("PUT", f"/v1/apps/{app_id}/segments/{segment['Id']}", json={"Name": "s2"}))
    campaign = ok(
        api(
            "POST",
            f"/v1/apps/{app_id}/campaigns",
            json={
                "SegmentId": segment["Id"],
                "HoldoutPercent": 10,
                "AdditionalTreatments": [{"SizePercent": 40}, {"SizePercent": 50}],
                "IsPaused": True,
            },
        ),
        201,
    )
    assert campaign["ApplicationId"] == app_id
    assert campaign["SegmentVersion"] == 2
    assert campaign["State"] == {"Status": "PAUSED"} == campaign["DefaultState"]
    assert [t["Id"] for t in campaign["AdditionalTreatments"]] == ["1", "2"]
    assert ok(api("GET", f"/v1/apps/{app_id}/campaigns/{campaign['Id']}/activities")) == {
        "Item": []
    }
    gone(api("GET", f"/v1/apps/{app_id}/campaigns/missing/activities"))


def test_a_segment_has_the_reference_type(api: Api, app_id: str) -> None:
    segment = ok(api("POST", f"/v1/apps/{app_id}/segments", json={}), 201)
    assert segment["Type"] == "DIMENSIONAL" and "SegmentType" not in segment


# ------------------------------------------------------------------ channels
@pytest.mark.parametrize(
    ("channel", "request_body"),
    [("apns", {"Certificate": "CERT", "PrivateKey": "KEY"}), ("gcm", {"ApiKey": "AK"})],
)
def test_channels_are_created_by_their_first_put_and_versioned(
    api: Api, app_id: str, channel: str, request_body: dict
) -> None:
    path = f"/v1/apps/{app_id}/channels/{channel}"
    gone(api("GET", path))
    gone(api("DELETE", path))
    first = ok(api("PUT", path, json=request_body))
    assert first["Version"] == 1 and first["Platform"] == channel.upper()
    assert first["ApplicationId"] == app_id and first["IsArchived"] is False
    second = ok(api("PUT", path, json=request_body))
    assert second["Version"] == 2 and second["CreationDate"] == first["CreationDate"]
    assert moment(second["LastModifiedDate"]) > moment(first["LastModifiedDate"])
    assert ok(api("GET", path)) == second
    assert ok(api("DELETE", path)) == second
    gone(api("GET", path))
    again = ok(api("PUT", path, json=request_body))
    assert again["Version"] == 1


def test_apns_answers_never_echo_the_key_or_certificate(api: Api, app_id: str) -> None:
    path = f"/v1/apps/{app_id}/channels/apns"
    body = {"Certificate": "CERT-SECRET", "PrivateKey": "KEY-SECRET"}
    for response in (api("PUT", path, json=body), api("GET", path), api("DELETE", path)):
        assert response.status_code == 200
        assert "KEY-SECRET" not in response.text and "CERT-SECRET" not in response.text


def test_gcm_answers_carry_the_credential(api: Api, app_id: str) -> None:
    path = f"/v1/apps/{app_id}/channels/gcm"
    assert ok(api("PUT", path, json={"ApiKey": "AK-1"}))["Credential"] == "AK-1"
    assert ok(api("PUT", path, json={"ApiKey": "AK-2"}))["Credential"] == "AK-2"
    assert ok(api("GET", path))["Credential"] == "AK-2"


# ------------------------------------------------------------------ endpoints
def test_endpoints_are_upserted_and_a_single_put_merges(api: Api, app_id: str) -> None:
    path = f"/v1/apps/{app_id}/endpoints/device-1"
    gone(api("GET", path))
    accepted = ok(api("PUT", path, json={"ChannelType": "GCM", "Address": "t1"}), 202)
    assert accepted["Message"] and accepted["RequestID"]
    first = ok(api("GET", path))
    assert (first["ApplicationId"], first["Id"], first["Address"]) == (app_id, "device-1", "t1")
    assert re.match(r"^([0-9]|[1-9][0-9])$", first["CohortId"])
    moment(first["CreationDate"])
    ok(api("PUT", path, json={"User": {"UserId": "u1"}, "Status": "INACTIVE"}), 202)
    merged = ok(api("GET", path))
    assert merged["Address"] == "t1" and merged["ChannelType"] == "GCM"
    assert merged["User"] == {"UserId": "u1"} and merged["Status"] == "INACTIVE"
    assert merged["CohortId"] == first["CohortId"]
    assert merged["CreationDate"] == first["CreationDate"]


def test_batch_upserts_every_item(api: Api, app_id: str) -> None:
    items = [{"Id": f"b{n}", "ChannelType": "APNS", "Address": f"a{n}"} for n in range(100)]
    assert ok(api("PUT", f"/v1/apps/{app_id}/endpoints", json={"Item": items}), 202)["Message"]
    for n in (0, 57, 99):
        endpoint = ok(api("GET", f"/v1/apps/{app_id}/endpoints/b{n}"))
        assert endpoint["Address"] == f"a{n}"
    too_many = [{"Id": f"x{n}"} for n in range(101)]
    assert api("PUT", f"/v1/apps/{app_id}/endpoints", json={"Item": too_many}).status_code == 400


def test_an_endpoint_is_active_once_its_address_is_updated(api: Api, app_id: str) -> None:
    path = f"/v1/apps/{app_id}/endpoints/status-1"
    ok(api("PUT", path, json={"Address": "a", "Status": "INACTIVE"}), 202)
    ok(api("PUT", path, json={"OptOut": "NONE"}), 202)  # no new address: Status kept
    assert ok(api("GET", path))["Status"] == "INACTIVE"
    ok(api("PUT", path, json={"Address": "a"}), 202)  # the same address: Status kept
    assert ok(api("GET", path))["Status"] == "INACTIVE"
    ok(api("PUT", path, json={"Address": "b"}), 202)
    assert ok(api("GET", path))["Status"] == "ACTIVE"
    ok(api("PUT", path, json={"Address": "c", "EndpointStatus": "INACTIVE"}), 202)  # E45
    assert ok(api("GET", path))["Status"] == "INACTIVE"


def test_cohort_is_stable_per_endpoint_id(api: Api, app_id: str) -> None:
    other = ok(api("POST", "/v1/apps", json={"Name": "other"}), 201)["Id"]
    cohorts = set()
    for n in range(40):
        for app in (app_id, other):
            api("PUT", f"/v1/apps/{app}/endpoints/c{n}", json={"Address": "x"})
        one = ok(api("GET", f"/v1/apps/{app_id}/endpoints/c{n}"))["CohortId"]
        assert ok(api("GET", f"/v1/apps/{other}/endpoints/c{n}"))["CohortId"] == one
        cohorts.add(one)
    assert len(cohorts) > 10  # spread over the 100 cohorts


def test_an_endpoint_id_may_hold_an_encoded_slash(api: Api, app_id: str) -> None:
    ok(api("PUT", f"/v1/apps/{app_id}/endpoints/a%2Fb", json={"Address": "x"}), 202)
    assert ok(api("GET", f"/v1/apps/{app_id}/endpoints/a%2Fb"))["Id"] == "a/b"


# ------------------------------------------------------------------ event stream
def test_one_event_stream_per_app(api: Api, app_id: str) -> None:
    path = f"/v1/apps/{app_id}/eventstream"
    gone(api("GET", path))
    gone(api("DELETE", path))
    first = ok(api("POST", path, json={"RoleArn": ROLE, "DestinationStreamArn": STREAM}))
    assert first["ApplicationId"] == app_id
    moment(first["LastModifiedDate"])
    replaced = ok(
        api(
            "POST",
            path,
            json={"RoleArn": ROLE, "DestinationStreamArn": FIREHOSE, "ApplicationId": "ignored"},
        )
    )
    assert replaced["DestinationStreamArn"] == FIREHOSE and replaced["ApplicationId"] == app_id
    assert ok(api("GET", path)) == replaced
    assert ok(api("DELETE", path)) == replaced
    gone(api("GET", path))


# ------------------------------------------------------------------ import jobs
def test_import_jobs_are_created_listed_and_listed_by_segment(api: Api, app_id: str) -> None:
    segment = ok(api("POST", f"/v1/apps/{app_id}/segments", json={}), 201)["Id"]
    other = ok(api("POST", f"/v1/apps/{app_id}/segments", json={}), 201)["Id"]
    jobs = [
        ok(api("POST", f"/v1/apps/{app_id}/jobs/import", json={**IMPORT, **extra}), 201)
        for extra in ({"SegmentId": segment}, {"SegmentId": other}, {}, {"SegmentId": segment})
    ]
    job = jobs[0]
    assert ID.match(job["Id"]) and job["ApplicationId"] == app_id
    assert job["Type"] == "Import" and job["Status"] == "CREATED"
    assert job["Definition"] == {**IMPORT, "SegmentId": segment}
    moment(job["CreationDate"])
    assert ok(api("GET", f"/v1/apps/{app_id}/jobs/import/{job['Id']}")) == job
    listed = ok(api("GET", f"/v1/apps/{app_id}/jobs/import"))["Item"]
    assert listed == jobs
    by_segment = ok(api("GET", f"/v1/apps/{app_id}/segments/{segment}/jobs/import"))["Item"]
    assert by_segment == [jobs[0], jobs[3]]
    gone(api("GET", f"/v1/apps/{app_id}/segments/missing/jobs/import"))
    gone(api("GET", f"/v1/apps/{app_id}/jobs/import/missing"))


# ------------------------------------------------------------------ settings
def test_settings_start_empty_and_merge(api: Api, app_id: str) -> None:
    path = f"/v1/apps/{app_id}/settings"
    assert ok(api("GET", path)) == {"ApplicationId": app_id}
    first = ok(api("PUT", path, json={"Limits": {"Daily": 5, "Total": 50}}))
    assert first["Limits"] == {"Daily": 5, "Total": 50}
    moment(first["LastModifiedDate"])
    second = ok(api("PUT", path, json={"QuietTime": {"Start": "22:00", "End": "06:00"}}))
    assert second["Limits"] == {"Daily": 5, "Total": 50}
    assert second["QuietTime"] == {"Start": "22:00", "End": "06:00"}
    assert moment(second["LastModifiedDate"]) > moment(first["LastModifiedDate"])
    third = ok(api("PUT", path, json={"Limits": {"Daily": 1}}))
    assert third["Limits"] == {"Daily": 1} and third["QuietTime"] == second["QuietTime"]
    assert ok(api("GET", path)) == third
