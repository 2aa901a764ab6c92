"""Campaigns: life, version history and activities (Campaigns List, Campaign Instance, ...)."""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_conformance.checks.compare import alias_names, normalise
from pinpoint_conformance.checks.resource import (
    LIFE_AB_COMPLETED,
    LIFE_DEFAULT_STATE,
    LIFE_NO_ACTIVITY,
    LIFE_TREATMENT_IDS,
    ab_completed_problems,
    default_state_problem,
    repeated_treatment_ids,
)
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import Versioned, make_segment, versioned_lifecycle, walk

# what only an activity that has run carries
RAN = ("Start", "End", "Result", "SuccessfulEndpointCount", "TotalEndpointCount")

CAMPAIGN = Versioned("campaign", "campaign-id", "CreateCampaign", "GetCampaign",
                     "UpdateCampaign", "DeleteCampaign", "GetCampaignVersions",
                     "GetCampaignVersion", "GetCampaigns")


@pytest.mark.pinpoint(family="LIFE", operation="CreateCampaign")
def test_campaign_lifecycle_and_versions(probe: Probe, pinpoint_seed: int) -> None:
    segment_id = make_segment(probe, f"pc-{pinpoint_seed}-campaign-segment")
    versioned_lifecycle(
        probe, CAMPAIGN,
        bodies.campaign(f"pc-{pinpoint_seed}-a", segment_id, "First"),
        bodies.campaign(f"pc-{pinpoint_seed}-b", segment_id, "Second"),
        bodies.campaign(f"pc-{pinpoint_seed}-c", segment_id, "Third"),
    )


@pytest.mark.pinpoint(family="LIFE", operation="GetCampaignActivities")
def test_a_new_campaign_has_no_activities(probe: Probe, pinpoint_seed: int) -> None:
    segment_id = make_segment(probe, f"pc-{pinpoint_seed}-activity-segment")
    created = probe.succeed("CreateCampaign",
                            body=bodies.campaign(f"pc-{pinpoint_seed}-c", segment_id))
    campaign_id = str(created.get("Id"))
    probe.tracker.add(f"campaign {campaign_id}", "DeleteCampaign",
                      {"application-id": probe.app_id, "campaign-id": campaign_id})
    activities = walk(probe, "GetCampaignActivities", {"campaign-id": campaign_id})
    # a PENDING activity with a scheduled start may exist before the campaign runs (ERRATA
    # E42); one that claims to have run may not
    ran = [activity for activity in activities if any(
        activity.get(member) not in (None, 0) for member in RAN)]
    probe.verify(not ran, LIFE_NO_ACTIVITY, "GetCampaignActivities",
                 "a campaign scheduled in the future already has activities that ran",
                 "no activity with a Start, End, Result or count", ran)


def _check_states(probe: Probe, operation_id: str, campaign: dict[str, Any]) -> None:
    """DefaultState only on an A/B test campaign (LIFE-016); such a campaign COMPLETED only
    with every treatment COMPLETED (LIFE-017); its treatments' Ids distinct (LIFE-019).
    Either reading of Status is taken."""
    campaign = normalise(campaign, alias_names(probe.contract))
    problem = default_state_problem(campaign)
    probe.verify(problem is None, LIFE_DEFAULT_STATE, operation_id,
                 "a campaign that is no A/B test has a DefaultState", "no DefaultState", problem)
    problems = ab_completed_problems(probe.contract, campaign)
    probe.verify(not problems, LIFE_AB_COMPLETED, operation_id,
                 "an A/B test campaign is COMPLETED before its treatments",
                 "every treatment COMPLETED", "; ".join(problems))
    repeated = repeated_treatment_ids(campaign)
    probe.verify(not repeated, LIFE_TREATMENT_IDS, operation_id,
                 "treatments of one campaign share an Id", "distinct treatment Ids", repeated)


@pytest.mark.pinpoint(family="LIFE", operation="CreateCampaign")
def test_campaign_lifecycle_ab_test_states(probe: Probe, pinpoint_seed: int) -> None:
    """A campaign without treatments, then an A/B test campaign: their states as the
    Campaign Attributes say (CampaignResponse State and DefaultState)."""
    segment_id = make_segment(probe, f"pc-{pinpoint_seed}-ab-segment")
    plain = bodies.campaign(f"pc-{pinpoint_seed}-plain", segment_id)
    treatment = {"TreatmentName": "B", "SizePercent": 40,
                 "MessageConfiguration": plain["MessageConfiguration"]}
    ab_test = {**bodies.campaign(f"pc-{pinpoint_seed}-ab", segment_id),
               "AdditionalTreatments": [treatment, {**treatment, "TreatmentName": "C"}]}
    for body in (plain, ab_test):
        created = probe.succeed("CreateCampaign", body=body)
        campaign_id = str(created.get("Id"))
        probe.tracker.add(f"campaign {campaign_id}", "DeleteCampaign",
                          {"application-id": probe.app_id, "campaign-id": campaign_id})
        _check_states(probe, "CreateCampaign", created)
        _check_states(probe, "GetCampaign",
                      probe.succeed("GetCampaign", {"campaign-id": campaign_id}))
