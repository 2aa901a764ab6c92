"""Where reference and service name a member differently, either reading passes, neither fails."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from pinpoint_conformance.contract import Contract
from tests.helpers import DATA, substantive_errors


def _example(slug: str) -> Any:
    return json.loads((DATA / "examples" / f"{slug}.json").read_text(encoding="utf-8"))


def _aliases(contract: Contract) -> list[tuple[str, str, str]]:
    return [
        (schema_name, prop_name, prop["x-alias-of"])
        for schema_name, schema in contract.schemas.items()
        for prop_name, prop in schema.get("properties", {}).items()
        if "x-alias-of" in prop
    ]


def test_the_renamed_members_of_the_errata_are_all_marked(contract: Contract) -> None:
    assert set(_aliases(contract)) == {
        ("CampaignState", "CampaignStatus", "Status"),
        ("ImportJobResponse", "JobStatus", "Status"),
        ("SegmentResponse", "SegmentType", "Type"),
        ("SetDimension", "DimensionType", "Type"),
        ("RecencyDimension", "RecencyType", "Type"),
        ("EndpointRequest", "EndpointStatus", "Status"),
        ("EndpointBatchItem", "EndpointStatus", "Status"),
        ("EndpointResponse", "EndpointStatus", "Status"),
        ("ImportJobRequest", "ExternalId", "ExternalID"),
    }


def test_each_alias_has_the_same_type_as_the_reference_member(contract: Contract) -> None:
    for schema_name, alias, original in _aliases(contract):
        props = contract.schemas[schema_name]["properties"]
        assert original in props, f"{schema_name}.{original}"
        strip = lambda p: {k: v for k, v in p.items() if not k.startswith(("x-", "description"))}  # noqa: E731
        assert strip(props[alias]) == strip(props[original]), f"{schema_name}.{alias}"


Locate = Callable[[Any], dict[str, Any]]
CASES: list[tuple[str, str, Locate, str, str]] = [
    ("ImportJobResponse", "import-job-instance.get.response", lambda d: d, "Status", "JobStatus"),
    ("SegmentResponse", "segment-instance.get.response", lambda d: d, "Type", "SegmentType"),
    (
        "SegmentResponse",
        "segment-instance.get.response",
        lambda d: d["Dimensions"]["Behavior"]["Recency"],
        "Type",
        "RecencyType",
    ),
]


@pytest.mark.parametrize(("schema", "slug", "locate", "reference", "service"), CASES)
def test_either_reading_passes_and_neither_fails(
    contract: Contract, schema: str, slug: str, locate: Locate, reference: str, service: str
) -> None:
    validator = contract.schema_validator(schema)
    as_printed = _example(slug)
    assert reference in locate(as_printed)
    assert not substantive_errors(validator, as_printed)

    service_reading = copy.deepcopy(as_printed)
    target = locate(service_reading)
    target[service] = target.pop(reference)
    assert not substantive_errors(validator, service_reading)

    neither = copy.deepcopy(as_printed)
    del locate(neither)[reference]
    assert substantive_errors(validator, neither)


def test_a_renamed_member_with_a_value_outside_the_enum_still_fails(contract: Contract) -> None:
    validator = contract.schema_validator("ImportJobResponse")
    document = _example("import-job-instance.get.response")
    document["JobStatus"] = document.pop("Status")
    document["JobStatus"] = "FALLING"
    assert substantive_errors(validator, document)
