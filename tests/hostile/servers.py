"""Targets that misbehave, all on 127.0.0.1: what a run must survive (issue 12).

Two kinds. `RawTarget` is a TCP server whose every connection gets one behaviour (an answer
that drips, bytes that are not HTTP, TLS); `Misbehaving` is the reference target with some
requests answered otherwise (served like it, by `running_target(app=...)`), so that a run
gets far enough to meet the misbehaviour and has something to clean up.
The benchmark (benchmarks/bench_hostile.py) serves the same targets.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pinpoint_conformance.checks.hal import match_operation
from pinpoint_conformance.reference_target import PinpointApp, running_target

JSON_TYPE = "application/json"
MIB = 1024 * 1024

Handler = Callable[[socket.socket, threading.Event], None]


# ---------------------------------------------------------------------- raw TCP targets
class RawTarget:
    """A TCP server on 127.0.0.1 (a free port) that gives every connection to `handle`
    in a thread of its own; `stop()` closes everything, the connections included."""

    def __init__(self, handle: Handler, tls: ssl.SSLContext | None = None) -> None:
        self._handle = handle
        self._tls = tls
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self.stopping = threading.Event()
        self.connections = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self._tls is not None:
                conn = self._tls.wrap_socket(conn, server_side=True)
            self._handle(conn, self.stopping)
        except (OSError, ssl.SSLError):
            pass  # the client went away, or would not speak TLS: what the test is about
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def __enter__(self) -> RawTarget:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._listener.close()
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                    conn.close()
        self._thread.join(5)


def read_request(conn: socket.socket) -> bytes:
    """One request's head and body (by Content-Length); b"" when the client left."""
    conn.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def drip_after_headers(interval: float = 2.0, count: int = 10_000) -> Handler:
    """Sends the headers of a 200 with a long body, then one byte every `interval` s, at
    most `count` bytes (then it hangs up, the body unfinished)."""

    def handle(conn: socket.socket, stopping: threading.Event) -> None:
        if not read_request(conn):
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000000\r\n\r\n{")
        for _ in range(count):
            if stopping.wait(interval):
                return
            conn.sendall(b" ")

    return handle


def not_http(conn: socket.socket, stopping: threading.Event) -> None:
    """Answers every request with an SSH banner."""
    if read_request(conn):
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\nInvalid SSH identification string.\r\n")


def tls_only(conn: socket.socket, stopping: threading.Event) -> None:
    """Behind TLS: whatever a client says in clear text ends the handshake."""
    read_request(conn)


def tls_context(folder: Path) -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


@contextlib.contextmanager
def tls_target() -> Iterator[RawTarget]:
    with tempfile.TemporaryDirectory() as folder, \
            RawTarget(tls_only, tls=tls_context(Path(folder))) as target:
        yield target


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------------- reference, misbehaving
Answer = tuple[str, list[tuple[str, str]], Iterable[bytes]]
Behaviour = Callable[["Misbehaving", dict[str, Any]], "Answer | None"]


class Misbehaving:
    """The reference target, except where `behave(self, environ)` answers instead (None:
    the reference target answers). Records every path asked for in `paths`."""

    def __init__(self, behave: Behaviour) -> None:
        self.app = PinpointApp()
        self.behave = behave
        self.paths: list[str] = []
        self.contract = self.app.contract

    def __getattr__(self, name: str) -> Any:
        # the server reads body_limit, errors and error_answer from the app it serves
        if name == "app":
            raise AttributeError(name)
        return getattr(self.app, name)

    def operation(self, environ: dict[str, Any]) -> str | None:
        path = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
        matched = match_operation(self.contract, environ.get("REQUEST_METHOD", "GET"), path)
        return matched[0] if matched else None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.paths.append(environ.get("PATH_INFO", ""))
        answer = self.behave(self, environ)
        if answer is None:
            return self.app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return body


@contextlib.contextmanager
def serving(app: Misbehaving) -> Iterator[str]:
    with running_target(app=app) as url:  # type: ignore[arg-type]
        yield url


def applications(url: str) -> list[dict[str, Any]]:
    """The applications the target holds, asked of it directly (what a run left behind)."""
    import urllib.request

    with urllib.request.urlopen(f"{url}/v1/apps", timeout=10) as answer:
        return list(json.loads(answer.read())["Item"])


def _message(status: str, kind: str, message: str,
             extra: list[tuple[str, str]] | None = None) -> Answer:
    body = json.dumps({"Message": message, "RequestID": "hostile"}).encode()
    headers = [("Content-Type", JSON_TYPE), ("x-amzn-ErrorType", kind),
               ("Content-Length", str(len(body))), *(extra or [])]
    return status, headers, [body]


def throttle_everything(target: Misbehaving, environ: dict[str, Any]) -> Answer:
    """429 with Retry-After: 3600 to every request."""
    return _message("429 Too Many Requests", "TooManyRequestsException", "slow down",
                    [("Retry-After", "3600")])


def fail_everything(target: Misbehaving, environ: dict[str, Any]) -> Answer:
    """500 to every request."""
    return _message("500 Internal Server Error", "InternalServerErrorException", "oops")


def huge_list(size: int = 400 * MIB, operation: str = "GetSegments") -> Behaviour:
    """`operation` answers a JSON-looking body of `size` bytes, chunked (no Content-Length),
    made as it is sent."""
    chunk = b" " * MIB

    def body() -> Iterator[bytes]:
        yield b'{"Item": []'
        for _ in range(size // MIB):
            yield chunk
        yield b"}"

    def behave(target: Misbehaving, environ: dict[str, Any]) -> Answer | None:
        if target.operation(environ) != operation:
            return None
        return "200 OK", [("Content-Type", JSON_TYPE)], body()

    return behave


def drip_list(interval: float = 2.0, operation: str = "GetSegments") -> Behaviour:
    """`operation` answers its headers, then one byte every `interval` seconds."""

    def body() -> Iterator[bytes]:
        yield b"{"
        for _ in range(10_000):
            time.sleep(interval)
            yield b" "

    def behave(target: Misbehaving, environ: dict[str, Any]) -> Answer | None:
        if target.operation(environ) != operation:
            return None
        return "200 OK", [("Content-Type", JSON_TYPE)], body()

    return behave


VISITED = "/v1/visited"  # no operation lives here: any request for it followed a redirect


def redirect(elsewhere: str = "", operations: tuple[str, ...] = ("GetSegment", "GetCampaign"),
             ) -> Behaviour:
    """The GETs of `operations`, and any path the contract does not name (schemathesis's
    probes ask for the base URL), answer 307 to VISITED on this host, or on `elsewhere`
    (another server) for the second operation. A visit to VISITED is answered 200 and
    stays in `paths`."""

    def behave(target: Misbehaving, environ: dict[str, Any]) -> Answer | None:
        path = environ.get("PATH_INFO", "")
        if path.startswith(VISITED):
            return "200 OK", [("Content-Type", JSON_TYPE)], [b"{}"]
        operation = target.operation(environ)
        if operation is not None and operation not in operations:
            return None
        host = elsewhere if elsewhere and operation == operations[-1] else ""
        return ("307 Temporary Redirect",
                [("Location", f"{host}{VISITED}{path}"), ("Content-Length", "0")], [b""])

    return behave


def slow_everything(delay: float) -> Behaviour:
    """Every answer comes after `delay` seconds (each well within a request's timeout)."""

    def behave(target: Misbehaving, environ: dict[str, Any]) -> Answer | None:
        time.sleep(delay)
        return None

    return behave
