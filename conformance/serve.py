"""`pinpoint-conformance serve`: the embedded reference target in the foreground.

Prints one line saying where it listens; Ctrl-C (or SIGTERM) stops it cleanly with exit 0.
A host that does not resolve, an address that cannot be bound or a port in use is a one-line
error and exit code 4 (the command line's usage and configuration error code).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

CANNOT_LISTEN = 4
DEFAULT_PORT = 8080


def _port(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0-65535)")
    return value


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help="port to listen on, 0 for any free port (default: %(default)s)",
    )


def serve(args: argparse.Namespace) -> int:
    from pinpoint_conformance.reference_target import TargetServer, TargetStartError

    try:
        server = TargetServer(args.host, args.port)
    except TargetStartError as exc:
        print(f"pinpoint-conformance serve: {exc}", file=sys.stderr)
        return CANNOT_LISTEN
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        print(f"pinpoint reference target listening on {server.url}", flush=True)
        stop.wait()
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("pinpoint reference target stopped", flush=True)
    return 0
