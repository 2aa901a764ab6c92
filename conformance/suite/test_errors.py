"""ERR: what must be refused, and how (FACTS: errors).

Every input here comes from the contract: the path parameters of each operation (an unknown
value is a 404), the request schema of each operation that takes a body (a body that is not
JSON, JSON that is not an object, a member of the wrong type, a required member left out are
400s), and the methods of each path (another method is a 405). No answer may be a 5xx
(STATUS-003), every error body is a MessageBody (SHAPE-003), and an error names its type in
x-amzn-ErrorType (ERR-007, SHOULD). A faulty target that accepts what it must refuse may
create something; what it creates is deleted at the end of the run like the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from pinpoint_conformance.checks.errors import (
    ERR_MALFORMED,
    ERR_METHOD,
    ERR_METHOD_NOT_CARRIED_OUT,
    ERR_MISSING,
    ERR_NOT_OBJECT,
    ERR_UNKNOWN_ID,
    ERR_WRONG_TYPE,
    body_operations,
    missing_required_variants,
    path_parameters,
    unknown_id_cases,
    variant_provenance,
    wrong_method_cases,
    wrong_type_variants,
)
from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.client import PinpointClient
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._refusals import refused, unknown
from pinpoint_conformance.tracker import ResourceTracker

CONTRACT = load_contract()
# Bodies of these operations may be sent inside an application given with --app-id: were a
# faulty target to accept one, what it made is a campaign or segment the run can delete.
SAFE_WITH_APP_ID = frozenset({"CreateCampaign", "UpdateCampaign", "CreateSegment",
                              "UpdateSegment"})
MALFORMED = (b'{"Name": ', b"this is not JSON")
NOT_OBJECTS = tuple(json.dumps(value).encode() for value in ([], "text", 42, True, None))


@dataclass(frozen=True)
class World:
    """Resources the error checks need to exist (created once for the module)."""

    app_id: str
    segment_id: str | None
    campaign_id: str | None
    seed: int

    def known(self, parameter: str) -> str | None:
        return {
            "application-id": self.app_id,
            "segment-id": self.segment_id,
            "campaign-id": self.campaign_id,
            "version": "1",
            "endpoint-id": f"pc-{self.seed}-err-endpoint",  # created by the PUT that names it
        }.get(parameter)


def _id_of(exchange: Any) -> str | None:
    try:
        value = json.loads(exchange.response_body).get("Id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value else None


@pytest.fixture(scope="module")
def world(pinpoint_client: PinpointClient, pinpoint_tracker: ResourceTracker,
          pinpoint_app_id: str, pinpoint_seed: int) -> World:
    """A segment and a campaign to name in requests (the LIFE checks judge their creation)."""
    app = {"application-id": pinpoint_app_id}
    segment_id = _id_of(pinpoint_client.call(
        "CreateSegment", app, body=bodies.segment(f"pc-{pinpoint_seed}-errors")))
    campaign_id = None
    if segment_id:
        pinpoint_tracker.add(f"segment {segment_id}", "DeleteSegment",
                             {**app, "segment-id": segment_id})
        campaign_id = _id_of(pinpoint_client.call(
            "CreateCampaign", app,
            body=bodies.campaign(f"pc-{pinpoint_seed}-errors", segment_id)))
        if campaign_id:
            pinpoint_tracker.add(f"campaign {campaign_id}", "DeleteCampaign",
                                 {**app, "campaign-id": campaign_id})
    return World(pinpoint_app_id, segment_id, campaign_id, pinpoint_seed)


def _params(world: World, operation_id: str, unknown_one: str | None = None,
            any_value: bool = False) -> dict[str, str]:
    """Path parameters naming the world's resources, but `unknown_one` naming nothing.
    Without a resource to name, a parameter names nothing too when that cannot change the
    answer (under an unknown application, or for a method the path does not have)."""
    params = {}
    for name in path_parameters(CONTRACT, operation_id):
        value = unknown(name, world.seed) if name == unknown_one else world.known(name)
        if value is None:
            if any_value or unknown_one == "application-id":
                value = unknown(name, world.seed)
            else:
                pytest.skip(f"could not create a resource to name in {name}")
        params[name] = value
    return params


def _valid_body(world: World, operation_id: str) -> Any:
    ref = CONTRACT.operation(operation_id).request_schema_ref
    if ref is None:
        return None
    return bodies.valid_request(ref.rsplit("/", 1)[-1], seed=world.seed,
                                segment_id=world.segment_id or unknown("segment-id", world.seed),
                                tag="errors")


def _skip_with_app_id(pytestconfig: pytest.Config, operation_id: str) -> None:
    if pytestconfig.getoption("--pinpoint-app-id") and operation_id not in SAFE_WITH_APP_ID:
        pytest.skip(f"a target that accepted a bad {operation_id} would change the existing "
                    "application given with --app-id")


def _marked(cases: list[tuple[str, ...]]) -> list[Any]:
    return [pytest.param(*case, id="-".join(case),
                         marks=pytest.mark.pinpoint(family="ERR", operation=case[0]))
            for case in cases]


@pytest.mark.parametrize(("operation_id", "parameter"), _marked(unknown_id_cases(CONTRACT)))
def test_unknown_id_is_404(probe: Probe, world: World, operation_id: str,
                           parameter: str) -> None:
    params = _params(world, operation_id, parameter)
    body = _valid_body(world, operation_id)
    refused(probe, operation_id, params, 404, ERR_UNKNOWN_ID, f"an unknown {parameter} is not "
            "a 404", body=body)


BODY_CASES = _marked([(op,) for op in body_operations(CONTRACT)])


@pytest.mark.parametrize("operation_id", BODY_CASES)
def test_malformed_json_is_400(probe: Probe, world: World, operation_id: str,
                               pytestconfig: pytest.Config) -> None:
    _skip_with_app_id(pytestconfig, operation_id)
    params = _params(world, operation_id)
    for raw in MALFORMED:
        refused(probe, operation_id, params, 400, ERR_MALFORMED,
                "a body that is not JSON is carried out", raw_body=raw)


@pytest.mark.parametrize("operation_id", BODY_CASES)
def test_non_object_body_is_400(probe: Probe, world: World, operation_id: str,
                                pytestconfig: pytest.Config) -> None:
    _skip_with_app_id(pytestconfig, operation_id)
    params = _params(world, operation_id)
    for raw in NOT_OBJECTS:
        refused(probe, operation_id, params, 400, ERR_NOT_OBJECT,
                "a JSON body that is not an object is carried out", raw_body=raw)


@pytest.mark.parametrize("operation_id", BODY_CASES)
def test_wrong_member_types_are_400(probe: Probe, world: World, operation_id: str,
                                    pytestconfig: pytest.Config) -> None:
    _skip_with_app_id(pytestconfig, operation_id)
    params = _params(world, operation_id)
    ref = CONTRACT.operation(operation_id).request_schema_ref
    assert ref is not None
    for variant in wrong_type_variants(CONTRACT, ref, _valid_body(world, operation_id)):
        decided = variant_provenance(CONTRACT, variant)
        refused(probe, operation_id, params, 400, ERR_WRONG_TYPE,
                "a member of the wrong type is carried out", body=variant.body,
                detail=f"{variant.where}: {variant.what}", provenance=decided)


@pytest.mark.parametrize("operation_id", BODY_CASES)
def test_missing_required_members_are_400(probe: Probe, world: World, operation_id: str,
                                          pytestconfig: pytest.Config) -> None:
    _skip_with_app_id(pytestconfig, operation_id)
    ref = CONTRACT.operation(operation_id).request_schema_ref
    assert ref is not None
    variants = missing_required_variants(CONTRACT, ref, _valid_body(world, operation_id))
    if not variants:
        pytest.skip(f"{ref.rsplit('/', 1)[-1]} requires no member")
    params = _params(world, operation_id)
    for variant in variants:
        refused(probe, operation_id, params, 400, ERR_MISSING,
                "a body without a required member is not refused with 400", body=variant.body,
                detail=f"{variant.where}: {variant.what}")


def route_is_served(probe: Probe, operation_id: str, params: dict[str, str]) -> None:
    """Ask the path with a documented method first (a GET, or the path's only method with
    an empty object that must be refused), so that a target that serves nothing on the path
    is reported UNSUPPORTED for it, as elsewhere, rather than failing the method check."""
    documented = [op for op in CONTRACT.iter_operations()
                  if op.path == CONTRACT.operation(operation_id).path]
    reader = next((op for op in documented if op.method == "GET"), documented[0])
    probe.request(reader.operation_id, params, expect=Expectation("error"),
                  **({} if reader.method == "GET" else {"raw_body": b"{}"}))


@pytest.mark.parametrize(("operation_id", "method"), _marked(wrong_method_cases(CONTRACT)))
def test_wrong_method_is_405(probe: Probe, world: World, operation_id: str,
                             method: str) -> None:
    params = _params(world, operation_id, any_value=True)
    route_is_served(probe, operation_id, params)
    expect = Expectation("error", 405, also=(501,), status_check=False)
    answer = probe.request(operation_id, params, method=method, detect_unsupported=False,
                           judge=False, expect=expect)
    accepted = answer.status is not None and 200 <= answer.status < 300
    probe.verify(not accepted, ERR_METHOD_NOT_CARRIED_OUT, operation_id,
                 "a method the path does not document is carried out", "no 2xx",
                 f"{answer.status} to {method}", answer.exchange)
    conforms = answer.status is not None and expect.allows(answer.status)
    probe.verify(conforms or accepted, ERR_METHOD, operation_id,
                 "a method the path does not document is not refused with 405 or 501",
                 "405 or 501", f"{answer.status} to {method}", answer.exchange)
    if not conforms:  # a 405 or 501 page is the conforming answer, whatever its body
        probe.judge(answer.exchange, expect)
