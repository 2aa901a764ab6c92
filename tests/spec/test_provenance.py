"""Every check and every rule says where it comes from, and the data holds to the reference.

A stated rule quotes the reference's words, found verbatim (whitespace collapsed) on a line of
the cited section, whose page is the cited page; a decision cites ERRATA entries that exist.
MUST checks are stated; SHOULD checks are decisions. Nothing in spec/provenance.yaml is
stale: every entry names a check, a rule, a response constraint or an operation that exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import pinpoint_strategies as strategies
from pinpoint_conformance.checks.document import load_all
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.findings import Level
from pinpoint_conformance.provenance import Provenance, load_provenance, provenance_path
from tests.helpers import load_data

REPO = Path(__file__).resolve().parents[2]
ERRATA = (REPO / "spec" / "ERRATA.md").read_text(encoding="utf-8")
ERRATA_IDS = set(re.findall(r"^## (E\d\d):", ERRATA, re.M))
LINES = load_data("reference_lines.json")["lines"]
CHECKS = load_all()
PROVENANCE = load_provenance()


def _where(provenance: Provenance) -> list[dict]:
    """The reference lines that hold the quote."""
    quote = " ".join(provenance.quote.split())
    return [line for line in LINES if quote in line["text"]]


def _assert_sound(provenance: Provenance, what: str) -> None:
    if provenance.kind == "stated":
        found = _where(provenance)
        assert found, f"{what}: the quote is not in the reference: {provenance.quote!r}"
        in_section = [line for line in found if line["section"] == provenance.section]
        assert in_section, (f"{what}: quoted from {sorted({f['section'] for f in found})}, "
                            f"not {provenance.section!r}")
        assert {line["page"] for line in in_section} == {provenance.page}, what
    else:
        assert provenance.errata, what
        unknown = set(provenance.errata) - ERRATA_IDS
        assert not unknown, f"{what}: no ERRATA entry {sorted(unknown)}"


def test_the_data_file_is_the_one_that_ships() -> None:
    assert provenance_path().resolve() == (REPO / "spec" / "provenance.yaml").resolve()
    assert "PROVISIONAL" not in provenance_path().read_text(encoding="utf-8")


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.check_id)
def test_every_check_has_a_sound_provenance_that_sets_its_level(check) -> None:
    _assert_sound(check.provenance, check.check_id)
    if check.level is Level.MUST:
        assert check.provenance.kind == "stated", check.check_id
    if check.level is Level.SHOULD:
        assert check.provenance.kind == "decision", check.check_id


def _component_rules() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for schema in strategies.REQUEST_SCHEMAS:
        for rule in strategies.invalid_rules(schema):
            found.setdefault(strategies.component_rule(schema, rule), []).append(
                f"{schema} {rule}")
    return found


RULES = _component_rules()


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_of_the_invalid_catalogue_has_a_sound_provenance(rule: str) -> None:
    _assert_sound(PROVENANCE.rule(rule), rule)


def test_the_x_rules_are_decisions() -> None:
    # ERR-010 (SHOULD) judges them: a stated x-rule would need a MUST check of its own
    semantic = [rule for rule in RULES
                if any(check in rule for check in ("later-than", "total-at-most", "unless"))]
    assert len(semantic) == 3
    assert all(PROVENANCE.rule(rule).kind == "decision" for rule in semantic)


def test_nothing_in_the_file_is_stale() -> None:
    data = yaml.safe_load(provenance_path().read_text(encoding="utf-8"))
    assert set(data["checks"]) == {check.check_id for check in CHECKS}
    assert set(data["rules"]) == set(RULES)
    contract = load_contract()
    schemas = contract.document["components"]["schemas"]
    for item in data["responses"]:
        schema = schemas[item["schema"]]
        _assert_sound(PROVENANCE.responses[(item["schema"], item["member"], item["keyword"])],
                      str(item))
        if item["member"] != "*":
            text = yaml.safe_dump(schema)
            assert item["member"] in text, item
    service_model = {op.operation_id for op in contract.iter_operations()
                     if op.source == "service-model"}
    assert set(data.get("operations") or {}) == service_model
    for operation_id in service_model:
        provenance = PROVENANCE.operation(operation_id)
        assert provenance is not None and provenance.kind == "decision"
        _assert_sound(provenance, operation_id)
