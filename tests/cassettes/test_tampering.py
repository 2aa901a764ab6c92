"""A replay judges, it does not echo: recorded answers edited to deviate (a Version that never
grows, a HAL answer without `_links.self`, a 500 to a create) make the replay report exactly
the checks those deviations break. Each replays one test of the shipped reference cassette
(-k), so the requests stay the recorded ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cassettes.offline import (
    CASSETTES,
    attempts,
    body_of,
    offline_folder,
    replay,
    set_body,
    tampered_copy,
)

Edit = Callable[[list[dict[str, Any]]], None]


def _answers(interactions: list[dict[str, Any]], method: str,
             path_end: str) -> list[dict[str, Any]]:
    """The answers to requests with this method whose path ends so (the segments the test
    made: their paths end in an id, so `path_end` names the collection)."""
    return [i["response"] for i in interactions
            if i["request"]["method"] == method
            and i["request"]["uri"].split("?")[0].rsplit("/", 2)[-2:-1] == [path_end]
            and 200 <= i["response"]["status"]["code"] < 300]


def version_never_grows(interactions: list[dict[str, Any]]) -> None:
    # the reads after each update (GetSegment): the updates' own answers decide which
    # versions the run asks for next, so editing those would change the requests
    for answer in _answers(interactions, "GET", "segments"):
        body = body_of(answer)
        if isinstance(body, dict) and "Version" in body:
            set_body(answer, {**body, "Version": 1})


def no_self_link(interactions: list[dict[str, Any]]) -> None:
    # the items of the HAL list pages (GetSegments): a resource's own self link would be
    # followed, so removing it would change the requests that follow
    for interaction in interactions:
        request, answer = interaction["request"], interaction["response"]
        if request["method"] != "GET" or "/segments?" not in request["uri"]:
            continue
        page = body_of(answer)
        if isinstance(page, dict) and isinstance(page.get("Item"), list):
            items = [{**item, "_links": {k: v for k, v in item.get("_links", {}).items()
                                         if k != "self"}} for item in page["Item"]]
            set_body(answer, {**page, "Item": items})


def create_fails(interactions: list[dict[str, Any]]) -> None:
    for interaction in interactions:
        request, answer = interaction["request"], interaction["response"]
        if request["method"] == "POST" and request["uri"].endswith("/segments"):
            answer["status"] = {"code": 500, "message": "Internal Server Error"}
            set_body(answer, {"Message": "Internal server error", "RequestID": "r-1"})
            answer["headers"]["x-amzn-ErrorType"] = ["InternalServerErrorException"]


CASES: dict[str, tuple[Edit, str, set[str]]] = {
    # edit, the test replayed (-k), the check ids the replay must report (and no other)
    "a Version that never grows": (version_never_grows, "test_segment_lifecycle_and_versions",
                                   {"VER-002"}),
    # HAL-005 says so; SHAPE-005: the HAL schemas require _links.self (a decision, E20)
    "no _links.self": (no_self_link, "test_hal_segments", {"HAL-005", "SHAPE-005"}),
    "a 500 on a create": (create_fails, "test_segment_lifecycle_and_versions",
                          {"STATUS-006"}),
}


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return offline_folder(tmp_path_factory.mktemp("offline"))


def _replayed_ids(cassette: Path, offline: Path, out: Path, test: str) -> set[str]:
    result, report = replay(cassette, offline, out, "-k", test)
    assert report is not None, result.stdout[-3000:] + result.stderr[-3000:]
    assert "holds no answer" not in result.stdout + result.stderr, result.stdout[-2000:]
    return {f["check_id"] for o in report["outcomes"] for f in o.get("findings", ())
            if f["level"] in ("MUST", "SHOULD")}


@pytest.fixture(scope="module")
def clean(offline: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The check ids each replayed test reports from the untouched recording."""
    tests = sorted({test for _, test, _ in CASES.values()})
    return {test: _replayed_ids(CASSETTES / "reference", offline,
                                tmp_path_factory.mktemp("clean") / "report.json", test)
            for test in tests}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edited_answer_fails_exactly_its_checks(case: str, offline: Path,
                                                   clean: dict[str, set[str]],
                                                   tmp_path: Path) -> None:
    edit, test, expected = CASES[case]
    assert clean[test] == set()  # the untouched recording conforms
    cassette = tampered_copy(CASSETTES / "reference", tmp_path / "cassette", edit)
    assert _replayed_ids(cassette, offline, tmp_path / "report.json", test) == expected
    assert attempts(offline) == []
