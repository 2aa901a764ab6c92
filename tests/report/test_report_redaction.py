"""Credentials never leave a request unredacted: headers, URL, body, free text."""

from __future__ import annotations

import json

from pinpoint_conformance.findings import Exchange
from pinpoint_conformance.report import redact_body, redact_headers
from pinpoint_conformance.report._redact import Scrubber, redact_url, secret_values
from tests.report.sample import (
    ACCESS_KEY_ID,
    API_KEY,
    APNS_BODY,
    AUTHORIZATION,
    PRIVATE_KEY,
    SECURITY_TOKEN,
    SIGNATURE,
    apns_exchange,
    signed_headers,
)


def test_sigv4_authorization_keeps_scheme_scope_and_signed_headers_only() -> None:
    redacted = redact_headers({"Authorization": AUTHORIZATION})["Authorization"]
    assert redacted == (
        "AWS4-HMAC-SHA256 Credential=REDACTED/20161127/us-east-1/mobiletargeting/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=REDACTED"
    )
    assert ACCESS_KEY_ID not in redacted
    assert SIGNATURE not in redacted


def test_other_authorization_schemes_keep_only_the_scheme() -> None:
    assert redact_headers({"authorization": "Bearer eyJhbGciOi.x.y"}) == {
        "authorization": "Bearer REDACTED"
    }
    assert redact_headers({"Authorization": "opaque-token-value"}) == {"Authorization": "REDACTED"}


def test_sensitive_headers_are_replaced_and_others_kept_in_order() -> None:
    headers = {
        "Host": "example.test",
        "X-Amz-Security-Token": SECURITY_TOKEN,
        "x-api-key": "k-123456",
        "X-Client-Secret": "s-123456",
        "X-Db-Password": "p-123456",
        "X-Refresh-TOKEN": "t-123456",
        "Cookie": "session=abcdef",
        "Content-Type": "application/json",
    }
    original = dict(headers)
    redacted = redact_headers(headers)
    assert list(redacted) == list(headers)
    assert redacted["Host"] == "example.test"
    assert redacted["Content-Type"] == "application/json"
    for name in ("X-Amz-Security-Token", "x-api-key", "X-Client-Secret", "X-Db-Password"):
        assert redacted[name] == "REDACTED", name
    assert redacted["X-Refresh-TOKEN"] == "REDACTED"
    assert redacted["Cookie"] == "REDACTED"
    assert headers == original  # the input is not modified


def test_body_credentials_are_redacted_and_the_rest_kept_byte_for_byte() -> None:
    redacted = redact_body(APNS_BODY)
    assert redacted is not None
    assert json.loads(redacted) == {
        "Certificate": "REDACTED",
        "PrivateKey": "REDACTED",
        "Enabled": True,
    }
    assert redacted == APNS_BODY.replace(json.dumps(PRIVATE_KEY).encode(), b'"REDACTED"').replace(
        json.dumps(json.loads(APNS_BODY)["Certificate"]).encode(), b'"REDACTED"'
    )


def test_nested_and_non_string_credentials_are_redacted() -> None:
    body = json.dumps(
        {
            "GCMChannelRequest": {"ApiKey": API_KEY},
            "Items": [{"privatekey": {"pem": PRIVATE_KEY}}, {"Certificate": 12345678}],
            "Name": "kept",
        },
        indent=2,
    ).encode()
    redacted = redact_body(body)
    assert redacted is not None
    assert json.loads(redacted) == {
        "GCMChannelRequest": {"ApiKey": "REDACTED"},
        "Items": [{"privatekey": "REDACTED"}, {"Certificate": "REDACTED"}],
        "Name": "kept",
    }
    assert b"secretkeymaterial" not in redacted
    assert b"12345678" not in redacted


def test_a_body_that_is_not_json_is_still_redacted() -> None:
    truncated = b'{"APNSChannelRequest": {"PrivateKey": "MIIEpQsecretkeymaterial'
    redacted = redact_body(truncated)
    assert redacted == b'{"APNSChannelRequest": {"PrivateKey": "REDACTED"'
    plain = b"name=value&other=1"
    assert redact_body(plain) == plain
    assert redact_body(None) is None
    assert redact_body(b"") == b""


def test_presigned_url_and_user_info_are_redacted() -> None:
    url = (
        "https://user:pa55word@pinpoint.example/v1/apps?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Credential={ACCESS_KEY_ID}%2F20161127%2Fus-east-1%2Fmobiletargeting%2Faws4_request"
        f"&X-Amz-Signature={SIGNATURE}&X-Amz-Security-Token={SECURITY_TOKEN}&page-size=5"
        "&api_key=k-123456"
    )
    redacted = redact_url(url)
    assert redacted == (
        "https://REDACTED:REDACTED@pinpoint.example/v1/apps?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=REDACTED%2F20161127%2Fus-east-1%2Fmobiletargeting%2Faws4_request"
        "&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED&page-size=5"
        "&api_key=REDACTED"
    )
    # `token` is Pinpoint's paging parameter (the previous page's NextToken): kept.
    plain = "https://pinpoint.example/v1/apps?page-size=5&token=eyJwYWdlIjoyfQ%3D%3D"
    assert redact_url(plain) == plain


def test_scrubber_removes_every_secret_of_an_exchange_from_free_text() -> None:
    exchange = apns_exchange()
    secrets = secret_values(exchange)
    assert {ACCESS_KEY_ID, SIGNATURE, SECURITY_TOKEN, PRIVATE_KEY} <= secrets
    scrub = Scrubber(secrets)
    text = f"echoed {PRIVATE_KEY} and {json.dumps(PRIVATE_KEY)} with key {ACCESS_KEY_ID}"
    scrubbed = scrub(text)
    assert "secretkeymaterial" not in scrubbed
    assert ACCESS_KEY_ID not in scrubbed
    assert scrubbed.startswith("echoed REDACTED and ")


def test_scrubber_ignores_values_too_short_to_be_secrets() -> None:
    exchange = Exchange("GET", "http://t/", {"X-Api-Key": "ab"}, None)
    assert secret_values(exchange) == set()
    assert Scrubber({"ab"})("abc tab") == "abc tab"
    assert (
        Scrubber(secret_values(Exchange("GET", "http://t/", signed_headers(), None)))(
            f"{SECURITY_TOKEN}!"
        )
        == "REDACTED!"
    )
