"""Pagination of every list operation (ERRATA E21): page-size, opaque stable tokens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from pinpoint_conformance.reference_target._pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Paginator,
)

Api = Callable[..., requests.Response]
ROLE = "arn:aws:iam::123456789012:role/pinpoint"
IMPORT = {"S3Url": "s3://bucket-name/f.csv", "RoleArn": ROLE, "Format": "CSV"}
COUNT = 7


def _fill(api: Api, app_id: str, kind: str) -> tuple[str, list[str]]:
    """Make COUNT items for list `kind`; return the list path and the items' keys in order."""
    base = f"/v1/apps/{app_id}"
    if kind == "apps":
        ids = [api("POST", "/v1/apps", json={"Name": f"p{n}"}).json()["Id"] for n in range(COUNT)]
        return "/v1/apps", ids
    if kind in ("campaigns", "segments"):
        body = {"SegmentId": "s"} if kind == "campaigns" else {}
        ids = [api("POST", f"{base}/{kind}", json=body).json()["Id"] for _ in range(COUNT)]
        return f"{base}/{kind}", ids
    if kind in ("campaign-versions", "segment-versions"):
        plural = kind.split("-")[0] + "s"
        body = {"SegmentId": "s"} if plural == "campaigns" else {}
        one = api("POST", f"{base}/{plural}", json=body).json()["Id"]
        for _ in range(COUNT - 1):
            api("PUT", f"{base}/{plural}/{one}", json=body)
        return f"{base}/{plural}/{one}/versions", [str(n) for n in range(1, COUNT + 1)]
    if kind == "jobs":
        ids = [api("POST", f"{base}/jobs/import", json=IMPORT).json()["Id"] for _ in range(COUNT)]
        return f"{base}/jobs/import", ids
    if kind == "segment-jobs":
        segment = api("POST", f"{base}/segments", json={}).json()["Id"]
        ids = []
        for n in range(COUNT * 2):
            body = {**IMPORT, "SegmentId": segment if n % 2 else "other"}
            job = api("POST", f"{base}/jobs/import", json=body).json()["Id"]
            if n % 2:
                ids.append(job)
        return f"{base}/segments/{segment}/jobs/import", ids
    raise AssertionError(kind)


def _key(kind: str, item: dict) -> str:
    return str(item["Version"]) if kind.endswith("versions") else str(item["Id"])


KINDS = [
    "apps",
    "campaigns",
    "segments",
    "campaign-versions",
    "segment-versions",
    "jobs",
    "segment-jobs",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", [1, 3, COUNT, 100])
def test_a_walk_returns_every_item_once_in_order(
    api: Api, app_id: str, kind: str, size: int
) -> None:
    path, expected = _fill(api, app_id, kind)
    seen: list[str] = []
    token = None
    bound = 5000 if kind == "apps" else 3 * COUNT + 3  # other tests' apps are listed too
    for _ in range(bound):
        query = f"page-size={size}" + (f"&token={token}" if token else "")
        page = api("GET", f"{path}?{query}").json()
        assert len(page["Item"]) <= size
        seen.extend(_key(kind, item) for item in page["Item"])
        token = page.get("NextToken")
        if token is None:
            break
        assert len(page["Item"]) == size
    if kind == "apps":
        assert [key for key in seen if key in expected] == expected
        assert len(seen) == len(set(seen))
    else:
        assert seen == expected


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_token_gives_the_same_page_and_other_lists_refuse_it(
    api: Api, app_id: str, kind: str
) -> None:
    path, _ = _fill(api, app_id, kind)
    first = api("GET", f"{path}?page-size=2").json()
    token = first["NextToken"]
    again = [api("GET", f"{path}?page-size=2&token={token}").json() for _ in range(3)]
    assert again[0] == again[1] == again[2]
    assert again[0]["Item"] != first["Item"]
    other_app = api("POST", "/v1/apps", json={"Name": "other"}).json()["Id"]
    for elsewhere in (
        f"/v1/apps/{other_app}/segments",
        f"/v1/apps/{other_app}/jobs/import",
        "/v1/apps" if kind != "apps" else f"/v1/apps/{app_id}/segments",
    ):
        response = api("GET", f"{elsewhere}?token={token}")
        assert response.status_code == 400, response.text
        assert "token" in response.json()["Message"]


@pytest.mark.parametrize("token", ["x", "AAAA", "A" * 27, "%00", "a" * 500])
def test_a_token_this_server_did_not_issue_is_400(api: Api, app_id: str, token: str) -> None:
    response = api("GET", f"/v1/apps/{app_id}/campaigns?token={token}")
    assert response.status_code == 400
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert "token" in response.json()["Message"]


def test_a_token_from_another_server_run_is_refused() -> None:
    issued = Paginator().token(3, "GetApps")
    with pytest.raises(Exception, match="not issued by this server"):
        Paginator().position(issued, "GetApps")


def test_page_size_defaults_and_is_capped(api: Api, app_id: str) -> None:
    body = {"Item": [{"Id": f"e{n}", "Address": "a"} for n in range(100)]}
    api("PUT", f"/v1/apps/{app_id}/endpoints", json=body)
    segment = api("POST", f"/v1/apps/{app_id}/segments", json={}).json()["Id"]
    for _ in range(DEFAULT_PAGE_SIZE + 4):
        api("PUT", f"/v1/apps/{app_id}/segments/{segment}", json={})
    path = f"/v1/apps/{app_id}/segments/{segment}/versions"
    default = api("GET", path).json()
    assert len(default["Item"]) == DEFAULT_PAGE_SIZE and "NextToken" in default
    large = api("GET", f"{path}?page-size=9999").json()
    assert len(large["Item"]) == DEFAULT_PAGE_SIZE + 5 and "NextToken" not in large
    assert Paginator().page_size("9999") == MAX_PAGE_SIZE


def test_deleting_while_walking_neither_repeats_nor_skips(api: Api, app_id: str) -> None:
    path, ids = _fill(api, app_id, "segments")
    first = api("GET", f"{path}?page-size=3").json()
    api("DELETE", f"{path}/{ids[0]}")  # an item already seen
    api("DELETE", f"{path}/{ids[5]}")  # an item not yet seen
    rest = api("GET", f"{path}?page-size=10&token={first['NextToken']}").json()
    seen = [item["Id"] for item in first["Item"] + rest["Item"]]
    assert seen == [i for n, i in enumerate(ids) if n != 5]
