"""In-memory state: applications and everything under them, behind one lock.

Stored bodies are never changed in place: an update stores a new dict. So a body read under
the lock can be serialised after the lock is released.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pinpoint_conformance.reference_target._errors import not_found

Body = dict[str, Any]


@dataclass
class Record:
    """A resource without versions; `seq` orders lists."""

    seq: int
    body: Body


@dataclass
class Versioned:
    """A campaign or segment: every version's body, oldest first (version n at n - 1)."""

    seq: int
    versions: list[Body]

    @property
    def latest(self) -> Body:
        return self.versions[-1]

    def version(self, number: int) -> Body | None:
        return self.versions[number - 1] if 1 <= number <= len(self.versions) else None

    def entries(self) -> Iterator[tuple[int, Body]]:
        return ((number, body) for number, body in enumerate(self.versions, start=1))


@dataclass
class AppState:
    seq: int
    body: Body
    settings: Body
    campaigns: dict[str, Versioned] = field(default_factory=dict)
    segments: dict[str, Versioned] = field(default_factory=dict)
    endpoints: dict[str, Body] = field(default_factory=dict)
    channels: dict[str, Body] = field(default_factory=dict)
    import_jobs: dict[str, Record] = field(default_factory=dict)
    event_stream: Body | None = None


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.apps: dict[str, AppState] = {}
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        return next(self._seq)

    def app(self, app_id: str) -> AppState:
        found = self.apps.get(app_id)
        if found is None:
            raise not_found(f"Application {app_id!r} does not exist")
        return found

    def clear(self) -> None:
        with self.lock:
            self.apps.clear()
