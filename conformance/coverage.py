"""Reference coverage: every normative statement of the reference and what covers it.

`spec/statements.yaml` is the inventory (made by tools/extract_statements.py from the
reference); `spec/coverage.yaml` maps each statement to the checks that enforce it, to the
reason it cannot be observed over this API, or to the ERRATA entries of a decision not to
enforce it. Both ship with the contract (the data package `pinpoint_conformance.spec`).
`statements_of(check_id)` is what a finding names (the statements the check enforces).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pinpoint_conformance.contract import load_yaml, spec_file

STATEMENTS_FILE = "statements.yaml"
COVERAGE_FILE = "coverage.yaml"
ENFORCED, NOT_OBSERVABLE, WAIVED, OPEN = "enforced", "not observable", "waived", "open"
STATUSES = (ENFORCED, NOT_OBSERVABLE, WAIVED, OPEN)


class CoverageError(ValueError):
    """spec/coverage.yaml or spec/statements.yaml is not what this module expects."""


@dataclass(frozen=True)
class Statement:
    id: str
    chapter: str
    section: str
    page: int | None
    kind: str
    words: str
    table: str = ""
    member: str = ""
    method: str = ""


@dataclass(frozen=True)
class Mapping:
    status: str  # one of STATUSES
    checks: tuple[str, ...] = ()
    via: str = ""  # the contract keyword a SHAPE/ERR check enforces it through
    errata: tuple[str, ...] = ()
    reason: str = ""  # a reason id (not observable)
    note: str = ""


@dataclass(frozen=True)
class Coverage:
    statements: tuple[Statement, ...]
    mappings: dict[str, Mapping]
    reasons: dict[str, str]
    by_check: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def chapters(self) -> list[str]:
        return list(dict.fromkeys(s.chapter for s in self.statements))

    def counts(self, chapter: str | None = None) -> Counter[str]:
        chosen = [s for s in self.statements if chapter is None or s.chapter == chapter]
        return Counter(self.mappings[s.id].status for s in chosen if s.id in self.mappings)

    def unmapped(self) -> list[str]:
        return [s.id for s in self.statements if s.id not in self.mappings]

    def stale(self) -> list[str]:
        known = {s.id for s in self.statements}
        return [statement_id for statement_id in self.mappings if statement_id not in known]


def _mapping(statement_id: str, entry: Any, reasons: dict[str, str]) -> Mapping:
    if not isinstance(entry, dict):
        raise CoverageError(f"{statement_id}: a mapping is a mapping, not {entry!r}")
    kinds = {"checks", "not_observable", "waived", "open"} & set(entry)
    if len(kinds) != 1:
        raise CoverageError(f"{statement_id}: needs exactly one of checks, not_observable, "
                            f"waived, open")
    note = str(entry.get("note") or "")
    errata = tuple(str(e) for e in entry.get("errata") or entry.get("waived") or ())
    if "checks" in entry:
        checks = tuple(str(c) for c in entry["checks"] or ())
        if not checks:
            raise CoverageError(f"{statement_id}: names no check")
        return Mapping(ENFORCED, checks, str(entry.get("via") or ""), errata, note=note)
    if "not_observable" in entry:
        reason = str(entry["not_observable"])
        if reason not in reasons:
            raise CoverageError(f"{statement_id}: unknown reason {reason!r}")
        return Mapping(NOT_OBSERVABLE, reason=reason, note=note)
    if "waived" in entry:
        if not errata or not note:
            raise CoverageError(f"{statement_id}: a waiver cites its ERRATA entry and a note")
        return Mapping(WAIVED, errata=errata, note=note)
    return Mapping(OPEN, note=str(entry["open"] or note))


def _statement(entry: dict[str, Any]) -> Statement:
    return Statement(
        str(entry["id"]), str(entry["chapter"]), str(entry["section"]), entry.get("page"),
        str(entry["kind"]), str(entry["words"]), str(entry.get("table") or ""),
        str(entry.get("member") or ""), str(entry.get("method") or ""),
    )


@functools.lru_cache(maxsize=1)
def load_coverage() -> Coverage:
    inventory = load_yaml(spec_file(STATEMENTS_FILE).read_text(encoding="utf-8")) or {}
    data = load_yaml(spec_file(COVERAGE_FILE).read_text(encoding="utf-8")) or {}
    statements = tuple(_statement(entry) for entry in inventory.get("statements") or ())
    reasons = {str(k): str(v) for k, v in (data.get("reasons") or {}).items()}
    mappings = {str(k): _mapping(str(k), v, reasons)
                for k, v in (data.get("statements") or {}).items()}
    by_check: dict[str, list[str]] = {}
    for statement in statements:
        mapping = mappings.get(statement.id)
        for check_id in mapping.checks if mapping else ():
            by_check.setdefault(check_id, []).append(statement.id)
    return Coverage(statements, mappings, reasons,
                    {check_id: tuple(ids) for check_id, ids in by_check.items()})


def statements_of(check_id: str) -> tuple[str, ...]:
    """The ids of the statements `check_id` enforces (empty when it enforces none)."""
    return load_coverage().by_check.get(check_id, ())


def statements_for(check_id: str, operation_id: str) -> tuple[str, ...]:
    """The statements a finding of `check_id` on `operation_id` breaks: the check's statements
    in the chapter of the operation's reference section, and those of the introduction (what
    the reference says of every call). None for an operation the reference does not document
    (the application operations: ERRATA E34)."""
    from pinpoint_conformance.contract import load_contract

    try:
        section = str(load_contract().operation(operation_id).reference.get("section") or "")
    except KeyError:
        return ()
    coverage = load_coverage()
    if not section or not coverage.statements:
        return ()
    chapters = {coverage.statements[0].chapter}  # the introduction: every call
    chapters |= {s.chapter for s in coverage.statements if s.section == section}
    by_id = {s.id: s for s in coverage.statements}
    return tuple(i for i in statements_of(check_id) if by_id[i].chapter in chapters)


def named_statements(check_id: str, operation_id: str, shown: int = 3) -> str:
    """`statements_for` as one line for a report: the first few ids, and how many more."""
    ids = statements_for(check_id, operation_id)
    more = f" (+{len(ids) - shown} more: pinpoint-conformance coverage)" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more
