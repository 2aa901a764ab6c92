"""HAL: with `Accept: application/hal+json`, every answer is HAL (ERRATA E20).

Each resource family is created, read, listed and updated with HAL asked. Every resource and
every list item must carry `_links.self.href`, which is followed (GET, the same Accept, through
the run's signed client) and must lead to the same resource; a list page must carry
`_links.self`, and `_links.next` exactly when it carries NextToken, and `next` must lead to the
page NextToken names. The exchange checks see HAL asked too: CTYPE-002 wants
`application/hal+json` on success and error, SHAPE-002 the `<Schema>Hal` schemas.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest

from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.hal import (
    HAL_DEREFERENCE,
    HAL_LINKS,
    HAL_NEXT,
    HAL_NEXT_PAGE,
    HAL_SELF,
    has_links,
    identity_differences,
    link,
    match_operation,
    path_and_query,
)
from pinpoint_conformance.contract import HAL_JSON
from pinpoint_conformance.probe import Answer, Blocked, Probe
from pinpoint_conformance.suite import bodies

PAGE_SIZE = 1  # so that two items make two pages, and the first page has a next link


def hal(probe: Probe, operation_id: str, params: dict[str, str] | None = None,
        **options: Any) -> dict[str, Any]:
    """Call an operation that must succeed, with HAL asked; its body."""
    return probe.succeed(operation_id, params, accept=HAL_JSON, **options)


def follow(probe: Probe, operation_id: str, href: str, base: str) -> Answer | None:
    """GET a link (resolved against the URL of the answer that carried it) through the run's
    client, with HAL asked. None, and a HAL-002 finding, when the link names no readable
    operation of the contract."""
    target = path_and_query(urljoin(base, href))
    matched = match_operation(probe.contract, "GET", target)
    if matched is None:
        probe.report(HAL_DEREFERENCE, operation_id, "a link names no readable resource",
                     "a path of a GET operation of the contract", href)
        return None
    read, params = matched
    url = probe.client.config.base_url + target
    return probe.request(read, params, accept=HAL_JSON, url=url)


def check_resource(probe: Probe, operation_id: str, body: Any, base: str,
                   dereference: bool = True, item: bool = False) -> None:
    """HAL-001: a resource answered on its own includes hyperlinks; HAL-005: it (or an item
    of a list) has a self link; HAL-002: the self link leads to the same resource."""
    if not item:
        probe.verify(has_links(body), HAL_LINKS, operation_id,
                     "a HAL answer includes no hyperlinks (_links)", "a _links object",
                     _links_of(body))
    href = link(body, "self")
    probe.verify(href is not None, HAL_SELF, operation_id, "a resource has no _links.self.href",
                 "_links.self.href", _links_of(body))
    if href is None or not dereference:
        return
    answer = follow(probe, operation_id, href, base)
    if answer is None:
        return
    problems = (identity_differences(body, answer.body) if answer.status == 200
                else [f"the self link answered {answer.status}"])
    probe.verify(not problems, HAL_DEREFERENCE, operation_id,
                 "the self link does not lead to the same resource", href, "; ".join(problems),
                 answer.exchange)


def check_page(probe: Probe, operation_id: str, params: dict[str, str] | None,
               key: str = "Id") -> dict[str, Any]:
    """One HAL page of a list: its links, its items' links, and where `next` leads."""
    query = {"page-size": str(PAGE_SIZE)}
    answer = probe.request(operation_id, params, accept=HAL_JSON, query=query)
    page = answer.body
    if answer.status != 200 or not isinstance(page, dict):
        raise Blocked(f"{operation_id} answered {answer.status}")
    base = answer.exchange.url
    probe.verify(has_links(page), HAL_LINKS, operation_id,
                 "a HAL answer includes no hyperlinks (_links)", "a _links object",
                 _links_of(page))
    probe.verify(link(page, "self") is not None, HAL_SELF, operation_id,
                 "a list page has no _links.self.href", "_links.self.href", _links_of(page))
    for item in page.get("Item", []):
        check_resource(probe, operation_id, item, base, item=True)
    token, href = page.get("NextToken"), link(page, "next")
    probe.verify((token is None) == (href is None), HAL_NEXT, operation_id,
                 "_links.next and NextToken disagree",
                 "_links.next exactly when NextToken", f"NextToken {token!r}, next {href!r}")
    if token is not None and href is not None:
        by_link = follow(probe, operation_id, href, base)
        by_token = hal(probe, operation_id, params, query={**query, "token": token})
        if by_link is not None:
            linked = _keys(by_link.body, key)
            probe.verify(by_link.status == 200 and linked == _keys(by_token, key),
                         HAL_NEXT_PAGE, operation_id,
                         "_links.next does not lead to the page NextToken names",
                         _keys(by_token, key), f"{by_link.status}: {linked}", by_link.exchange)
    return page


def _keys(page: Any, key: str) -> list[Any]:
    items = page.get("Item", []) if isinstance(page, dict) else []
    return [item.get(key) for item in items if isinstance(item, dict)]


def _links_of(body: Any) -> Any:
    return body.get("_links", "no _links") if isinstance(body, dict) else type(body).__name__


def _created(probe: Probe, operation_id: str, body: dict[str, Any],
             params: dict[str, str] | None = None) -> tuple[dict[str, Any], str]:
    answer = probe.request(operation_id, params, accept=HAL_JSON, body=body)
    created = answer.body
    if not isinstance(created, dict) or not isinstance(created.get("Id"), str):
        raise Blocked(f"{operation_id} answered {answer.status} without an Id")
    return created, answer.exchange.url


@pytest.mark.pinpoint(family="HAL", operation="GetApp")
def test_hal_application(probe: Probe) -> None:
    answer = probe.request("GetApp", accept=HAL_JSON)
    check_resource(probe, "GetApp", answer.body, answer.exchange.url)
    check_page(probe, "GetApps", None)


@pytest.mark.pinpoint(family="HAL", operation="CreateApp")
@pytest.mark.usefixtures("own_app_only")
def test_hal_application_create_and_delete(probe: Probe, pinpoint_seed: int) -> None:
    name = f"pinpoint-conformance-{pinpoint_seed}-hal"
    created, url = _created(probe, "CreateApp", {"Name": name})
    ids = {"application-id": created["Id"]}
    probe.tracker.add(f"application {created['Id']}", "DeleteApp", ids)
    check_resource(probe, "CreateApp", created, url)
    deleted = probe.request("DeleteApp", ids, accept=HAL_JSON)
    probe.tracker.forget(f"application {created['Id']}")
    check_resource(probe, "DeleteApp", deleted.body, deleted.exchange.url, dereference=False)


def _versioned(probe: Probe, noun: str, first: dict[str, Any], second: dict[str, Any]) -> None:
    plural = f"{noun}s"
    create, get, update, delete = (f"Create{noun}", f"Get{noun}", f"Update{noun}",
                                   f"Delete{noun}")
    created, url = _created(probe, create, first)
    rid = created["Id"]
    ids = {f"{noun.lower()}-id": rid}
    probe.tracker.add(f"{noun.lower()} {rid}", delete, {"application-id": probe.app_id, **ids})
    check_resource(probe, create, created, url)
    other, _ = _created(probe, create, first)  # a second item, so the list has two pages
    probe.tracker.add(f"{noun.lower()} {other['Id']}", delete,
                      {"application-id": probe.app_id, f"{noun.lower()}-id": other["Id"]})
    answer = probe.request(get, ids, accept=HAL_JSON)
    check_resource(probe, get, answer.body, answer.exchange.url)
    check_page(probe, f"Get{plural}", None)
    updated = probe.request(update, ids, accept=HAL_JSON, body=second)
    check_resource(probe, update, updated.body, updated.exchange.url)
    check_page(probe, f"Get{noun}Versions", ids, key="Version")
    version = probe.request(f"Get{noun}Version", {**ids, "version": "1"}, accept=HAL_JSON)
    check_resource(probe, f"Get{noun}Version", version.body, version.exchange.url)
    deleted = probe.request(delete, ids, accept=HAL_JSON)
    probe.tracker.forget(f"{noun.lower()} {rid}")
    check_resource(probe, delete, deleted.body, deleted.exchange.url, dereference=False)


@pytest.mark.pinpoint(family="HAL", operation="GetSegment")
def test_hal_segments(probe: Probe, pinpoint_seed: int) -> None:
    _versioned(probe, "Segment", bodies.segment(f"pc-{pinpoint_seed}-hal-a"),
               bodies.segment(f"pc-{pinpoint_seed}-hal-b", "android"))


@pytest.mark.pinpoint(family="HAL", operation="GetCampaign")
def test_hal_campaigns(probe: Probe, pinpoint_seed: int) -> None:
    segment = hal(probe, "CreateSegment", body=bodies.segment(f"pc-{pinpoint_seed}-hal-c"))
    segment_id = str(segment.get("Id"))
    probe.tracker.add(f"segment {segment_id}", "DeleteSegment",
                      {"application-id": probe.app_id, "segment-id": segment_id})
    _versioned(probe, "Campaign", bodies.campaign(f"pc-{pinpoint_seed}-hal-a", segment_id),
               bodies.campaign(f"pc-{pinpoint_seed}-hal-b", segment_id, "Second"))
    campaigns = hal(probe, "GetCampaigns")
    campaign_id = next((item.get("Id") for item in campaigns.get("Item", [])), None)
    if isinstance(campaign_id, str):
        check_page(probe, "GetCampaignActivities", {"campaign-id": campaign_id})


@pytest.mark.pinpoint(family="HAL", operation="GetApnsChannel")
@pytest.mark.parametrize("platform", ["Apns", "Gcm"])
@pytest.mark.usefixtures("own_app_only")
def test_hal_channels(probe: Probe, platform: str) -> None:
    update, get, delete = (f"Update{platform}Channel", f"Get{platform}Channel",
                           f"Delete{platform}Channel")
    absent = probe.request(get, accept=HAL_JSON, expect=Expectation("error", 404, HAL_JSON))
    if absent.status != 404:
        pytest.skip(f"the {platform} channel already exists in this application")
    body = bodies.APNS_CHANNEL if platform == "Apns" else bodies.GCM_CHANNEL
    put = probe.request(update, accept=HAL_JSON, body=body)
    probe.tracker.add(f"{platform} channel", delete, {"application-id": probe.app_id})
    check_resource(probe, update, put.body, put.exchange.url)
    read = probe.request(get, accept=HAL_JSON)
    check_resource(probe, get, read.body, read.exchange.url)
    deleted = probe.request(delete, accept=HAL_JSON)
    probe.tracker.forget(f"{platform} channel")
    check_resource(probe, delete, deleted.body, deleted.exchange.url, dereference=False)


@pytest.mark.pinpoint(family="HAL", operation="GetEndpoint")
@pytest.mark.usefixtures("own_app_only")
def test_hal_endpoint(probe: Probe, pinpoint_seed: int) -> None:
    ids = {"endpoint-id": f"pc-{pinpoint_seed}-hal"}
    hal(probe, "UpdateEndpoint", ids, body=bodies.endpoint(f"token-{pinpoint_seed}-hal", "u"))
    read = probe.request("GetEndpoint", ids, accept=HAL_JSON)
    check_resource(probe, "GetEndpoint", read.body, read.exchange.url)
    item = {**bodies.endpoint(f"token-{pinpoint_seed}-hal-batch", "u"), "Id": ids["endpoint-id"]}
    hal(probe, "UpdateEndpointsBatch", body={"Item": [item]})  # a MessageBody: no links needed


@pytest.mark.pinpoint(family="HAL", operation="GetEventStream")
@pytest.mark.usefixtures("own_app_only")
def test_hal_event_stream(probe: Probe) -> None:
    absent = probe.request("GetEventStream", accept=HAL_JSON,
                           expect=Expectation("error", 404, HAL_JSON))
    if absent.status != 404:
        pytest.skip("the application already has an event stream")
    put = probe.request("PutEventStream", accept=HAL_JSON, body=bodies.EVENT_STREAM)
    probe.tracker.add("event stream", "DeleteEventStream", {"application-id": probe.app_id})
    check_resource(probe, "PutEventStream", put.body, put.exchange.url)
    read = probe.request("GetEventStream", accept=HAL_JSON)
    check_resource(probe, "GetEventStream", read.body, read.exchange.url)
    deleted = probe.request("DeleteEventStream", accept=HAL_JSON)
    probe.tracker.forget("event stream")
    check_resource(probe, "DeleteEventStream", deleted.body, deleted.exchange.url,
                   dereference=False)


@pytest.mark.pinpoint(family="HAL", operation="GetApplicationSettings")
def test_hal_settings(probe: Probe) -> None:
    read = probe.request("GetApplicationSettings", accept=HAL_JSON)
    check_resource(probe, "GetApplicationSettings", read.body, read.exchange.url)


@pytest.mark.pinpoint(family="HAL", operation="UpdateApplicationSettings")
@pytest.mark.usefixtures("own_app_only")
def test_hal_settings_update(probe: Probe) -> None:
    put = probe.request("UpdateApplicationSettings", accept=HAL_JSON, body=bodies.SETTINGS)
    check_resource(probe, "UpdateApplicationSettings", put.body, put.exchange.url)


@pytest.mark.pinpoint(family="HAL", operation="GetImportJob")
@pytest.mark.usefixtures("own_app_only")
def test_hal_import_jobs(probe: Probe, pinpoint_seed: int) -> None:
    segment = hal(probe, "CreateSegment", body=bodies.segment(f"pc-{pinpoint_seed}-hal-jobs"))
    segment_id = str(segment.get("Id"))
    probe.tracker.add(f"segment {segment_id}", "DeleteSegment",
                      {"application-id": probe.app_id, "segment-id": segment_id})
    for n in range(2):
        job, url = _created(probe, "CreateImportJob",
                            bodies.import_job(pinpoint_seed, segment_id, f"-hal-{n}"))
        check_resource(probe, "CreateImportJob", job, url)
    read = probe.request("GetImportJob", {"job-id": job["Id"]}, accept=HAL_JSON)
    check_resource(probe, "GetImportJob", read.body, read.exchange.url)
    check_page(probe, "GetImportJobs", None)
    check_page(probe, "GetSegmentImportJobs", {"segment-id": segment_id})


@pytest.mark.pinpoint(family="HAL", operation="GetCampaign")
def test_hal_error_answers(probe: Probe, pinpoint_seed: int) -> None:
    """Errors with HAL asked are HAL too (CTYPE-002 and SHAPE-003 judge them)."""
    probe.request("GetCampaign", {"campaign-id": f"pc-{pinpoint_seed}-absent"},
                  accept=HAL_JSON, expect=Expectation("error", 404, HAL_JSON))
    probe.request("CreateSegment", accept=HAL_JSON, raw_body=b"[]",
                  expect=Expectation("error", 400, HAL_JSON))
