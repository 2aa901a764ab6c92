"""Fixtures for the reference target's tests: one target per session on 127.0.0.1, HTTP and
boto3 clients whose every answer is checked against the contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config

from pinpoint_conformance.contract import HAL_JSON, Contract
from pinpoint_conformance.reference_target import PinpointApp, TargetServer
from tests.reference_target.answers import AnswerChecker


@pytest.fixture(scope="session")
def checker(contract: Contract) -> AnswerChecker:
    return AnswerChecker(contract)


@pytest.fixture(scope="session")
def target_server() -> Iterator[TargetServer]:
    with TargetServer("127.0.0.1", 0) as server:
        yield server


@pytest.fixture(scope="session")
def target_app(target_server: TargetServer) -> PinpointApp:
    return target_server.app


@pytest.fixture(scope="session")
def base_url(target_server: TargetServer) -> str:
    return target_server.url


@pytest.fixture()
def http(base_url: str, checker: AnswerChecker) -> Iterator[requests.Session]:
    """A keep-alive session whose every answer is checked against the contract."""

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        checker.check(
            response.request.method or "GET",
            response.url,
            response.status_code,
            response.headers,
            response.content,
        )

    session = requests.Session()
    session.trust_env = False
    session.hooks["response"].append(hook)
    yield session
    session.close()


@pytest.fixture()
def api(base_url: str, http: requests.Session) -> Callable[..., requests.Response]:
    """`api("GET", "/v1/apps", json=..., hal=True)`: a request to the target."""

    def call(method: str, path: str, hal: bool = False, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if hal:
            headers["Accept"] = HAL_JSON
        return http.request(method, base_url + path, headers=headers, timeout=30, **kwargs)

    return call


@pytest.fixture()
def pinpoint(base_url: str, checker: AnswerChecker) -> Any:
    """boto3's Pinpoint client pointed at the target; every answer checked too."""
    client = boto3.client(
        "pinpoint",
        endpoint_url=base_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, read_timeout=30),
    )

    def remember(params: dict[str, Any], **kwargs: Any) -> None:
        kwargs["context"]["target_request"] = (params["method"], params["url"])

    def after_call(http_response: Any, context: dict[str, Any], **kwargs: Any) -> None:
        method, url = context["target_request"]
        response = http_response
        checker.check(method, url, response.status_code, response.headers, response.content)

    client.meta.events.register("before-call.pinpoint.*", remember)
    client.meta.events.register("after-call.pinpoint.*", after_call)
    yield client
    client.close()


@pytest.fixture()
def app_id(api: Callable[..., requests.Response]) -> str:
    response = api("POST", "/v1/apps", json={"Name": "target-tests"})
    assert response.status_code == 201, response.text
    return str(response.json()["Id"])
