"""The known-findings baseline: keys that do not change from run to run, the file's format,
and how a run's findings compare with it (known, new, fixed, not judged)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pinpoint_conformance.baseline import (
    FORMAT,
    Baseline,
    BaselineError,
    Entry,
    Key,
    baseline_text,
    compare,
    load_baseline,
    normalised,
)
from pinpoint_conformance.findings import Finding, Level


def finding(check_id: str, operation_id: str, message: str,
            level: Level = Level.MUST) -> Finding:
    return Finding(check_id, check_id.split("-")[0], level, operation_id, message, "", "", "")


@pytest.mark.parametrize(("first", "second"), [
    ("$.Item[14].Version: is not of type 'integer'", "$.Item[3].Version: is not of type "
     "'integer'"),
    ("$.Item[2].CreationDate: missing", "$.CreationDate: missing"),
    ("campaign 6f1c0e3a-58c1-4c7e-9b1e-2f0d7c4b9a11 is not listed",
     "campaign 0b9a2c44-1111-4c7e-9b1e-2f0d7c4b9a11 is not listed"),
    ("app 70cce1a946f34a868d950f011eaaf6fd gone", "app ff66c31a13a240a1af86eaf209c52971 gone"),
    ("dated 2026-12-02T13:55:33Z", "dated 2025-01-01T00:00:00.123+01:00"),
    ("segment pc-7-page-3 lost", "segment pc-1234-errors lost"),
    ("not refused with 400", "not refused with 404"),
    ("  extra   spaces ", "extra spaces"),
])
def test_keys_fold_what_changes_between_runs(first: str, second: str) -> None:
    assert normalised(first) == normalised(second)


@pytest.mark.parametrize(("first", "second"), [
    ("answered text/html where application/json was asked",
     "answered text/plain where application/json was asked"),
    ("$.Limits.Total: is not of type 'integer'", "$.Limits.Daily: is not of type 'integer'"),
    ("a HAL answer includes no hyperlinks (_links)", "a resource has no _links.self.href"),
])
def test_keys_keep_what_tells_findings_apart(first: str, second: str) -> None:
    assert normalised(first) != normalised(second)


def test_a_written_baseline_loads_back_with_one_entry_per_key(tmp_path: Path) -> None:
    findings = [
        finding("SHAPE-002", "GetCampaigns", "$.Item[14].Version: is not of type 'integer'"),
        finding("SHAPE-002", "GetCampaigns", "$.Item[15].Version: is not of type 'integer'"),
        finding("CTYPE-001", "GetApp", "answered text/html", Level.SHOULD),
        finding("STATUS-007", "GetApp", "informational only", Level.INFO),
    ]
    path = tmp_path / "known.yaml"
    path.write_text(baseline_text(findings, target="t", tool_version="1", spec_version="2"),
                    encoding="utf-8")
    loaded = load_baseline(path)
    assert [e.key.text() for e in loaded.entries] == [
        "CTYPE-001 GetApp: answered text/html",
        "SHAPE-002 GetCampaigns: $.Version: is not of type 'integer'",
    ]  # INFO is never baselined; sorted by check, operation, message
    assert [e.level for e in loaded.entries] == ["SHOULD", "MUST"]
    assert all(loaded.knows(f) for f in findings[:3]) and not loaded.knows(findings[3])


def test_rewriting_keeps_the_reasons_people_wrote(tmp_path: Path) -> None:
    findings = [finding("CTYPE-001", "GetApp", "answered text/html")]
    path = tmp_path / "known.yaml"
    path.write_text(baseline_text(findings, target="t", tool_version="1", spec_version="2"),
                    encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["reason"] = "moto answers HTML everywhere"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    again = baseline_text(findings, target="t", tool_version="1", spec_version="2",
                          previous=load_baseline(path))
    assert "reason: moto answers HTML everywhere" in again


def test_compare_tells_known_new_fixed_and_not_judged_apart() -> None:
    listed = [Key("CTYPE-001", "GetApp", "answered text/html"),
              Key("HAL-001", "GetApp", "no links"),
              Key("PAGE-001", "GetApps", "a page holds more items than asked")]
    baseline = Baseline([Entry(k) for k in listed])
    found = [finding("CTYPE-001", "GetApp", "answered text/html"),
             finding("SHAPE-002", "GetApp", "$.Name: missing")]
    judged = {("CTYPE", "GetApp"), ("HAL", "GetApp"), ("SHAPE", "GetApp")}
    result = compare(baseline, found, judged)
    assert result.known == [listed[0]]
    assert result.new == [Key("SHAPE-002", "GetApp", "$.Name: missing")]
    assert result.fixed == [listed[1]]  # judged (HAL on GetApp), no longer found
    assert result.not_judged == [listed[2]]  # a narrower run did not walk GetApps' pages


@pytest.mark.parametrize(("text", "message"), [
    ("format: something-else/1\nentries: []\n", "is not a baseline"),
    ("[1, 2]\n", "is not a baseline"),
    (f"format: {FORMAT}\nentries:\n- check: CTYPE-001\n  operation: GetApp\n",
     "entry 1 needs a check, an operation and a message"),
    (f"format: {FORMAT}\nentries: [42]\n", "entry 1 needs"),
    ("format: [unclosed\n", "is not YAML (line"),
])
def test_a_file_that_is_not_a_baseline_says_so_in_one_line(tmp_path: Path, text: str,
                                                            message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=None) as raised:
        load_baseline(path)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_baseline_is_a_baseline_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read the baseline"):
        load_baseline(tmp_path / "absent.yaml")


def test_the_shipped_moto_baseline_loads_and_every_entry_has_a_reason() -> None:
    shipped = load_baseline(Path(__file__).parents[2] / "baselines" / "moto.yaml")
    assert len(shipped.entries) > 20
    assert all(entry.reason for entry in shipped.entries)
    assert len(shipped.keys) == len(shipped.entries)
