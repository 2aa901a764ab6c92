"""Credential redaction for everything a report (or a cassette) shows of a request.

Three layers, all conservative (redact too much rather than too little):

* headers: `Authorization` keeps its scheme and, for SigV4, its scope and signed headers,
  while the access key id and the signature become ``REDACTED``; any header whose name says
  token, secret, password or api-key (and cookies) is replaced outright;
* URL: user info and presigned-URL query parameters (``X-Amz-Signature``,
  ``X-Amz-Credential``'s key id, ``X-Amz-Security-Token``, names with signature, secret,
  password or api-key) are replaced; the paging parameter ``token`` is kept;
* body: JSON members that carry channel credentials (``PrivateKey``, ``ApiKey``,
  ``Certificate``...) are replaced, at any depth, even in a body that is not valid JSON.

`Scrubber` is the last line of defence: it collects the secret values of every exchange in a
report and removes them from free text (a check's ``actual`` may quote a request body).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from pinpoint_conformance.findings import Exchange, RunReport

REDACTED = "REDACTED"

# Header names redacted whatever their value, besides names containing one of the words below.
SENSITIVE_HEADERS = frozenset({"cookie", "set-cookie", "proxy-authorization"})
SENSITIVE_WORDS = ("token", "secret", "password", "api-key", "api_key", "apikey")
# JSON members carrying channel credentials (compared case-insensitively). The 2017 reference
# has Certificate, PrivateKey (APNs) and ApiKey (GCM); the later service model adds the others.
SENSITIVE_MEMBERS = frozenset(
    {"privatekey", "apikey", "certificate", "tokenkey", "secretkey", "clientsecret"}
)
# Presigned-URL query parameters.
SENSITIVE_PARAMS = frozenset({"x-amz-signature", "x-amz-credential", "x-amz-security-token"})

# Secrets shorter than this are not scrubbed from free text (they would garble it).
MIN_SECRET_LENGTH = 4

_MEMBER_NAMES = "|".join(
    ["PrivateKey", "ApiKey", "Certificate", "TokenKey", "SecretKey", "ClientSecret"]
)
# A sensitive member with a string value, tolerating an unterminated string (fuzzed bodies).
_MEMBER_RE = re.compile(
    rb'("(?:' + _MEMBER_NAMES.encode() + rb')"\s*:\s*)"((?:[^"\\]|\\.?)*)(?:"|\Z)',
    re.IGNORECASE | re.DOTALL,
)


def is_sensitive_header(name: str) -> bool:
    """Whether a header's whole value is a secret (Authorization is handled apart)."""
    lowered = name.strip().lower()
    return lowered in SENSITIVE_HEADERS or any(word in lowered for word in SENSITIVE_WORDS)


def _authorization_parts(value: str) -> tuple[str, list[tuple[str, str]] | None, str]:
    """(scheme, SigV4 `key=value` parts or None, the rest after the scheme)."""
    scheme, _, rest = value.strip().partition(" ")
    if not scheme.upper().startswith("AWS4-"):
        return scheme, None, rest
    parts: list[tuple[str, str]] = []
    for item in rest.split(","):
        key, _, val = item.strip().partition("=")
        if key:
            parts.append((key, val))
    return scheme, parts, rest


def redact_authorization(value: str) -> str:
    """Keep the scheme (and SigV4's scope and signed headers); drop what authenticates."""
    scheme, parts, rest = _authorization_parts(value)
    if parts is None:
        return f"{scheme} {REDACTED}" if rest.strip() else REDACTED
    shown: list[str] = []
    for key, val in parts:
        if key.lower() == "credential":
            _, slash, scope = val.partition("/")
            shown.append(f"{key}={REDACTED}{slash}{scope}")
        elif key.lower() == "signedheaders":
            shown.append(f"{key}={val}")
        else:
            shown.append(f"{key}={REDACTED}")
    return f"{scheme} {', '.join(shown)}"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of `headers` (same names, same order) with every credential replaced."""
    redacted: dict[str, str] = {}
    for name, value in headers.items():
        if name.strip().lower() == "authorization":
            redacted[name] = redact_authorization(value)
        elif is_sensitive_header(name):
            redacted[name] = REDACTED
        else:
            redacted[name] = value
    return redacted


def _is_sensitive_param(name: str) -> bool:
    # Not every "token": Pinpoint pages with the query parameter `token` (a NextToken).
    lowered = name.lower()
    return (
        lowered in SENSITIVE_PARAMS
        or "signature" in lowered
        or any(word in lowered for word in SENSITIVE_WORDS if word != "token")
    )


def redact_url(url: str) -> str:
    """The URL without user info or presigned-URL credentials (the rest kept byte for byte)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{REDACTED}:{REDACTED}@{host}" if ":" in userinfo else f"{REDACTED}@{host}"
    query = parts.query
    if query:
        items: list[str] = []
        for item in query.split("&"):
            name, eq, value = item.partition("=")
            if eq and _is_sensitive_param(unquote_plus(name)):
                if unquote_plus(name).lower() == "x-amz-credential":
                    scope = re.sub(r"^[^/%]*", "", value)
                    value = REDACTED + scope
                else:
                    value = REDACTED
            items.append(f"{name}{eq}{value}")
        query = "&".join(items)
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _has_secret(node: Any) -> bool:
    if isinstance(node, dict):
        return any(
            (key.lower() in SENSITIVE_MEMBERS and value != REDACTED) or _has_secret(value)
            for key, value in node.items()
        )
    if isinstance(node, list):
        return any(_has_secret(item) for item in node)
    return False


def _redact_document(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: REDACTED if key.lower() in SENSITIVE_MEMBERS else _redact_document(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_redact_document(item) for item in node]
    return node


def redact_body(body: bytes | None) -> bytes | None:
    """The body with credential members replaced by ``"REDACTED"``.

    String values are replaced in place, so the rest of the body keeps its exact bytes; a JSON
    body in which a credential survives that (a non-string value, an escaped member name) is
    re-serialised compactly with every such member replaced. A body that is not JSON keeps
    everything but the string values of credential members.
    """
    if not body:
        return body
    redacted = _MEMBER_RE.sub(rb'\1"' + REDACTED.encode() + rb'"', body)
    try:
        document = json.loads(redacted)
    except ValueError:  # includes UnicodeDecodeError
        return redacted
    if not _has_secret(document):
        return redacted
    text = json.dumps(_redact_document(document), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


# ------------------------------------------------------------------ scrubbing free text
def _body_secrets(body: bytes | None) -> set[str]:
    found: set[str] = set()
    if not body:
        return found
    for match in _MEMBER_RE.finditer(body):
        found.add(match.group(2).decode("utf-8", errors="replace"))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.lower() in SENSITIVE_MEMBERS and value != REDACTED:
                    found.add(value if isinstance(value, str) else json.dumps(value))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    with contextlib.suppress(ValueError):  # not JSON: the regex above did what it could
        walk(json.loads(body))
    return found


def _url_secrets(url: str) -> set[str]:
    found: set[str] = set()
    try:
        parts = urlsplit(url)
    except ValueError:
        return found
    if "@" in parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        found.update(piece for piece in userinfo.split(":", 1))
    for item in parts.query.split("&"):
        name, eq, value = item.partition("=")
        if eq and _is_sensitive_param(unquote_plus(name)):
            decoded = unquote_plus(value)
            found.update({value, decoded})
            if unquote_plus(name).lower() == "x-amz-credential":
                found.add(decoded.split("/", 1)[0])
    return found


def secret_values(exchange: Exchange) -> set[str]:
    """Every credential an exchange's request carries, as it may be quoted in free text."""
    found: set[str] = set()
    for name, value in exchange.request_headers.items():
        if name.strip().lower() == "authorization":
            _, parts, rest = _authorization_parts(value)
            if parts is None:
                found.add(rest.strip())
                continue
            for key, val in parts:
                if key.lower() == "credential":
                    found.add(val.split("/", 1)[0])
                elif key.lower() != "signedheaders":
                    found.add(val)
        elif is_sensitive_header(name):
            found.add(value.strip())
    found |= _url_secrets(exchange.url)
    for secret in _body_secrets(exchange.request_body):
        found.add(secret)
        found.add(json.dumps(secret)[1:-1])  # as it reads inside a JSON string
        found.add(quote(secret, safe=""))
    return {secret for secret in found if len(secret) >= MIN_SECRET_LENGTH}


class Scrubber:
    """Removes known secret values from free text (messages, actual values, reasons...)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        ordered = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(re.escape(secret) for secret in ordered)) if ordered else None
        )

    @classmethod
    def for_report(cls, report: RunReport) -> Scrubber:
        secrets: set[str] = set()
        for outcome in report.outcomes:
            for finding in outcome.findings:
                if finding.exchange is not None:
                    secrets |= secret_values(finding.exchange)
        secrets |= _url_secrets(report.target)
        return cls(secrets)

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(REDACTED, text)
