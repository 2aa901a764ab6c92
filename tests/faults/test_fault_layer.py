"""The fault layer itself: transparent without a fault, a fault touches only what it names."""

from __future__ import annotations

import json

from werkzeug.test import Client

from pinpoint_conformance.contract import HAL_JSON
from tests.faults.faults import FAULTS, LISTS, VERSIONED, WRITES, set_member
from tests.faults.layer import Fault, FaultyTarget


def _create_app(client: Client) -> str:
    answer = client.post("/v1/apps", json={"Name": "layer"})
    assert answer.status_code == 201
    return str(answer.get_json()["Id"])


def test_without_a_fault_the_layer_is_the_reference_target() -> None:
    layer = FaultyTarget()
    client = Client(layer)
    app_id = _create_app(client)
    answer = client.get(f"/v1/apps/{app_id}", headers={"Accept": HAL_JSON})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == HAL_JSON
    assert answer.get_json()["_links"]["self"]["href"] == f"/v1/apps/{app_id}"
    missing = client.get(f"/v1/apps/{app_id}/campaigns/nope")
    assert missing.status_code == 404
    assert missing.headers["x-amzn-ErrorType"] == "NotFoundException"
    assert set(missing.get_json()) == {"Message", "RequestID"}
    assert layer.applied == 0
    assert layer.body_limit == layer.app.body_limit  # what the server reads from its app


def test_a_fault_changes_only_the_operations_it_names() -> None:
    fault = Fault("test", "GetApp answers another Name", ("LIFE-001",), "x",
                  frozenset({"GetApp"}), rewrite=set_member("Name", "changed"))
    layer = FaultyTarget(fault)
    client = Client(layer)
    app_id = _create_app(client)
    assert client.get(f"/v1/apps/{app_id}").get_json()["Name"] == "changed"
    listed = client.get("/v1/apps").get_json()["Item"]
    assert [item["Name"] for item in listed] == ["layer"]
    assert layer.applied == 1


def test_a_handler_answers_in_place_of_the_target() -> None:
    layer = FaultyTarget(FAULTS["delete-does-nothing"])
    client = Client(layer)
    app_id = _create_app(client)
    assert client.delete(f"/v1/apps/{app_id}").status_code == 200
    assert client.get(f"/v1/apps/{app_id}").status_code == 200  # still there
    assert layer.applied == 1


def test_a_token_loop_is_made_from_real_tokens() -> None:
    layer = FaultyTarget(FAULTS["token-never-ends"])
    client = Client(layer)
    for _ in range(3):
        _create_app(client)
    first = client.get("/v1/apps?page-size=2").get_json()
    last = client.get(f"/v1/apps?page-size=2&token={first['NextToken']}").get_json()
    assert last["NextToken"] == first["NextToken"]


def test_the_operation_sets_come_from_the_contract() -> None:
    assert len(LISTS) == 8 and "GetCampaignVersions" in LISTS
    assert {"CreateCampaign", "GetSegmentVersion", "DeleteSegment"} <= VERSIONED
    assert len(WRITES) == 12 and "UpdateEndpointsBatch" in WRITES


def test_a_request_body_reaches_the_target_unchanged() -> None:
    layer = FaultyTarget(FAULTS["wrong-types-ignored"])
    client = Client(layer)
    app_id = _create_app(client)
    body = {"Name": "segment", "Dimensions": {}}
    answer = client.post(f"/v1/apps/{app_id}/segments", data=json.dumps(body),
                         content_type="application/json")
    assert answer.status_code == 201 and answer.get_json()["Name"] == "segment"
    assert layer.applied == 0
