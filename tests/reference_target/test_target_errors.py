"""Error answers: status, x-amzn-ErrorType, a MessageBody naming what is wrong; never a 5xx."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.reference_target.answers import AnswerChecker, ContractViolation

Api = Callable[..., requests.Response]
ROLE = "arn:aws:iam::123456789012:role/pinpoint"


def error(response: requests.Response, status: int, error_type: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["x-amzn-ErrorType"] == error_type
    body = response.json()
    assert set(body) == {"Message", "RequestID"}
    assert body["RequestID"] == response.headers["x-amzn-RequestId"]
    return str(body["Message"])


@pytest.mark.parametrize(
    ("path", "body", "member"),
    [
        ("/campaigns", {}, "$.SegmentId"),
        ("/campaigns", {"SegmentId": 7}, "$.SegmentId"),
        (
            "/campaigns",
            {"SegmentId": "s", "Schedule": {"StartTime": "soon"}},
            "$.Schedule.StartTime",
        ),
        ("/campaigns", {"SegmentId": "s", "Schedule": {}}, "$.Schedule.StartTime"),
        ("/campaigns", {"SegmentId": "s", "HoldoutPercent": 101}, "$.HoldoutPercent"),
        (
            "/campaigns",
            {"SegmentId": "s", "MessageConfiguration": {"DefaultMessage": {"Action": "URL"}}},
            "$.MessageConfiguration.DefaultMessage",
        ),
        (
            "/campaigns",
            {"SegmentId": "s", "AdditionalTreatments": [{"SizePercent": 10}, {}]},
            "$.AdditionalTreatments[1].SizePercent",
        ),
        (
            "/segments",
            {"Dimensions": {"Location": {"Country": {"Values": "US"}}}},
            "$.Dimensions.Location.Country.Values",
        ),
        (
            "/segments",
            {"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7"}}}},
            "$.Dimensions.Behavior.Recency",
        ),
        ("/jobs/import", {"S3Url": "http://x", "RoleArn": ROLE, "Format": "CSV"}, "$.S3Url"),
        ("/jobs/import", {"S3Url": "s3://bucket-name/x", "RoleArn": ROLE}, "$.Format"),
        ("/eventstream", {"RoleArn": ROLE, "DestinationStreamArn": "x"}, "$.DestinationStreamArn"),
        ("/eventstream", {"RoleArn": "role", "DestinationStreamArn": "x"}, "$.RoleArn"),
    ],
)
def test_an_invalid_body_is_400_naming_the_member(
    api: Api, app_id: str, path: str, body: dict, member: str
) -> None:
    method = "POST"
    message = error(api(method, f"/v1/apps/{app_id}{path}", json=body), 400, "BadRequestException")
    assert member in message, message


@pytest.mark.parametrize(
    ("path", "body", "member"),
    [
        ("/endpoints", {"Item": []}, "$.Item"),
        ("/endpoints", {"Item": [{"Address": "a"}]}, "$.Item[0].Id"),
        ("/endpoints/e", {"Location": {"Latitude": 91}}, "$.Location.Latitude"),
        ("/endpoints/e", {"Demographic": {"Locale": "english"}}, "$.Demographic.Locale"),
        ("/channels/apns", {"Certificate": "c"}, "$.PrivateKey"),
        ("/channels/gcm", {"ApiKey": ""}, "$.ApiKey"),
        ("/settings", {"QuietTime": {"Start": "25:00"}}, "$.QuietTime.Start"),
        ("/settings", {"Limits": {"Daily": -1}}, "$.Limits.Daily"),
    ],
)
def test_an_invalid_put_body_is_400_naming_the_member(
    api: Api, app_id: str, path: str, body: dict, member: str
) -> None:
    message = error(api("PUT", f"/v1/apps/{app_id}{path}", json=body), 400, "BadRequestException")
    assert member in message, message


def test_the_contract_rules_are_400s(api: Api, app_id: str) -> None:
    base = f"/v1/apps/{app_id}/campaigns"
    late = {"StartTime": "2030-01-02T00:00:00Z", "EndTime": "2030-01-01T00:00:00Z"}
    message = error(
        api("POST", base, json={"SegmentId": "s", "Schedule": late}), 400, "BadRequestException"
    )
    assert "$.Schedule.EndTime" in message and "later than StartTime" in message
    treatments = [{"SizePercent": 60}, {"SizePercent": 30}]
    body = {"SegmentId": "s", "HoldoutPercent": 20, "AdditionalTreatments": treatments}
    message = error(api("POST", base, json=body), 400, "BadRequestException")
    assert "HoldoutPercent" in message and "at most 100" in message
    body["HoldoutPercent"] = 10
    assert api("POST", base, json=body).status_code == 201


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "required"),
        (b"   ", "required"),
        (b"{", "not valid JSON"),
        (b"[]", "JSON object"),
        (b'"Name"', "JSON object"),
        (b"null", "JSON object"),
        (b'{"Name": NaN}', "not valid JSON"),
        (b'{"Name": 1e999}', "not valid JSON"),
        (b'{"Name": "\xff"}', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"Name": ' + b"9" * 5000 + b"}", "not valid JSON"),
    ],
)
def test_malformed_or_non_object_bodies_are_400(api: Api, raw: bytes, words: str) -> None:
    response = api("POST", "/v1/apps", data=raw, headers={"Content-Type": "application/json"})
    assert words in error(response, 400, "BadRequestException")


def test_unknown_ids_are_404(api: Api, app_id: str) -> None:
    for path in (
        "/campaigns/nope",
        "/segments/nope",
        "/endpoints/nope",
        "/jobs/import/nope",
        "/campaigns/nope/versions/1",
        "/segments/nope/versions",
        "/eventstream",
    ):
        message = error(api("GET", f"/v1/apps/{app_id}{path}"), 404, "NotFoundException")
        assert message


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/v1/apps", "GET, POST"),
        ("PUT", "/v1/apps/{app}", "DELETE, GET"),
        ("POST", "/v1/apps/{app}/campaigns/c", "DELETE, GET, PUT"),
        ("GET", "/v1/apps/{app}/endpoints", "PUT"),
        ("PATCH", "/v1/apps/{app}/settings", "GET, PUT"),
        ("HEAD", "/v1/apps/{app}/eventstream", "DELETE, GET, POST"),
        ("OPTIONS", "/v1/apps/{app}/segments", "GET, POST"),
    ],
)
def test_a_known_route_with_another_method_is_405(
    api: Api, app_id: str, method: str, path: str, allowed: str
) -> None:
    response = api(method, path.replace("{app}", app_id))
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.headers["x-amzn-ErrorType"] == "MethodNotAllowedException"
    if method != "HEAD":
        assert method in error(response, 405, "MethodNotAllowedException")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/v1",
        "/v2/apps",
        "/v1/apps/x/unknown",
        "/v1/apps//campaigns",
        "/v1/apps/x/campaigns/c/versions/1/more",
    ],
)
def test_an_unknown_route_is_404(api: Api, path: str) -> None:
    error(api("GET", path), 404, "NotFoundException")


def test_a_trailing_slash_is_tolerated(api: Api, app_id: str) -> None:
    assert api("GET", f"/v1/apps/{app_id}/campaigns/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "page-size=0",
        "page-size=-1",
        "page-size=abc",
        "page-size=10000",
        "page-size=",
        "token=",
        "page-size=1&page-size=2",
        "page-size=%EF%BC%91",
    ],
)
def test_bad_query_parameters_are_400_naming_them(api: Api, query: str) -> None:
    message = error(api("GET", f"/v1/apps?{query}"), 400, "BadRequestException")
    assert query.split("=")[0] in message


def test_the_body_limit_is_413_before_reading(api: Api, app_id: str, target_app: Any) -> None:
    limit = target_app.body_limit
    assert limit == 1024 * 1024
    # exactly the limit is read (and rejected as JSON); one byte more is refused unread
    assert api("POST", "/v1/apps", data=b" " * limit).status_code == 400
    for size in (limit + 1, 8 * limit):
        response = api("PUT", f"/v1/apps/{app_id}/settings", data=b"x" * size)
        assert str(limit) in error(response, 413, "PayloadTooLargeException")
    hal = api("POST", "/v1/apps", data=b"x" * (limit + 1), hal=True)
    assert hal.headers["Content-Type"] == "application/hal+json"


def test_a_chunked_body_over_the_limit_is_413(api: Api, target_app: Any) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 65536

    response = api("POST", "/v1/apps", data=chunks())
    error(response, 413, "PayloadTooLargeException")


def _exchange(base_url: str, raw: bytes) -> str:
    """Send raw bytes; read the answer until the target closes the connection."""
    host, port = base_url.removeprefix("http://").split(":")
    received = b""
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        for _ in range(1000):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return received.decode("utf-8", "replace")


def test_a_declared_length_over_the_limit_is_refused_without_the_body(
    base_url: str, target_app: Any
) -> None:
    answer = _exchange(
        base_url,
        b"POST /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {10 * target_app.body_limit}\r\n\r\n".encode(),
    )
    assert answer.startswith("HTTP/1.1 413 ")
    assert "PayloadTooLargeException" in answer


def test_malformed_http_is_a_400_message_body(base_url: str) -> None:
    for raw in (
        b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"POST /v1/apps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
    ):
        answer = _exchange(base_url, raw)
        assert answer.startswith("HTTP/1.1 400 "), answer[:200]
        assert "BadRequestException" in answer and '"Message"' in answer


def test_the_answer_checker_catches_a_violation(checker: AnswerChecker) -> None:
    with pytest.raises(ContractViolation):
        checker.check(
            "GET", "http://h/v1/apps/x", 200, {"Content-Type": "application/json"}, b'{"Id": "x"}'
        )
    with pytest.raises(ContractViolation):
        checker.check(
            "GET",
            "http://h/v1/apps/x",
            418,
            {"Content-Type": "application/json"},
            b'{"Message": "x"}',
        )
    assert checker.checked > 0
