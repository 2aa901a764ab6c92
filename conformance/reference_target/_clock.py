"""Timestamps and ids the target assigns.

Dates are RFC 3339 UTC with millisecond precision and a `Z` (`2017-01-05T19:22:40.347Z`),
the ISO 8601 profile the service writes (ERRATA E15). Ids are uuid4 hex (32 characters).
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    return uuid.uuid4().hex


def format_millis(millis: int) -> str:
    moment = datetime.fromtimestamp(millis / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis % 1000:03d}Z"


def parse_millis(stamp: str) -> int:
    """The milliseconds since the epoch of a stamp this module wrote."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return round(moment.timestamp() * 1000)


class Clock:
    """Wall-clock stamps that never go backwards."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def now(self) -> str:
        return format_millis(self._tick(0))

    def after(self, previous: str) -> str:
        """A stamp strictly later than `previous` (LastModifiedDate moves forward)."""
        return format_millis(self._tick(parse_millis(previous) + 1))

    def _tick(self, floor: int) -> int:
        with self._lock:
            self._last = max(time.time_ns() // 1_000_000, self._last, floor)
            return self._last
