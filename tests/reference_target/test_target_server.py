"""Serving: HTTP/1.1 keep-alive, threads, start/stop, and `pinpoint-conformance serve`."""

from __future__ import annotations

import http.client
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
import requests

from pinpoint_conformance.reference_target import TargetServer, TargetStartError, running_target


def test_one_connection_serves_many_requests(target_server: TargetServer) -> None:
    connection = http.client.HTTPConnection(target_server.host, target_server.port, timeout=10)
    connection.connect()
    sock = connection.sock
    for _ in range(50):
        connection.request("GET", "/v1/apps?page-size=1")
        response = connection.getresponse()
        response.read()
        assert response.status == 200 and response.version == 11
        assert (response.getheader("Connection") or "").lower() != "close"
    assert connection.sock is sock  # never reconnected
    connection.close()


def test_requests_are_served_concurrently(base_url: str) -> None:
    failures: list[str] = []

    def work(n: int) -> None:
        with requests.Session() as session:
            session.trust_env = False
            app = session.post(f"{base_url}/v1/apps", json={"Name": f"t{n}"}, timeout=30)
            app_id = app.json()["Id"]
            for _ in range(20):
                response = session.post(
                    f"{base_url}/v1/apps/{app_id}/segments", json={}, timeout=30
                )
                if response.status_code != 201:
                    failures.append(response.text)
            listed = session.get(f"{base_url}/v1/apps/{app_id}/segments", timeout=30).json()
            if len(listed["Item"]) != 20:
                failures.append(f"{len(listed['Item'])} segments")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures


def test_running_target_yields_a_local_url_and_stops() -> None:
    with running_target() as base:
        assert base.startswith("http://127.0.0.1:")
        session = requests.Session()
        session.trust_env = False
        assert session.get(f"{base}/v1/apps", timeout=10).status_code == 200
        # a keep-alive connection is still open when the target stops
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        session.get(f"{base}/v1/apps", timeout=5)
    assert time.monotonic() - started < 10
    session.close()


def test_each_target_has_its_own_state() -> None:
    with running_target() as first, running_target() as second:
        session = requests.Session()
        session.trust_env = False
        session.post(f"{first}/v1/apps", json={"Name": "only-here"}, timeout=10)
        names = [a["Name"] for a in session.get(f"{second}/v1/apps", timeout=10).json()["Item"]]
        assert "only-here" not in names
        session.close()


def test_a_port_in_use_is_a_start_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(TargetStartError, match="cannot listen"):
            TargetServer("127.0.0.1", busy.getsockname()[1])


# ------------------------------------------------------------------ the command line
def _cli(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "pinpoint_conformance.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,
    )


def _first_line(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            process.kill()
            pytest.fail("serve printed nothing in time")
    finally:
        selector.close()
    return process.stdout.readline().strip()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_listens_and_stops_cleanly(sig: signal.Signals) -> None:
    process = _cli("serve", "--port", "0")
    try:
        line = _first_line(process)
        prefix = "pinpoint reference target listening on "
        assert line.startswith(prefix + "http://127.0.0.1:"), line
        url = line.removeprefix(prefix)
        with requests.Session() as session:
            session.trust_env = False
            created = session.post(f"{url}/v1/apps", json={"Name": "cli"}, timeout=10)
            assert created.status_code == 201
            assert json.loads(created.text)["Name"] == "cli"
        process.send_signal(sig)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Traceback" not in out + err


def test_serve_on_a_port_in_use_exits_4_with_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = _cli("serve", "--port", str(busy.getsockname()[1]))
        out, err = process.communicate(timeout=60)
    assert process.returncode == 4
    assert "cannot listen" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("serve", "--host", "no-such-host.invalid", "--port", "0"), "cannot resolve host"),
        (("serve", "--port", "99999"), "not a port number"),
        (("serve", "--port", "http"), "not a port number"),
        (("serve", "--bogus"), "unrecognized arguments"),
    ],
)
def test_serve_bad_input_exits_4_without_a_traceback(args: tuple[str, ...], words: str) -> None:
    process = _cli(*args)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 4, out + err
    assert words in out + err
    assert "Traceback" not in out + err
