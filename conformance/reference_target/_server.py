"""Serving the target over HTTP/1.1 with keep-alive: waitress, in a background thread.

Waitress reads a request's headers and refuses a body over the limit before reading it (its
`max_request_body_size` is set to the target's limit); its own error answers (malformed HTTP,
a body over the limit, headers too large) are rendered as the contract's MessageBody with
`x-amzn-ErrorType`, so that every answer has the same shape. A transport error the contract
has no code for (431, 501, ...) is answered 400: no input yields a 5xx.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask

from pinpoint_conformance.reference_target._app import PinpointApp
from pinpoint_conformance.reference_target._hal import negotiate

# waitress warns "Task queue depth is N" whenever a request waits for a worker thread for a
# moment, which is routine under a benchmark's load and says nothing useful here.
logging.getLogger("waitress.queue").setLevel(logging.ERROR)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_THREADS = 4
STOP_TIMEOUT = 5.0


class TargetStartError(Exception):
    """The target could not listen (bad host, port in use, ...); the message is one line."""


class _MessageBodyErrorTask(ErrorTask):  # type: ignore[misc]  # waitress is untyped
    def execute(self) -> None:
        app: PinpointApp = self.channel.server.target_app
        error = self.request.error
        kind = app.errors.for_status(error.code)
        if kind.name == "PayloadTooLarge":
            message = f"The request body is larger than the limit of {app.body_limit} bytes"
        else:
            message = f"{error.reason}: {error.body}"
        media = negotiate(self.request.headers.get("ACCEPT"))
        status, headers, payload = app.error_answer(kind, message, media)
        self.status = status
        self.response_headers.extend((k, v) for k, v in headers if k.lower() != "content-length")
        self.set_close_on_finish()
        self.content_length = len(payload)
        # a request that failed to parse early has no command: answer it in full
        self.write(b"" if getattr(self.request, "command", "") == "HEAD" else payload)


class _Channel(HTTPChannel):  # type: ignore[misc]
    error_task_class = _MessageBodyErrorTask


def resolve(host: str, port: int) -> tuple[str, int]:
    """The numeric address to bind for `host`, or TargetStartError."""
    if not 0 <= port <= 65535:
        raise TargetStartError(f"port {port} is out of range (0-65535)")
    if not host:
        raise TargetStartError("the host is empty")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetStartError(f"cannot resolve host {host!r}: {exc}") from None
    return str(infos[0][4][0]), port


class TargetServer:
    """The target listening on one address; `start()` serves in a background thread."""

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = 0,
        app: PinpointApp | None = None,
        threads: int = DEFAULT_THREADS,
    ) -> None:
        self.app = app or PinpointApp()
        address, port = resolve(host, port)
        self._map: dict[int, Any] = {}
        try:
            server = create_server(
                self.app,
                map=self._map,
                host=address,
                port=port,
                threads=threads,
                max_request_body_size=self.app.body_limit + 1,
                asyncore_use_poll=True,
                ident="pinpoint-reference-target",
            )
        except OSError as exc:
            raise TargetStartError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            ) from None
        except ValueError as exc:
            raise TargetStartError(f"cannot listen on {host}:{port}: {exc}") from None
        if not isinstance(server, BaseWSGIServer):
            raise TargetStartError(f"cannot listen on {host}:{port}: more than one address")
        server.channel_class = _Channel
        server.target_app = self.app  # what the error task renders with
        self._server = server
        self._thread: threading.Thread | None = None
        self._stopped = False
        self.host = str(server.effective_host)
        self.port = int(server.effective_port)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> TargetServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.run, name=f"pinpoint-target-{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Close the listening socket and every connection, then end the worker threads."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread is not None and self._thread.is_alive():
            try:
                self._server.trigger.pull_trigger(self._close_all)
            except OSError:  # the loop's wake-up channel is already gone: close from here
                self._close_all()
            self._thread.join(timeout)
        if self._map:
            self._close_all()
        self._server.task_dispatcher.shutdown(timeout=timeout)

    def _close_all(self) -> None:
        for dispatcher in list(self._map.values()):
            with contextlib.suppress(Exception):
                dispatcher.close()
        self._map.clear()

    def __enter__(self) -> TargetServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_target(
    host: str = DEFAULT_HOST, port: int = 0, app: PinpointApp | None = None
) -> Iterator[str]:
    """Start the target on a free port (by default) and yield its base URL; stop it after."""
    with TargetServer(host, port, app) as server:
        yield server.url


__all__ = ["TargetServer", "TargetStartError", "resolve", "running_target"]
