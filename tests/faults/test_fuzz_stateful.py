"""FUZZ-006 (use after free) and FUZZ-007 (resource availability) fail against their faults.

Both need schemathesis's stateful phase to chain a create to a read or a delete along the
OpenAPI links. Over the whole contract that chain is left to chance, so here the phase is
narrowed to the segment operations, with a few fixed seeds (bounded), through the same
adapter the run uses (`pinpoint_conformance.fuzz.run_phase`); and it finds nothing against the clean
reference target.
"""

from __future__ import annotations

import json

import pytest

from pinpoint_conformance.client import PinpointClient, TargetConfig
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.fuzz import FuzzResult, run_phase
from pinpoint_conformance.reference_target import PinpointApp, running_target
from tests.faults.faults import FAULTS, PROVEN_BY_STATEFUL_TEST
from tests.faults.layer import FaultyTarget

SEEDS = (1, 2, 3, 4, 5)
EXAMPLES = 50


def _stateful(app: object, seed: int) -> FuzzResult:
    with running_target(app=app) as base:  # type: ignore[arg-type]
        client = PinpointClient(TargetConfig.from_url(base), load_contract())
        created = client.call("CreateApp", body={"Name": "stateful"})
        app_id = json.loads(created.response_body)["Id"]
        return run_phase(client, app_id, "stateful", max_examples=EXAMPLES, seed=seed,
                         tags=["Segments"])


@pytest.mark.parametrize(("check_id", "fault_name"), sorted(PROVEN_BY_STATEFUL_TEST.items()))
def test_the_stateful_check_fails_against_its_fault(check_id: str, fault_name: str) -> None:
    found: set[str] = set()
    for seed in SEEDS:
        result = _stateful(FaultyTarget(FAULTS[fault_name], PinpointApp()), seed)
        found |= {f.check_id for f in result.findings}
        if check_id in found:
            return
    pytest.fail(f"{check_id} not reported against {fault_name} with seeds {SEEDS}: {found}")


def test_the_stateful_phase_finds_nothing_against_the_clean_reference() -> None:
    for seed in SEEDS[:2]:
        result = _stateful(PinpointApp(), seed)
        assert result.requests > 0
        assert result.findings == [], [f.message for f in result.findings]
