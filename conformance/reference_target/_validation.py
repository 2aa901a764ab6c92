"""Request validation against the contract; every failure is a 400 (or 413) MessageBody
whose Message names the offending member.

- Path and query parameters: each against its parameter schema in the contract. A query
  parameter the contract declares must appear at most once; undeclared ones are ignored.
- Bodies: at most `limit` bytes (Content-Length is checked before anything is read), UTF-8
  JSON, an object, valid against the operation's request schema (formats checked). NaN,
  Infinity, numbers too large for a double and nesting too deep to parse are 400s.
- Then aliases are resolved (`_aliases`) and the contract's checkable `x-rules` enforced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from pinpoint_conformance.contract import Contract, Operation
from pinpoint_conformance.reference_target._aliases import Shapes
from pinpoint_conformance.reference_target._errors import PAYLOAD_TOO_LARGE, ApiError, bad_request
from pinpoint_conformance.reference_target._rules import check_campaign, check_rules_exist

DEFAULT_BODY_LIMIT = 1024 * 1024  # 1 MiB
_FAST_KEYS = {"type", "minLength", "maxLength", "pattern", "description"}


def describe(error: ValidationError) -> str:
    """`$.path.to.member: what is wrong`, naming the missing member for `required`."""
    path = error.json_path
    if error.validator == "required" and isinstance(error.instance, dict):
        for name in error.validator_value:
            if name not in error.instance:
                path = f"{path}.{name}"
                break
    return f"{path}: {error.message}"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    check: Callable[[str], str | None]  # None when valid, else what is wrong


def compile_check(schema: dict[str, Any]) -> Callable[[str], str | None]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())

    def slow(value: str) -> str | None:
        error = best_match(validator.iter_errors(value))
        return None if error is None else error.message

    if schema.get("type") != "string" or not set(schema) <= _FAST_KEYS:
        return slow
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None

    def fast(value: str) -> str | None:
        if len(value) < low or (high is not None and len(value) > high):
            return slow(value)
        if pattern is not None and pattern.search(value) is None:
            return slow(value)
        return None

    return fast


class Parameters:
    """The path and query parameters of every operation, checked against the contract."""

    def __init__(self, contract: Contract) -> None:
        self._by_op: dict[str, list[Parameter]] = {}
        for op in contract.iter_operations():
            params = []
            for raw in op.parameters:
                param = contract.resolve(raw)
                params.append(
                    Parameter(
                        param["name"],
                        param["in"],
                        bool(param.get("required")),
                        compile_check(param.get("schema") or {}),
                    )
                )
            self._by_op[op.operation_id] = params

    def check(
        self, op: Operation, path_params: dict[str, str], query_string: str
    ) -> dict[str, str]:
        """The declared query parameters (path parameters are checked in place)."""
        query: dict[str, str] = {}
        declared = self._by_op[op.operation_id]
        wanted = {p.name for p in declared if p.location == "query"}
        if query_string and wanted:
            for name, given in parse_qsl(query_string, keep_blank_values=True):
                if name not in wanted:
                    continue
                if name in query:
                    raise bad_request(f"Invalid query parameter {name}: given more than once")
                query[name] = given
        for param in declared:
            if param.location == "path":
                value: str | None = path_params.get(param.name)
            elif param.location == "query":
                value = query.get(param.name)
            else:
                continue
            if value is None:
                if param.required:
                    raise bad_request(f"Missing {param.location} parameter {param.name}")
                continue
            problem = param.check(value)
            if problem is not None:
                raise bad_request(f"Invalid {param.location} parameter {param.name}: {problem}")
        return query


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:40]} is too large")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_float=_finite, parse_constant=_no_constants)
    except RecursionError:
        raise bad_request("The request body is not valid JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int digit limits
        raise bad_request(f"The request body is not valid JSON: {exc}") from None


class Bodies:
    """Reads, parses, validates and normalizes request bodies."""

    def __init__(self, contract: Contract, shapes: Shapes, limit: int = DEFAULT_BODY_LIMIT) -> None:
        check_rules_exist(contract)
        self.contract = contract
        self.shapes = shapes
        self.limit = limit

    def length(self, environ: dict[str, Any]) -> int | None:
        raw = environ.get("CONTENT_LENGTH") or ""
        if not raw.strip():
            return None
        try:
            length = int(raw)
        except ValueError:
            raise bad_request(f"Invalid Content-Length {raw[:40]!r}") from None
        if length < 0:
            raise bad_request(f"Invalid Content-Length {raw[:40]!r}")
        self.check_size(length)
        return length

    def check_size(self, length: int) -> None:
        if length > self.limit:
            raise ApiError(
                PAYLOAD_TOO_LARGE,
                f"The request body has {length} bytes; the limit is {self.limit} bytes",
            )

    def errors(self, ref: str, body: dict[str, Any]) -> Iterator[ValidationError]:
        """What is wrong with a body, by the schema `ref` (a subclass may tolerate some)."""
        return self.contract.validator(ref).iter_errors(body)

    def read(self, environ: dict[str, Any], op: Operation) -> dict[str, Any]:
        length = self.length(environ)
        stream = environ["wsgi.input"]
        if length is not None:
            raw = stream.read(length) if length else b""
        elif environ.get("wsgi.input_terminated"):
            raw = stream.read(self.limit + 1)
            self.check_size(len(raw))
        else:
            raw = b""
        ref = op.request_schema_ref
        assert ref is not None
        schema_name = ref.rsplit("/", 1)[-1]
        if not raw.strip():
            raise bad_request(f"The request body is required: a JSON object ({schema_name})")
        body = parse_json(raw)
        if not isinstance(body, dict):
            raise bad_request(f"Invalid request body at $: a JSON object ({schema_name}) is needed")
        error = best_match(self.errors(ref, body))
        if error is not None:
            raise bad_request(f"Invalid request body at {describe(error)}")
        normalized: dict[str, Any] = self.shapes.normalize(body, self.shapes.of(ref))
        if schema_name == "WriteCampaignRequest":
            check_campaign(normalized)
        return normalized
