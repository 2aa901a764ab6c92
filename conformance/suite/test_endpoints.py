"""Endpoints: upserted one at a time or in a batch, read back (Endpoints)."""

from __future__ import annotations

import pytest

from conformance.probe import Probe
from conformance.suite import bodies
from conformance.suite._flows import read_back


@pytest.mark.pinpoint(family="LIFE", operation="UpdateEndpoint")
@pytest.mark.usefixtures("own_app_only")  # endpoints cannot be deleted through the contract
def test_single_endpoint_upsert_and_read_back(probe: Probe, pinpoint_seed: int) -> None:
    endpoint_id = f"pc-{pinpoint_seed}-single"
    body = bodies.endpoint(f"token-{pinpoint_seed}", f"user-{pinpoint_seed}")
    probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=body)
    read_back(probe, "GetEndpoint", {"endpoint-id": endpoint_id},
              {**body, "Id": endpoint_id, "ApplicationId": probe.app_id}, "UpdateEndpoint")
    changed = {**bodies.endpoint(f"token-{pinpoint_seed}-2", f"user-{pinpoint_seed}"),
               "Attributes": {"Interests": ["sport"]}, "Metrics": {"visits": 4.0}}
    probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=changed)
    read_back(probe, "GetEndpoint", {"endpoint-id": endpoint_id},
              {**changed, "Id": endpoint_id, "ApplicationId": probe.app_id}, "UpdateEndpoint")


@pytest.mark.pinpoint(family="LIFE", operation="UpdateEndpointsBatch")
@pytest.mark.usefixtures("own_app_only")
def test_batch_endpoint_upsert_and_read_back(probe: Probe, pinpoint_seed: int) -> None:
    items = [{**bodies.endpoint(f"token-{pinpoint_seed}-{n}", f"user-{n}"),
              "Id": f"pc-{pinpoint_seed}-batch-{n}"} for n in range(3)]
    probe.succeed("UpdateEndpointsBatch", body={"Item": items})
    for item in items:
        read_back(probe, "GetEndpoint", {"endpoint-id": item["Id"]},
                  {**item, "ApplicationId": probe.app_id}, "UpdateEndpointsBatch")
