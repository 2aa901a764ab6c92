"""Whether a request, as it was sent, is one the contract describes: its path names an
operation with the method, every path and query parameter matches its schema, the required
ones are there, and the body (JSON) validates against the request schema.

The fuzzer uses it to tell a real "schema-violating request accepted" from a request that
schemathesis generated as a violation and then, before sending, made valid again: in the
stateful phase a link fills a path parameter with the value a previous answer gave
(schemathesis issues #2983, #3603). Accepting a valid request is no finding. Pure: no I/O.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jsonschema import FormatChecker

from pinpoint_conformance.checks.hal import match_operation
from pinpoint_conformance.contract import JSON, Contract, ContractValidator


def request_conforms(contract: Contract, method: str, url: str, body: bytes | str | None,
                     content_type: str | None = None) -> bool:
    """True only when every part of the request is as the contract describes it; anything
    unsure (an unknown path, an undocumented parameter, a body that is not JSON) is False."""
    parts = urlsplit(url)
    matched = match_operation(contract, method, parts.path)
    if matched is None:
        return False
    operation_id, path_values = matched
    op = contract.operation(operation_id)
    declared = [contract.resolve(p) for p in op.parameters]
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for parameter in declared:
        where, name = parameter.get("in"), parameter.get("name")
        values = path_values if where == "path" else query if where == "query" else None
        if values is None:
            continue  # headers and cookies: none the contract's operations take
        if name not in values:
            if parameter.get("required"):
                return False
            continue
        if not _valid(parameter.get("schema") or {}, values[name]):
            return False
    if set(query) - {p.get("name") for p in declared if p.get("in") == "query"}:
        return False
    return _body_conforms(contract, op.request_schema_ref, op.definition, body, content_type)


def _body_conforms(contract: Contract, ref: str | None, definition: dict[str, Any],
                   body: bytes | str | None, content_type: str | None) -> bool:
    if not body:
        return not (definition.get("requestBody") or {}).get("required")
    if ref is None:
        return False  # a body where the contract takes none
    if content_type is not None and content_type.split(";")[0].strip() != JSON:
        return False
    try:
        value = json.loads(body)
    except (ValueError, TypeError):
        return False
    return not any(True for _ in contract.validator(ref).iter_errors(value))


def _valid(schema: dict[str, Any], value: str) -> bool:
    """A parameter's value against its schema, patterns as ECMA 262 reads them."""
    return bool(ContractValidator(schema, format_checker=FormatChecker()).is_valid(value))
