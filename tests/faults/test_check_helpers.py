"""The pure parts of the new checks: negative inputs from the contract, links, walks, dates."""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.errors import (
    error_type,
    error_type_problem,
    missing_required_variants,
    unknown_id_cases,
    wrong_method_cases,
    wrong_type_variants,
)
from pinpoint_conformance.checks.hal import identity_differences, link, match_operation
from pinpoint_conformance.checks.paging import duplicates, missing, repeats_a_walked_page
from pinpoint_conformance.checks.resource import date_problems
from pinpoint_conformance.contract import Contract, load_contract
from pinpoint_conformance.suite import bodies

REFS = {op.operation_id: op.request_schema_ref
        for op in load_contract().iter_operations() if op.request_schema_ref}


@pytest.mark.parametrize("operation_id", sorted(REFS))
def test_broken_bodies_are_invalid_and_the_valid_one_is_valid(
    contract: Contract, operation_id: str
) -> None:
    ref = REFS[operation_id]
    valid = bodies.valid_request(ref.rsplit("/", 1)[-1], seed=1, segment_id="s")
    assert contract.validator(ref).is_valid(valid)
    wrong = wrong_type_variants(contract, ref, valid)
    assert wrong, operation_id  # every request body has a member to break
    for variant in wrong + missing_required_variants(contract, ref, valid):
        assert not contract.validator(ref).is_valid(variant.body), variant.where


def test_required_members_come_from_the_schema(contract: Contract) -> None:
    ref = "#/components/schemas/WriteEventStream"
    variants = missing_required_variants(contract, ref, dict(bodies.EVENT_STREAM))
    assert sorted(v.where for v in variants) == ["$.DestinationStreamArn", "$.RoleArn"]


def test_unknown_ids_and_wrong_methods_cover_the_contract(contract: Contract) -> None:
    cases = unknown_id_cases(contract)
    assert ("GetCampaignVersion", "version") in cases
    assert ("GetImportJob", "job-id") in cases
    assert ("UpdateEndpoint", "endpoint-id") not in cases  # a PUT that creates
    paths = {contract.operation(op).path for op, _ in wrong_method_cases(contract)}
    assert paths == {op.path for op in contract.iter_operations()}


def test_error_types_are_the_contract_response_names(contract: Contract) -> None:
    assert error_type(contract, "GetApp", 404) == "NotFoundException"
    assert error_type(contract, "CreateApp", 400) == "BadRequestException"
    headers = {"X-Amzn-ErrorType": "NotFoundException:http://internal.amazon.com/"}
    assert error_type_problem(contract, "GetApp", 404, headers) is None
    assert "expected NotFoundException" in str(error_type_problem(contract, "GetApp", 404, {}))


def test_links_and_identity() -> None:
    body = {"Id": "a", "Version": 2, "_links": {"self": {"href": "/v1/apps/x"}}}
    assert link(body, "self") == "/v1/apps/x" and link(body, "next") is None
    assert identity_differences(body, {"Id": "a", "Version": 2}) == []
    assert identity_differences(body, {"Id": "a", "Version": 1}) == ["Version: 2 became 1"]


def test_paths_match_their_operation(contract: Contract) -> None:
    assert match_operation(contract, "GET", "/v1/apps/a/jobs/import") == (
        "GetImportJobs", {"application-id": "a"})
    assert match_operation(contract, "GET", "/v1/apps/a/campaigns/b%2Fc/versions/3?x=1") == (
        "GetCampaignVersion", {"application-id": "a", "campaign-id": "b/c", "version": "3"})
    assert match_operation(contract, "PATCH", "/v1/apps/a") is None
    assert match_operation(contract, "GET", "/v2/apps/a") is None


def test_walk_helpers() -> None:
    assert duplicates([1, 2, 2, 3, 3]) == [2, 3]
    assert duplicates([1, 2, 2, 3, 3], among={3}) == [3]
    assert missing([1, 2, 5], [1, 2, 3]) == [5]
    assert repeats_a_walked_page([1, 2], [1, 2, 3]) and not repeats_a_walked_page([], [1])
    assert not repeats_a_walked_page([3, 4], [1, 2, 3])


def test_dates_move_forward_only() -> None:
    before = {"CreationDate": "2017-01-05T19:22:40.347Z",
              "LastModifiedDate": "2017-01-05T19:22:40.347Z"}
    assert date_problems(before, {**before, "LastModifiedDate": "2017-01-05T19:22:40.348Z"}) == []
    assert date_problems(before, before)  # LastModifiedDate did not move
    moved = {"CreationDate": "2017-01-06T00:00:00Z", "LastModifiedDate": "2018-01-01T00:00:00Z"}
    assert any("CreationDate" in p for p in date_problems(before, moved))
