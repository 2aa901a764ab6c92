"""Every resource a run creates, deleted at the end whatever happened.

Resources are deleted newest first, so a campaign goes before the segment it names and the
run's own application goes last. A delete that answers 404 counts as done (the test already
deleted it); any other failure is reported as left behind, never raised, unless the
application it lived in was deleted afterwards (which takes everything in it along).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from pinpoint_conformance.client import PinpointClient
from pinpoint_conformance.findings import Exchange


@dataclass(frozen=True)
class Created:
    label: str  # e.g. "campaign 3f2a..."
    delete_operation: str  # the contract operation that removes it
    path_params: dict[str, str] = field(hash=False)


class ResourceTracker:
    """Remembers what was created and removes it once, newest first."""

    def __init__(self) -> None:
        self._created: list[Created] = []
        self._lock = threading.Lock()
        self._failed: list[tuple[Created, str]] = []
        self._deleted_apps: set[str] = set()
        self.deleted: list[str] = []

    @property
    def left_behind(self) -> list[str]:
        """What could not be deleted and is not gone with a deleted application."""
        return [
            f"{item.label} ({item.delete_operation}: {why})"
            for item, why in self._failed
            if item.path_params.get("application-id") not in self._deleted_apps
        ]

    def add(self, label: str, delete_operation: str, path_params: dict[str, str]) -> None:
        with self._lock:
            self._created.append(Created(label, delete_operation, dict(path_params)))

    def forget(self, label: str) -> None:
        """The test deleted it itself."""
        with self._lock:
            self._created = [c for c in self._created if c.label != label]

    @property
    def pending(self) -> list[str]:
        with self._lock:
            return [c.label for c in self._created]

    def cleanup(self, client: PinpointClient) -> list[Exchange]:
        """Delete everything still tracked; return the delete exchanges."""
        exchanges: list[Exchange] = []
        while True:
            with self._lock:
                if not self._created:
                    return exchanges
                item = self._created.pop()
            exchange = client.call(item.delete_operation, item.path_params)
            exchanges.append(exchange)
            if exchange.status is not None and (200 <= exchange.status < 300
                                                or exchange.status == 404):
                self.deleted.append(item.label)
                if item.delete_operation == "DeleteApp":
                    self._deleted_apps.add(item.path_params.get("application-id", ""))
            else:
                self._failed.append((item, exchange.error or f"status {exchange.status}"))
