"""Walking a list page by page (PAGE-001 on every page, PAGE-004 on the walk): shared by the
PAGE checks (`test_paging`) and the read-only run (`test_read_only`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.paging import (
    MAX_PAGES,
    PAGE_ENDS,
    PAGE_SIZE,
    PAGE_STABLE,
    PAGE_UNISSUED,
    repeats_a_walked_page,
)
from pinpoint_conformance.probe import Blocked, Probe


@dataclass
class Walk:
    keys: list[Any]
    pages: dict[str, list[Any]]  # the keys of each page, by the token that asked for it
    ended: bool


def walk_pages(probe: Probe, op: str, key: str, params: dict[str, str], page_size: int,
               limit: int = MAX_PAGES) -> Walk:
    """Walk the list from its first page; PAGE-001 on every page, PAGE-004 on the walk.
    With a `limit` below MAX_PAGES the walk stops there without a finding (`ended` False):
    a long list is not the target's fault."""
    walked = Walk([], {}, False)
    tokens_seen: set[str] = set()
    token: str | None = None
    for number in range(1, limit + 1):
        query = {"page-size": str(page_size), **({"token": token} if token else {})}
        page = probe.succeed(op, params, query=query)
        items = page.get("Item")
        if not isinstance(items, list):
            raise Blocked(f"{op} answered a page without an Item list")
        keys = [item.get(key) if isinstance(item, dict) else None for item in items]
        probe.verify(len(items) <= page_size, PAGE_SIZE, op, "a page holds more items than asked",
                     f"at most {page_size} items", f"{len(items)} items on page {number}")
        if token is not None and repeats_a_walked_page(keys, walked.keys):
            probe.report(PAGE_ENDS, op, "a token led back to items already walked",
                         "a new page or the end", f"page {number}: {keys}")
            return walked
        walked.keys += keys
        if token is not None:
            walked.pages[token] = keys
        next_token = page.get("NextToken")
        if next_token is None or next_token == "":
            walked.ended = True
            probe.touch(PAGE_ENDS.family, op)
            return walked
        if not isinstance(next_token, str) or next_token in tokens_seen:
            probe.report(PAGE_ENDS, op, "a page names a token already followed",
                         "a new token or none on the last page", f"page {number}: {next_token}")
            return walked
        tokens_seen.add(next_token)
        token = next_token
    if limit >= MAX_PAGES:
        probe.report(PAGE_ENDS, op, f"the walk did not end within {MAX_PAGES} pages",
                     "a last page without NextToken", f"{MAX_PAGES} pages")
    return walked


def check_tokens(probe: Probe, op: str, key: str, params: dict[str, str], page_size: int,
                 walked: Walk, seed: int) -> None:
    """PAGE-005: a token the target never issued is refused with a 4xx; PAGE-006: the first
    token the walk followed, asked again, gives the same page."""
    unissued = probe.request(op, params, query={"page-size": str(page_size),
                                                "token": f"pinpoint-conformance-{seed}"},
                             expect=Expectation("error"))
    probe.verify(unissued.status is not None and 400 <= unissued.status < 500, PAGE_UNISSUED,
                 op, "a token the target never issued was not refused", "a 4xx",
                 unissued.status, unissued.exchange)
    if walked.pages:
        token, keys = next(iter(walked.pages.items()))
        again = probe.succeed(op, params, query={"page-size": str(page_size), "token": token})
        again_keys = [item.get(key) for item in again.get("Item", []) if isinstance(item, dict)]
        probe.verify(again_keys == keys, PAGE_STABLE, op, "the same token gave another page",
                     keys, again_keys)
