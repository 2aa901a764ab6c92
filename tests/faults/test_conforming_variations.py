"""Targets that differ from the reference target in ways the contract allows get no finding.

A check that fails a conforming target is a false alarm. Each variation here is a legal
difference (a coarser clock, say) applied by the fault layer; the families it could upset
must still pass with zero findings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conformance.target import PinpointApp
from tests.faults.faults import on_body
from tests.faults.layer import Context, Fault, FaultyTarget
from tests.faults.runner import run_suite

MOMENT = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+(Z|[+-]\d\d:\d\d)$")


def _whole_seconds(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _whole_seconds(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_seconds(v) for v in value]
    if isinstance(value, str):
        return MOMENT.sub(r"\1\2", value)
    return value


def _coarse_clock(body: dict[str, Any], context: Context) -> dict[str, Any]:
    context.deviate()
    return _whole_seconds(body)


COARSE_CLOCK = Fault(
    name="coarse clock",
    description="dates are written to the second, without a fraction (still ISO 8601)",
    catches=(),
    select="lifecycle or channel",
    statuses=range(200, 300),
    rewrite=on_body(_coarse_clock),
)


def test_a_target_writing_dates_to_the_second_passes_the_version_checks(tmp_path: Path) -> None:
    target = FaultyTarget(COARSE_CLOCK, PinpointApp())
    run = run_suite(target, tmp_path, label="coarse clock", select=COARSE_CLOCK.select,
                    strict=True)
    assert run.applied > 0, "the variation never applied: it proves nothing"
    assert run.returncode == 0, run.summary()
    assert run.findings == [], run.summary()
    judged = {o["family"] for o in run.outcomes if o["status"] == "PASS"}
    assert {"VER", "LIFE"} <= judged
