"""What a cassette never holds: credentials, secrets and account ids, replaced at record time.

The same functions run when an exchange is recorded (vcrpy's `before_record_request` and
`before_record_response`) and when a request is looked up on replay (vcrpy applies
`before_record_request` to the request it is asked for), so a replayed request matches the
recorded one.

- Headers: Authorization, X-Amz-Date, X-Amz-Security-Token, Cookie and Set-Cookie.
- Channel credentials in bodies: every member of a channel request of the contract (APNS
  Certificate and PrivateKey, GCM ApiKey), and the service's names for the other channels'
  secrets and GCM's stored Credential.
- AWS account ids in ARNs of answers (a real service names the caller's account), except
  those the run sent itself: the suite generates the ARNs it writes, and reads them back.
- Anywhere, in any header, URL or body: access-key ids (AKIA..., ASIA...), PEM blocks and
  40-character secret access keys named as secrets (`"SecretAccessKey": "..."`,
  `aws_secret_access_key=...`).

Placeholders keep identity: a value always gets the same placeholder (a short digest of it,
which does not give the value back), so what was equal stays equal and what differed differs.

On replay the run sends its credentials again (generated from the seed): a recorded answer
that echoes one (a GCM channel's Credential is the ApiKey written) gets the value back in
memory (`restore`), so a check that compares what was written with what was read judges the
answer as the target gave it. Nothing restored is ever written to disk.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable
from functools import cache
from typing import Any

from vcr.request import Request

from pinpoint_conformance.contract import load_contract

REDACTED_HEADERS = frozenset({
    "authorization", "x-amz-date", "x-amz-security-token", "cookie", "set-cookie",
})
# the service's names for channel secrets the 2017 contract does not define (APNS tokens,
# Baidu, ADM) and the credential a GCM channel answers with
SERVICE_SECRET_MEMBERS = frozenset({"TokenKey", "SecretKey", "ClientSecret", "Credential"})

ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA|ANPA)[A-Z0-9]{16}(?![A-Z0-9])")
PEM_BLOCK = re.compile(r"-----BEGIN [A-Z0-9 ]+-----.*?(?:-----END [A-Z0-9 ]+-----|$)", re.S)
# a secret access key: 40 characters of its alphabet, named as a secret just before (a bare
# 40-character run is no sign: generated device tokens and ids are full of them, and
# replacing what the run wrote would change what it reads back)
SECRET_KEY = re.compile(r"(?i:secret|password|private|credential)[^\n,;{}]{0,40}?"
                        r"(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")
# a member's placeholder: the same digest under any member name (an ApiKey written is the
# Credential read)
PLACEHOLDER = re.compile(rb"REDACTED-[A-Za-z0-9_-]+?-([0-9a-f]{10})(?![0-9a-f])")
ARN_ACCOUNT = re.compile(r"(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)(\d{12})(?=:)")


@cache
def secret_members() -> frozenset[str]:
    """The members that hold channel credentials: every member of a channel request schema
    of the contract, and the service's names for the others."""
    schemas = load_contract().document.get("components", {}).get("schemas", {})
    members = {name for schema_name, schema in schemas.items()
               if schema_name.endswith("ChannelRequest")
               for name in (schema.get("properties") or {})}
    return frozenset(members | SERVICE_SECRET_MEMBERS)


def placeholder(kind: str, value: str) -> str:
    """The same placeholder for the same value, everywhere (a placeholder is its own: the
    redaction is applied again to a request looked up on replay)."""
    if value.startswith("REDACTED-"):
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"REDACTED-{kind}-{digest}"


def account_placeholder(account: str) -> str:
    """Twelve digits, so the ARN keeps its shape; a digest of 10**7 values, which cannot
    give the account id back."""
    digest = int(hashlib.sha256(account.encode()).hexdigest(), 16) % 10**7
    return f"00000{digest:07d}"


def scrub_text(text: str) -> str:
    """Access-key ids, PEM blocks and secret-shaped strings replaced, wherever they are."""
    text = PEM_BLOCK.sub(lambda m: placeholder("pem", m.group(0)), text)
    text = ACCESS_KEY_ID.sub(lambda m: placeholder("access-key-id", m.group(0)), text)
    return SECRET_KEY.sub(lambda m: m.group(0).replace(m.group(1),
                                                     placeholder("secret", m.group(1))), text)


class Redactor:
    """Redacts the exchanges of one run (it remembers the account ids the run sent)."""

    def __init__(self, *, replaying: bool = False) -> None:
        # replay: a request that holds nothing to redact is looked up as it is (no copy); a
        # wrong guess can only make a request miss, never write anything
        self.replaying = replaying
        self._sent_accounts: set[str] = set()
        self._sent_secrets: dict[str, str] = {}  # placeholder digest -> what this run sent
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ vcrpy hooks
    def request(self, request: Request) -> Request:
        """A copy of `request` as a cassette holds it."""
        if self.replaying and _nothing_to_redact(request):
            return request
        redacted = Request(request.method, scrub_text(request.uri),
                           _body_bytes(request.body), dict(request.headers))
        redacted.headers = _headers(request.headers.items())
        self._remember_accounts(request.uri, redacted.body)
        redacted.body = self._body(redacted.body, in_answer=False)
        return redacted

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """`response` (vcrpy's dict, a copy) as a cassette holds it."""
        response["headers"] = {name: values for name, values in _headers(
            (k, v) for k, v in response.get("headers", {}).items()).items()}
        body = response.get("body") or {}
        if isinstance(body.get("string"), bytes | str):
            body["string"] = self._body(_body_bytes(body["string"]), in_answer=True)
        return response

    def restore(self, response: dict[str, Any]) -> dict[str, Any]:
        """A recorded answer (replay) with the placeholders of credentials this run sent
        replaced by the values it sent: a copy, the cassette is left as it is."""
        body = (response.get("body") or {}).get("string")
        if not isinstance(body, bytes) or b"REDACTED-" not in body:
            return response
        with self._lock:
            sent = dict(self._sent_secrets)

        def back(match: re.Match[bytes]) -> bytes:
            value = sent.get(match.group(1).decode())
            if value is None:
                return match.group(0)
            return json.dumps(value, ensure_ascii=False)[1:-1].encode()

        restored = PLACEHOLDER.sub(back, body)
        if restored == body:
            return response
        return {**response, "body": {**response["body"], "string": restored}}

    def value(self, value: Any) -> Any:
        """A value the run generated (a body, a parameter), as a cassette keeps a request's."""
        return self._value(value, in_answer=False)

    # ------------------------------------------------------------------ bodies
    def _body(self, body: bytes | None, *, in_answer: bool) -> bytes | None:
        if not body:
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return body  # binary (a fuzzed body): nothing text-shaped to find in it
        try:
            value = json.loads(text)
        except ValueError:
            return scrub_text(self._accounts(text) if in_answer else text).encode()
        if not isinstance(value, dict | list):
            return scrub_text(text).encode()
        redacted = self._value(value, in_answer=in_answer)
        if redacted == value:
            return body  # nothing to hide: the bytes as sent
        return json.dumps(redacted, ensure_ascii=False, separators=(",", ":")).encode()

    def _value(self, value: Any, *, in_answer: bool, member: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self._value(v, in_answer=in_answer, member=k) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, in_answer=in_answer, member=member) for v in value]
        if isinstance(value, str):
            if member in secret_members() and value:
                hidden = placeholder(member, value)
                if not in_answer and hidden != value:
                    with self._lock:
                        self._sent_secrets[hidden.rsplit("-", 1)[1]] = value
                return hidden
            return scrub_text(self._accounts(value) if in_answer else value)
        return value

    # ------------------------------------------------------------------ account ids
    def _remember_accounts(self, uri: str, body: bytes | None) -> None:
        found = ARN_ACCOUNT.findall(uri + (body or b"").decode("utf-8", "replace"))
        with self._lock:
            self._sent_accounts.update(account for _, account in found)

    def _accounts(self, text: str) -> str:
        with self._lock:
            sent = set(self._sent_accounts)
        return ARN_ACCOUNT.sub(
            lambda m: m.group(0) if m.group(2) in sent
            else m.group(1) + account_placeholder(m.group(2)), text)


def _scrubbed(text: str) -> bool:
    """Whether `scrub_text` would change `text`."""
    return bool(PEM_BLOCK.search(text) or ACCESS_KEY_ID.search(text) or SECRET_KEY.search(text))


def _nothing_to_redact(request: Request) -> bool:
    """Whether `Redactor.request` would give `request` back unchanged (no header it hides,
    nothing secret-shaped in its URL, headers or body, no secret member in its body)."""
    if any(str(name).lower() in REDACTED_HEADERS for name in request.headers):
        return False
    if _scrubbed(request.uri) or any(_scrubbed(str(v)) for v in request.headers.values()):
        return False
    body = _body_bytes(request.body)
    if not body:
        return True
    text = body.decode("utf-8", "replace")
    return not _scrubbed(text) and not any(f'"{member}"' in text for member in secret_members())


def _headers(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for name, value in items:
        values = value if isinstance(value, list) else [value]
        if name.lower() in REDACTED_HEADERS:
            kept[name] = [placeholder(name.lower(), str(v)) for v in values]
        else:
            kept[name] = [scrub_text(str(v)) for v in values]
        if not isinstance(value, list):
            kept[name] = kept[name][0]
    return kept


def _body_bytes(body: Any) -> bytes | None:
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    if hasattr(body, "read"):
        return bytes(body.read())
    return bytes(body)
