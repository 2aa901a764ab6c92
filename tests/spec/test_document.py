"""The OpenAPI document itself: valid, loadable, complete against the service model."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
import schemathesis
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from pinpoint_conformance.contract import HAL_JSON, JSON, Contract, spec_path
from tests.helpers import load_data

SERVICE = load_data("service_operations.json")
SERVICE_OPS = {op["operation"]: op for op in SERVICE["operations"]}
ERROR_CODES = {"400", "403", "404", "405", "429", "500"}


def test_validates_with_openapi_spec_validator() -> None:
    document, base_uri = read_from_filename(str(spec_path()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        validate(document, base_uri=base_uri)


def test_loads_in_schemathesis_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schema = schemathesis.openapi.from_path(str(spec_path()))
        operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 37
    assert list(schema.iter_schema_warnings()) == []


@pytest.mark.parametrize("operation_id", sorted(SERVICE_OPS))
def test_every_operation_is_reachable_by_its_operation_id(operation_id: str) -> None:
    schema = _schemathesis_schema()
    operation = schema.find_operation_by_id(operation_id)
    expected = SERVICE_OPS[operation_id]
    assert operation.method.upper() == expected["method"]
    assert operation.path == expected["uri"]


@pytest.mark.parametrize("operation_id", sorted(SERVICE_OPS))
def test_operation_matches_the_service_model(contract: Contract, operation_id: str) -> None:
    expected = SERVICE_OPS[operation_id]
    op = contract.operation(operation_id)
    assert (op.method, op.path) == (expected["method"], expected["uri"])
    assert op.success_status == expected["status"]
    assert [code for code in op.responses if code.startswith("2")] == [str(expected["status"])]
    request_ref = op.request_schema_ref
    assert (request_ref.rsplit("/", 1)[-1] if request_ref else None) == expected["request_body"]
    response_ref = contract.response_schema_ref(operation_id, op.success_status, JSON)
    assert response_ref is not None
    assert response_ref.rsplit("/", 1)[-1] == expected["response_body"]
    query = sorted(p["name"] for p in map(contract.resolve, op.parameters) if p["in"] == "query")
    assert query == expected["query"]


def test_the_spec_has_exactly_the_operations_of_the_reference_and_the_app_operations(
    contract: Contract,
) -> None:
    assert set(contract.operations) == set(SERVICE_OPS)
    sources = [op.source for op in contract.iter_operations()]
    assert sources.count("reference") == 33
    assert sources.count("service-model") == 4


@pytest.mark.parametrize("operation_id", sorted(SERVICE_OPS))
def test_every_operation_says_where_it_comes_from(contract: Contract, operation_id: str) -> None:
    op = contract.operation(operation_id)
    assert op.source in {"reference", "service-model"}
    if op.source == "reference":
        ref = op.reference
        assert ref["section"] and isinstance(ref["page"], int) and ref["uri"].startswith("/apps/")
    else:
        assert op.reference.get("note")


@pytest.mark.parametrize("operation_id", sorted(SERVICE_OPS))
def test_every_operation_documents_the_error_classes(contract: Contract, operation_id: str) -> None:
    op = contract.operation(operation_id)
    codes = {code for code in op.responses if not code.startswith("2")}
    expected = ERROR_CODES | ({"413"} if op.request_schema_ref else set())
    assert codes == expected
    for code in codes:
        for media_type in (JSON, HAL_JSON):
            ref = contract.response_schema_ref(operation_id, int(code), media_type)
            assert ref == "#/components/schemas/MessageBody"


@pytest.mark.parametrize("operation_id", sorted(SERVICE_OPS))
def test_every_answer_offers_json_and_hal(contract: Contract, operation_id: str) -> None:
    op = contract.operation(operation_id)
    json_ref = contract.response_schema_ref(operation_id, op.success_status, JSON)
    hal_ref = contract.response_schema_ref(operation_id, op.success_status, HAL_JSON)
    assert json_ref and hal_ref
    if json_ref.endswith("/MessageBody"):
        assert hal_ref == json_ref  # the 202 answers are not resources (ERRATA E20)
    else:
        assert hal_ref == json_ref + "Hal"
        hal = contract.pointer(hal_ref)
        assert {"$ref": json_ref} in hal["allOf"]


def _is_list(contract: Contract, operation_id: str) -> bool:
    op = contract.operation(operation_id)
    ref = contract.response_schema_ref(operation_id, op.success_status, JSON)
    schema = contract.pointer(ref) if ref else {}
    return "Item" in schema.get("properties", {}) and op.method == "GET"


@pytest.mark.parametrize("operation_id", sorted(SERVICE_OPS))
def test_list_operations_take_page_size_and_token(contract: Contract, operation_id: str) -> None:
    op = contract.operation(operation_id)
    names = {contract.resolve(p)["name"] for p in op.parameters}
    if _is_list(contract, operation_id):
        assert {"page-size", "token"} <= names
    else:
        assert not {"page-size", "token"} & names


def _links(contract: Contract) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for op in contract.iter_operations():
        response = contract.resolve(op.responses[str(op.success_status)])
        for name, link in response.get("links", {}).items():
            found.append((op.operation_id, name, link))
    return found


def test_every_link_names_a_real_operation_and_all_its_path_parameters(
    contract: Contract,
) -> None:
    links = _links(contract)
    assert links
    for source, name, link in links:
        target = contract.operation(link["operationId"])
        path_params = {
            contract.resolve(p)["name"]
            for p in target.parameters
            if contract.resolve(p)["in"] == "path"
        }
        assert set(link["parameters"]) == path_params, f"{source} -> {name}"


@pytest.mark.parametrize(
    ("create", "targets"),
    [
        (
            "CreateCampaign",
            {
                "GetCampaign",
                "UpdateCampaign",
                "DeleteCampaign",
                "GetCampaignVersions",
                "GetCampaignVersion",
                "GetCampaignActivities",
            },
        ),
        (
            "CreateSegment",
            {
                "GetSegment",
                "UpdateSegment",
                "DeleteSegment",
                "GetSegmentVersions",
                "GetSegmentVersion",
                "GetSegmentImportJobs",
            },
        ),
        ("CreateImportJob", {"GetImportJob"}),
        ("CreateApp", {"GetApp", "DeleteApp"}),
    ],
)
def test_each_create_links_to_the_operations_that_take_its_id(
    contract: Contract, create: str, targets: set[str]
) -> None:
    linked = {link["operationId"] for source, _, link in _links(contract) if source == create}
    assert linked == targets


def test_schemathesis_builds_a_stateful_workflow_from_the_links() -> None:
    machine = _schemathesis_schema().as_state_machine()
    assert machine is not None


def _schemathesis_schema() -> Any:
    return schemathesis.openapi.from_path(str(spec_path()))
