"""What makes a run the same run twice: its seed, its "now", its waits.

Everything in the run that is not a function of the target's answers goes through here, so
that a replay (`--replay DIR`) sends the recorded request sequence exactly:

- the seed (`new_seed`): drawn once per run, or the cassette's on replay;
- "now" (`now`): the moment the run started (every date the run computes derives from it),
  the cassette's recorded-at on replay;
- the jitter of retry backoff (`jitter`): drawn from the run's seed, never the global random;
- hypothesis draws no constants from the source of the modules loaded
  (`without_local_constants`): which modules a process has loaded (the reference target on
  record, not on replay) or a literal changed in this suite would change generated values;
- waits that exist only for a live target (`wait_for_target`: the clock tick before an
  update, retry backoff, the rate cap): skipped on replay, where the answers are on disk.

The state is the process's: one run per process (the CLI's run; a pytest session with the
plugin).
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class RunClock:
    """The run's time and randomness: live, or replayed from a cassette."""

    replaying: bool = False
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    _random: random.Random = field(default_factory=random.Random)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._random = random.Random(seed)

    def jitter(self, ceiling: float) -> float:
        """A wait from 0 to `ceiling` seconds (full jitter), from the run's seed."""
        with self._lock:
            return self._random.uniform(0, ceiling)

    def wait_for_target(self, seconds: float) -> None:
        """Sleep `seconds`, a wait only a live target needs; nothing on replay."""
        if seconds > 0 and not self.replaying:
            time.sleep(seconds)


_CLOCK = RunClock()


def clock() -> RunClock:
    """The run's clock (one per process)."""
    return _CLOCK


def start_run(seed: int, *, replaying: bool = False,
              started_at: datetime | None = None) -> RunClock:
    """Set the run's clock: its seed, whether it replays, and its "now"."""
    _CLOCK.replaying = replaying
    _CLOCK.started_at = started_at or datetime.now(UTC)
    _CLOCK.reseed(seed)
    return _CLOCK


def without_local_constants() -> None:
    """Hypothesis (6.13x+) mixes string and number literals of the "local" modules loaded
    (this suite's among them) into what it generates; the run turns that off, so a seed gives
    the same values whatever is loaded. Called when a conformance run starts talking to its
    target (not for every pytest session that loads the plugin). Private hypothesis API:
    absent, nothing to do."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        return
    constants_type = getattr(providers, "Constants", None)
    if constants_type is None or not hasattr(providers, "_get_local_constants"):
        return  # pragma: no cover
    empty = constants_type()
    providers._get_local_constants = lambda: empty
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if cache is not None and hasattr(cache, "cache"):
        cache.cache.clear()  # what earlier tests of the session drew from


def new_seed() -> int:
    """A fresh seed for a run that was given none (from the system's entropy)."""
    return random.SystemRandom().randrange(2**31)


def now() -> datetime:
    """The run's "now": when it started (the recorded run's start on replay)."""
    return _CLOCK.started_at


def timestamp(moment: datetime | None = None) -> str:
    """ISO 8601, whole seconds, UTC with Z."""
    value = moment or now()
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def wait_for_target(seconds: float) -> None:
    _CLOCK.wait_for_target(seconds)


def replaying() -> bool:
    return _CLOCK.replaying
