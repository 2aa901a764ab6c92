"""Record a run against the embedded reference target, replay it offline: the same verdicts
from the same requests. A few checks of each kind (lifecycle, properties, FUZZ) keep it short;
the shipped cassettes cover whole runs (test_shipped_cassettes.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.cassette import CASSETTE_FILE
from pinpoint_conformance.cassette_metadata import read_metadata
from pinpoint_conformance.verdicts import verdicts
from tests.cassettes.offline import attempts, offline_folder, replay
from tests.run.test_against_moto import run_cli

SELECTION = "segment_lifecycle or any_valid_segment or test_schemathesis_phase[examples]"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("record")
    out = folder / "live.json"
    result = run_cli(folder, "--profile", "quick", "--seed", "11", "-k", SELECTION,
                     "--record", str(folder / "cassette"), "--json-report", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "cassette", json.loads(out.read_text(encoding="utf-8"))


def test_a_recording_holds_the_run_and_its_metadata(
        recorded: tuple[Path, dict[str, Any]]) -> None:
    cassette, live = recorded
    assert (cassette / CASSETTE_FILE).stat().st_size > 1000
    metadata = read_metadata(cassette)
    assert (metadata.seed, metadata.profile, metadata.keyword) == (11, "quick", SELECTION)
    assert metadata.recorded_at == live["started_at"]
    assert metadata.target_kind == "embedded reference target"


def test_a_replay_sends_the_recorded_requests_and_judges_the_same(
        recorded: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    cassette, live = recorded
    offline = offline_folder(tmp_path / "offline")
    result, report = replay(cassette, offline, tmp_path / "replay.json")  # -k from metadata
    assert report is not None and result.returncode == live["exit_code"], result.stdout[-3000:]
    assert attempts(offline) == []
    assert verdicts(report) == verdicts(live)
    assert report["requests_sent"] == live["requests_sent"]
    assert (report["seed"], report["profile"], report["started_at"]) == (
        live["seed"], live["profile"], live["started_at"])
    assert report["summary"] == live["summary"]


def test_the_plugin_replays_with_its_own_options(recorded: tuple[Path, dict[str, Any]],
                                                 tmp_path: Path) -> None:
    cassette, live = recorded
    out = tmp_path / "plugin.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "0",
         "--pyargs", "pinpoint_conformance.suite", "-k", SELECTION,
         "--pinpoint-replay", str(cassette), "--pinpoint-json-report", str(out)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    assert result.returncode == live["exit_code"], result.stdout[-3000:] + result.stderr[-2000:]
    assert verdicts(json.loads(out.read_text(encoding="utf-8"))) == verdicts(live)
