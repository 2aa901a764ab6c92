"""What a target can do to a run over HTTP, bounded: time, size and where requests go.

Every request sent through a session made bounded by `bound()` (the run's own, and every
session schemathesis makes during a FUZZ phase) has:

- a total deadline: connecting, waiting and reading the whole answer together take at most
  `total` seconds. urllib3's timeouts bound each read, not the answer (a target that sends
  one byte every few seconds never trips them), so a watchdog shuts the connection down when
  the deadline passes, which ends a read blocked on it, headers or body;
- a size cap: the body is read as it arrives, decoded (so a compressed bomb counts at its
  decoded size) and never past `MAX_ANSWER_BYTES`; a larger answer is refused unread;
- no redirects: a 3xx is returned as the answer it is. Following it could carry a signed
  request, its body or its credentials to another path or host.

The adapter always reads the body itself (whatever `stream` says), so `Response.content` is
there when `send` returns, and a target never holds a connection past the deadline.

On replay (`answered_by`, set by `pinpoint_conformance.cassette`) the adapter opens no
connection: the cassette answers each request it is given, and the size cap still applies.
While recording (`failures_kept_by`), a request of the run's own sessions that gets no
answer is handed to the cassette with `describe_failure`'s account of it, and a replay raises
it again (`RecordedFailure`).
"""

from __future__ import annotations

import contextlib
import http.client
import math
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

from pinpoint_conformance.checks.exchange import ANSWER_SIZE_CAP
from pinpoint_conformance.determinism import replaying

MAX_ANSWER_BYTES = ANSWER_SIZE_CAP  # why this much: STATUS-005 in checks/exchange.py
Answerer = Callable[[requests.PreparedRequest], requests.Response]
# what answers every bounded session's requests while a cassette is replayed (else None)
_ANSWERER: dict[str, Answerer | None] = {"answer": None}


class FailureKeeper(Protocol):
    """What keeps the requests of a recorded run that got no answer (`failures_kept_by`)."""

    def begin(self) -> None:
        """A request is about to be sent (from this thread)."""

    def failed(self, sent: requests.PreparedRequest, description: str) -> None:
        """It got no answer the checks can judge; `description` says why."""


_KEEPER: dict[str, FailureKeeper | None] = {"keeper": None}


class RecordedFailure(requests.RequestException):
    """A request that got no answer when the run was recorded, replayed: its message is how
    `describe_failure` described what happened then."""


@contextlib.contextmanager
def failures_kept_by(keeper: FailureKeeper) -> Iterator[None]:
    """Inside: a request of the run's own sessions that gets no answer (a timeout, a dropped
    connection, a body cut off) is handed to `keeper` (a recording)."""
    _KEEPER["keeper"] = keeper
    try:
        yield
    finally:
        _KEEPER["keeper"] = None


@contextlib.contextmanager
def answered_by(answer: Answerer) -> Iterator[None]:
    """Inside: every request a bounded session sends is answered by `answer`, and no
    connection is opened (a replayed cassette)."""
    _ANSWERER["answer"] = answer
    try:
        yield
    finally:
        _ANSWERER["answer"] = None
READ_CHUNK = 64 * 1024


class AnswerTooLarge(requests.exceptions.RequestException):
    """The answer's body is larger than the cap; it was not read past it (`response` holds
    the status and headers)."""


class AnswerTooSlow(requests.exceptions.Timeout):
    """The answer was not complete within the request's total deadline."""


# ---------------------------------------------------------------------- the deadline watchdog
class _Watch:
    """One request's total deadline. When it passes before the request is done, the socket
    of the connection in use is shut down: a read blocked on it returns at once."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._connection: HTTPConnection | None = None
        self._done = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def attach(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connection = connection

    def finish(self) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            sock = getattr(self._connection, "sock", None)
            if sock is None:
                return
            # the plain socket's shutdown, also under TLS: no close_notify exchange
            with contextlib.suppress(OSError, TypeError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Unwatched(_Watch):
    """The deadline without its watchdog thread: on replay (`--replay`) answers come from a
    cassette, and no socket can hold a read up."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._connection = None
        self._done = False

    def finish(self) -> None:
        self._done = True


_CURRENT = threading.local()  # the watch of the request this thread is sending


class _WatchedHTTPConnection(HTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        watch = getattr(_CURRENT, "watch", None)
        if watch is not None:
            watch.attach(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        watch = getattr(_CURRENT, "watch", None)
        if watch is not None:
            watch.attach(self)
        super().request(*args, **kwargs)


class _WatchedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


WATCHED_POOLS = {"http": _WatchedHTTPConnectionPool, "https": _WatchedHTTPSConnectionPool}


# ---------------------------------------------------------------------- the adapter
class BoundedAdapter(HTTPAdapter):
    """A requests transport adapter with a total deadline per request and a size cap."""

    def __init__(self, total: float, max_bytes: int = MAX_ANSWER_BYTES, *,
                 keeps_failures: bool = True) -> None:
        self.total = total
        self.max_bytes = max_bytes
        self.keeps_failures = keeps_failures  # handed to a recording's keeper (not FUZZ's)
        self.sent = 0  # requests sent through this adapter
        self._count = threading.Lock()
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(WATCHED_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = dict(WATCHED_POOLS)
        return manager

    def send(  # type: ignore[override]
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        with self._count:
            self.sent += 1
        answer = _ANSWERER["answer"]
        if answer is not None:
            response = answer(request)
            _check_declared_size(response, self.max_bytes)
            if len(response.content) > self.max_bytes:
                raise AnswerTooLarge(f"the body went past the cap of {self.max_bytes} bytes",
                                     response=response, request=request)
            return response
        keeper = _KEEPER["keeper"] if self.keeps_failures else None
        if keeper is None:
            return self._send(request, timeout, verify, cert, proxies)
        keeper.begin()
        try:
            return self._send(request, timeout, verify, cert, proxies)
        except AnswerTooLarge:
            raise  # recorded with its first bytes past the cap: judged again on replay
        except requests.RequestException as exc:
            keeper.failed(request, describe_failure(exc, urlsplit(str(request.url)).scheme,
                                                    self.total))
            raise

    def _send(self, request: requests.PreparedRequest, timeout: Any, verify: Any, cert: Any,
              proxies: Any) -> requests.Response:
        watch = _Unwatched(self.total) if replaying() else _Watch(self.total)
        previous = getattr(_CURRENT, "watch", None)
        _CURRENT.watch = watch
        try:
            try:
                response = super().send(request, stream=True, timeout=self._timeouts(timeout),
                                        verify=verify, cert=cert, proxies=proxies)
            finally:
                _CURRENT.watch = previous
            try:
                body = read_answer(response, watch.deadline, self.max_bytes)
            except BaseException:
                response.close()  # the connection holds unread bytes: never reuse it
                raise
        except AnswerTooLarge:
            raise
        except (requests.RequestException, OSError) as exc:
            if watch.expired:
                raise AnswerTooSlow(
                    f"no complete answer within {self.total:g} s", request=request
                ) from exc
            raise
        finally:
            watch.finish()
        response._content = body
        response._content_consumed = True
        response.raw.release_conn()
        return response

    def _timeouts(self, timeout: Any) -> tuple[float, float]:
        """Connect and read timeouts, each at most the total deadline."""
        if isinstance(timeout, tuple):
            connect, read = timeout
        else:
            connect = read = timeout
        return (min(connect or self.total, self.total), min(read or self.total, self.total))


def read_answer(response: requests.Response, deadline: float, limit: int) -> bytes:
    """The decoded body, read as it arrives (one socket read at a time), within the deadline
    and the size cap."""
    _check_declared_size(response, limit)
    chunks: list[bytes] = []
    try:
        _read_into(chunks, response, deadline, limit)
    except BaseException:
        chunks.clear()  # a traceback kept by a caller (schemathesis keeps them) keeps this frame
        raise
    return b"".join(chunks)


def read_capped(raw: Any, limit: int) -> bytes:
    """The decoded body of urllib3's `raw` answer, read as it arrives, up to `limit` bytes and
    one more, within the deadline of the request this thread is sending (a recording reads
    an answer this way before the run reads it back: `pinpoint_conformance.cassette`)."""
    watch = getattr(_CURRENT, "watch", None)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in _arriving(raw, watch.deadline if watch is not None else math.inf):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                break
    except _PastDeadline:
        if watch is not None:
            watch.expired = True
        raise
    return b"".join(chunks)[: limit + 1]


class _PastDeadline(TimeoutError):
    """The request's deadline passed while its body was being read."""


def _arriving(raw: Any, deadline: float) -> Iterator[bytes]:
    """The decoded chunks of `raw` as they arrive (one socket read each), until its end;
    `_PastDeadline` once the deadline passes."""
    while True:
        if time.monotonic() >= deadline:
            raise _PastDeadline("the answer's body did not end in time")
        chunk = raw.read1(READ_CHUNK, decode_content=True)
        if not chunk:
            return
        yield chunk


def _check_declared_size(response: requests.Response, limit: int) -> None:
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise AnswerTooLarge(f"Content-Length {declared} is over the cap of {limit} bytes",
                             response=response, request=response.request)


def _read_into(chunks: list[bytes], response: requests.Response, deadline: float,
               limit: int) -> None:
    size = 0
    try:
        for chunk in _arriving(response.raw, deadline):
            size += len(chunk)
            if size > limit:
                raise AnswerTooLarge(f"the body went past the cap of {limit} bytes",
                                     response=response, request=response.request)
            chunks.append(chunk)
    except _PastDeadline as exc:
        raise AnswerTooSlow(str(exc), response=response, request=response.request) from None
    except ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc, request=response.request) from exc
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc, request=response.request) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc, request=response.request) from exc
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc, request=response.request) from exc


# ---------------------------------------------------------------------- the session
def _no_redirect(response: requests.Response) -> None:
    """`Session.get_redirect_target` that never names one: a 3xx is an answer."""
    return None


def bound(session: requests.Session, total: float, max_bytes: int = MAX_ANSWER_BYTES, *,
          keeps_failures: bool = True) -> requests.Session:
    """Make `session` bounded (deadline, size cap, no redirects); return it. A recording keeps
    the requests of its sessions that got no answer, unless `keeps_failures` is False."""
    adapter = BoundedAdapter(total, max_bytes, keeps_failures=keeps_failures)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.get_redirect_target = _no_redirect  # type: ignore[method-assign]
    if replaying():  # nothing leaves the process: no proxies, netrc or CA bundles to look up
        session.trust_env = False
    return session


def requests_sent(session: requests.Session) -> int:
    """How many requests went through a bounded session's adapters."""
    adapters = {id(a): a for a in session.adapters.values() if isinstance(a, BoundedAdapter)}
    return sum(adapter.sent for adapter in adapters.values())


# ---------------------------------------------------------------------- saying what went wrong
def describe_failure(exc: requests.RequestException, scheme: str, total: float) -> str:
    """One line for a request that got no answer the checks can judge."""
    if isinstance(exc, RecordedFailure):
        return str(exc)
    if isinstance(exc, AnswerTooSlow):
        return f"the target did not complete its answer within {total:g} s (--timeout)"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "the target did not accept the connection in time (ConnectTimeout)"
    if isinstance(exc, requests.Timeout):
        return f"the target did not answer in time ({exc.__class__.__name__})"
    if isinstance(exc, requests.exceptions.SSLError):
        return ("TLS with the target failed (a plain-HTTP endpoint given as https:// does "
                "this)")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the target's answer broke off before its body ended"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "the target's body does not decode as its Content-Encoding says"
    if isinstance(exc, requests.ConnectionError):
        cause = _root_cause(exc)
        if isinstance(cause, http.client.RemoteDisconnected | ConnectionResetError):
            hint = " (a TLS endpoint given as http:// does this)" if scheme == "http" else ""
            return f"the target refused or dropped the connection{hint}"
        if isinstance(cause, http.client.HTTPException):  # BadStatusLine, LineTooLong, ...
            return f"the target's answer is not HTTP ({_shown(cause)})"
        return "the target refused or dropped the connection"
    return f"the request failed: {exc.__class__.__name__}"


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost exception requests and urllib3 wrapped (they nest it in args)."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = next((a for a in reversed(exc.args) if isinstance(a, BaseException)), None)
        inner = inner or getattr(exc, "reason", None) or exc.__cause__
        if not isinstance(inner, BaseException):
            return exc
        exc = inner
    return exc


def _shown(cause: BaseException) -> str:
    text = " ".join(str(cause).split())
    return f"{cause.__class__.__name__}: {text[:60]}" if text else cause.__class__.__name__
