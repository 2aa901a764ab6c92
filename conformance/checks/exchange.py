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

from conformance.checks.catalogue import Check, register
from conformance.contract import HAL_JSON, JSON, Contract
from conformance.findings import Exchange, Finding, Level
from conformance.schema_walk import undeclared_members

TARGET_ANSWERS = register(
    "STATUS-000",
    "STATUS",
    Level.MUST,
    "The target answers every request: no refused connection, no time-out.",
    "Amazon Pinpoint Endpoint (p. 1)",
)
STATUS_SUCCESS = register(
    "STATUS-001",
    "STATUS",
    Level.MUST,
    "A successful call answers the operation's documented success code (201 for creates, "
    "202 for endpoint updates, 200 otherwise).",
    "FACTS: success status codes (service model); reference HTTP Methods of each resource",
)
STATUS_ERROR = register(
    "STATUS-002",
    "STATUS",
    Level.MUST,
    "A call that must fail answers the documented error code of its class (400, 404, 405).",
    "FACTS: errors; spec responses 400/404/405",
)
STATUS_NO_5XX = register(
    "STATUS-003",
    "STATUS",
    Level.MUST,
    "No request, however malformed, is answered with a 5xx.",
    "FACTS: errors (a 5xx is InternalServerErrorException, a fault of the service)",
)
STATUS_NO_REDIRECT = register(
    "STATUS-004",
    "STATUS",
    Level.MUST,
    "No answer is a redirect (3xx): Pinpoint never redirects. The suite judges a 3xx as the "
    "answer it is and never follows it (a signed request, its body or its credentials could "
    "go to another path or host).",
    "the operation's documented responses (no operation documents a 3xx)",
)
# No Pinpoint answer comes near this: the largest is a page of at most 100 items (the checks
# never ask for more: ERRATA E21) of resources whose writes the reference target caps at
# 1 MiB, and a page of the contract's largest resource the suite writes is well under 1 MiB.
# The run's client stops reading an answer here (conformance.transport).
ANSWER_SIZE_CAP = 8 * 1024 * 1024
STATUS_SIZE = register(
    "STATUS-005",
    "STATUS",
    Level.MUST,
    f"No answer body is larger than {ANSWER_SIZE_CAP // (1024 * 1024)} MiB, far more than any "
    "Pinpoint answer can be; the suite does not read past that.",
    "FACTS: wire protocol (rest-json); ERRATA E21 (pages of at most 100 items)",
)
CTYPE_JSON = register(
    "CTYPE-001",
    "CTYPE",
    Level.MUST,
    "With Accept: application/json the answer, success or error, is application/json.",
    "Request Headers: accept (every resource)",
)
CTYPE_HAL = register(
    "CTYPE-002",
    "CTYPE",
    Level.MUST,
    "With Accept: application/hal+json the answer, success or error, is application/hal+json.",
    "Hypertext Application Language (p. 2); ERRATA E20",
)
SHAPE_JSON = register(
    "SHAPE-001",
    "SHAPE",
    Level.MUST,
    "Every answer body is a JSON object.",
    "FACTS: wire protocol (rest-json)",
)
SHAPE_SCHEMA = register(
    "SHAPE-002",
    "SHAPE",
    Level.MUST,
    "A success body validates against the operation's response schema: types, required "
    "members, enums, ISO 8601 dates.",
    "the operation's Response Syntax and Attributes tables",
)
SHAPE_ERROR = register(
    "SHAPE-003",
    "SHAPE",
    Level.MUST,
    "An error body is a MessageBody with a Message.",
    "FACTS: errors (MessageBody); Endpoints List PUT Response Syntax",
)
SHAPE_UNNAMED = register(
    "SHAPE-004",
    "SHAPE",
    Level.INFO,
    "Members neither the contract nor the public service model names are reported (a "
    "failure only with --strict).",
    "the operation's Attributes tables; FACTS: members the service added; ERRATA E17",
)
SERVICE_MEMBERS_FILE = "service_members.json"


@functools.lru_cache(maxsize=1)
def service_members() -> dict[str, tuple[str, ...]]:
    """Members the public service model names and the contract does not, by component schema
    (written by tools/extract_service_members.py). SHAPE-004 does not report them: a target
    that follows today's service is not wrong for it (FACTS)."""
    text = (importlib.resources.files("conformance.checks") / SERVICE_MEMBERS_FILE).read_text(
        encoding="utf-8"
    )
    return {name: tuple(members) for name, members in json.loads(text)["members"].items()}


@dataclass(frozen=True)
class Expectation:
    """What the test expects of one exchange."""

    outcome: str = "success"  # "success", or "error"
    status: int | None = None  # the exact error status, when outcome is "error"
    accept: str = JSON


def finding(check: Check, exchange: Exchange, message: str, expected: str, actual: str) -> Finding:
    return Finding(
        check_id=check.check_id,
        family=check.family,
        level=check.level,
        operation_id=exchange.operation_id or "",
        message=message,
        expected=expected,
        actual=actual,
        reference=check.source,
        exchange=exchange,
    )


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
    if status >= 500:
        return [
            finding(
                STATUS_NO_5XX,
                exchange,
                "the target answered with a server error",
                "a 2xx or 4xx",
                str(status),
            )
        ]
    if expect.outcome == "success":
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
    elif expect.status is not None and status != expect.status:
        return [
            finding(
                STATUS_ERROR,
                exchange,
                "wrong error status",
                str(expect.status),
                f"{status} {_snippet(exchange)}",
            )
        ]
    return []


def check_content_type(exchange: Exchange, expect: Expectation) -> list[Finding]:
    check = CTYPE_HAL if expect.accept == HAL_JSON else CTYPE_JSON
    if exchange.content_type != expect.accept:
        return [
            finding(
                check,
                exchange,
                "wrong Content-Type",
                expect.accept,
                exchange.content_type or "(none)",
            )
        ]
    return []


def check_shape(contract: Contract, exchange: Exchange, expect: Expectation) -> list[Finding]:
    status = exchange.status or 0
    try:
        body = parse_body(exchange)
    except (UnicodeDecodeError, ValueError):
        return [
            finding(
                SHAPE_JSON,
                exchange,
                "the body is not JSON",
                "a JSON object",
                _snippet(exchange) or "(empty)",
            )
        ]
    if not isinstance(body, dict):
        return [
            finding(
                SHAPE_JSON,
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
    check = SHAPE_SCHEMA if 200 <= status < 300 else SHAPE_ERROR
    findings = [
        finding(
            check,
            exchange,
            f"{error.json_path}: {error.message}"[:300],
            ref.rsplit("/", 1)[-1],
            _short(error.instance),
        )
        for error in contract.validator(ref).iter_errors(body)
    ]
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
    """STATUS, then CTYPE and SHAPE, for one answered exchange. A redirect is judged by its
    status alone (its body is not an answer of the operation); a body cut off at the size
    cap by its size (the rest of it was never read)."""
    status = check_status(contract, exchange, expect)
    if exchange.status is not None and 300 <= exchange.status < 400:
        return status
    if exchange.cut_off:
        return status + check_content_type(exchange, expect) + check_size(exchange)
    return (
        status
        + check_content_type(exchange, expect)
        + check_shape(contract, exchange, expect)
    )


def _header(exchange: Exchange, name: str) -> str:
    return next((v for k, v in exchange.response_headers.items() if k.lower() == name.lower()),
                "")


def _snippet(exchange: Exchange, limit: int = 120) -> str:
    text = exchange.response_body[:limit].decode("utf-8", "replace").replace("\n", " ")
    return text + ("..." if len(exchange.response_body) > limit else "")


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
