"""What the strategies read from the contract: enums, patterns, limits, required members,
`x-rules` and the `x-alias-of` readings. Nothing here is re-typed from the reference.

Every lookup goes through `pinpoint_conformance.contract.load_contract()` (loaded once) and
is cached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pinpoint_conformance.contract import Contract, load_contract

SCHEMA_PREFIX = "#/components/schemas/"
ALIAS = "x-alias-of"
READINGS = ("reference", "service")

Reading = Literal["reference", "service"]
Body = dict[str, Any]
Part = str | int
Conditional = tuple[tuple[str, Any, tuple[str, ...]], ...]

_JSON_PATH_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]*$")


def contract() -> Contract:
    """The contract the strategies follow (`spec/openapi.yaml`, loaded once)."""
    return load_contract()


def schema(name: str) -> dict[str, Any]:
    """A component schema by name, `$ref` followed."""
    node: dict[str, Any] = resolve(contract().schemas[name])
    return node


def resolve(node: Any) -> Any:
    """`node` with every `$ref` followed; sibling keys (`x-alias-of`, `x-errata`...) are
    annotations and do not change the schema."""
    while isinstance(node, dict) and "$ref" in node:
        node = contract().pointer(node["$ref"])
    return node


def ref_name(node: Any) -> str | None:
    """The component name a `{$ref: '#/components/schemas/X'}` node points at."""
    if isinstance(node, dict) and str(node.get("$ref", "")).startswith(SCHEMA_PREFIX):
        return str(node["$ref"])[len(SCHEMA_PREFIX):]
    return None


def properties(name: str) -> dict[str, Any]:
    """The declared members of a schema (unresolved, so `$ref` names stay visible)."""
    return dict(schema(name).get("properties") or {})


def member(name: str, member_name: str) -> dict[str, Any]:
    """The resolved schema of one member of a component schema."""
    return dict(resolve(properties(name)[member_name]))


@functools.cache
def required(name: str) -> tuple[str, ...]:
    """The members a schema requires, in the reference's reading: `required`, plus the
    reference's name of a member required in either reading (`anyOf` of `required`)."""
    node = schema(name)
    found = list(node.get("required") or ())
    for group in either_required(name):
        found += [member for member in group[:1] if member not in found]
    return tuple(found)


def is_required(name: str, member_name: str) -> bool:
    """Whether a schema requires a member (in the reference's reading)."""
    return member_name in required(name)


def either_required(name: str) -> tuple[tuple[str, ...], ...]:
    """`anyOf: [{required: [A]}, {required: [B]}]` groups where B is A's other reading
    (x-alias-of): (reference name, service name) per group."""
    return either_required_of(schema(name))


def either_required_of(node: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    """`either_required` of a resolved schema node."""
    branches = node.get("anyOf") or ()
    names = [tuple(branch.get("required") or ()) for branch in branches if isinstance(branch, dict)]
    if not names or not all(len(group) == 1 for group in names):
        return ()
    props = node.get("properties") or {}
    members = [group[0] for group in names]
    reference = [m for m in members if not (props.get(m) or {}).get(ALIAS)]
    if len(reference) != 1:
        return ()
    return ((reference[0], *[m for m in members if m != reference[0]]),)


@functools.cache
def values(name: str, member_name: str | None = None) -> tuple[Any, ...]:
    """The values the strategies generate for an enum: the reference's own list
    (`x-reference-enum`) where the contract keeps one, else the schema's `enum`."""
    node = member(name, member_name) if member_name else schema(name)
    listed = node.get("x-reference-enum", node.get("enum"))
    if not listed:
        raise LookupError(f"{name}.{member_name or ''} has no enum in the contract")
    return tuple(listed)


@functools.cache
def schema_enum(name: str, member_name: str | None = None) -> tuple[Any, ...]:
    """The values the schema itself accepts (`enum`, the union the validator checks)."""
    node = member(name, member_name) if member_name else schema(name)
    return tuple(node["enum"])


@functools.cache
def pattern(name: str, member_name: str | None = None) -> str:
    """The `pattern` of a schema or of one of its members."""
    node = member(name, member_name) if member_name else schema(name)
    return str(node["pattern"])


def matches(name: str, member_name: str | None, value: str) -> bool:
    """Whether `value` matches that pattern (as JSON Schema applies it: a search)."""
    return re.search(pattern(name, member_name), value) is not None


def bounds(name: str, member_name: str | None = None) -> tuple[Any, Any]:
    """(`minimum`, `maximum`) of a schema or member, None where the contract sets none."""
    node = member(name, member_name) if member_name else schema(name)
    return node.get("minimum"), node.get("maximum")


def reference_max_length(name: str, member_name: str) -> int:
    """`x-reference-maxLength`: a length the reference states and the schema does not check."""
    return int(member(name, member_name)["x-reference-maxLength"])


def max_items(name: str, member_name: str) -> int:
    """`maxItems` (the limit in force; `x-reference-maxItems` is the reference's own)."""
    return int(member(name, member_name)["maxItems"])


def min_items(name: str, member_name: str) -> int:
    return int(member(name, member_name).get("minItems", 0))


def min_length(name: str, member_name: str) -> int:
    return int(member(name, member_name).get("minLength", 0))


def rules(name: str) -> tuple[str, ...]:
    """The `x-rules` texts of a schema: what the schema states but cannot check."""
    return tuple(schema(name).get("x-rules") or ())


def conditional_requirements(name: str) -> Conditional:
    """`if: {required: [A], properties: {A: {const: V}}} then: {required: [...]}` of a
    schema, as (A, V, members required then)."""
    return conditional_requirements_of(schema(name))


def conditional_requirements_of(node: dict[str, Any]) -> Conditional:
    """`conditional_requirements` of a resolved schema node."""
    found: list[tuple[str, Any, tuple[str, ...]]] = []
    condition, then = node.get("if"), node.get("then")
    if isinstance(condition, dict) and isinstance(then, dict):
        for when in condition.get("required") or ():
            const = (condition.get("properties") or {}).get(when, {}).get("const")
            if const is not None:
                found.append((str(when), const, tuple(then.get("required") or ())))
    return tuple(found)


@functools.cache
def aliases(name: str) -> Mapping[str, str]:
    """reference member name -> service member name (`x-alias-of`), for one schema."""
    return {
        str(prop[ALIAS]): prop_name
        for prop_name, prop in properties(name).items()
        if isinstance(prop, dict) and prop.get(ALIAS)
    }


def is_alias(name: str, member_name: str) -> bool:
    """Whether a member is the service's reading of another (it carries `x-alias-of`)."""
    prop = properties(name).get(member_name)
    return isinstance(prop, dict) and bool(prop.get(ALIAS))


def check_reading(reading: str) -> Reading:
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, not {reading!r}")
    return reading  # type: ignore[return-value]


# ---------------------------------------------------------------------- walking by schema
def child(node: Any, key: Part) -> Any:
    """The (unresolved) schema of `key` inside the resolved object/array schema `node`:
    a property, an array item (int key) or a map value (any other key)."""
    node = resolve(node)
    if isinstance(key, int):
        return node.get("items", {})
    props = node.get("properties") or {}
    if key in props:
        return props[key]
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def component(node: Any) -> str | None:
    """The component name of a node reached by `child` (None for inline schemas)."""
    return ref_name(node)


def to_service_reading(body: Any, schema_name: str) -> Any:
    """`body` with each member the service names differently renamed by `x-alias-of`."""
    return _rename(body, {"$ref": SCHEMA_PREFIX + schema_name})


def _rename(value: Any, node: Any) -> Any:
    name = ref_name(node)
    resolved = resolve(node)
    if isinstance(value, dict):
        renames = aliases(name) if name else {}
        return {
            renames.get(key, key): _rename(item, child(resolved, key))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rename(item, child(resolved, 0)) for item in value]
    return value


def service_location(location: tuple[Part, ...], schema_name: str) -> tuple[Part, ...]:
    """A location (path of keys) in the reference's reading, in the service's reading."""
    node: Any = {"$ref": SCHEMA_PREFIX + schema_name}
    out: list[Part] = []
    for key in location:
        name = ref_name(node)
        renamed = aliases(name).get(key, key) if (name and isinstance(key, str)) else key
        out.append(renamed)
        node = child(node, key)
    return tuple(out)


def json_path(location: tuple[Part, ...]) -> str:
    """The JSON path jsonschema reports for a location (`error.json_path`)."""
    path = "$"
    for key in location:
        if isinstance(key, int):
            path += f"[{key}]"
        elif _JSON_PATH_NAME.match(key):
            path += f".{key}"
        else:
            escaped = key.replace("\\", "\\\\").replace("'", r"\'")
            path += f"['{escaped}']"
    return path


def iter_members(schema_name: str) -> Iterator[tuple[str, ...]]:
    """Every member path a schema declares in the reference's reading, with `[]` for array
    items and `*` for map values (aliases and maps' own keys left out)."""
    yield from _members(schema(schema_name), (), set())


def _members(node: Any, parts: tuple[str, ...], seen: set[str]) -> Iterator[tuple[str, ...]]:
    node = resolve(node)
    for prop_name, prop in (node.get("properties") or {}).items():
        if isinstance(prop, dict) and prop.get(ALIAS):
            continue
        path = (*parts, prop_name)
        yield path
        yield from _below(prop, path, seen)


def _below(node: Any, parts: tuple[str, ...], seen: set[str]) -> Iterator[tuple[str, ...]]:
    name = ref_name(node)
    if name and name in seen:
        return
    inner_seen = seen | ({name} if name else set())
    resolved = resolve(node)
    if "properties" in resolved:
        yield from _members(resolved, parts, inner_seen)
    if isinstance(resolved.get("items"), dict):
        yield from _below(resolved["items"], (*parts, "[]"), inner_seen)
    if isinstance(resolved.get("additionalProperties"), dict):
        yield from _below(resolved["additionalProperties"], (*parts, "*"), inner_seen)
