"""Every operation, table, member and valid value of the reference is in the spec.

The oracle is `tests/data/reference_inventory.json`, extracted from the reference text by
`tools/extract_inventory.py`; these tests read only the project's own files.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from pinpoint_conformance.contract import Contract
from tests.helpers import load_data

INVENTORY = load_data("reference_inventory.json")
TABLES = INVENTORY["tables"]
MEMBERS = [(table, member) for table in TABLES for member in table["members"]]
VALUED = [(t, m) for t, m in MEMBERS if m["valid_values"]]


def _table_id(table: dict[str, Any]) -> str:
    return f"{table['name']}@{table['section']}"


def _wire_path(printed: str) -> str:
    """The printed URI as it travels, by the ERRATA's rules E01 (trailing slash),
    E05 (`/segment/` for `/segments/`) and E04 (`version-id` is `{version}`)."""
    path = printed.rstrip("/").replace("/segment/", "/segments/")
    path = path.replace("version-id", "{version}")
    path = re.sub(r"/([a-z]+-id)(?=/|$)", r"/{\1}", path)
    return "/v1" + path


def _component(contract: Contract, table: str) -> tuple[str, dict[str, Any]]:
    matches = [
        (name, schema)
        for name, schema in contract.schemas.items()
        if schema.get("x-reference-table") == table
    ]
    assert len(matches) == 1, f"one component transcribes table {table}: {matches}"
    return matches[0]


def _property(contract: Contract, table: str, member: str) -> dict[str, Any]:
    _, schema = _component(contract, table)
    assert member in schema.get("properties", {}), f"{table}.{member} missing from the spec"
    return dict(schema["properties"][member])


def _enum_of(contract: Contract, prop: dict[str, Any]) -> list[str]:
    node = prop
    while "$ref" in node and "enum" not in node:
        node = contract.pointer(node["$ref"])
    return list(node.get("enum", []))


def test_the_inventory_has_the_33_reference_operations() -> None:
    assert len(INVENTORY["operations"]) == 33
    assert len({(op["method"], op["uri"]) for op in INVENTORY["operations"]}) == 33


@pytest.mark.parametrize(
    "entry", INVENTORY["operations"], ids=lambda op: f"{op['method']} {op['uri']}"
)
def test_every_reference_operation_is_in_the_spec(contract: Contract, entry: dict) -> None:
    matches = [
        op
        for op in contract.iter_operations()
        if op.method == entry["method"] and op.reference.get("uri") == entry["uri"]
    ]
    assert len(matches) == 1, "the operation's x-reference.uri is the URI as printed"
    op = matches[0]
    assert op.source == "reference"
    assert op.path == _wire_path(entry["uri"])
    assert op.reference["section"] == entry["section"]
    assert op.reference["page"] == entry["page"]


@pytest.mark.parametrize("table", TABLES, ids=_table_id)
def test_every_attribute_table_is_a_named_component(contract: Contract, table: dict) -> None:
    name, schema = _component(contract, table["name"])
    assert schema.get("description"), f"{name} has a description of its own"


@pytest.mark.parametrize(
    ("table", "member"), MEMBERS, ids=lambda x: x["name"] if "members" not in x else _table_id(x)
)
def test_every_member_of_every_table_has_its_type(
    contract: Contract, table: dict, member: dict
) -> None:
    prop = _property(contract, table["name"], member["name"])
    kind = member["type"]
    resolved = contract.resolve(prop) if "$ref" in prop else prop
    if kind in {"string", "integer", "boolean", "number"}:
        assert _scalar_type(contract, prop) == kind
    elif kind == "":
        assert _scalar_type(contract, prop) == "string"  # untyped in the reference (E22)
    elif kind.startswith("array<"):
        assert resolved["type"] == "array"
        inner = kind[len("array<") : -1]
        items = resolved["items"]
        if inner == "string":
            assert items["type"] == "string"
        else:
            assert items["$ref"] == f"#/components/schemas/{_component(contract, inner)[0]}"
    elif kind.startswith("ref<"):
        inner = kind[len("ref<") : -1]
        assert prop["$ref"] == f"#/components/schemas/{_component(contract, inner)[0]}"
    elif kind.startswith("object<"):
        inner = kind[len("object<") : -1]
        assert prop["$ref"] == f"#/components/schemas/{inner}"
        assert contract.schemas[inner]["type"] == "object"
    else:  # pragma: no cover - the inventory only has the kinds above
        pytest.fail(f"unknown inventory type {kind!r}")


def _scalar_type(contract: Contract, prop: dict[str, Any]) -> str:
    node = prop
    while "type" not in node and "$ref" in node:
        node = contract.pointer(node["$ref"])
    return str(node["type"])


@pytest.mark.parametrize(
    ("table", "member"), VALUED, ids=lambda x: x["name"] if "members" not in x else _table_id(x)
)
def test_every_valid_value_is_in_the_spec(contract: Contract, table: dict, member: dict) -> None:
    prop = _property(contract, table["name"], member["name"])
    enum = _enum_of(contract, prop)
    typos = _typos_of(contract, prop)
    values = member["valid_values"]
    if member["valid_values_form"] == "prose" and len(values) == 1:
        # "Will be APNS": a fixed value the reference names, kept as x-reference-value.
        assert prop.get("x-reference-value") == values[0]
        return
    for value in values:
        assert value in enum or typos.get(value) in enum, f"{value} of {member['name']}"


def _typos_of(contract: Contract, prop: dict[str, Any]) -> dict[str, str]:
    node = prop
    typos = dict(node.get("x-reference-typos", {}))
    while "$ref" in node:
        node = contract.pointer(node["$ref"])
        typos.update(node.get("x-reference-typos", {}))
    return typos


def test_every_reference_typo_in_an_enum_is_explained_in_the_errata(contract: Contract) -> None:
    errata = (contract.path.parent / "ERRATA.md").read_text(encoding="utf-8")
    typos = {
        typo: fixed
        for schema in contract.schemas.values()
        for typo, fixed in schema.get("x-reference-typos", {}).items()
    }
    assert typos == {"FALLING": "FAILING"}
    for typo in typos:
        assert f"`{typo}`" in errata


IDENTITY = re.compile(r"(Id|Date|^SegmentVersion|^Item)$")


@pytest.mark.parametrize(
    ("table", "member"),
    [(t, m) for t, m in MEMBERS if not m["optional"] and IDENTITY.search(m["name"])],
    ids=lambda x: x["name"] if "members" not in x else _table_id(x),
)
def test_non_optional_ids_and_dates_are_required_in_answers(
    contract: Contract, table: dict, member: dict
) -> None:
    name, schema = _component(contract, table["name"])
    prop = schema["properties"][member["name"]]
    required = set(schema.get("required", []))
    either = [set(branch["required"]) for branch in schema.get("anyOf", [])]
    if member["name"] in required or any(member["name"] in b for b in either):
        return
    assert prop.get("x-errata"), f"{name}.{member['name']} is neither required nor explained"


def test_every_errata_id_used_by_the_spec_is_written_up(contract: Contract) -> None:
    errata = (contract.path.parent / "ERRATA.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\bE\d\d\b", contract.path.read_text(encoding="utf-8")))
    written = set(re.findall(r"^## (E\d\d):", errata, flags=re.MULTILINE))
    assert used <= written, f"spec cites errata with no entry: {sorted(used - written)}"
    indexed = set(re.findall(r"^\| (E\d\d) \|", errata, flags=re.MULTILINE))
    assert indexed == written
