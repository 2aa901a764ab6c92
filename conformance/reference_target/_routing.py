"""Spec-driven routing: every path and method of the contract, and nothing else.

A request path is split on `/` before percent-decoding, so an id may contain an encoded
slash (`%2F`) and still be one path segment. One trailing slash is tolerated (ERRATA E01).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from pinpoint_conformance.contract import Contract, Operation
from pinpoint_conformance.reference_target._errors import METHOD_NOT_ALLOWED, NOT_FOUND, ApiError


@dataclass(frozen=True)
class Route:
    """One path of the contract: its segments (None where a parameter goes) and methods."""

    template: str
    segments: tuple[str | None, ...]
    names: tuple[str, ...]
    operations: dict[str, Operation]

    @property
    def literal_count(self) -> int:
        return sum(segment is not None for segment in self.segments)

    @property
    def literals(self) -> tuple[tuple[int, str], ...]:
        return tuple((i, s) for i, s in enumerate(self.segments) if s is not None)

    @property
    def slots(self) -> tuple[tuple[int, str], ...]:
        positions = [i for i, s in enumerate(self.segments) if s is None]
        return tuple(zip(positions, self.names, strict=True))


class _Compiled:
    """A route with its literal checks and parameter slots precomputed."""

    __slots__ = ("literals", "route", "slots")

    def __init__(self, route: Route) -> None:
        self.route = route
        self.literals = route.literals
        self.slots = route.slots

    def bind(self, parts: list[str]) -> dict[str, str] | None:
        for index, literal in self.literals:
            if parts[index] != literal:
                return None
        return {name: parts[index] for index, name in self.slots}


@dataclass(frozen=True)
class Match:
    operation: Operation
    params: dict[str, str]


def split_template(template: str) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    segments: list[str | None] = []
    names: list[str] = []
    for part in template.strip("/").split("/"):
        if part.startswith("{") and part.endswith("}"):
            segments.append(None)
            names.append(part[1:-1])
        else:
            segments.append(part)
    return tuple(segments), tuple(names)


def request_path(raw_uri: str) -> str:
    """The path of a request target (origin form or absolute form), still percent-encoded."""
    if raw_uri.startswith(("http://", "https://")):
        return urlsplit(raw_uri).path or "/"
    return raw_uri.split("?", 1)[0].split("#", 1)[0]


class Router:
    """Finds the operation for a method and a path, or raises 404 / 405."""

    def __init__(self, contract: Contract) -> None:
        by_template: dict[str, dict[str, Operation]] = {}
        for op in contract.iter_operations():
            by_template.setdefault(op.path, {})[op.method] = op
        routes = []
        for template, operations in by_template.items():
            segments, names = split_template(template)
            routes.append(Route(template, segments, names, operations))
        self._by_length: dict[int, list[_Compiled]] = {}
        for route in sorted(routes, key=lambda r: -r.literal_count):
            self._by_length.setdefault(len(route.segments), []).append(_Compiled(route))

    def match(self, method: str, path: str) -> Match:
        raw_parts = path.split("/")
        if raw_parts and raw_parts[0] == "":
            raw_parts = raw_parts[1:]
        if len(raw_parts) > 1 and raw_parts[-1] == "":
            raw_parts = raw_parts[:-1]
        if any(part == "" for part in raw_parts):
            raise self._unknown(method, path)
        parts = [unquote(part) if "%" in part else part for part in raw_parts]
        for compiled in self._by_length.get(len(parts), ()):
            params = compiled.bind(parts)
            if params is None:
                continue
            route = compiled.route
            operation = route.operations.get(method)
            if operation is None:
                allowed = ", ".join(sorted(route.operations))
                raise ApiError(
                    METHOD_NOT_ALLOWED,
                    f"{method} is not allowed on {route.template}; allowed: {allowed}",
                    headers={"Allow": allowed},
                )
            return Match(operation, params)
        raise self._unknown(method, path)

    @staticmethod
    def _unknown(method: str, path: str) -> ApiError:
        return ApiError(NOT_FOUND, f"No resource at {method} {path}")
