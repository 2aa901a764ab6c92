"""HAL checks (ERRATA E20): self links that exist and lead back to the same resource, and
`next` links that agree with NextToken. Pure functions; `conformance/suite/test_hal.py` sends
the requests.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import unquote, urlsplit

from pinpoint_conformance.checks.catalogue import register
from pinpoint_conformance.contract import Contract
from pinpoint_conformance.findings import Level

HAL_LINKS = register(
    "HAL-001", "HAL", Level.MUST,
    "With Accept: application/hal+json a success body (a resource or a list page) includes "
    "hyperlinks: a _links object.",
)
HAL_SELF = register(
    "HAL-005", "HAL", Level.SHOULD,
    "With Accept: application/hal+json every resource, every item of a list page and every "
    "list page carries _links.self.href.",
)
HAL_DEREFERENCE = register(
    "HAL-002", "HAL", Level.SHOULD,
    "A resource's _links.self.href dereferences (GET, same Accept, signed) to the same "
    "resource: the same Id, ApplicationId, Version and Platform.",
)
HAL_NEXT = register(
    "HAL-003", "HAL", Level.SHOULD,
    "A list page carries _links.next exactly when it carries NextToken.",
)
HAL_NEXT_PAGE = register(
    "HAL-004", "HAL", Level.SHOULD,
    "A list page's _links.next dereferences to the page its NextToken names.",
)

# The members that say which resource (and which version of it) a body is.
IDENTITY = ("Id", "ApplicationId", "Version", "Platform")


def link(body: Any, relation: str) -> str | None:
    """`_links.<relation>.href` of a body, or None when it has none."""
    if not isinstance(body, dict):
        return None
    links = body.get("_links")
    target = links.get(relation) if isinstance(links, dict) else None
    href = target.get("href") if isinstance(target, dict) else None
    return href if isinstance(href, str) and href else None


def identity(body: dict[str, Any]) -> dict[str, Any]:
    return {name: body[name] for name in IDENTITY if name in body}


def identity_differences(original: dict[str, Any], dereferenced: Any) -> list[str]:
    """How a dereferenced body is not the resource `original` is."""
    if not isinstance(dereferenced, dict):
        return [f"the link led to {type(dereferenced).__name__}, not a resource"]
    return [
        f"{name}: {value!r} became {dereferenced.get(name)!r}"
        for name, value in identity(original).items()
        if dereferenced.get(name) != value
    ]


@functools.lru_cache(maxsize=8)
def _routes(contract: Contract) -> list[tuple[tuple[str | None, ...], tuple[str, ...], str, str]]:
    routes = []
    for op in contract.iter_operations():
        segments: list[str | None] = []
        names: list[str] = []
        for part in op.path.strip("/").split("/"):
            if part.startswith("{") and part.endswith("}"):
                segments.append(None)
                names.append(part[1:-1])
            else:
                segments.append(part)
        routes.append((tuple(segments), tuple(names), op.method, op.operation_id))
    # literal segments win over parameters (e.g. /jobs/import before /jobs/{id})
    routes.sort(key=lambda route: -sum(s is not None for s in route[0]))
    return routes


def match_operation(
    contract: Contract, method: str, path: str
) -> tuple[str, dict[str, str]] | None:
    """The contract operation a method and a (percent-encoded) path name, with its path
    parameters, or None. One trailing slash is tolerated (ERRATA E01)."""
    raw = path.split("?", 1)[0].strip("/").split("/")
    parts = [unquote(part) for part in raw]
    for segments, names, op_method, operation_id in _routes(contract):
        if op_method != method.upper() or len(segments) != len(parts):
            continue
        params: dict[str, str] = {}
        iterator = iter(names)
        for expected, part in zip(segments, parts, strict=True):
            if expected is None:
                if not part:
                    break
                params[next(iterator)] = part
            elif expected != part:
                break
        else:
            return operation_id, params
    return None


def path_and_query(url: str) -> str:
    """The path and query of a URL (what is sent to the target for a link)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def has_links(body: Any) -> bool:
    """Whether a HAL body includes hyperlinks at all (a `_links` object)."""
    return isinstance(body, dict) and isinstance(body.get("_links"), dict)
