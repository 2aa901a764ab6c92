"""Applications (service model operations): the run's own is readable and listed; another
one is created, read back and deleted."""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.resource import LIFE_DELETE_ANSWER, LIFE_IDENTITY, LIFE_LISTED
from pinpoint_conformance.probe import Blocked, Probe
from pinpoint_conformance.suite._flows import assert_gone, check_read_back, walk


@pytest.mark.pinpoint(family="LIFE", operation="GetApp")
def test_the_application_is_readable_and_listed(probe: Probe) -> None:
    app = probe.succeed("GetApp")
    probe.verify(app.get("Id") == probe.app_id, LIFE_IDENTITY, "GetApp", "wrong Id",
                 probe.app_id, app.get("Id"))
    listed = [item.get("Id") for item in walk(probe, "GetApps")]
    probe.verify(probe.app_id in listed, LIFE_LISTED, "GetApps", "the application is not listed",
                 probe.app_id, f"{len(listed)} items")


@pytest.mark.pinpoint(family="LIFE", operation="CreateApp")
@pytest.mark.usefixtures("own_app_only")  # works outside the application given with --app-id
def test_application_lifecycle(probe: Probe, pinpoint_seed: int) -> None:
    written = {"Name": f"pinpoint-conformance-{pinpoint_seed}-second"}
    created = probe.succeed("CreateApp", body=written)
    app_id = created.get("Id")
    if not isinstance(app_id, str) or not app_id:
        raise Blocked("CreateApp answered no Id")
    ids = {"application-id": app_id}
    probe.tracker.add(f"application {app_id}", "DeleteApp", ids)
    check_read_back(probe, "CreateApp", written, created)
    read = probe.succeed("GetApp", ids)
    check_read_back(probe, "GetApp", written, read)
    probe.verify(read.get("Id") == app_id, LIFE_IDENTITY, "GetApp", "wrong Id", app_id,
                 read.get("Id"))
    listed = [item.get("Id") for item in walk(probe, "GetApps")]
    probe.verify(app_id in listed, LIFE_LISTED, "GetApps", "the new application is not listed",
                 app_id, f"{len(listed)} items")
    deleted = probe.succeed("DeleteApp", ids)
    probe.tracker.forget(f"application {app_id}")
    probe.verify(deleted.get("Id") == app_id, LIFE_DELETE_ANSWER, "DeleteApp",
                 "DELETE did not answer the deleted application", app_id, deleted.get("Id"))
    assert_gone(probe, "GetApp", "DeleteApp", ids, "GetApps", app_id)
