"""HAL (ERRATA E20): content negotiation and `_links`.

`Accept` is read with q-values: `application/hal+json` is chosen when the client rates it
higher than `application/json`, or equally but more specifically (`application/hal+json,
*/*`). Otherwise, including an absent Accept, `*/*`, a tie between the two named types, and
an Accept that allows neither (406 is not in the contract), the answer is plain JSON.

Every resource's `_links.self.href` is the path of the GET operation that reads it, filled
from the contract's path template; a list page's `self` is the list path with the query it
was asked with, and `next` (present exactly when NextToken is) the list path with the next
token and the same page size.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from pinpoint_conformance.contract import HAL_JSON, JSON, Contract


@functools.lru_cache(maxsize=256)
def negotiate(accept: str | None) -> str:
    """The media type of the answer for an Accept header value."""
    if not accept:
        return JSON
    try:
        chosen = parse_accept_header(accept, MIMEAccept).best_match([JSON, HAL_JSON], default=JSON)
    except ValueError:
        return JSON
    return HAL_JSON if chosen == HAL_JSON else JSON


class Links:
    """Builds hrefs from the contract's path templates."""

    def __init__(self, contract: Contract) -> None:
        self._templates = {op.operation_id: op.path for op in contract.iter_operations()}

    def href(
        self, operation_id: str, params: dict[str, str], query: dict[str, str] | None = None
    ) -> str:
        path = self._templates[operation_id]
        for name, value in params.items():
            path = path.replace("{" + name + "}", _quote(value))
        if query:
            path += "?" + "&".join(
                f"{_quote(name)}={_quote(value)}" for name, value in query.items()
            )
        return path


def _quote(value: str) -> str:
    return quote(value, safe="", errors="surrogatepass")


def with_self(body: dict[str, Any], href: str) -> dict[str, Any]:
    return {**body, "_links": {"self": {"href": href}}}


def page_links(self_href: str, next_href: str | None) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": self_href}}
    if next_href is not None:
        links["next"] = {"href": next_href}
    return links
