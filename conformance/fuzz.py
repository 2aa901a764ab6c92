"""The FUZZ family: schemathesis's engine over the contract, against the run's target.

The same engine `st run` uses runs one phase at a time (examples, coverage, fuzzing,
stateful along the OpenAPI links) with the run's SigV4 signing, timeout, rate cap and seed,
and the run's application id filled into every path. Each failure of one of the response
checks below becomes a finding in the run's report, with the request that reproduces it.

schemathesis sends through `requests` sessions it makes itself (`make_session`, for the
generated requests and for its capability probes); while a phase runs, each is bounded like
the run's own (`pinpoint_conformance.transport`: a total deadline per request, the size cap, no
redirects: `max_redirects` 0 makes a 3xx the answer that is judged). The run's deadline
stops the phase: no generated request is sent past it.

The application operations are left out: fuzzing CreateApp or DeleteApp would create real
applications or delete the one the run works in.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import schemathesis
import schemathesis.engine.context as engine_context
from schemathesis.engine import events

from pinpoint_conformance import generated
from pinpoint_conformance.checks.catalogue import Check, register
from pinpoint_conformance.checks.exchange import schema_errors
from pinpoint_conformance.checks.request_shape import request_conforms
from pinpoint_conformance.client import PinpointClient
from pinpoint_conformance.contract import HAL_JSON, JSON, load_contract, spec_path
from pinpoint_conformance.deadline import RunDeadlineReached
from pinpoint_conformance.findings import Exchange, Finding, Level
from pinpoint_conformance.fuzz_replay import CalledCases, replay_phase, scenario_record
from pinpoint_conformance.provenance import load_provenance
from pinpoint_conformance.schema_walk import constraint_of
from pinpoint_conformance.transport import bound, requests_sent
from pinpoint_conformance.unsupported import unimplemented_reason

PHASES = ("examples", "coverage", "fuzzing", "stateful")
FUZZ_CHECKS: dict[str, Check] = {
    name: register(check_id, "FUZZ", level, statement)
    for name, check_id, level, statement in (
        ("not_a_server_error", "FUZZ-001", Level.SHOULD,
         "No generated request, valid or not, is answered with a 5xx."),
        ("status_code_conformance", "FUZZ-002", Level.SHOULD,
         "Every status a generated request gets is one the contract documents."),
        ("content_type_conformance", "FUZZ-003", Level.MUST,
         "Every success answer to a generated request has the Content-Type that was asked for."),
        ("response_schema_conformance", "FUZZ-004", Level.MUST,
         "Every success answer to a generated request meets the constraints the reference "
         "states (types, members it does not mark Optional, valid values, ISO 8601 dates)."),
        ("negative_data_rejection", "FUZZ-005", Level.MUST,
         "A generated request that breaks a rule the reference states (a member's type, its "
         "valid values, its format) is not carried out."),
        ("use_after_free", "FUZZ-006", Level.MUST,
         "A deleted resource is not found again through another operation (stateful)."),
        ("ensure_resource_availability", "FUZZ-007", Level.MUST,
         "A resource just created is found by the operations its links lead to (stateful)."),
    )
}
# The decided halves of FUZZ-003..005: the same schemathesis checks, where what failed is a
# decision of the contract (an error answer's Content-Type or body, a decided constraint of
# an answer, a request that breaks only a decided rule).
ERROR_CONTENT_TYPE = register(
    "FUZZ-008", "FUZZ", Level.SHOULD,
    "Every error answer to a generated request has a Content-Type the contract documents.")
DECIDED_SCHEMA = register(
    "FUZZ-009", "FUZZ", Level.SHOULD,
    "Every answer to a generated request meets the constraints the contract decided (ERRATA), "
    "and every error answer is a MessageBody.")
DECIDED_REJECTION = register(
    "FUZZ-010", "FUZZ", Level.SHOULD,
    "A generated request that breaks only a rule the contract decided (a required request "
    "member, a pattern or bound of its own, a parameter's pattern) is rejected.")
EXCLUDED_TAGS = ("Apps",)

# The client of the phase running now. A plain module attribute, not a ContextVar: the
# engine sends from worker threads, which do not inherit the caller's context.
_ACTIVE: dict[str, Any] = {"client": None, "called": None}
_PHASE_LOCK = threading.Lock()  # one phase at a time per process


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Sign schemathesis's requests like the run's own, and send none past the run's
    deadline (only while a FUZZ phase runs)."""
    client: PinpointClient | None = _ACTIVE["client"]
    if client is None:
        return
    called: CalledCases | None = _ACTIVE["called"]
    if called is not None:
        called.add(case.id)
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
    operations: list[str] | None = None,
) -> FuzzResult:
    """Run one schemathesis phase against the client's target; return its findings.
    `tags` or `operations` (operation ids) narrow what is fuzzed (by default, every operation
    but the application's)."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}")
    schema = schemathesis.openapi.from_path(str(spec_path())).exclude(tag=list(EXCLUDED_TAGS))
    if tags:
        schema = schema.include(tag=tags)
    if operations:
        schema = schema.include(operation_id=list(operations))
    config = client.config
    schema.config.update(
        base_url=config.base_url,
        parameters={"application-id": app_id},
        request_timeout=config.timeout,
        max_redirects=0,  # a 3xx is an answer: judged, never followed
        rate_limit=f"{config.rate:g}/s" if config.rate else None,
        # every case of a phase is judged, not only the first failure of an operation: which
        # rules a target breaks (stated or decided) must not depend on the order of cases
        continue_on_failure=True,
    )
    # no example database: the cases are a function of the seed (and of the answers), so a
    # replay sends what was recorded
    schema.config.generation.update(max_examples=max_examples, database="none")
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
    log = generated.active()
    with _phase_of(client) as sessions:
        if log is not None and log.replaying:  # the recorded cases, judged again
            for recorder in replay_phase(schema, log.scenarios(phase),
                                         lambda: not client.deadline.reached):
                _collect(recorder, result)
        else:
            called = _ACTIVE["called"] = CalledCases() if log is not None else None
            stream = schemathesis.engine.from_schema(schema).execute()
            for event in stream:
                if isinstance(event, events.ScenarioFinished):
                    if log is not None and called is not None:
                        log.keep_scenario(phase, scenario_record(event, log.redactor, called))
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
            # a generated request that got no answer is not replayed (its case is kept
            # unanswered: `fuzz_replay`), so its failure is not kept in the cassette either
            session = bound(make_session(*args, **kwargs), total, keeps_failures=False)
            made.append(session)
            return session

        _ACTIVE["client"] = client
        engine_context.make_session = bounded_session
        try:
            yield made
        finally:
            engine_context.make_session = make_session
            _ACTIVE["client"] = _ACTIVE["called"] = None


# A method the contract does not document for the path, answered 405 (not allowed here) or
# 501 (not recognised: RFC 9110, 15.6.2), is a conforming answer whatever its body.
REFUSED_METHOD = frozenset({405, 501})
# Within one generated request, the failures that follow from another: a 5xx's page is not
# judged for its content type or schema, nor the answer to a request that had to be refused.
CONSEQUENCES = {
    "not_a_server_error": {"content_type_conformance", "response_schema_conformance",
                           "status_code_conformance"},
    "negative_data_rejection": {"response_schema_conformance", "content_type_conformance"},
}


def _collect(recorder: Any, result: FuzzResult) -> None:
    for case_id, node in recorder.cases.items():
        operation_id = _operation_id(node.value)
        interaction = recorder.interactions.get(case_id)
        documented = _documented_method(node.value, interaction)
        if operation_id:
            result.operations.add(operation_id)
            # only answers to the method the contract documents say the operation is missing
            if documented and interaction is not None and interaction.response is not None:
                result.answered.setdefault(operation_id, set()).add(
                    _answer_kind(interaction.response))
        if not documented and _status(interaction) in REFUSED_METHOD:
            continue
        failed = [check for check in recorder.checks.get(case_id, [])
                  if check.status.name == "FAILURE" and check.name in FUZZ_CHECKS
                  and not (check.name == "negative_data_rejection"
                           and _sent_as_described(interaction))]
        implied = set().union(*(CONSEQUENCES.get(check.name, set()) for check in failed))
        for check in failed:
            if check.name in implied:
                continue
            failure = check.failure_info.failure
            result.findings.append(
                _judged(check.name, interaction, operation_id).finding(
                    operation_id,
                    str(failure.title),
                    check.name,
                    f"{result.phase}: " + " ".join(str(failure.message).split()),
                    _exchange(interaction, operation_id),
                )
            )


def _sent_as_described(interaction: Any) -> bool:
    """Whether the request schemathesis generated as a violation went out as one the contract
    describes (a stateful link filled the mutated parameter with a valid value): its
    acceptance is then no finding."""
    sent = _exchange(interaction, "")
    if sent is None:
        return False
    content_type = next((v for k, v in sent.request_headers.items()
                         if k.lower() == "content-type"), None)
    return request_conforms(load_contract(), sent.method, sent.url, sent.request_body,
                            content_type)


def _judged(name: str, interaction: Any, operation_id: str) -> Check:
    """The check a schemathesis failure is reported under: its stated half, or the decided
    one (FUZZ-008..010) when what failed rests on a decision of the contract."""
    status = _status(interaction) or 0
    if name == "content_type_conformance" and not 200 <= status < 300:
        return ERROR_CONTENT_TYPE
    if name == "response_schema_conformance" and not _breaks_stated_answer(interaction,
                                                                           operation_id):
        return DECIDED_SCHEMA
    if name == "negative_data_rejection" and not _breaks_stated_rule(interaction, operation_id):
        return DECIDED_REJECTION
    return FUZZ_CHECKS[name]


def _breaks_stated_answer(interaction: Any, operation_id: str) -> bool:
    """Whether a success answer breaks a constraint the reference states."""
    response = getattr(interaction, "response", None)
    status = getattr(response, "status_code", 0) or 0
    if not operation_id or not 200 <= status < 300:
        return False
    contract = load_contract()
    headers = {k.lower(): (v[0] if isinstance(v, list) else v)
               for k, v in (getattr(response, "headers", None) or {}).items()}
    media = str(headers.get("content-type", JSON)).split(";")[0].strip()
    ref = contract.response_schema_ref(operation_id, status, media if media in (JSON, HAL_JSON)
                                       else JSON)
    try:
        body = json.loads(bytes(getattr(response, "content", b"") or b""))
    except ValueError:
        return True  # a success body that is not JSON: stated (SHAPE-001)
    if ref is None:
        return False
    return any(decided is None for _, decided in schema_errors(contract, ref, body))


def _breaks_stated_rule(interaction: Any, operation_id: str) -> bool:
    """Whether a generated request breaks a rule the reference states (rather than only a
    decision: a parameter's pattern, a required member, a minLength...)."""
    contract = load_contract()
    if not operation_id:
        return False
    ref = contract.operation(operation_id).request_schema_ref
    raw = getattr(getattr(interaction, "request", None), "body", None)
    if ref is None or not raw:
        return False  # a mutation of a path or query parameter: their patterns are decided
    try:
        body = json.loads(raw)
    except (ValueError, TypeError):
        return True  # not JSON: not a request the reference describes
    if not isinstance(body, dict):
        return True
    rules = load_provenance().rules
    for error in contract.validator(ref).iter_errors(body):
        component, member, keyword = constraint_of(contract, ref, error)
        named = f"{component}.{member}:{keyword}"
        provenance = rules.get(named) or next(
            (p for key, p in rules.items() if key.startswith(named)), None)
        if provenance is not None and provenance.kind == "stated":
            return True
    return False


def _status(interaction: Any) -> int | None:
    response = getattr(interaction, "response", None)
    return getattr(response, "status_code", None)


def _documented_method(case: Any, interaction: Any) -> bool:
    """Whether the request used the method the contract documents for its operation (the
    coverage phase also sends methods a path does not have, to see them refused)."""
    operation = getattr(case, "operation", None)
    documented = str(getattr(operation, "method", "") or "").upper()
    sent = str(getattr(getattr(interaction, "request", None), "method", "") or
               getattr(case, "method", "") or "").upper()
    return not documented or not sent or documented == sent


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
