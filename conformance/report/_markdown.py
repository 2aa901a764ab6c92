"""A GitHub-flavoured markdown summary (for a file, and for GitHub's job summary page)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from pinpoint_conformance.coverage import named_statements
from pinpoint_conformance.findings import RunReport
from pinpoint_conformance.report._collect import (
    families,
    level_counts,
    matrix,
    problems,
    root_causes,
    skipped_reasons,
    status_counts,
)
from pinpoint_conformance.report._curl import CURL_NOTE, to_curl
from pinpoint_conformance.report._deviations import Deviation
from pinpoint_conformance.report._redact import Scrubber, redact_url

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"
VALUE_LIMIT = 300  # expected/actual values longer than this are cut (the JSON has them whole)
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _text(text: str) -> str:
    """Inline text with markdown (and table) syntax escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(text: str) -> str:
    """An inline code span holding `text` verbatim, whatever backticks it contains."""
    text = " ".join(text.split()) or " "
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def _cell_code(text: str) -> str:
    return _code(text).replace("|", "\\|")


def _block(text: str, indent: str) -> list[str]:
    """A fenced code block (indented under a list item) holding `text` verbatim."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return [f"{indent}{fence}sh", *(f"{indent}{line}" for line in text.split("\n")), indent + fence]


def _header(report: RunReport, scrub: Scrubber) -> list[str]:
    facts = [
        ("Tool", f"pinpoint-conformance {report.tool_version}"),
        ("Spec version", report.spec_version),
        ("Target", scrub(redact_url(report.target))),
        ("Started", report.started_at),
        ("Seed", str(report.seed)),
        ("Profile", report.profile),
        ("Strict", "yes" if report.strict else "no"),
        ("Requests sent", str(report.requests_sent)),
        ("Duration", f"{report.duration_s:.1f} s"),
    ]
    if report.exit_code is not None:
        facts.append(("Exit code", str(report.exit_code)))
    lines = ["## Amazon Pinpoint REST API conformance", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {_cell_code(value)} |" for name, value in facts]
    outcomes = ", ".join(f"{count} {status}" for status, count in status_counts(report).items())
    levels = ", ".join(f"{count} {level}" for level, count in level_counts(report).items())
    return [*lines, "", f"**Outcomes:** {outcomes}. **Findings:** {levels}."]


def _matrix(report: RunReport, operation_ids: Iterable[str]) -> list[str]:
    columns = families(report)
    lines = [
        "",
        "### Matrix",
        "",
        "| Operation | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for op, row in matrix(report, operation_ids).items():
        cells = [str(row[family]) if row[family] is not None else "-" for family in columns]
        lines.append(f"| {_text(op)} | " + " | ".join(cells) + " |")
    return lines


def _root_causes(report: RunReport, scrub: Scrubber) -> list[str]:
    found = root_causes(report)
    if not found:
        return ["", "### Root causes", "", "None: no MUST or SHOULD finding."]
    lines = ["", "### Root causes", "", "| # | Check | Level | Deviation | Count | Operations |",
             "|---:|---|---|---|---:|---|"]
    for number, deviation in enumerate(found, start=1):
        lines.append(
            f"| {number} | {_text(deviation.check_id)} | {deviation.level} | "
            f"{_text(scrub(deviation.message))} | {deviation.count} | "
            f"{_text(', '.join(deviation.operations))} |")
    return lines


def _baseline(report: RunReport, scrub: Scrubber) -> list[str]:
    compared = report.baseline
    if compared is None:
        return []
    lines = ["", f"### Baseline {_code(scrub(compared['file']))}", "",
             "| | Check | Operation | Finding |", "|---|---|---|---|"]
    for part in ("new", "fixed", "known"):
        for key in compared[part]:
            lines.append(f"| {part} | {_text(key['check_id'])} | {_text(key['operation_id'])} "
                         f"| {_text(scrub(key['message']))} |")
    lines.append("")
    lines.append(", ".join(f"{len(compared[part])} {part.replace('_', ' ')}"
                           for part in ("known", "new", "fixed", "not_judged")) + ".")
    return lines


def _deviation(deviation: Deviation, scrub: Scrubber) -> list[str]:
    finding = deviation.example
    repeated = f" ({deviation.count} times)" if deviation.count > 1 else ""
    where = ", ".join(_code(op) for op in deviation.operations)
    lines = [
        f"- **{_text(deviation.check_id)}** ({deviation.level}) {where}"
        f"{repeated}: {_text(scrub(deviation.message))}",
        f"  - expected {_code(_short(scrub(finding.expected)))}, "
        f"actual {_code(_short(scrub(finding.actual)))}"
        + (" (one example)" if deviation.count > 1 else ""),
        f"  - provenance: {_text(scrub(finding.reference)) or '(none given)'}",
    ]
    broken = named_statements(finding.check_id, finding.operation_id)
    if broken:
        lines.append(f"  - statements: {_text(broken)}")
    if finding.exchange is not None:
        lines += ["  - reproduce:", "", *_block(to_curl(finding.exchange), "    "), ""]
    return lines


def _findings(report: RunReport, scrub: Scrubber) -> list[str]:
    found = root_causes(report)
    if not found:
        return []
    lines = ["", "### Deviations (MUST and SHOULD)", "", f"> {_text(CURL_NOTE)}", ""]
    for deviation in found:
        lines += _deviation(deviation, scrub)
    while lines[-1] == "":
        lines.pop()
    return lines


def _problems(report: RunReport, operation_ids: Iterable[str], scrub: Scrubber) -> list[str]:
    found = problems(report, operation_ids)
    if not found:
        return []
    lines = ["", "### Unsupported operations and errors", ""]
    for problem in found:
        reason = _text(scrub(problem.reason)) or "(no reason given)"
        tests = _code(problem.tests[0]) + (f" and {len(problem.tests) - 1} more"
                                           if len(problem.tests) > 1 else "")
        lines.append(
            f"- {problem.status} {_code(problem.operation_id)} "
            f"({', '.join(problem.families)}): {reason} ({tests})"
        )
    return lines


def _skipped(report: RunReport, scrub: Scrubber) -> list[str]:
    reasons = skipped_reasons(report)
    if not reasons:
        return []
    total = sum(count for _, count in reasons)
    lines = ["", f"### Skipped ({total})", "", "| Count | Reason |", "|---:|---|"]
    lines += [f"| {count} | {_text(scrub(reason))} |" for reason, count in reasons]
    return lines


def render_markdown(report: RunReport, operation_ids: Iterable[str]) -> str:
    """The report as GitHub-flavoured markdown (status words, no emoji)."""
    ids = list(operation_ids)
    scrub = Scrubber.for_report(report)
    lines = _header(report, scrub) + _root_causes(report, scrub) + _baseline(report, scrub)
    lines += _matrix(report, ids)
    lines += _findings(report, scrub)
    lines += _problems(report, ids, scrub) + _skipped(report, scrub)
    return "\n".join(lines) + "\n"


def write_markdown(
    report: RunReport,
    operation_ids: Iterable[str],
    path: str | Path | None,
    env: Mapping[str, str] = os.environ,
) -> str:
    """Write the markdown to `path` (replacing it) if given, and append it to the file that
    `GITHUB_STEP_SUMMARY` names in `env` if set (earlier steps' summaries are kept).
    Returns the markdown."""
    text = render_markdown(report, operation_ids)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    summary = env.get(STEP_SUMMARY)
    if summary:
        summary_path = Path(summary)
        separator = ""
        if summary_path.is_file() and summary_path.stat().st_size:
            with summary_path.open("rb") as existing:
                existing.seek(-1, os.SEEK_END)
                separator = "\n" if existing.read(1) == b"\n" else "\n\n"
        with summary_path.open("a", encoding="utf-8") as out:
            out.write(separator + text)
    return text
