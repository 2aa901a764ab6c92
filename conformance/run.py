"""`pinpoint-conformance run`: a thin wrapper that runs the suite through pytest.

The same run works as `pytest --pyargs conformance.suite --pinpoint-target URL`; this module
only maps the CLI's flags onto the plugin's options and returns pytest's exit code
(0 all conform, 1 findings, 2 interrupted, 3 internal error, 4 usage or configuration error).
"""

from __future__ import annotations

import argparse

import pytest

# CLI flag -> plugin option, for the flags that take a value
VALUE_FLAGS = {
    "target": "--pinpoint-target",
    "app_id": "--pinpoint-app-id",
    "region": "--pinpoint-region",
    "timeout": "--pinpoint-timeout",
    "rate": "--pinpoint-rate",
    "profile": "--pinpoint-profile",
    "examples": "--pinpoint-examples",
    "seed": "--pinpoint-seed",
    "json_report": "--pinpoint-json-report",
    "markdown": "--pinpoint-markdown",
}
SWITCHES = {
    "no_sign": "--pinpoint-no-sign",
    "allow_live": "--pinpoint-allow-live",
    "strict": "--pinpoint-strict",
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
                        help="connect and read timeout per request (10)")
    parser.add_argument("--rate", type=float, metavar="RPS",
                        help="request-rate cap (default 5/s for *.amazonaws.com, else none)")
    parser.add_argument("--allow-live", action="store_true",
                        help="allow the real service (*.amazonaws.com): billable resources")
    parser.add_argument("--profile", choices=("quick", "default", "thorough"), default="default",
                        help="how hard the run tries: examples per property and per fuzzed "
                             "operation (3, 20, 100), items per pagination walk (5, 12, 30)")
    parser.add_argument("--examples", type=int, metavar="N",
                        help="examples each property tries (overrides the profile)")
    parser.add_argument("--strict", action="store_true",
                        help="UNSUPPORTED operations and unnamed members fail the run")
    parser.add_argument("--seed", type=int, help="the run's seed (printed in every report)")
    parser.add_argument("--json-report", metavar="PATH", help="write the JSON report")
    parser.add_argument("--junitxml", metavar="PATH", help="write pytest's JUnit XML")
    parser.add_argument("--markdown", metavar="PATH", help="write a markdown summary")
    parser.add_argument("-k", dest="keyword", metavar="EXPR", help="only checks matching EXPR")
    parser.add_argument("-v", "--verbose", action="store_true", help="pytest's verbose output")


def pytest_args(args: argparse.Namespace) -> list[str]:
    argv = ["--pyargs", "conformance.suite", "-p", "no:cacheprovider", "-q", "-rN",
            # the CLI imported the package before pytest could rewrite its asserts
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    for attribute, option in VALUE_FLAGS.items():
        value = getattr(args, attribute, None)
        if value is not None:
            argv += [option, str(value)]
    argv += [option for attribute, option in SWITCHES.items() if getattr(args, attribute, False)]
    if args.junitxml:
        argv += ["--junitxml", args.junitxml]
    if args.keyword:
        argv += ["-k", args.keyword]
    if args.verbose:
        argv.append("-v")
    return argv


def run(args: argparse.Namespace) -> int:
    return int(pytest.main(pytest_args(args)))
