"""The run's application: readable and listed (service model operations)."""

from __future__ import annotations

import pytest

from conformance.checks.resource import LIFE_IDENTITY, LIFE_LISTED
from conformance.probe import Probe
from conformance.suite._flows import walk


@pytest.mark.pinpoint(family="LIFE", operation="GetApp")
def test_the_application_is_readable_and_listed(probe: Probe) -> None:
    app = probe.succeed("GetApp")
    probe.verify(app.get("Id") == probe.app_id, LIFE_IDENTITY, "GetApp", "wrong Id",
                 probe.app_id, app.get("Id"))
    listed = [item.get("Id") for item in walk(probe, "GetApps")]
    probe.verify(probe.app_id in listed, LIFE_LISTED, "GetApps", "the application is not listed",
                 probe.app_id, f"{len(listed)} items")
