"""The contract: `spec/openapi.yaml` loaded once, with lookups by operation and schema.

Everything the suite knows about paths, schemas, enums and status codes comes from here;
nothing is re-typed in Python.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACT_URI = "urn:pinpoint-conformance:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
JSON = "application/json"
HAL_JSON = "application/hal+json"


class ContractError(Exception):
    """The contract file is missing or unreadable."""


def load_yaml(text: str) -> Any:
    """YAML as `yaml.safe_load` reads it, with libyaml's parser where PyYAML has it (the spec's
    files are large: the pure-Python parser takes most of a second over them)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def spec_file(name: str) -> Path:
    """Where a file of the spec folder lives: inside the installed wheel (the data package
    `pinpoint_conformance.spec`), or in the source tree."""
    try:
        packaged = importlib.resources.files("pinpoint_conformance.spec") / name
        if packaged.is_file():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "spec" / name


def spec_path() -> Path:
    """Where `openapi.yaml` lives."""
    return spec_file("openapi.yaml")


@dataclass(frozen=True)
class Operation:
    """One method on one path, as the contract describes it."""

    operation_id: str
    method: str
    path: str
    definition: dict[str, Any] = field(repr=False)
    path_item: dict[str, Any] = field(repr=False)

    @property
    def source(self) -> str:
        return str(self.definition.get("x-source", ""))

    @property
    def reference(self) -> dict[str, Any]:
        return dict(self.definition.get("x-reference") or {})

    @property
    def section(self) -> str:
        """The reference section this operation documents, e.g. 'Campaigns List (p. 6)'."""
        ref = self.reference
        if not ref.get("section"):
            return str(ref.get("note") or "service model")
        page = f" (p. {ref['page']})" if ref.get("page") else ""
        return f"{ref['section']}{page}"

    @property
    def responses(self) -> dict[str, Any]:
        return dict(self.definition.get("responses", {}))

    @property
    def success_status(self) -> int:
        codes = sorted(int(code) for code in self.responses if code.startswith("2"))
        return codes[0]

    @property
    def parameters(self) -> list[dict[str, Any]]:
        return list(self.path_item.get("parameters", [])) + list(
            self.definition.get("parameters", [])
        )

    @property
    def request_schema_ref(self) -> str | None:
        body = self.definition.get("requestBody")
        if not body:
            return None
        return str(body["content"][JSON]["schema"]["$ref"])


class Contract:
    """The OpenAPI document with operation and schema lookups and schema validators."""

    def __init__(self, document: dict[str, Any], path: Path | None = None) -> None:
        self.document = document
        self.path = path
        self._registry: Registry = Registry().with_resource(
            CONTRACT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.operations: dict[str, Operation] = {}
        for route, item in document.get("paths", {}).items():
            for method in HTTP_METHODS:
                if method in item:
                    op = item[method]
                    self.operations[op["operationId"]] = Operation(
                        op["operationId"], method.upper(), route, op, item
                    )

    # -------------------------------------------------------------- lookups
    @property
    def version(self) -> str:
        return str(self.document["info"]["version"])

    @property
    def schemas(self) -> dict[str, Any]:
        return dict(self.document["components"]["schemas"])

    def operation(self, operation_id: str) -> Operation:
        return self.operations[operation_id]

    def iter_operations(self) -> Iterator[Operation]:
        yield from self.operations.values()

    def resolve(self, node: Any) -> Any:
        """Follow one local `$ref` (``#/components/...``) if `node` is a reference."""
        while isinstance(node, dict) and "$ref" in node and len(node) == 1:
            node = self.pointer(node["$ref"])
        return node

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ContractError(f"only local references are supported, got {ref!r}")
        node: Any = self.document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def response_schema_ref(self, operation_id: str, status: int, media_type: str) -> str | None:
        """The `$ref` of the schema for an answer, or None when the contract has none."""
        op = self.operation(operation_id)
        response = self.resolve(op.responses.get(str(status)))
        if not response:
            return None
        content = response.get("content", {}).get(media_type)
        return str(content["schema"]["$ref"]) if content else None

    # -------------------------------------------------------------- validation
    def validator(self, ref: str) -> Draft202012Validator:
        """A JSON Schema validator for a `#/components/schemas/...` reference."""
        return _validator(self, ref)

    def schema_validator(self, name: str) -> Draft202012Validator:
        return self.validator(f"#/components/schemas/{name}")


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`pattern` as JSON Schema means it (ECMA 262): a final `$` is the end of the string.
    Python's `$` also matches before a trailing newline, which would let "07:30\n" pass a
    time of day."""
    if not isinstance(instance, str):
        return
    anchored = (
        pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern
    )
    if not re.search(anchored, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


ContractValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


@functools.lru_cache(maxsize=256)
def _validator(contract: Contract, ref: str) -> Draft202012Validator:
    return ContractValidator(
        {"$ref": f"{CONTRACT_URI}{ref}"},
        registry=contract._registry,
        format_checker=FormatChecker(),
    )


@functools.lru_cache(maxsize=4)
def load_contract(path: str | None = None) -> Contract:
    """Load (once) and return the contract; `path` overrides the packaged file."""
    file = Path(path) if path else spec_path()
    try:
        document = load_yaml(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContractError(f"cannot read the contract at {file}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ContractError(f"the contract at {file} is not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or "paths" not in document:
        raise ContractError(f"{file} is not an OpenAPI document")
    return Contract(document, file)
