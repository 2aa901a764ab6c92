"""The HTTP client a run talks to its target with.

A `requests.Session` with SigV4 signing, per-request timeouts, bounded retries with
exponential backoff and full jitter on 429 and 503, and a client-side request-rate cap.
Every request becomes an `Exchange`, whatever happened, so checks can judge it and reports
can reproduce it. Paths come from the contract by operation id.
"""

from __future__ import annotations

import ipaddress
import json
import random
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from conformance.auth import SigV4, resolve_credentials
from conformance.contract import JSON, Contract
from conformance.findings import Exchange

RETRY_STATUSES = frozenset({429, 503})
LIVE_SUFFIX = ".amazonaws.com"
LIVE_DEFAULT_RATE = 5.0  # requests per second against the real service


class ConfigurationError(Exception):
    """The run cannot start with this configuration (exit code 4)."""


@dataclass(frozen=True)
class TargetConfig:
    """Where and how to reach the target."""

    base_url: str  # scheme://host[:port], without /v1
    region: str = "us-east-1"
    sign: bool = True
    timeout: float = 10.0
    max_retries: int = 4
    backoff_base: float = 0.2
    backoff_cap: float = 5.0
    rate: float | None = None  # requests per second; None for no cap
    allow_live: bool = False

    @classmethod
    def from_url(cls, url: str, **options: Any) -> TargetConfig:
        parts = urlsplit(url.strip())
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigurationError(f"--target must be an http(s) URL, got {url!r}")
        path = parts.path.rstrip("/")
        if path not in {"", "/v1"}:
            raise ConfigurationError(
                f"--target must be a base URL with or without /v1, got path {parts.path!r}"
            )
        base = f"{parts.scheme}://{parts.netloc}"
        config = cls(base_url=base, **options)
        if config.is_live and not config.allow_live:
            raise ConfigurationError(
                f"{parts.hostname} is the real Amazon Pinpoint service: a run creates real, "
                "billable resources there. Pass --allow-live to proceed."
            )
        if config.rate is None and config.is_live:
            config = cls(base_url=base, **{**options, "rate": LIVE_DEFAULT_RATE})
        return config

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def is_live(self) -> bool:
        return self.host.endswith(LIVE_SUFFIX)

    @property
    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


class RateLimiter:
    """Spaces requests at least 1/rate seconds apart (thread-safe)."""

    def __init__(self, rate: float | None) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
        if delay > 0:
            time.sleep(delay)


class PinpointClient:
    """Calls contract operations on a target and records every exchange."""

    def __init__(self, config: TargetConfig, contract: Contract) -> None:
        self.config = config
        self.contract = contract
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "pinpoint-conformance"
        if config.sign:
            credentials = resolve_credentials(loopback=config.is_loopback)
            if credentials is None:
                raise ConfigurationError(
                    "no AWS credentials found (environment, profile, SSO or instance role); "
                    "configure them, or pass --no-sign for a target that needs no signature"
                )
            self.session.auth = SigV4(credentials, config.region)
        self._limiter = RateLimiter(config.rate)
        self._count_lock = threading.Lock()
        self.requests_sent = 0
        self.exchanges: list[Exchange] = []
        self.sleep = time.sleep  # replaceable in tests

    # ------------------------------------------------------------------ addressing
    def url_for(self, operation_id: str, path_params: dict[str, str] | None = None) -> str:
        path = self.contract.operation(operation_id).path
        for name, value in (path_params or {}).items():
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        return self.config.base_url + path

    # ------------------------------------------------------------------ calling
    def call(
        self,
        operation_id: str,
        path_params: dict[str, str] | None = None,
        *,
        query: dict[str, str] | None = None,
        body: Any = None,
        raw_body: bytes | None = None,
        accept: str = JSON,
        method: str | None = None,
        url: str | None = None,
    ) -> Exchange:
        """Send one request for `operation_id` (or `method`/`url` overrides for negative
        tests) and return the exchange; transport failures are recorded, not raised."""
        op = self.contract.operation(operation_id)
        data = raw_body if raw_body is not None else (
            json.dumps(body).encode() if body is not None else None
        )
        headers = {"Accept": accept}
        if data is not None:
            headers["Content-Type"] = JSON
        request = requests.Request(
            method or op.method,
            url or self.url_for(operation_id, path_params),
            params=query,
            data=data,
            headers=headers,
        )
        exchange = self._send(request, operation_id)
        self.exchanges.append(exchange)
        return exchange

    def _send(self, request: requests.Request, operation_id: str) -> Exchange:
        attempt = 0
        while True:
            self._limiter.wait()
            # Re-sign each attempt: the date and signature must be fresh.
            prepared = self.session.prepare_request(request)
            with self._count_lock:
                self.requests_sent += 1
            started = time.monotonic()
            try:
                response = self.session.send(
                    prepared, timeout=(self.config.timeout, self.config.timeout)
                )
            except requests.RequestException as exc:
                return self._exchange(prepared, operation_id, started, error=_describe(exc))
            if response.status_code in RETRY_STATUSES and attempt < self.config.max_retries:
                attempt += 1
                self.sleep(self._backoff(attempt, response))
                continue
            return self._exchange(prepared, operation_id, started, response=response)

    def _backoff(self, attempt: int, response: requests.Response) -> float:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            return min(float(retry_after), self.config.backoff_cap)
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2**attempt)
        return random.uniform(0, ceiling)  # full jitter

    @staticmethod
    def _exchange(
        prepared: requests.PreparedRequest,
        operation_id: str,
        started: float,
        response: requests.Response | None = None,
        error: str | None = None,
    ) -> Exchange:
        body = prepared.body
        return Exchange(
            method=str(prepared.method),
            url=str(prepared.url),
            request_headers=dict(prepared.headers),
            request_body=body.encode() if isinstance(body, str) else body,
            status=response.status_code if response is not None else None,
            response_headers=dict(response.headers) if response is not None else {},
            response_body=response.content if response is not None else b"",
            elapsed_ms=(time.monotonic() - started) * 1000,
            error=error,
            operation_id=operation_id,
        )

    def close(self) -> None:
        self.session.close()


def _describe(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return f"the target did not answer in time ({exc.__class__.__name__})"
    if isinstance(exc, requests.ConnectionError):
        return "the target refused or dropped the connection"
    return f"the request failed: {exc.__class__.__name__}"
