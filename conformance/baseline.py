"""Known findings of a target: a reviewable baseline, so a CI gate can be adopted today.

An emulator that deviates on purpose, or has not caught up yet, fails every run; the choice
would be to ignore the job or not to run it. A baseline lists the findings a team has looked
at (`--write-baseline FILE` writes the run's MUST and SHOULD findings, each with a `reason`
for people to fill in); `--baseline FILE` then fails the run only on findings it does not
list. An entry that no longer occurs, although the run judged its check on its operation, is
reported as fixed, and `--strict-baseline` fails the run on it, so baselines shrink as targets
improve (the ceph/s3-tests lesson: per-target known failures instead of weakened checks, as
data instead of code).

An entry is a check id, an operation and the finding's message, normalised: list indices,
ids, dates and numbers are folded, so the key does not change from run to run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pinpoint_conformance.contract import load_yaml
from pinpoint_conformance.findings import Finding, Level, normalised_message

FORMAT = "pinpoint-conformance-baseline/1"
BASELINED_LEVELS = (Level.MUST, Level.SHOULD)

_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                r"[0-9a-fA-F]{12}\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{16,}\b"), "<id>"),  # server-assigned hex ids
    (re.compile(r"\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
                r"(?:Z|[+-]\d\d:?\d\d)?)?\b"), "<date>"),
    (re.compile(r"\bpc-\d+(?:-[\w-]+)?"), "<name>"),  # the run's generated names
    (re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w.-])"), "<n>"),  # counts, versions
)


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a baseline (a configuration error)."""


def normalised(message: str) -> str:
    """A finding's message as a baseline key holds it: nothing that changes between runs
    (list indices folded as the report folds them, then ids, dates, names and numbers)."""
    message = normalised_message(message)
    for pattern, placeholder in _FOLDS:
        message = pattern.sub(placeholder, message)
    return " ".join(message.split())


@dataclass(frozen=True)
class Key:
    check_id: str
    operation_id: str
    message: str  # normalised

    @classmethod
    def of(cls, finding: Finding) -> Key:
        return cls(finding.check_id, finding.operation_id, normalised(finding.message))

    def text(self) -> str:
        return f"{self.check_id} {self.operation_id}: {self.message}"


@dataclass
class Entry:
    key: Key
    level: str = ""  # as the finding had it when written (for the reader; not matched)
    reason: str = ""  # why the target is allowed this finding, for people to fill in


@dataclass
class Baseline:
    """The known findings of one target, from a file."""

    entries: list[Entry] = field(default_factory=list)
    source: str = ""

    def knows(self, finding: Finding) -> bool:
        return Key.of(finding) in self.keys

    @property
    def keys(self) -> set[Key]:
        return {entry.key for entry in self.entries}


def load_baseline(path: str | Path) -> Baseline:
    file = Path(path)
    try:
        data = load_yaml(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read the baseline {file}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}: {getattr(exc, 'problem', '')})" if mark else ""
        raise BaselineError(f"the baseline {file} is not YAML{where}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{file} is not a baseline (format: {FORMAT})")
    entries = []
    for number, item in enumerate(data.get("entries") or [], start=1):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(name), str) and item.get(name)
            for name in ("check", "operation", "message")
        ):
            raise BaselineError(f"{file}: entry {number} needs a check, an operation and a "
                                "message")
        entries.append(Entry(Key(item["check"], item["operation"], normalised(item["message"])),
                             str(item.get("level") or ""), str(item.get("reason") or "")))
    return Baseline(entries, str(file))


def baseline_text(findings: Iterable[Finding], *, target: str, tool_version: str,
                  spec_version: str, previous: Baseline | None = None) -> str:
    """The baseline of a run's MUST and SHOULD findings, one entry per key, in a stable order
    (reasons already written in `previous` are kept)."""
    reasons = {entry.key: entry.reason for entry in previous.entries} if previous else {}
    seen: dict[Key, Finding] = {}
    for finding in findings:
        if finding.level in BASELINED_LEVELS:
            seen.setdefault(Key.of(finding), finding)
    entries: list[dict[str, Any]] = [
        {"check": key.check_id, "operation": key.operation_id, "level": str(finding.level),
         "message": key.message, "reason": reasons.get(key, "")}
        for key, finding in sorted(seen.items(), key=lambda kv: (
            kv[0].check_id, kv[0].operation_id, kv[0].message))
    ]
    head = (
        "# Known findings of a target (pinpoint-conformance --write-baseline). A run with\n"
        "# --baseline fails only on findings not listed here; --strict-baseline also fails\n"
        "# when an entry no longer occurs. Say in `reason` why the target is allowed each.\n"
    )
    body = {"format": FORMAT, "target": target, "tool_version": tool_version,
            "spec_version": spec_version, "entries": entries}
    return head + yaml.safe_dump(body, sort_keys=False, width=100, allow_unicode=True)


@dataclass
class Comparison:
    """A run's findings against a baseline."""

    known: list[Key]
    new: list[Key]
    fixed: list[Key]  # listed, judged by the run, and no longer found
    not_judged: list[Key]  # listed, but the run did not judge that check on that operation

    def to_dict(self, source: str) -> dict[str, Any]:
        def keys(found: list[Key]) -> list[dict[str, str]]:
            return [{"check_id": k.check_id, "operation_id": k.operation_id,
                     "message": k.message} for k in found]

        return {"file": source, "known": keys(self.known), "new": keys(self.new),
                "fixed": keys(self.fixed), "not_judged": keys(self.not_judged)}


def compare(baseline: Baseline, findings: Iterable[Finding],
            judged: set[tuple[str, str]]) -> Comparison:
    """`judged`: the (family, operation) cells the run judged (a finding or a pass); an entry
    whose cell was not judged (a narrower run, `-k`) is neither known nor fixed."""
    found = {Key.of(f) for f in findings if f.level in BASELINED_LEVELS}
    listed = baseline.keys
    ordered = sorted(found, key=lambda k: (k.check_id, k.operation_id, k.message))
    missing = sorted(listed - found, key=lambda k: (k.check_id, k.operation_id, k.message))
    return Comparison(
        known=[k for k in ordered if k in listed],
        new=[k for k in ordered if k not in listed],
        fixed=[k for k in missing if (_family(k), k.operation_id) in judged],
        not_judged=[k for k in missing if (_family(k), k.operation_id) not in judged],
    )


def _family(key: Key) -> str:
    return key.check_id.rsplit("-", 1)[0]
