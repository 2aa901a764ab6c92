"""Targets that differ from the reference target in ways the contract allows get no finding.

A check is trusted once it fails on its fault (test_fault_proofs.py) and stays silent on
every conforming variation: a check that reports one is a false alarm. Each variation of
`tests/faults/variations.py` is served by the fault layer and the suite runs against it
(quick profile, `-k` the tests it could upset, the FUZZ module where it matters), in the
same pool of runs as the faults. A variation some check still reports is listed in
`FALSE_ALARMS` with the diagnosis; its test is an expected failure (strict: it turns into a
failure once the check is fixed, and the entry must go).
"""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

from pinpoint_conformance.checks.document import load_all
from pinpoint_conformance.contract import HAL_JSON
from pinpoint_conformance.suite import bodies
from tests.faults.conftest import Runs
from tests.faults.faults import FAULTS
from tests.faults.layer import FaultyTarget
from tests.faults.runner import Run
from tests.faults.variations import (
    ALLOWED_BY,
    DECISIONS,
    FALSE_ALARMS,
    JUDGED,
    VARIATIONS,
    VARIATIONS_BY_NAME,
)

FAMILIES = {check.family for check in load_all()}


def _param(name: str) -> object:
    marks = []
    if name in FALSE_ALARMS:
        checks, diagnosis = FALSE_ALARMS[name]
        marks.append(pytest.mark.xfail(strict=True, reason=f"{', '.join(checks)}: {diagnosis}"))
    return pytest.param(name, id=name, marks=marks)


def _judged(run: Run, name: str, verdicts: set[str]) -> None:
    """The variation applied, the suite could judge it (no ERROR), and each family it could
    upset has outcomes with one of these verdicts (not only SKIPPED or UNSUPPORTED)."""
    assert run.report, run.summary()
    assert run.applied > 0, f"{name} never applied to what `-k {run.label}` runs: it proves nothing"
    assert not [o for o in run.outcomes if o["status"] == "ERROR"], run.summary()
    judged = {o["family"] for o in run.outcomes if o["status"] in verdicts}
    assert JUDGED[name] <= judged, (sorted(JUDGED[name] - judged), run.summary())


def test_every_variation_is_declared_as_conforming() -> None:
    names = [variation.name for variation in VARIATIONS]
    assert len(names) == len(set(names)) and not set(names) & set(FAULTS)
    for variation in VARIATIONS:
        assert variation.catches == (), variation.name
        assert variation.description and variation.select and ALLOWED_BY[variation.name]
        assert JUDGED[variation.name] and JUDGED[variation.name] <= FAMILIES, variation.name
        assert ("FUZZ" in JUDGED[variation.name]) == variation.fuzz, variation.name
    for name, (checks, diagnosis) in FALSE_ALARMS.items():
        assert name in VARIATIONS_BY_NAME and checks and diagnosis, name


@pytest.mark.parametrize("variation_name", [_param(v.name) for v in VARIATIONS])
def test_a_conforming_variation_gets_no_must_finding(variation_name: str,
                                                     suite_runs: Runs) -> None:
    run = suite_runs[variation_name]
    _judged(run, variation_name, {"PASS"})
    must = [f"{f['check_id']} {f['operation_id']}: {f['message']} ({f['actual'][:120]})"
            for f in run.findings if f["level"] == "MUST"]
    assert not must, "\n".join(must[:10])
    assert run.returncode == 0, run.summary()
    # nothing else either, but the SHOULD checks of the decisions it departs from, which
    # must say so (a declared decision nothing reports is stale)
    decided = DECISIONS[variation_name]
    assert {f["level"] for f in run.findings} <= {"SHOULD"}, run.summary()
    assert run.check_ids == decided, run.summary()


# ---------------------------------------------------------------------- the variations themselves
def _layer(name: str) -> tuple[Client, str]:
    client = Client(FaultyTarget(VARIATIONS_BY_NAME[name]))
    answer = client.post("/v1/apps", json={"Name": "variation"})
    assert answer.status_code == 201
    return client, str(answer.get_json()["Id"])


def test_methods_implemented_nowhere_are_501_pages() -> None:
    client, app_id = _layer("unknown-methods-answer-501")
    for method in ("PATCH", "OPTIONS", "TRACE"):
        answer = client.open(f"/v1/apps/{app_id}", method=method)
        assert answer.status_code == 501, method
        assert answer.headers["Content-Type"].startswith("text/html")
        assert f"Unsupported method ('{method}')" in answer.get_data(as_text=True)
    assert client.open(f"/v1/apps/{app_id}", method="HEAD").status_code == 405
    assert client.put(f"/v1/apps/{app_id}").status_code == 405  # a method of the API


@pytest.mark.parametrize(("name", "pattern"), [
    ("ids-uuid-with-dashes", r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    ("ids-decimal-counters", r"^[1-9][0-9]*$"),
    ("ids-base64url", r"^[A-Za-z0-9_-]{22}$"),
])
def test_ids_of_another_form_are_used_throughout(name: str, pattern: str) -> None:
    import re

    client, app_id = _layer(name)
    assert re.match(pattern, app_id)
    segment = client.post(f"/v1/apps/{app_id}/segments", json=bodies.segment("s"),
                          headers={"Accept": HAL_JSON}).get_json()
    assert re.match(pattern, segment["Id"]) and segment["ApplicationId"] == app_id
    assert segment["_links"]["self"]["href"] == f"/v1/apps/{app_id}/segments/{segment['Id']}"
    assert segment["Arn"].endswith(f"apps/{app_id}/segments/{segment['Id']}")
    campaign = client.post(f"/v1/apps/{app_id}/campaigns",
                           json=bodies.campaign("c", segment["Id"])).get_json()
    assert campaign["SegmentId"] == segment["Id"]
    read = client.get(f"/v1/apps/{app_id}/campaigns/{campaign['Id']}/versions/1").get_json()
    assert read["Id"] == campaign["Id"]
    made_up = "f" * 32  # a client's own id that looks like the reference target's
    assert client.get(f"/v1/apps/{app_id}/segments/{made_up}").status_code == 404


def test_service_names_are_answered_and_either_reading_accepted() -> None:
    client, app_id = _layer("service-member-names")
    segment = client.post(f"/v1/apps/{app_id}/segments", json=bodies.segment("s")).get_json()
    assert segment["SegmentType"] == "DIMENSIONAL" and "Type" not in segment
    assert segment["Dimensions"]["Behavior"]["Recency"]["RecencyType"] == "ACTIVE"
    campaign = client.post(f"/v1/apps/{app_id}/campaigns",
                           json=bodies.campaign("c", segment["Id"])).get_json()
    assert campaign["State"] == {"CampaignStatus": "SCHEDULED"}
    job = client.post(f"/v1/apps/{app_id}/jobs/import",
                      json=bodies.import_job(1, segment["Id"])).get_json()
    assert job["JobStatus"] == "CREATED" and job["Type"] == "Import"


def test_lists_newest_first_with_tokens_of_their_own() -> None:
    client, app_id = _layer("lists-newest-first")
    made = [client.post(f"/v1/apps/{app_id}/segments", json=bodies.segment(f"s{n}")).get_json()
            ["Id"] for n in range(3)]
    first = client.get(f"/v1/apps/{app_id}/segments?page-size=2").get_json()
    assert [item["Id"] for item in first["Item"]] == made[:0:-1]
    last = client.get(f"/v1/apps/{app_id}/segments?page-size=2&token={first['NextToken']}")
    assert [item["Id"] for item in last.get_json()["Item"]] == made[:1]
    assert "NextToken" not in last.get_json()
    assert client.get(f"/v1/apps/{app_id}/segments?token=made-up").status_code == 400


def test_tokens_need_percent_encoding() -> None:
    from urllib.parse import quote

    client, app_id = _layer("tokens-base64-padded")
    for n in range(3):
        client.post(f"/v1/apps/{app_id}/segments", json=bodies.segment(f"s{n}"))
    first = client.get(f"/v1/apps/{app_id}/segments?page-size=1",
                       headers={"Accept": HAL_JSON}).get_json()
    token = first["NextToken"]
    assert set(token) & set("+/=")
    assert first["_links"]["next"]["href"].endswith(f"token={quote(token, safe='')}")
    second = client.get(f"/v1/apps/{app_id}/segments?page-size=1&token={quote(token, safe='')}")
    assert second.status_code == 200 and second.get_json()["Item"] != first["Item"]


def test_answers_are_gzipped_only_when_the_client_accepts_it() -> None:
    import gzip

    client, app_id = _layer("gzip-when-accepted")
    plain = client.get(f"/v1/apps/{app_id}")
    assert "Content-Encoding" not in plain.headers
    zipped = client.get(f"/v1/apps/{app_id}", headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.get_data())) == plain.get_json()
