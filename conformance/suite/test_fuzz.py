"""FUZZ: schemathesis over the whole contract, phase by phase, in an application of its own.

The fuzzer creates resources the contract cannot delete one by one (endpoints, import jobs),
so it works in a separate application that the run creates and deletes; with --app-id it is
skipped.
"""

from __future__ import annotations

import pytest

from pinpoint_conformance.deadline import RunDeadlineReached
from pinpoint_conformance.findings import Outcome, Status
from pinpoint_conformance.fuzz import PHASES, run_phase
from pinpoint_conformance.plugin import STATE, Profile
from pinpoint_conformance.probe import Probe


@pytest.fixture(scope="module")
def fuzz_app_id(
    pinpoint_client: object,
    pinpoint_tracker: object,
    pinpoint_seed: int,
    pytestconfig: pytest.Config,
) -> str:
    if pytestconfig.getoption("--pinpoint-app-id"):
        pytest.skip(
            "the fuzzer would leave endpoints and import jobs in the existing "
            "application given with --app-id"
        )
    exchange = pinpoint_client.call(  # type: ignore[attr-defined]
        "CreateApp", body={"Name": f"pinpoint-conformance-{pinpoint_seed}-fuzz"}
    )
    import json

    try:
        app_id = str(json.loads(exchange.response_body)["Id"])
    except (ValueError, KeyError, TypeError):
        pytest.skip(
            f"the target did not create an application for the fuzzer "
            f"({exchange.error or exchange.status})"
        )
    pinpoint_tracker.add(  # type: ignore[attr-defined]
        f"application {app_id} (fuzzer)", "DeleteApp", {"application-id": app_id}
    )
    return app_id


@pytest.mark.pinpoint(family="FUZZ", operation="")
@pytest.mark.parametrize("phase", PHASES)
def test_schemathesis_phase(
    request: pytest.FixtureRequest,
    probe: Probe,
    fuzz_app_id: str,
    phase: str,
    pinpoint_profile: Profile,
    pinpoint_seed: int,
) -> None:
    result = run_phase(
        probe.client, fuzz_app_id, phase, max_examples=pinpoint_profile.examples,
        seed=pinpoint_seed,
        operations=request.config.getoption("--pinpoint-fuzz-operation") or None,
    )
    lacking = result.unsupported
    state = request.config.stash[STATE]
    for operation_id, reason in sorted(lacking.items()):
        state.unsupported.setdefault(operation_id, reason)
        state.report.outcomes.append(
            Outcome("FUZZ", operation_id, Status.UNSUPPORTED, request.node.nodeid, reason=reason)
        )
    probe.touch("FUZZ", *sorted(result.operations - set(lacking)))
    probe.findings.extend(result.supported_findings())
    if result.stopped:
        raise RunDeadlineReached(result.stopped)
    if result.errors and not result.operations:
        raise RuntimeError(f"schemathesis could not run the {phase} phase: {result.errors[0]}")
