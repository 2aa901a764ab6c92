"""The WSGI application: route, validate, dispatch, render as JSON or HAL."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from pinpoint_conformance.contract import HAL_JSON, Contract, load_contract
from pinpoint_conformance.reference_target._aliases import Shapes
from pinpoint_conformance.reference_target._clock import Clock
from pinpoint_conformance.reference_target._errors import (
    INTERNAL_SERVER_ERROR,
    ApiError,
    ErrorCatalog,
    ErrorKind,
    status_line,
)
from pinpoint_conformance.reference_target._hal import Links, negotiate, page_links, with_self
from pinpoint_conformance.reference_target._handlers import Call, Handlers
from pinpoint_conformance.reference_target._pagination import Paginator
from pinpoint_conformance.reference_target._results import Accepted, Listing, Resource, Result
from pinpoint_conformance.reference_target._routing import Match, Router, request_path
from pinpoint_conformance.reference_target._store import Store
from pinpoint_conformance.reference_target._validation import DEFAULT_BODY_LIMIT, Bodies, Parameters

log = logging.getLogger("pinpoint_conformance.reference_target")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Answer = tuple[str, list[tuple[str, str]], bytes]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("ascii")


class PinpointApp:
    """An in-memory Amazon Pinpoint that answers as the contract says."""

    def __init__(
        self,
        contract: Contract | None = None,
        body_limit: int = DEFAULT_BODY_LIMIT,
        paginator: Paginator | None = None,
    ) -> None:
        self.contract = contract or load_contract()
        self.store = Store()
        self.errors = ErrorCatalog(self.contract)
        self.router = Router(self.contract)
        self.parameters = Parameters(self.contract)
        shapes = Shapes(self.contract)
        self.bodies = Bodies(self.contract, shapes, body_limit)
        self.paginator = paginator or Paginator()
        self.handlers = Handlers(self.contract, self.store, Clock(), self.paginator)
        self.links = Links(self.contract)
        self._success = {
            op.operation_id: status_line(op.success_status)
            for op in self.contract.iter_operations()
        }

    @property
    def body_limit(self) -> int:
        return self.bodies.limit

    # ------------------------------------------------------------------ WSGI
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status, headers, payload = self.answer(environ)
        start_response(status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []  # the headers of the answer, without its body (RFC 9110, 9.3.2)
        return [payload]

    def answer(self, environ: dict[str, Any]) -> Answer:
        media = negotiate(environ.get("HTTP_ACCEPT"))
        request_id = str(uuid.uuid4())
        try:
            match = self.router.match(environ.get("REQUEST_METHOD", "GET"), self._path(environ))
            status, body = self._serve(match, environ, media, request_id)
        except ApiError as error:
            return self.error_answer(
                self.errors.kind(error.kind), error.message, media, request_id, error.headers
            )
        except Exception:
            # Not expected: every input has a 4xx answer above. Logged, and answered as the
            # contract's 500 so that the fuzzing tests see it.
            log.exception("unexpected error serving %s", environ.get("REQUEST_URI"))
            kind = self.errors.kind(INTERNAL_SERVER_ERROR)
            return self.error_answer(kind, "The target failed unexpectedly", media, request_id)
        payload = _dumps(body)
        headers = [
            ("Content-Type", media),
            ("Content-Length", str(len(payload))),
            ("x-amzn-RequestId", request_id),
        ]
        return status, headers, payload

    def error_answer(
        self,
        kind: ErrorKind,
        message: str,
        media: str,
        request_id: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> Answer:
        request_id = request_id or str(uuid.uuid4())
        payload = _dumps({"Message": message, "RequestID": request_id})
        headers = [
            ("Content-Type", media),
            ("Content-Length", str(len(payload))),
            ("x-amzn-RequestId", request_id),
            ("x-amzn-ErrorType", kind.error_type),
            *(extra or {}).items(),
        ]
        return kind.status_line, headers, payload

    @staticmethod
    def _path(environ: dict[str, Any]) -> str:
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI")
        if raw:
            return request_path(raw)
        path = environ.get("PATH_INFO", "") or "/"
        return quote(path.encode("latin-1", "replace"), safe="/")

    # ------------------------------------------------------------------ serving
    def _serve(
        self, match: Match, environ: dict[str, Any], media: str, request_id: str
    ) -> tuple[str, dict[str, Any]]:
        op = match.operation
        query = self.parameters.check(op, match.params, environ.get("QUERY_STRING", ""))
        body = self.bodies.read(environ, op) if op.request_schema_ref else None
        result = self.handlers.dispatch(Call(op, match.params, query, body))
        return self._success[op.operation_id], self.render(result, match, query, media, request_id)

    def render(
        self, result: Result, match: Match, query: dict[str, str], media: str, request_id: str
    ) -> dict[str, Any]:
        hal = media == HAL_JSON
        if isinstance(result, Resource):
            if not hal:
                return result.body
            return with_self(
                result.body, self.links.href(result.link.operation_id, result.link.params)
            )
        if isinstance(result, Listing):
            items = [
                with_self(item.body, self.links.href(item.link.operation_id, item.link.params))
                if hal
                else item.body
                for item in result.items
            ]
            page: dict[str, Any] = {"Item": items}
            if result.next_token is not None:
                page["NextToken"] = result.next_token
            if hal:
                op_id = match.operation.operation_id
                asked: dict[str, str] = {
                    name: query[name] for name in ("page-size", "token") if name in query
                }
                self_href = self.links.href(op_id, match.params, asked)
                next_href = None
                if result.next_token is not None:
                    size = query.get("page-size", str(result.page_size))  # the size asked for
                    next_query = {"page-size": size, "token": result.next_token}
                    next_href = self.links.href(op_id, match.params, next_query)
                page["_links"] = page_links(self_href, next_href)
            return page
        if isinstance(result, Accepted):
            return {"Message": result.message, "RequestID": request_id}
        raise TypeError(f"unknown result {result!r}")
