"""Errors the target answers with, and the catalog that gives each its status and type.

The catalog is read from the contract: every operation's error responses point at a shared
`#/components/responses/<Kind>` entry, so `<Kind>` names the error, the response code that
points at it is its status, and `<Kind>Exception` is the type sent in `x-amzn-ErrorType`
(BadRequest -> 400 BadRequestException, NotFound -> 404 NotFoundException, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from pinpoint_conformance.contract import Contract

RESPONSES_PREFIX = "#/components/responses/"

# The kinds the target raises; checked against the contract when the catalog is built.
BAD_REQUEST = "BadRequest"
NOT_FOUND = "NotFound"
METHOD_NOT_ALLOWED = "MethodNotAllowed"
PAYLOAD_TOO_LARGE = "PayloadTooLarge"
INTERNAL_SERVER_ERROR = "InternalServerError"
USED_KINDS = (BAD_REQUEST, NOT_FOUND, METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE, INTERNAL_SERVER_ERROR)

MAX_MESSAGE_CHARS = 500


class ApiError(Exception):
    """An error answer: `kind` is a `#/components/responses/` name of the contract."""

    def __init__(self, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = shorten(message)
        self.headers = dict(headers or {})


def bad_request(message: str) -> ApiError:
    return ApiError(BAD_REQUEST, message)


def not_found(message: str) -> ApiError:
    return ApiError(NOT_FOUND, message)


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Keep messages readable: a value quoted from a 1 MiB body must not be echoed whole."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def status_line(status: int) -> str:
    """The WSGI status line for a code, e.g. '404 Not Found'."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


@dataclass(frozen=True)
class ErrorKind:
    name: str
    status: int
    error_type: str

    @property
    def status_line(self) -> str:
        return status_line(self.status)


class ErrorCatalog:
    """Status code and error type of every error kind the contract defines."""

    def __init__(self, contract: Contract) -> None:
        kinds: dict[str, ErrorKind] = {}
        for op in contract.iter_operations():
            for code, response in op.responses.items():
                ref = response.get("$ref", "") if isinstance(response, dict) else ""
                if not ref.startswith(RESPONSES_PREFIX):
                    continue
                name = ref[len(RESPONSES_PREFIX) :]
                kind = ErrorKind(name, int(code), f"{name}Exception")
                if kinds.setdefault(name, kind) != kind:
                    raise ValueError(f"error response {name} is used with two status codes")
        missing = [name for name in USED_KINDS if name not in kinds]
        if missing:
            raise ValueError(f"the contract defines no error response {', '.join(missing)}")
        self._kinds = kinds
        self._by_status = {kind.status: kind for kind in kinds.values()}

    def kind(self, name: str) -> ErrorKind:
        return self._kinds[name]

    def for_status(self, status: int) -> ErrorKind:
        """The kind with this status; a client error the contract does not name is a 400."""
        return self._by_status.get(status) or self._kinds[BAD_REQUEST]
