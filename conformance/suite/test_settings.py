"""Application settings: read, update, read back (Settings)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite._flows import (
    await_next_tick,
    check_application,
    check_dates,
    check_read_back,
)

SETTINGS = {"QuietTime": {"Start": "23:00", "End": "06:30"}, "Limits": {"Daily": 3, "Total": 50}}


@pytest.mark.pinpoint(family="LIFE", operation="UpdateApplicationSettings")
@pytest.mark.usefixtures("own_app_only")
def test_settings_update_and_read_back(probe: Probe) -> None:
    before = probe.succeed("GetApplicationSettings")
    await_next_tick(before.get("LastModifiedDate"))
    updated = probe.succeed("UpdateApplicationSettings", body=SETTINGS)
    check_read_back(probe, "UpdateApplicationSettings", SETTINGS, updated)
    check_dates(probe, "UpdateApplicationSettings", before, updated)  # "... last updated"
    read = probe.succeed("GetApplicationSettings")
    check_read_back(probe, "GetApplicationSettings", SETTINGS, read)
    for answer, operation_id in ((before, "GetApplicationSettings"),
                                 (updated, "UpdateApplicationSettings"),
                                 (read, "GetApplicationSettings")):
        check_application(probe, operation_id, answer)
