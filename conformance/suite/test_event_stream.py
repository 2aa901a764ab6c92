"""The event stream: one per application, put, read back, deleted (Event Streams)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.resource import LIFE_DELETE_ANSWER
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite._flows import (
    assert_gone,
    await_next_tick,
    check_application,
    check_dates,
    check_read_back,
)

STREAM = {
    "RoleArn": "arn:aws:iam::123456789012:role/pinpoint-events",
    "DestinationStreamArn": "arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events",
}


@pytest.mark.pinpoint(family="LIFE", operation="PutEventStream")
@pytest.mark.usefixtures("own_app_only")
def test_event_stream_lifecycle(probe: Probe) -> None:
    absent = probe.request("GetEventStream", expect=Expectation("error", 404))
    if absent.status != 404:
        pytest.skip("the application already has an event stream")
    put = probe.succeed("PutEventStream", body=STREAM)
    probe.tracker.add("event stream", "DeleteEventStream", {"application-id": probe.app_id})
    check_read_back(probe, "PutEventStream", STREAM, put)
    check_read_back(probe, "GetEventStream", STREAM, probe.succeed("GetEventStream"))
    replaced = {**STREAM, "RoleArn": "arn:aws:iam::123456789012:role/pinpoint-events-2"}
    await_next_tick(put.get("LastModifiedDate"))
    second = probe.succeed("PutEventStream", body=replaced)
    check_read_back(probe, "PutEventStream", replaced, second)
    check_dates(probe, "PutEventStream", put, second)  # "The date ... was last updated"
    read = probe.succeed("GetEventStream")
    check_read_back(probe, "GetEventStream", replaced, read)
    for answer, operation_id in ((put, "PutEventStream"), (read, "GetEventStream")):
        check_application(probe, operation_id, answer)
    deleted = probe.succeed("DeleteEventStream")
    probe.tracker.forget("event stream")
    probe.verify(deleted.get("RoleArn") == replaced["RoleArn"], LIFE_DELETE_ANSWER,
                 "DeleteEventStream", "DELETE did not answer the deleted stream",
                 replaced["RoleArn"], deleted.get("RoleArn"))
    assert_gone(probe, "GetEventStream", "DeleteEventStream", {})
