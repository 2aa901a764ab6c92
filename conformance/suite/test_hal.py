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

import pytest

from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.contract import HAL_JSON
from pinpoint_conformance.probe import Blocked, Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._hal import check_page, check_resource, hal


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
