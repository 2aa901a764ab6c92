"""Matrix cells and the terminal rendering."""

from __future__ import annotations

import itertools
import re

import pytest

from pinpoint_conformance.contract import Contract
from pinpoint_conformance.findings import SEVERITY, Outcome, RunReport, Status
from pinpoint_conformance.report import FAMILIES, cell_status, matrix, render_terminal, to_curl
from tests.report.sample import (
    GCM_FINDING,
    INFO_FINDING,
    MUST_FINDING,
    OPERATION_IDS,
    SHOULD_FINDING,
    SKIP_NO_HAL,
    SKIP_PROFILE,
    assert_no_secret,
    build_report,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _outcome(status: Status, op: str = "GetApps", family: str = "SHAPE") -> Outcome:
    return Outcome(family, op, status, "t")


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(list(Status), 2)))
def test_a_cell_is_the_worst_of_its_outcomes(a: Status, b: Status) -> None:
    worst = a if SEVERITY[a] > SEVERITY[b] else b
    assert cell_status([_outcome(a), _outcome(b)]) is worst
    assert cell_status([_outcome(b), _outcome(a), _outcome(Status.SKIPPED)]) is worst


def test_cell_order_is_skip_pass_unsupported_error_fail() -> None:
    order = [Status.SKIPPED, Status.PASS, Status.UNSUPPORTED, Status.ERROR, Status.FAIL]
    for index, status in enumerate(order):
        assert cell_status(_outcome(s) for s in order[: index + 1]) is status
    assert cell_status([]) is None


def test_matrix_rows_columns_and_cells(report: RunReport) -> None:
    cells = matrix(report, OPERATION_IDS)
    assert list(cells) == OPERATION_IDS
    assert all(list(row) == list(FAMILIES) for row in cells.values())
    assert cells["UpdateApnsChannel"]["SHAPE"] is Status.FAIL  # PASS + FAIL + SKIPPED
    assert cells["GetApnsChannel"]["HAL"] is Status.PASS  # PASS + SKIPPED
    assert cells["GetApnsChannel"]["PAGE"] is Status.SKIPPED
    assert cells["UpdateGcmChannel"]["LIFE"] is Status.ERROR  # ERROR + PASS
    assert cells["GetCampaign"]["SHAPE"] is Status.UNSUPPORTED
    assert cells["GetApps"]["VER"] is None


def test_matrix_keeps_operations_and_families_outside_the_given_lists(report: RunReport) -> None:
    report.outcomes.append(_outcome(Status.FAIL, op="NotInSpec", family="EXTRA"))
    cells = matrix(report, ["GetCampaign", "GetApps"])
    assert list(cells)[:2] == ["GetCampaign", "GetApps"]
    assert "NotInSpec" in cells and "UpdateGcmChannel" in cells
    assert cells["NotInSpec"]["EXTRA"] is Status.FAIL
    assert cells["GetApps"]["EXTRA"] is None


def test_rows_follow_the_spec_order(contract: Contract) -> None:
    operation_ids = [op.operation_id for op in contract.iter_operations()]
    report = build_report()
    text = render_terminal(report, operation_ids)
    rows = [line.split()[0] for line in text.splitlines() if line.split()[:1] != []]
    shown = [row for row in rows if row in operation_ids]
    assert shown[: len(operation_ids)] == operation_ids


def _matrix_row(text: str, op: str) -> list[str]:
    [line] = [line for line in text.splitlines() if line.startswith(op + " ")]
    return line.split()[1:]


def test_terminal_header_matrix_and_totals(report: RunReport) -> None:
    text = render_terminal(report, OPERATION_IDS)
    for fact in ("0.1.0", "1.0.0", "http://127.0.0.1:8765", "2024-05-01T12:00:00Z", "424242"):
        assert fact in text
    assert re.search(r"profile\s+standard", text)
    assert re.search(r"strict\s+no", text)
    assert re.search(r"requests\s+57", text)
    assert re.search(r"duration\s+12\.3 s", text)
    assert re.search(
        r"^operation\s+SHAPE\s+STATUS\s+CTYPE\s+HAL\s+PAGE\s+VER\s+LIFE\s+ERR\s+FUZZ$", text, re.M
    )
    assert _matrix_row(text, "UpdateApnsChannel") == ["FAIL"] + ["-"] * 8
    assert _matrix_row(text, "UpdateGcmChannel") == [
        "-",
        "FAIL",
        "-",
        "-",
        "-",
        "-",
        "ERR",
        "-",
        "-",
    ]
    assert _matrix_row(text, "GetCampaign") == ["UNSUP"] + ["-"] * 7 + ["SKIP"]
    assert _matrix_row(text, "GetApps") == ["PASS", "PASS", "-", "SKIP"] + ["-"] * 5
    assert "totals: 6 PASS, 2 FAIL, 1 ERROR, 5 SKIPPED, 1 UNSUPPORTED (15 outcomes)" in text
    assert "findings: 2 MUST, 1 SHOULD, 1 INFO" in text


def test_terminal_lists_each_must_and_should_deviation_with_provenance_and_curl(
    report: RunReport,
) -> None:
    text = render_terminal(report, OPERATION_IDS)
    findings = text[text.index("Deviations (MUST and SHOULD)") :]
    lines = findings.splitlines()
    for finding in (MUST_FINDING, SHOULD_FINDING, GCM_FINDING):
        assert finding.exchange is not None
        [title] = [i for i, line in enumerate(lines) if line.strip().startswith(finding.check_id)]
        block = "\n".join(lines[title : title + 5])
        assert f"{finding.level}" in lines[title] and finding.operation_id in lines[title]
        assert f"provenance {finding.reference}" in block
        assert f"expected   {finding.expected}" in block
        # The curl line is there in full, never truncated.
        assert "    " + to_curl(finding.exchange) in lines
    # Root causes first: MUST before SHOULD; within MUST, STATUS before SHAPE.
    order = [line.strip().split()[0] for line in lines if line.startswith("  ") and
             line.strip().split()[0] in {"SHAPE-001", "CTYPE-002", "STATUS-003"}]
    assert order == ["STATUS-003", "SHAPE-001", "CTYPE-002"]


def test_the_report_leads_with_its_root_causes(report: RunReport) -> None:
    text = render_terminal(report, OPERATION_IDS)
    lead = text[text.index("Root causes") : text.index("operation ")]
    assert "Root causes: 3 deviations (2 MUST, 1 SHOULD) in 3 findings" in lead
    numbered = [line.split()[2].rstrip(":") for line in lead.splitlines()[1:] if line.strip()]
    assert numbered == ["STATUS-003", "SHAPE-001", "CTYPE-002"]
    assert text.index("Root causes") < text.index("totals:")


def test_info_findings_are_counted_but_listed_only_when_verbose(report: RunReport) -> None:
    assert INFO_FINDING.check_id not in render_terminal(report, OPERATION_IDS)
    verbose = render_terminal(report, OPERATION_IDS, verbose=True)
    assert f"{INFO_FINDING.check_id}  INFO" in verbose
    assert "Deviations (MUST, SHOULD and INFO)" in verbose


def test_terminal_lists_unsupported_errors_and_grouped_skip_reasons(report: RunReport) -> None:
    text = render_terminal(report, OPERATION_IDS)
    problems = text[text.index("Unsupported operations and errors") : text.index("Skipped (5)")]
    assert "ERROR       UpdateGcmChannel (LIFE): setup failed: 403 on CreateApp" in problems
    assert "UNSUPPORTED GetCampaign (SHAPE): 404 UnknownOperation for GetCampaign" in problems
    skipped = text[text.index("Skipped (5)") :].splitlines()[1:]
    assert [line.split("x ", 1) for line in skipped] == [
        ["      3", SKIP_NO_HAL],
        ["      2", SKIP_PROFILE],
    ]


def test_an_operation_missing_for_many_tests_reads_as_one_line(report: RunReport) -> None:
    for family in ("LIFE", "ERR", "FUZZ"):
        report.outcomes.append(Outcome(family, "GetCampaign", Status.UNSUPPORTED,
                                       f"tests/run::test_{family}", "404 UnknownOperation for "
                                       "GetCampaign"))
    text = render_terminal(report, OPERATION_IDS)
    problems = text[text.index("Unsupported operations and errors") : text.index("Skipped (5)")]
    assert problems.count("UNSUPPORTED GetCampaign") == 1
    assert "UNSUPPORTED GetCampaign (SHAPE, LIFE, ERR, FUZZ)" in problems
    assert "and 3 more" in problems


def test_long_values_are_cut_but_curl_lines_never(report: RunReport) -> None:
    text = render_terminal(report, OPERATION_IDS)
    assert "xxx…" in text and "x" * 300 not in text
    for line in text.splitlines():
        if not line.lstrip().startswith("curl -X"):
            assert len(line) <= 120, line


def test_no_secret_in_the_terminal_even_verbose_and_coloured(report: RunReport) -> None:
    for text in (
        render_terminal(report, OPERATION_IDS),
        render_terminal(report, OPERATION_IDS, color=True, verbose=True),
    ):
        assert_no_secret(text)
    assert "500 for a valid request (key REDACTED)" in render_terminal(report, OPERATION_IDS)


def test_colour_only_when_asked(report: RunReport) -> None:
    plain = render_terminal(report, OPERATION_IDS)
    coloured = render_terminal(report, OPERATION_IDS, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31mFAIL" in coloured
    assert ANSI.sub("", coloured) == plain


def test_an_empty_report_renders(report: RunReport) -> None:
    report.outcomes.clear()
    text = render_terminal(report, OPERATION_IDS)
    assert _matrix_row(text, "GetApps") == ["-"] * 9
    assert "Findings" not in text and "Skipped" not in text
    assert "totals: 0 PASS, 0 FAIL, 0 ERROR, 0 SKIPPED, 0 UNSUPPORTED (0 outcomes)" in text


def test_findings_that_differ_only_by_index_value_or_operation_are_one(
    report: RunReport,
) -> None:
    report.outcomes[6].findings.append(SHOULD_FINDING)  # the same check on the same request
    text = render_terminal(report, OPERATION_IDS)
    assert text.count(f"{SHOULD_FINDING.check_id}  SHOULD") == 1
    assert f"{SHOULD_FINDING.operation_id} (2x): " in text
    assert "findings: 2 MUST, 2 SHOULD, 1 INFO" in text
    # another value, another operation, another list index: still the same deviation
    other = SHOULD_FINDING.__class__(**{**SHOULD_FINDING.__dict__, "actual": "text/html",
                                        "operation_id": "GetApps"})
    report.outcomes[6].findings.append(other)
    text = render_terminal(report, OPERATION_IDS)
    assert text.count(f"{SHOULD_FINDING.check_id}  SHOULD") == 1
    assert f"{SHOULD_FINDING.operation_id}, GetApps (3x): " in text
    indexed = [MUST_FINDING.__class__(**{**MUST_FINDING.__dict__,
                                         "message": f"$.Item[{n}].Platform: is required"})
               for n in range(14, 20)]
    report.outcomes[4].findings.extend(indexed)
    text = render_terminal(report, OPERATION_IDS)
    assert "SHAPE-001: $.Platform: is required [6x: UpdateApnsChannel]" in text
    # another message is another deviation
    worse = SHOULD_FINDING.__class__(**{**SHOULD_FINDING.__dict__, "message": "no Content-Type"})
    report.outcomes[6].findings.append(worse)
    assert render_terminal(report, OPERATION_IDS).count(f"{SHOULD_FINDING.check_id}  SHOULD") == 2
