"""The run's clock (`pinpoint_conformance.determinism`): jitter from the seed, live-only waits
skipped on replay, "now" as the recording's, hypothesis without the loaded modules' literals."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pinpoint_conformance import determinism


@pytest.fixture(autouse=True)
def live_again() -> Iterator[None]:
    yield
    determinism.start_run(determinism.new_seed())  # the process's clock, live


def test_jitter_is_a_function_of_the_seed() -> None:
    determinism.start_run(5)
    first = [determinism.clock().jitter(1.0) for _ in range(5)]
    determinism.start_run(5)
    assert [determinism.clock().jitter(1.0) for _ in range(5)] == first
    determinism.start_run(6)
    assert [determinism.clock().jitter(1.0) for _ in range(5)] != first


def test_a_replay_does_not_wait_and_keeps_the_recorded_now() -> None:
    recorded = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    determinism.start_run(1, replaying=True, started_at=recorded)
    started = time.monotonic()
    determinism.wait_for_target(5.0)
    assert time.monotonic() - started < 1.0
    assert determinism.timestamp() == "2030-01-02T03:04:05Z"
    assert determinism.replaying()


def test_hypothesis_draws_no_literals_of_loaded_modules() -> None:
    from hypothesis.internal.conjecture import providers

    determinism.without_local_constants()  # what the plugin does when a run starts
    assert len(providers._get_local_constants()) == 0
