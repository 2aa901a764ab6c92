"""One root cause reads as one finding (issue 9).

A lenient target stores bodies that break a rule of the contract. Left in the run's
application, each would fail every later list and read that shows it: one accepted campaign
once gave 772 SHAPE-002 findings on GetCampaigns, one per list index. The run must instead
report the acceptance, once, at the top of its report, and nothing that follows from it.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.faults import lenient
from tests.faults.runner import run_suite

MAX_FINDINGS = 20


def test_a_single_accepted_invalid_body_reads_as_one_root_cause(tmp_path: Path) -> None:
    target = lenient.lenient_target(lenient.LOWER_CASE_FREQUENCY)
    run = run_suite(target, tmp_path, label="accepts daily", cli=True, fuzz=True)
    assert target.bodies.let_through > 0, "the target never tolerated anything: proves nothing"
    assert run.returncode == 1, run.summary()  # Valid values are stated: a MUST
    assert len(run.findings) < MAX_FINDINGS, run.summary()
    deviations = run.report["deviations"]
    musts = [d for d in deviations if d["level"] == "MUST"]
    assert [(d["check_id"], d["message"]) for d in musts] == [
        ("ERR-008", "a body breaking Schedule.Frequency:enum was carried out")], run.summary()
    assert set(musts[0]["operations"]) <= {"CreateCampaign", "UpdateCampaign"}
    # nothing the acceptance left behind fails a later check
    assert not {f["check_id"] for f in run.findings} - {"ERR-008", "FUZZ-005"}, run.summary()
    lead = run.output[run.output.index("Root causes"):run.output.index("operation ")]
    assert "1. MUST   ERR-008: a body breaking Schedule.Frequency:enum was carried out" in lead


def test_three_accepted_invalid_bodies_read_as_their_own_root_causes(tmp_path: Path) -> None:
    target = lenient.lenient_target(lenient.LOWER_CASE_TIMEZONE, lenient.URL_ACTION_WITHOUT_URL,
                                    lenient.ONE_DIGIT_HOUR)
    run = run_suite(target, tmp_path, label="accepts three", profile="default")
    assert target.bodies.let_through > 0
    families = {f["family"] for f in run.findings}
    assert families == {"ERR"}, run.summary()  # no SHAPE, LIFE or PAGE cascade
    causes = {d["message"] for d in run.report["deviations"]}
    assert causes <= {
        "a body breaking Schedule.Timezone:enum was not refused",
        "a body breaking Message.Url:required-if-Action=URL was not refused",
        "a body breaking QuietTime.Start:pattern was not refused",
        "a body breaking QuietTime.End:pattern was not refused",
    }, causes
    assert len(causes) >= 2
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert sum(d["count"] for d in report["deviations"]) == len(run.findings)
