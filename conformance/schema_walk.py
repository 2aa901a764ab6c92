"""Walks a JSON document alongside a contract schema to find members the schema does not name."""

from __future__ import annotations

from typing import Any

from conformance.contract import Contract


def undeclared_members(
    contract: Contract, schema: dict[str, Any], instance: Any, at: str = "$"
) -> list[str]:
    """JSON paths of object members the schema (followed through $ref and allOf) does not
    declare, where it does not allow additional members by a schema of its own."""
    flat = _flatten(contract, schema)
    found: list[str] = []
    if isinstance(instance, dict):
        props = flat.get("properties", {})
        extra = flat.get("additionalProperties")
        for key, value in instance.items():
            if key in props:
                found += undeclared_members(contract, props[key], value, f"{at}.{key}")
            elif isinstance(extra, dict):
                found += undeclared_members(contract, extra, value, f"{at}.{key}")
            else:
                found.append(f"{at}.{key}")
    elif isinstance(instance, list) and "items" in flat:
        for index, item in enumerate(instance):
            found += undeclared_members(contract, flat["items"], item, f"{at}[{index}]")
    return found


def _flatten(contract: Contract, schema: dict[str, Any]) -> dict[str, Any]:
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
