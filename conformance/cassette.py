"""A run's HTTP exchanges on disk: recorded by vcrpy, replayed with the network blocked.

A cassette is a folder: `cassette.json.gz` (vcrpy's interactions as JSON, gzip-compressed) and
`metadata.json` (`pinpoint_conformance.cassette_metadata`). vcrpy patches below requests:
the sessions of the run and of schemathesis are bounded by `pinpoint_conformance.transport`,
whose connection pools use their own connection class, so the cassette patches those pools
too (vcrpy's `custom_patches`); the recorded connection is the bounded one, so a recording
keeps the total deadline per request.

- Record (`record_mode` "all"): every exchange, redacted (`pinpoint_conformance.redaction`)
  before it is kept.
- Replay (`record_mode` "none"): no connection is ever opened; the bounded sessions of the run
  and of schemathesis are answered by the cassette directly (`answer`, below the transport's
  adapter: no socket, no HTTP parsing), anything else by vcrpy's patched connections; a
  request is matched on
  method, path, query, canonical JSON body and Accept, redacted the same way; identical requests
  get their answers in recorded order (`allow_playback_repeats=False`). A request that is
  not in the cassette raises `NotInCassette` at once, naming it and the nearest recorded
  request.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPHeaderDict
from vcr.cassette import Cassette
from vcr.errors import CannotOverwriteExistingCassetteException, UnhandledHTTPRequestError
from vcr.matchers import method, path, query
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode
from vcr.request import Request
from vcr.serialize import deserialize, serialize
from vcr.stubs import VCRHTTPResponse
from vcr.stubs.requests_stubs import VCRRequestsHTTPConnection, VCRRequestsHTTPSConnection

from pinpoint_conformance import transport
from pinpoint_conformance.cassette_metadata import CassetteError
from pinpoint_conformance.redaction import Redactor

CASSETTE_FILE = "cassette.json.gz"
Mode = Literal["record", "replay"]


class NotInCassette(Exception):
    """A replayed run sent a request the cassette does not hold."""


# ---------------------------------------------------------------------- matching
def canonical_body(body: bytes | str | None) -> Any:
    """A request body as compared: JSON parsed (key order and spacing do not count), other
    bytes as they are."""
    if body is None or body in (b"", ""):
        return None
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    try:
        return json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"))
    except (ValueError, UnicodeDecodeError):
        return raw


def json_body(r1: Request, r2: Request) -> None:
    """vcrpy matcher: the same canonical body (raises AssertionError otherwise)."""
    if canonical_body(r1.body) != canonical_body(r2.body):
        raise AssertionError(f"{_preview(r1.body)} != {_preview(r2.body)}")


def accept(r1: Request, r2: Request) -> None:
    """vcrpy matcher: the same media type asked for (a JSON and a HAL read of one path are
    different requests, with different answers)."""
    if _accept(r1) != _accept(r2):
        raise AssertionError(f"Accept {_accept(r1)!r} != {_accept(r2)!r}")


def _accept(request: Request) -> str:
    value = request.headers.get("Accept", "")
    return str(value[0] if isinstance(value, list) and value else value or "")


MATCH_ON = (method, path, query, json_body, accept)


def match_key(request: Request) -> tuple[Any, ...]:
    """What MATCH_ON compares, as one hashable value: requests match when their keys are
    equal (an index instead of vcrpy's scan of every recorded request per request)."""
    return (request.method, request.path, tuple(request.query), canonical_body(request.body),
            _accept(request))


_APPENDED = threading.local()  # whether vcrpy kept an answer for this thread's request


class IndexedCassette(Cassette):
    """vcrpy's cassette with its recorded requests indexed by `match_key`: vcrpy compares a
    request with every recorded one (quadratic in a run of thousands of requests)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._index: dict[tuple[Any, ...], list[int]] = {}
        self._cursors: dict[tuple[Any, ...], int] = {}
        self._loading = False

    def _load(self) -> None:
        self._loading = True
        try:
            super()._load()
        finally:
            self._loading = False

    def append(self, request: Request, response: Any) -> None:
        _APPENDED.done = True
        before = len(self.data)
        if self._loading:  # redacted when recorded: not again, and no copy of each answer
            self.data.append((request, response))
        else:
            super().append(request, response)
        for index in range(before, len(self.data)):
            self._index.setdefault(match_key(self.data[index][0]), []).append(index)

    def _responses(self, request: Request) -> Iterator[tuple[int, Any]]:
        for index in self._index.get(self._key(request), ()):
            yield index, self.data[index][1]

    def _unplayed(self, request: Request) -> int | None:
        """The first recorded answer to `request` not played yet (answers are played in
        recorded order, so a cursor per request finds it without a scan)."""
        key = self._key(request)
        indexes = self._index.get(key, ())
        cursor = self._cursors.get(key, 0)
        while cursor < len(indexes) and self.play_counts[indexes[cursor]] > 0:
            cursor += 1
        self._cursors[key] = cursor
        return indexes[cursor] if cursor < len(indexes) else None

    def _key(self, request: Request) -> tuple[Any, ...]:
        """The redacted request's key, worked out once per request (vcrpy asks three times)."""
        key = request.__dict__.get("_pinpoint_match_key")
        if key is None:
            key = match_key(self._before_record_request(request))
            request.__dict__["_pinpoint_match_key"] = key
        return key

    def play_response(self, request: Request) -> Any:
        """The recorded answer, with the credentials this run sent put back (replay)."""
        index = self._unplayed(request)
        if index is None:
            raise UnhandledHTTPRequestError(
                f"the cassette {self._path!r} holds no unplayed answer to {request!r}")
        self.play_counts[index] += 1
        response = self.data[index][1]
        redactor: Redactor | None = getattr(self, "restorer", None)
        return response if redactor is None else redactor.restore(response)

    def can_play_response_for(self, request: Request) -> bool:
        if self.record_mode == RecordMode.ALL:
            return False  # recording: everything goes to the target
        return self._unplayed(request) is not None


def describe(request: Request) -> str:
    """A request in one line: method, path and query, body."""
    parsed = request.parsed_uri
    target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    body = canonical_body(request.body)
    shown = f" body {_preview(body)}" if body is not None else ""
    return f"{request.method} {target}{shown}"


def _preview(body: Any, limit: int = 160) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    text = str(body)
    return text if len(text) <= limit else text[:limit] + "..."


# ---------------------------------------------------------------------- storage
class ExactJSON:
    """vcrpy serializer: JSON, which gives back every string exactly as written (fuzzed bodies
    hold control characters, lone surrogates and every kind of line break); bytes that are
    not UTF-8 as base64."""

    @staticmethod
    def serialize(cassette_dict: Any) -> str:
        return json.dumps(cassette_dict, default=_bytes_as_json, separators=(",", ":"))

    @staticmethod
    def deserialize(cassette_string: str) -> Any:
        return json.loads(cassette_string, object_hook=_json_as_bytes)


def _bytes_as_json(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"{type(value).__name__} cannot be kept in a cassette")


def _json_as_bytes(value: dict[str, Any]) -> Any:
    if len(value) == 1 and isinstance(value.get("base64"), str):
        return base64.b64decode(value["base64"])
    return value


class GzipPersister:
    """vcrpy persister: the serialized cassette, gzip-compressed (a run's exchanges are large
    and repetitive: the default reference run is 11.2 MB of JSON, 0.64 MB compressed)."""

    @classmethod
    def load_cassette(cls, cassette_path: str, serializer: Any) -> Any:
        file = Path(cassette_path)
        if not file.is_file():
            raise CassetteNotFoundError()
        try:
            return deserialize(gzip.decompress(file.read_bytes()).decode("utf-8"), serializer)
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CassetteError(f"{file} cannot be read ({type(exc).__name__}: {exc}); "
                                f"re-record it with --record {file.parent}") from None

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: Any, serializer: Any) -> None:
        file = Path(cassette_path)
        file.parent.mkdir(parents=True, exist_ok=True)
        data = serialize(cassette_dict, serializer).encode("utf-8")
        file.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


# ---------------------------------------------------------------------- the connections
@dataclass
class Misses:
    """Requests a replay was asked for and the cassette does not hold (thread-safe)."""

    messages: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, message: str) -> None:
        with self._lock:
            self.messages.append(message)

    @property
    def first(self) -> str | None:
        with self._lock:
            return self.messages[0] if self.messages else None


class _PlayedResponse(VCRHTTPResponse):
    """vcrpy's answer, read the way the bounded transport reads (`read1` with
    `decode_content`): the body is kept decoded (urllib3 decodes it as it is recorded)."""

    def read1(self, amt: int = -1, decode_content: bool | None = None) -> bytes:
        return bytes(self._content.read1(amt))


def _header_dict(message: Any) -> HTTPHeaderDict:
    """vcrpy's headers (an `http.client.HTTPMessage`) as urllib3 gives them: schemathesis reads
    `raw.headers.getlist(...)` for every answer it judges, and without it judges none."""
    headers = HTTPHeaderDict()
    for name, value in message.items():
        headers.add(name, value)
    return headers


class _Replayed:
    """Mixed into vcrpy's connections: a miss on replay is `NotInCassette`, with the
    request and the nearest recorded one."""

    cassette: Any = None
    misses: Misses | None = None

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        try:
            response = super().getresponse(*args, **kwargs)  # type: ignore[misc]
            response.__class__ = _PlayedResponse
            response.headers = _header_dict(response.msg)
            return response
        except (CannotOverwriteExistingCassetteException, UnhandledHTTPRequestError):
            request = self._vcr_request  # type: ignore[attr-defined]
            if self.misses is not None and self.misses.first is not None:
                # the run already diverged: the first miss says it all, and finding the
                # nearest request (a comparison with every recorded one) is not repeated
                message = f"not in the cassette either: {describe(request)}"
            else:
                message = not_in_cassette(self.cassette, request)
            if self.misses is not None:
                self.misses.add(message)
            raise NotInCassette(message) from None


def _miss(cassette: Cassette, misses: Misses | None, request: Request) -> NotInCassette:
    if misses is not None and misses.first is not None:
        # the run already diverged: the first miss says it all, and finding the nearest
        # request (a comparison with every recorded one) is not repeated
        message = f"not in the cassette either: {describe(request)}"
    else:
        message = not_in_cassette(cassette, request)
    if misses is not None:
        misses.add(message)
    return NotInCassette(message)


def not_in_cassette(cassette: Cassette, request: Request) -> str:
    asked = describe(cassette.filter_request(request))
    nearest = cassette.find_requests_with_most_matches(request)
    if nearest:
        stored, _, failed = nearest[0]
        why = "; ".join(f"{name} differs" for name, _ in failed) or "already played"
        near = f"the nearest recorded request is {describe(stored)} ({why})"
    else:
        near = "no recorded request is like it"
    folder = Path(str(cassette._path)).parent
    return (f"the cassette {folder} holds no answer for {asked}; {near}. The run no longer "
            f"sends what was recorded (a changed check, contract, strategy or version): "
            f"re-record it with --record {folder}")


class _CappedAnswer:
    """An answer as vcrpy keeps it while recording (`status`, `reason`, headers, `data`), read
    up to the size cap and one byte more, within the request's deadline: a huge answer is
    recorded cut short (the run judges it too large all the same, by its Content-Length or by
    the byte past the cap) and is never held whole in memory; one that drips past the deadline
    is not recorded (the request's failure is: `_KeptFailures`). A connection left with
    unread bytes is closed."""

    def __init__(self, response: Any, connection: Any) -> None:
        self.status = response.status
        self.reason = response.reason
        self.headers = response.headers
        self.msg = getattr(response, "msg", None)
        self.data = transport.read_capped(response, transport.MAX_ANSWER_BYTES)
        if len(self.data) > transport.MAX_ANSWER_BYTES:
            response.close()
            connection.close()


class _CappedRead:
    """Mixed into the real connection while recording (vcrpy reads each answer whole, and
    asks urllib3 to read it before it is returned: the body is read here instead)."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        kwargs["preload_content"] = False
        super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self, *args: Any, **kwargs: Any) -> _CappedAnswer:
        return _CappedAnswer(super().getresponse(*args, **kwargs), self)  # type: ignore[misc]


_CAPPED_HTTP = type("CappedHTTPConnection", (_CappedRead, transport._WatchedHTTPConnection), {})
_CAPPED_HTTPS = type("CappedHTTPSConnection", (_CappedRead, transport._WatchedHTTPSConnection),
                     {})


def _connection_classes(misses: Misses, *, recording: bool) -> tuple[type, type]:
    http = type("RecordedHTTPConnection", (_Replayed, VCRRequestsHTTPConnection), {
        "_baseclass": _CAPPED_HTTP if recording else transport._WatchedHTTPConnection,
        "misses": misses})
    https = type("RecordedHTTPSConnection", (_Replayed, VCRRequestsHTTPSConnection), {
        "_baseclass": _CAPPED_HTTPS if recording else transport._WatchedHTTPSConnection,
        "misses": misses})
    return http, https


# ---------------------------------------------------------------------- answering directly
class _RecordedRaw:
    """What a requests response keeps of its urllib3 answer, for a recorded one: the headers
    as urllib3 gives them (schemathesis reads `raw.headers.getlist`) and the HTTP version."""

    version = 11

    def __init__(self, headers: HTTPHeaderDict) -> None:
        self.headers = headers

    def release_conn(self) -> None:
        return None

    def close(self) -> None:
        return None


def _as_vcr_request(sent: requests.PreparedRequest, headers: dict[str, Any]) -> Request:
    """`sent` as vcrpy's stubs see it on the wire (a text body goes out as http.client
    encodes it), with `headers`."""
    body = sent.body.encode("iso-8859-1") if isinstance(sent.body, str) else sent.body
    return Request(str(sent.method), str(sent.url), body, headers)


def answer(cassette: IndexedCassette, misses: Misses,
           sent: requests.PreparedRequest) -> requests.Response:
    """The recorded answer to `sent`, as requests would have made it from the wire (replay;
    `NotInCassette` when the cassette holds none)."""
    # what a match reads of the headers is Accept (`match_key`): the rest is not copied
    request = _as_vcr_request(sent, {k: v for k, v in sent.headers.items()
                                     if k.lower() == "accept"})
    if not cassette.can_play_response_for(request):
        raise _miss(cassette, misses, request)
    recorded = cassette.play_response(request)
    if recorded.get("failure"):  # no answer when recorded: the same failure again
        raise transport.RecordedFailure(str(recorded["failure"]), request=sent)
    headers = HTTPHeaderDict()
    for name, values in (recorded.get("headers") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            headers.add(name, value)
    response = requests.Response()
    response.status_code = int(recorded["status"]["code"])
    response.reason = recorded["status"].get("message", "")
    response.headers = CaseInsensitiveDict(headers)
    response.raw = _RecordedRaw(headers)
    content = (recorded.get("body") or {}).get("string") or b""
    response._content = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    response._content_consumed = True
    response.url = str(sent.url)
    response.request = sent
    response.encoding = get_encoding_from_headers(response.headers)
    return response


class _KeptFailures:
    """Recording: a request of the run's that got no answer (a timeout, a dropped connection,
    a body cut off) is kept as an exchange of its own, whose answer is the failure as the run
    described it; a replay fails the same request the same way (`answer`)."""

    def __init__(self, cassette: IndexedCassette) -> None:
        self.cassette = cassette

    def begin(self) -> None:
        _APPENDED.done = False

    def failed(self, sent: requests.PreparedRequest, description: str) -> None:
        if getattr(_APPENDED, "done", False):
            return  # vcrpy kept its answer: the run failed reading it back, as a replay will
        self.cassette.append(_as_vcr_request(sent, dict(sent.headers)),
                             {"status": {"code": 0, "message": "no answer"}, "headers": {},
                              "body": {"string": b""}, "failure": description})


# ---------------------------------------------------------------------- opening one
@dataclass
class OpenCassette:
    """A cassette in use: vcrpy's, with the run's misses."""

    folder: Path
    mode: Mode
    vcr: Cassette
    misses: Misses

    @property
    def interactions(self) -> int:
        return len(self.vcr)

    @property
    def played(self) -> int:
        return self.vcr.play_count


@contextlib.contextmanager
def use_cassette(folder: str | Path, mode: Mode) -> Iterator[OpenCassette]:
    """Record into, or replay from, the cassette in `folder`, for everything sent inside."""
    folder = Path(folder)
    if mode == "record":
        cassette_file(folder).unlink(missing_ok=True)  # a recording starts empty
    misses = Misses()
    replay = mode == "replay"
    http, https = _connection_classes(misses, recording=not replay)
    redactor = Redactor(replaying=replay)
    manager = IndexedCassette.use(
        path=str(folder / CASSETTE_FILE),
        serializer=ExactJSON,
        persister=GzipPersister,
        record_mode=RecordMode.NONE if replay else RecordMode.ALL,
        match_on=MATCH_ON,
        before_record_request=redactor.request,
        before_record_response=redactor.response,
        allow_playback_repeats=False,
        drop_unused_requests=False,
        custom_patches=(
            (transport._WatchedHTTPConnectionPool, "ConnectionCls", http),
            (transport._WatchedHTTPSConnectionPool, "ConnectionCls", https),
        ),
    )
    with manager as cassette:
        cassette.restorer = redactor if replay else None
        if not replay:
            with transport.failures_kept_by(_KeptFailures(cassette)):
                yield OpenCassette(folder, mode, cassette, misses)
            return
        with transport.answered_by(lambda sent: answer(cassette, misses, sent)):
            yield OpenCassette(folder, mode, cassette, misses)


def cassette_file(folder: str | Path) -> Path:
    return Path(folder) / CASSETTE_FILE
