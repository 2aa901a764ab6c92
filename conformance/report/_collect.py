"""What every rendering shares: row and column order, counts and the lists under the matrix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from conformance.findings import SEVERITY, Exchange, Finding, Level, Outcome, RunReport, Status

FAMILIES: tuple[str, ...] = (
    "SHAPE",
    "STATUS",
    "CTYPE",
    "HAL",
    "PAGE",
    "VER",
    "LIFE",
    "ERR",
    "FUZZ",
)
LISTED_LEVELS: tuple[Level, ...] = (Level.MUST, Level.SHOULD)
_LEVEL_ORDER = {Level.MUST: 0, Level.SHOULD: 1, Level.INFO: 2}

Matrix = dict[str, dict[str, Status | None]]


def cell_status(outcomes: Iterable[Outcome]) -> Status | None:
    """The worst status (by `SEVERITY`) among `outcomes`; None when there is none."""
    statuses = [outcome.status for outcome in outcomes]
    return max(statuses, key=SEVERITY.__getitem__) if statuses else None


def operations(report: RunReport, operation_ids: Iterable[str]) -> list[str]:
    """The matrix rows: `operation_ids` in their order, then any other operation an outcome
    names (in order of first appearance), so nothing the run did is left out."""
    ordered = list(dict.fromkeys(operation_ids))
    known = set(ordered)
    for outcome in report.outcomes:
        if outcome.operation_id not in known:
            known.add(outcome.operation_id)
            ordered.append(outcome.operation_id)
    return ordered


def families(report: RunReport) -> list[str]:
    """The matrix columns: `FAMILIES`, then any other family an outcome names."""
    ordered = list(FAMILIES)
    for outcome in report.outcomes:
        if outcome.family not in ordered:
            ordered.append(outcome.family)
    return ordered


def matrix(report: RunReport, operation_ids: Iterable[str]) -> Matrix:
    """`{operation: {family: worst status or None}}` over every row and column."""
    cells: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in report.outcomes:
        cells.setdefault((outcome.operation_id, outcome.family), []).append(outcome)
    columns = families(report)
    return {
        op: {family: cell_status(cells.get((op, family), [])) for family in columns}
        for op in operations(report, operation_ids)
    }


def status_counts(report: RunReport) -> dict[Status, int]:
    """Outcomes per status, every status present (zero included), in `Status` order."""
    counted = Counter(outcome.status for outcome in report.outcomes)
    return {status: counted.get(status, 0) for status in Status}


def all_findings(report: RunReport) -> list[Finding]:
    return [finding for outcome in report.outcomes for finding in outcome.findings]


def level_counts(report: RunReport) -> dict[Level, int]:
    counted = Counter(finding.level for finding in all_findings(report))
    return {level: counted.get(level, 0) for level in Level}


@dataclass(frozen=True)
class FindingGroup:
    operation_id: str
    findings: list[Finding]

    def distinct(self, curl: Callable[[Exchange], str]) -> list[tuple[Finding, int]]:
        """The findings with exact repeats (same check, text and request) folded, counted."""
        counted: dict[tuple[str, ...], list[Any]] = {}
        for finding in self.findings:
            request = curl(finding.exchange) if finding.exchange is not None else ""
            key = (
                finding.check_id,
                str(finding.level),
                finding.message,
                finding.expected,
                finding.actual,
                finding.reference,
                request,
            )
            counted.setdefault(key, [finding, 0])[1] += 1
        return [(finding, count) for finding, count in counted.values()]


def findings_by_operation(
    report: RunReport, operation_ids: Iterable[str], levels: Iterable[Level] = LISTED_LEVELS
) -> list[FindingGroup]:
    """Findings of `levels`, grouped by operation (matrix row order), MUST first."""
    wanted = set(levels)
    grouped: dict[str, list[Finding]] = {}
    for finding in all_findings(report):
        if finding.level in wanted:
            grouped.setdefault(finding.operation_id, []).append(finding)
    rows = operations(report, operation_ids)
    rows += [op for op in grouped if op not in rows]
    return [
        FindingGroup(op, sorted(grouped[op], key=lambda f: _LEVEL_ORDER.get(f.level, 9)))
        for op in rows
        if op in grouped
    ]


def problem_outcomes(report: RunReport, operation_ids: Iterable[str]) -> list[Outcome]:
    """UNSUPPORTED and ERROR outcomes, by matrix row then family column."""
    rows = {op: index for index, op in enumerate(operations(report, operation_ids))}
    columns = {family: index for index, family in enumerate(families(report))}
    chosen = [o for o in report.outcomes if o.status in (Status.UNSUPPORTED, Status.ERROR)]
    return sorted(chosen, key=lambda o: (rows[o.operation_id], columns[o.family]))


def skipped_reasons(report: RunReport) -> list[tuple[str, int]]:
    """Each distinct reason a check was skipped with how often, most frequent first."""
    counted = Counter(
        outcome.reason.strip() or "(no reason given)"
        for outcome in report.outcomes
        if outcome.status == Status.SKIPPED
    )
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))
