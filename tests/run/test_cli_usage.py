"""Bad input to the command line: a clear message and exit code 4, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pinpoint_conformance.cli import main
from tests.hostile.servers import RawTarget, read_request


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pinpoint_conformance.cli", *args],
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
        (("run", "--fuzz-operation", "Nope"), "must name operations of the contract"),
        (("run", "--fuzz-operation", "CreateApp"), "not the application's"),
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


# ---------------------------------------------------------------------- every option, wrong
@pytest.fixture
def listening() -> Iterator[RawTarget]:
    """A target that counts connections: a wrong option must not reach it."""

    def count_only(conn: object, stopping: object) -> None:
        read_request(conn)  # type: ignore[arg-type]

    with RawTarget(count_only) as target:  # type: ignore[arg-type]
        yield target


MISSING = "/nonexistent-folder-for-pinpoint/report"
WRONG_OPTIONS = [
    (("--timeout", "0"), "--timeout must be a number of seconds above 0, got 0"),
    (("--timeout", "-1"), "--timeout must be a number of seconds above 0"),
    (("--timeout", "nan"), "--timeout must be a number of seconds above 0"),
    (("--timeout", "inf"), "--timeout must be a number of seconds above 0"),
    (("--timeout", "1e9"), "--timeout must be at most 3600 seconds"),
    (("--timeout", "soon"), "argument --timeout: invalid float value: 'soon'"),
    (("--timeout",), "argument --timeout: expected one argument"),
    (("--rate", "0"), "--rate must be a number of requests per second above 0"),
    (("--rate", "-5"), "--rate must be a number of requests per second above 0"),
    (("--deadline", "0"), "--deadline must be a number of seconds above 0"),
    (("--deadline", "3", "--timeout", "5"), "--deadline (3 s) must be at least --timeout (5 s)"),
    (("--examples", "-3"), "--examples must be at least 1, got -3"),
    (("--examples", "many"), "argument --examples: invalid int value: 'many'"),
    (("--seed", "-1"), "--seed must be from 0 to 2**63-1, got -1"),
    (("--seed", "1.5"), "argument --seed: invalid int value: '1.5'"),
    (("--region", ""), "--region must be a region name such as us-east-1, got ''"),
    (("--region", "US East"), "--region must be a region name"),
    (("--app-id", ""), "--app-id must be an application id (no spaces), got ''"),
    (("--app-id", "my app"), "--app-id must be an application id (no spaces)"),
    (("--profile", "fast"), "argument --profile: invalid choice: 'fast'"),
    (("--json-report", MISSING), f"--json-report {MISSING!r}: the folder"),
    (("--markdown", MISSING), f"--markdown {MISSING!r}: the folder"),
    (("--junitxml", MISSING), f"--junitxml {MISSING!r}: the folder"),
    (("--json-report", "."), "--json-report '.' is a folder, not a file"),
    (("-k", "and"), "-k 'and' is not an expression pytest reads"),
    (("-k", " "), "-k needs an expression"),
    (("--bogus",), "unrecognized arguments: --bogus"),
    (("--no-sign", "yes"), "unrecognized arguments: yes"),
    (("--baseline", MISSING), "--baseline: cannot read the baseline"),
    (("--baseline", "."), "--baseline: cannot read the baseline"),
    (("--baseline", __file__), "is not YAML (line 1:"),
    (("--strict-baseline",), "--strict-baseline needs --baseline"),
    (("--write-baseline", MISSING), f"--write-baseline {MISSING!r}: the folder"),
    (("--read-only",), "--read-only reads what exists in an application: it needs --app-id"),
    (("--endpoint-id", "e1"), "--endpoint-id names endpoints a read-only run reads"),
    (("--read-only", "--app-id", "a", "--endpoint-id", "an id"),
     "--endpoint-id must be an endpoint id (no spaces)"),
]
WRONG_TARGETS = [
    ("", "--target must be an http(s) URL, got ''"),
    ("not a url", "--target must be an http(s) URL, got 'not a url'"),
    ("127.0.0.1:5000", "--target must be an http(s) URL"),
    ("http://", "--target must be an http(s) URL"),
    ("http://exa mple.com", "--target must be an http(s) URL"),
    ("http://127.0.0.1:99999", "--target is not a valid URL (Port out of range"),
    ("http://127.0.0.1:port", "--target is not a valid URL"),
    ("http://127.0.0.1:0", "--target has port 0"),
    ("http://-bad-host-", "--target has no valid host name"),
    ("http://user:secret@127.0.0.1:5000", "--target must not carry credentials"),
    ("http://127.0.0.1:5000/v1?x=1", "--target must be a base URL without query or fragment"),
    ("http://127.0.0.1:5000/v2", "--target must be a base URL with or without /v1"),
    ("ftp://127.0.0.1", "--target must be an http(s) URL"),
    ("https://pinpoint.us-east-1.amazonaws.com", "Pass --allow-live to proceed"),
]


def _one_line_error(capsys: pytest.CaptureFixture[str], message: str) -> None:
    out, err = capsys.readouterr()
    assert out == "", out
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("pinpoint-conformance: ") and message in lines[0], err
    assert "Traceback" not in err and "_pytest" not in err and "no tests ran" not in err


@pytest.mark.parametrize(("args", "message"), WRONG_OPTIONS,
                         ids=[" ".join(a) or "empty" for a, _ in WRONG_OPTIONS])
def test_every_option_is_checked_before_anything_is_sent(
    args: tuple[str, ...], message: str, listening: RawTarget,
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--target", listening.url, *args]) == 4
    _one_line_error(capsys, message)
    assert listening.connections == 0


@pytest.mark.parametrize(("url", "message"), WRONG_TARGETS,
                         ids=[u or "empty" for u, _ in WRONG_TARGETS])
def test_a_target_that_is_not_a_base_url_is_a_configuration_error(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--target", url]) == 4
    _one_line_error(capsys, message)


@pytest.mark.parametrize(("args", "message"), [
    (("serve", "--port", "70000"), "70000 is not a port number (0-65535)"),
    (("serve", "--port", "http"), "'http' is not a port number"),
    (("catalogue", "--format", "xml"), "invalid choice: 'xml'"),
    (("publish",), "invalid choice: 'publish'"),
])
def test_the_other_commands_check_their_options(
    args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(list(args)) == 4
    _one_line_error(capsys, message)


def test_timeout_0_is_one_line_and_exit_4_as_a_user_runs_it() -> None:
    result = _run("run", "--timeout", "0")
    assert result.returncode == 4
    assert result.stdout == ""
    assert result.stderr == ("pinpoint-conformance: --timeout must be a number of seconds above "
                             "0, got 0\n")


def test_a_selection_of_no_check_is_a_configuration_error() -> None:
    result = _run("run", "-k", "no_check_is_named_like_this")
    assert result.returncode == 4
    assert "pinpoint-conformance: -k 'no_check_is_named_like_this' selects no check" in (
        result.stderr)
    assert "Traceback" not in result.stdout + result.stderr


def test_the_plugin_checks_its_options_too() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--pyargs", "pinpoint_conformance.suite", "-p",
         "no:cacheprovider", "--pinpoint-timeout", "0"],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 4
    assert "--pinpoint-timeout must be a number of seconds above 0" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
