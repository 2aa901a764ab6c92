"""The machine-readable report, format ``pinpoint-conformance-report/1``.

Documented member by member in `docs/report-format.md`; `report.schema.json` (next to this
module) is its JSON Schema. Every member is always present (null when unknown).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pinpoint_conformance.coverage import statements_for
from pinpoint_conformance.findings import Finding, Outcome, RunReport
from pinpoint_conformance.report._collect import all_findings, matrix, status_counts
from pinpoint_conformance.report._curl import to_curl
from pinpoint_conformance.report._deviations import Deviation, deviations
from pinpoint_conformance.report._redact import Scrubber, redact_url

FORMAT = "pinpoint-conformance-report/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "report.schema.json"

_FINDING_TEXT = ("check_id", "family", "operation_id", "message", "expected", "actual", "reference")


def _finding(finding: Finding, scrub: Scrubber) -> dict[str, Any]:
    curl = to_curl(finding.exchange) if finding.exchange is not None else None
    data = finding.to_dict(curl=curl)
    for name in _FINDING_TEXT:
        data[name] = scrub(str(data[name]))
    # Finding.to_dict leaves these out without an exchange; the format always has them.
    request = data.get("request")
    if request is not None:
        request = {"method": request["method"], "url": scrub(redact_url(request["url"]))}
    data["request"] = request
    data["response_status"] = data.get("response_status")
    provenance = data.get("provenance")
    if provenance is not None:
        provenance = {k: scrub(v) if isinstance(v, str) else v for k, v in provenance.items()}
    data["provenance"] = provenance
    data["statements"] = list(statements_for(finding.check_id, finding.operation_id))
    return data


def _deviation(deviation: Deviation, scrub: Scrubber) -> dict[str, Any]:
    return {
        "check_id": deviation.check_id,
        "family": deviation.family,
        "level": str(deviation.level),
        "message": scrub(deviation.message),
        "operations": list(deviation.operations),
        "count": deviation.count,
        "example": _finding(deviation.example, scrub),
    }


def _outcome(outcome: Outcome, scrub: Scrubber) -> dict[str, Any]:
    return {
        "family": outcome.family,
        "operation_id": outcome.operation_id,
        "status": str(outcome.status),
        "test": outcome.test,
        "reason": scrub(outcome.reason),
        "findings": [_finding(finding, scrub) for finding in outcome.findings],
    }


def to_json(report: RunReport, operation_ids: Iterable[str]) -> dict[str, Any]:
    """The report as a JSON-ready dict (see `docs/report-format.md`)."""
    scrub = Scrubber.for_report(report)
    return {
        "format": FORMAT,
        "tool_version": report.tool_version,
        "spec_version": report.spec_version,
        "target": scrub(redact_url(report.target)),
        "started_at": report.started_at,
        "seed": report.seed,
        "profile": report.profile,
        "strict": report.strict,
        "requests_sent": report.requests_sent,
        "duration_s": report.duration_s,
        "exit_code": report.exit_code,
        "summary": {str(status): count for status, count in status_counts(report).items()},
        "matrix": {
            op: {family: None if cell is None else str(cell) for family, cell in row.items()}
            for op, row in matrix(report, operation_ids).items()
        },
        "deviations": [_deviation(d, scrub) for d in deviations(all_findings(report))],
        "outcomes": [_outcome(outcome, scrub) for outcome in report.outcomes],
        "notes": [scrub(note) for note in report.notes],
        "baseline": report.baseline,
    }


def write_json(report: RunReport, operation_ids: Iterable[str], path: str | Path) -> Path:
    """Write `to_json` to `path` (UTF-8, indented, parents created); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(report, operation_ids), indent=2, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target
