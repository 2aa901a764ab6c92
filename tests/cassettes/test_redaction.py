"""What a cassette never holds (`pinpoint_conformance.redaction`), and that a replayed request
is redacted to exactly what was recorded."""

from __future__ import annotations

import json

from vcr.request import Request

from pinpoint_conformance.cassette import match_key
from pinpoint_conformance.redaction import Redactor, scrub_text, secret_members

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"


def _request(body: object, headers: dict[str, str] | None = None) -> Request:
    return Request("PUT", "http://127.0.0.1:1/v1/apps/a/channels/apns",
                   json.dumps(body).encode(), headers or {})


def test_signing_headers_and_cookies_are_replaced() -> None:
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/x, Signature=ab",
               "X-Amz-Date": "20260101T000000Z", "X-Amz-Security-Token": "FwoGZXIvYXdzE",
               "Cookie": "session=1", "Accept": "application/json"}
    redacted = Redactor().request(_request({}, headers)).headers
    for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "Cookie"):
        assert redacted[name].startswith("REDACTED-"), name
    assert ACCESS_KEY not in json.dumps(dict(redacted))
    assert redacted["Accept"] == "application/json"


def test_channel_credentials_keep_identity() -> None:
    assert {"Certificate", "PrivateKey", "ApiKey", "Credential"} <= secret_members()
    redactor = Redactor()
    one = json.loads(redactor.request(_request({"Certificate": "c1", "PrivateKey": "k"})).body)
    two = json.loads(redactor.request(_request({"Certificate": "c1", "PrivateKey": "k2"})).body)
    assert "c1" not in json.dumps(one) and "k" not in one.values()
    assert one["Certificate"] == two["Certificate"]  # the same value, the same placeholder
    assert one["PrivateKey"] != two["PrivateKey"]


def test_redaction_is_idempotent_so_replayed_requests_match() -> None:
    redactor = Redactor()
    original = _request({"ApiKey": "AIzaSy-secret", "Name": f"pc {SECRET}"},
                        {"Authorization": "x"})
    once = redactor.request(original)
    twice = redactor.request(once)
    assert match_key(once) == match_key(twice) == match_key(Redactor().request(original))


def test_account_ids_in_answers_are_redacted_unless_the_run_sent_them() -> None:
    redactor = Redactor()
    sent = "arn:aws:iam::123456789012:role/pinpoint"
    redactor.request(_request({"RoleArn": sent}))
    answer = {"status": {"code": 200, "message": "OK"}, "headers": {},
              "body": {"string": json.dumps({
                  "RoleArn": sent,
                  "Arn": "arn:aws:mobiletargeting:us-east-1:210987654321:apps/a"}).encode()}}
    body = json.loads(redactor.response(answer)["body"]["string"])
    assert body["RoleArn"] == sent  # written by the run, read back by it: kept
    assert "210987654321" not in body["Arn"]
    assert body["Arn"].startswith("arn:aws:mobiletargeting:us-east-1:00000")


def test_secret_shapes_are_scrubbed_anywhere() -> None:
    text = scrub_text(f"key {ACCESS_KEY} aws_secret_access_key = {SECRET} pem {PEM} "
                      "id 0123456789abcdef")
    assert ACCESS_KEY not in text and SECRET not in text and "BEGIN PRIVATE KEY" not in text
    assert "aws_secret_access_key = REDACTED-secret-" in text
    assert "0123456789abcdef" in text  # an ordinary id stays
    address = '{"Address": "APA91b' + "x7Y2" * 10 + '"}'  # a generated device token
    assert scrub_text(address) == address  # not a secret, and the run reads it back


def test_on_replay_an_echoed_credential_gets_the_value_the_run_sent_back() -> None:
    """A GCM channel answers its Credential, the ApiKey written (LIFE-018): the recorded
    answer holds a placeholder; the replaying run sent the key again, and reads it back."""
    recorder, replayer = Redactor(), Redactor()
    answer = {"body": {"string": json.dumps({"Credential": "key-1", "Id": "gcm"}).encode()},
              "headers": {}}
    recorder.request(_request({"ApiKey": "key-1"}))
    recorded = recorder.response(answer)
    assert b"key-1" not in recorded["body"]["string"]
    assert replayer.restore(recorded) is recorded  # this run sent no key yet: as recorded
    replayer.request(_request({"ApiKey": "key-1"}))
    restored = replayer.restore(recorded)
    assert json.loads(restored["body"]["string"]) == {"Credential": "key-1", "Id": "gcm"}
    assert b"key-1" not in recorded["body"]["string"]  # the cassette's copy is untouched
    replayer.request(_request({"ApiKey": "key-2"}))
    other = recorder.response({"body": {"string": b'{"Credential": "key-3"}'}, "headers": {}})
    assert b"key-3" not in replayer.restore(other)["body"]["string"]  # never sent: hidden
