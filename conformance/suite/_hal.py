"""HAL helpers: a read with HAL asked, a resource's links (HAL-001, HAL-005, followed for
HAL-002) and a list page's links (HAL-003, HAL-004). `test_hal` and `test_read_only` use them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from pinpoint_conformance.checks.hal import (
    HAL_DEREFERENCE,
    HAL_LINKS,
    HAL_NEXT,
    HAL_NEXT_PAGE,
    HAL_SELF,
    has_links,
    identity_differences,
    link,
    match_operation,
    path_and_query,
)
from pinpoint_conformance.contract import HAL_JSON
from pinpoint_conformance.probe import Answer, Blocked, Probe

PAGE_SIZE = 1  # so that two items make two pages, and the first page has a next link


def hal(probe: Probe, operation_id: str, params: dict[str, str] | None = None,
        **options: Any) -> dict[str, Any]:
    """Call an operation that must succeed, with HAL asked; its body."""
    return probe.succeed(operation_id, params, accept=HAL_JSON, **options)


def follow(probe: Probe, operation_id: str, href: str, base: str) -> Answer | None:
    """GET a link (resolved against the URL of the answer that carried it) through the run's
    client, with HAL asked. None, and a HAL-002 finding, when the link names no readable
    operation of the contract."""
    target = path_and_query(urljoin(base, href))
    matched = match_operation(probe.contract, "GET", target)
    if matched is None:
        probe.report(HAL_DEREFERENCE, operation_id, "a link names no readable resource",
                     "a path of a GET operation of the contract", href)
        return None
    read, params = matched
    url = probe.client.config.base_url + target
    return probe.request(read, params, accept=HAL_JSON, url=url)


def check_resource(probe: Probe, operation_id: str, body: Any, base: str,
                   dereference: bool = True, item: bool = False) -> None:
    """HAL-001: a resource answered on its own includes hyperlinks; HAL-005: it (or an item
    of a list) has a self link; HAL-002: the self link leads to the same resource."""
    if not item:
        probe.verify(has_links(body), HAL_LINKS, operation_id,
                     "a HAL answer includes no hyperlinks (_links)", "a _links object",
                     links_of(body))
    href = link(body, "self")
    probe.verify(href is not None, HAL_SELF, operation_id, "a resource has no _links.self.href",
                 "_links.self.href", links_of(body))
    if href is None or not dereference:
        return
    answer = follow(probe, operation_id, href, base)
    if answer is None:
        return
    problems = (identity_differences(body, answer.body) if answer.status == 200
                else [f"the self link answered {answer.status}"])
    probe.verify(not problems, HAL_DEREFERENCE, operation_id,
                 "the self link does not lead to the same resource", href, "; ".join(problems),
                 answer.exchange)


def check_page(probe: Probe, operation_id: str, params: dict[str, str] | None,
               key: str = "Id") -> dict[str, Any]:
    """One HAL page of a list: its links, its items' links, and where `next` leads."""
    query = {"page-size": str(PAGE_SIZE)}
    answer = probe.request(operation_id, params, accept=HAL_JSON, query=query)
    page = answer.body
    if answer.status != 200 or not isinstance(page, dict):
        raise Blocked(f"{operation_id} answered {answer.status}")
    base = answer.exchange.url
    probe.verify(has_links(page), HAL_LINKS, operation_id,
                 "a HAL answer includes no hyperlinks (_links)", "a _links object",
                 links_of(page))
    probe.verify(link(page, "self") is not None, HAL_SELF, operation_id,
                 "a list page has no _links.self.href", "_links.self.href", links_of(page))
    for item in page.get("Item", []):
        check_resource(probe, operation_id, item, base, item=True)
    token, href = page.get("NextToken"), link(page, "next")
    probe.verify((token is None) == (href is None), HAL_NEXT, operation_id,
                 "_links.next and NextToken disagree",
                 "_links.next exactly when NextToken", f"NextToken {token!r}, next {href!r}")
    if token is not None and href is not None:
        by_link = follow(probe, operation_id, href, base)
        by_token = hal(probe, operation_id, params, query={**query, "token": token})
        if by_link is not None:
            linked = keys_of(by_link.body, key)
            probe.verify(by_link.status == 200 and linked == keys_of(by_token, key),
                         HAL_NEXT_PAGE, operation_id,
                         "_links.next does not lead to the page NextToken names",
                         keys_of(by_token, key), f"{by_link.status}: {linked}", by_link.exchange)
    return page


def keys_of(page: Any, key: str) -> list[Any]:
    items = page.get("Item", []) if isinstance(page, dict) else []
    return [item.get(key) for item in items if isinstance(item, dict)]


def links_of(body: Any) -> Any:
    return body.get("_links", "no _links") if isinstance(body, dict) else type(body).__name__


