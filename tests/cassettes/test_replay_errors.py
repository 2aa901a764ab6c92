"""What a replay refuses: wrong options (one line, exit 4), and a request the cassette does not
hold (the run stops at once, naming it and the nearest recorded one, never reaching out)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.cassette_metadata import METADATA_FILE
from tests.cassettes.offline import CASSETTES, attempts, offline_folder, replay, tampered_copy
from tests.run.test_against_moto import run_cli


@pytest.mark.parametrize(("args", "message"), [
    (["--record", "a", "--replay", str(CASSETTES / "moto")], "exclude each other"),
    (["--replay", "no-such-folder"], "--replay: no-such-folder is not a folder"),
    (["--replay", str(CASSETTES / "moto"), "--target", "http://127.0.0.1:9"],
     "--replay takes --target from the cassette"),
    (["--record", "missing-parent/cassette"], "--record 'missing-parent/cassette'"),
])
def test_wrong_cassette_options_are_one_line(tmp_path: Path, args: list[str],
                                             message: str) -> None:
    result = run_cli(tmp_path, *args)
    assert result.returncode == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pinpoint-conformance: "), result.stderr
    assert message in lines[0]


def _without_the_first_create_app(interactions: list[dict[str, Any]]) -> None:
    first = next(n for n, i in enumerate(interactions)
                 if i["request"]["method"] == "POST" and i["request"]["uri"].endswith("/v1/apps"))
    del interactions[first]


def test_a_request_not_in_the_cassette_stops_the_replay_at_once(tmp_path: Path) -> None:
    cassette = tampered_copy(CASSETTES / "moto", tmp_path / "cassette",
                             _without_the_first_create_app)
    metadata = json.loads((cassette / METADATA_FILE).read_text())
    (cassette / METADATA_FILE).write_text(json.dumps({**metadata, "tool_version": "0.0.1"}))
    offline = offline_folder(tmp_path / "offline")
    started = time.monotonic()
    result, _ = replay(cassette, offline, tmp_path / "report.json")
    output = result.stdout + result.stderr
    assert result.returncode == 4, output[-3000:]
    assert time.monotonic() - started < 60
    assert "recorded with another version (tool 0.0.1 recorded" in result.stderr
    assert "holds no answer for POST /v1/apps body" in output
    assert "the nearest recorded request is POST /v1/apps" in output
    assert f"re-record it with --record {cassette}" in output
    assert attempts(offline) == []
