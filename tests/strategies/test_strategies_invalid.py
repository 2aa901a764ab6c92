"""Every invalid variant breaks exactly its named rule, and every rule of the catalogue is
produced."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pinpoint_strategies as strategies
from pinpoint_conformance.contract import Contract
from pinpoint_strategies import Invalid, invalid_body, invalid_rules, rule_catalogue
from pinpoint_strategies._invalid import catalogue
from pinpoint_strategies._rules import RULES, stated_rules
from tests.strategies.support import assert_breaks_exactly, collect, first, quick

CASES = [(schema, rule) for schema in strategies.REQUEST_SCHEMAS for rule in invalid_rules(schema)]
MEMBER = r"([A-Za-z][A-Za-z0-9]*|\*)(\[\])?"
RULE_NAME = re.compile(rf"^{MEMBER}(\.{MEMBER})*:[\w=-]+$")


@pytest.mark.parametrize("schema, rule", CASES, ids=[f"{s}:{r}" for s, r in CASES])
def test_each_variant_breaks_exactly_its_rule(contract: Contract, schema: str, rule: str) -> None:
    @quick(5)
    @given(invalid_body(schema, rules=[rule]))
    def check(invalid: Invalid) -> None:
        assert (invalid.schema, invalid.rule) == (schema, rule)
        assert_breaks_exactly(contract, invalid)

    check()


@pytest.mark.parametrize("schema", strategies.REQUEST_SCHEMAS)
def test_every_rule_of_the_catalogue_is_produced(contract: Contract, schema: str) -> None:
    """A bounded run of the public strategy (all rules mixed) shows most rules, each example
    breaking exactly its rule; `find` observes each rule the run did not show, through the
    same strategy narrowed to that rule (hypothesis favours mutating examples it has, so a
    mixed run of a few hundred examples does not reach every one of 51 campaign rules)."""
    rules = set(invalid_rules(schema))
    seen: set[str] = set()
    for invalid in collect(invalid_body(schema), 150):
        assert_breaks_exactly(contract, invalid)
        seen.add(invalid.rule)
    assert len(seen) >= min(len(rules), 5) and seen <= rules
    for rule in sorted(rules - seen):
        found = first(invalid_body(schema, rules=[rule]), _is_rule(rule), 10)
        assert_breaks_exactly(contract, found)


def _is_rule(rule: str) -> Callable[[Invalid], bool]:
    return lambda invalid: invalid.rule == rule


@pytest.mark.parametrize("schema", strategies.REQUEST_SCHEMAS)
def test_variants_in_the_service_reading(contract: Contract, schema: str) -> None:
    @quick(30)
    @given(invalid_body(schema, reading="service"))
    def check(invalid: Invalid) -> None:
        assert_breaks_exactly(contract, invalid)

    check()


def test_a_renamed_member_is_broken_under_the_service_name(contract: Contract) -> None:
    for invalid in collect(strategies.invalid_endpoint_request(rules=["Status:enum"],
                                                               reading="service"), 5):
        assert invalid.path == "$.EndpointStatus" and "Status" not in invalid.body
        assert invalid.rule == "Status:enum"  # rule names keep the reference's reading
    recency = "Dimensions.Behavior.Recency.Type:required"
    for invalid in collect(strategies.invalid_write_segment(rules=[recency]), 5):
        found = invalid.body["Dimensions"]["Behavior"]["Recency"]
        assert "Type" not in found and "RecencyType" not in found and invalid.keyword == "anyOf"


def test_the_public_per_body_strategies_cover_every_schema() -> None:
    public = {
        "WriteCampaignRequest": strategies.invalid_write_campaign,
        "WriteSegmentRequest": strategies.invalid_write_segment,
        "EndpointRequest": strategies.invalid_endpoint_request,
        "EndpointBatchRequest": strategies.invalid_endpoint_batch_request,
        "WriteEventStream": strategies.invalid_write_event_stream,
        "ImportJobRequest": strategies.invalid_import_job_request,
        "WriteApplicationSettingsRequest": strategies.invalid_write_application_settings,
        "APNSChannelRequest": strategies.invalid_apns_channel_request,
        "GCMChannelRequest": strategies.invalid_gcm_channel_request,
        "CreateApplicationRequest": strategies.invalid_create_application_request,
    }
    assert set(public) == set(strategies.REQUEST_SCHEMAS)
    for schema, factory in public.items():
        rule = invalid_rules(schema)[0]
        (invalid,) = collect(factory(rules=[rule]), 1)
        assert (invalid.schema, invalid.rule) == (schema, rule)


def test_the_catalogue_names_the_rules_the_brief_lists() -> None:
    catalogue_rules = rule_catalogue()
    campaign = set(catalogue_rules["WriteCampaignRequest"])
    assert {
        "SegmentId:required",  # missing required member
        "SegmentVersion:type",  # wrong type
        "Schedule.Frequency:enum",  # value outside an enum
        "HoldoutPercent:maximum",  # out-of-range number
        "Schedule.StartTime:format",  # malformed date
        "Schedule.QuietTime.Start:pattern",  # malformed time of day
        "MessageConfiguration.DefaultMessage.Url:required-if-Action=URL",  # Action URL, no Url
        "HoldoutPercent:total-at-most-100",  # treatment percentages over 100
        "Schedule.EndTime:later-than-StartTime",  # start before end
    } <= campaign
    assert "Item:maxItems" in catalogue_rules["EndpointBatchRequest"]  # too many batch items
    assert "Location.Country:pattern" in catalogue_rules["EndpointRequest"]
    assert "Address:required-unless-OptOut-ALL" in catalogue_rules["EndpointRequest"]
    assert "Dimensions.Behavior.Recency.Duration:enum" in catalogue_rules["WriteSegmentRequest"]
    assert "Format:enum" in catalogue_rules["ImportJobRequest"]
    assert "RoleArn:pattern" in catalogue_rules["WriteEventStream"]
    for schema, rules in catalogue_rules.items():
        assert rules and len(set(rules)) == len(rules), schema
        for rule in rules:
            assert RULE_NAME.match(rule), rule


def test_semantic_rules_are_the_contracts_x_rules() -> None:
    assert stated_rules() == RULES
    semantic = {
        (schema, case.rule)
        for schema in strategies.REQUEST_SCHEMAS
        for case in catalogue(schema)
        if case.kind == "semantic"
    }
    assert semantic == {
        ("WriteCampaignRequest", "Schedule.EndTime:later-than-StartTime"),
        ("WriteCampaignRequest", "AdditionalTreatments[].Schedule.EndTime:later-than-StartTime"),
        ("WriteCampaignRequest", "HoldoutPercent:total-at-most-100"),
        ("EndpointRequest", "Address:required-unless-OptOut-ALL"),
    }
    for schema in strategies.REQUEST_SCHEMAS:
        for case in catalogue(schema):
            assert (case.kind == "semantic") == (case.keyword is None)


def test_invalid_is_a_small_frozen_dataclass() -> None:
    (invalid,) = collect(strategies.invalid_write_campaign(rules=["Schedule.StartTime:format"]), 1)
    assert {f.name for f in dataclasses.fields(Invalid)} >= {"body", "rule", "path", "kind"}
    assert invalid.rule == "Schedule.StartTime:format"
    assert invalid.path == "$.Schedule.StartTime" and invalid.kind == "schema"
    assert invalid.member == "Schedule.StartTime" and invalid.keyword == "format"
    with pytest.raises(dataclasses.FrozenInstanceError):
        invalid.rule = "other"  # type: ignore[misc]


def test_unknown_rules_and_schemas_are_refused() -> None:
    with pytest.raises(ValueError, match="no rule"):
        invalid_body("WriteCampaignRequest", rules=["Schedule.StartTime:color"])
    with pytest.raises(ValueError, match="no strategy"):
        invalid_body("CampaignResponse")
    with pytest.raises(ValueError, match="reading"):
        invalid_body("WriteCampaignRequest", reading="both")  # type: ignore[arg-type]


def test_too_many_batch_items_are_just_over_the_limit(contract: Contract) -> None:
    limit = contract.schemas["EndpointBatchRequest"]["properties"]["Item"]["maxItems"]
    for invalid in collect(strategies.invalid_endpoint_batch_request(rules=["Item:maxItems"]), 5):
        items = invalid.body["Item"]
        assert limit < len(items) <= limit + 3
        assert len({item["Id"] for item in items}) == len(items)


def test_campaign_variants_use_the_given_segment(contract: Contract) -> None:
    strategy = strategies.invalid_write_campaign(
        rules=["HoldoutPercent:maximum"], segment_id=strategies.hex_ids(6)
    )
    for invalid in collect(strategy, 5):
        assert len(invalid.body["SegmentId"]) == 6


def test_every_invalid_body_says_where_its_rule_comes_from() -> None:
    """Each rule carries its provenance: the reference's words (stated) or an ERRATA entry
    (a decision); the x-rules are decisions."""
    from pinpoint_conformance.properties import draw_one
    from pinpoint_strategies import invalid_body, rule_catalogue
    from pinpoint_strategies._invalid import catalogue

    for schema, rules in rule_catalogue().items():
        kinds = {case.rule: case.kind for case in catalogue(schema)}
        for rule in rules[:3] + tuple(r for r in rules if kinds[r] == "semantic"):
            invalid = draw_one(invalid_body(schema, rules=[rule]), 0)
            provenance = invalid.provenance
            assert provenance.kind in ("stated", "decision"), rule
            assert (provenance.quote if provenance.kind == "stated" else provenance.errata), rule
            if kinds[rule] == "semantic":
                assert provenance.kind == "decision", rule


@settings(max_examples=200, database=None, deadline=None)
@given(st.data())
def test_a_value_drawn_for_a_stated_rule_breaks_the_reference_s_own_words(data) -> None:
    """The reference asks only for ISO 8601 dates and coordinates "rounded to one decimal":
    a malformed date is not ISO 8601 at all, a coordinate is at least 0.1 out of bounds, and
    a URL is never spoiled by case alone (ERRATA E15; strategies/_invalid.py)."""
    from pinpoint_conformance.checks.compare import is_iso8601
    from pinpoint_strategies._invalid import malformed_date_times, pattern_breakers

    assert not is_iso8601(data.draw(malformed_date_times()))
    invalid = data.draw(strategies.invalid_endpoint_request(
        rules=["Location.Latitude:maximum", "Location.Longitude:minimum"]))
    location = invalid.body["Location"]
    assert location.get("Latitude", 0) >= 90.1 or location.get("Longitude", 0) <= -180.1
    url = "s3://bucket-name/folder/file.csv"
    spoiled = data.draw(pattern_breakers(url, r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$"))
    assert spoiled.lower() != url
