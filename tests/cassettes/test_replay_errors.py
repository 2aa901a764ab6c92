"""What a replay refuses: wrong options (one line, exit 4), and a request the cassette does not
hold (the run stops at once, naming it and the nearest recorded one, never reaching out)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.cassette import CASSETTE_FILE
from pinpoint_conformance.cassette_metadata import METADATA_FILE
from pinpoint_conformance.generated import GENERATED_FILE, GeneratedLog, NotGenerated
from tests.cassettes.offline import CASSETTES, attempts, offline_folder, replay, tampered_copy
from tests.run.test_against_moto import run_cli


@pytest.mark.parametrize(("args", "message"), [
    (["--record", "a", "--replay", str(CASSETTES / "moto")], "exclude each other"),
    (["--replay", "no-such-folder"], "--replay: no-such-folder is not a folder"),
    (["--replay", str(CASSETTES / "moto"), "--target", "http://127.0.0.1:9"],
     "--replay takes --target from the cassette"),
    (["--record", "missing-parent/cassette"], "--record 'missing-parent/cassette'"),
    (["--replay", "without-generated"], "--replay: without-generated has no generated.json.gz"),
    (["--replay", "format-1"], "was recorded in cassette format 1, this version replays format "
                               "2: re-record it with --record format-1"),
])
def test_wrong_cassette_options_are_one_line(tmp_path: Path, args: list[str],
                                             message: str) -> None:
    shutil.copytree(CASSETTES / "moto", tmp_path / "without-generated")
    (tmp_path / "without-generated" / GENERATED_FILE).unlink()
    shutil.copytree(CASSETTES / "moto", tmp_path / "format-1")
    metadata = json.loads((tmp_path / "format-1" / METADATA_FILE).read_text())
    (tmp_path / "format-1" / METADATA_FILE).write_text(json.dumps({**metadata, "format": 1}))
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


def _one_property_value_less(folder: Path) -> None:
    log = GeneratedLog.load(folder)
    calls = next(calls for test, calls in log.draws.items() if "any_valid_segment" in test)
    calls[0]["values"] = calls[0]["values"][:-1]
    log.save()


def test_a_replay_that_generates_differently_stops_at_once(tmp_path: Path) -> None:
    """A replay that sends less than was recorded (here: a property's recorded values cut
    short, so the last example's requests are never asked for) ends with exit 4 and says to
    re-record, like a request the cassette does not hold."""
    shutil.copytree(CASSETTES / "reference", tmp_path / "cassette")
    _one_property_value_less(tmp_path / "cassette")
    offline = offline_folder(tmp_path / "offline")
    result, report = replay(tmp_path / "cassette", offline, tmp_path / "report.json")
    output = result.stdout + result.stderr
    assert report is not None and result.returncode == 4, output[-3000:]
    stopped = [note for note in report["notes"] if note.startswith("stopped: ")]
    assert len(stopped) == 1 and "the replay did not ask for" in stopped[0], report["notes"]
    assert f"re-record the cassette with --record {tmp_path / 'cassette'}" in stopped[0]
    assert attempts(offline) == []


def test_a_property_asking_for_values_never_recorded_is_named(tmp_path: Path) -> None:
    log = GeneratedLog(replaying=True, folder=tmp_path, draws={"m::t": [
        {"kind": "draw_one", "values": [1]}]})
    log.begin("m::t")
    with pytest.raises(NotGenerated, match="holds a draw_one as generated call 1 of m::t, the "
                       "run asks for a property"):
        log.take_draws("property")
    log.begin("m::other")
    with pytest.raises(NotGenerated, match="holds nothing as generated call 1 of m::other"):
        log.take_draws("draw_one")


@pytest.mark.parametrize("damaged", [CASSETTE_FILE, GENERATED_FILE])
def test_a_damaged_cassette_is_one_line_and_exit_4(tmp_path: Path, damaged: str) -> None:
    shutil.copytree(CASSETTES / "moto", tmp_path / "cassette")
    (tmp_path / "cassette" / damaged).write_bytes(b"not gzip")
    result = run_cli(tmp_path, "--replay", str(tmp_path / "cassette"))
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"ERROR: pinpoint-conformance: --replay: "
                               f"{tmp_path / 'cassette' / damaged} cannot be read (")
    assert lines[0].endswith(f"--record {tmp_path / 'cassette'}")
    assert "Traceback" not in result.stdout + result.stderr
