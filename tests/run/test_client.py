"""The run's HTTP client: retries with backoff on 429/503, bounded; rate cap; signing."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from pinpoint_conformance.client import PinpointClient, RateLimiter, TargetConfig, WriteRefused
from pinpoint_conformance.contract import Contract


class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers with the next status of a script; records what it saw."""

    protocol_version = "HTTP/1.1"
    script: ClassVar[list[int]] = []
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers))
        status = type(self).script.pop(0) if type(self).script else 200
        body = b'{"Item": []}' if status == 200 else b'{"Message": "slow down"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[str]:
    Scripted.script, Scripted.seen = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _client(url: str, contract: Contract, **options: object) -> PinpointClient:
    client = PinpointClient(TargetConfig.from_url(url, **options), contract)
    client.sleep = lambda seconds: None  # no real waiting in tests
    return client


def test_429_and_503_are_retried_then_answered(scripted: str, contract: Contract) -> None:
    Scripted.script = [429, 503, 200]
    client = _client(scripted, contract)
    exchange = client.call("GetApps")
    assert exchange.status == 200
    assert client.requests_sent == 3


def test_retries_are_bounded(scripted: str, contract: Contract) -> None:
    Scripted.script = [429] * 20
    client = _client(scripted, contract, max_retries=3)
    exchange = client.call("GetApps")
    assert exchange.status == 429
    assert client.requests_sent == 4


def test_backoff_grows_and_stays_under_the_cap(scripted: str, contract: Contract) -> None:
    Scripted.script = [429] * 6
    client = _client(scripted, contract, max_retries=5, backoff_base=0.1, backoff_cap=0.5)
    waits: list[float] = []
    client.sleep = waits.append
    client.call("GetApps")
    assert len(waits) == 5
    assert all(0 <= w <= 0.5 for w in waits)


def test_each_attempt_is_signed_for_mobiletargeting(scripted: str, contract: Contract) -> None:
    Scripted.script = [429, 200]
    _client(scripted, contract).call("GetApps")
    assert len(Scripted.seen) == 2
    for headers in Scripted.seen:
        assert headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=")
        assert "/us-east-1/mobiletargeting/aws4_request" in headers["Authorization"]


def test_no_sign_sends_no_signature(scripted: str, contract: Contract) -> None:
    _client(scripted, contract, sign=False).call("GetApps")
    assert "Authorization" not in Scripted.seen[0]


def test_the_base_url_may_carry_v1(scripted: str, contract: Contract) -> None:
    client = _client(scripted + "/v1/", contract)
    assert client.url_for("GetApps") == scripted + "/v1/apps"


def test_rate_limiter_spaces_requests() -> None:
    limiter = RateLimiter(50.0)
    started = time.monotonic()
    for _ in range(6):
        limiter.wait()
    assert time.monotonic() - started >= 5 / 50 * 0.9


def test_live_targets_get_a_default_rate_cap() -> None:
    config = TargetConfig.from_url("https://pinpoint.us-east-1.amazonaws.com", allow_live=True)
    assert config.rate == 5.0
    assert TargetConfig.from_url("http://127.0.0.1:1").rate is None


def test_a_read_only_client_refuses_to_send_a_write(scripted: str, contract: Contract) -> None:
    client = _client(scripted, contract, sign=False, read_only=True)
    for operation_id, options in (("CreateApp", {"body": {"Name": "x"}}),
                                  ("DeleteApp", {}), ("GetApps", {"method": "POST"})):
        with pytest.raises(WriteRefused, match="read-only"):
            client.call(operation_id, {"application-id": "a"}, **options)
    assert client.requests_sent == 0 and Scripted.seen == []
    assert client.call("GetApps").status == 200
    assert client.call("GetApps", method="HEAD").status is not None
