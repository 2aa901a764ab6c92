"""The run's deadline (`--deadline`): past it, no check sends another request.

The client asks before every attempt, the FUZZ phase before every generated request; what
was judged stays judged, the rest is reported ERROR with the reason, and the cleanup that
follows may still send (the deadline is lifted for it: each of its requests is bounded by
`--timeout` and the retry budget, and there are as many as the run created resources).
"""

from __future__ import annotations

import time


class RunDeadlineReached(Exception):
    """The run's deadline passed: no more requests (the cleanup aside)."""


class RunDeadline:
    """A point in time the run must not send past; `None` seconds: no deadline."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self._lifted = False

    @property
    def reason(self) -> str:
        return f"the run's deadline ({self.seconds:g} s, --deadline) was reached"

    @property
    def reached(self) -> bool:
        return (not self._lifted and self.seconds is not None
                and time.monotonic() >= self.started + self.seconds)

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None when nothing bounds the run."""
        if self.seconds is None or self._lifted:
            return None
        return max(0.0, self.started + self.seconds - time.monotonic())

    def check(self) -> None:
        if self.reached:
            raise RunDeadlineReached(self.reason)

    def lift(self) -> None:
        """From now on nothing is refused: the cleanup runs after the deadline."""
        self._lifted = True
