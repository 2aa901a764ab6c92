"""Read-back comparison: what counts as "read back as written"."""

from __future__ import annotations

from pinpoint_conformance.checks.compare import differences


def test_extra_members_read_back_are_fine_missing_ones_are_not() -> None:
    assert differences({"Name": "a"}, {"Name": "a", "Id": "x"}) == []
    assert differences({"Name": "a", "Description": "d"}, {"Name": "a"}) == [
        "$.Description: missing"]


def test_the_same_instant_in_another_offset_is_the_same_date() -> None:
    assert differences({"StartTime": "2030-01-01T01:00:00+01:00"},
                       {"StartTime": "2030-01-01T00:00:00.000Z"}) == []
    assert differences({"StartTime": "2030-01-01T01:00:00+01:00"},
                       {"StartTime": "2030-01-01T01:00:00Z"})


def test_coordinates_may_be_rounded_to_one_decimal_as_the_reference_says() -> None:
    assert differences({"Location": {"Latitude": 47.6062}}, {"Location": {"Latitude": 47.6}}) == []
    assert differences({"Location": {"Latitude": 47.6062}}, {"Location": {"Latitude": 47.7}})
    assert differences({"Metrics": {"m": 1.25}}, {"Metrics": {"m": 1.2}})


def test_lists_and_types_must_match() -> None:
    assert differences({"Values": ["a", "b"]}, {"Values": ["a"]})
    assert differences({"Daily": 1}, {"Daily": "1"})
    assert differences({"IsPaused": True}, {"IsPaused": 1}) == ["$.IsPaused: wrote True, read 1"]
    assert differences({"Total": 1}, {"Total": 1.0}) == []  # one JSON number
