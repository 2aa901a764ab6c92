"""A read-only run (--read-only) sends GET requests only, against an application seeded with
data, judges what it reads, and reports everything that would write SKIPPED with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import requests

from pinpoint_conformance.plugin import READ_ONLY_SKIP
from pinpoint_conformance.reference_target import PinpointApp
from pinpoint_conformance.suite import bodies
from tests.faults.faults import FAULTS
from tests.faults.layer import FaultyTarget
from tests.faults.runner import Run, run_suite

ENDPOINT_ID = "seeded-endpoint"


class Recording:
    """A WSGI middleware that counts the methods the target is sent."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.methods: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        with self._lock:
            self.methods[environ["REQUEST_METHOD"]] += 1
        return self.app(environ, start_response)

    def __getattr__(self, name: str) -> Any:  # what the server asks of the target's app
        return getattr(self.app, name)


def seed(url: str) -> str:
    """An application holding two segments, a campaign updated twice, an import job and an
    endpoint: what a production project would already have."""
    base = f"{url}/v1/apps"

    def send(method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = requests.request(method, path, json=body, timeout=10)
        assert answer.status_code < 300, answer.text
        return dict(answer.json())

    app_id = send("POST", base, {"Name": "seeded"})["Id"]
    apps = f"{base}/{app_id}"
    segments = [send("POST", f"{apps}/segments", bodies.segment(f"seeded-{n}"))["Id"]
                for n in range(2)]
    campaign = send("POST", f"{apps}/campaigns", bodies.campaign("seeded", segments[0]))["Id"]
    for title in ("Second", "Third"):
        send("PUT", f"{apps}/campaigns/{campaign}",
             bodies.campaign("seeded", segments[0], title))
    send("POST", f"{apps}/jobs/import", bodies.import_job(7, segments[0]))
    send("PUT", f"{apps}/endpoints/{ENDPOINT_ID}", bodies.endpoint("seeded-token", "user-1"))
    return str(app_id)


def read_only_run(app: Any, tmp: Path, label: str) -> Run:
    return run_suite(app, tmp, label=label, prepare=seed, cli=True, fuzz=True,
                     extra=("--read-only", "--endpoint-id", ENDPOINT_ID))


@pytest.fixture(scope="module")
def conforming(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Recording]:
    target = Recording(PinpointApp())
    run = read_only_run(target, tmp_path_factory.mktemp("read-only"), "read-only")
    return run, target


def test_a_read_only_run_sends_only_gets(conforming: tuple[Run, Recording]) -> None:
    run, target = conforming
    seeding = target.methods["POST"] + target.methods["PUT"]
    # what seed() sent: the application, 2 segments, 1 campaign, 2 updates, 1 job, 1 endpoint
    assert seeding == 8, target.methods
    assert set(target.methods) <= {"GET", "HEAD", "POST", "PUT"}, target.methods
    assert target.methods["DELETE"] == 0 and target.methods["GET"] > 50, target.methods
    assert run.report["requests_sent"] == target.methods["GET"], run.summary()


def test_a_read_only_run_judges_what_exists(conforming: tuple[Run, Recording]) -> None:
    run, _ = conforming
    assert run.returncode == 0, run.summary()
    passed = {(o["family"], o["operation_id"]) for o in run.outcomes if o["status"] == "PASS"}
    for cell in [("SHAPE", "GetEndpoint"), ("HAL", "GetCampaign"), ("PAGE", "GetSegments"),
                 ("PAGE", "GetCampaignVersions"), ("VER", "GetCampaignVersions"),
                 ("VER", "GetCampaignVersion"), ("ERR", "GetImportJob"),
                 ("CTYPE", "GetSegmentVersion"), ("HAL", "GetImportJobs")]:
        assert cell in passed, (cell, run.summary())
    assert not any(o["status"] == "ERROR" for o in run.outcomes), run.summary()


def test_what_would_write_is_skipped_with_the_reason(conforming: tuple[Run, Recording]) -> None:
    run, _ = conforming
    skipped = [o for o in run.outcomes if o["status"] == "SKIPPED"]
    writes = [o for o in skipped if o["reason"] == READ_ONLY_SKIP]
    assert {o["family"] for o in writes} >= {"LIFE", "FUZZ", "ERR", "PAGE", "HAL"}, skipped[:5]
    assert "--read-only" in READ_ONLY_SKIP and "writes" in READ_ONLY_SKIP
    assert "SKIPPED" in run.output or "skipped" in run.output


def test_a_read_only_run_finds_a_fault_it_can_see(tmp_path: Path) -> None:
    """Judging, not only reading: the versions list of a target that lacks version 1."""
    target = Recording(FaultyTarget(FAULTS["history-missing-a-version"]))
    run = read_only_run(target, tmp_path, "read-only, history-missing-a-version")
    assert run.returncode == 1, run.summary()
    assert "VER-003" in run.check_ids or "VER-009" in run.check_ids, run.summary()
    assert target.methods["DELETE"] == 0, target.methods


def test_a_recorded_read_only_run_replays_as_read_only(tmp_path: Path) -> None:
    """The cassette keeps --read-only and --endpoint-id: the replay runs the same GETs."""
    cassette = tmp_path / "cassette"
    recorded = run_suite(PinpointApp(), tmp_path / "record", label="read-only, recorded",
                         prepare=seed, cli=True, fuzz=True,
                         extra=("--read-only", "--endpoint-id", ENDPOINT_ID, "--record",
                                str(cassette)))
    assert recorded.returncode == 0, recorded.summary()
    report = tmp_path / "replay.json"
    replayed = subprocess.run(
        [sys.executable, "-m", "pinpoint_conformance.cli", "run", "--replay", str(cassette),
         "--json-report", str(report)], capture_output=True, text=True, timeout=300,
        cwd=tmp_path, check=False)
    assert replayed.returncode == 0, replayed.stdout[-3000:] + replayed.stderr[-2000:]
    again = json.loads(report.read_text(encoding="utf-8"))
    assert again["requests_sent"] == recorded.report["requests_sent"]
    assert Counter(o["status"] for o in again["outcomes"]) == recorded.statuses()
