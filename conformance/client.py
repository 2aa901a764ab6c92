"""The HTTP client a run talks to its target with.

A `requests.Session` with SigV4 signing, bounded by `pinpoint_conformance.transport` (a total
deadline per request, a size cap on answers, no redirects), retries with exponential
backoff and full jitter on 429 and 503 within a budget (per request and for the whole run),
a client-side request-rate cap, and the run's deadline. Every request becomes an
`Exchange`, whatever happened, so checks can judge it and reports can reproduce it. Paths
come from the contract by operation id.
"""

from __future__ import annotations

import ipaddress
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, quote, urlsplit

import requests

from pinpoint_conformance.auth import SigV4, resolve_credentials
from pinpoint_conformance.contract import JSON, Contract
from pinpoint_conformance.deadline import RunDeadline
from pinpoint_conformance.determinism import clock, wait_for_target
from pinpoint_conformance.findings import Exchange
from pinpoint_conformance.transport import AnswerTooLarge, bound, describe_failure

RETRY_STATUSES = frozenset({429, 503})
LIVE_SUFFIX = ".amazonaws.com"
LIVE_DEFAULT_RATE = 5.0  # requests per second against the real service
RETRY_BUDGET = 30.0  # seconds the whole run may spend waiting to retry 429 and 503
RECENT_EXCHANGES = 100  # how many exchanges the client keeps (`exchanges`), bodies trimmed
HOST_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"  # "_" for container names
HOST_NAME = re.compile(rf"^{HOST_LABEL}(?:\.{HOST_LABEL})*\.?$")


class ConfigurationError(Exception):
    """The run cannot start with this configuration (exit code 4)."""


class WriteRefused(Exception):
    """A read-only run (--read-only) was about to send a method other than GET or HEAD: the
    client refuses before anything leaves the machine."""


READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class TargetConfig:
    """Where and how to reach the target."""

    base_url: str  # scheme://host[:port], without /v1
    region: str = "us-east-1"
    sign: bool = True
    timeout: float = 10.0  # the total time of one attempt: connect, wait, read the answer
    max_retries: int = 4  # per request, on 429 and 503
    backoff_base: float = 0.2
    backoff_cap: float = 5.0  # the longest wait before a retry, whatever Retry-After asks
    retry_budget: float = RETRY_BUDGET  # the longest the whole run waits to retry
    rate: float | None = None  # requests per second; None for no cap
    allow_live: bool = False
    read_only: bool = False  # only GET and HEAD are ever sent (--read-only)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> TargetConfig:
        parts = _target_parts(url)
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


def _target_parts(url: str) -> SplitResult:
    """The parts of a --target URL, or ConfigurationError saying what is wrong with it."""
    text = url.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise ConfigurationError(f"--target must be an http(s) URL, got {url!r}")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError as exc:
        raise ConfigurationError(f"--target is not a valid URL ({exc}): {url!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(f"--target must be an http(s) URL, got {url!r}")
    if port == 0:
        raise ConfigurationError(f"--target has port 0, which nothing listens on: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            "--target must not carry credentials (user:password@): requests are signed "
            "with SigV4 from the AWS credential chain"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"--target must be a base URL without query or fragment, "
                                 f"got {url!r}")
    if not _is_host(parts.hostname):
        raise ConfigurationError(f"--target has no valid host name: {url!r}")
    path = parts.path.rstrip("/")
    if path not in {"", "/v1"}:
        raise ConfigurationError(
            f"--target must be a base URL with or without /v1, got path {parts.path!r}"
        )
    return parts


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return len(host) <= 253 and HOST_NAME.match(host) is not None


class RetryBudget:
    """How long the whole run may still wait to retry (thread-safe): a target that throttles
    everything spends it once, then its 429s are answers like any other."""

    def __init__(self, seconds: float) -> None:
        self.left = seconds
        self._lock = threading.Lock()

    def spend(self, wait: float) -> bool:
        """Take `wait` seconds from the budget; False (nothing taken) when it has not that."""
        with self._lock:
            if wait > self.left:
                return False
            self.left -= wait
            return True


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
            wait_for_target(delay)


class PinpointClient:
    """Calls contract operations on a target and records every exchange."""

    def __init__(
        self, config: TargetConfig, contract: Contract, deadline: RunDeadline | None = None
    ) -> None:
        self.config = config
        self.contract = contract
        self.deadline = deadline or RunDeadline(None)
        self.session = bound(requests.Session(), config.timeout)
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
        self.retry_budget = RetryBudget(config.retry_budget)
        self._count_lock = threading.Lock()
        self.requests_sent = 0
        # the latest exchanges, answer bodies trimmed: the run's memory must not grow with
        # what a target sends (checks get every exchange whole from `call`)
        self.exchanges: deque[Exchange] = deque(maxlen=RECENT_EXCHANGES)
        self.sleep = wait_for_target  # replaceable in tests; nothing on replay

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
        tests) and return the exchange; transport failures are recorded, not raised.
        Raises RunDeadlineReached once the run's deadline has passed."""
        op = self.contract.operation(operation_id)
        sending = (method or op.method).upper()
        if self.config.read_only and sending not in READ_METHODS:
            raise WriteRefused(f"{sending} {operation_id} not sent: the run is read-only "
                               "(--read-only)")
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
        self.exchanges.append(exchange.kept())
        return exchange

    def _send(self, request: requests.Request, operation_id: str) -> Exchange:
        attempt = 0
        while True:
            self.deadline.check()
            self._limiter.wait()
            # Re-sign each attempt: the date and signature must be fresh.
            prepared = self.session.prepare_request(request)
            with self._count_lock:
                self.requests_sent += 1
            started = time.monotonic()
            timeout = self.config.timeout
            try:
                response = self.session.send(prepared, timeout=(timeout, timeout),
                                             allow_redirects=False)
            except AnswerTooLarge as exc:
                return self._exchange(prepared, operation_id, started, response=exc.response,
                                      cut_off=True)
            except requests.RequestException as exc:
                error = describe_failure(exc, urlsplit(self.config.base_url).scheme, timeout)
                return self._exchange(prepared, operation_id, started, error=error)
            if response.status_code in RETRY_STATUSES and attempt < self.config.max_retries:
                wait = self._backoff(attempt + 1, response)
                if self._may_wait(wait):
                    attempt += 1
                    self.sleep(wait)
                    continue
            return self._exchange(prepared, operation_id, started, response=response)

    def _backoff(self, attempt: int, response: requests.Response) -> float:
        retry_after = response.headers.get("Retry-After", "").strip()
        if retry_after.isdigit():  # the target's wish, within the cap
            return min(float(retry_after), self.config.backoff_cap)
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2**attempt)
        return clock().jitter(ceiling)  # full jitter, from the run's seed

    def _may_wait(self, wait: float) -> bool:
        """Whether a retry may wait `wait` seconds: within the run's deadline and its retry
        budget (which it then spends)."""
        remaining = self.deadline.remaining()
        if remaining is not None and wait >= remaining:
            return False
        return self.retry_budget.spend(wait)

    @staticmethod
    def _exchange(
        prepared: requests.PreparedRequest,
        operation_id: str,
        started: float,
        response: requests.Response | None = None,
        error: str | None = None,
        cut_off: bool = False,
    ) -> Exchange:
        body = prepared.body
        return Exchange(
            method=str(prepared.method),
            url=str(prepared.url),
            request_headers=dict(prepared.headers),
            request_body=body.encode() if isinstance(body, str) else body,
            status=response.status_code if response is not None else None,
            response_headers=dict(response.headers) if response is not None else {},
            response_body=response.content if response is not None and not cut_off else b"",
            elapsed_ms=(time.monotonic() - started) * 1000,
            error=error,
            operation_id=operation_id,
            cut_off=cut_off,
        )

    def close(self) -> None:
        self.session.close()
