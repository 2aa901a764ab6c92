"""Endpoints: upserted one at a time or in a batch, read back (Endpoints)."""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_conformance.checks.resource import LIFE_IDENTITY
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import read_back


def _application_of(probe: Probe, read: dict[str, Any] | None) -> None:
    """An endpoint's ApplicationId is Optional (EndpointResponse), but when it is there it is
    the application the endpoint was written in (LIFE-005)."""
    if read is not None and "ApplicationId" in read:
        probe.verify(read["ApplicationId"] == probe.app_id, LIFE_IDENTITY, "GetEndpoint",
                     "wrong ApplicationId", probe.app_id, read["ApplicationId"])


@pytest.mark.pinpoint(family="LIFE", operation="UpdateEndpoint")
@pytest.mark.usefixtures("own_app_only")  # endpoints cannot be deleted through the contract
def test_single_endpoint_upsert_and_read_back(probe: Probe, pinpoint_seed: int) -> None:
    endpoint_id = f"pc-{pinpoint_seed}-single"
    body = bodies.endpoint(f"token-{pinpoint_seed}", f"user-{pinpoint_seed}")
    probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=body)
    _application_of(probe, read_back(probe, "GetEndpoint", {"endpoint-id": endpoint_id},
                                     {**body, "Id": endpoint_id}, "UpdateEndpoint"))
    changed = {**bodies.endpoint(f"token-{pinpoint_seed}-2", f"user-{pinpoint_seed}"),
               "Attributes": {"Interests": ["sport"]}, "Metrics": {"visits": 4.0}}
    probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=changed)
    _application_of(probe, read_back(probe, "GetEndpoint", {"endpoint-id": endpoint_id},
                                     {**changed, "Id": endpoint_id}, "UpdateEndpoint"))


@pytest.mark.pinpoint(family="LIFE", operation="UpdateEndpointsBatch")
@pytest.mark.usefixtures("own_app_only")
def test_batch_endpoint_upsert_and_read_back(probe: Probe, pinpoint_seed: int) -> None:
    items = [{**bodies.endpoint(f"token-{pinpoint_seed}-{n}", f"user-{n}"),
              "Id": f"pc-{pinpoint_seed}-batch-{n}"} for n in range(3)]
    probe.succeed("UpdateEndpointsBatch", body={"Item": items})
    for item in items:
        _application_of(probe, read_back(probe, "GetEndpoint", {"endpoint-id": item["Id"]},
                                         item, "UpdateEndpointsBatch"))
