"""Every JSON syntax example of the reference (repaired) fits its component schema."""

from __future__ import annotations

import json

import pytest

from pinpoint_conformance.contract import Contract
from tests.helpers import DATA, load_data, substantive_errors, undeclared_members

INDEX = load_data("examples/index.json")


def _example(entry: dict) -> object:
    return json.loads((DATA / "examples" / entry["file"]).read_text(encoding="utf-8"))


def test_every_syntax_block_of_the_reference_has_a_repaired_example() -> None:
    raw = {path.stem for path in (DATA / "examples" / "raw").glob("*.txt")}
    assert len(INDEX) == 44
    assert {entry["slug"] for entry in INDEX} == raw


@pytest.mark.parametrize("entry", INDEX, ids=lambda e: e["slug"])
def test_example_validates_against_its_schema(contract: Contract, entry: dict) -> None:
    validator = contract.schema_validator(entry["schema"])
    errors = substantive_errors(validator, _example(entry))
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]


@pytest.mark.parametrize("entry", INDEX, ids=lambda e: e["slug"])
def test_example_uses_only_members_the_spec_declares(contract: Contract, entry: dict) -> None:
    schema = {"$ref": f"#/components/schemas/{entry['schema']}"}
    assert undeclared_members(contract, schema, _example(entry)) == []


@pytest.mark.parametrize("entry", INDEX, ids=lambda e: e["slug"])
def test_example_is_the_schema_of_its_operation(contract: Contract, entry: dict) -> None:
    ops = [
        op
        for op in contract.iter_operations()
        if op.reference.get("section") == entry["section"] and op.method == entry["method"]
    ]
    assert len(ops) == 1
    op = ops[0]
    if entry["kind"] == "request":
        ref = op.request_schema_ref
    else:
        ref = contract.response_schema_ref(op.operation_id, op.success_status, "application/json")
    assert ref == f"#/components/schemas/{entry['schema']}"


def test_placeholder_tolerance_does_not_hide_real_errors(contract: Contract) -> None:
    validator = contract.schema_validator("CampaignResponse")
    entry = next(e for e in INDEX if e["slug"] == "campaign-instance.get.response")
    example = _example(entry)
    assert example["Version"] == 0 and not substantive_errors(validator, example)
    example["Version"] = "one"  # a wrong type is not a placeholder
    assert substantive_errors(validator, example)
    del example["Id"]
    example["Version"] = 0
    assert substantive_errors(validator, example)
    example["Id"] = "x"
    example["MessageConfiguration"]["DefaultMessage"]["Action"] = "LAUNCH"
    assert substantive_errors(validator, example)


def test_misprinted_keys_are_caught_by_the_member_check(contract: Contract) -> None:
    schema = {"$ref": "#/components/schemas/WriteCampaignRequest"}
    body = {"SegmentId": "s", ">Description": "string"}
    assert undeclared_members(contract, schema, body) == ["$.>Description"]


def test_every_literal_typo_is_listed_in_the_errata(contract: Contract) -> None:
    errata = (contract.path.parent / "ERRATA.md").read_text(encoding="utf-8")
    typos = [(entry["section"], typo) for entry in INDEX for typo in entry["typos"]]
    assert typos
    for section, typo in typos:
        line = typo.split("reference line ")[1].split(")")[0]
        assert line in errata, f"{section}: {typo}"
