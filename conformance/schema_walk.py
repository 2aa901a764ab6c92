"""Walks a JSON document alongside a contract schema to find members the schema does not name."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from pinpoint_conformance.contract import Contract

SCHEMAS_PREFIX = "#/components/schemas/"


def undeclared_members(
    contract: Contract,
    schema: dict[str, Any],
    instance: Any,
    at: str = "$",
    also_named: Mapping[str, Collection[str]] | None = None,
) -> list[str]:
    """JSON paths of object members the schema (followed through $ref and allOf) does not
    declare, where it does not allow additional members by a schema of its own.

    `also_named` maps a component schema name to members named elsewhere (for example by the
    public service model) that are not reported where that component applies."""
    names: set[str] = set()
    flat = flatten(contract, schema, names)
    found: list[str] = []
    if isinstance(instance, dict):
        props = flat.get("properties", {})
        extra = flat.get("additionalProperties")
        tolerated: set[str] = set()
        for name in names if also_named else ():
            tolerated.update(also_named.get(name, ()))  # type: ignore[union-attr]
        for key, value in instance.items():
            if key == "_links":
                continue  # HAL: other links are allowed and not checked (ERRATA E20)
            if key in props:
                found += undeclared_members(contract, props[key], value, f"{at}.{key}", also_named)
            elif isinstance(extra, dict):
                found += undeclared_members(contract, extra, value, f"{at}.{key}", also_named)
            elif key not in tolerated:
                found.append(f"{at}.{key}")
    elif isinstance(instance, list) and "items" in flat:
        for index, item in enumerate(instance):
            found += undeclared_members(
                contract, flat["items"], item, f"{at}[{index}]", also_named
            )
    return found


def flatten(
    contract: Contract, schema: dict[str, Any], names: set[str] | None = None
) -> dict[str, Any]:
    """The schema with `$ref` followed and `allOf` parts merged (properties, items,
    additionalProperties, required, type); the component names passed through go to `names`."""
    while "$ref" in schema:
        ref = schema["$ref"]
        if names is not None and ref.startswith(SCHEMAS_PREFIX):
            names.add(ref[len(SCHEMAS_PREFIX):])
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**contract.pointer(ref), **rest}
    if "allOf" in schema:
        merged: dict[str, Any] = {"properties": {}}
        required: list[str] = []
        for part in schema["allOf"]:
            flat = flatten(contract, part, names)
            merged["properties"].update(flat.get("properties", {}))
            required += [name for name in flat.get("required", []) if name not in required]
            for key in ("items", "additionalProperties", "type"):
                if key in flat:
                    merged[key] = flat[key]
        if required:
            merged["required"] = required
        return merged
    return schema


_flatten = flatten  # the name the module used before it was public


def constraint_of(contract: Contract, root_ref: str, error: Any) -> tuple[str, str, str]:
    """The constraint a validation error broke, as (component schema, member, keyword):
    `("Schedule", "Timezone", "enum")` for a bad Timezone in a campaign list's item, wherever
    the component is used. `member` is the missing member for `required`, `*` when the
    keyword is about the object as a whole (an `anyOf` of two readings). A bad value of a map
    is the map's constraint: `(EndpointAttributes, "*", "additionalProperties")`."""
    node: Any = {"$ref": root_ref}
    component = root_ref.rsplit("/", 1)[-1]
    owner, member = component, "*"
    steps = list(error.relative_schema_path)
    keyword = str(steps[-1]) if steps else str(error.validator)
    previous: Any = None
    map_value = False  # below a map's additionalProperties: the map's own constraint
    for step in steps[:-1]:
        node, component = _deref(contract, node, component)
        if previous == "properties":
            owner, member, map_value = component, str(step), False
        elif step == "additionalProperties":
            owner, member, map_value = component, "*", True
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        previous = step
    _, component = _deref(contract, node, component)
    if keyword == "required" and not map_value:
        named = _REQUIRED.match(str(error.message))
        return component, (named.group(1) if named else "*"), keyword
    return owner, member, "additionalProperties" if map_value else keyword


_REQUIRED = re.compile(r"^'(.+)' is a required property$")


def _deref(contract: Contract, node: Any, component: str) -> tuple[Any, str]:
    while isinstance(node, dict) and "$ref" in node:
        ref = str(node["$ref"])
        if ref.startswith(SCHEMAS_PREFIX):
            component = ref[len(SCHEMAS_PREFIX):]
        node = contract.pointer(ref)
    return node, component
