"""A real third-party target: moto's server, started here on 127.0.0.1.

moto implements apps, settings and event streams only; the run must finish with a report
in which the missing operations are UNSUPPORTED (not a cascade of failures) and moto's real
deviations are FAILs. With the shipped baseline (baselines/moto.yaml) those deviations are
known and the run exits 0; a finding the baseline does not list fails it, and so does, under
--strict-baseline, an entry that no longer occurs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from moto.server import ThreadedMotoServer

SHIPPED_BASELINE = Path(__file__).parents[2] / "baselines" / "moto.yaml"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def moto_report(moto_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("moto") / "report.json"
    result = run_cli(
        out.parent,
        "--target",
        moto_url,
        "--profile",
        "quick",
        "--json-report",
        str(out),
        "--seed",
        "7",
        "--baseline",
        str(SHIPPED_BASELINE),
    )
    # moto deviates (MUST findings), as the shipped baseline lists: the gate passes
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads(Path(out).read_text(encoding="utf-8"))
    report["_stdout"] = result.stdout
    return report


def run_cli(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`pinpoint-conformance run ARGS` in `cwd`, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "pinpoint_conformance.cli", "run", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        check=False,
        env=env,
    )


def _statuses(report: dict, operation_id: str) -> set[str]:
    return {s for s in report["matrix"][operation_id].values() if s}


def test_operations_moto_lacks_are_unsupported_once(moto_report: dict) -> None:
    for operation_id in (
        "CreateSegment",
        "UpdateEndpoint",
        "UpdateEndpointsBatch",
        "GetApnsChannel",
        "GetGcmChannel",
    ):
        assert _statuses(moto_report, operation_id) == {"UNSUPPORTED"}, operation_id
    unsupported = [o for o in moto_report["outcomes"] if o["status"] == "UNSUPPORTED"]
    assert all("404" in o["reason"] for o in unsupported)
    # the operations moto implements are judged, not written off as unsupported
    for operation_id in (
        "GetApplicationSettings",
        "UpdateApplicationSettings",
        "GetEventStream",
        "PutEventStream",
        "GetApp",
        "GetApps",
    ):
        assert "UNSUPPORTED" not in _statuses(moto_report, operation_id), operation_id


def test_the_fuzzer_judges_what_moto_implements(moto_report: dict) -> None:
    fuzzed = {
        op for op, row in moto_report["matrix"].items() if row.get("FUZZ") in {"PASS", "FAIL"}
    }
    assert {"GetApplicationSettings", "PutEventStream"} <= fuzzed
    assert "CreateCampaign" not in fuzzed


def test_moto_deviations_are_failures_with_their_check(moto_report: dict) -> None:
    findings = {
        (f["operation_id"], f["check_id"], f["level"])
        for outcome in moto_report["outcomes"]
        for f in outcome["findings"]
    }
    # moto answers text/html and writes CreationDate as epoch seconds, not ISO 8601; on the
    # application operations, which only the service model has, that is a SHOULD (ERRATA E34)
    assert ("GetApp", "CTYPE-001", "SHOULD") in findings
    assert ("GetApp", "SHAPE-005", "SHOULD") in findings  # a decided constraint: E34
    # on an operation of the reference, a MUST that fails the run
    assert ("GetApplicationSettings", "CTYPE-001", "MUST") in findings
    assert "FAIL" in _statuses(moto_report, "GetApplicationSettings")


def test_each_real_moto_deviation_is_reported_once_with_its_count(moto_report: dict) -> None:
    deviations = moto_report["deviations"]
    findings = [f for o in moto_report["outcomes"] for f in o["findings"]]
    keys = [(d["check_id"], d["level"], d["message"]) for d in deviations]
    assert len(keys) == len(set(keys))
    assert sum(d["count"] for d in deviations) == len(findings)
    assert len(deviations) * 4 < len(findings), (len(deviations), len(findings))
    # the wrong Content-Type of every answer is one deviation per level, seen everywhere
    html = [d for d in deviations if d["check_id"] == "CTYPE-001"]
    assert html and all(d["count"] > 1 and len(d["operations"]) > 1 for d in html)
    lead = moto_report["_stdout"].split("Root causes", 1)[1].split("\noperation ", 1)[0]
    assert not re.search(r"\[\d+\]", lead), "a list index in a root cause"
    numbered = re.findall(r"^ +\d+\. (MUST|SHOULD) ", lead, re.M)
    assert len(numbered) == sum(d["level"] in ("MUST", "SHOULD") for d in deviations)


def test_moto_report_carries_what_reproduces_it(moto_report: dict, moto_url: str) -> None:
    assert moto_report["seed"] == 7
    assert moto_report["target"] == moto_url
    assert moto_report["spec_version"] and moto_report["tool_version"]
    assert moto_report["requests_sent"] > 0
    assert "Pinpoint conformance report" in moto_report["_stdout"]
    assert "AKIA" not in moto_report["_stdout"]


def test_the_run_cleans_up_after_itself(moto_report: dict, moto_url: str) -> None:
    assert not [n for n in moto_report["notes"] if n.startswith("left behind")]
    import boto3

    client = boto3.client(
        "pinpoint",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    names = [a["Name"] for a in client.get_apps()["ApplicationsResponse"].get("Item", [])]
    assert "pinpoint-conformance-7" not in names


def test_strict_counts_unsupported_as_failure_and_writes_junit_and_markdown(
    moto_url: str, tmp_path: Path
) -> None:
    result = run_cli(
        tmp_path,
        "--target",
        moto_url,
        "--strict",
        "--profile",
        "quick",
        "-k",
        "segment_lifecycle",
        "--junitxml",
        "junit.xml",
        "--markdown",
        "summary.md",
        "--seed",
        "8",
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(tmp_path / "step.md")},
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "UNSUPPORTED CreateSegment" in result.stdout
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert "test_segment_lifecycle_and_versions" in junit and "<failure" in junit
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "CreateSegment" in summary and "UNSUPPORTED" in summary
    assert (tmp_path / "step.md").read_text(encoding="utf-8") == summary


def test_without_strict_unsupported_alone_does_not_fail_the_run(
    moto_url: str, tmp_path: Path
) -> None:
    result = run_cli(
        tmp_path,
        "--target",
        moto_url,
        "--profile",
        "quick",
        "-k",
        "segment_lifecycle",
        "--seed",
        "9",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "UNSUPPORTED" in result.stdout


def _baseline_without(tmp_path: Path, check_id: str, operation_id: str) -> Path:
    data = yaml.safe_load(SHIPPED_BASELINE.read_text(encoding="utf-8"))
    kept = [e for e in data["entries"]
            if (e["check"], e["operation"]) != (check_id, operation_id)]
    assert len(kept) == len(data["entries"]) - 1
    data["entries"] = kept
    path = tmp_path / "baseline.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_baseline_knows_every_moto_finding(moto_report: dict) -> None:
    compared = moto_report["baseline"]
    assert _must(moto_report, compared["new"]) == [] and compared["fixed"] == [], compared
    listed = len(yaml.safe_load(SHIPPED_BASELINE.read_text(encoding="utf-8"))["entries"])
    # a few SHOULD entries depend on what the properties generate (a member moto drops)
    assert listed - 3 <= len(compared["known"]) <= listed
    musts = [f for o in moto_report["outcomes"] for f in o["findings"] if f["level"] == "MUST"]
    assert musts, "the baseline makes moto pass by knowing its findings, not by hiding them"
    assert "(known)" in moto_report["_stdout"] and "Baseline " in moto_report["_stdout"]


def _must(report: dict, keys: list[dict]) -> list[dict]:
    """The keys (of the baseline comparison) of MUST findings: those that fail a run."""
    musts = {(f["check_id"], f["operation_id"]) for o in report["outcomes"]
             for f in o["findings"] if f["level"] == "MUST"}
    return [k for k in keys if (k["check_id"], k["operation_id"]) in musts]


def test_a_finding_the_baseline_does_not_list_fails_the_run_and_is_named(
    moto_url: str, tmp_path: Path
) -> None:
    baseline = _baseline_without(tmp_path, "CTYPE-001", "GetApplicationSettings")
    result = run_cli(tmp_path, "--target", moto_url, "--profile", "quick", "--seed", "7",
                     "-k", "settings", "--baseline", str(baseline), "--json-report", "r.json")
    assert result.returncode == 1, result.stdout[-3000:]
    new = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["baseline"]["new"]
    assert [(k["check_id"], k["operation_id"]) for k in new] == [
        ("CTYPE-001", "GetApplicationSettings")]
    assert re.search(r"^  new +CTYPE-001 GetApplicationSettings: answered text/html",
                     result.stdout, re.M), result.stdout[-3000:]


def test_a_stale_entry_fails_a_strict_baseline_run(moto_url: str, tmp_path: Path) -> None:
    data = yaml.safe_load(SHIPPED_BASELINE.read_text(encoding="utf-8"))
    stale = {"check": "LIFE-003", "operation": "DeleteEventStream", "level": "MUST",
             "message": "the deleted resource is still there", "reason": "fixed long ago"}
    data["entries"].append(stale)
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run_cli(tmp_path, "--target", moto_url, "--profile", "quick", "--seed", "7",
                     "--baseline", str(baseline), "--strict-baseline", "--json-report",
                     "r.json")
    assert result.returncode == 1, result.stdout[-3000:]
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    compared = report["baseline"]
    assert _must(report, compared["new"]) == [], compared["new"]
    assert ("LIFE-003", "DeleteEventStream") in [
        (k["check_id"], k["operation_id"]) for k in compared["fixed"]]
    assert "fixed    LIFE-003 DeleteEventStream" in result.stdout
