"""Small helpers the test folders share (data files, placeholder-tolerant validation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load_data(name: str) -> Any:
    """A JSON file from tests/data."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


PLACEHOLDERS: tuple[Any, ...] = ("string", 0, True)
PLACEHOLDER_KEYWORDS = {"enum", "format", "pattern", "minimum", "const", "minLength"}


def substantive_errors(validator: Any, instance: Any) -> list[Any]:
    """Schema errors of `instance`, ignoring those caused only by the reference's
    placeholder values ("string", 0, true) where an enum, format or pattern demands a real
    one. Branching keywords (anyOf/oneOf) pass when one branch has only such errors."""
    return [error for error in validator.iter_errors(instance) if not _tolerated(error)]


def _tolerated(error: Any) -> bool:
    if error.validator in {"anyOf", "oneOf"} and error.context:
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        return any(all(_tolerated(sub) for sub in subs) for subs in branches.values())
    return error.validator in PLACEHOLDER_KEYWORDS and any(
        error.instance == p and type(error.instance) is type(p) for p in PLACEHOLDERS
    )


def undeclared_members(
    contract: Any, schema: dict[str, Any], instance: Any, at: str = "$"
) -> list[str]:
    """JSON paths of object members the schema (followed through $ref and allOf) does not
    declare, where it does not allow additional members by a schema of its own."""
    schema = _flatten(contract, schema)
    found: list[str] = []
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in instance.items():
            if key in props:
                found += undeclared_members(contract, props[key], value, f"{at}.{key}")
            elif isinstance(extra, dict):
                found += undeclared_members(contract, extra, value, f"{at}.{key}")
            else:
                found.append(f"{at}.{key}")
    elif isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            found += undeclared_members(contract, schema["items"], item, f"{at}[{index}]")
    return found


def _flatten(contract: Any, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**contract.pointer(schema["$ref"]), **rest}
    if "allOf" in schema:
        merged: dict[str, Any] = {"properties": {}}
        for part in schema["allOf"]:
            flat = _flatten(contract, part)
            merged["properties"].update(flat.get("properties", {}))
            for key in ("items", "additionalProperties"):
                if key in flat:
                    merged[key] = flat[key]
        return merged
    return schema
