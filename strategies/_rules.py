"""The contract's `x-rules` that a request body can break and JSON Schema cannot express,
as a checker: `semantic_violations(schema_name, body)`.

Each rule is tied to its text in the contract (`stated_rules()` fails when the contract
drops or rewords one). A rule looks only at members that are valid on their own (a
parseable date-time, a Percent within its bounds, an OptOut from its enum): a member the
schema already rejects is the schema's finding, not the rule's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pinpoint_strategies import _common as c
from pinpoint_strategies import _spec
from pinpoint_strategies._spec import Part


@dataclass(frozen=True)
class Rule:
    """A rule the schema cannot express: where it is stated, its text, its name."""

    schema: str  # the component schema whose x-rules state it
    text: str  # the x-rules text, verbatim
    check: str  # the part of the rule name after the colon
    member: str  # the member the rule is reported on, inside `schema`


@dataclass(frozen=True)
class Violation:
    """One broken rule: its name (`<member path>:<check>`) and where in the body."""

    rule: str
    location: tuple[Part, ...]

    @property
    def path(self) -> str:
        return _spec.json_path(self.location)


SCHEDULE_ORDER = Rule(
    "Schedule", "EndTime, when given, is later than StartTime.", "later-than-StartTime", "EndTime"
)
PERCENT_TOTAL = Rule(
    "WriteCampaignRequest",
    "HoldoutPercent plus the SizePercent of every additional treatment is at most 100.",
    "total-at-most-100",
    "HoldoutPercent",
)
ADDRESS_NEEDED = Rule(
    "EndpointRequest",
    "Address is needed unless OptOut is ALL (the reference's rule for EndpointResponse).",
    "required-unless-OptOut-ALL",
    "Address",
)
RULES: tuple[Rule, ...] = (SCHEDULE_ORDER, PERCENT_TOTAL, ADDRESS_NEEDED)


def stated_rules() -> tuple[Rule, ...]:
    """The rules, each checked to be stated in the contract's x-rules (else ValueError)."""
    for rule in RULES:
        if rule.text not in _spec.rules(rule.schema):
            raise ValueError(f"the contract no longer states the {rule.schema} rule {rule.text!r}")
    return RULES


def rule_name(location: tuple[Part, ...], check: str) -> str:
    """`AdditionalTreatments[].Schedule.EndTime:later-than-StartTime` for a location."""
    return f"{member_pattern(location)}:{check}"


def member_pattern(location: tuple[Part, ...]) -> str:
    """A location with array indexes written `[]` (AdditionalTreatments[].Schedule)."""
    text = ""
    for key in location:
        if isinstance(key, int):
            text += "[]"
        else:
            text += ("." if text else "") + key
    return text


def occurrences(
    schema_name: str, body: Any, component: str
) -> Iterator[tuple[tuple[Part, ...], Any]]:
    """(location, value) of every object in `body` that sits where the schema puts
    `component` (the root included)."""
    yield from _walk(body, {"$ref": _spec.SCHEMA_PREFIX + schema_name}, (), component)


def _walk(
    value: Any, node: Any, location: tuple[Part, ...], component: str
) -> Iterator[tuple[tuple[Part, ...], Any]]:
    if _spec.ref_name(node) == component and isinstance(value, dict):
        yield location, value
    resolved = _spec.resolve(node)
    if isinstance(value, dict) and isinstance(resolved, dict):
        for key, item in value.items():
            yield from _walk(item, _spec.child(resolved, key), (*location, key), component)
    elif isinstance(value, list) and isinstance(resolved, dict):
        for index, item in enumerate(value):
            yield from _walk(item, _spec.child(resolved, index), (*location, index), component)


# ---------------------------------------------------------------------- the checks
def _schedule_order(schema_name: str, body: Any) -> Iterator[Violation]:
    for location, schedule in occurrences(schema_name, body, SCHEDULE_ORDER.schema):
        if "EndTime" not in schedule:
            continue
        start, end = c.parse(schedule.get("StartTime")), c.parse(schedule.get("EndTime"))
        if start is not None and end is not None and not end > start:
            at = (*location, SCHEDULE_ORDER.member)
            yield Violation(rule_name(at, SCHEDULE_ORDER.check), at)


def _percent(value: Any) -> int | None:
    low, high = _spec.bounds("Percent")
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def _percent_total(schema_name: str, body: Any) -> Iterator[Violation]:
    if schema_name != PERCENT_TOTAL.schema or not isinstance(body, dict):
        return
    _, high = _spec.bounds("Percent")
    total = _percent(body.get("HoldoutPercent")) or 0
    treatments = body.get("AdditionalTreatments")
    for treatment in treatments if isinstance(treatments, list) else ():
        if isinstance(treatment, dict):
            total += _percent(treatment.get("SizePercent")) or 0
    if total > high:
        at = (PERCENT_TOTAL.member,)
        yield Violation(rule_name(at, PERCENT_TOTAL.check), at)


def _address_needed(schema_name: str, body: Any) -> Iterator[Violation]:
    if schema_name != ADDRESS_NEEDED.schema or not isinstance(body, dict):
        return
    from pinpoint_strategies._endpoints import address_exempt_values

    opt_out = body.get("OptOut")
    if opt_out is not None and opt_out not in _spec.schema_enum(schema_name, "OptOut"):
        return  # not a valid OptOut: the schema's finding
    if "Address" not in body and opt_out not in address_exempt_values():
        at = (ADDRESS_NEEDED.member,)
        yield Violation(rule_name(at, ADDRESS_NEEDED.check), at)


CHECKS: tuple[Callable[[str, Any], Iterator[Violation]], ...] = (
    _schedule_order,
    _percent_total,
    _address_needed,
)


def semantic_violations(schema_name: str, body: Any) -> list[Violation]:
    """The x-rules a request body of `schema_name` breaks (empty when it keeps them all)."""
    stated_rules()
    return [violation for check in CHECKS for violation in check(schema_name, body)]
