"""Requests waitress cannot even parse are answered at once (400), never left hanging."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from pinpoint_conformance.reference_target import running_target

UNPARSABLE = [
    b"\x00\x01 garbage\r\n\r\n",
    b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nBad\x00Header: 1\r\n\r\n",
    b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nX-A: \x00\r\n\r\n",
    b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with running_target() as base:
        yield int(base.rsplit(":", 1)[1])


@pytest.mark.parametrize("raw", UNPARSABLE)
def test_an_unparsable_request_gets_a_400_message_body(port: int, raw: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) == 0:
            chunk = sock.recv(4096)  # bounded by the socket timeout
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ", 2)[1] == b"400"
    assert "Message" in json.loads(body)
