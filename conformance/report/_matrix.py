"""The terminal report: header facts, the operation x family matrix, then what went wrong."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from pinpoint_conformance.baseline import Key
from pinpoint_conformance.coverage import named_statements
from pinpoint_conformance.findings import Level, RunReport, Status
from pinpoint_conformance.report._collect import (
    FAMILIES,
    LISTED_LEVELS,
    cell_status,
    families,
    known_keys,
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


def _root_cause_lines(report: RunReport, scrub: Scrubber, color: bool,
                      verbose: bool) -> list[str]:
    """The report's lead: one line per deviation, root causes first."""
    levels: Iterable[Level] = tuple(Level) if verbose else LISTED_LEVELS
    found = root_causes(report, levels)
    if not found:
        return ["", _paint("Root causes: none (no MUST or SHOULD finding)", _BOLD, color)]
    occurrences = sum(d.count for d in found)
    by_level = ", ".join(f"{sum(1 for d in found if d.level is level)} {level}"
                         for level in levels)
    lines = ["", _paint(f"Root causes: {len(found)} deviations ({by_level}) in {occurrences} "
                        "findings", _BOLD, color)]
    known = known_keys(report)
    for number, deviation in enumerate(found, start=1):
        level = _paint(f"{deviation.level:<6}", _LEVEL_COLOURS.get(deviation.level, _BOLD),
                       color)
        where = ", ".join(deviation.operations)
        first = f"  {number:>2}. {level} {deviation.check_id}: "
        tag = " (known)" if known and all(Key.of(f) in known for f in deviation.findings) else ""
        lines += _wrap(f"{scrub(deviation.message)} [{deviation.count}x: {where}]{tag}",
                       " " * 11, first=first)
    return lines + _baseline_lines(report, scrub, color)


def _baseline_lines(report: RunReport, scrub: Scrubber, color: bool) -> list[str]:
    """Known, new and fixed findings against --baseline, apart."""
    compared = report.baseline
    if compared is None:
        return []
    counts = ", ".join(f"{len(compared[part])} {part.replace('_', ' ')}"
                       for part in ("known", "new", "fixed", "not_judged"))
    lines = ["", _paint(f"Baseline {scrub(compared['file'])}: {counts}", _BOLD, color)]
    for part in ("new", "fixed"):  # the known are tagged "(known)" among the root causes
        for key in compared[part]:
            text = f"{key['check_id']} {key['operation_id']}: {scrub(key['message'])}"
            lines += _wrap(text, " " * 11, first=f"  {part:<8} ")
    if compared["fixed"]:
        lines.append("  fixed entries no longer occur: remove them from the baseline "
                     "(--strict-baseline fails on them)")
    return lines


def _deviation_lines(deviation: Deviation, scrub: Scrubber, color: bool) -> list[str]:
    finding = deviation.example
    level = _paint(f"{deviation.level:<6}", _LEVEL_COLOURS.get(deviation.level, _BOLD), color)
    where = ", ".join(deviation.operations)
    repeated = f" ({deviation.count}x)" if deviation.count > 1 else ""
    title = f"  {deviation.check_id}  {level} {where}{repeated}: "
    lines = _wrap(scrub(deviation.message), " " * 4, first=title)
    value_width = WIDTH - 4 - _LABEL
    example = " (one example)" if deviation.count > 1 else ""
    for label, value in (("expected", finding.expected), ("actual", finding.actual + example)):
        lines.append(f"    {label:<{_LABEL}}{_truncate(scrub(value), value_width)}")
    cited = scrub(finding.reference) or "(none given)"
    lines += _wrap(cited, " " * (4 + _LABEL), first=f"    {'provenance':<{_LABEL}}")
    broken = named_statements(finding.check_id, finding.operation_id)
    if broken:
        lines += _wrap(broken, " " * (4 + _LABEL), first=f"    {'statements':<{_LABEL}}")
    if finding.exchange is not None:
        lines.append(f"    {to_curl(finding.exchange)}")  # never truncated
    else:
        lines.append(f"    {'curl':<{_LABEL}}(no request recorded)")
    return lines


def _findings(report: RunReport, scrub: Scrubber, color: bool, verbose: bool) -> list[str]:
    levels: Iterable[Level] = tuple(Level) if verbose else LISTED_LEVELS
    found = root_causes(report, levels)
    if not found:
        return []
    title = "Deviations (MUST, SHOULD and INFO)" if verbose else "Deviations (MUST and SHOULD)"
    lines = ["", _paint(title, _BOLD, color), *_wrap(CURL_NOTE, "  ", first="  note: ")]
    for deviation in found:
        lines += ["", *_deviation_lines(deviation, scrub, color)]
    return lines


def _problems(
    report: RunReport, operation_ids: list[str], scrub: Scrubber, color: bool
) -> list[str]:
    found = problems(report, operation_ids)
    if not found:
        return []
    lines = ["", _paint("Unsupported operations and errors", _BOLD, color)]
    for problem in found:
        status = _paint(f"{problem.status:<11}", _STATUS_COLOURS[problem.status], color)
        first = f"  {status} {problem.operation_id} ({', '.join(problem.families)}): "
        lines += _wrap(scrub(problem.reason) or "(no reason given)", " " * 4, first=first)
        tests = problem.tests[0] + (f" and {len(problem.tests) - 1} more"
                                    if len(problem.tests) > 1 else "")
        lines.append(f"    {'test':<{_LABEL}}{tests}")
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

    It leads with the root causes (one line per deviation: findings that differ only by a
    list index, a generated value, the request or the operation are one), then the matrix:
    rows are `operation_ids` in their order (spec order, from `contract.iter_operations()`),
    then any other operation an outcome names; a cell shows the worst outcome, `-` for none.
    Then each deviation with one example, its provenance and a `curl` line.
    """
    scrub = Scrubber.for_report(report)
    lines = _header(report, scrub, color) + _root_cause_lines(report, scrub, color, verbose)
    lines += ["", *_matrix_lines(report, operation_ids, color), "", *_totals(report, color)]
    lines += _findings(report, scrub, color, verbose)
    lines += _problems(report, operation_ids, scrub, color)
    lines += _skipped(report, scrub, color)
    return "\n".join(lines) + "\n"
