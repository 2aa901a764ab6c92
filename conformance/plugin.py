"""The pytest plugin: options, fixtures for the client, the app id and the resource tracker,
and the hooks that turn each conformance test into report outcomes.

Registered through the `pytest11` entry point, so `pytest --pyargs pinpoint_conformance.suite
--pinpoint-target URL` works from any repository. Without `--pinpoint-target` the embedded
reference target is started for the session. Every fixture can be overridden by name.

Options are checked in `pytest_configure` (a wrong one is a usage error, exit code 4). A run
that cannot go on (the target does not answer, cannot create an application, the run's
`--pinpoint-deadline` passed) is stopped with pytest's `shouldfail` after the test in
progress, never with `pytest.exit`: one line says why, the exit code is set at the end.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance import generated
from pinpoint_conformance.baseline import (
    Baseline,
    BaselineError,
    baseline_text,
    compare,
    load_baseline,
)
from pinpoint_conformance.cassette_metadata import CassetteError
from pinpoint_conformance.checks.exchange import TARGET_ANSWERS
from pinpoint_conformance.client import ConfigurationError, PinpointClient, TargetConfig
from pinpoint_conformance.contract import Contract, load_contract
from pinpoint_conformance.deadline import RunDeadline, RunDeadlineReached
from pinpoint_conformance.determinism import (
    new_seed,
    start_run,
    timestamp,
    without_local_constants,
)
from pinpoint_conformance.findings import Level, Outcome, RunReport, Status
from pinpoint_conformance.options import RunOptions, check_run_options
from pinpoint_conformance.probe import Blocked, Probe, Unsupported
from pinpoint_conformance.recording import NotInCassette, Recording, finish, from_options
from pinpoint_conformance.tracker import ResourceTracker

PROFILES: dict[str, dict[str, int]] = {
    # examples per property, items created for a pagination walk, the run's deadline (s):
    # many times what each takes against the reference target, so that only a target that
    # holds the run up (slow answers, throttling) meets it
    "quick": {"examples": 3, "page_items": 5, "deadline": 600},
    "default": {"examples": 20, "page_items": 12, "deadline": 1800},
    "thorough": {"examples": 100, "page_items": 30, "deadline": 7200},
}


@dataclass(frozen=True)
class Profile:
    name: str
    examples: int
    page_items: int
    deadline: int


@dataclass(frozen=True)
class Stop:
    """Why the run ends before its last test, and with which exit code."""

    reason: str
    exit_code: int
    rest_is_error: bool = False  # the tests not run are reported ERROR (the deadline)


@dataclass
class RunState:
    """What the plugin accumulates over one session."""

    report: RunReport
    unsupported: dict[str, str] = field(default_factory=dict)  # operation id -> reason
    client: PinpointClient | None = None
    tracker: ResourceTracker = field(default_factory=ResourceTracker)
    started: float = field(default_factory=time.monotonic)
    deadline: RunDeadline = field(default_factory=lambda: RunDeadline(None))
    stopped: Stop | None = None
    began: set[str] = field(default_factory=set)  # node ids of the tests that started
    baseline: Baseline | None = None  # --baseline: the target's known findings
    recording: Recording | None = None  # --record / --replay: the session's cassette


STATE = pytest.StashKey[RunState]()


def tool_version() -> str:
    try:
        return version("pinpoint-conformance")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


# ---------------------------------------------------------------------- options
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pinpoint", "Amazon Pinpoint conformance")
    group.addoption(
        "--pinpoint-target",
        metavar="URL",
        default=None,
        help="base URL of the target (with or without /v1); default: the "
        "embedded reference target, started for the run",
    )
    group.addoption(
        "--pinpoint-app-id",
        metavar="ID",
        default=None,
        help="work inside this existing application instead of creating one",
    )
    group.addoption("--pinpoint-region", default="us-east-1", help="SigV4 region")
    group.addoption("--pinpoint-no-sign", action="store_true", help="do not sign requests")
    group.addoption(
        "--pinpoint-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="the longest one request may take, connecting and reading the whole answer "
        "(default 10)",
    )
    group.addoption(
        "--pinpoint-deadline",
        type=float,
        default=None,
        metavar="SECONDS",
        help="the longest the run may send requests; then it stops, reports what it judged, "
        "the rest ERROR, and cleans up (default: the profile's, 600/1800/7200)",
    )
    group.addoption(
        "--pinpoint-rate",
        type=float,
        default=None,
        metavar="RPS",
        help="client-side request-rate cap (default: 5/s for *.amazonaws.com)",
    )
    group.addoption(
        "--pinpoint-allow-live",
        action="store_true",
        help="allow a *.amazonaws.com target (creates real, billable resources)",
    )
    group.addoption(
        "--pinpoint-profile",
        choices=sorted(PROFILES),
        default="default",
        help="how hard the run tries (quick is a smoke test)",
    )
    group.addoption(
        "--pinpoint-examples",
        type=int,
        default=None,
        metavar="N",
        help="examples each property tries (FUZZ: per operation and phase); default: the "
        "profile's",
    )
    group.addoption(
        "--pinpoint-fuzz-operation",
        action="append",
        default=None,
        metavar="OPERATION",
        help="fuzz only this operation (an operationId of the contract; repeat for more); "
        "default: every operation but the application's",
    )
    group.addoption(
        "--pinpoint-baseline",
        metavar="FILE",
        default=None,
        help="known findings of the target: the run fails only on findings the file does not "
        "list (written by --pinpoint-write-baseline)",
    )
    group.addoption(
        "--pinpoint-write-baseline",
        metavar="FILE",
        default=None,
        help="write the run's MUST and SHOULD findings as a baseline (reasons of an existing "
        "file are kept)",
    )
    group.addoption(
        "--pinpoint-strict-baseline",
        action="store_true",
        help="with --pinpoint-baseline, also fail when a listed finding no longer occurs",
    )
    group.addoption(
        "--pinpoint-read-only",
        action="store_true",
        help="send only GET requests, against what already exists in --pinpoint-app-id; "
        "every check that would write is SKIPPED",
    )
    group.addoption(
        "--pinpoint-endpoint-id",
        action="append",
        default=None,
        metavar="ID",
        help="an endpoint of --pinpoint-app-id a read-only run reads (repeat for more)",
    )
    group.addoption(
        "--pinpoint-strict",
        action="store_true",
        help="count UNSUPPORTED operations and unnamed members as failures",
    )
    group.addoption("--pinpoint-seed", type=int, default=None, help="the run's seed")
    group.addoption("--pinpoint-record", metavar="DIR", default=None,
                    help="record every HTTP exchange into the cassette DIR (redacted)")
    group.addoption("--pinpoint-replay", metavar="DIR", default=None,
                    help="replay the cassette DIR: no network, the recorded target, seed and "
                    "profile")
    group.addoption(
        "--pinpoint-json-report", metavar="PATH", default=None, help="write the JSON report here"
    )
    group.addoption(
        "--pinpoint-markdown",
        metavar="PATH",
        default=None,
        help="write a markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)",
    )


def run_options(config: pytest.Config) -> RunOptions:
    """The plugin's options as the run's options (checked by `check_run_options`)."""
    return RunOptions(
        target=config.getoption("--pinpoint-target"),
        app_id=config.getoption("--pinpoint-app-id"),
        region=config.getoption("--pinpoint-region"),
        sign=not config.getoption("--pinpoint-no-sign"),
        timeout=config.getoption("--pinpoint-timeout"),
        rate=config.getoption("--pinpoint-rate"),
        allow_live=config.getoption("--pinpoint-allow-live"),
        examples=config.getoption("--pinpoint-examples"),
        fuzz_operations=tuple(config.getoption("--pinpoint-fuzz-operation") or ()),
        seed=config.getoption("--pinpoint-seed"),
        deadline=config.getoption("--pinpoint-deadline"),
        json_report=config.getoption("--pinpoint-json-report"),
        markdown=config.getoption("--pinpoint-markdown"),
        baseline=config.getoption("--pinpoint-baseline"),
        write_baseline=config.getoption("--pinpoint-write-baseline"),
        strict_baseline=config.getoption("--pinpoint-strict-baseline"),
        read_only=config.getoption("--pinpoint-read-only"),
        endpoint_ids=tuple(config.getoption("--pinpoint-endpoint-id") or ()),
        record=config.getoption("--pinpoint-record"),
        replay=config.getoption("--pinpoint-replay"),
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pinpoint(family): a conformance test of one check family")
    options = run_options(config)
    try:
        check_run_options(options, lambda name: "--pinpoint-" + name.replace("_", "-"))
    except ConfigurationError as exc:
        raise pytest.UsageError(str(exc)) from None
    contract = load_contract()
    recording = from_options(config, tool_version(), contract.version)  # replay: sets options
    recorded = recording.recorded if recording else None
    seed = config.getoption("--pinpoint-seed")
    if seed is None:
        seed = new_seed()
    start_run(seed, replaying=recorded is not None,
              started_at=recorded.started_at if recorded else None)
    profile = config.getoption("--pinpoint-profile")
    deadline = options.deadline or PROFILES[profile]["deadline"]
    config.stash[STATE] = RunState(
        RunReport(
            tool_version=tool_version(),
            spec_version=contract.version,
            target=config.getoption("--pinpoint-target") or "embedded reference target",
            started_at=timestamp(),
            seed=seed,
            profile=profile,
            strict=config.getoption("--pinpoint-strict"),
        ),
        deadline=RunDeadline(deadline),
        baseline=load_baseline(options.baseline) if options.baseline else None,
        recording=recording,
    )
    if recording is not None:
        config.stash[STATE].report.notes.extend(recording.warnings)


def pytest_sessionstart(session: pytest.Session) -> None:
    recording = session.config.stash[STATE].recording if STATE in session.config.stash else None
    if recording is not None:
        try:
            recording.open()  # from here on, every request is recorded or replayed
        except CassetteError as exc:  # a cassette that cannot be read: nothing was sent
            recording.close()
            raise pytest.UsageError(f"pinpoint-conformance: --replay: {exc}") from None


def _state(config: pytest.Config) -> RunState:
    return config.stash[STATE]


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def pinpoint_contract() -> Contract:
    return load_contract()


@pytest.fixture(scope="session")
def pinpoint_profile(pytestconfig: pytest.Config) -> Profile:
    name = pytestconfig.getoption("--pinpoint-profile")
    settings = dict(PROFILES[name])
    examples = pytestconfig.getoption("--pinpoint-examples")
    if examples is not None:
        settings["examples"] = examples
    return Profile(name, **settings)


@pytest.fixture(scope="session")
def pinpoint_seed(pytestconfig: pytest.Config) -> int:
    return _state(pytestconfig).report.seed


@pytest.fixture(scope="session")
def pinpoint_target_url(pytestconfig: pytest.Config) -> Iterator[str]:
    """The target's base URL; the embedded reference target when none is given."""
    state = _state(pytestconfig)
    recording = state.recording
    if recording is not None and recording.replaying:  # nothing started, nothing reached
        kind = f" ({recording.target_kind})" if recording.target_kind else ""
        state.report.target = f"{recording.target}{kind} (replayed from {recording.folder})"
        yield recording.target
        return
    url = pytestconfig.getoption("--pinpoint-target")
    if url:
        if recording is not None:
            recording.target, recording.target_kind = url, "target"
        yield url
        return
    from pinpoint_conformance.reference_target import running_target

    with running_target() as base:
        state.report.target = f"{base} (embedded reference target)"
        if recording is not None:
            recording.target, recording.target_kind = base, "embedded reference target"
        yield base


@pytest.fixture(scope="session")
def pinpoint_client(
    request: pytest.FixtureRequest,
    pytestconfig: pytest.Config,
    pinpoint_target_url: str,
    pinpoint_contract: Contract,
) -> Iterator[PinpointClient]:
    state = _state(pytestconfig)
    replaying = state.recording is not None and state.recording.replaying
    without_local_constants()  # generated values are a function of the seed alone
    try:
        config = TargetConfig.from_url(
            pinpoint_target_url,
            region=pytestconfig.getoption("--pinpoint-region"),
            # on replay nothing reaches a target: no signature, no rate cap
            sign=not (replaying or pytestconfig.getoption("--pinpoint-no-sign")),
            timeout=pytestconfig.getoption("--pinpoint-timeout"),
            rate=None if replaying else pytestconfig.getoption("--pinpoint-rate"),
            allow_live=replaying or pytestconfig.getoption("--pinpoint-allow-live"),
            read_only=pytestconfig.getoption("--pinpoint-read-only"),
        )
        client = PinpointClient(config, pinpoint_contract, deadline=state.deadline)
    except ConfigurationError as exc:
        stop_run(request.session, str(exc), pytest.ExitCode.USAGE_ERROR)
        pytest.skip(str(exc))
    state.client = client
    yield client
    client.close()


@pytest.fixture(scope="session")
def pinpoint_tracker(
    pytestconfig: pytest.Config, pinpoint_client: PinpointClient
) -> Iterator[ResourceTracker]:
    """Everything the run creates; deleted at the end of the session, pass, fail or Ctrl-C."""
    state = _state(pytestconfig)
    yield state.tracker
    cleanup(state, pinpoint_client)


def cleanup(state: RunState, client: PinpointClient) -> None:
    """Delete what the run created; the application's own deletion is checked too. Runs
    past the run's deadline, too: each delete is bounded by --timeout and the retry budget."""
    state.deadline.lift()
    try:
        deletes = state.tracker.cleanup(client)
    except NotInCassette:  # a replay that already stopped on its first miss
        return
    for exchange in deletes:
        if exchange.operation_id == "DeleteApp" and exchange.error is None:
            checker = Probe(client, state.tracker, app_id="", strict=state.report.strict,
                            baseline=state.baseline)
            checker.judge(exchange)
            record_probe(state, checker, "session teardown: DeleteApp")


def stop_run(session: pytest.Session, reason: str, exit_code: int,
             *, rest_is_error: bool = False) -> None:
    """End the run after the test in progress, with `exit_code` and one line that says why:
    pytest's own way to end a session early (`shouldfail`), not `pytest.exit`, whose
    exception pytest prints. A fixture that cannot go on then skips its test."""
    state = _state(session.config)
    if state.stopped is None:
        state.stopped = Stop(reason, int(exit_code), rest_is_error)
        session.shouldfail = f"pinpoint-conformance: {reason}"


@pytest.fixture(scope="session")
def pinpoint_app_id(
    request: pytest.FixtureRequest,
    pytestconfig: pytest.Config,
    pinpoint_client: PinpointClient,
    pinpoint_tracker: ResourceTracker,
    pinpoint_seed: int,
) -> str:
    """The application the run works in: --pinpoint-app-id, or one the run creates."""
    given = pytestconfig.getoption("--pinpoint-app-id")
    if given:
        return str(given)
    state = _state(pytestconfig)
    setup = Probe(pinpoint_client, pinpoint_tracker, app_id="", strict=state.report.strict,
                  baseline=state.baseline)
    app_id = None
    problem = ""
    try:
        created = setup.succeed("CreateApp", body={"Name": f"pinpoint-conformance-{pinpoint_seed}"})
        app_id = created.get("Id")
    except Blocked as exc:
        problem = str(exc)
    except Unsupported as exc:
        problem = f"{exc.operation_id}: {exc.reason}"
    record_probe(state, setup, "session setup: CreateApp")
    if isinstance(app_id, str) and app_id:
        pinpoint_tracker.add(f"application {app_id}", "DeleteApp", {"application-id": app_id})
        return app_id
    failed = {f.check_id for f in setup.failing()}
    crashed = any(f.exchange is not None and (f.exchange.status or 0) >= 500
                  for f in setup.findings)
    if TARGET_ANSWERS.check_id in failed:  # a finding, reported as such
        reason, code = f"the target does not answer: {problem}", pytest.ExitCode.TESTS_FAILED
    elif crashed:  # a server error is the target's fault: a finding
        reason = (f"the target fails to create an application ({problem}); pass --app-id "
                  "(--pinpoint-app-id under pytest) to run the other checks inside an "
                  "existing one")
        code = pytest.ExitCode.TESTS_FAILED
    else:
        reason = (f"the target cannot create an application ({problem or 'no Id in the answer'}"
                  "); pass --app-id (--pinpoint-app-id under pytest) to run inside an existing "
                  "one")
        code = pytest.ExitCode.USAGE_ERROR
    stop_run(request.session, reason, code)
    pytest.skip(reason)


def record_probe(state: RunState, probe: Probe, test: str) -> None:
    """Turn what a probe touched and found into outcomes (PASS, or FAIL with findings). A cell
    with a deviation the baseline knows is FAIL too: the target deviates, the run says so;
    only the exit code follows the baseline."""
    failing = probe.deviating()
    for family, operation_id in sorted(probe.touched):
        mine = [f for f in probe.findings if f.family == family and f.operation_id == operation_id]
        status = Status.FAIL if any(f in failing for f in mine) else Status.PASS
        state.report.outcomes.append(Outcome(family, operation_id, status, test, findings=mine))


@pytest.fixture
def probe(
    request: pytest.FixtureRequest,
    pinpoint_client: PinpointClient,
    pinpoint_tracker: ResourceTracker,
    pinpoint_app_id: str,
) -> Probe:
    state = _state(request.config)
    probe = Probe(
        pinpoint_client,
        pinpoint_tracker,
        pinpoint_app_id,
        strict=state.report.strict,
        known_unsupported=state.unsupported,
        baseline=state.baseline,
    )
    request.node.stash[PROBE] = probe
    return probe


@pytest.fixture
def own_app_only(pytestconfig: pytest.Config) -> None:
    """Skip a test that would change something an existing application already had."""
    if pytestconfig.getoption("--pinpoint-app-id"):
        pytest.skip(
            "would modify or leave behind state in the existing application given with --app-id"
        )


PROBE = pytest.StashKey[Probe]()
UNSUPPORTED = pytest.StashKey[Unsupported]()
DEADLINE = pytest.StashKey[str]()  # the run's deadline stopped this test: why


# ---------------------------------------------------------------------- read-only runs
READ_ONLY_MODULE = "test_read_only.py"  # in pinpoint_conformance.suite
READ_ONLY_SKIP = ("not part of a read-only run: it writes (POST, PUT or DELETE) or reads what "
                  "the run would create (--read-only)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--read-only: the read-only module runs, every other conformance test is SKIPPED with
    the reason; otherwise the read-only module is deselected (the full run covers it)."""
    read_only = bool(config.getoption("--pinpoint-read-only"))
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        kept.append(item)
        if not _is_conformance(item):
            continue
        # by file: the module's import name depends on pytest's import mode
        if Path(str(item.path)).name == READ_ONLY_MODULE:
            if not read_only:
                dropped.append(kept.pop())
        elif read_only:
            item.add_marker(pytest.mark.skip(reason=READ_ONLY_SKIP))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


# ---------------------------------------------------------------------- test outcomes
def _deadline_reached(item: pytest.Item, reason: str) -> None:
    """The deadline stopped this test: it is ERROR, the run ends after it."""
    item.stash[DEADLINE] = reason
    stop_run(item.session, f"{reason}; the checks not run are ERROR",
             pytest.ExitCode.TESTS_FAILED, rest_is_error=True)


def _is_conformance(item: pytest.Item) -> bool:
    """A test that talks to the target (the run's deadline is about these only: the plugin
    is loaded in every pytest session of an environment that installed it)."""
    return "pinpoint_client" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    if not _is_conformance(item):
        return (yield)
    state = _state(item.config)
    state.began.add(item.nodeid)
    log = generated.active()
    if log is not None:  # what it generates is kept (replayed) under its name
        log.begin(f"{getattr(item.module, '__name__', '')}::{item.name}")
    try:
        state.deadline.check()
        return (yield)
    except RunDeadlineReached as exc:  # before the test, or in a fixture's request
        _deadline_reached(item, str(exc))
        pytest.skip(str(exc))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    __tracebackhide__ = True
    try:
        result = yield
    except RunDeadlineReached as exc:
        if not _is_conformance(item):
            raise
        _deadline_reached(item, str(exc))
        pytest.fail(str(exc), pytrace=False)
    except NotInCassette as exc:
        stop_run(item.session, str(exc), pytest.ExitCode.USAGE_ERROR)
        pytest.fail(str(exc), pytrace=False)
    except Unsupported as exc:
        item.stash[UNSUPPORTED] = exc
        if item.config.getoption("--pinpoint-strict"):
            pytest.fail(f"UNSUPPORTED {exc} (--strict)", pytrace=False)
        pytest.skip(f"UNSUPPORTED {exc}")
    except Blocked as exc:
        probe = item.stash.get(PROBE, None)
        if probe is not None and probe.failing():
            pytest.fail(_failure_text(probe, str(exc)), pytrace=False)
        raise
    probe = item.stash.get(PROBE, None)
    if probe is not None and probe.failing():
        pytest.fail(_failure_text(probe, ""), pytrace=False)
    return result


def _failure_text(probe: Probe, note: str) -> str:
    lines = [f"{f.check_id} [{f.level}] {f.operation_id}: {f.message}" for f in probe.failing()]
    if note:
        lines.append(f"(stopped: {note})")
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    recording = _state(item.config).recording if STATE in item.config.stash else None
    if recording is not None and recording.miss:  # also a miss the fuzzer's engine swallowed
        stop_run(item.session, recording.miss, pytest.ExitCode.USAGE_ERROR)
    probe = item.stash.get(PROBE, None)
    deadline = item.stash.get(DEADLINE, None)
    if deadline is not None and report.when != "teardown":
        del item.stash[DEADLINE]  # one ERROR outcome, from the phase the deadline stopped
        state = _state(item.config)
        if probe is not None and report.when == "call":
            record_probe(state, probe, item.nodeid)  # what it judged before the deadline
        state.report.outcomes.append(
            Outcome(_family(item), _operation(item), Status.ERROR, item.nodeid, reason=deadline)
        )
        return report
    if probe is None or report.when != "call":
        if report.when == "setup" and report.skipped and probe is None:
            _record_skip(item, report)
        return report
    state = _state(item.config)
    unsupported = item.stash.get(UNSUPPORTED, None)
    if unsupported is not None:
        state.unsupported.setdefault(unsupported.operation_id, unsupported.reason)
    errored = (
        call.excinfo is not None
        and not call.excinfo.errisinstance(
            (AssertionError, Blocked, pytest.fail.Exception, pytest.skip.Exception)
        )
        and not report.skipped
        and unsupported is None
    )
    blocked_without_finding = (
        call.excinfo is not None and call.excinfo.errisinstance(Blocked) and not probe.failing()
    )
    record_probe(state, probe, item.nodeid)
    if unsupported is not None:
        state.report.outcomes.append(
            Outcome(
                _family(item),
                unsupported.operation_id,
                Status.UNSUPPORTED,
                item.nodeid,
                reason=unsupported.reason,
            )
        )
    elif errored or blocked_without_finding:
        assert call.excinfo is not None
        state.report.outcomes.append(
            Outcome(
                _family(item),
                _operation(item),
                Status.ERROR,
                item.nodeid,
                reason=f"{call.excinfo.typename}: {call.excinfo.value}"[:300],
            )
        )
    elif report.skipped:
        _record_skip(item, report)
    return report


def _record_skip(item: pytest.Item, report: pytest.TestReport) -> None:
    reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else "skipped"
    if reason.startswith("Skipped: "):
        reason = reason[len("Skipped: ") :]
    _state(item.config).report.outcomes.append(
        Outcome(_family(item), _operation(item), Status.SKIPPED, item.nodeid, reason=reason)
    )


def _family(item: pytest.Item) -> str:
    marker = item.get_closest_marker("pinpoint")
    return str(marker.kwargs.get("family", "LIFE")) if marker else "LIFE"


def _operation(item: pytest.Item) -> str:
    marker = item.get_closest_marker("pinpoint")
    return str(marker.kwargs.get("operation", "")) if marker else ""


# ---------------------------------------------------------------------- the report
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = _state(session.config)
    if state.client is not None:
        cleanup(state, state.client)  # idempotent; covers Ctrl-C before fixture teardown
        state.report.requests_sent = state.client.requests_sent
    if state.recording is not None:
        unasked = finish(state.recording, session.config, state.report)
        if unasked is not None and unasked.stale and state.stopped is None:
            stop_run(session, unasked.message, pytest.ExitCode.USAGE_ERROR)
        elif unasked is not None:
            state.report.notes.append(unasked.message)
    for label in state.tracker.left_behind:
        state.report.notes.append(f"left behind: {label}")
    stopped = state.stopped
    if stopped is not None:
        state.report.notes.append(f"stopped: {stopped.reason}")
        if stopped.rest_is_error:
            for item in session.items:
                if _is_conformance(item) and item.nodeid not in state.began:
                    state.report.outcomes.append(Outcome(
                        _family(item), _operation(item), Status.ERROR, item.nodeid,
                        reason=f"not run: {stopped.reason}"))
        session.exitstatus = stopped.exit_code
    settle_baseline(session, state)
    state.report.duration_s = round(time.monotonic() - state.started, 3)
    state.report.exit_code = int(session.exitstatus)
    if not state.report.outcomes:
        return
    from pinpoint_conformance.report import write_json, write_markdown

    operations = [op.operation_id for op in load_contract().iter_operations()]
    json_path = session.config.getoption("--pinpoint-json-report")
    if json_path:
        write_json(state.report, operations, json_path)
    write_markdown(state.report, operations, session.config.getoption("--pinpoint-markdown"))


def settle_baseline(session: pytest.Session, state: RunState) -> None:
    """Compare the run's findings with --baseline (a listed finding that no longer occurs
    fails the run under --strict-baseline) and write --write-baseline."""
    findings = [f for o in state.report.outcomes for f in o.findings]
    config = session.config
    if state.baseline is not None:
        judged = set() if _narrowed(session) else {
            (o.family, o.operation_id) for o in state.report.outcomes
            if o.status in (Status.PASS, Status.FAIL)}
        comparison = compare(state.baseline, findings, judged)
        state.report.baseline = comparison.to_dict(state.baseline.source)
        if comparison.fixed and config.getoption("--pinpoint-strict-baseline") and \
                session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    target = config.getoption("--pinpoint-write-baseline")
    if target and state.report.outcomes:
        text = baseline_text(findings, target=state.report.target,
                             tool_version=state.report.tool_version,
                             spec_version=state.report.spec_version,
                             previous=_previous_baseline(target))
        Path(target).write_text(text, encoding="utf-8")


def _narrowed(session: pytest.Session) -> bool:
    """Whether the run left checks out on purpose (-k, -m, --fuzz-operation, --app-id,
    --read-only): a baseline entry it did not find may be one it did not look for, so none
    is called fixed (a cell judged by a narrower run may not have met the entry's case)."""
    option = session.config.option
    return bool(getattr(option, "keyword", "") or getattr(option, "markexpr", "")
                or session.config.getoption("--pinpoint-fuzz-operation")
                or session.config.getoption("--pinpoint-app-id")
                or session.config.getoption("--pinpoint-read-only"))


def _previous_baseline(path: str) -> Baseline | None:
    try:
        return load_baseline(path) if Path(path).is_file() else None
    except BaselineError:
        return None


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = _state(config)
    if not state.report.outcomes:
        return
    from pinpoint_conformance.report import render_terminal

    operations = [op.operation_id for op in load_contract().iter_operations()]
    state.report.exit_code = state.stopped.exit_code if state.stopped else int(exitstatus)
    terminalreporter.write_sep("=", "Pinpoint conformance report")
    terminalreporter.write_line(
        render_terminal(state.report, operations, color=terminalreporter.hasmarkup)
    )


__all__ = ["Level", "Profile", "pytest_addoption", "pytest_configure"]
