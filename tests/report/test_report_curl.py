"""`to_curl`: one shell command that gives the request back, credentials redacted."""

from __future__ import annotations

import http.server
import json
import shlex
import shutil
import subprocess
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from pinpoint_conformance.findings import Exchange
from pinpoint_conformance.report import redact_body, redact_headers, to_curl
from tests.report.sample import (
    API_KEY,
    URL,
    apns_exchange,
    assert_no_secret,
    gcm_exchange,
    get_exchange,
)


def parse(command: str) -> tuple[str, str, dict[str, str], str | None]:
    """(method, url, headers, body) from a command `to_curl` wrote."""
    words = shlex.split(command)
    assert words[0] == "curl"
    method, url, headers, body = "", "", {}, None
    index = 1
    while index < len(words):
        word = words[index]
        if word == "-X":
            method, index = words[index + 1], index + 2
        elif word == "--head":
            method, index = "HEAD", index + 1
        elif word == "-H":
            header = words[index + 1]
            if header.endswith(";") and ":" not in header:
                headers[header[:-1]] = ""
            else:
                name, _, value = header.partition(": ")
                headers[name] = value
            index += 2
        elif word == "--data-raw":
            body, index = words[index + 1], index + 2
        elif word in ("--globoff", "--compressed"):
            index += 1
        else:
            assert not url, f"unexpected word {word!r}"
            url, index = word, index + 1
    return method, url, headers, body


def test_curl_round_trips_method_url_headers_and_redacted_body() -> None:
    exchange = apns_exchange()
    command = to_curl(exchange)
    method, url, headers, body = parse(command)
    assert method == "PUT"
    assert url == URL
    expected_headers = redact_headers(exchange.request_headers)
    del expected_headers["Content-Length"]  # curl computes it
    assert headers == expected_headers
    assert headers["X-Amz-Security-Token"] == "REDACTED"
    assert headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=REDACTED/20161127/")
    assert body is not None
    assert body.encode() == redact_body(exchange.request_body)
    assert json.loads(body)["PrivateKey"] == "REDACTED"
    assert "\n" not in command
    assert_no_secret(command)


def test_curl_without_body_has_no_data_and_nested_credentials_are_redacted() -> None:
    get = to_curl(get_exchange())
    assert "--data-raw" not in get
    assert parse(get)[3] is None
    gcm = to_curl(gcm_exchange())
    assert json.loads(parse(gcm)[3] or "{}") == {
        "GCMChannelRequest": {"ApiKey": "REDACTED", "Enabled": True}
    }
    assert API_KEY not in gcm


def test_curl_special_cases() -> None:
    empty = Exchange("POST", "http://t/v1/apps", {"X-Empty": ""}, b"")
    assert shlex.split(to_curl(empty)) == [
        "curl",
        "-X",
        "POST",
        "http://t/v1/apps",
        "-H",
        "X-Empty;",
        "--data-raw",
        "",
    ]
    gzip = Exchange("GET", "http://t/v1/apps", {"Accept-Encoding": "gzip, deflate"}, None)
    assert shlex.split(to_curl(gzip))[-1] == "--compressed"
    identity = Exchange("GET", "http://t/v1/apps", {"Accept-Encoding": "identity"}, None)
    assert "--compressed" not in to_curl(identity)
    head = Exchange("head", "http://t/v1/apps/{id}", {}, None)
    assert shlex.split(to_curl(head)) == ["curl", "--head", "--globoff", "http://t/v1/apps/{id}"]
    quoting = Exchange("PUT", "http://t/a b", {"X-Q": "it's $HOME"}, b'{"a": "\'; rm -rf /"}')
    assert parse(to_curl(quoting)) == (
        "PUT",
        "http://t/a b",
        {"X-Q": "it's $HOME"},
        '{"a": "\'; rm -rf /"}',
    )


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str, dict[str, str], bytes]]] = []

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.seen.append((self.command, self.path, dict(self.headers.items()), body))
        self.send_response(204)
        self.end_headers()

    do_PUT = do_GET = do_POST = _record

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_command_runs_and_sends_the_same_request(recorder: str) -> None:
    exchange = apns_exchange()
    local = Exchange(
        exchange.method,
        recorder + "/v1/apps/app-1/channels/apns?x=1",
        {k: v for k, v in exchange.request_headers.items() if k != "Host"},
        exchange.request_body,
    )
    result = subprocess.run(
        ["sh", "-c", to_curl(local) + " --silent --show-error"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    [(method, path, headers, body)] = _Recorder.seen
    assert (method, path) == ("PUT", "/v1/apps/app-1/channels/apns?x=1")
    assert body == redact_body(exchange.request_body)
    assert headers["X-Amz-Date"] == "20161127T120000Z"
    assert headers["Authorization"].endswith("Signature=REDACTED")
    assert headers["Content-Length"] == str(len(body))
