"""A run's verdicts as a replay must reproduce them: every finding's check id, operation,
level and message (and the exit code), from a JSON report (`--json-report`).

The shipped cassettes keep these beside them (`expected.json`); a replay that gives other
verdicts differs from the recorded run in what it judged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXPECTED_FILE = "expected.json"
Verdict = tuple[str, str, str, str]


def verdicts(report: dict[str, Any]) -> list[Verdict]:
    """The findings of a JSON report, sorted, each (check id, operation, level, message)."""
    return sorted({(f["check_id"], f["operation_id"], f["level"], f["message"])
                   for outcome in report.get("outcomes", ())
                   for f in outcome.get("findings", ())})


def expected_report(report: dict[str, Any]) -> dict[str, Any]:
    """What `expected.json` holds: the exit code, the outcome counts and the findings."""
    return {
        "exit_code": report.get("exit_code"),
        "summary": report.get("summary"),
        "findings": [dict(zip(("check_id", "operation_id", "level", "message"), v,
                              strict=True)) for v in verdicts(report)],
    }


def write_expected(report_file: str | Path, folder: str | Path) -> Path:
    report = json.loads(Path(report_file).read_text(encoding="utf-8"))
    target = Path(folder) / EXPECTED_FILE
    target.write_text(json.dumps(expected_report(report), indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    return target


def load_expected(folder: str | Path) -> dict[str, Any]:
    return json.loads((Path(folder) / EXPECTED_FILE).read_text(encoding="utf-8"))


def differences(expected: dict[str, Any], report: dict[str, Any]) -> list[str]:
    """What a replay's report judged differently from the expected verdicts (empty: same)."""
    want = {tuple(f[k] for k in ("check_id", "operation_id", "level", "message"))
            for f in expected["findings"]}
    got = set(verdicts(report))
    lines = [f"missing: {' | '.join(v)}" for v in sorted(want - got)]
    lines += [f"new: {' | '.join(v)}" for v in sorted(got - want)]
    if expected.get("exit_code") != report.get("exit_code"):
        lines.append(f"exit code {report.get('exit_code')}, expected {expected.get('exit_code')}")
    return lines
