"""A FUZZ phase replayed from its recorded cases judges exactly as the live phase did.

Each phase runs against a faulty reference target (so there are failures to judge, many of
them repeats) while recording, then is replayed from the cassette and the cases kept beside
it, with no target: the same requests, and the same findings in the same order and number.
The generating phases are narrowed to the segment operations to stay short.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.cassette import use_cassette
from pinpoint_conformance.client import PinpointClient, TargetConfig
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.determinism import start_run
from pinpoint_conformance.fuzz import FuzzResult, run_phase
from pinpoint_conformance.generated import GeneratedLog, activate
from pinpoint_conformance.reference_target import PinpointApp, running_target
from tests.faults.faults import FAULTS
from tests.faults.layer import FaultyTarget

SEEDS = (3, 1, 4)  # a stateful walk reaches its fault with some seeds only: the first that does
CASES = [  # phase, fault (None: the clean target), examples (the examples phase has none:
    # the contract gives no examples)
    ("coverage", "fuzz-bad-input-answers-500", 5),
    ("coverage", "fuzz-invalid-accepted", 5),
    ("fuzzing", "fuzz-required-member-dropped", 20),
    ("stateful", "fuzz-delete-does-nothing", 30),
    ("stateful", None, 30),
]


def _phase(base: str, phase: str, examples: int, seed: int) -> FuzzResult:
    client = PinpointClient(TargetConfig.from_url(base), load_contract())
    created = client.call("CreateApp", body={"Name": "fuzz-replay"})
    app_id = json.loads(created.response_body)["Id"]
    return run_phase(client, app_id, phase, max_examples=examples, seed=seed, tags=["Segments"])


def _judged(result: FuzzResult) -> list[tuple[Any, ...]]:
    return [(f.check_id, f.operation_id, f.level, f.message,
             f.exchange.url if f.exchange else None) for f in result.findings]


def _recorded(folder: Path, app: object, phase: str, examples: int,
              seed: int) -> tuple[str, FuzzResult]:
    with running_target(app=app) as base:  # type: ignore[arg-type]
        start_run(seed)
        log = GeneratedLog(replaying=False, folder=folder)
        try:
            with use_cassette(folder, "record"):
                activate(log)
                live = _phase(base, phase, examples, seed)
        finally:
            activate(None)
        log.save()
    return base, live


@pytest.mark.parametrize(("phase", "fault", "examples"), CASES)
def test_a_replayed_phase_judges_what_the_live_phase_judged(
        tmp_path: Path, phase: str, fault: str | None, examples: int) -> None:
    for seed in SEEDS:
        folder = tmp_path / str(seed)
        app = PinpointApp() if fault is None else FaultyTarget(FAULTS[fault], PinpointApp())
        base, live = _recorded(folder, app, phase, examples, seed)
        if fault is None or live.findings:
            break
    assert live.requests > 0 and (fault is None or live.findings), (fault, SEEDS)
    # the target is gone: every answer comes from the cassette
    try:
        start_run(seed, replaying=True)
        with use_cassette(folder, "replay") as cassette:
            activate(GeneratedLog.load(folder))
            replayed = _phase(base, phase, examples, seed)
            played, recorded = cassette.played, cassette.interactions
    finally:
        activate(None)
        start_run(seed)
    assert _judged(replayed) == _judged(live)
    assert (replayed.requests, replayed.operations, replayed.answered) == (
        live.requests, live.operations, live.answered)
    assert replayed.errors == [] and live.errors == []
    assert played == recorded  # every recorded exchange was asked for, none twice
