"""Composite strategies shrink to small, readable examples."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import find, settings

import pinpoint_strategies as strategies

FIND = settings(database=None, max_examples=1000, deadline=None)


def test_a_campaign_with_treatments_shrinks_to_a_small_example() -> None:
    campaigns = strategies.write_campaign()
    found = find(campaigns, lambda c: c.get("AdditionalTreatments"), settings=FIND)
    text = json.dumps(found)
    assert len(text) <= 100, text
    # Optional members are omitted, ids and percentages go to their simplest value.
    assert found == {"SegmentId": "0" * 32, "AdditionalTreatments": [{"SizePercent": 0}]}


def test_a_segment_with_a_recency_criterion_shrinks_to_that_criterion() -> None:
    def has_recency(segment: dict[str, Any]) -> bool:
        return "Recency" in segment.get("Dimensions", {}).get("Behavior", {})

    found = find(strategies.write_segment(), has_recency, settings=FIND)
    recency = {"Type": "ACTIVE", "Duration": "HR_24"}  # the first value of each list
    assert found == {"Dimensions": {"Behavior": {"Recency": recency}}}


def test_an_invalid_variant_shrinks_to_the_member_it_breaks() -> None:
    rule = "Schedule.StartTime:format"
    variants = strategies.invalid_write_campaign(rules=[rule])
    found = find(variants, lambda i: i.rule == rule, settings=FIND)
    assert set(found.body) == {"SegmentId", "Schedule"}
    assert set(found.body["Schedule"]) == {"StartTime"}
    assert len(json.dumps(found.body)) <= 100, found.body
