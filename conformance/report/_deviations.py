"""One root cause, one entry: findings folded into deviations, root causes first.

Findings that differ only by a list index (`$.Item[14]`, `$.Item[15]`), by the generated
value they show (kept in `actual`), by the request that showed them or by the operation
(the same wrong Content-Type on every operation) are one deviation, with a count, the
operations it was seen on and one example. Deviations are ordered MUST first, and within a
level by where a cause sits: how the target treats a request (ERR, STATUS) before what it
keeps (LIFE, VER, PAGE) before how its answers look (HAL, CTYPE, SHAPE), and the suite's
targeted checks before the fuzzer's, which mostly restate them; then by count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pinpoint_conformance.findings import Finding, Level, normalised_message

LEVEL_ORDER: dict[Level, int] = {Level.MUST: 0, Level.SHOULD: 1, Level.INFO: 2}
CAUSE_ORDER: tuple[str, ...] = (
    "ERR", "STATUS", "LIFE", "VER", "PAGE", "HAL", "CTYPE", "SHAPE", "FUZZ"
)
@dataclass
class Deviation:
    """Findings of one check that say the same thing, wherever they were seen."""

    check_id: str
    family: str
    level: Level
    message: str  # normalised
    example: Finding
    operations: list[str] = field(default_factory=list)
    count: int = 0
    findings: list[Finding] = field(default_factory=list, repr=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.check_id, str(self.level), self.message)

    def add(self, finding: Finding) -> None:
        self.count += 1
        self.findings.append(finding)
        if finding.operation_id not in self.operations:
            self.operations.append(finding.operation_id)


def deviations(findings: Iterable[Finding], levels: Iterable[Level] = tuple(Level)
               ) -> list[Deviation]:
    """`findings` (of `levels`) folded into deviations, root causes first."""
    wanted = set(levels)
    folded: dict[tuple[str, str, str], Deviation] = {}
    for finding in findings:
        if finding.level not in wanted:
            continue
        message = normalised_message(finding.message)
        key = (finding.check_id, str(finding.level), message)
        if key not in folded:
            folded[key] = Deviation(finding.check_id, finding.family, finding.level, message,
                                    finding)
        folded[key].add(finding)
    return sorted(folded.values(), key=_rank)


def _rank(deviation: Deviation) -> tuple[int, int, int, str]:
    family = (CAUSE_ORDER.index(deviation.family) if deviation.family in CAUSE_ORDER
              else len(CAUSE_ORDER))
    return (LEVEL_ORDER.get(deviation.level, 9), family, -deviation.count, deviation.check_id)
