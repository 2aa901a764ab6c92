"""No input, however malformed, yields a 5xx: arbitrary methods, paths, query strings,
headers and bodies, straight into the WSGI application (fast) and over real HTTP."""

from __future__ import annotations

import io
import json
from typing import Any

import hypothesis
import pytest
import requests
from hypothesis import strategies as st

from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.reference_target import PinpointApp
from tests.reference_target.answers import AnswerChecker

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "BREW"]
TEMPLATES = sorted({op.path for op in load_contract().iter_operations()})
SETTINGS = hypothesis.settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
segments = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), min_size=0, max_size=12
)


@st.composite
def paths(draw: Any, app_id: str) -> str:
    if draw(st.booleans()):
        return "/" + "/".join(draw(st.lists(segments, max_size=7)))
    parts = []
    for part in draw(st.sampled_from(TEMPLATES)).split("/"):
        if part.startswith("{"):
            real = part == "{application-id}" and draw(st.booleans())
            part = app_id if real else draw(segments).replace("%", "%25")
        parts.append(part)
    return "/".join(parts)


@st.composite
def bodies(draw: Any) -> bytes:
    kind = draw(st.sampled_from(["json", "object", "bytes", "empty"]))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "object":
        keys = st.sampled_from(
            ["Name", "SegmentId", "Item", "Schedule", "Dimensions", "Status", "Type", "x"]
        )
        return json.dumps(draw(st.dictionaries(keys, json_values, max_size=5))).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=64))
    return b""


@pytest.fixture(scope="module")
def local_app() -> PinpointApp:
    return PinpointApp()


@pytest.fixture(scope="module")
def local_app_id(local_app: PinpointApp) -> str:
    body = b'{"Name": "robust"}'
    status, _, payload = local_app.answer(
        {
            "REQUEST_METHOD": "POST",
            "REQUEST_URI": "/v1/apps",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
    )
    assert status.startswith("201")
    return str(json.loads(payload)["Id"])


@st.composite
def requests_(draw: Any, app_id: str) -> dict[str, Any]:
    body = draw(bodies())
    environ: dict[str, Any] = {
        "REQUEST_METHOD": draw(st.sampled_from(METHODS)),
        "REQUEST_URI": draw(paths(app_id)),
        "QUERY_STRING": draw(
            st.sampled_from(["", "page-size=2", "page-size=0", "token=abc", "page-size=2&token="])
            | st.text(max_size=30)
        ),
        "wsgi.input": io.BytesIO(body),
    }
    environ["REQUEST_URI"] += "?" + environ["QUERY_STRING"] if environ["QUERY_STRING"] else ""
    length = draw(st.sampled_from(["exact", "none", "bogus", "negative", "huge"]))
    environ["CONTENT_LENGTH"] = {
        "exact": str(len(body)),
        "none": "",
        "bogus": "12abc",
        "negative": "-5",
        "huge": str(10**12),
    }[length]
    accept = draw(
        st.sampled_from([None, "*/*", "application/hal+json", "application/hal+json;q=0.x"])
        | st.text(max_size=20)
    )
    if accept is not None:
        environ["HTTP_ACCEPT"] = accept
    return environ


def test_the_application_never_answers_5xx(
    local_app: PinpointApp, local_app_id: str, checker: AnswerChecker
) -> None:
    @SETTINGS
    @hypothesis.given(environ=requests_(local_app_id))
    def check(environ: dict[str, Any]) -> None:
        status, headers, payload = local_app.answer(environ)
        code = int(status.split()[0])
        assert code < 500, payload
        header_map = dict(headers)
        checker.check(
            environ["REQUEST_METHOD"],
            "http://target" + environ["REQUEST_URI"],
            code,
            header_map,
            payload,
        )

    check()


def test_over_http_arbitrary_requests_never_get_a_5xx(
    base_url: str, app_id: str, checker: AnswerChecker
) -> None:
    session = requests.Session()
    session.trust_env = False

    @hypothesis.settings(SETTINGS, max_examples=150)
    @hypothesis.given(
        method=st.sampled_from(METHODS[:-1]),
        path=paths(app_id),
        body=bodies(),
        accept=st.sampled_from(["*/*", "application/hal+json", "text/plain"]),
    )
    def check(method: str, path: str, body: bytes, accept: str) -> None:
        response = session.request(
            method, base_url + path, data=body, headers={"Accept": accept}, timeout=30
        )
        assert response.status_code < 500, response.text
        checker.check(
            method, response.url, response.status_code, response.headers, response.content
        )

    check()
    session.close()
