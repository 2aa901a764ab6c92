"""The markdown summary: matrix table, findings, written to a path and to the job summary."""

from __future__ import annotations

import re
from pathlib import Path

from pinpoint_conformance.findings import RunReport, Status
from pinpoint_conformance.report import render_markdown, to_curl, write_markdown
from tests.report.sample import (
    GCM_FINDING,
    INFO_FINDING,
    MUST_FINDING,
    OPERATION_IDS,
    SHOULD_FINDING,
    SKIP_NO_HAL,
    assert_no_secret,
)

EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")


def _table_rows(text: str, first_header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_matrix_table_uses_status_words(report: RunReport) -> None:
    text = render_markdown(report, OPERATION_IDS)
    assert "| Operation | SHAPE | STATUS | CTYPE | HAL | PAGE | VER | LIFE | ERR | FUZZ |" in text
    rows = {row[0]: row[1:] for row in _table_rows(text, "Operation")}
    assert list(rows) == OPERATION_IDS
    assert rows["GetCampaign"] == ["UNSUPPORTED"] + ["-"] * 7 + ["SKIPPED"]
    assert rows["UpdateGcmChannel"][1] == "FAIL" and rows["UpdateGcmChannel"][6] == "ERROR"
    assert not EMOJI.search(text)


def test_header_facts(report: RunReport) -> None:
    text = render_markdown(report, OPERATION_IDS)
    for name, value in (
        ("Tool", "pinpoint-conformance 0.1.0"),
        ("Spec version", "1.0.0"),
        ("Target", "http://127.0.0.1:8765"),
        ("Started", "2024-05-01T12:00:00Z"),
        ("Seed", "424242"),
        ("Profile", "standard"),
        ("Strict", "no"),
        ("Requests sent", "57"),
        ("Duration", "12.3 s"),
        ("Exit code", "1"),
    ):
        assert f"| {name} | `{value}` |" in text, name
    assert "**Outcomes:** 6 PASS, 2 FAIL, 1 ERROR, 5 SKIPPED, 1 UNSUPPORTED." in text


def test_must_and_should_deviations_are_listed_with_provenance_and_curl(
    report: RunReport,
) -> None:
    text = render_markdown(report, OPERATION_IDS)
    for finding in (MUST_FINDING, SHOULD_FINDING, GCM_FINDING):
        assert finding.exchange is not None
        assert f"- **{finding.check_id}** ({finding.level}) `{finding.operation_id}`: " in text
        assert f"  - provenance: {finding.reference}" in text
        assert f"    {to_curl(finding.exchange)}\n" in text
    assert INFO_FINDING.check_id not in text
    assert text.count("```sh") == 3
    # it leads with the root causes, before the matrix
    assert text.index("### Root causes") < text.index("### Matrix")
    causes = _table_rows(text, "#")
    assert [row[1] for row in causes] == ["STATUS-003", "SHAPE-001", "CTYPE-002"]


def test_special_characters_do_not_break_the_markdown(report: RunReport) -> None:
    report.outcomes.append(
        report.outcomes[2].__class__("HAL", "GetApps", Status.SKIPPED, "t", "a | b `c` *d*")
    )
    text = render_markdown(report, OPERATION_IDS)
    rows = _table_rows(text, "Count")
    assert ["1", r"a \| b \`c\` \*d\*"] in rows
    assert ["3", SKIP_NO_HAL] in rows


def test_no_secret_in_markdown(report: RunReport) -> None:
    assert_no_secret(render_markdown(report, OPERATION_IDS))


def test_written_to_the_path_and_appended_to_the_step_summary(
    report: RunReport, tmp_path: Path
) -> None:
    out = tmp_path / "report.md"
    out.write_text("stale\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    text = write_markdown(report, OPERATION_IDS, out, env=env)
    assert out.read_text(encoding="utf-8") == text  # the path is replaced
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n\n" + text
    write_markdown(report, OPERATION_IDS, None, env=env)
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n\n" + text + "\n" + text
    assert out.read_text(encoding="utf-8") == text


def test_without_the_variable_only_the_path_is_written(report: RunReport, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "report.md"
    text = write_markdown(report, OPERATION_IDS, out, env={})
    assert out.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["report.md"]
    assert write_markdown(report, OPERATION_IDS, None, env={"GITHUB_STEP_SUMMARY": ""}) == text


def test_exact_repeats_are_folded(report: RunReport) -> None:
    report.outcomes[6].findings.append(SHOULD_FINDING)
    text = render_markdown(report, OPERATION_IDS)
    assert text.count(f"**{SHOULD_FINDING.check_id}**") == 1
    assert f"`{SHOULD_FINDING.operation_id}` (2 times): " in text
