"""A property that failed and was shrunk when recorded replays as it ran: the values
hypothesis gave it (its examples, then those it shrank) come from the cassette, in order, and
the replay reports the same smallest failing example without generating anything."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from pinpoint_conformance.cassette import ExactJSON
from pinpoint_conformance.generated import GENERATED_FILE
from pinpoint_conformance.reference_target import PinpointApp
from pinpoint_conformance.verdicts import verdicts
from tests.cassettes.offline import attempts, offline_folder, replay
from tests.faults.faults import FAULTS
from tests.faults.layer import FaultyTarget
from tests.faults.runner import run_suite


def test_a_shrunk_failing_property_replays_to_the_same_finding(tmp_path: Path) -> None:
    cassette = tmp_path / "cassette"
    live = run_suite(FaultyTarget(FAULTS["optional-member-dropped-on-store"], PinpointApp()),
                     tmp_path / "live", label="record", select="any_valid_campaign", cli=True,
                     extra=("--record", str(cassette)))
    assert "LIFE-010" in live.check_ids, live.summary()
    kept = ExactJSON.deserialize(gzip.decompress(
        (cassette / GENERATED_FILE).read_bytes()).decode("utf-8"))
    given = [len(call["values"]) for test, calls in kept["draws"].items()
             if "test_any_valid_campaign_round_trips" in test
             for call in calls if call["kind"] == "property"]
    assert len(given) == 1 and given[0] > 1, given  # the examples, then the shrinking

    offline = offline_folder(tmp_path / "offline")
    result, report = replay(cassette, offline, tmp_path / "replay.json")
    assert report is not None, result.stdout[-2000:] + result.stderr[-2000:]
    assert attempts(offline) == []
    assert verdicts(report) == verdicts(live.report)
    assert result.returncode == live.returncode
    assert report["requests_sent"] == live.report["requests_sent"]
    # the findings of the smallest failing example, whole (what was missing, where)
    assert _findings(report, "LIFE-010") == _findings(live.report, "LIFE-010")


def _findings(report: dict[str, Any], check_id: str) -> list[dict[str, Any]]:
    return [f for o in report["outcomes"] for f in o["findings"] if f["check_id"] == check_id]
