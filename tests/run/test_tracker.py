"""The resource tracker deletes newest first and reports only what is really left behind."""

from __future__ import annotations

from dataclasses import dataclass, field

from pinpoint_conformance.findings import Exchange
from pinpoint_conformance.tracker import ResourceTracker


@dataclass
class FakeClient:
    """Answers deletes with a scripted status per operation."""

    statuses: dict[str, int]
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def call(self, operation_id: str, params: dict[str, str]) -> Exchange:
        self.calls.append((operation_id, params))
        return Exchange("DELETE", "http://127.0.0.1/x", {}, None,
                        status=self.statuses.get(operation_id, 200), operation_id=operation_id)


def test_deletes_newest_first_once() -> None:
    tracker = ResourceTracker()
    tracker.add("application a", "DeleteApp", {"application-id": "a"})
    tracker.add("segment s", "DeleteSegment", {"application-id": "a", "segment-id": "s"})
    tracker.add("campaign c", "DeleteCampaign", {"application-id": "a", "campaign-id": "c"})
    client = FakeClient({})
    tracker.cleanup(client)  # type: ignore[arg-type]
    tracker.cleanup(client)  # type: ignore[arg-type]
    assert [op for op, _ in client.calls] == ["DeleteCampaign", "DeleteSegment", "DeleteApp"]
    assert tracker.left_behind == []


def test_a_failed_delete_inside_a_deleted_application_is_not_left_behind() -> None:
    tracker = ResourceTracker()
    tracker.add("application a", "DeleteApp", {"application-id": "a"})
    tracker.add("event stream", "DeleteEventStream", {"application-id": "a"})
    tracker.cleanup(FakeClient({"DeleteEventStream": 500}))  # type: ignore[arg-type]
    assert tracker.left_behind == []


def test_a_failed_delete_in_an_application_that_stays_is_left_behind() -> None:
    tracker = ResourceTracker()
    tracker.add("event stream", "DeleteEventStream", {"application-id": "given"})
    tracker.cleanup(FakeClient({"DeleteEventStream": 500}))  # type: ignore[arg-type]
    assert tracker.left_behind == ["event stream (DeleteEventStream: status 500)"]


def test_a_404_counts_as_deleted_and_forget_drops_an_entry() -> None:
    tracker = ResourceTracker()
    tracker.add("segment s", "DeleteSegment", {"application-id": "given", "segment-id": "s"})
    tracker.add("segment t", "DeleteSegment", {"application-id": "given", "segment-id": "t"})
    tracker.forget("segment t")
    client = FakeClient({"DeleteSegment": 404})
    tracker.cleanup(client)  # type: ignore[arg-type]
    assert len(client.calls) == 1 and tracker.left_behind == []
