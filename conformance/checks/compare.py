"""Compare what a client wrote with what the target reads back."""

from __future__ import annotations

from typing import Any

from conformance.contract import Contract


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
    if isinstance(written, float) or isinstance(read, float):
        same = isinstance(read, int | float) and abs(float(written) - float(read)) < 1e-6
        return [] if same else [f"{at}: wrote {written!r}, read {read!r}"]
    return [] if written == read else [f"{at}: wrote {written!r:.60}, read {read!r:.60}"]
