"""Every valid strategy's output passes its schema and keeps the rules the reference states
beyond it (checked here independently of the package's own rule checker)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given

import pinpoint_strategies as strategies
from pinpoint_conformance.contract import Contract
from pinpoint_strategies import _common, _spec
from tests.strategies.support import assert_valid, collect, coverage, first, quick

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
EXAMPLES = 60


def moment(text: str) -> datetime:
    assert RFC3339.match(text), text
    return datetime.fromisoformat(text)


def reference_enum(schema: str) -> set[Any]:
    node = _spec.schema(schema)
    return set(node.get("x-reference-enum", node.get("enum")) or ())


# ---------------------------------------------------------------------- every body
@pytest.mark.parametrize("schema", strategies.REQUEST_SCHEMAS)
@pytest.mark.parametrize("reading", ["reference", "service"])
def test_every_body_passes_its_schema_and_rules(
    contract: Contract, schema: str, reading: str
) -> None:
    @quick(EXAMPLES)
    @given(strategies.valid_body(schema, reading=reading))  # type: ignore[arg-type]
    def check(body: dict[str, Any]) -> None:
        assert_valid(contract, schema, body)
        names = _member_readings(body, schema)
        assert names, body if body else "an empty body has no members to check"
        wrong = "service" if reading == "reference" else "reference"
        assert wrong not in names, (reading, body)

    check()


def _member_readings(body: Any, schema: str) -> set[str]:
    """Which readings the body's renamed members follow: 'reference' for a member that has
    a service alias, 'service' for an alias; 'plain' when it has no renamed member."""
    found = {"plain"}

    def walk(value: Any, node: Any) -> None:
        name = _spec.ref_name(node)
        resolved = _spec.resolve(node)
        if isinstance(value, dict):
            for key, item in value.items():
                if name and key in _spec.aliases(name):
                    found.add("reference")
                if name and key in _spec.properties(name) and _spec.is_alias(name, key):
                    found.add("service")
                walk(item, _spec.child(resolved, key))
        elif isinstance(value, list):
            for item in value:
                walk(item, _spec.child(resolved, 0))

    walk(body, {"$ref": _spec.SCHEMA_PREFIX + schema})
    return found


# ---------------------------------------------------------------------- campaigns
def _schedules(body: dict[str, Any]) -> list[dict[str, Any]]:
    found = [body["Schedule"]] if "Schedule" in body else []
    return found + [t["Schedule"] for t in body.get("AdditionalTreatments", []) if "Schedule" in t]


def _messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    configs = [body.get("MessageConfiguration", {})] + [
        t.get("MessageConfiguration", {}) for t in body.get("AdditionalTreatments", [])
    ]
    return [message for config in configs for message in config.values()]


@given(strategies.write_campaign())
@quick(150)
def test_campaigns_keep_the_reference_rules(campaign: dict[str, Any]) -> None:
    for schedule in _schedules(campaign):
        start = moment(schedule["StartTime"])
        if "EndTime" in schedule:
            assert moment(schedule["EndTime"]) > start
        assert schedule.get("Frequency", "ONCE") in reference_enum("Frequency")
        if "Timezone" in schedule:
            assert schedule.get("IsLocalTime") is True
            assert schedule["Timezone"] in reference_enum("ScheduleTimezone")
        if "QuietTime" in schedule:
            quiet = schedule["QuietTime"]
            assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", quiet["Start"])
            assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", quiet["End"])
            assert quiet["Start"] != quiet["End"]
    treatments = campaign.get("AdditionalTreatments", [])
    total = campaign.get("HoldoutPercent", 0) + sum(t["SizePercent"] for t in treatments)
    assert total <= 100
    assert len(treatments) <= 3
    for message in _messages(campaign):
        if message.get("Action") == "URL":
            assert message["Url"].startswith("https://")
        else:
            assert "Url" not in message
        assert len(message.get("Body", "")) <= 140
    assert campaign.get("SegmentVersion", 1) == 1
    assert re.fullmatch(r"[0-9a-f]{32}", campaign["SegmentId"])


def _enum_members() -> set[tuple[str, str]]:
    """(component, member) of every enum-typed member the request schemas reach."""
    found: set[tuple[str, str]] = set()

    def visit(node: Any, seen: frozenset[str]) -> None:
        name = _spec.ref_name(node)
        if name in seen:
            return
        inner = seen | {name} if name else seen
        resolved = _spec.resolve(node)
        for member, prop in (resolved.get("properties") or {}).items():
            if name and "enum" in _spec.resolve(prop) and not _spec.is_alias(name, member):
                found.add((name, member))
            visit(prop, inner)
        for key in ("items", "additionalProperties"):
            if isinstance(resolved.get(key), dict):
                visit(resolved[key], inner)

    for schema in strategies.REQUEST_SCHEMAS:
        visit({"$ref": _spec.SCHEMA_PREFIX + schema}, frozenset())
    return found


@pytest.mark.parametrize("component, member", sorted(_enum_members()))
def test_enum_members_draw_every_listed_value_and_no_other(component: str, member: str) -> None:
    """Each enum member is drawn from the contract's list: `x-reference-enum` when the
    contract keeps one, else `enum`; every value of it is reachable."""
    node = _spec.member(component, member)
    listed = node.get("x-reference-enum", node["enum"])
    strategy = _common.enum_values(component, member)
    for value in listed:
        assert first(strategy, value.__eq__, 500) == value
    assert set(collect(strategy, 50)) <= set(listed)


@pytest.mark.parametrize("schema", strategies.REQUEST_SCHEMAS)
def test_enum_values_in_bodies_come_from_the_reference_lists(schema: str) -> None:
    def walk(value: Any, node: Any) -> None:
        name, resolved = _spec.ref_name(node), _spec.resolve(node)
        if isinstance(value, dict):
            for key, item in value.items():
                if name and "enum" in _spec.resolve(_spec.child(resolved, key)):
                    assert item in _spec.values(name, key), (schema, name, key, item)
                walk(item, _spec.child(resolved, key))
        elif isinstance(value, list):
            for item in value:
                walk(item, _spec.child(resolved, 0))

    for body in collect(strategies.valid_body(schema), 100):
        walk(body, {"$ref": _spec.SCHEMA_PREFIX + schema})


def test_campaign_options_are_honoured() -> None:
    for campaign in collect(
        strategies.write_campaign(segment_id=strategies.hex_ids(8), max_treatments=0), 30
    ):
        assert len(campaign["SegmentId"]) == 8
        assert "AdditionalTreatments" not in campaign
    with pytest.raises(ValueError):
        strategies.write_campaign(max_treatments=-1)
    with pytest.raises(ValueError):
        strategies.write_campaign(reading="both")  # type: ignore[arg-type]


def test_date_times_use_z_and_numeric_offsets() -> None:
    texts = collect(strategies.date_times(), 200)
    assert all(RFC3339.match(text) for text in texts)
    assert any(text.endswith("Z") for text in texts)
    assert any(re.search(r"[+-]\d\d:\d\d$", text) for text in texts)
    assert any(re.search(r"\.\d{3}", text) for text in texts)


# ---------------------------------------------------------------------- endpoints
def _check_endpoint(endpoint: dict[str, Any]) -> None:
    opt_out = endpoint.get("OptOut")
    if opt_out != "ALL":
        assert "Address" in endpoint
    channel = endpoint.get("ChannelType")
    assert channel in reference_enum("ChannelType") | {None}
    address = endpoint.get("Address")
    if channel == "APNS" and address is not None:
        assert re.fullmatch(r"[0-9a-f]{64}", address)
    if channel == "GCM" and address is not None:
        assert re.fullmatch(r"[A-Za-z0-9_-]{11}:APA91b[A-Za-z0-9_-]{134}", address)
    location = endpoint.get("Location", {})
    assert -90 <= location.get("Latitude", 0) <= 90
    assert -180 <= location.get("Longitude", 0) <= 180
    assert location.get("Country", "US") in _common.COUNTRY_CODES
    demographic = endpoint.get("Demographic", {})
    assert demographic.get("Locale", "en_US") in _common.LOCALES
    assert demographic.get("Timezone", "UTC") in _common.TZ_NAMES
    if "EffectiveDate" in endpoint:
        moment(endpoint["EffectiveDate"])


@given(strategies.endpoint_request())
@quick(120)
def test_endpoints_keep_the_reference_rules(endpoint: dict[str, Any]) -> None:
    _check_endpoint(endpoint)


@given(strategies.endpoint_batch_request(max_items=5))
@quick(40)
def test_batches_have_distinct_ids_within_the_limit(batch: dict[str, Any]) -> None:
    items = batch["Item"]
    assert 1 <= len(items) <= 5
    assert len({item["Id"] for item in items}) == len(items)
    for item in items:
        _check_endpoint(item)


def test_a_batch_may_hold_the_service_limit_and_no_more(contract: Contract) -> None:
    limit = contract.schemas["EndpointBatchRequest"]["properties"]["Item"]["maxItems"]
    assert limit == 100  # the service's, not the reference's 500 (ERRATA E09)
    full = collect(strategies.endpoint_batch_request(min_items=limit, max_items=limit), 2)
    assert all(len(batch["Item"]) == limit for batch in full)
    with pytest.raises(ValueError):
        strategies.endpoint_batch_request(max_items=limit + 1)
    with pytest.raises(ValueError):
        strategies.endpoint_batch_request(min_items=0)


def test_the_address_rule_value_is_read_from_the_contract() -> None:
    from pinpoint_strategies._endpoints import address_exempt_values

    assert address_exempt_values() == ("ALL",)


def test_curated_codes_match_the_contract_patterns() -> None:
    for code in _common.COUNTRY_CODES:
        assert _spec.matches("EndpointLocation", "Country", code)
    for locale in _common.LOCALES:
        assert _spec.matches("EndpointDemographic", "Locale", locale)
        assert locale.split("_")[1] in _common.COUNTRY_CODES
    for *_, country, _postal, lat, lon in _common.PLACES:
        assert country in _common.COUNTRY_CODES and -90 <= lat <= 90 and -180 <= lon <= 180
    assert len(set(_common.TZ_NAMES)) == len(_common.TZ_NAMES)


# ---------------------------------------------------------------------- segments
@given(strategies.write_segment())
@quick(100)
def test_segments_keep_the_reference_rules(segment: dict[str, Any]) -> None:
    dimensions = segment.get("Dimensions", {})
    sets = list(dimensions.get("Demographic", {}).values())
    sets += list(dimensions.get("Location", {}).values())
    sets += list(dimensions.get("Attributes", {}).values())
    for dimension in sets:
        assert 1 <= len(dimension["Values"]) == len(set(dimension["Values"]))
        assert dimension.get("Type", "INCLUSIVE") in reference_enum("DimensionType")
        assert dimension.get("AttributeType", "INCLUSIVE") in reference_enum("AttributeType")
    for code in dimensions.get("Location", {}).get("Country", {}).get("Values", []):
        assert code in _common.COUNTRY_CODES
    recency = dimensions.get("Behavior", {}).get("Recency")
    if recency is not None:
        assert recency["Type"] in reference_enum("RecencyType")
        assert recency["Duration"] in reference_enum("RecencyDuration")


# ---------------------------------------------------------------------- the others
@given(strategies.import_job_request(segment_id=strategies.hex_ids()))
@quick(100)
def test_import_jobs_agree_on_format_and_look_real(job: dict[str, Any]) -> None:
    assert job["Format"] in reference_enum("ImportFormat")
    assert job["S3Url"].endswith("." + job["Format"].lower())
    bucket = job["S3Url"][len("s3://"):].split("/")[0]
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", bucket)
    assert re.fullmatch(r"arn:aws(-cn|-us-gov)?:iam::\d{12}:role/[\w+=,.@/-]+", job["RoleArn"])
    assert ("SegmentName" in job or "SegmentId" in job) == bool(job.get("DefineSegment"))
    assert "ExternalId" not in job  # the reference's reading spells ExternalID (E11)


@given(strategies.write_event_stream())
@quick(60)
def test_event_streams_name_one_account(stream: dict[str, Any]) -> None:
    role_account = stream["RoleArn"].split(":")[4]
    stream_account = stream["DestinationStreamArn"].split(":")[4]
    assert role_account == stream_account and re.fullmatch(r"\d{12}", role_account)
    assert stream["DestinationStreamArn"].split(":")[2] in ("kinesis", "firehose")
    assert "ApplicationId" not in stream


def test_event_stream_service_reading_has_only_the_two_arns() -> None:
    for stream in collect(strategies.write_event_stream(reading="service"), 40):
        assert set(stream) == {"RoleArn", "DestinationStreamArn"}


@given(strategies.apns_channel_request(), strategies.gcm_channel_request())
@quick(40)
def test_channel_credentials_look_real(apns: dict[str, Any], gcm: dict[str, Any]) -> None:
    assert apns["Certificate"].startswith("-----BEGIN CERTIFICATE-----\n")
    assert apns["PrivateKey"].endswith("\n-----END PRIVATE KEY-----")
    assert re.fullmatch(r"AIza[A-Za-z0-9_-]{35}", gcm["ApiKey"])


@given(strategies.write_application_settings(), strategies.create_application_request())
@quick(60)
def test_settings_and_apps(settings_body: dict[str, Any], app: dict[str, Any]) -> None:
    quiet = settings_body.get("QuietTime")
    if quiet:
        assert quiet["Start"] != quiet["End"]
    assert app["Name"].strip()
    assert not any(key.lower().startswith("aws:") for key in app.get("tags", {}))


# ---------------------------------------------------------------------- coverage of members
MEMBER_OPTIONS: dict[str, dict[str, Any]] = {
    "WriteEventStream": {"application_id": strategies.hex_ids()},
    "ImportJobRequest": {"segment_id": strategies.hex_ids()},
}


@pytest.mark.parametrize("schema", strategies.REQUEST_SCHEMAS)
def test_every_declared_member_is_generated(schema: str) -> None:
    """Across a bounded derandomized run, each member the schema declares (reference
    reading) appears in some body: nothing the contract names is left untested."""
    wanted = {".".join(parts).replace(".[]", "[]") for parts in _spec.iter_members(schema)}
    options = MEMBER_OPTIONS.get(schema, {})

    def features(body: Any) -> set[str]:
        return {_generic(location) for location in _locations(body)}

    assert coverage(strategies.valid_body(schema, **options), features, wanted) == set()


def _locations(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at] if at else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _locations(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _locations(item, (*at, index))
    return found


MAPS = {"Attributes", "Metrics", "UserAttributes", "tags"}


def _generic(location: tuple[Any, ...]) -> str:
    """Map keys as `*` (the member after a map-typed member)."""
    out: list[str] = []
    previous = None
    for key in location:
        if isinstance(key, int):
            out[-1] += "[]"
        else:
            out.append("*" if previous in MAPS else key)
        previous = key if not isinstance(key, int) else previous
    return ".".join(out)
