"""Every finding names the reference statements it breaks (issue 13): the JSON report, the
terminal and the markdown report, from the coverage mapping (check id -> statements)."""

from __future__ import annotations

from pinpoint_conformance.coverage import statements_for
from pinpoint_conformance.findings import RunReport
from pinpoint_conformance.report import render_markdown, render_terminal, to_json
from tests.report.sample import MUST_FINDING, OPERATION_IDS


def test_a_finding_names_the_statements_of_its_check_in_its_chapter(report: RunReport) -> None:
    expected = statements_for(MUST_FINDING.check_id, MUST_FINDING.operation_id)
    assert expected and all(sid.startswith(("apns-", "gcm-", "example-")) for sid in expected)
    data = to_json(report, OPERATION_IDS)
    named = [f["statements"] for o in data["outcomes"] for f in o["findings"]
             if f["check_id"] == MUST_FINDING.check_id]
    assert named and all(statements == list(expected) for statements in named)
    assert "statements" in render_terminal(report, OPERATION_IDS)
    assert expected[0] in render_terminal(report, OPERATION_IDS)
    assert "statements:" in render_markdown(report, OPERATION_IDS)


def test_the_application_operations_break_no_statement_of_the_reference() -> None:
    assert statements_for("SHAPE-002", "CreateApp") == ()
    assert statements_for("LIFE-013", "UpdateEndpoint")[-1].endswith(
        "will-be-set-active-if-address")
