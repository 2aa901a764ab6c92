"""`pinpoint-conformance`: the command line. Subcommands are thin wrappers.

    pinpoint-conformance run [--target URL] [--app-id ID] ...   the conformance run (pytest)
    pinpoint-conformance serve [--host H] [--port N]            the embedded reference target
    pinpoint-conformance catalogue [--format markdown|json]     every check (docs/checks.md)
    pinpoint-conformance coverage [--format text|markdown|json] the reference coverage
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from pinpoint_conformance.checks.document import add_catalogue_arguments, catalogue
from pinpoint_conformance.coverage_document import add_coverage_arguments, coverage
from pinpoint_conformance.run import add_run_arguments, run
from pinpoint_conformance.serve import add_serve_arguments, serve

USAGE_ERROR = 4


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (`pinpoint-conformance: <message>`) and
    exit code 4, like every other configuration error."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"pinpoint-conformance: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pinpoint-conformance",
        description="Contract tests and conformance checks for the Amazon Pinpoint REST API.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run_parser = commands.add_parser("run", help="run the conformance checks against a target")
    add_run_arguments(run_parser)
    run_parser.set_defaults(handler=run)
    serve_parser = commands.add_parser(
        "serve", help="run the embedded reference target in the foreground until Ctrl-C"
    )
    add_serve_arguments(serve_parser)
    serve_parser.set_defaults(handler=serve)
    catalogue_parser = commands.add_parser(
        "catalogue", help="print the check catalogue (ids, levels, statements, sources)"
    )
    add_catalogue_arguments(catalogue_parser)
    catalogue_parser.set_defaults(handler=catalogue)
    coverage_parser = commands.add_parser(
        "coverage", help="print the reference coverage: each statement and what enforces it"
    )
    add_coverage_arguments(coverage_parser)
    coverage_parser.set_defaults(handler=coverage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors exit 2; ours is 4
        return USAGE_ERROR if exc.code not in (0, None) else 0
    if not getattr(args, "handler", None):
        parser.print_help()
        return USAGE_ERROR
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
