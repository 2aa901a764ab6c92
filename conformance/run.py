"""`pinpoint-conformance run`: a thin wrapper that runs the suite through pytest.

The same run works as `pytest --pyargs pinpoint_conformance.suite --pinpoint-target URL`;
this module
checks the options (a wrong one is one line, `pinpoint-conformance: <message>`, and exit
code 4, before pytest starts), maps the CLI's flags onto the plugin's options and returns
pytest's exit code (0 all conform, 1 findings, 2 interrupted, 3 internal error, 4 usage or
configuration error).
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

import pytest

from pinpoint_conformance.client import ConfigurationError
from pinpoint_conformance.options import RunOptions, check_run_options

USAGE_ERROR = 4

# CLI flag -> plugin option, for the flags that take a value
VALUE_FLAGS = {
    "target": "--pinpoint-target",
    "app_id": "--pinpoint-app-id",
    "region": "--pinpoint-region",
    "timeout": "--pinpoint-timeout",
    "deadline": "--pinpoint-deadline",
    "rate": "--pinpoint-rate",
    "profile": "--pinpoint-profile",
    "examples": "--pinpoint-examples",
    "seed": "--pinpoint-seed",
    "json_report": "--pinpoint-json-report",
    "markdown": "--pinpoint-markdown",
    "baseline": "--pinpoint-baseline",
    "write_baseline": "--pinpoint-write-baseline",
    "record": "--pinpoint-record",
    "replay": "--pinpoint-replay",
}
SWITCHES = {
    "no_sign": "--pinpoint-no-sign",
    "allow_live": "--pinpoint-allow-live",
    "strict": "--pinpoint-strict",
    "strict_baseline": "--pinpoint-strict-baseline",
    "read_only": "--pinpoint-read-only",
}


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", metavar="URL",
                        help="base URL of the target, with or without /v1 "
                             "(default: the embedded reference target)")
    parser.add_argument("--app-id", metavar="ID",
                        help="work inside this existing application (nothing that existed "
                             "before the run is modified or deleted)")
    parser.add_argument("--region", default="us-east-1", help="SigV4 region (us-east-1)")
    parser.add_argument("--no-sign", action="store_true", help="send unsigned requests")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="the longest one request may take, connecting and reading the "
                             "whole answer (10)")
    parser.add_argument("--deadline", type=float, metavar="SECONDS",
                        help="the longest the run may send requests; then it stops, reports "
                             "what it judged and the rest as ERROR, cleans up and exits 1 "
                             "(default: 600, 1800 or 7200 by --profile)")
    parser.add_argument("--rate", type=float, metavar="RPS",
                        help="request-rate cap (default 5/s for *.amazonaws.com, else none)")
    parser.add_argument("--allow-live", action="store_true",
                        help="allow the real service (*.amazonaws.com): billable resources")
    parser.add_argument("--profile", choices=("quick", "default", "thorough"), default="default",
                        help="how hard the run tries: examples per property and per fuzzed "
                             "operation (3, 20, 100), items per pagination walk (5, 12, 30)")
    parser.add_argument("--examples", type=int, metavar="N",
                        help="examples each property tries (overrides the profile)")
    parser.add_argument("--fuzz-operation", action="append", metavar="OPERATION",
                        dest="fuzz_operation",
                        help="fuzz only this operation (an operationId: CreateSegment...); "
                             "repeat for more (default: every operation but the application's)")
    parser.add_argument("--strict", action="store_true",
                        help="UNSUPPORTED operations and unnamed members fail the run")
    parser.add_argument("--baseline", metavar="FILE",
                        help="known findings of the target: fail only on findings the file "
                             "does not list")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="write the run's MUST and SHOULD findings as a baseline")
    parser.add_argument("--strict-baseline", action="store_true",
                        help="with --baseline, also fail when a listed finding is fixed")
    parser.add_argument("--read-only", action="store_true",
                        help="only GET requests, against what exists in --app-id (needs it); "
                             "every check that would write is SKIPPED")
    parser.add_argument("--endpoint-id", action="append", metavar="ID", dest="endpoint_id",
                        help="an endpoint a read-only run reads (repeat for more)")
    parser.add_argument("--record", metavar="DIR",
                        help="record every HTTP exchange of the run into the cassette DIR "
                             "(redacted), with the run's seed, profile and versions")
    parser.add_argument("--replay", metavar="DIR",
                        help="replay the cassette DIR offline: no network, the recorded "
                             "target, seed and profile; the same report")
    parser.add_argument("--seed", type=int, help="the run's seed (printed in every report)")
    parser.add_argument("--json-report", metavar="PATH", help="write the JSON report")
    parser.add_argument("--junitxml", metavar="PATH", help="write pytest's JUnit XML")
    parser.add_argument("--markdown", metavar="PATH", help="write a markdown summary")
    parser.add_argument("-k", dest="keyword", metavar="EXPR", help="only checks matching EXPR")
    parser.add_argument("-v", "--verbose", action="store_true", help="pytest's verbose output")


# the run's own (empty) pytest configuration: none of the current directory's
RUN_INI = Path(__file__).resolve().parent / "run.ini"


def pytest_args(args: argparse.Namespace) -> list[str]:
    argv = ["-c", str(RUN_INI), "--rootdir", str(Path.cwd()),
            "--pyargs", "pinpoint_conformance.suite", "-p", "no:cacheprovider", "-q", "-rN",
            # the run loads its own plugin and no other one installed beside it (another
            # plugin could reorder, rerun or time out its checks); its asserts are not
            # rewritten (the report says what failed, not pytest's assertion messages); and
            # no garbage is collected five times over at the end to find unraisable errors
            "--disable-plugin-autoload", "-p", "pinpoint_conformance.plugin", "--assert=plain",
            "-p", "no:unraisableexception"]
    for attribute, option in VALUE_FLAGS.items():
        value = getattr(args, attribute, None)
        if value is not None:
            argv += [option, str(value)]
    argv += [option for attribute, option in SWITCHES.items() if getattr(args, attribute, False)]
    for operation in getattr(args, "fuzz_operation", None) or ():
        argv += ["--pinpoint-fuzz-operation", operation]
    for endpoint_id in getattr(args, "endpoint_id", None) or ():
        argv += ["--pinpoint-endpoint-id", endpoint_id]
    if args.junitxml:
        argv += ["--junitxml", args.junitxml]
    if args.keyword:
        argv += ["-k", args.keyword]
    if args.verbose:
        argv.append("-v")
    return argv


def run(args: argparse.Namespace) -> int:
    try:
        check_run_options(RunOptions(
            target=args.target, app_id=args.app_id, region=args.region, sign=not args.no_sign,
            timeout=args.timeout, rate=args.rate, allow_live=args.allow_live,
            examples=args.examples, seed=args.seed, deadline=args.deadline,
            fuzz_operations=tuple(args.fuzz_operation or ()),
            baseline=args.baseline, write_baseline=args.write_baseline,
            strict_baseline=args.strict_baseline, read_only=args.read_only,
            endpoint_ids=tuple(args.endpoint_id or ()),
            json_report=args.json_report, markdown=args.markdown, junitxml=args.junitxml,
            record=args.record, replay=args.replay,
        ))
        check_keyword(args.keyword)
    except ConfigurationError as exc:
        return usage_error(str(exc))
    # a run makes hundreds of thousands of short-lived objects (answers, findings, cases):
    # the collector runs a tenth as often (it took a tenth of a run at its default)
    gc.set_threshold(20_000, 10, 10)
    code = int(pytest.main(pytest_args(args)))
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        return usage_error(f"-k {args.keyword!r} selects no check" if args.keyword
                           else "there is no check to run")
    return code


def check_keyword(expression: str | None) -> None:
    """A -k expression pytest can read (pytest would refuse it too, in its own words)."""
    if expression is None:
        return
    if not expression.strip():
        raise ConfigurationError("-k needs an expression, such as 'segments and not fuzz'")
    try:  # pytest's own parser; private, so its absence only defers the check to pytest
        from _pytest.mark.expression import Expression
    except ImportError:  # pragma: no cover
        return
    try:
        Expression.compile(expression)
    except Exception as exc:  # SyntaxError in pytest 8.x+, ParseError before
        raise ConfigurationError(f"-k {expression!r} is not an expression pytest reads "
                                 f"({exc})") from None


def usage_error(message: str) -> int:
    print(f"pinpoint-conformance: {message}", file=sys.stderr)
    return USAGE_ERROR
