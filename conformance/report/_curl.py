"""A copy-pasteable `curl` command for an exchange's request, credentials redacted."""

from __future__ import annotations

import shlex

from pinpoint_conformance.findings import Exchange
from pinpoint_conformance.report._redact import redact_body, redact_headers, redact_url

__all__ = ["CURL_NOTE", "redact_body", "redact_headers", "to_curl"]

CURL_NOTE = (
    "curl lines show credentials as REDACTED: against a signed (SigV4) service, replace the "
    "Authorization and X-Amz-Date headers by curl's --aws-sigv4 "
    "'aws:amz:<region>:mobiletargeting' --user '<key id>:<secret>' (and put back any redacted "
    "channel credential in the body); against an unsigned target they run as they are."
)

# curl computes these itself; a stale copy would contradict a redacted body.
_DROPPED_HEADERS = frozenset({"content-length"})
_GLOB_CHARACTERS = frozenset("[]{}")


def _header_argument(name: str, value: str) -> str:
    # `-H 'Name:'` would make curl remove the header; `Name;` sends it empty.
    return f"{name};" if value == "" else f"{name}: {value}"


def to_curl(exchange: Exchange) -> str:
    """One shell command (`shlex.split` gives the words back) that sends the same request.

    Every request header is kept (but Content-Length, which curl computes) after
    `redact_headers`; the body, after `redact_body`, goes in ``--data-raw``. A HEAD request uses
    ``--head`` (``-X HEAD`` would wait for a body); a URL with ``[]{}`` gets ``--globoff``;
    a request that accepted a content coding gets ``--compressed`` (curl then decodes it).
    A body that is not UTF-8 is shown with U+FFFD for the bytes it cannot carry.
    """
    url = redact_url(exchange.url)
    method = exchange.method.upper()
    words: list[str] = ["curl"]
    words += ["--head"] if method == "HEAD" else ["-X", method]
    if _GLOB_CHARACTERS & set(url):
        words.append("--globoff")
    words.append(url)
    compressed = False
    for name, value in redact_headers(exchange.request_headers).items():
        lowered = name.strip().lower()
        if lowered in _DROPPED_HEADERS:
            continue
        compressed |= lowered == "accept-encoding" and value.strip() not in ("", "identity")
        words += ["-H", _header_argument(name, value)]
    if compressed:  # show the answer decoded, as the suite saw it
        words.append("--compressed")
    body = redact_body(exchange.request_body)
    if body is not None:  # an explicitly empty body is still sent (Content-Length: 0)
        words += ["--data-raw", body.decode("utf-8", errors="replace")]
    return " ".join(shlex.quote(word) for word in words)
