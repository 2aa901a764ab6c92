"""Either reading of a renamed member is accepted (ERRATA E06, E08, E11); answers use the
reference's. The aliases come from the contract's `x-alias-of` markers."""

from __future__ import annotations

from collections.abc import Callable

import requests

from pinpoint_conformance.contract import Contract
from pinpoint_conformance.reference_target._aliases import Shapes

Api = Callable[..., requests.Response]
ROLE = "arn:aws:iam::123456789012:role/pinpoint"


def test_aliases_are_read_from_the_contract(contract: Contract) -> None:
    shapes = Shapes(contract)
    marked = {
        (schema, name, prop["x-alias-of"])
        for schema, body in contract.schemas.items()
        for name, prop in (body.get("properties") or {}).items()
        if isinstance(prop, dict) and "x-alias-of" in prop
    }
    assert ("SegmentResponse", "SegmentType", "Type") in marked
    for schema, alias, reference in marked:
        assert shapes.of_schema(schema).aliases[alias] == reference


def test_endpoint_status_in_either_reading(api: Api, app_id: str) -> None:
    base = f"/v1/apps/{app_id}/endpoints"
    api("PUT", f"{base}/a", json={"Address": "x", "EndpointStatus": "INACTIVE"})
    api("PUT", f"{base}/b", json={"Address": "x", "Status": "INACTIVE"})
    api("PUT", base, json={"Item": [{"Id": "c", "EndpointStatus": "INACTIVE"}]})
    for endpoint in "abc":
        body = api("GET", f"{base}/{endpoint}").json()
        assert body["Status"] == "INACTIVE" and "EndpointStatus" not in body


def test_dimension_and_recency_types_in_either_reading(api: Api, app_id: str) -> None:
    for set_key, recency_key in (("Type", "Type"), ("DimensionType", "RecencyType")):
        dimensions = {
            "Demographic": {"Platform": {set_key: "EXCLUSIVE", "Values": ["android"]}},
            "Behavior": {"Recency": {recency_key: "INACTIVE", "Duration": "DAY_30"}},
        }
        segment = api("POST", f"/v1/apps/{app_id}/segments", json={"Dimensions": dimensions})
        assert segment.status_code == 201, segment.text
        body = segment.json()
        assert body["Dimensions"]["Demographic"]["Platform"] == {
            "Type": "EXCLUSIVE",
            "Values": ["android"],
        }
        recency = body["Dimensions"]["Behavior"]["Recency"]
        assert recency == {"Type": "INACTIVE", "Duration": "DAY_30"}


def test_import_external_id_in_either_reading(api: Api, app_id: str) -> None:
    for key in ("ExternalID", "ExternalId"):
        body = {"S3Url": "s3://bucket-name/f", "RoleArn": ROLE, "Format": "CSV", key: "ext-1"}
        job = api("POST", f"/v1/apps/{app_id}/jobs/import", json=body).json()
        # the answer's Definition is an ImportJobResource, which names it ExternalId
        assert job["Definition"]["ExternalId"] == "ext-1" and "ExternalID" not in job["Definition"]
        assert job["Status"] == "CREATED" and "JobStatus" not in job


def test_members_the_request_schema_does_not_declare_are_ignored(api: Api, app_id: str) -> None:
    body = {"SegmentId": "s", "Version": 99, "State": "bogus", "tags": {"a": "b"}, "Priority": 1}
    campaign = api("POST", f"/v1/apps/{app_id}/campaigns", json=body).json()
    assert campaign["Version"] == 1 and campaign["State"] == {"Status": "SCHEDULED"}
    assert "tags" not in campaign and "Priority" not in campaign


def test_when_both_readings_are_sent_the_reference_wins(api: Api, app_id: str) -> None:
    for body in (
        {"Status": "ACTIVE", "EndpointStatus": "INACTIVE"},
        {"EndpointStatus": "INACTIVE", "Status": "ACTIVE"},
    ):
        response = api("PUT", f"/v1/apps/{app_id}/endpoints/both", json=body)
        assert response.status_code == 202
        assert api("GET", f"/v1/apps/{app_id}/endpoints/both").json()["Status"] == "ACTIVE"
