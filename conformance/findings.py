"""What a run finds: exchanges, findings, per-check outcomes and the run's report data.

Plain data, no I/O: the checks produce findings, the plugin groups them into outcomes, and
`pinpoint_conformance.report` renders a `RunReport` as a terminal matrix, JSON or markdown.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pinpoint_conformance.provenance import Provenance


class Status(StrEnum):
    """The verdict of one check on one operation. Kept apart on purpose."""

    PASS = "PASS"  # the target conforms
    FAIL = "FAIL"  # the target deviates from the contract
    ERROR = "ERROR"  # the suite itself could not judge
    SKIPPED = "SKIPPED"  # not run, with a reason
    UNSUPPORTED = "UNSUPPORTED"  # the target lacks the operation


# Which status a matrix cell shows when several outcomes land in it.
SEVERITY: dict[Status, int] = {
    Status.SKIPPED: 0,
    Status.PASS: 1,
    Status.UNSUPPORTED: 2,
    Status.ERROR: 3,
    Status.FAIL: 4,
}


class Level(StrEnum):
    """MUST findings fail the run; SHOULD findings warn."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    INFO = "INFO"  # reported, never a failure (unless --strict says so for that check)



_INDEX = re.compile(r"\[\d+\]")
_LIST_ITEM = re.compile(r"^\$\.Item\[\]")


def normalised_message(message: str) -> str:
    """A finding's message with list indices folded (`[14]` -> `[]`) and a list item's path
    written as the resource's own (`$.Item[].CreationDate` -> `$.CreationDate`): the same
    member of the same resource, wherever it was read (deviations and baselines key on it)."""
    return _LIST_ITEM.sub("$", _INDEX.sub("[]", message))

@dataclass(frozen=True)
class Exchange:
    """One request and what came back (or the transport error instead of an answer)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    elapsed_ms: float = 0.0
    error: str | None = None
    operation_id: str | None = None
    cut_off: bool = False  # the body was over the client's size cap and was not read

    @property
    def content_type(self) -> str:
        for name, value in self.response_headers.items():
            if name.lower() == "content-type":
                return value.split(";", 1)[0].strip().lower()
        return ""

    def kept(self, limit: int = 4096) -> Exchange:
        """This exchange with at most `limit` bytes of the answer's body: what a finding or
        a log keeps once the checks have read the whole body (reports show none of it)."""
        if len(self.response_body) <= limit:
            return self
        return replace(self, response_body=self.response_body[:limit])


@dataclass(frozen=True)
class Finding:
    """A deviation (or a piece of information) one check found in one exchange."""

    check_id: str  # stable, e.g. "SHAPE-001"
    family: str  # SHAPE, STATUS, CTYPE, HAL, PAGE, VER, LIFE, ERR, FUZZ
    level: Level
    operation_id: str
    message: str  # one line: what is wrong
    expected: str
    actual: str
    reference: str  # the provenance as one line: the reference's words, or the ERRATA entry
    exchange: Exchange | None = None
    provenance: Provenance | None = None  # stated (quote, section, page) or decision (ERRATA)

    def to_dict(self, curl: str | None = None) -> dict[str, Any]:
        data = asdict(self)
        data.pop("exchange")
        data["level"] = str(self.level)
        data["provenance"] = None if self.provenance is None else self.provenance.to_dict()
        data["curl"] = curl
        if self.exchange is not None:
            data["request"] = {"method": self.exchange.method, "url": self.exchange.url}
            data["response_status"] = self.exchange.status
        return data


@dataclass
class Outcome:
    """The result of one check family on one operation within one test."""

    family: str
    operation_id: str
    status: Status
    test: str  # the pytest node id that produced it
    reason: str = ""  # for SKIPPED, UNSUPPORTED and ERROR
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RunReport:
    """Everything a report shows, with what it takes to reproduce and compare the run."""

    tool_version: str
    spec_version: str
    target: str
    started_at: str  # ISO 8601 UTC
    seed: int
    profile: str
    strict: bool
    outcomes: list[Outcome] = field(default_factory=list)
    requests_sent: int = 0
    duration_s: float = 0.0
    exit_code: int | None = None
    notes: list[str] = field(default_factory=list)
    # the run's findings against --baseline (known, new, fixed, not judged), or None
    baseline: dict[str, Any] | None = None
