"""What a handler returns; `_app` turns it into JSON or HAL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    """The GET operation that reads a resource, and its path parameters."""

    operation_id: str
    params: dict[str, str]


@dataclass(frozen=True)
class Resource:
    body: dict[str, Any]
    link: Link


@dataclass(frozen=True)
class Listing:
    """One page of a list operation."""

    items: list[Resource]
    next_token: str | None
    page_size: int


@dataclass(frozen=True)
class Accepted:
    """A MessageBody answer (the 202 of endpoint updates)."""

    message: str


Result = Resource | Listing | Accepted
