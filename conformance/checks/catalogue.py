"""The check catalogue: every check's stable id, family, level, statement and provenance.

`docs/checks.md` is generated from this registry (`pinpoint-conformance catalogue`, see
`conformance/checks/document.py`), so documentation and code cannot drift. `register()` is
called in the modules of this package (and in `pinpoint_conformance.fuzz`,
`document.CHECK_MODULES`), never in a suite module.

A check's level follows from its provenance (`spec/provenance.yaml`,
`pinpoint_conformance.provenance`): a rule the reference states is MUST, a decision of the
contract is SHOULD; INFO checks only inform. `register` refuses a level its provenance does
not support, so the code says what the data says. A finding may rest on a narrower provenance
than its check's (the rule of the invalid-body catalogue it applies, the operation it was seen
on): `Check.finding` works it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pinpoint_conformance.findings import Exchange, Finding, Level
from pinpoint_conformance.provenance import Provenance, load_provenance


@dataclass(frozen=True)
class Check:
    check_id: str
    family: str
    level: Level
    statement: str  # one line: what the check enforces
    provenance: Provenance
    # about the endpoint, whatever the operation (an answer at all, no redirect): stated for
    # the operations only the service model has as for the others
    endpoint: bool = False

    @property
    def source(self) -> str:
        """The provenance as one line (the report's `reference`)."""
        return self.provenance.cite()

    def finding(
        self,
        operation_id: str,
        message: str,
        expected: Any,
        actual: Any,
        exchange: Exchange | None = None,
        provenance: Provenance | None = None,
    ) -> Finding:
        """A finding of this check on `operation_id`. `provenance` is the rule's when it is
        narrower than the check's; a rule the reference states, applied to an operation the
        reference does not have (the application operations), is a decision."""
        level, cited = attribute(self, operation_id, provenance)
        kept = exchange.kept() if exchange is not None else None  # a bounded copy of the body
        return Finding(self.check_id, self.family, level, operation_id, message,
                       str(expected)[:300], str(actual)[:300], cited.cite(), kept, cited)


def attribute(check: Check, operation_id: str,
              provenance: Provenance | None = None) -> tuple[Level, Provenance]:
    """The level and provenance of a finding of `check` on `operation_id`: never above the
    check's own level, and SHOULD where the rule it applies is a decision."""
    cited = provenance or check.provenance
    if check.level is Level.INFO:
        return Level.INFO, cited
    if cited.kind == "stated" and not check.endpoint:
        on_operation = load_provenance().operation(operation_id)
        if on_operation is not None:
            cited = on_operation
    level = Level.MUST if check.level is Level.MUST and cited.level is Level.MUST else Level.SHOULD
    return level, cited


CATALOGUE: dict[str, Check] = {}


def register(check_id: str, family: str, level: Level, statement: str,
             endpoint: bool = False) -> Check:
    """Add a check; its provenance comes from spec/provenance.yaml, and `level` must agree
    with it (INFO excepted: an INFO check only informs, whatever its provenance).
    `endpoint`: the rule is about the endpoint, so it holds for every operation."""
    if check_id in CATALOGUE:
        raise ValueError(f"duplicate check id {check_id}")
    provenance = load_provenance().check(check_id)
    if level is not Level.INFO and level is not provenance.level:
        raise ValueError(f"{check_id} is registered {level} but its provenance "
                         f"({provenance.cite()}) makes it {provenance.level}")
    check = Check(check_id, family, level, statement, provenance, endpoint)
    CATALOGUE[check_id] = check
    return check
