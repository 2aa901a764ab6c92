"""What a conformance test holds: a way to call the target and record what it finds.

A `Probe` sends requests through the run's client, runs the exchange checks (STATUS, CTYPE,
SHAPE) on every answer, lets the test add findings of its own family (LIFE, VER, PAGE, ...),
and remembers which (family, operation) cells the test exercised. The plugin turns that
into outcomes for the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pinpoint_conformance.baseline import Baseline
from pinpoint_conformance.checks.catalogue import Check
from pinpoint_conformance.checks.exchange import (
    TARGET_ANSWERS,
    Expectation,
    check_exchange,
    finding,
    parse_body,
)
from pinpoint_conformance.client import PinpointClient
from pinpoint_conformance.contract import JSON
from pinpoint_conformance.findings import Exchange, Finding, Level
from pinpoint_conformance.provenance import Provenance
from pinpoint_conformance.tracker import ResourceTracker
from pinpoint_conformance.unsupported import unimplemented_reason

__all__ = ["TARGET_ANSWERS", "Answer", "Blocked", "Probe", "Unsupported"]


class Unsupported(Exception):
    """The target does not implement the operation at all."""

    def __init__(self, operation_id: str, reason: str) -> None:
        super().__init__(f"{operation_id}: {reason}")
        self.operation_id = operation_id
        self.reason = reason


class Blocked(Exception):
    """The test cannot go on: an answer it depends on was wrong (already recorded)."""


@dataclass
class Answer:
    exchange: Exchange
    body: Any  # the parsed JSON, or None

    @property
    def status(self) -> int | None:
        return self.exchange.status


@dataclass
class Probe:
    client: PinpointClient
    tracker: ResourceTracker
    app_id: str
    strict: bool = False
    findings: list[Finding] = field(default_factory=list)
    touched: set[tuple[str, str]] = field(default_factory=set)
    known_unsupported: dict[str, str] = field(default_factory=dict)
    baseline: Baseline | None = None  # known findings (--baseline): they do not fail a test

    @property
    def contract(self) -> Any:
        return self.client.contract

    # ------------------------------------------------------------------ requests
    def request(
        self,
        operation_id: str,
        path_params: dict[str, str] | None = None,
        *,
        expect: Expectation | None = None,
        detect_unsupported: bool = True,
        judge: bool = True,
        **options: Any,
    ) -> Answer:
        """Call an operation (application id filled in), check the answer, return it.

        `detect_unsupported=False` is for requests the target must refuse (a method the path
        does not document, say): their 404, 405 or 501 is judged as an answer, not taken as
        a sign that the operation is missing. `judge=False` is for bookkeeping reads (what a
        resource holds before and after a refused write): the operation's own tests judge
        its answers, and a resource an earlier fault spoiled must not be reported again."""
        if operation_id in self.known_unsupported:
            raise Unsupported(operation_id, self.known_unsupported[operation_id])
        expect = expect or Expectation(accept=options.get("accept", JSON))
        params = {"application-id": self.app_id, **(path_params or {})}
        exchange = self.client.call(operation_id, params, **options)
        if exchange.error is not None:
            self.findings.append(
                finding(TARGET_ANSWERS, exchange.kept(), exchange.error, "an HTTP answer", "none")
            )
            self.touched.add(("STATUS", operation_id))
            raise Blocked(f"{operation_id}: {exchange.error}")
        if exchange.cut_off:  # no body to go on with: judge what there is, then stop
            self.judge(exchange, expect)
            raise Blocked(f"{operation_id}: the answer's body is over the size cap (not read)")
        documented = self.contract.operation(operation_id).method
        as_documented = "url" not in options and options.get("method", documented) == documented
        if detect_unsupported and as_documented:
            self._detect_unsupported(operation_id, exchange)
        if judge:
            self.judge(exchange, expect)
        try:
            body = parse_body(exchange)
        except (UnicodeDecodeError, ValueError):
            body = None
        return Answer(exchange, body)

    def judge(self, exchange: Exchange, expect: Expectation | None = None) -> None:
        """Run the exchange checks (STATUS, CTYPE, SHAPE) on an answered exchange."""
        operation_id = exchange.operation_id or ""
        for family in ("STATUS", "CTYPE", "SHAPE"):
            self.touched.add((family, operation_id))
        found = check_exchange(self.contract, exchange, expect or Expectation())
        self.findings.extend(_kept(f) for f in found)

    def succeed(
        self, operation_id: str, path_params: dict[str, str] | None = None, **options: Any
    ) -> dict[str, Any]:
        """Call an operation that must succeed; its body, or Blocked when it did not."""
        answer = self.request(operation_id, path_params, **options)
        success = self.contract.operation(operation_id).success_status
        if answer.status != success and not (answer.status and 200 <= answer.status < 300):
            raise Blocked(f"{operation_id} answered {answer.status}; later steps depend on it")
        if not isinstance(answer.body, dict):
            raise Blocked(f"{operation_id} answered no JSON object; later steps depend on it")
        return answer.body

    def fail_with(
        self,
        operation_id: str,
        status: int,
        path_params: dict[str, str] | None = None,
        **options: Any,
    ) -> Answer:
        """Call an operation that must be refused with `status`."""
        expect = Expectation("error", status, options.get("accept", JSON))
        return self.request(operation_id, path_params, expect=expect, **options)

    # ------------------------------------------------------------------ family findings
    def touch(self, family: str, *operation_ids: str) -> None:
        for operation_id in operation_ids:
            self.touched.add((family, operation_id))

    def report(
        self,
        check: Check,
        operation_id: str,
        message: str,
        expected: Any,
        actual: Any,
        exchange: Exchange | None = None,
        provenance: Provenance | None = None,
    ) -> None:
        self.touched.add((check.family, operation_id))
        self.findings.append(
            check.finding(operation_id, message, expected, actual, exchange, provenance))

    def verify(self, condition: bool, check: Check, operation_id: str, message: str,
               expected: Any, actual: Any, exchange: Exchange | None = None,
               provenance: Provenance | None = None) -> bool:
        """Record a finding unless `condition` holds; return the condition. `provenance`:
        the rule's, when narrower than the check's."""
        self.touch(check.family, operation_id)
        if not condition:
            self.report(check, operation_id, message, expected, actual, exchange, provenance)
        return condition

    # ------------------------------------------------------------------ helpers
    def _detect_unsupported(self, operation_id: str, exchange: Exchange) -> None:
        documented = self._method_is_documented(operation_id, exchange.method)
        reason = unimplemented_reason(exchange.status, exchange.response_body, documented)
        if reason:
            raise Unsupported(operation_id, reason)

    def _method_is_documented(self, operation_id: str, method: str) -> bool:
        return self.contract.operation(operation_id).method == method.upper()

    def deviating(self) -> list[Finding]:
        """Findings that make the target deviate: MUST always, INFO only under --strict."""
        return [
            f for f in self.findings
            if f.level is Level.MUST or (self.strict and f.level is Level.INFO)
        ]

    def failing(self) -> list[Finding]:
        """The deviations that fail the test: those the baseline (if any) does not know."""
        return [f for f in self.deviating()
                if self.baseline is None or not self.baseline.knows(f)]


def _kept(found: Finding) -> Finding:
    """A finding as the run keeps it: its exchange without most of a large answer body (the
    report shows none of it), so that memory does not grow with what a target sends."""
    if found.exchange is None or found.exchange.kept() is found.exchange:
        return found
    return replace(found, exchange=found.exchange.kept())
