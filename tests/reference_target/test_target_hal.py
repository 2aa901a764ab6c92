"""HAL (ERRATA E20): negotiation, `_links.self` on every resource and list item, `_links.next`
exactly when NextToken is present, and links that dereference."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from pinpoint_conformance.reference_target._hal import negotiate

Api = Callable[..., requests.Response]
HAL = "application/hal+json"
JSON = "application/json"
ROLE = "arn:aws:iam::123456789012:role/pinpoint"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/events"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (HAL, HAL),
        (f"{HAL}, */*", HAL),
        (f"{HAL}, {JSON};q=0.9", HAL),
        (f"{JSON}, {HAL};q=0.5", JSON),
        (f"{HAL};q=0.1, {JSON};q=0.2", JSON),
        (f"{HAL};q=0.9, */*;q=0.1", HAL),
        (f"{HAL};q=0, */*", JSON),
        (f"{HAL}, {JSON}", JSON),  # a tie between the two named types: plain JSON
        ("text/html", JSON),  # neither allowed: no 406 in the contract
        ("garbage;;;q=x", JSON),
    ],
)
def test_negotiation_honours_q_values(accept: str | None, media: str) -> None:
    assert negotiate(accept) == media


def test_without_hal_there_are_no_links(api: Api, app_id: str) -> None:
    for accept in (None, "*/*", JSON):
        headers = {"Accept": accept} if accept else {}
        response = api("GET", f"/v1/apps/{app_id}", headers=headers)
        assert response.headers["Content-Type"] == JSON
        assert "_links" not in response.json()


def _follow(api: Api, href: str) -> requests.Response:
    assert href.startswith("/v1/")
    return api("GET", href, hal=True)


def test_every_resource_has_a_self_link_that_dereferences(api: Api, app_id: str) -> None:
    segment = api("POST", f"/v1/apps/{app_id}/segments", json={"Name": "s"}, hal=True)
    campaign = api("POST", f"/v1/apps/{app_id}/campaigns", json={"SegmentId": "s"}, hal=True)
    answers: list[requests.Response] = [
        api("GET", f"/v1/apps/{app_id}", hal=True),
        segment,
        campaign,
        api(
            "PUT",
            f"/v1/apps/{app_id}/channels/apns",
            json={"Certificate": "c", "PrivateKey": "k"},
            hal=True,
        ),
        api("PUT", f"/v1/apps/{app_id}/channels/gcm", json={"ApiKey": "k"}, hal=True),
        api(
            "POST",
            f"/v1/apps/{app_id}/eventstream",
            json={"RoleArn": ROLE, "DestinationStreamArn": STREAM},
            hal=True,
        ),
        api(
            "POST",
            f"/v1/apps/{app_id}/jobs/import",
            json={"S3Url": "s3://bucket-name/f", "RoleArn": ROLE, "Format": "JSON"},
            hal=True,
        ),
        api("PUT", f"/v1/apps/{app_id}/settings", json={}, hal=True),
        api("GET", f"/v1/apps/{app_id}/campaigns/{campaign.json()['Id']}/versions/1", hal=True),
        api("GET", f"/v1/apps/{app_id}/segments/{segment.json()['Id']}/versions/1", hal=True),
    ]
    api("PUT", f"/v1/apps/{app_id}/endpoints/dev 1", json={"Address": "a"})
    answers.append(api("GET", f"/v1/apps/{app_id}/endpoints/dev%201", hal=True))
    for answer in answers:
        assert answer.status_code in (200, 201), answer.text
        assert answer.headers["Content-Type"] == HAL
        body = answer.json()
        again = _follow(api, body["_links"]["self"]["href"])
        assert again.status_code == 200
        assert again.json() == body  # the same resource, with the same links


def test_version_links_point_at_the_version_instance(api: Api, app_id: str) -> None:
    created = api("POST", f"/v1/apps/{app_id}/campaigns", json={"SegmentId": "s"}).json()
    api("PUT", f"/v1/apps/{app_id}/campaigns/{created['Id']}", json={"SegmentId": "s", "Name": "2"})
    versions = api("GET", f"/v1/apps/{app_id}/campaigns/{created['Id']}/versions", hal=True).json()
    hrefs = [item["_links"]["self"]["href"] for item in versions["Item"]]
    base = f"/v1/apps/{app_id}/campaigns/{created['Id']}/versions"
    assert hrefs == [f"{base}/1", f"{base}/2"]
    latest = api("GET", f"/v1/apps/{app_id}/campaigns/{created['Id']}", hal=True).json()
    assert latest["_links"]["self"]["href"] == f"/v1/apps/{app_id}/campaigns/{created['Id']}"


def test_list_pages_link_self_and_next_exactly_when_there_is_a_next_token(
    api: Api, app_id: str
) -> None:
    for n in range(5):
        api("POST", f"/v1/apps/{app_id}/segments", json={"Name": f"s{n}"})
    seen: list[str] = []
    page = api("GET", f"/v1/apps/{app_id}/segments?page-size=2", hal=True).json()
    assert page["_links"]["self"]["href"] == f"/v1/apps/{app_id}/segments?page-size=2"
    for _ in range(10):
        for item in page["Item"]:
            assert _follow(api, item["_links"]["self"]["href"]).json() == item
            seen.append(item["Name"])
        assert ("NextToken" in page) == ("next" in page["_links"])
        if "NextToken" not in page:
            break
        href = page["_links"]["next"]["href"]
        assert "page-size=2" in href and f"token={page['NextToken']}" in href
        page = _follow(api, href).json()
        assert _follow(api, page["_links"]["self"]["href"]).json() == page
    assert seen == [f"s{n}" for n in range(5)]


def test_hal_errors_are_hal_json(api: Api, app_id: str) -> None:
    for response in (
        api("GET", f"/v1/apps/{app_id}/campaigns/missing", hal=True),
        api("POST", f"/v1/apps/{app_id}/campaigns", json={}, hal=True),
        api("DELETE", "/v1/apps", hal=True),
        api("GET", "/nowhere", hal=True),
    ):
        assert response.status_code >= 400
        assert response.headers["Content-Type"] == HAL
        assert set(response.json()) == {"Message", "RequestID"}


def test_the_202_message_body_is_hal_json_without_links(api: Api, app_id: str) -> None:
    response = api("PUT", f"/v1/apps/{app_id}/endpoints/e", json={"Address": "a"}, hal=True)
    assert response.status_code == 202
    assert response.headers["Content-Type"] == HAL
    body: dict[str, Any] = response.json()
    assert set(body) == {"Message", "RequestID"}
