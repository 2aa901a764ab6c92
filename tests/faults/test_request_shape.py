"""A request as sent, against the contract (`checks/request_shape.py`), and the fuzzer's use
of it: schemathesis's "schema-violating request accepted" on a request that went out valid
(a stateful link put a valid value back where the mutation was) is no finding."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from pinpoint_conformance.checks.request_shape import request_conforms
from pinpoint_conformance.contract import Contract, load_contract
from pinpoint_conformance.fuzz import FuzzResult, _collect

BASE = "http://127.0.0.1:1/v1/apps/a1"


@pytest.mark.parametrize(("method", "url", "body", "conforms"), [
    ("GET", f"{BASE}/segments/s1/versions/1", None, True),
    ("GET", f"{BASE}/segments/s1/versions/0", None, False),
    ("GET", f"{BASE}/segments/s1/versions/1%0A", None, False),  # "$" as ECMA 262 reads it
    ("GET", f"{BASE}/segments?page-size=5&token=t", None, True),
    ("GET", f"{BASE}/segments?page-size=five", None, False),
    ("GET", f"{BASE}/segments?colour=red", None, False),  # a parameter the contract lacks
    ("GET", f"{BASE}/nothing-here", None, False),
    ("POST", f"{BASE}/segments", b'{"Name": "n"}', True),
    ("POST", f"{BASE}/segments", b'{"Name": 5}', False),
    ("POST", f"{BASE}/segments", b"not json", False),
    ("POST", f"{BASE}/segments", None, False),  # the body is required
    ("GET", f"{BASE}/segments/s1", b'{"Name": "n"}', False),  # a body where none is taken
])
def test_a_request_conforms_only_when_every_part_does(method: str, url: str,
                                                       body: bytes | None,
                                                       conforms: bool) -> None:
    assert request_conforms(load_contract(), method, url, body) is conforms


def test_a_body_under_another_content_type_does_not_conform() -> None:
    assert not request_conforms(load_contract(), "POST", f"{BASE}/segments", b'{"Name": "n"}',
                                "text/plain")


def _recorded(contract: Contract, uri: str, status: int) -> Any:
    """A recorder holding one GetSegmentVersion case whose negative_data_rejection failed."""
    raw = contract.operation("GetSegmentVersion").definition
    case = SimpleNamespace(operation=SimpleNamespace(definition=SimpleNamespace(raw=raw),
                                                     method="GET"), method="GET")
    request = SimpleNamespace(method="GET", uri=uri, body=None, headers={})
    response = SimpleNamespace(status_code=status, headers={"Content-Type": ["application/json"]},
                               content=b"{}")
    failure = SimpleNamespace(title="Schema-violating request accepted", message="mutated")
    check = SimpleNamespace(name="negative_data_rejection", status=SimpleNamespace(name="FAILURE"),
                            failure_info=SimpleNamespace(failure=failure))
    return SimpleNamespace(cases={"c1": SimpleNamespace(value=case)},
                           interactions={"c1": SimpleNamespace(request=request,
                                                               response=response)},
                           checks={"c1": [check]})


def test_an_accepted_request_that_went_out_valid_is_no_finding() -> None:
    contract = load_contract()
    result = FuzzResult("stateful")
    _collect(_recorded(contract, f"{BASE}/segments/s1/versions/1", 200), result)
    assert result.findings == []


def test_an_accepted_request_that_went_out_invalid_is_a_finding() -> None:
    contract = load_contract()
    result = FuzzResult("stateful")
    _collect(_recorded(contract, f"{BASE}/segments/s1/versions/0", 200), result)
    assert [f.check_id for f in result.findings] in (["FUZZ-005"], ["FUZZ-010"])
