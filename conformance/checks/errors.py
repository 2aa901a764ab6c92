"""Error checks (ERR): unknown ids, bodies that are not what the contract asks, wrong methods.

The negative inputs come from the contract, never re-typed: the path parameters an operation
takes, the `required` lists and member types of its request schema, the methods a path
documents. `conformance/suite/test_errors.py` sends them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pinpoint_conformance.checks.catalogue import register
from pinpoint_conformance.contract import HTTP_METHODS, Contract
from pinpoint_conformance.findings import Level
from pinpoint_conformance.provenance import Provenance, decision, load_provenance
from pinpoint_conformance.schema_walk import constraint_of, flatten

ERR_UNKNOWN_ID = register(
    "ERR-001", "ERR", Level.SHOULD,
    "A request naming an application, campaign, segment, endpoint, import job or version that "
    "does not exist is refused with 404.",
)
ERR_MALFORMED = register(
    "ERR-002", "ERR", Level.MUST,
    "A request body that is not JSON is not carried out (no 2xx; the contract's 400 is "
    "STATUS-002's to judge).",
)
ERR_NOT_OBJECT = register(
    "ERR-003", "ERR", Level.MUST,
    "A request body that is JSON but not an object is not carried out (no 2xx).",
)
ERR_WRONG_TYPE = register(
    "ERR-004", "ERR", Level.MUST,
    "A request body with a member of the wrong type (the type the reference prints for it) is "
    "not carried out (no 2xx).",
)
ERR_MISSING = register(
    "ERR-005", "ERR", Level.SHOULD,
    "A request body without a member the contract requires is refused with 400.",
)
ERR_METHOD = register(
    "ERR-006", "ERR", Level.SHOULD,
    "A method a known path does not document is refused with 405, or 501 for a method the "
    "target does not implement anywhere (RFC 9110, 15.6.2).",
)
ERR_METHOD_NOT_CARRIED_OUT = register(
    "ERR-012", "ERR", Level.MUST,
    "A method a known path does not document is not carried out (no 2xx).",
)
ERR_TYPE_HEADER = register(
    "ERR-007", "ERR", Level.SHOULD,
    "An error answer names its type in x-amzn-ErrorType (NotFoundException for 404, ...).",
)

RESPONSES_PREFIX = "#/components/responses/"
# A value of another JSON type for each type a member can have.
WRONG_VALUE: dict[str, Any] = {
    "string": ["not a string"],
    "integer": "not-a-number",
    "number": "not-a-number",
    "boolean": "not-a-boolean",
    "object": "not-an-object",
    "array": "not-an-array",
}
# Path parameters a PUT may name before the resource exists: the endpoint id is chosen by the
# client and UpdateEndpoint creates or updates (reference: Endpoint Instance, PUT).
UPSERT_PARAMETERS = frozenset({("UpdateEndpoint", "endpoint-id")})
# The method sent to a known path that documents it not: never documented anywhere, and
# harmless if a faulty target acted on it.
WRONG_METHOD = "PATCH"


@dataclass(frozen=True)
class Variant:
    """A request body broken in one place."""

    where: str  # JSON path of the member broken (or removed)
    body: Any
    what: str  # e.g. "integer given a string", "required member removed"
    rule: str = ""  # the rule at its component, e.g. "Schedule.Frequency:type"


def _member_schema(contract: Contract, flat: dict[str, Any], key: str) -> dict[str, Any] | None:
    props = flat.get("properties", {})
    if key in props:
        return dict(props[key])
    extra = flat.get("additionalProperties")
    return dict(extra) if isinstance(extra, dict) else None


def _walk(
    contract: Contract, schema: dict[str, Any], body: Any, at: str
) -> Iterator[tuple[str, dict[str, Any], Any, list[Any]]]:
    """Every (path, flattened schema, value, location) pair of `body`; `location` is the
    list of keys/indexes from the root."""
    stack: list[tuple[str, dict[str, Any], Any, list[Any]]] = [(at, schema, body, [])]
    while stack:
        path, sub, value, location = stack.pop(0)
        flat = flatten(contract, sub)
        yield path, flat, value, location
        if isinstance(value, dict):
            for key, member in value.items():
                member_schema = _member_schema(contract, flat, key)
                if member_schema is not None:
                    stack.append((f"{path}.{key}", member_schema, member, [*location, key]))
        elif isinstance(value, list) and value and isinstance(flat.get("items"), dict):
            stack.append((f"{path}[0]", flat["items"], value[0], [*location, 0]))


def _replace(body: Any, location: list[Any], value: Any) -> Any:
    copied = copy.deepcopy(body)
    if not location:
        return value
    node = copied
    for step in location[:-1]:
        node = node[step]
    node[location[-1]] = value
    return copied


def _remove(body: Any, location: list[Any]) -> Any:
    copied = copy.deepcopy(body)
    node = copied
    for step in location[:-1]:
        node = node[step]
    del node[location[-1]]
    return copied


def wrong_type_variants(contract: Contract, ref: str, body: dict[str, Any]) -> list[Variant]:
    """`body` with one member at a time given a value of another JSON type than the contract
    declares for it (every member of the valid body, nested ones included). Each variant is
    checked to be invalid against the contract."""
    validator = contract.validator(ref)
    variants = []
    for path, flat, _value, location in _walk(contract, {"$ref": ref}, body, "$"):
        kind = flat.get("type")
        if not location or not isinstance(kind, str) or kind not in WRONG_VALUE:
            continue
        broken = _replace(body, location, WRONG_VALUE[kind])
        errors = list(validator.iter_errors(broken))
        if errors:
            given = "an array" if isinstance(WRONG_VALUE[kind], list) else "a string"
            component, member, _ = constraint_of(contract, ref, errors[0])
            variants.append(Variant(path, broken, f"{kind} member given {given}",
                                    f"{component}.{member}:type"))
    return variants


def missing_required_variants(
    contract: Contract, ref: str, body: dict[str, Any]
) -> list[Variant]:
    """`body` without one member at a time that the contract's `required` lists name (at the
    top level and in nested objects of the valid body). Each variant is checked to be
    invalid against the contract."""
    validator = contract.validator(ref)
    variants = []
    for path, flat, value, location in _walk(contract, {"$ref": ref}, body, "$"):
        if not isinstance(value, dict):
            continue
        for name in flat.get("required", []):
            if name in value:
                broken = _remove(body, [*location, name])
                if not validator.is_valid(broken):
                    variants.append(Variant(f"{path}.{name}", broken, "required member removed"))
    return variants


def path_parameters(contract: Contract, operation_id: str) -> list[str]:
    """The operation's path parameters, in the order its path names them."""
    op = contract.operation(operation_id)
    declared = {
        param["name"]
        for raw in op.parameters
        if (param := contract.resolve(raw)).get("in") == "path"
    }
    names = [part[1:-1] for part in op.path.split("/") if part.startswith("{")]
    return [name for name in names if name in declared]


def unknown_id_cases(contract: Contract) -> list[tuple[str, str]]:
    """(operation id, path parameter) for every parameter that names something that must
    exist: an unknown value is a 404."""
    return [
        (op.operation_id, name)
        for op in contract.iter_operations()
        for name in path_parameters(contract, op.operation_id)
        if (op.operation_id, name) not in UPSERT_PARAMETERS
    ]


def body_operations(contract: Contract) -> list[str]:
    """The operations that take a request body."""
    return [op.operation_id for op in contract.iter_operations() if op.request_schema_ref]


def wrong_method_cases(contract: Contract) -> list[tuple[str, str]]:
    """(an operation of the path, the method to send) for every path of the contract: a
    method no operation of the path documents."""
    by_path: dict[str, list[str]] = {}
    methods: dict[str, set[str]] = {}
    for op in contract.iter_operations():
        by_path.setdefault(op.path, []).append(op.operation_id)
        methods.setdefault(op.path, set()).add(op.method)
    assert WRONG_METHOD.lower() in HTTP_METHODS
    return [
        (operations[0], WRONG_METHOD)
        for path, operations in by_path.items()
        if WRONG_METHOD not in methods[path]
    ]


def error_type(contract: Contract, operation_id: str, status: int) -> str | None:
    """The x-amzn-ErrorType the contract gives an error status of an operation: the name of
    the shared response it points at, plus `Exception` (NotFound -> NotFoundException)."""
    response = contract.operation(operation_id).responses.get(str(status))
    ref = response.get("$ref", "") if isinstance(response, dict) else ""
    if not ref.startswith(RESPONSES_PREFIX):
        return None
    return ref[len(RESPONSES_PREFIX):] + "Exception"


def error_type_problem(
    contract: Contract, operation_id: str, status: int, headers: dict[str, str]
) -> str | None:
    """What is wrong with the x-amzn-ErrorType of an error answer, or None. The service may
    append `:<detail>` to the type; only the part before the colon is compared."""
    wanted = error_type(contract, operation_id, status)
    if wanted is None:
        return None
    sent = next((v for k, v in headers.items() if k.lower() == "x-amzn-errortype"), None)
    if sent is None:
        return f"no x-amzn-ErrorType header (expected {wanted})"
    if sent.split(":", 1)[0].strip() != wanted:
        return f"x-amzn-ErrorType is {sent!r}, expected {wanted}"
    return None


def variant_provenance(contract: Contract, variant: Variant) -> Provenance | None:
    """The decision a variant's rule rests on, or None when the reference states it (ERR-004's
    own provenance). A member the service renames is a decision in the reference's name
    (ERRATA E06: a target that follows the service ignores it, whatever its type)."""
    if not variant.rule:
        return None
    known = load_provenance().rules.get(variant.rule)
    if known is not None:
        return None if known.kind == "stated" else known
    component, member = variant.rule.split(":", 1)[0].split(".", 1)
    properties = contract.schemas.get(component, {}).get("properties", {})
    renamed = any(prop.get("x-alias-of") == member for prop in properties.values())
    return decision("E06") if renamed else None
