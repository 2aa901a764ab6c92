"""Compare what a client wrote with what the target reads back."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pinpoint_conformance.contract import Contract

# "Rounded to one decimal (Roughly corresponding to a mile)": EndpointLocation, reference
COARSE = {"Latitude": 0.05, "Longitude": 0.05}


def alias_names(contract: Contract) -> dict[str, str]:
    """Member names the service uses, mapped to the reference's (from `x-alias-of`)."""
    return {
        name: prop["x-alias-of"]
        for schema in contract.schemas.values()
        for name, prop in schema.get("properties", {}).items()
        if "x-alias-of" in prop
    }


def normalise(value: Any, aliases: dict[str, str]) -> Any:
    """Rename service-reading members to the reference's reading, recursively."""
    if isinstance(value, dict):
        return {aliases.get(k, k): normalise(v, aliases) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, aliases) for v in value]
    return value


def differences(written: Any, read: Any, at: str = "$") -> list[str]:
    """Paths where `read` does not hold what `written` holds (extra members in `read` are
    fine: the server owns ids, dates and versions)."""
    if isinstance(written, dict):
        if not isinstance(read, dict):
            return [f"{at}: wrote an object, read {type(read).__name__}"]
        found: list[str] = []
        for key, value in written.items():
            if key not in read:
                found.append(f"{at}.{key}: missing")
            else:
                found += differences(value, read[key], f"{at}.{key}")
        return found
    if isinstance(written, list):
        if not isinstance(read, list) or len(read) != len(written):
            return [f"{at}: wrote {len(written)} items, read {read!r:.60}"]
        found = []
        for index, (w, r) in enumerate(zip(written, read, strict=True)):
            found += differences(w, r, f"{at}[{index}]")
        return found
    if isinstance(written, bool) != isinstance(read, bool):  # True == 1 in Python, not in JSON
        return [f"{at}: wrote {written!r:.60}, read {read!r:.60}"]
    if isinstance(written, float) or isinstance(read, float):
        tolerance = COARSE.get(at.rsplit(".", 1)[-1], 0.0) + 1e-6
        same = (isinstance(read, int | float) and not isinstance(read, bool)
                and abs(float(written) - float(read)) <= tolerance)
        return [] if same else [f"{at}: wrote {written!r}, read {read!r}"]
    if written == read or _same_moment(written, read):
        return []
    return [f"{at}: wrote {written!r:.60}, read {read!r:.60}"]


def moment(value: Any) -> datetime | None:
    """An ISO 8601 date of an answer as an aware datetime, or None (SHAPE reports bad dates)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _same_moment(written: Any, read: Any) -> bool:
    """Two ISO 8601 date-times naming the same instant (a target may write them in UTC)."""
    if not (isinstance(written, str) and "T" in written):
        return False
    first, second = moment(written), moment(read)
    return first is not None and first == second


# ISO 8601 calendar dates and date-times, extended and basic format, with or without a time,
# a fraction and an offset: what the reference's "in ISO 8601 format" admits (RFC 3339, which
# the contract checks, is one profile of it: ERRATA E15).
_ISO8601 = re.compile(
    r"^(?P<year>\d{4})(?P<sep>-?)(?P<month>\d\d)(?P=sep)(?P<day>\d\d)"
    r"(?:T(?P<hour>\d\d)(?::?(?P<minute>\d\d)(?::?(?P<second>\d\d)(?:[.,]\d+)?)?)?"
    r"(?:Z|[+-]\d\d(?::?\d\d)?)?)?$"
)


def is_iso8601(value: Any) -> bool:
    """Whether `value` is an ISO 8601 date or date-time (basic or extended format, local or
    with an offset; 24:00 as the end of a day)."""
    if not isinstance(value, str):
        return False
    match = _ISO8601.match(value)
    if match is None:
        return False
    month, day = int(match["month"]), int(match["day"])
    hour, minute, second = (int(match[name] or 0) for name in ("hour", "minute", "second"))
    if not (1 <= month <= 12 and 1 <= day <= 31 and minute <= 59 and second <= 60):
        return False
    return hour < 24 or (hour == 24 and minute == 0 and second == 0)


LEAF = re.compile(r"^\$(?:\.[^.:\[]+|\[\d+\])*?\.?(?P<leaf>[^.:\[\]]+)(?:\[\d+\])*:")


def split_by_provenance(found: list[str], decided: dict[str, Any]) -> tuple[list[str], list[str]]:
    """`differences()` output split in two: those about a member whose read-back is a decision
    of the contract (`decided`, by member name: spec/provenance.yaml `read_back`) and the
    rest. Returns (stated, decided)."""
    stated: list[str] = []
    by_decision: list[str] = []
    for difference in found:
        match = LEAF.match(difference)
        (by_decision if match and match["leaf"] in decided else stated).append(difference)
    return stated, by_decision


def whole(value: Any) -> int | None:
    """A JSON number with no fraction as an int (`1` and `1.0` alike: JSON has one number
    type, and JSON Schema's integer is any number with a zero fraction); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None
