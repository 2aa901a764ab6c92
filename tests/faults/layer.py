"""The fault layer: a WSGI middleware around the reference target that injects one fault.

A `Fault` names the operations it touches (operation ids of the contract) and either
rewrites the reference target's answer (`rewrite`, a function of the request and the answer's
status, headers and body) or answers in its place (`handle`, which may call the target
itself, through `Context.forward` and `Context.inner`). `FaultyTarget(fault)` is served like
the reference target: `running_target(app=FaultyTarget(fault))`. See docs/fault-layer.md.
"""

from __future__ import annotations

import io
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from pinpoint_conformance.checks.hal import match_operation
from pinpoint_conformance.contract import HAL_JSON, JSON, Contract, load_contract
from pinpoint_conformance.reference_target import PinpointApp

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
# a fault that applies to every operation is fuzzed on these (a write, a list, an instance)
FUZZED_BY_DEFAULT = frozenset({"CreateSegment", "GetSegments", "GetSegment"})


@dataclass(frozen=True)
class Request:
    """What the client sent, with the contract operation it names (None if it names none)."""

    method: str
    path: str  # percent-encoded, without the query
    query: dict[str, str]
    body: bytes
    accept: str
    operation_id: str | None
    params: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case

    @property
    def hal(self) -> bool:
        return HAL_JSON in self.accept

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    def with_query(self, query: dict[str, str]) -> Request:
        return replace(self, query=dict(query))

    def with_json(self, value: Any) -> Request:
        return replace(self, body=json.dumps(value).encode())


@dataclass
class Answer:
    """The status, headers and body of an answer, editable."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def set_header(self, name: str, value: str | None) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        if value is not None:
            self.headers.append((name, value))

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value).encode()


@dataclass
class Context:
    """What a fault's functions get: the request, the answer, the target, the fault's state."""

    request: Request
    layer: FaultyTarget
    answer: Answer | None = None
    deviated: bool = False  # set by a handler that answered otherwise than the target would

    def deviate(self, answer: Answer | None = None) -> Answer | None:
        """Say that the fault changed this answer (and return it)."""
        self.deviated = True
        return answer

    @property
    def state(self) -> dict[str, Any]:
        return self.layer.state

    @property
    def contract(self) -> Contract:
        return self.layer.contract

    def forward(self, request: Request | None = None) -> Answer:
        """The reference target's answer to the request (or to another one)."""
        request = request or self.request
        return self.layer.call_inner(request.method, request.path, request.query,
                                     request.body, request.accept)

    def inner(self, operation_id: str, params: dict[str, str], *, body: Any = None,
              query: dict[str, str] | None = None) -> Answer:
        """Call an operation of the reference target directly (JSON asked)."""
        op = self.contract.operation(operation_id)
        path = op.path
        for name, value in params.items():
            path = path.replace("{" + name + "}", quote(value, safe=""))
        data = json.dumps(body).encode() if body is not None else b""
        return self.layer.call_inner(op.method, path, query or {}, data, JSON)

    def reader(self) -> str | None:
        """The GET operation of the request's path (the resource the request is about)."""
        if self.request.operation_id is None:
            return None
        path = self.contract.operation(self.request.operation_id).path
        return next((op.operation_id for op in self.contract.iter_operations()
                     if op.path == path and op.method == "GET"), None)


@dataclass(frozen=True)
class Fault:
    """One way of deviating from the contract.

    `operations`: the operation ids it applies to (empty: every request, including those that
    name no operation); `when`: a further condition on the request; `statuses`: the range of
    the reference target's status the `rewrite` applies to. `handle` answers instead of the
    target. `catches`: the check ids that must report it; `select`: the `-k` expression of the
    suite tests that exercise it; `strict` and `timeout`: options of the run against it."""

    name: str
    description: str
    catches: tuple[str, ...]
    select: str
    operations: frozenset[str] = frozenset()
    when: Callable[[Request], bool] | None = None
    statuses: range = range(100, 600)
    rewrite: Callable[[Context], None] | None = None
    handle: Callable[[Context], Answer | None] | None = None
    strict: bool = False
    timeout: float | None = None
    fuzz: bool = False  # the run loads the FUZZ module (schemathesis), to prove FUZZ checks
    profile: str = "quick"  # "default" where a property needs more generated examples
    # the target behind the layer: the reference target, or one that behaves otherwise
    # throughout (a lenient target that stores what it should refuse: tests/faults/lenient.py)
    target: Callable[[], PinpointApp] = PinpointApp
    # the fault leaves the tests it touches nothing to judge further and only a SHOULD says
    # why (an answer over the size cap): their ERROR outcomes are expected
    stops_tests: bool = False
    # what a run that loads the FUZZ module fuzzes: the fault's operations, or these (a
    # fault on every operation is proven on one); None: every operation
    fuzz_operations: frozenset[str] | None = None

    def fuzzed(self) -> tuple[str, ...]:
        """The operations a FUZZ run against this fault fuzzes (empty: all)."""
        if not self.fuzz:
            return ()
        chosen = self.fuzz_operations if self.fuzz_operations is not None else self.operations
        contract = load_contract()
        fuzzable = {op.operation_id for op in contract.iter_operations()
                    if "Apps" not in (op.definition.get("tags") or ())}
        return tuple(sorted((chosen or FUZZED_BY_DEFAULT) & fuzzable))

    def applies(self, request: Request) -> bool:
        if self.operations and request.operation_id not in self.operations:
            return False
        return self.when is None or self.when(request)


@dataclass
class FaultyTarget:
    """The reference target, with one fault (or none: then it is the reference target)."""

    fault: Fault | None = None
    app: PinpointApp | None = None  # default: the fault's target (the reference target)
    state: dict[str, Any] = field(default_factory=dict)
    changed: int = 0  # answers the fault changed

    def __post_init__(self) -> None:
        if self.app is None:
            self.app = self.fault.target() if self.fault is not None else PinpointApp()
        self.contract = self.app.contract
        self._lock = threading.Lock()

    @property
    def applied(self) -> int:
        """Answers the fault changed, and errors a lenient target let through: a fault that
        never applied proves nothing."""
        bodies = getattr(self.app, "bodies", None)
        return self.changed + int(getattr(bodies, "let_through", 0))

    def __getattr__(self, name: str) -> Any:
        # The server reads body_limit, errors and error_answer from the app it serves.
        if name == "app":
            raise AttributeError(name)
        return getattr(self.app, name)

    # ------------------------------------------------------------------ WSGI
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = self._request(environ)
        answer = self._serve(request)
        headers = [(k, v) for k, v in answer.headers
                   if k.lower() not in ("content-length", "connection")]
        start = f"{answer.status} {_phrase(answer.status)}"
        if (answer.header("Connection") or "").lower() == "close":
            # A WSGI application may not send Connection (PEP 3333). Without a length the
            # server streams the body (chunked) and closes the connection after it.
            start_response(start, headers)
            return iter([answer.body])
        headers.append(("Content-Length", str(len(answer.body))))
        start_response(start, headers)
        return [answer.body]

    def _serve(self, request: Request) -> Answer:
        fault = self.fault
        if fault is None or not fault.applies(request):
            return self.call_inner(request.method, request.path, request.query, request.body,
                                   request.accept)
        with self._lock:  # one request at a time through a fault: its state stays coherent
            context = Context(request, self)
            if fault.handle is not None:
                answer = fault.handle(context)
                if context.deviated:
                    self.changed += 1
                if answer is not None:
                    return answer
            context.answer = context.forward()
            if fault.rewrite is not None and context.answer.status in fault.statuses:
                before = (context.answer.status, list(context.answer.headers),
                          context.answer.body)
                fault.rewrite(context)
                after = (context.answer.status, context.answer.headers, context.answer.body)
                if after != before:
                    self.changed += 1
            return context.answer

    def _request(self, environ: dict[str, Any]) -> Request:
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI") or quote(
            environ.get("PATH_INFO", "/"))
        path = raw.split("?", 1)[0]
        if path.startswith(("http://", "https://")):
            path = "/" + path.split("/", 3)[-1]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        method = environ.get("REQUEST_METHOD", "GET")
        matched = match_operation(self.contract, method, path)
        return Request(
            method=method,
            path=path,
            query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
            body=body,
            accept=environ.get("HTTP_ACCEPT", ""),
            operation_id=matched[0] if matched else None,
            params=matched[1] if matched else {},
            headers={key[5:].replace("_", "-").lower(): str(value)
                     for key, value in environ.items() if key.startswith("HTTP_")},
        )

    def call_inner(self, method: str, path: str, query: dict[str, str], body: bytes,
                   accept: str) -> Answer:
        """Ask the reference target itself (bypassing the fault)."""
        query_string = urlencode(query)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "REQUEST_URI": path + (f"?{query_string}" if query_string else ""),
            "QUERY_STRING": query_string,
            "CONTENT_LENGTH": str(len(body)) if body else "",
            "CONTENT_TYPE": JSON if body else "",
            "HTTP_ACCEPT": accept,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "0",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
        }
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = list(headers)

        payload = b"".join(self.app(environ, start_response))
        return Answer(captured["status"], captured["headers"], payload)

    # ------------------------------------------------------------------ building answers
    def error(self, status: int, kind: str, message: str, accept: str = JSON) -> Answer:
        """An error answer as the reference target writes them."""
        media = HAL_JSON if HAL_JSON in accept else JSON
        body = {"Message": message, "RequestID": str(uuid.uuid4())}
        return Answer(status, [("Content-Type", media), ("x-amzn-ErrorType", kind)],
                      json.dumps(body).encode())


def _phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
