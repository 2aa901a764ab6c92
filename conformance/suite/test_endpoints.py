"""Endpoints: upserted one at a time or in a batch, read back (Endpoints)."""

from __future__ import annotations

from typing import Any

import pytest

from pinpoint_conformance.checks.compare import alias_names, normalise
from pinpoint_conformance.checks.resource import (
    LIFE_ENDPOINT_ACTIVE,
    LIFE_IDENTITY,
    endpoint_statuses,
)
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


def _status(probe: Probe, endpoint_id: str) -> object:
    """The endpoint's Status as read (either reading: Status or EndpointStatus)."""
    answer = probe.request("GetEndpoint", {"endpoint-id": endpoint_id})
    if not isinstance(answer.body, dict) or not 200 <= (answer.status or 0) < 300:
        return None  # the answer's own checks say why
    return normalise(answer.body, alias_names(probe.contract)).get("Status")


@pytest.mark.pinpoint(family="LIFE", operation="UpdateEndpoint")
@pytest.mark.usefixtures("own_app_only")
def test_single_endpoint_status_active_once_address_updated(
    probe: Probe, pinpoint_seed: int
) -> None:
    """"Will be set to ACTIVE if the address is updated." (EndpointResponse): stored
    INACTIVE, then given a new Address (and no Status), the endpoint reads ACTIVE."""
    active, inactive = endpoint_statuses(probe.contract)
    endpoint_id = f"pc-{pinpoint_seed}-status"
    first = {**bodies.endpoint(f"token-{pinpoint_seed}-a", f"user-{pinpoint_seed}"),
             "Status": inactive}
    probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=first)
    moved = {"Address": f"token-{pinpoint_seed}-b"}
    probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=moved)
    status = _status(probe, endpoint_id)
    probe.verify(status in (None, active), LIFE_ENDPOINT_ACTIVE, "UpdateEndpoint",
                 "an endpoint whose address was updated is not ACTIVE", active, status)
