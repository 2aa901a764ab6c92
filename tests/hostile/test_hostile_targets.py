"""Whatever a target does, `pinpoint-conformance run` ends, bounded, with a finding (or a
configuration error), the defined exit code, no traceback, and its cleanup done (issue 12).

Each test serves one misbehaving target on 127.0.0.1 and runs the command line against it,
as a user would, with the quick profile and a short --timeout. The wall-time bound is a
sanity limit that proves the run ends, not a benchmark (benchmarks/bench_hostile.py gives
the figures).
"""

from __future__ import annotations

import pytest

from tests.hostile.runner import CliRun, run_cli
from tests.hostile.servers import (
    VISITED,
    Misbehaving,
    RawTarget,
    applications,
    closed_port,
    drip_after_headers,
    drip_list,
    fail_everything,
    huge_list,
    not_http,
    redirect,
    serving,
    slow_everything,
    throttle_everything,
    tls_target,
)

QUICK = ("--profile", "quick", "--timeout", "2", "--seed", "12")
WALL_S = 150  # generous: the machine may be busy; a run that hangs never gets here


def ended(run: CliRun, exit_code: int) -> None:
    assert run.returncode == exit_code, run.summary()
    assert "Traceback" not in run.output, run.summary()
    assert run.wall_s < WALL_S, run.summary()


def cells(run: CliRun, check_id: str) -> set[str]:
    return {f["operation_id"] for f in run.found(check_id)}


# ---------------------------------------------------------------------- time
def test_an_answer_that_drips_after_its_headers_is_cut_at_the_timeout() -> None:
    with RawTarget(drip_after_headers(2.0)) as target:
        run = run_cli("--target", target.url, *QUICK)
    ended(run, 1)
    assert cells(run, "STATUS-000") == {"CreateApp"}, run.summary()
    assert "did not complete its answer within 2 s" in run.output


def test_a_list_that_drips_is_cut_the_run_goes_on_and_cleans_up() -> None:
    target = Misbehaving(drip_list(2.0, operation="GetSegments"))
    with serving(target) as url:
        run = run_cli("--target", url, *QUICK, "-k", "segment_lifecycle")
        left = applications(url)
    ended(run, 1)
    assert cells(run, "STATUS-000") == {"GetSegments"}, run.summary()
    assert left == []


def test_the_run_deadline_stops_the_run_reports_the_rest_error_and_cleans_up() -> None:
    target = Misbehaving(slow_everything(0.3))  # every answer in time, the run too slow
    with serving(target) as url:
        run = run_cli("--target", url, *QUICK, "--deadline", "5", "-k", "lifecycle or paging")
        left = applications(url)
    ended(run, 1)
    reasons = [o["reason"] for o in run.outcomes("ERROR")]
    assert any(r.startswith("not run: the run's deadline (5 s") for r in reasons), reasons
    assert run.outcomes("PASS"), run.summary()  # what was judged before it stays judged
    assert any(n.startswith("stopped: the run's deadline") for n in run.report["notes"])
    assert "pinpoint-conformance: the run's deadline (5 s, --deadline) was reached" in run.output
    assert left == []
    assert run.wall_s < 5 + 60, run.summary()


# ---------------------------------------------------------------------- memory
def test_a_huge_list_is_cut_off_unread() -> None:
    target = Misbehaving(huge_list(400 * 1024 * 1024, operation="GetSegments"))
    with serving(target) as url:
        run = run_cli("--target", url, *QUICK, "-k", "segment_lifecycle")
        left = applications(url)
    ended(run, 1)
    assert cells(run, "STATUS-005") == {"GetSegments"}, run.summary()
    assert run.peak_rss_mb < 400, run.summary()  # the body alone is 400 MB
    assert left == []


# ---------------------------------------------------------------------- throttling, outages
def test_throttling_everything_ends_with_the_app_id_message() -> None:
    with serving(Misbehaving(throttle_everything)) as url:  # 429, Retry-After: 3600
        run = run_cli("--target", url, *QUICK)
    ended(run, 4)
    assert "CreateApp answered 429" in run.output and "--app-id" in run.output
    assert run.report["requests_sent"] == 5  # retried 4 times, each wait capped
    assert run.wall_s < 60, run.summary()  # not an hour


def test_a_server_error_on_everything_ends_with_a_finding() -> None:
    with serving(Misbehaving(fail_everything)) as url:
        run = run_cli("--target", url, *QUICK)
    ended(run, 1)
    assert cells(run, "STATUS-006") == {"CreateApp"}, run.summary()  # a valid request failed
    assert "--app-id" in run.output


# ---------------------------------------------------------------------- not HTTP
@pytest.mark.parametrize("kind", ["not HTTP", "TLS", "closed port"])
def test_a_target_that_does_not_speak_http_is_one_finding(kind: str) -> None:
    if kind == "not HTTP":
        with RawTarget(not_http) as target:
            run = run_cli("--target", target.url, *QUICK)
        said = "the target's answer is not HTTP (BadStatusLine: SSH-2.0-OpenSSH_9.6)"
    elif kind == "TLS":
        with tls_target() as target:
            run = run_cli("--target", target.url, *QUICK)
        said = "a TLS endpoint given as http:// does this"
    else:
        run = run_cli("--target", f"http://127.0.0.1:{closed_port()}", *QUICK)
        said = "the target refused or dropped the connection"
    ended(run, 1)
    assert cells(run, "STATUS-000") == {"CreateApp"}, run.summary()
    assert said in run.output, run.summary()


# ---------------------------------------------------------------------- redirects
def test_a_redirect_is_judged_and_never_followed() -> None:
    """GetSegment redirects to another path of the target, GetCampaign to another server,
    and so does any path the contract does not name (schemathesis's probes ask for some):
    the lifecycles and a FUZZ phase meet them; no request reaches where they point."""
    with RawTarget(not_http) as elsewhere:
        target = Misbehaving(redirect(elsewhere.url))
        with serving(target) as url:
            run = run_cli("--target", url, *QUICK, "-k",
                          "segment_lifecycle or campaign_lifecycle or "
                          "(schemathesis_phase and fuzzing)")
            left = applications(url)
        visits = [path for path in target.paths if path.startswith(VISITED)]
    ended(run, 1)
    assert cells(run, "STATUS-004") == {"GetSegment", "GetCampaign"}, run.summary()
    assert "307" in run.output
    assert visits == [] and elsewhere.connections == 0
    assert left == []
