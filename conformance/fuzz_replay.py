"""A FUZZ phase replayed from the cases it sent when recorded, without generating them again.

Recording: each scenario schemathesis's engine finishes is kept (`scenario_record`) with its
cases as they went out (operation, method, parameters, headers, cookies, body, media type,
the metadata the checks read, the containers as generated, whose difference from what was
sent is what a stateful link overrode, the parent case, and whether the engine sent it or a
check did), in the order they were sent, redacted like the cassette's requests.

Replay (`replay_phase`): the engine's capability probes are sent as they were (their answers
only steer generation); then each case is built again from its record, sent through the same
session and transport (the cassette answers it), and judged by the engine's own functions:
a unit phase's case by `_do_call_and_validate` (the call, the record of the answer and the
checks, as the engine runs them), a stateful step by the stateful executor's
`validate_response`, with its deduplication of failures already seen in the run. The
scenarios are handed to the caller as the engine's `ScenarioFinished` recorders are.

These are schemathesis internals (the version is pinned and a cassette names the one that
recorded it); the cases' own serialisation is schemathesis's (`CaseMetadata.to_dict`,
`to_json_safe`, `encode_case_body`), the one its crash files and `st replay` use.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import events
from schemathesis.engine._check_context import CheckContextCache
from schemathesis.engine._rate_limit_retry import send_tracked
from schemathesis.engine.context import EngineContext
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.engine.run import PhaseName
from schemathesis.engine.run.probes import run as run_probes
from schemathesis.engine.run.stateful._executor import validate_response as validate_step
from schemathesis.engine.run.stateful.context import StatefulContext
from schemathesis.engine.run.unit._case import _do_call_and_validate
from schemathesis.engine.run.unit._scenario import start_scenario
from schemathesis.generation.case import Case
from schemathesis.generation.meta import CaseMetadata
from schemathesis.generation.overrides import StoredValue
from schemathesis.reporting.crashes.encoding import (
    decode_case_body,
    encode_case_body,
    from_json_safe,
    to_json_safe,
)

from pinpoint_conformance.generated import NotGenerated
from pinpoint_conformance.redaction import Redactor


# ---------------------------------------------------------------------- recording
class CalledCases:
    """The cases the engine itself sent (through `Case.call`, which runs the `before_call`
    hook), as opposed to those a check made and sent while judging another (a content-type
    probe's control request): a replay sends the first kind, the check sends the second again."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    def add(self, case_id: str) -> None:
        with self._lock:
            self._ids.add(case_id)

    def __contains__(self, case_id: object) -> bool:
        with self._lock:
            return case_id in self._ids


def scenario_record(event: events.ScenarioFinished, redactor: Redactor,
                    called: CalledCases) -> dict[str, Any]:
    """A finished scenario as a replay needs it: its phase, suite and cases in sent order."""
    recorder = event.recorder
    cases = []
    for case_id, node in recorder.cases.items():
        interaction = recorder.interactions.get(case_id)
        record = _case_record(node.value, node.parent_id, redactor,
                              answered=getattr(interaction, "response", None) is not None)
        record["called"] = case_id in called
        cases.append(record)
    return {"phase": event.phase.value, "suite": str(event.suite_id), "label": recorder.label,
            "cases": cases}


def _case_record(case: Case, parent_id: str | None, redactor: Redactor, *,
                 answered: bool) -> dict[str, Any]:
    meta = case.meta  # as the checks read it (revalidated after any hook's edit)
    record = {
        "id": case.id,
        "parent": parent_id,
        "operation": case.operation.label,
        "method": case.method,
        "path_parameters": case.path_parameters or {},
        "query": case.query or {},
        "headers": dict(case.headers or {}),
        "cookies": case.cookies or {},
        "body": encode_case_body(case.body),
        "media_type": case.media_type,
        "meta": meta.to_dict() if meta is not None else None,
        # the containers as generated: what a stateful link overrode is the difference
        "components": {location.name: {"value": encode_case_body(stored.value),
                                         "generated": stored.is_generated}
                       for location, stored in case._components.items()},
        "answered": answered,
    }
    return redactor.value(to_json_safe(record))


# ---------------------------------------------------------------------- replay
def build_case(schema: Any, record: dict[str, Any]) -> Case:
    """A recorded case, made again for its operation (metadata frozen as recorded)."""
    operation = schema.find_operation_by_label(record["operation"])
    if operation is None:
        raise NotGenerated(f"the recorded FUZZ case of {record['operation']} names an "
                           "operation the contract no longer has: re-record the cassette")
    case = operation.Case(
        method=record["method"],
        path_parameters=from_json_safe(record["path_parameters"]),
        query=from_json_safe(record["query"]),
        headers=from_json_safe(record["headers"]),
        cookies=from_json_safe(record["cookies"]),
        body=decode_case_body(record["body"]),
        media_type=record["media_type"],
    )
    if record["meta"] is not None:
        case._meta = CaseMetadata.from_dict(from_json_safe(record["meta"]))
    object.__setattr__(case, "_components", {
        ParameterLocation[name]: StoredValue(value=decode_case_body(stored["value"]),
                                             is_generated=stored["generated"])
        for name, stored in record["components"].items()})
    case.freeze_metadata()
    return case


def replay_phase(schema: Any, scenarios: list[dict[str, Any]],
                 keep_going: Callable[[], bool]) -> Iterator[ScenarioRecorder]:
    """Send and judge each recorded scenario again; yield its recorder once it is judged.
    `keep_going` is asked before each scenario (the run's deadline)."""
    engine = EngineContext(schema=schema, stop_event=threading.Event())
    run_probes(engine)  # the capability probes each phase sends first (answers not needed)
    stateful = StatefulContext()
    checks = CheckContextCache()
    suite = None
    for scenario in scenarios:
        if not keep_going():
            return
        phase = PhaseName(scenario["phase"])
        if phase is PhaseName.STATEFUL_TESTING:
            if scenario["suite"] != suite:  # a new suite: what the last one saw is the run's
                stateful.mark_current_suite_as_seen_in_run()
                stateful.reset()
                suite = scenario["suite"]
            yield _stateful(schema, engine, stateful, checks, scenario)
        else:
            yield _unit(schema, engine, phase, scenario)


def _unit(schema: Any, engine: EngineContext, phase: PhaseName,
          scenario: dict[str, Any]) -> ScenarioRecorder:
    # a case a check made and sent while judging the one before is left out: it will be again
    cases = [(record, build_case(schema, record)) for record in scenario["cases"]
             if record["called"]]
    if not cases:
        return ScenarioRecorder(label=scenario["label"])
    run = start_scenario(operation=cases[0][1].operation, ctx=engine, phase=phase,
                         suite_id=uuid.uuid4(), scenario_id=uuid.uuid4())
    for record, case in cases:
        if not record["answered"]:
            run.recorder.record_case(case=case)  # sent, never answered: not sent again
            continue
        with contextlib.suppress(FailureGroup):  # kept on the recorder, as the engine keeps it
            _do_call_and_validate(case=case, ctx=engine, scenario=run, pending_events=[])
    return run.recorder


def _stateful(schema: Any, engine: EngineContext, stateful: StatefulContext,
              checks: CheckContextCache, scenario: dict[str, Any]) -> ScenarioRecorder:
    recorder = ScenarioRecorder(label=scenario["label"], config=engine.config.output)
    ids: dict[str, str] = {}  # recorded case id -> this replay's
    for record in scenario["cases"]:
        if not record["called"]:
            continue  # a check's own request: the check sends it again
        case = build_case(schema, record)
        ids[record["id"]] = case.id
        recorder.record_case(case=case, parent_id=ids.get(record["parent"] or ""))
        if not record["answered"]:
            continue
        kwargs = engine.get_transport_kwargs(operation=case.operation)
        _, response = send_tracked(engine, case, transport_kwargs=kwargs, emit=lambda _: None)
        recorder.record_response(case_id=case.id, response=response)
        check_ctx = checks.get_or_create(operation=case.operation, ctx=engine,
                                         phase="stateful").to_check_context(
            engine, recorder=recorder, phase=PhaseName.STATEFUL_TESTING)
        with contextlib.suppress(FailureGroup):  # kept on the recorder
            validate_step(response=response, case=case, stateful_ctx=stateful,
                          check_ctx=check_ctx, checks=check_ctx.internals.checks,
                          control=engine.control, recorder=recorder,
                          baseline=engine.config.load_baseline())
    return recorder

