"""Run a hypothesis property through a probe: many generated bodies, one finding set.

Each example runs with the probe's findings set aside; an example with a failing finding
fails the property, hypothesis shrinks it, and only the failing findings of the smallest
failing example reach the report (with its request). SHOULD and INFO findings do not fail
the property; those of the examples that hold are reported as they are. Examples come from
the `strategies` package; their number from the run's profile or `--examples`; their order
from the run's seed. A replay (`pinpoint_conformance.generated`) gives each property the values
hypothesis gave it when the run was recorded, in the same order, without generating them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from pinpoint_conformance import generated
from pinpoint_conformance.deadline import RunDeadlineReached
from pinpoint_conformance.findings import Finding
from pinpoint_conformance.probe import Blocked, Probe

T = TypeVar("T")
# SHOULD and INFO findings of examples that hold are kept (up to this many): a decision of
# the contract the target does not follow is reported, without failing the property
MAX_WARNINGS = 50


class _ExampleFailed(Exception):
    """One generated example broke the property (its findings are kept aside)."""


class _DeadlineReached(BaseException):
    """The run's deadline, carried out of hypothesis at once: a BaseException is neither
    shrunk nor grouped with the property's own failures."""


@dataclass
class PropertyResult:
    examples: int = 0
    failed: bool = False
    findings: list[Finding] = field(default_factory=list)


def check_property(
    probe: Probe,
    strategy: st.SearchStrategy[T],
    example_check: Callable[[T], Any],
    *,
    examples: int,
    seed: int,
) -> PropertyResult:
    """Run `example_check(value)` for up to `examples` values of `strategy`; record on the
    probe the findings of the smallest failing example, if one fails."""
    result = PropertyResult()
    smallest: list[Finding] = []
    warnings: list[Finding] = []  # SHOULD (and INFO) findings: reported, the property holds

    log = generated.active()
    given_values: list[T] = []  # recording: every value hypothesis gives, shrinks included

    def run_example(value: T) -> None:
        if log is not None and not log.replaying:
            given_values.append(log.kept(value))  # as given: the example may edit it
        result.examples += 1
        kept, probe.findings = probe.findings, []
        touched_before = set(probe.touched)
        try:
            example_check(value)
        except Blocked:
            pass  # an answer the example depends on was wrong: its findings say which
        except RunDeadlineReached as exc:
            raise _DeadlineReached(exc) from exc
        finally:
            found, probe.findings = probe.findings, kept
        failing = [f for f in found if f in _failing(probe, found)]
        if failing:
            smallest[:] = found
            probe.touched |= touched_before
            raise _ExampleFailed(failing[0].message)
        if len(warnings) < MAX_WARNINGS:
            warnings.extend(found[: MAX_WARNINGS - len(warnings)])

    if log is not None and log.replaying:
        prop = _replayed(run_example, log.take_draws("property"))
    else:
        prop = settings(max_examples=examples, deadline=None, database=None,
                        suppress_health_check=list(HealthCheck))(
            hypothesis_seed(seed)(given(strategy)(run_example)))

    try:
        try:
            prop()
        finally:
            if log is not None and not log.replaying:
                log.keep_draws("property", given_values)
    except _ExampleFailed:
        result.failed = True
        probe.findings.extend(smallest)
        result.findings = list(smallest)
    except _DeadlineReached as stop:
        probe.findings.extend(smallest)  # a failing example found before it, if any
        probe.findings.extend(warnings)
        raise stop.args[0] from None
    probe.findings.extend(warnings)
    result.findings += warnings
    return result


def _replayed(run_example: Callable[[T], None], values: list[T]) -> Callable[[], None]:
    """The property as hypothesis ran it when recorded: each recorded value in turn (the
    examples, then those it shrank), a failing one raised at the end, as hypothesis raises the
    smallest (the last it tried)."""

    def prop() -> None:
        failure: _ExampleFailed | None = None
        for value in values:
            try:
                run_example(value)
            except _ExampleFailed as failed:
                failure = failed
        if failure is not None:
            raise failure

    return prop


def _failing(probe: Probe, findings: list[Finding]) -> list[Finding]:
    kept = probe.findings
    probe.findings = findings
    try:
        return probe.failing()
    finally:
        probe.findings = kept


def draw_one(strategy: st.SearchStrategy[T], seed: int) -> T:
    """One value of `strategy`, the same for the same seed (no shrinking, no database)."""
    log = generated.active()
    if log is not None and log.replaying:
        return log.take_draws("draw_one")[0]
    drawn: list[T] = []

    @settings(max_examples=1, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @hypothesis_seed(seed)
    @given(strategy)
    def draw(value: T) -> None:
        drawn.append(value)

    draw()
    if log is not None:
        log.keep_draws("draw_one", [log.kept(drawn[0])])
    return drawn[0]
