"""Invalid request bodies, each breaking exactly one named rule, for negative tests.

The catalogue of rules is derived from the contract, per request schema:

- every member the schema requires (`<member>:required`), also inside optional objects
  (`Schedule.StartTime:required`) and where either reading is required (`anyOf`, for
  instance `Dimensions.Behavior.Recency.Type:required`);
- every constrained member: `enum`, `format`, `pattern`, `minimum`, `maximum`, `minLength`,
  `minItems`, `maxItems` (`AdditionalTreatments[].Schedule.QuietTime.Start:pattern`);
- a conditional requirement (`MessageConfiguration.DefaultMessage.Url:required-if-Action=URL`);
- the type of every member of the body itself (`SegmentVersion:type`), enums left out (a
  wrong type there also breaks the enum);
- the contract's x-rules the schema cannot express (`kind="semantic"`): schedule EndTime
  later than StartTime, HoldoutPercent plus SizePercent at most 100, Address unless OptOut ALL.

Rule names are `<member path>:<check>`, `[]` standing for any array index and `*` for any map
key, in the reference's reading. An `Invalid` carries the body, the rule, the JSON path of the
member it is about (for `required`, the missing member), its kind, the request schema, and
the JSON Schema keyword a validator reports it under (None for semantic rules).

Each variant is built from a valid body (from the valid strategies): the objects on the way to
the member are drawn valid where missing, and then only the member is changed. Percentages are
rebalanced and Address kept so that no other rule breaks on the way.
"""

from __future__ import annotations

import copy
import functools
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from hypothesis import strategies as st
from jsonschema import FormatChecker

from pinpoint_conformance.checks.compare import is_iso8601
from pinpoint_conformance.provenance import Provenance, load_provenance
from pinpoint_strategies import _campaigns, _endpoints, _rules, _segments, _spec
from pinpoint_strategies import _common as c
from pinpoint_strategies._bodies import REQUEST_SCHEMAS, VALID
from pinpoint_strategies._spec import Body, Part, Reading

Kind = Literal["schema", "semantic"]
CONSTRAINTS = ("enum", "format", "pattern", "minimum", "maximum", "minLength", "maxLength",
               "minItems", "maxItems")


@dataclass(frozen=True)
class Invalid:
    """A request body that breaks exactly one named rule of the contract."""

    body: Body
    rule: str  # e.g. "Schedule.StartTime:format"
    path: str  # JSON path of the member the rule is about, e.g. "$.Schedule.StartTime"
    kind: Kind  # "schema": JSON Schema detects it; "semantic": an x-rules rule it cannot
    schema: str = ""  # the request schema, e.g. "WriteCampaignRequest"
    keyword: str | None = None  # the keyword a JSON Schema validator reports ("format")
    location: tuple[Part, ...] = ()  # the path as keys and indexes

    @property
    def member(self) -> str:
        """The rule's member path, e.g. `Schedule.StartTime`."""
        return self.rule.split(":", 1)[0]

    @property
    def owned_rule(self) -> str:
        """The rule at the component that owns the member (`Schedule.Timezone:enum`)."""
        return component_rule(self.schema, self.rule)

    @property
    def provenance(self) -> Provenance:
        """Where the rule comes from: stated by the reference (a refusal is a MUST) or a
        decision of the contract (SHOULD), from spec/provenance.yaml."""
        return load_provenance().rule(self.owned_rule)


Mutate = Callable[[c.Draw, Body, Body, str, dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    """One rule of the catalogue: the member path, the check, and how to break it."""

    parts: tuple[str, ...]
    check: str
    keyword: str | None
    mutate: Mutate
    kind: Kind = "schema"

    @property
    def rule(self) -> str:
        return f"{pattern_of(self.parts)}:{self.check}"


def pattern_of(parts: Iterable[str]) -> str:
    text = ""
    for part in parts:
        text += "[]" if part == "[]" else ("." if text else "") + part
    return text


# ---------------------------------------------------------------------- bad values
_FORMATS = FormatChecker()


@c.cached
def wrong_types(type_name: str) -> st.SearchStrategy[Any]:
    """Values of another JSON type than `type_name`, chosen so that no other keyword of the
    member (pattern, format, minimum, minItems...) applies to them."""
    numbers_as_text = st.integers(0, 100).map(str)
    choices: dict[str, st.SearchStrategy[Any]] = {
        "string": st.integers(0, 100) | st.booleans(),
        "integer": numbers_as_text | st.just(True),
        "number": numbers_as_text | st.just(False),
        "boolean": st.sampled_from(("true", "false", 0, 1)),
        "object": st.lists(c.names(8), max_size=2) | c.names(8),
        "array": c.names(8) | st.builds(dict),
    }
    return choices[type_name]


def outside_enum(values: Iterable[Any]) -> st.SearchStrategy[str]:
    """Strings outside an enum, made from its values (`once`, `Once`, `ONCE_`...)."""
    listed = tuple(values)
    # Only string values are spoiled: a YAML 1.1 reader turns an unquoted ON into true.
    words = tuple(value for value in listed if isinstance(value, str))
    spoil = st.sampled_from(
        (str.lower, str.title, lambda v: v + "_", lambda v: " " + v, lambda v: v.replace("_", "-"))
    )
    return st.builds(lambda value, f: f(value), st.sampled_from(words), spoil).filter(
        lambda value: value not in listed
    )


@c.cached
def malformed_date_times() -> st.SearchStrategy[str]:
    """Almost-RFC 3339 strings that are not ISO 8601 either: a space for `T`, month 13, hour
    24 past the end of the day, a one-digit offset hour, US order. (A local time, a date
    alone or the basic format are ISO 8601, which is all the reference asks: ERRATA E15.)"""
    spoil = st.sampled_from(
        (
            lambda m: m.strftime("%Y-%m-%d %H:%M:%SZ"),
            lambda m: m.strftime("%Y-13-%dT%H:%M:%SZ"),
            lambda m: m.strftime("%Y-%m-%dT24:") + f"{m.minute % 59 + 1:02d}:00Z",
            lambda m: m.strftime("%Y-%m-%dT%H:%M:%S+5:30"),
            lambda m: m.strftime("%m/%d/%Y %H:%M"),
        )
    )
    return st.builds(lambda moment, f: f(moment), c.instants(), spoil).filter(
        lambda text: not _FORMATS.conforms(text, "date-time") and not is_iso8601(text)
    )


def pattern_breakers(valid: str, pattern: str) -> st.SearchStrategy[str]:
    """Strings close to `valid` that `pattern` rejects (`7:30`, `24:30`, `xUS`, `us`...). A
    URL is not spoiled by case alone: its scheme and host are case-insensitive (RFC 3986)."""
    spoilers: list[Callable[[str], str]] = [
        lambda v: v[1:],
        lambda v: "24" + v[2:],
        lambda v: "x" + v,
        lambda v: v.replace(":", ".").replace("_", "-"),
        lambda v: "",
    ]
    if "://" not in valid:
        spoilers.insert(3, str.swapcase)
    return st.sampled_from(tuple(spoilers)).map(lambda f: f(valid)).filter(
        lambda text: re.search(pattern, text) is None)


# ---------------------------------------------------------------------- mutations
def _delete(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    parent.pop(key, None)


def _either(group: tuple[str, ...]) -> Mutate:
    def mutate(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
        for name in group:
            parent.pop(name, None)

    return mutate


def _conditional(when: str, value: Any) -> Mutate:
    def mutate(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
        parent[when] = value
        parent.pop(key, None)

    return mutate


def _wrong_type(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    parent[key] = draw(wrong_types(str(node["type"])))


def _enum(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    parent[key] = draw(outside_enum(node["enum"]))


def _format(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    if node["format"] != "date-time":
        raise NotImplementedError(f"no malformed values for format {node['format']!r}")
    parent[key] = draw(malformed_date_times())


def _pattern(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    current = parent.get(key)
    if not (isinstance(current, str) and re.search(node["pattern"], current)):
        current = draw(st.from_regex(node["pattern"], fullmatch=True))
    parent[key] = draw(pattern_breakers(current, node["pattern"]))


# A number is out of bounds by at least this much: a coordinate is "rounded to one decimal"
# (EndpointLocation, reference), so 90.01 may read as 90.0 and be valid.
FLOAT_MARGIN = 0.1


def _below(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    low = node["minimum"]
    if node.get("type") == "integer":
        parent[key] = draw(st.integers(low - 1000, low - 1))
    else:
        parent[key] = draw(st.floats(low - 1000, low - FLOAT_MARGIN))


def _above(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    high = node["maximum"]
    if node.get("type") == "integer":
        parent[key] = draw(st.integers(high + 1, high + 1000))
    else:
        parent[key] = draw(st.floats(high + FLOAT_MARGIN, high + 1000))


def _too_short(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    parent[key] = draw(st.text(alphabet=string.ascii_letters, max_size=node["minLength"] - 1))


def _too_long(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    size = node["maxLength"] + 1
    parent[key] = draw(st.text(alphabet=string.ascii_letters, min_size=size, max_size=size + 4))


def _too_few(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    current = parent.get(key)
    items: list[Any] = current if isinstance(current, list) else []
    parent[key] = items[: node["minItems"] - 1]


def _too_many(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    items = list(parent.get(key) or [])
    wanted = node["maxItems"] + draw(st.integers(1, 3))
    prefix = draw(c.hex_ids(8))
    while len(items) < wanted:
        items.append(minimal(node["items"], f"{prefix}-{len(items)}"))
    parent[key] = items


def minimal(node: Any, serial: str) -> Any:
    """The smallest valid instance of a schema: its required members only, strings set to
    `serial` (so that padding items stay distinct)."""
    resolved = _spec.resolve(node)
    kind = resolved.get("type")
    if kind == "object":
        return {m: minimal(_spec.child(resolved, m), serial) for m in resolved.get("required", ())}
    if kind == "string" and not set(resolved) & {"enum", "pattern", "format"}:
        return serial
    raise NotImplementedError(f"no minimal instance for {resolved!r}")


MUTATIONS: dict[str, Mutate] = {
    "enum": _enum,
    "format": _format,
    "pattern": _pattern,
    "minimum": _below,
    "maximum": _above,
    "minLength": _too_short,
    "maxLength": _too_long,
    "minItems": _too_few,
    "maxItems": _too_many,
}


# ---------------------------------------------------------------------- semantic rules
def _end_not_after_start(
    draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]
) -> None:
    start = c.parse(parent.get("StartTime"))
    assert start is not None, "a valid schedule has a StartTime"
    earlier = timedelta(seconds=draw(st.integers(0, 30 * 86400)))
    parent[key] = c.draw_rendered(draw, start - earlier)


def _percent_over(draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]) -> None:
    low, high = _spec.bounds("Percent")
    treatments = body.setdefault("AdditionalTreatments", [])
    if not treatments:
        treatments.append(draw(_campaigns.write_treatment()))
    holdout = draw(st.integers(max(low, 1), high))
    body["HoldoutPercent"] = holdout
    others = sum(t["SizePercent"] for t in treatments[1:])
    treatments[0]["SizePercent"] = draw(st.integers(max(low, high + 1 - holdout - others), high))


def _address_missing(
    draw: c.Draw, body: Body, parent: Body, key: str, node: dict[str, Any]
) -> None:
    parent.pop(key, None)
    exempt = _endpoints.address_exempt_values()
    if parent.get("OptOut") in exempt:
        listed = _spec.values(_rules.ADDRESS_NEEDED.schema, "OptOut")
        parent["OptOut"] = draw(st.sampled_from([v for v in listed if v not in exempt]))


# ---------------------------------------------------------------------- the catalogue
def _cases_of(schema_name: str) -> tuple[Case, ...]:
    cases: list[Case] = []
    _object_cases(_spec.schema(schema_name), (), cases, top=True)
    cases += _semantic_cases(schema_name)
    return tuple(cases)


def _object_cases(
    node: dict[str, Any], parts: tuple[str, ...], cases: list[Case], top: bool
) -> None:
    required = set(node.get("required") or ())
    for group in _spec.either_required_of(node):
        cases.append(Case((*parts, group[0]), "required", "anyOf", _either(group)))
    for when, value, needed in _spec.conditional_requirements_of(node):
        for member in needed:
            cases.append(
                Case((*parts, member), f"required-if-{when}={value}", "required",
                     _conditional(when, value))
            )
    for name, prop in (node.get("properties") or {}).items():
        if isinstance(prop, dict) and prop.get(_spec.ALIAS):
            continue  # the service's reading of another member: rules use the reference's
        path = (*parts, name)
        member = _spec.resolve(prop)
        if name in required:
            cases.append(Case(path, "required", "required", _delete))
        if top and "type" in member and not {"enum", "const"} & set(member):
            cases.append(Case(path, "type", "type", _wrong_type))
        for keyword in CONSTRAINTS:
            if keyword in member:
                cases.append(Case(path, keyword, keyword, MUTATIONS[keyword]))
        _descend(member, path, cases)


def _descend(member: dict[str, Any], path: tuple[str, ...], cases: list[Case]) -> None:
    if "properties" in member:
        _object_cases(member, path, cases, top=False)
    for key, marker in (("items", "[]"), ("additionalProperties", "*")):
        inner = member.get(key)
        if isinstance(inner, dict):
            resolved = _spec.resolve(inner)
            if "properties" in resolved:
                _object_cases(resolved, (*path, marker), cases, top=False)


def _component_paths(node: Any, component: str, parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Member paths (with `[]`, `*`) where a schema puts `component`."""
    found = [parts] if _spec.ref_name(node) == component else []
    resolved = _spec.resolve(node)
    for name, prop in (resolved.get("properties") or {}).items():
        if not (isinstance(prop, dict) and prop.get(_spec.ALIAS)):
            found += _component_paths(prop, component, (*parts, name))
    for key, marker in (("items", "[]"), ("additionalProperties", "*")):
        if isinstance(resolved.get(key), dict):
            found += _component_paths(resolved[key], component, (*parts, marker))
    return found


def _semantic_cases(schema_name: str) -> list[Case]:
    root = {"$ref": _spec.SCHEMA_PREFIX + schema_name}
    cases: list[Case] = []
    order = _rules.SCHEDULE_ORDER
    for parts in _component_paths(root, order.schema, ()):
        cases.append(
            Case((*parts, order.member), order.check, None, _end_not_after_start, "semantic")
        )
    total = _rules.PERCENT_TOTAL
    if schema_name == total.schema:
        cases.append(Case((total.member,), total.check, None, _percent_over, "semantic"))
    address = _rules.ADDRESS_NEEDED
    if schema_name == address.schema:
        cases.append(Case((address.member,), address.check, None, _address_missing, "semantic"))
    return cases


@functools.cache
def catalogue(schema_name: str) -> tuple[Case, ...]:
    """The rules an invalid body of `schema_name` can break, in catalogue order."""
    _rules.stated_rules()
    cases = _cases_of(schema_name)
    names = [case.rule for case in cases]
    if len(set(names)) != len(names):
        raise AssertionError(f"duplicate rule names for {schema_name}: {names}")
    return cases


# ---------------------------------------------------------------------- building a variant
def _valid_parts() -> dict[str, Callable[[], st.SearchStrategy[Any]]]:
    """Valid strategies per component schema, to fill in what a variant needs."""
    return {
        "Schedule": _campaigns.schedule,
        "QuietTime": _campaigns.quiet_time,
        "MessageConfiguration": _campaigns.message_configuration,
        "Message": _campaigns.message,
        "CampaignLimits": _campaigns.campaign_limits,
        "WriteTreatmentResource": _campaigns.write_treatment,
        "SegmentDimensions": _segments.segment_dimensions,
        "SegmentDemographics": _segments.segment_demographics,
        "SegmentLocation": _segments.segment_location,
        "SegmentBehaviors": _segments.segment_behaviors,
        "SetDimension": _segments.set_dimension,
        "RecencyDimension": _segments.recency_dimension,
        "SegmentAttributes": _segments.segment_attributes,
        "AttributeDimension": _segments.attribute_dimension,
        "EndpointLocation": _endpoints.endpoint_location,
        "EndpointDemographic": _endpoints.endpoint_demographic,
        "EndpointUser": _endpoints.endpoint_user,
        "EndpointAttributes": _endpoints.endpoint_attributes,
        "EndpointMetrics": _endpoints.endpoint_metrics,
        "EndpointBatchItem": _endpoints.endpoint_batch_item,
    }


def _valid_for(node: Any) -> st.SearchStrategy[Any]:
    name = _spec.ref_name(node)
    parts = _valid_parts()
    if name in parts:
        return parts[name]()
    resolved = _spec.resolve(node)
    if resolved.get("type") == "array":
        return st.builds(list)
    if resolved.get("type") == "object":
        return st.builds(dict)
    raise NotImplementedError(f"no valid strategy for {node!r}")


def _ensure(
    draw: c.Draw, body: Body, schema_name: str, parts: tuple[str, ...]
) -> tuple[Any, tuple[Part, ...], Any]:
    """Walk `parts` from the body's root, drawing valid members where missing: the
    container reached, its location and its (unresolved) schema node."""
    node: Any = {"$ref": _spec.SCHEMA_PREFIX + schema_name}
    value: Any = body
    location: tuple[Part, ...] = ()
    for part in parts:
        resolved = _spec.resolve(node)
        if part == "[]":
            node = _spec.child(resolved, 0)
            if not value:
                value.append(draw(_valid_for(node)))
            index = draw(st.integers(0, len(value) - 1))
            location, value = (*location, index), value[index]
        elif part == "*":
            if not value:
                value[draw(c.attribute_names())] = draw(_valid_for(_spec.child(resolved, "*")))
            key = draw(st.sampled_from(sorted(value)))
            node = _spec.child(resolved, key)
            location, value = (*location, key), value[key]
        else:
            node = _spec.child(resolved, part)
            if part not in value:
                value[part] = draw(_valid_for(node))
            location, value = (*location, part), value[part]
    return value, location, node


def _keep_other_rules(draw: c.Draw, body: Body, schema_name: str, case: Case) -> None:
    """Redo what filling in may have undone: the percent budget, the Address rule."""
    if schema_name == _rules.PERCENT_TOTAL.schema:
        low, high = _spec.bounds("Percent")
        budget = high - (body.get("HoldoutPercent") or low)
        _campaigns.within_budget(body.get("AdditionalTreatments") or [], budget)
    if schema_name == _rules.ADDRESS_NEEDED.schema and "Address" not in body:
        body["Address"] = draw(_endpoints.addresses(body.get("ChannelType")))


@st.composite
def _variant(
    draw: c.Draw, schema_name: str, case: Case, base: st.SearchStrategy[Body], reading: Reading
) -> Invalid:
    body = copy.deepcopy(draw(base))
    parent, location, node = _ensure(draw, body, schema_name, case.parts[:-1])
    _keep_other_rules(draw, body, schema_name, case)
    key = case.parts[-1]
    case.mutate(draw, body, parent, key, dict(_spec.resolve(_spec.child(_spec.resolve(node), key))))
    location = (*location, key)
    if reading == "service":
        body = _spec.to_service_reading(body, schema_name)
        location = _spec.service_location(location, schema_name)
    return Invalid(
        body=body,
        rule=case.rule,
        path=_spec.json_path(location),
        kind=case.kind,
        schema=schema_name,
        keyword=case.keyword,
        location=location,
    )


#: Options of the valid strategy a variant starts from (small batches: the rule is the point).
BASE_OPTIONS: dict[str, dict[str, Any]] = {"EndpointBatchRequest": {"max_items": 3}}


def invalid_rules(schema_name: str) -> tuple[str, ...]:
    """The names of the rules `invalid_body(schema_name)` breaks, one per variant kind."""
    return tuple(case.rule for case in catalogue(schema_name))


def component_rule(schema_name: str, rule: str) -> str:
    """The rule named at the component schema that owns its member (`Schedule.Timezone:enum`)."""
    # The same wherever the component is used: `Schedule.Timezone:enum` for both
    # `Schedule.Timezone:enum` and `AdditionalTreatments[].Schedule.Timezone:enum` of
    # WriteCampaignRequest. Findings about one rule broken in several places are one cause.
    case = next((c for c in catalogue(schema_name) if c.rule == rule), None)
    if case is None:
        raise ValueError(f"{schema_name} has no rule {rule!r}")
    node: Any = {"$ref": _spec.SCHEMA_PREFIX + schema_name}
    owner = schema_name
    for part in case.parts[:-1]:
        node = _spec.child(node, 0 if part == "[]" else part)
        owner = _spec.component(node) or owner
    return f"{owner}.{case.parts[-1]}:{case.check}" if case.parts else f"{owner}:{case.check}"


def rule_catalogue() -> Mapping[str, tuple[str, ...]]:
    """Every request schema with a strategy, to the names of the rules its variants break."""
    return {name: invalid_rules(name) for name in REQUEST_SCHEMAS}


def invalid_body(
    schema_name: str,
    *,
    rules: Iterable[str] | None = None,
    base: st.SearchStrategy[Body] | None = None,
    reading: Reading = "reference",
) -> st.SearchStrategy[Invalid]:
    """Invalid bodies of `schema_name`, each breaking one rule (of `rules`, default all)."""
    _spec.check_reading(reading)
    if schema_name not in REQUEST_SCHEMAS:
        raise ValueError(f"no strategy for {schema_name!r}; one of {REQUEST_SCHEMAS}")
    cases = catalogue(schema_name)
    if rules is not None:
        wanted = list(rules)
        known = {case.rule for case in cases}
        unknown = [rule for rule in wanted if rule not in known]
        if unknown:
            raise ValueError(f"{schema_name} has no rule {unknown}; see invalid_rules()")
        cases = tuple(case for case in cases if case.rule in wanted)
    valid = base if base is not None else VALID[schema_name](**BASE_OPTIONS.get(schema_name, {}))
    return st.one_of([_variant(schema_name, case, valid, reading) for case in cases])


# ---------------------------------------------------------------------- per body
def invalid_write_campaign(
    *,
    rules: Iterable[str] | None = None,
    segment_id: st.SearchStrategy[str] | None = None,
    reading: Reading = "reference",
) -> st.SearchStrategy[Invalid]:
    """Invalid WriteCampaignRequest bodies, each breaking one named rule."""
    base = _campaigns.write_campaign(segment_id=segment_id)
    return invalid_body("WriteCampaignRequest", rules=rules, base=base, reading=reading)


def invalid_write_segment(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid WriteSegmentRequest bodies, each breaking one named rule."""
    return invalid_body("WriteSegmentRequest", rules=rules, reading=reading)


def invalid_endpoint_request(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid EndpointRequest bodies, each breaking one named rule."""
    return invalid_body("EndpointRequest", rules=rules, reading=reading)


def invalid_endpoint_batch_request(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid EndpointBatchRequest bodies (too many items among them), one rule each."""
    return invalid_body("EndpointBatchRequest", rules=rules, reading=reading)


def invalid_write_event_stream(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid WriteEventStream bodies, each breaking one named rule."""
    return invalid_body("WriteEventStream", rules=rules, reading=reading)


def invalid_import_job_request(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid ImportJobRequest bodies, each breaking one named rule."""
    return invalid_body("ImportJobRequest", rules=rules, reading=reading)


def invalid_write_application_settings(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid WriteApplicationSettingsRequest bodies, each breaking one named rule."""
    return invalid_body("WriteApplicationSettingsRequest", rules=rules, reading=reading)


def invalid_apns_channel_request(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid APNSChannelRequest bodies, each breaking one named rule."""
    return invalid_body("APNSChannelRequest", rules=rules, reading=reading)


def invalid_gcm_channel_request(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid GCMChannelRequest bodies, each breaking one named rule."""
    return invalid_body("GCMChannelRequest", rules=rules, reading=reading)


def invalid_create_application_request(
    *, rules: Iterable[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Invalid]:
    """Invalid CreateApplicationRequest bodies, each breaking one named rule."""
    return invalid_body("CreateApplicationRequest", rules=rules, reading=reading)
