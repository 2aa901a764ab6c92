"""Bad input to the command line: a clear message and exit code 4, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "conformance.cli", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "--target", "ftp://example"), "must be an http(s) URL"),
        (("run", "--target", "http://127.0.0.1:9/apps"), "with or without /v1"),
        (("run", "--target", "https://pinpoint.us-east-1.amazonaws.com"), "--allow-live"),
        (("run", "--profile", "fast"), "invalid choice"),
        (("run", "--bogus",), "unrecognized arguments"),
        (("run", "--examples", "0"), "must be at least 1"),
    ],
)
def test_usage_errors_exit_4(args: tuple[str, ...], message: str) -> None:
    result = _run(*args)
    assert result.returncode == 4, result.stdout + result.stderr
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_target_that_refuses_connections_is_a_finding() -> None:
    result = _run("run", "--target", "http://127.0.0.1:9", "--timeout", "2")
    assert result.returncode == 1  # findings, not a configuration error
    assert "STATUS-000" in result.stdout
    assert "the target refused or dropped the connection" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_target_that_cannot_create_apps_names_the_flag() -> None:
    import http.server
    import threading

    class NotHere(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = b'{"Message": "no"}'
            self.send_response(403)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotHere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = _run("run", "--target", f"http://127.0.0.1:{server.server_port}", "--no-sign")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 4
    assert "--app-id" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
