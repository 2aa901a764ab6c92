"""The reference coverage (issue 13): every statement of the inventory is the reference's words,
is mapped, and is mapped to something real (a check of the catalogue, a reason, an ERRATA
entry, a keyword the contract really carries); docs/coverage.md is the current rendering."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.checks.document import load_all
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.coverage import ENFORCED, OPEN, load_coverage, statements_of
from pinpoint_conformance.coverage_document import render_markdown, share

REPO = Path(__file__).resolve().parents[2]
LINES = json.loads((REPO / "tests/data/reference_lines.json").read_text(encoding="utf-8"))["lines"]
ERRATA = set(re.findall(r"^## (E\d\d):", (REPO / "spec/ERRATA.md").read_text(encoding="utf-8"),
                        re.MULTILINE))
COVERAGE = load_coverage()
REFERENCE = REPO.parent / "shared" / "reference" / "pinpoint-rest-api-reference.txt"
# the keyword a mapping's `via` names, as JSON Schema spells it
KEYWORDS = {"enum": ("enum", "const"), "format": ("format",), "pattern": ("pattern",),
            "maximum": ("maximum",), "maxItems": ("maxItems",), "type": ("type",)}


def test_every_statement_is_mapped_and_every_mapping_names_a_statement() -> None:
    assert COVERAGE.statements
    assert COVERAGE.unmapped() == [], "statements of spec/statements.yaml without a mapping"
    assert COVERAGE.stale() == [], "mappings of spec/coverage.yaml that name no statement"
    ids = [s.id for s in COVERAGE.statements]
    assert len(ids) == len(set(ids))


def test_no_statement_is_left_open() -> None:
    assert [s.id for s in COVERAGE.statements
            if COVERAGE.mappings[s.id].status == OPEN] == []


def test_mappings_name_checks_of_the_catalogue_and_errata_that_exist() -> None:
    catalogue = {check.check_id for check in load_all()}
    for statement_id, mapping in COVERAGE.mappings.items():
        assert set(mapping.checks) <= catalogue, (statement_id, mapping.checks)
        assert set(mapping.errata) <= ERRATA, (statement_id, mapping.errata)
    assert set(COVERAGE.reasons.values()) and all(COVERAGE.reasons.values())
    used = {m.reason for m in COVERAGE.mappings.values() if m.reason}
    assert used == set(COVERAGE.reasons), "a reason no statement uses"


def test_every_statement_is_the_reference_s_words_in_its_section_and_page() -> None:
    for s in COVERAGE.statements:
        found = [line for line in LINES if s.words in line["text"]]
        assert found, f"{s.id}: not in the reference: {s.words!r}"
        assert any(line["section"] == s.section and line["page"] == s.page for line in found), (
            s.id, s.section, s.page, sorted({(f["section"], f["page"]) for f in found}))


def _keyword_in(contract: Any, schema: Any, keywords: tuple[str, ...], depth: int = 0) -> bool:
    schema = contract.resolve(schema)
    if not isinstance(schema, dict) or depth > 6:
        return False
    if any(keyword in schema for keyword in keywords):
        return True
    nested = [*schema.get("allOf", ()), *schema.get("anyOf", ()), *schema.get("oneOf", ())]
    if "$ref" in schema:  # a $ref beside other keywords (x-errata) is not resolved
        nested.append(contract.pointer(schema["$ref"]))
    if isinstance(schema.get("items"), dict):
        nested.append(schema["items"])
    return any(_keyword_in(contract, sub, keywords, depth + 1) for sub in nested)


def _required_in(schema: dict[str, Any], member: str) -> bool:
    lists = [schema.get("required") or []]
    lists += [branch.get("required") or [] for branch in schema.get("anyOf", ())]
    return any(member in names for names in lists)


def test_what_a_check_enforces_through_the_contract_is_in_the_contract() -> None:
    contract = load_contract()
    tables: dict[str, list[dict[str, Any]]] = {}
    for schema in contract.schemas.values():
        if "x-reference-table" in schema:
            tables.setdefault(schema["x-reference-table"], []).append(schema)
    claimed = 0
    for s in COVERAGE.statements:
        via = COVERAGE.mappings[s.id].via
        if not via:
            continue
        claimed += 1
        assert s.table in tables, f"{s.id}: no component transcribes the table {s.table}"
        for schema in tables[s.table]:
            if via == "required":
                assert _required_in(schema, s.member), (s.id, "not required in the contract")
            else:
                prop = (schema.get("properties") or {}).get(s.member)
                assert prop is not None, (s.id, f"{s.table} has no {s.member}")
                assert _keyword_in(contract, prop, KEYWORDS[via]), (s.id, f"no {via}")
    assert claimed > 20


def test_a_check_names_the_statements_it_enforces() -> None:
    status = "endpoint-attributes/endpointresponse.status/will-be-set-active-if-address"
    assert status in statements_of("LIFE-013")
    assert statements_of("NO-SUCH-CHECK") == ()
    enforced = {s.id for s in COVERAGE.statements
                if COVERAGE.mappings[s.id].status == ENFORCED}
    named = {sid for check in load_all() for sid in statements_of(check.check_id)}
    assert named == enforced


def test_docs_coverage_md_is_the_current_rendering() -> None:
    assert (REPO / "docs/coverage.md").read_text(encoding="utf-8") == render_markdown(COVERAGE), (
        "docs/coverage.md is stale: run "
        "`pinpoint-conformance coverage --format markdown > docs/coverage.md`"
    )


def test_the_readme_headline_is_the_enforced_share() -> None:
    enforced, total, percent = share(COVERAGE)
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert (f"**Reference coverage: {enforced} of the reference's {total} normative statements "
            f"are enforced by a check ({percent:.1f}%)**") in readme


def test_the_command_prints_the_counts_and_the_json_form() -> None:
    def cli(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "pinpoint_conformance.cli", "coverage", *args],
                              capture_output=True, text=True, timeout=120, check=True,
                              cwd=REPO).stdout

    data = json.loads(cli("--json"))
    assert data["total"] == len(COVERAGE.statements) == sum(data["counts"].values())
    assert {c["chapter"] for c in data["chapters"]} >= {"Campaigns", "Endpoints", "Settings"}
    assert f"of the reference's {data['total']} normative statements" in cli()


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the reference text is not beside this clone")
def test_the_inventory_is_what_the_extractor_makes_of_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "statements.yaml"
    result = subprocess.run(
        [sys.executable, "tools/extract_statements.py", "--reference", str(REFERENCE),
         "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (REPO / "spec/statements.yaml").read_text(
        encoding="utf-8")
