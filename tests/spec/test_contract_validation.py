"""The contract's validators read the spec as JSON Schema means it."""

from __future__ import annotations

import pytest

from pinpoint_conformance.contract import Contract


def _enums(node: object) -> list[list[object]]:
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            found.append(node["enum"])
        for value in node.values():
            found += _enums(value)
    elif isinstance(node, list):
        for value in node:
            found += _enums(value)
    return found


def test_every_enum_value_is_a_string(contract: Contract) -> None:
    # YAML 1.1 reads a bare ON, OFF, YES or NO as a boolean: quote them in the spec.
    for enum in _enums(contract.document):
        assert all(isinstance(value, str) for value in enum), enum


@pytest.mark.parametrize(
    ("schema", "member", "value"),
    [("QuietTime", "Start", "07:30\n"), ("EndpointLocation", "Country", "US\n"),
     ("EndpointDemographic", "Locale", "en_US\n")],
)
def test_a_trailing_newline_does_not_satisfy_an_anchored_pattern(
    contract: Contract, schema: str, member: str, value: str
) -> None:
    validator = contract.schema_validator(schema)
    assert list(validator.iter_errors({member: value}))
    assert not list(validator.iter_errors({member: value.rstrip("\n")}))
