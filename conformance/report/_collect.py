"""What every rendering shares: row and column order, counts and the lists under the matrix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pinpoint_conformance.baseline import Key
from pinpoint_conformance.findings import SEVERITY, Finding, Level, Outcome, RunReport, Status
from pinpoint_conformance.report._deviations import Deviation, deviations

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


def root_causes(
    report: RunReport, levels: Iterable[Level] = LISTED_LEVELS
) -> list[Deviation]:
    """The findings of `levels` folded into deviations, root causes first (`_deviations`)."""
    return deviations(all_findings(report), levels)


@dataclass(frozen=True)
class Problem:
    """UNSUPPORTED or ERROR outcomes that share a status, an operation and a reason."""

    status: Status
    operation_id: str
    reason: str
    families: tuple[str, ...]
    tests: tuple[str, ...]


def problem_outcomes(report: RunReport, operation_ids: Iterable[str]) -> list[Outcome]:
    """UNSUPPORTED and ERROR outcomes, by matrix row then family column."""
    rows = {op: index for index, op in enumerate(operations(report, operation_ids))}
    columns = {family: index for index, family in enumerate(families(report))}
    chosen = [o for o in report.outcomes if o.status in (Status.UNSUPPORTED, Status.ERROR)]
    return sorted(chosen, key=lambda o: (rows[o.operation_id], columns[o.family]))


def problems(report: RunReport, operation_ids: Iterable[str]) -> list[Problem]:
    """`problem_outcomes` folded: one entry per status, operation and reason, with the
    families and tests it came from (an operation the target lacks reads as one line)."""
    folded: dict[tuple[Status, str, str], tuple[list[str], list[str]]] = {}
    for outcome in problem_outcomes(report, operation_ids):
        key = (outcome.status, outcome.operation_id, outcome.reason.strip())
        families_seen, tests = folded.setdefault(key, ([], []))
        if outcome.family not in families_seen:
            families_seen.append(outcome.family)
        tests.append(outcome.test)
    return [Problem(status, op, reason, tuple(fams), tuple(tests))
            for (status, op, reason), (fams, tests) in folded.items()]


def skipped_reasons(report: RunReport) -> list[tuple[str, int]]:
    """Each distinct reason a check was skipped with how often, most frequent first."""
    counted = Counter(
        outcome.reason.strip() or "(no reason given)"
        for outcome in report.outcomes
        if outcome.status == Status.SKIPPED
    )
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def known_keys(report: RunReport) -> set[Key]:
    """The baseline keys the run's findings matched (empty without --baseline)."""
    if report.baseline is None:
        return set()
    return {Key(k["check_id"], k["operation_id"], k["message"]) for k in report.baseline["known"]}
