"""Pagination checks (ERRATA E21): `page-size` bounds a page; walking the pages with the
tokens returns every item once and ends; tokens are stable and cannot be made up.
`conformance/suite/test_paging.py` walks the lists; the helpers here are pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pinpoint_conformance.checks.catalogue import register
from pinpoint_conformance.findings import Level

SOURCE = "each list's page-size and token parameters; ERRATA E21"

PAGE_SIZE = register(
    "PAGE-001", "PAGE", Level.MUST,
    "A page never holds more items than the page-size asked for.",
)
PAGE_DUPLICATE = register(
    "PAGE-002", "PAGE", Level.SHOULD,
    "Walking a list from its first page with NextToken returns no item twice.",
)
PAGE_MISSING = register(
    "PAGE-003", "PAGE", Level.MUST,
    "Walking a list from its first page with NextToken returns every item the run created "
    "in it.",
)
PAGE_ENDS = register(
    "PAGE-004", "PAGE", Level.MUST,
    "A walk ends: the last page has no NextToken, and no token leads back to a page already "
    "walked.",
)
PAGE_UNISSUED = register(
    "PAGE-005", "PAGE", Level.SHOULD,
    "A token the target never issued is refused with a 4xx.",
)
PAGE_STABLE = register(
    "PAGE-006", "PAGE", Level.SHOULD,
    "The same token asked twice gives the same page.",
)

# A walk with more pages than this is taken for one that never ends, whatever its tokens.
MAX_PAGES = 1000


def duplicates(keys: Iterable[Any], among: set[Any] | None = None) -> list[Any]:
    """Keys seen more than once (only those in `among`, when given), in first-seen order."""
    counts = Counter(key for key in keys if among is None or key in among)
    return [key for key, count in counts.items() if count > 1]


def missing(expected: Iterable[Any], keys: Iterable[Any]) -> list[Any]:
    seen = set(keys)
    return [key for key in expected if key not in seen]


def repeats_a_walked_page(page_keys: list[Any], walked: list[Any]) -> bool:
    """A non-empty page whose items were all walked already: the token led back."""
    seen = set(walked)
    return bool(page_keys) and all(key in seen for key in page_keys)


def page_size_for(page_items: int) -> int:
    """A page size small enough that the items of a walk fill several pages."""
    return 2 if page_items < 10 else 3
