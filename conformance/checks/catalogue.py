"""The check catalogue: every check's stable id, family, level, statement and source.

`docs/checks.md` is generated from this registry (`pinpoint-conformance catalogue`, see
`conformance/checks/document.py`), so documentation and code cannot drift. `register()` is
called in the modules of this package (and in `conformance.fuzz`, `document.CHECK_MODULES`),
never in a suite module.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.findings import Level


@dataclass(frozen=True)
class Check:
    check_id: str
    family: str
    level: Level
    statement: str  # one line: what the check enforces
    source: str  # the reference section or ERRATA entry it comes from


CATALOGUE: dict[str, Check] = {}


def register(check_id: str, family: str, level: Level, statement: str, source: str) -> Check:
    if check_id in CATALOGUE:
        raise ValueError(f"duplicate check id {check_id}")
    check = Check(check_id, family, level, statement, source)
    CATALOGUE[check_id] = check
    return check
