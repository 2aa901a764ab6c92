"""The FUZZ family: schemathesis's engine over the contract, against the run's target.

The same engine `st run` uses runs one phase at a time (examples, coverage, fuzzing,
stateful along the OpenAPI links) with the run's SigV4 signing, timeout, rate cap and seed,
and the run's application id filled into every path. Each failure of one of the response
checks below becomes a finding in the run's report, with the request that reproduces it.

schemathesis sends through `requests` sessions it makes itself (`make_session`, for the
generated requests and for its capability probes); while a phase runs, each is bounded like
the run's own (`conformance.transport`: a total deadline per request, the size cap, no
redirects: `max_redirects` 0 makes a 3xx the answer that is judged). The run's deadline
stops the phase: no generated request is sent past it.

The application operations are left out: fuzzing CreateApp or DeleteApp would create real
applications or delete the one the run works in.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import schemathesis
import schemathesis.engine.context as engine_context
from schemathesis.engine import events

from conformance.checks.catalogue import Check, register
from conformance.client import PinpointClient
from conformance.contract import spec_path
from conformance.deadline import RunDeadlineReached
from conformance.findings import Exchange, Finding, Level
from conformance.transport import bound, requests_sent
from conformance.unsupported import unimplemented_reason

PHASES = ("examples", "coverage", "fuzzing", "stateful")
SOURCE = "spec/openapi.yaml (schemathesis over the whole contract)"
FUZZ_CHECKS: dict[str, Check] = {
    name: register(check_id, "FUZZ", Level.MUST, statement, SOURCE)
    for name, check_id, statement in (
        ("not_a_server_error", "FUZZ-001",
         "No generated request, valid or not, is answered with a 5xx."),
        ("status_code_conformance", "FUZZ-002",
         "Every status a generated request gets is one the contract documents."),
        ("content_type_conformance", "FUZZ-003",
         "Every answer's Content-Type is one the contract documents for it."),
        ("response_schema_conformance", "FUZZ-004",
         "Every answer to a generated request validates against the contract's schema."),
        ("negative_data_rejection", "FUZZ-005",
         "A request the contract forbids (wrong type, missing member, bad enum) is rejected."),
        ("use_after_free", "FUZZ-006",
         "A deleted resource is not found again through another operation (stateful)."),
        ("ensure_resource_availability", "FUZZ-007",
         "A resource just created is found by the operations its links lead to (stateful)."),
    )
}
EXCLUDED_TAGS = ("Apps",)

# The client of the phase running now. A plain module attribute, not a ContextVar: the
# engine sends from worker threads, which do not inherit the caller's context.
_ACTIVE: dict[str, Any] = {"client": None}
_PHASE_LOCK = threading.Lock()  # one phase at a time per process


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Sign schemathesis's requests like the run's own, and send none past the run's
    deadline (only while a FUZZ phase runs)."""
    client: PinpointClient | None = _ACTIVE["client"]
    if client is None:
        return
    if client.deadline.reached:  # the scenario ends on this error, with what it judged
        raise RunDeadlineReached(client.deadline.reason)
    if client.session.auth is not None:
        kwargs["auth"] = client.session.auth


@dataclass
class FuzzResult:
    """What one phase did and found."""

    phase: str
    operations: set[str] = field(default_factory=set)  # operation ids exercised
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0  # sent through schemathesis's sessions, its probes included
    errors: list[str] = field(default_factory=list)  # the engine could not run something
    answered: dict[str, set[str]] = field(default_factory=dict)  # operation -> answer kinds
    stopped: str = ""  # why the phase stopped before its end (the run's deadline)

    @property
    def unsupported(self) -> dict[str, str]:
        """Operations the target lacks: at least one answer says so and none is a real
        answer (non-JSON 5xx pages aside). Reported once as UNSUPPORTED, their failures
        dropped rather than reported as a cascade."""
        return {
            op: "every fuzzed request got a non-JSON 404, 405 or 501 (or a crash page)"
            for op, kinds in self.answered.items()
            if "lacking" in kinds and "answer" not in kinds
        }

    def supported_findings(self) -> list[Finding]:
        lacking = self.unsupported
        return [f for f in self.findings if f.operation_id not in lacking]


def run_phase(
    client: PinpointClient,
    app_id: str,
    phase: str,
    *,
    max_examples: int,
    seed: int,
    tags: list[str] | None = None,
) -> FuzzResult:
    """Run one schemathesis phase against the client's target; return its findings.
    `tags` narrows the operations to those tags (the run fuzzes every operation)."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}")
    schema = schemathesis.openapi.from_path(str(spec_path())).exclude(tag=list(EXCLUDED_TAGS))
    if tags:
        schema = schema.include(tag=tags)
    config = client.config
    schema.config.update(
        base_url=config.base_url,
        parameters={"application-id": app_id},
        request_timeout=config.timeout,
        max_redirects=0,  # a 3xx is an answer: judged, never followed
        rate_limit=f"{config.rate:g}/s" if config.rate else None,
    )
    schema.config.generation.update(max_examples=max_examples)
    schema.config.phases.update(phases=[phase])
    schema.config.checks.update(included_check_names=list(FUZZ_CHECKS))
    schema.config.seed = seed

    @schema.hook
    def map_query(context: Any, query: dict[str, Any] | None) -> dict[str, Any] | None:
        # A token is only valid if the target issued it (ERRATA E21); PAGE checks tokens.
        if query and "token" in query:
            query = {k: v for k, v in query.items() if k != "token"}
        return query

    result = FuzzResult(phase)
    client.deadline.check()
    with _phase_of(client) as sessions:
        stream = schemathesis.engine.from_schema(schema).execute()
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                _collect(event.recorder, result)  # what it judged, also when cut short
                if client.deadline.reached:
                    stream.stop()
            elif isinstance(event, events.NonFatalError | events.FatalError):
                result.errors.append(_error_text(event))
    result.requests = sum(requests_sent(session) for session in sessions)
    client.requests_sent += result.requests
    if client.deadline.reached:  # what the phase judged is in `result`, the rest was not sent
        result.stopped = client.deadline.reason
    return result


@contextlib.contextmanager
def _phase_of(client: PinpointClient) -> Iterator[list[Any]]:
    """While a phase runs: its client signs and bounds every session schemathesis makes
    (yielded, to count what went through them)."""
    with _PHASE_LOCK:
        make_session = engine_context.make_session
        total = client.config.timeout
        made: list[Any] = []

        def bounded_session(*args: Any, **kwargs: Any) -> Any:
            session = bound(make_session(*args, **kwargs), total)
            made.append(session)
            return session

        _ACTIVE["client"] = client
        engine_context.make_session = bounded_session
        try:
            yield made
        finally:
            engine_context.make_session = make_session
            _ACTIVE["client"] = None


def _collect(recorder: Any, result: FuzzResult) -> None:
    for case_id, node in recorder.cases.items():
        operation_id = _operation_id(node.value)
        if operation_id:
            result.operations.add(operation_id)
            interaction = recorder.interactions.get(case_id)
            if interaction is not None and interaction.response is not None:
                result.answered.setdefault(operation_id, set()).add(
                    _answer_kind(interaction.response))
        for check in recorder.checks.get(case_id, []):
            if check.status.name != "FAILURE" or check.name not in FUZZ_CHECKS:
                continue
            interaction = recorder.interactions.get(case_id)
            failure = check.failure_info.failure
            result.findings.append(
                Finding(
                    check_id=FUZZ_CHECKS[check.name].check_id,
                    family="FUZZ",
                    level=Level.MUST,
                    operation_id=operation_id,
                    message=f"{result.phase}: {failure.title}",
                    expected=check.name,
                    actual=" ".join(str(failure.message).split())[:300],
                    reference=SOURCE,
                    exchange=_exchange(interaction, operation_id),
                )
            )


def _answer_kind(response: Any) -> str:
    """"lacking" when the answer says the operation is missing, "error" for a 5xx that is not
    JSON (a framework's crash page), "answer" otherwise."""
    status = getattr(response, "status_code", 0)
    body = bytes(getattr(response, "content", b"") or b"")
    if unimplemented_reason(status, body, documented_method=True):
        return "lacking"
    if status >= 500 and unimplemented_reason(404, body, documented_method=True):
        return "error"
    return "answer"


def _operation_id(case: Any) -> str:
    operation = getattr(case, "operation", None)
    definition = getattr(operation, "definition", None)
    raw = getattr(definition, "raw", None) or {}
    return str(raw.get("operationId", ""))


def _exchange(interaction: Any, operation_id: str) -> Exchange | None:
    if interaction is None:
        return None
    request, response = interaction.request, interaction.response
    body = request.body if isinstance(request.body, bytes) else None
    return Exchange(
        method=request.method,
        url=request.uri,
        request_headers={k: v[0] if isinstance(v, list) else v for k, v in request.headers.items()},
        request_body=body,
        status=getattr(response, "status_code", None),
        response_headers={
            k: v[0] if isinstance(v, list) else v
            for k, v in (getattr(response, "headers", None) or {}).items()
        },
        response_body=bytes(getattr(response, "content", b"") or b"")[:4096],
        operation_id=operation_id,
    )


def _error_text(event: Any) -> str:
    info = getattr(event, "info", None)
    label = getattr(event, "label", "") or ""
    message = getattr(info, "message", None) or str(info or event)
    return f"{label} {message}".strip()[:300]
