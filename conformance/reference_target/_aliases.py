"""Member names: the reference's reading, the service's reading, and what a schema declares.

Where the reference and the service name a member differently, the contract declares both
and marks the service's with `x-alias-of: <reference name>` (ERRATA E06, E08, E11). The
target accepts either name in a request (both at once: the reference's wins), stores and
answers the reference's name, and keeps only the members a request schema declares (members
it does not declare are accepted and ignored, never echoed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pinpoint_conformance.contract import Contract

ALIAS_MARK = "x-alias-of"


@dataclass(eq=False)
class Shape:
    """The member structure of a schema: declared properties, aliases, items, map values."""

    properties: dict[str, Shape] | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    items: Shape | None = None
    additional: Shape | None = None


class Shapes:
    """Compiles schemas of the contract into Shapes, once each."""

    def __init__(self, contract: Contract) -> None:
        self._contract = contract
        self._cache: dict[str, Shape] = {}
        self.partners: dict[str, set[str]] = {}
        for schema in contract.schemas.values():
            for name, prop in (schema.get("properties") or {}).items():
                reference_name = prop.get(ALIAS_MARK) if isinstance(prop, dict) else None
                if reference_name:
                    self.partners.setdefault(name, set()).add(reference_name)
                    self.partners.setdefault(reference_name, set()).add(name)

    def of(self, ref: str) -> Shape:
        if ref not in self._cache:
            shape = Shape()
            self._cache[ref] = shape  # before filling: a recursive schema finds itself
            self._fill(shape, self._contract.pointer(ref))
        return self._cache[ref]

    def of_schema(self, name: str) -> Shape:
        return self.of(f"#/components/schemas/{name}")

    def _node(self, node: Any) -> Shape:
        if isinstance(node, dict) and "$ref" in node:
            return self.of(node["$ref"])
        shape = Shape()
        self._fill(shape, node)
        return shape

    def _fill(self, shape: Shape, node: Any) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            target = self.of(node["$ref"])
            shape.properties, shape.aliases = target.properties, target.aliases
            shape.items, shape.additional = target.items, target.additional
        for part in node.get("allOf", ()):
            self._merge(shape, self._node(part))
        props = node.get("properties")
        if isinstance(props, dict):
            shape.properties = dict(shape.properties or {})
            for name, prop in props.items():
                shape.properties[name] = self._node(prop)
                if isinstance(prop, dict) and prop.get(ALIAS_MARK):
                    shape.aliases[name] = str(prop[ALIAS_MARK])
        if isinstance(node.get("items"), dict):
            shape.items = self._node(node["items"])
        if isinstance(node.get("additionalProperties"), dict):
            shape.additional = self._node(node["additionalProperties"])

    @staticmethod
    def _merge(shape: Shape, other: Shape) -> None:
        if other.properties is not None:
            shape.properties = {**(shape.properties or {}), **other.properties}
        shape.aliases = {**shape.aliases, **other.aliases}
        shape.items = other.items or shape.items
        shape.additional = other.additional or shape.additional

    # ------------------------------------------------------------------ requests
    def normalize(self, value: Any, shape: Shape) -> Any:
        """`value` (valid against the shape's schema) in the reference's reading, members
        the schema does not declare left out. When a body carries both readings of a
        member, the reference's wins."""
        if isinstance(value, dict):
            if shape.properties is None:
                if shape.additional is None:
                    return value
                return {key: self.normalize(item, shape.additional) for key, item in value.items()}
            out: dict[str, Any] = {}
            for key, item in value.items():
                name: str = shape.aliases.get(key) or key
                child = shape.properties.get(name)
                if child is None:
                    if shape.additional is not None:
                        out[key] = self.normalize(item, shape.additional)
                    continue
                if name != key and name in value:
                    continue  # both readings sent: the reference's name wins
                out[name] = self.normalize(item, child)
            return out
        if isinstance(value, list) and shape.items is not None:
            return [self.normalize(item, shape.items) for item in value]
        return value

    def conform(self, value: dict[str, Any], schema_name: str) -> dict[str, Any]:
        """The members of `value` under the names the schema declares (a member it declares
        only under an alias's partner name is renamed; others are left out)."""
        declared = self.of_schema(schema_name).properties or {}
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in declared:
                out[key] = item
                continue
            for partner in sorted(self.partners.get(key, ())):
                if partner in declared and partner not in value:
                    out[partner] = item
                    break
        return out
