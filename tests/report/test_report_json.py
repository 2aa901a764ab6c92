"""The JSON format: valid against report.schema.json, every documented member, no secret."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pinpoint_conformance.findings import RunReport, Status
from pinpoint_conformance.report import FORMAT, SCHEMA_PATH, to_curl, to_json, write_json
from tests.report.sample import MUST_FINDING, OPERATION_IDS, assert_no_secret

REPO = Path(__file__).resolve().parents[2]
SOURCE_SCHEMA = REPO / "conformance" / "report" / "report.schema.json"
DOC = REPO / "docs" / "report-format.md"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SOURCE_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def documented_members(section: str) -> list[str]:
    """The member names in the first column of the table under `### <section>`."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", body, re.M)


def test_the_package_points_at_the_schema_in_the_source_tree() -> None:
    assert SCHEMA_PATH.resolve() == SOURCE_SCHEMA.resolve()


def test_output_validates_against_the_schema(
    report: RunReport, validator: Draft202012Validator
) -> None:
    data = json.loads(json.dumps(to_json(report, OPERATION_IDS)))
    errors = [error.message for error in validator.iter_errors(data)]
    assert errors == []


def test_the_schema_rejects_what_the_format_forbids(
    report: RunReport, validator: Draft202012Validator
) -> None:
    data = to_json(report, OPERATION_IDS)
    broken = json.loads(json.dumps(data))
    broken["outcomes"][0]["status"] = "BROKEN"
    assert not validator.is_valid(broken)
    missing = json.loads(json.dumps(data))
    del missing["outcomes"][4]["findings"][0]["curl"]
    assert not validator.is_valid(missing)
    for member in data:
        partial = {key: value for key, value in data.items() if key != member}
        assert not validator.is_valid(partial), member


def test_every_documented_member_is_emitted_and_only_those(report: RunReport) -> None:
    data = to_json(report, OPERATION_IDS)
    top = documented_members("Top-level members")
    outcome = documented_members("Outcome members")
    finding = documented_members("Finding members")
    deviation = documented_members("Deviation members")
    provenance = documented_members("Provenance members")
    assert len(top) == 17 and len(outcome) == 6 and len(finding) == 13
    assert len(deviation) == 7 and len(provenance) == 5
    assert list(data) == top
    assert all(list(item) == outcome for item in data["outcomes"])
    findings = [f for item in data["outcomes"] for f in item["findings"]]
    assert len(findings) == 4
    assert all(sorted(f) == sorted(finding) for f in findings)
    assert len(data["deviations"]) == 4
    assert all(list(d) == deviation for d in data["deviations"])
    assert all(sorted(d["example"]) == sorted(finding) for d in data["deviations"])
    cited = [f["provenance"] for f in findings if f["provenance"] is not None]
    assert len(cited) == 2 and all(sorted(c) == sorted(provenance) for c in cited)


def test_the_documented_example_validates(validator: Draft202012Validator) -> None:
    example = DOC.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    assert validator.is_valid(json.loads(example))


def test_docs_state_every_status_level_and_exit_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    for word in [*(str(status) for status in Status), "MUST", "SHOULD", "INFO", "worst"]:
        assert f"`{word}`" in text or f"**{word}**" in text, word
    for code, meaning in (
        (0, "all conform"),
        (1, "findings"),
        (2, "interrupted"),
        (3, "internal error"),
        (4, "usage or configuration error"),
    ):
        assert re.search(rf"^\| {code} \| {meaning}", text, re.M), code


def test_values(report: RunReport) -> None:
    data = to_json(report, OPERATION_IDS)
    assert data["format"] == FORMAT == "pinpoint-conformance-report/1"
    assert (data["seed"], data["strict"], data["exit_code"]) == (424242, False, 1)
    assert data["summary"] == {"PASS": 6, "FAIL": 2, "ERROR": 1, "SKIPPED": 5, "UNSUPPORTED": 1}
    assert list(data["matrix"]) == OPERATION_IDS
    assert data["matrix"]["UpdateApnsChannel"]["SHAPE"] == "FAIL"
    assert data["matrix"]["UpdateApnsChannel"]["HAL"] is None
    assert data["matrix"]["UpdateGcmChannel"]["LIFE"] == "ERROR"
    assert len(data["outcomes"]) == len(report.outcomes)
    [finding] = data["outcomes"][4]["findings"]
    assert finding["check_id"] == "SHAPE-001"
    assert finding["level"] == "MUST"
    assert MUST_FINDING.exchange is not None
    assert finding["curl"] == to_curl(MUST_FINDING.exchange)
    assert finding["request"] == {"method": "PUT", "url": MUST_FINDING.exchange.url}
    assert finding["response_status"] == 200
    assert finding["actual"].endswith("x" * 300)  # never truncated in JSON
    assert data["notes"] == ["target is the embedded reference server"]


def test_a_finding_without_exchange_still_has_every_member(
    report: RunReport, validator: Draft202012Validator
) -> None:
    report.outcomes[0].findings.append(
        MUST_FINDING.__class__(**{**MUST_FINDING.__dict__, "exchange": None})
    )
    data = to_json(report, OPERATION_IDS)
    added: dict[str, Any] = data["outcomes"][0]["findings"][0]
    assert (added["curl"], added["request"], added["response_status"]) == (None, None, None)
    assert validator.is_valid(data)


def test_no_secret_in_json_and_write_json_round_trips(report: RunReport, tmp_path: Path) -> None:
    report.target = "https://user:s3cretpass@pinpoint.example"
    path = write_json(report, OPERATION_IDS, tmp_path / "out" / "report.json")
    text = path.read_text(encoding="utf-8")
    assert_no_secret(text)
    assert "s3cretpass" not in text
    loaded = json.loads(text)
    assert loaded["target"] == "https://REDACTED:REDACTED@pinpoint.example"
    assert loaded == json.loads(json.dumps(to_json(report, OPERATION_IDS)))
    assert text.endswith("}\n")
