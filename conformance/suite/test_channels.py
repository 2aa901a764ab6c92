"""APNS and GCM channels: created by the first PUT, versioned, deleted (Channels)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.resource import (
    LIFE_DELETE_ANSWER,
    LIFE_GCM_CREDENTIAL,
    LIFE_NO_SECRET,
    VER_START,
    VER_STEP,
)
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import (
    assert_gone,
    await_next_tick,
    check_application,
    check_dates,
    check_reference_values,
    refused_update,
)

NO_SECRET = LIFE_NO_SECRET  # registered in pinpoint_conformance.checks.resource

CHANNELS = {
    "APNS": ("UpdateApnsChannel", "GetApnsChannel", "DeleteApnsChannel", bodies.APNS_CHANNEL),
    "GCM": ("UpdateGcmChannel", "GetGcmChannel", "DeleteGcmChannel", bodies.GCM_CHANNEL),
}


@pytest.mark.pinpoint(family="LIFE", operation="UpdateApnsChannel")
@pytest.mark.parametrize("platform", sorted(CHANNELS))
@pytest.mark.usefixtures("own_app_only")
def test_channel_lifecycle(probe: Probe, platform: str) -> None:
    update, get, delete, body = CHANNELS[platform]
    absent = probe.request(get, expect=Expectation("error", 404))
    if absent.status != 404:
        pytest.skip(f"the {platform} channel already exists in this application")
    first = probe.succeed(update, body=body)
    probe.tracker.add(f"{platform} channel", delete, {"application-id": probe.app_id})
    probe.verify(first.get("Version") == 1, VER_START, update, "first channel version is not 1",
                 1, first.get("Version"))
    await_next_tick(first.get("LastModifiedDate"))
    second = probe.succeed(update, body=body)
    probe.verify(second.get("Version") == 2, VER_STEP, update,
                 "a channel update does not add exactly one version", 2, second.get("Version"))
    check_dates(probe, update, first, second)
    read = probe.succeed(get)
    probe.verify(read.get("Version") == 2, VER_STEP, get,
                 "the channel version read back did not grow with the update", 2,
                 read.get("Version"))
    for answer, operation_id in ((first, update), (second, update), (read, get)):
        probe.verify("PrivateKey" not in answer, LIFE_NO_SECRET, operation_id,
                     "the private key is echoed", "no PrivateKey", "PrivateKey present")
        check_application(probe, operation_id, answer)
        check_reference_values(probe, operation_id, answer)
        if "ApiKey" in body and "Credential" in answer:  # "The GCM API key from Google"
            probe.verify(answer["Credential"] == body["ApiKey"], LIFE_GCM_CREDENTIAL,
                         operation_id, "Credential is not the API key written", "the ApiKey",
                         "another value")
    refused_update(probe, update, get, {}, body, read)
    deleted = probe.succeed(delete)
    probe.tracker.forget(f"{platform} channel")
    probe.verify(deleted.get("Platform") == platform, LIFE_DELETE_ANSWER, delete,
                 "DELETE did not answer the deleted channel", platform, deleted.get("Platform"))
    assert_gone(probe, get, delete, {})
