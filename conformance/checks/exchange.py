"""Checks every answer gets: its status (STATUS), its content type (CTYPE), its body (SHAPE).

Each check is a small pure function of the contract, one exchange and what was expected of
it; it returns findings and never sends anything.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import dataclass
from typing import Any

from pinpoint_conformance.checks.catalogue import Check, register
from pinpoint_conformance.checks.compare import is_iso8601
from pinpoint_conformance.contract import HAL_JSON, JSON, Contract
from pinpoint_conformance.findings import Exchange, Finding, Level
from pinpoint_conformance.provenance import Provenance, load_provenance
from pinpoint_conformance.schema_walk import constraint_of, undeclared_members

TARGET_ANSWERS = register(
    "STATUS-000",
    "STATUS",
    Level.MUST,
    "The target answers every request: no refused connection, no time-out.",
    endpoint=True,
)
STATUS_SUCCESS = register(
    "STATUS-001",
    "STATUS",
    Level.SHOULD,
    "A successful call answers the operation's documented success code (201 for creates, "
    "202 for endpoint updates, 200 otherwise).",
)
STATUS_ERROR = register(
    "STATUS-002",
    "STATUS",
    Level.SHOULD,
    "A call that must fail answers the documented error code of its class (400, 404, 405).",
)
STATUS_NO_5XX = register(
    "STATUS-003",
    "STATUS",
    Level.SHOULD,
    "No request, however malformed, is answered with a 5xx.",
)
STATUS_NO_REDIRECT = register(
    "STATUS-004",
    "STATUS",
    Level.MUST,
    "No answer is a redirect (3xx): the API answers at its endpoint. The suite judges a 3xx "
    "as the answer it is and never follows it (a signed request, its body or its credentials "
    "could go to another path or host).",
    endpoint=True,
)
# No Pinpoint answer comes near this: the largest is a page of at most 100 items (the checks
# never ask for more: ERRATA E21) of resources whose writes the reference target caps at
# 1 MiB, and a page of the contract's largest resource the suite writes is well under 1 MiB.
# The run's client stops reading an answer here (pinpoint_conformance.transport).
ANSWER_SIZE_CAP = 8 * 1024 * 1024
STATUS_SIZE = register(
    "STATUS-005",
    "STATUS",
    Level.SHOULD,
    f"No answer body is larger than {ANSWER_SIZE_CAP // (1024 * 1024)} MiB, far more than any "
    "Pinpoint answer can be; the suite does not read past that.",
)
STATUS_CARRIED_OUT = register(
    "STATUS-006",
    "STATUS",
    Level.MUST,
    "A valid request to an operation the reference documents is carried out: it is answered "
    "with a 2xx (which one is STATUS-001's to judge).",
)
CTYPE_JSON = register(
    "CTYPE-001",
    "CTYPE",
    Level.MUST,
    "With Accept: application/json the answer, success or error, is application/json.",
)
CTYPE_HAL = register(
    "CTYPE-002",
    "CTYPE",
    Level.MUST,
    "With Accept: application/hal+json a success answer is application/hal+json.",
)
CTYPE_HAL_ERROR = register(
    "CTYPE-003",
    "CTYPE",
    Level.SHOULD,
    "With Accept: application/hal+json an error answer is application/hal+json too "
    "(application/json conforms to the reference, which says nothing of errors).",
)
SHAPE_JSON = register(
    "SHAPE-001",
    "SHAPE",
    Level.MUST,
    "Every answer body is a JSON object.",
)
SHAPE_SCHEMA = register(
    "SHAPE-002",
    "SHAPE",
    Level.MUST,
    "A success body validates against the operation's response schema: types, required "
    "members, enums, ISO 8601 dates.",
)
SHAPE_ERROR = register(
    "SHAPE-003",
    "SHAPE",
    Level.SHOULD,
    "An error body is a MessageBody with a Message.",
)
SHAPE_DECIDED = register(
    "SHAPE-005",
    "SHAPE",
    Level.SHOULD,
    "A success body meets the constraints of the response schema that are decisions of the "
    "contract (each finding cites its ERRATA entry: a member the reference marks optional "
    "but the contract needs, a pattern or list the reference words differently...).",
)
SHAPE_UNNAMED = register(
    "SHAPE-004",
    "SHAPE",
    Level.INFO,
    "Members neither the contract nor the public service model names are reported (a "
    "failure only with --strict).",
)
SERVICE_MEMBERS_FILE = "service_members.json"


@functools.lru_cache(maxsize=1)
def service_members() -> dict[str, tuple[str, ...]]:
    """Members the public service model names and the contract does not, by component schema
    (written by tools/extract_service_members.py). SHAPE-004 does not report them: a target
    that follows today's service is not wrong for it (FACTS)."""
    package = importlib.resources.files("pinpoint_conformance.checks")
    text = (package / SERVICE_MEMBERS_FILE).read_text(encoding="utf-8")
    return {name: tuple(members) for name, members in json.loads(text)["members"].items()}


@dataclass(frozen=True)
class Expectation:
    """What the test expects of one exchange."""

    outcome: str = "success"  # "success", or "error"
    status: int | None = None  # the exact error status, when outcome is "error"
    accept: str = JSON
    also: tuple[int, ...] = ()  # other error statuses that conform as well (501 for 405)
    # False when the test judges the status with a check of its own (ERR-00x): one finding
    # for one wrong status, the specific one
    status_check: bool = True

    def allows(self, status: int) -> bool:
        return self.status is None or status == self.status or status in self.also


def finding(check: Check, exchange: Exchange, message: str, expected: str, actual: str,
            provenance: Provenance | None = None) -> Finding:
    return check.finding(exchange.operation_id or "", message, expected, actual, exchange,
                         provenance)


def parse_body(exchange: Exchange) -> Any:
    """The answer's JSON, or raise ValueError."""
    return json.loads(exchange.response_body.decode("utf-8"))


def check_status(contract: Contract, exchange: Exchange, expect: Expectation) -> list[Finding]:
    status = exchange.status
    assert status is not None
    if 300 <= status < 400:
        return [
            finding(
                STATUS_NO_REDIRECT,
                exchange,
                "the target answered with a redirect (not followed)",
                "no redirect",
                f"{status} to {_header(exchange, 'Location') or '(no Location)'}",
            )
        ]
    if expect.outcome == "success":
        if not 200 <= status < 300:
            return [
                finding(
                    STATUS_CARRIED_OUT,
                    exchange,
                    "a valid request was not carried out",
                    "a 2xx",
                    f"{status} {_snippet(exchange)}",
                )
            ]
        wanted = contract.operation(exchange.operation_id or "").success_status
        if status != wanted:
            return [
                finding(
                    STATUS_SUCCESS,
                    exchange,
                    "wrong success status",
                    str(wanted),
                    f"{status} {_snippet(exchange)}",
                )
            ]
    elif status >= 500:
        return [
            finding(
                STATUS_NO_5XX,
                exchange,
                "the target answered with a server error",
                "a 2xx or 4xx",
                str(status),
            )
        ]
    elif not expect.allows(status):
        wanted = " or ".join(str(s) for s in (expect.status, *expect.also))
        return [
            finding(
                STATUS_ERROR,
                exchange,
                f"answered {status} where {wanted} was due",
                wanted,
                f"{status} {_snippet(exchange)}",
            )
        ]
    return []


def check_content_type(exchange: Exchange, expect: Expectation) -> list[Finding]:
    status = exchange.status or 0
    check = CTYPE_JSON
    if expect.accept == HAL_JSON:
        check = CTYPE_HAL if 200 <= status < 300 else CTYPE_HAL_ERROR
    if exchange.content_type != expect.accept:
        return [
            finding(
                check,
                exchange,
                f"answered {exchange.content_type or 'no Content-Type'} where "
                f"{expect.accept} was asked",
                expect.accept,
                exchange.content_type or "(none)",
            )
        ]
    return []


def check_shape(contract: Contract, exchange: Exchange, expect: Expectation) -> list[Finding]:
    status = exchange.status or 0
    success = 200 <= status < 300
    # a success body is JSON by the reference's words; an error body only by the service's
    not_json = SHAPE_JSON if success else SHAPE_ERROR
    try:
        body = parse_body(exchange)
    except (UnicodeDecodeError, ValueError):
        return [
            finding(
                not_json,
                exchange,
                "the body is not JSON",
                "a JSON object",
                _snippet(exchange) or "(empty)",
            )
        ]
    if not isinstance(body, dict):
        return [
            finding(
                not_json,
                exchange,
                "the body is not a JSON object",
                "a JSON object",
                type(body).__name__,
            )
        ]
    media = expect.accept if exchange.content_type in {JSON, HAL_JSON} else JSON
    ref = contract.response_schema_ref(exchange.operation_id or "", status, media)
    if ref is None:
        return []  # an undocumented status: STATUS reports it
    findings = []
    for error, provenance in schema_errors(contract, ref, body):
        check = SHAPE_ERROR if not success else SHAPE_SCHEMA if provenance is None else (
            SHAPE_DECIDED)
        findings.append(
            finding(
                check,
                exchange,
                f"{error.json_path}: {_without_value(error)}"[:300],
                ref.rsplit("/", 1)[-1],
                _short(error.instance),
                provenance,
            )
        )
    unnamed = undeclared_members(contract, {"$ref": ref}, body, also_named=service_members())
    if unnamed:
        findings.append(
            finding(
                SHAPE_UNNAMED,
                exchange,
                "members the contract does not name",
                "only members of " + ref.rsplit("/", 1)[-1],
                ", ".join(unnamed),
            )
        )
    return findings


def schema_errors(contract: Contract, ref: str, body: Any) -> list[tuple[Any, Provenance | None]]:
    """Each way `body` breaks the response schema `ref`, with the decision it breaks (None:
    a constraint the reference states). A date that breaks `format: date-time` yet is ISO 8601
    breaks only the contract's RFC 3339 narrowing (ERRATA E15); one that is not ISO 8601 at
    all breaks the reference's "in ISO 8601 format"."""
    found = []
    provenance = load_provenance()
    for error in contract.validator(ref).iter_errors(body):
        decided = provenance.response(*constraint_of(contract, ref, error))
        if (decided is not None and error.validator == "format"
                and error.validator_value == "date-time" and not is_iso8601(error.instance)):
            decided = None
        found.append((error, decided))
    return found


def _without_value(error: Any) -> str:
    """jsonschema's message without the offending value it starts with ("'utc' is not one
    of [...]" -> "is not one of [...]"): the value is the finding's `actual`, and findings
    that differ only by the value are one finding."""
    message = str(error.message)
    for shown in (repr(error.instance), json.dumps(error.instance, default=str)):
        if message.startswith(shown + " "):
            return message[len(shown) + 1:]
    return message
def check_size(exchange: Exchange) -> list[Finding]:
    """STATUS-005: the client cut the body off at the cap."""
    if not exchange.cut_off:
        return []
    return [
        finding(
            STATUS_SIZE,
            exchange,
            f"the answer's body is larger than {ANSWER_SIZE_CAP} bytes (not read past that)",
            f"at most {ANSWER_SIZE_CAP} bytes",
            f"more ({_header(exchange, 'Content-Length') or 'no Content-Length'})",
        )
    ]


def check_exchange(contract: Contract, exchange: Exchange, expect: Expectation) -> list[Finding]:
    """STATUS, then CTYPE and SHAPE, for one answered exchange.

    One root cause, one finding: a redirect is judged by its status alone (its body is not an
    answer of the operation), a body cut off at the size cap by its size (the rest was never
    read); the Content-Type and body of a 5xx (a crash page) are not judged, the 5xx is the
    finding; nor is the body of a success that had to be a refusal (it shows the invalid
    request it accepted: the acceptance is the finding, ERR-00x)."""
    status = exchange.status or 0
    findings = check_status(contract, exchange, expect) if expect.status_check else []
    if 300 <= status < 400:
        if not expect.status_check:  # a test's own check judges the status: the 3xx is ours
            findings = [f for f in check_status(contract, exchange, expect)
                        if f.check_id == STATUS_NO_REDIRECT.check_id]
        return findings
    if status >= 500:
        return findings
    findings += check_content_type(exchange, expect)
    if exchange.cut_off:
        return findings + check_size(exchange)
    if expect.outcome == "error" and 200 <= status < 300:
        return findings
    return findings + check_shape(contract, exchange, expect)




def _header(exchange: Exchange, name: str) -> str:
    return next((v for k, v in exchange.response_headers.items() if k.lower() == name.lower()),
                "")


def _snippet(exchange: Exchange, limit: int = 120) -> str:
    text = exchange.response_body[:limit].decode("utf-8", "replace").replace("\n", " ")
    return text + ("..." if len(exchange.response_body) > limit else "")


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
