"""The target's parts on their own: clock, routing, tokens, cohorts, the handler table."""

from __future__ import annotations

import pytest

from pinpoint_conformance.contract import Contract
from pinpoint_conformance.reference_target import PinpointApp
from pinpoint_conformance.reference_target._clock import Clock, format_millis, parse_millis
from pinpoint_conformance.reference_target._errors import ApiError, ErrorCatalog
from pinpoint_conformance.reference_target._handlers import cohort_of
from pinpoint_conformance.reference_target._pagination import Paginator
from pinpoint_conformance.reference_target._routing import Router, request_path


def test_stamps_are_rfc3339_milliseconds_and_later_is_strictly_later() -> None:
    assert format_millis(1_483_644_160_347) == "2017-01-05T19:22:40.347Z"
    assert parse_millis("2017-01-05T19:22:40.347Z") == 1_483_644_160_347
    clock = Clock()
    stamp = clock.now()
    for _ in range(100):
        later = clock.after(stamp)
        assert parse_millis(later) > parse_millis(stamp)
        stamp = later


def test_routing_follows_the_contract(contract: Contract) -> None:
    router = Router(contract)
    for op in contract.iter_operations():
        path = op.path.replace("{", "x-").replace("}", "")
        match = router.match(op.method, path)
        assert match.operation.operation_id == op.operation_id
        assert set(match.params) == {
            p["name"] for p in map(contract.resolve, op.parameters) if p["in"] == "path"
        }
    with pytest.raises(ApiError) as info:
        router.match("PATCH", "/v1/apps")
    assert info.value.kind == "MethodNotAllowed" and info.value.headers["Allow"] == "GET, POST"
    with pytest.raises(ApiError) as info:
        router.match("GET", "/v1/nothing")
    assert info.value.kind == "NotFound"


def test_request_paths_from_raw_targets() -> None:
    assert request_path("/v1/apps?page-size=1") == "/v1/apps"
    assert request_path("http://host:1/v1/apps/a%2Fb?x") == "/v1/apps/a%2Fb"


def test_error_kinds_come_from_the_contract(contract: Contract) -> None:
    catalog = ErrorCatalog(contract)
    assert (catalog.kind("NotFound").status, catalog.kind("NotFound").error_type) == (
        404,
        "NotFoundException",
    )
    assert catalog.for_status(413).error_type == "PayloadTooLargeException"
    assert catalog.for_status(501).error_type == "BadRequestException"  # never a 5xx


def test_tokens_are_deterministic_opaque_and_bound_to_their_list() -> None:
    paginator = Paginator(key=b"k" * 32)
    token = paginator.token(42, "GetSegments\x00app")
    assert token == paginator.token(42, "GetSegments\x00app")
    assert token != paginator.token(42, "GetSegments\x00other")
    assert "42" not in token
    assert paginator.position(token, "GetSegments\x00app") == 42
    with pytest.raises(ApiError):
        paginator.position(token, "GetSegments\x00other")
    with pytest.raises(ApiError):
        Paginator(key=b"j" * 32).position(token, "GetSegments\x00app")


def test_cohorts_are_stable_strings_from_0_to_99() -> None:
    cohorts = {cohort_of(f"endpoint-{n}") for n in range(2000)}
    assert cohorts == {str(n) for n in range(100)}
    assert cohort_of("same") == cohort_of("same")


def test_every_operation_has_a_handler(contract: Contract) -> None:
    assert set(PinpointApp(contract).handlers.table) == set(contract.operations)
