"""Pagination of the list operations: `page-size` and opaque, signed `token`s (ERRATA E21).

Every listed item has a sequence number that grows with creation (a version's number for
version lists). A page holds the first `page-size` items after a position; NextToken names
the position after the page's last item. A token is that position, masked and signed with
HMAC-SHA256 under a key drawn when the server starts, bound to the list it was issued for
(operation, application and parent resource). Nothing is kept per token, so memory does not
grow with the tokens issued; the same token always names the same position (the same page
while the list is unchanged); a token from another list or another server run is a 400.
Positions are item positions, not offsets, so deleting an item while a client walks the list
neither repeats nor skips the others.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pinpoint_conformance.reference_target._errors import bad_request

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
UNISSUED_TOKEN = "it was not issued by this server for this list"
_MAC_BYTES = 12
_POSITION_BYTES = 8


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str | None
    page_size: int


class Paginator:
    def __init__(
        self,
        key: bytes | None = None,
        default_size: int = DEFAULT_PAGE_SIZE,
        max_size: int = MAX_PAGE_SIZE,
    ) -> None:
        self._key = key or secrets.token_bytes(32)
        self.default_size = default_size
        self.max_size = max_size

    def page_size(self, raw: str | None) -> int:
        """The effective page size: the default when absent, capped at the maximum."""
        if raw is None:
            return self.default_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise bad_request(
                f"Invalid query parameter page-size: {raw!r} is not a positive integer"
            )
        return min(int(raw), self.max_size)

    def page(
        self,
        entries: Iterable[tuple[int, T]],
        list_id: str,
        page_size: str | None,
        token: str | None,
    ) -> Page[T]:
        """One page of `entries` ((sequence, item) pairs in ascending sequence order)."""
        size = self.page_size(page_size)
        after = self.position(token, list_id) if token is not None else 0
        items: list[T] = []
        last = after
        more = False
        for seq, item in entries:
            if seq <= after:
                continue
            if len(items) == size:
                more = True
                break
            items.append(item)
            last = seq
        return Page(items, self.token(last, list_id) if more else None, size)

    def token(self, position: int, list_id: str) -> str:
        raw = position.to_bytes(_POSITION_BYTES, "big")
        masked = bytes(a ^ b for a, b in zip(raw, self._mask(list_id), strict=True))
        mac = self._mac(raw, list_id)
        return base64.urlsafe_b64encode(mac + masked).rstrip(b"=").decode("ascii")

    def position(self, token: str, list_id: str) -> int:
        try:
            padded = token + "=" * (-len(token) % 4)
            raw = base64.urlsafe_b64decode(padded.encode("ascii"))
        except (ValueError, binascii.Error, UnicodeEncodeError):
            raw = b""
        if len(raw) == _POSITION_BYTES + _MAC_BYTES:
            mac, masked = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
            position = bytes(a ^ b for a, b in zip(masked, self._mask(list_id), strict=True))
            if hmac.compare_digest(mac, self._mac(position, list_id)):
                value = int.from_bytes(position, "big")
                if self.token(value, list_id) == token:  # only the exact spelling issued
                    return value
        raise bad_request(f"Invalid query parameter token: {UNISSUED_TOKEN}")

    def _mask(self, list_id: str) -> bytes:
        """Hides the position, so a token reads as noise and differs from list to list."""
        message = b"mask\x00" + list_id.encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).digest()[:_POSITION_BYTES]

    def _mac(self, position: bytes, list_id: str) -> bytes:
        message = position + b"\x00" + list_id.encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).digest()[:_MAC_BYTES]
