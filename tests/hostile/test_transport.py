"""The run's client against targets that misbehave, in process (fast): a total deadline per
request, the size cap, redirects not followed, retries within a budget, the run's deadline."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from pinpoint_conformance.checks.exchange import Expectation, check_exchange
from pinpoint_conformance.client import PinpointClient, TargetConfig
from pinpoint_conformance.contract import Contract
from pinpoint_conformance.deadline import RunDeadline, RunDeadlineReached
from pinpoint_conformance.transport import MAX_ANSWER_BYTES
from tests.hostile.servers import RawTarget, drip_after_headers, read_request

Handler = Callable[[socket.socket, threading.Event], None]


def answering(head: bytes, body: bytes = b"") -> Handler:
    """Every request gets `head` (status line and headers) and `body`."""

    def handle(conn: socket.socket, stopping: threading.Event) -> None:
        while read_request(conn):
            conn.sendall(head + b"\r\n\r\n" + body)

    return handle


def _client(url: str, contract: Contract, deadline: RunDeadline | None = None,
            **options: object) -> PinpointClient:
    client = PinpointClient(TargetConfig.from_url(url, **options), contract, deadline)
    client.sleep = lambda seconds: None  # no real waiting: the budget still counts it
    return client


@pytest.fixture
def target() -> Iterator[Callable[[Handler], str]]:
    """Start a raw target with a handler; all are stopped at the end."""
    started: list[RawTarget] = []

    def start(handler: Handler) -> str:
        server = RawTarget(handler).__enter__()
        started.append(server)
        return server.url

    yield start
    for server in started:
        server.__exit__()


# ---------------------------------------------------------------------- time
def test_an_answer_that_drips_after_its_headers_ends_at_the_timeout(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    url = target(drip_after_headers(0.3, count=20))  # each byte well within a read timeout
    started = time.monotonic()
    exchange = _client(url, contract, timeout=1.0).call("GetApps")
    elapsed = time.monotonic() - started
    assert exchange.error == "the target did not complete its answer within 1 s (--timeout)"
    assert elapsed < 3, elapsed  # 1 s and the time to notice it, not one read per byte


def test_headers_that_drip_end_at_the_timeout(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    def drip_headers(conn: socket.socket, stopping: threading.Event) -> None:
        read_request(conn)
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10:  # 9 s, then it hangs up
            if stopping.wait(0.3):
                return
            conn.sendall(bytes([byte]))

    started = time.monotonic()
    exchange = _client(target(drip_headers), contract, timeout=1.0).call("GetApps")
    assert exchange.error is not None and "within 1 s" in exchange.error
    assert time.monotonic() - started < 3


# ---------------------------------------------------------------------- size
def test_a_declared_length_over_the_cap_is_not_read(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d" % (MAX_ANSWER_BYTES + 1))
    exchange = _client(target(answering(head, b"{")), contract).call("GetApps")
    assert exchange.cut_off and exchange.status == 200 and exchange.response_body == b""
    findings = check_exchange(contract, exchange, Expectation())
    assert [f.check_id for f in findings] == ["STATUS-005"]


def test_a_chunked_body_is_cut_at_the_cap(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    chunk = b"x" * 1024 * 1024
    sent: list[int] = []

    def endless(conn: socket.socket, stopping: threading.Event) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(64):  # 64 MiB, if anyone read it all
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent.append(len(chunk))

    exchange = _client(target(endless), contract).call("GetApps")
    assert exchange.cut_off and exchange.response_body == b""
    assert sum(sent) < 64 * len(chunk)  # the client hung up; the rest was never sent


def test_a_compressed_bomb_counts_at_its_decoded_size(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    bomb = gzip.compress(b"0" * (MAX_ANSWER_BYTES * 4))  # some tens of KiB on the wire
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d" % len(bomb))
    exchange = _client(target(answering(head, bomb)), contract).call("GetApps")
    assert exchange.cut_off


# ---------------------------------------------------------------------- redirects
def test_a_redirect_is_the_answer_and_is_never_followed(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    visits: list[bytes] = []

    def visited(conn: socket.socket, stopping: threading.Event) -> None:
        while request := read_request(conn):
            visits.append(request)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")

    elsewhere = target(visited)
    here = target(answering(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: " +
                            elsewhere.encode() + b"/v1/visited\r\nContent-Length: 0"))
    client = _client(here, contract)
    exchange = client.call("CreateApp", body={"Name": "redirected"})
    assert exchange.status == 307 and client.requests_sent == 1
    assert visits == []
    findings = check_exchange(contract, exchange, Expectation())
    assert [f.check_id for f in findings] == ["STATUS-004"]


# ---------------------------------------------------------------------- throttling
def test_retry_after_is_honoured_only_up_to_the_cap(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    url = target(answering(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3600\r\n"
                           b"Content-Length: 2", b"{}"))
    client = _client(url, contract, max_retries=3, backoff_cap=0.5)
    waits: list[float] = []
    client.sleep = waits.append
    exchange = client.call("GetApps")
    assert exchange.status == 429 and waits == [0.5, 0.5, 0.5]


def test_the_retry_budget_is_the_whole_runs(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    url = target(answering(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                           b"Content-Length: 2", b"{}"))
    client = _client(url, contract, max_retries=4, backoff_cap=1.0, retry_budget=6.0)
    waits: list[float] = []
    client.sleep = waits.append
    for _ in range(4):
        assert client.call("GetApps").status == 503
    assert sum(waits) == 6.0  # 4 retries, then 2: the budget is spent
    assert client.requests_sent == 5 + 3 + 1 + 1


def test_no_retry_waits_past_the_run_deadline(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    url = target(answering(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\n"
                           b"Content-Length: 2", b"{}"))
    client = _client(url, contract, RunDeadline(3.0))
    waits: list[float] = []
    client.sleep = waits.append
    assert client.call("GetApps").status == 429
    assert waits == [] and client.requests_sent == 1


# ---------------------------------------------------------------------- the run's deadline
def test_nothing_is_sent_past_the_run_deadline_but_the_cleanup(
    target: Callable[[Handler], str], contract: Contract
) -> None:
    url = target(answering(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 2", b"{}"))
    deadline = RunDeadline(0.0)
    client = _client(url, contract, deadline)
    with pytest.raises(RunDeadlineReached, match="--deadline"):
        client.call("GetApps")
    assert client.requests_sent == 0
    deadline.lift()
    assert client.call("GetApps").status == 200


def test_a_property_stops_at_the_run_deadline_without_shrinking(contract: Contract) -> None:
    from hypothesis import strategies as st

    from pinpoint_conformance.probe import Probe
    from pinpoint_conformance.properties import check_property
    from pinpoint_conformance.tracker import ResourceTracker

    client = _client("http://127.0.0.1:9", contract, RunDeadline(0.0))
    probe = Probe(client, ResourceTracker(), app_id="a")
    calls: list[int] = []

    def example(value: int) -> None:
        calls.append(value)
        probe.request("GetApps")

    with pytest.raises(RunDeadlineReached):
        check_property(probe, st.integers(), example, examples=50, seed=1)
    assert len(calls) == 1 and client.requests_sent == 0


def test_a_fuzz_phase_stops_at_the_run_deadline(contract: Contract) -> None:
    import json

    from pinpoint_conformance.fuzz import run_phase
    from tests.hostile.servers import Misbehaving, serving, slow_everything

    with serving(Misbehaving(slow_everything(0.2))) as url:
        deadline = RunDeadline(None)
        client = _client(url, contract, deadline)
        app_id = json.loads(client.call("CreateApp", body={"Name": "fuzz"}).response_body)["Id"]
        deadline.seconds, deadline.started = 6.0, time.monotonic()  # loading takes some
        result = run_phase(client, app_id, "fuzzing", max_examples=200, seed=1,
                           tags=["Segments"])
        elapsed = time.monotonic() - deadline.started
    assert result.stopped.startswith("the run's deadline (6 s")
    assert result.requests > 0 and elapsed < 6 + 15, elapsed  # 200 examples take minutes
