"""PAGE: every list operation, walked page by page (ERRATA E21).

For each list the test creates the run profile's `page_items` items (or versions), then walks
the list from its first page with a small `page-size`, so that the items fill several pages.
Every page must hold at most `page-size` items; the walk must end (a token that leads back is
a failure, not a hang) and return each item the run created exactly once; a made-up token is
a 4xx; the same token twice gives the same page. With `--app-id` the lists may hold items
that existed before the run: only the run's own items are required to appear exactly once.
A new campaign has no activities, so for GetCampaignActivities only what an empty list can
show is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from pinpoint_conformance.checks.paging import (
    PAGE_DUPLICATE,
    PAGE_MISSING,
    duplicates,
    missing,
    page_size_for,
)
from pinpoint_conformance.plugin import Profile
from pinpoint_conformance.probe import Blocked, Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import make_segment
from pinpoint_conformance.suite._pages import check_tokens, walk_pages

Made = tuple[dict[str, str], list[Any]]  # (path parameters, keys of the run's own items)
Setup = Callable[[Probe, int, int, bool], Made]


@dataclass(frozen=True)
class ListCase:
    operation_id: str
    key: str  # the member that tells the items apart
    setup: Setup  # (probe, count, seed, app id given) -> (path parameters, the run's own keys)
    own_app_only: bool = False  # creates what the contract cannot delete


def _created(probe: Probe, operation_id: str, body: dict[str, Any],
             params: dict[str, str] | None = None) -> str:
    answer = probe.succeed(operation_id, params, body=body)
    rid = answer.get("Id")
    if not isinstance(rid, str) or not rid:
        raise Blocked(f"{operation_id} answered no Id")
    return rid


def _campaign(probe: Probe, name: str, segment_id: str) -> str:
    campaign_id = _created(probe, "CreateCampaign", bodies.campaign(name, segment_id))
    probe.tracker.add(f"campaign {campaign_id}", "DeleteCampaign",
                      {"application-id": probe.app_id, "campaign-id": campaign_id})
    return campaign_id


def _apps(probe: Probe, count: int, seed: int, given: bool) -> Made:
    own = [probe.app_id]
    if given:
        return {}, own  # the account's other applications are not the run's to add to
    for n in range(count - 1):
        app_id = _created(probe, "CreateApp", {"Name": f"pinpoint-conformance-{seed}-page-{n}"})
        probe.tracker.add(f"application {app_id}", "DeleteApp", {"application-id": app_id})
        own.append(app_id)
    return {}, own


def _campaigns(probe: Probe, count: int, seed: int, given: bool) -> Made:
    segment_id = make_segment(probe, f"pc-{seed}-page-campaigns")
    return {}, [_campaign(probe, f"pc-{seed}-page-{n}", segment_id) for n in range(count)]


def _versions(answers: list[dict[str, Any]]) -> list[Any]:
    """The Version each write answered with: what the versions list must hold (the numbers
    1..N are a decision, VER-009; ERRATA E36)."""
    return [answer.get("Version") for answer in answers if answer.get("Version") is not None]


def _campaign_versions(probe: Probe, count: int, seed: int, given: bool) -> Made:
    segment_id = make_segment(probe, f"pc-{seed}-page-versions")
    created = probe.succeed("CreateCampaign",
                            body=bodies.campaign(f"pc-{seed}-page-v1", segment_id))
    campaign_id = str(created.get("Id"))
    probe.tracker.add(f"campaign {campaign_id}", "DeleteCampaign",
                      {"application-id": probe.app_id, "campaign-id": campaign_id})
    ids = {"campaign-id": campaign_id}
    answers = [created] + [
        probe.succeed("UpdateCampaign", ids,
                      body=bodies.campaign(f"pc-{seed}-page-v{n}", segment_id, f"Title {n}"))
        for n in range(2, count + 1)]
    return ids, _versions(answers)


def _activities(probe: Probe, count: int, seed: int, given: bool) -> Made:
    segment_id = make_segment(probe, f"pc-{seed}-page-activities")
    return {"campaign-id": _campaign(probe, f"pc-{seed}-page-activities", segment_id)}, []


def _segments(probe: Probe, count: int, seed: int, given: bool) -> Made:
    return {}, [make_segment(probe, f"pc-{seed}-page-{n}") for n in range(count)]


def _segment_versions(probe: Probe, count: int, seed: int, given: bool) -> Made:
    created = probe.succeed("CreateSegment", body=bodies.segment(f"pc-{seed}-page-v1"))
    segment_id = str(created.get("Id"))
    probe.tracker.add(f"segment {segment_id}", "DeleteSegment",
                      {"application-id": probe.app_id, "segment-id": segment_id})
    ids = {"segment-id": segment_id}
    answers = [created] + [
        probe.succeed("UpdateSegment", ids, body=bodies.segment(f"pc-{seed}-page-v{n}"))
        for n in range(2, count + 1)]
    return ids, _versions(answers)


def _jobs(probe: Probe, count: int, seed: int, tag: str) -> tuple[str, list[Any]]:
    segment_id = make_segment(probe, f"pc-{seed}-page-{tag}")
    jobs = [_created(probe, "CreateImportJob", bodies.import_job(seed, segment_id, f"-{tag}-{n}"))
            for n in range(count)]
    return segment_id, jobs


def _import_jobs(probe: Probe, count: int, seed: int, given: bool) -> Made:
    return {}, _jobs(probe, count, seed, "jobs")[1]


def _segment_import_jobs(probe: Probe, count: int, seed: int, given: bool) -> Made:
    segment_id, jobs = _jobs(probe, count, seed, "segment-jobs")
    return {"segment-id": segment_id}, jobs


LISTS = (
    ListCase("GetApps", "Id", _apps),
    ListCase("GetCampaigns", "Id", _campaigns),
    ListCase("GetCampaignVersions", "Version", _campaign_versions),
    ListCase("GetCampaignActivities", "Id", _activities),
    ListCase("GetSegments", "Id", _segments),
    ListCase("GetSegmentVersions", "Version", _segment_versions),
    ListCase("GetImportJobs", "Id", _import_jobs, own_app_only=True),
    ListCase("GetSegmentImportJobs", "Id", _segment_import_jobs, own_app_only=True),
)


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=case.operation_id,
                  marks=pytest.mark.pinpoint(family="PAGE", operation=case.operation_id))
     for case in LISTS],
)
def test_paging(probe: Probe, case: ListCase, pinpoint_profile: Profile, pinpoint_seed: int,
                pytestconfig: pytest.Config) -> None:
    given_app = bool(pytestconfig.getoption("--pinpoint-app-id"))
    if case.own_app_only and given_app:
        pytest.skip("would leave behind items the contract cannot delete in the existing "
                    "application given with --app-id")
    op = case.operation_id
    page_size = page_size_for(pinpoint_profile.page_items)
    params, own = case.setup(probe, pinpoint_profile.page_items, pinpoint_seed, given_app)

    walked = walk_pages(probe, op, case.key, params, page_size)
    if walked.ended:
        # Items that existed before the run are not the run's to judge with --app-id, nor
        # the account's other applications.
        among = set(own) if given_app or op == "GetApps" else None
        twice = duplicates(walked.keys, among)
        probe.verify(not twice, PAGE_DUPLICATE, op, "items appear on more than one page",
                     "each item once", twice)
        lost = missing(own, walked.keys)
        probe.verify(not lost, PAGE_MISSING, op, "items the run created are not on any page",
                     f"all {len(own)} items", f"missing {lost}")

    check_tokens(probe, op, case.key, params, page_size, walked, pinpoint_seed)
