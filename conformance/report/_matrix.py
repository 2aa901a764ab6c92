"""The terminal report: header facts, the operation x family matrix, then what went wrong."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from conformance.findings import Finding, Level, RunReport, Status
from conformance.report._collect import (
    FAMILIES,
    LISTED_LEVELS,
    cell_status,
    families,
    findings_by_operation,
    level_counts,
    matrix,
    problem_outcomes,
    skipped_reasons,
    status_counts,
)
from conformance.report._curl import CURL_NOTE, to_curl
from conformance.report._redact import Scrubber, redact_url

__all__ = ["ABBREVIATIONS", "FAMILIES", "cell_status", "matrix", "render_terminal"]

WIDTH = 120
ABBREVIATIONS: dict[Status | None, str] = {
    Status.PASS: "PASS",
    Status.FAIL: "FAIL",
    Status.ERROR: "ERR",
    Status.SKIPPED: "SKIP",
    Status.UNSUPPORTED: "UNSUP",
    None: "-",
}
_STATUS_COLOURS: dict[Status | None, str] = {
    Status.PASS: "32",  # green
    Status.FAIL: "1;31",  # bold red
    Status.ERROR: "35",  # magenta
    Status.SKIPPED: "2",  # dim
    Status.UNSUPPORTED: "33",  # yellow
    None: "2",
}
_LEVEL_COLOURS: dict[Level, str] = {Level.MUST: "1;31", Level.SHOULD: "33", Level.INFO: "36"}
_BOLD = "1"
_LABEL = 11  # width of the "expected", "actual", "reference" labels


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and text else text


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def _truncate(text: str, width: int) -> str:
    text = _one_line(text)
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    return textwrap.wrap(
        _one_line(text),
        width=WIDTH,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def _header(report: RunReport, scrub: Scrubber, color: bool) -> list[str]:
    facts: list[tuple[str, str]] = [
        ("tool", f"pinpoint-conformance {report.tool_version}"),
        ("spec", report.spec_version),
        ("target", scrub(redact_url(report.target))),
        ("started", report.started_at),
        ("seed", str(report.seed)),
        ("profile", report.profile),
        ("strict", "yes" if report.strict else "no"),
        ("requests", str(report.requests_sent)),
        ("duration", f"{report.duration_s:.1f} s"),
    ]
    if report.exit_code is not None:
        facts.append(("exit code", str(report.exit_code)))
    lines = [_paint("Amazon Pinpoint REST API conformance report", _BOLD, color)]
    lines += [f"  {name:<10} {value}" for name, value in facts]
    return lines


def _matrix_lines(report: RunReport, operation_ids: list[str], color: bool) -> list[str]:
    cells = matrix(report, operation_ids)
    columns = families(report)
    first = max([len("operation"), *(len(op) for op in cells)])
    widths = [max(len(family), 5) for family in columns]
    head = f"{'operation':<{first}}  " + " ".join(
        f"{family:<{width}}" for family, width in zip(columns, widths, strict=True)
    )
    lines = [_paint(head.rstrip(), _BOLD, color)]
    for op, row in cells.items():
        texts = [
            f"{ABBREVIATIONS[row[family]]:<{width}}"
            for family, width in zip(columns, widths, strict=True)
        ]
        texts[-1] = texts[-1].rstrip()  # no trailing blanks (inside a colour code either)
        shown = [
            _paint(text, _STATUS_COLOURS[row[family]], color)
            for text, family in zip(texts, columns, strict=True)
        ]
        lines.append(f"{op:<{first}}  " + " ".join(shown))
    return lines


def _totals(report: RunReport, color: bool) -> list[str]:
    counts = status_counts(report)
    outcomes = ", ".join(
        _paint(f"{count} {status}", _STATUS_COLOURS[status], color and count > 0)
        for status, count in counts.items()
    )
    levels = ", ".join(f"{count} {level}" for level, count in level_counts(report).items())
    return [
        f"totals: {outcomes} ({sum(counts.values())} outcomes)",
        f"findings: {levels}",
    ]


def _finding_lines(finding: Finding, count: int, scrub: Scrubber, color: bool) -> list[str]:
    level = _paint(f"{finding.level:<6}", _LEVEL_COLOURS.get(finding.level, _BOLD), color)
    repeated = f" ({count}x)" if count > 1 else ""
    title = f"  {finding.check_id}  {level} {finding.operation_id}{repeated}: "
    lines = _wrap(scrub(finding.message), " " * 4, first=title)
    value_width = WIDTH - 4 - _LABEL
    for label, value in (("expected", finding.expected), ("actual", finding.actual)):
        lines.append(f"    {label:<{_LABEL}}{_truncate(scrub(value), value_width)}")
    reference = scrub(finding.reference) or "(none given)"
    lines += _wrap(reference, " " * (4 + _LABEL), first=f"    {'reference':<{_LABEL}}")
    if finding.exchange is not None:
        lines.append(f"    {to_curl(finding.exchange)}")  # never truncated
    else:
        lines.append(f"    {'curl':<{_LABEL}}(no request recorded)")
    return lines


def _findings(
    report: RunReport, operation_ids: list[str], scrub: Scrubber, color: bool, verbose: bool
) -> list[str]:
    levels: Iterable[Level] = tuple(Level) if verbose else LISTED_LEVELS
    groups = findings_by_operation(report, operation_ids, levels)
    if not groups:
        return []
    title = "Findings (MUST, SHOULD and INFO)" if verbose else "Findings (MUST and SHOULD)"
    lines = ["", _paint(title, _BOLD, color), *_wrap(CURL_NOTE, "  ", first="  note: ")]
    for group in groups:
        lines += ["", _paint(group.operation_id, _BOLD, color)]
        for finding, count in group.distinct(to_curl):
            lines += _finding_lines(finding, count, scrub, color)
    return lines


def _problems(
    report: RunReport, operation_ids: list[str], scrub: Scrubber, color: bool
) -> list[str]:
    problems = problem_outcomes(report, operation_ids)
    if not problems:
        return []
    lines = ["", _paint("Unsupported operations and errors", _BOLD, color)]
    for outcome in problems:
        status = _paint(f"{outcome.status:<11}", _STATUS_COLOURS[outcome.status], color)
        first = f"  {status} {outcome.operation_id} {outcome.family}: "
        lines += _wrap(scrub(outcome.reason) or "(no reason given)", " " * 4, first=first)
        lines.append(f"    {'test':<{_LABEL}}{outcome.test}")
    return lines


def _skipped(report: RunReport, scrub: Scrubber, color: bool) -> list[str]:
    reasons = skipped_reasons(report)
    if not reasons:
        return []
    total = sum(count for _, count in reasons)
    lines = ["", _paint(f"Skipped ({total})", _BOLD, color)]
    for reason, count in reasons:
        lines += _wrap(scrub(reason), " " * 9, first=f"  {count:>5}x ")
    return lines


def render_terminal(
    report: RunReport, operation_ids: list[str], color: bool = False, verbose: bool = False
) -> str:
    """The report as terminal text (ANSI colours with `color`; INFO findings with `verbose`).

    Rows are `operation_ids` in their order (spec order, from `contract.iter_operations()`),
    then any other operation an outcome names; a cell shows the worst outcome, `-` for none.
    """
    scrub = Scrubber.for_report(report)
    lines = _header(report, scrub, color)
    lines += ["", *_matrix_lines(report, operation_ids, color), "", *_totals(report, color)]
    lines += _findings(report, operation_ids, scrub, color, verbose)
    lines += _problems(report, operation_ids, scrub, color)
    lines += _skipped(report, scrub, color)
    return "\n".join(lines) + "\n"
