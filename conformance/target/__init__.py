"""The embedded reference target: an in-memory Amazon Pinpoint that conforms to the contract.

    from conformance.target import running_target

    with running_target() as base_url:   # http://127.0.0.1:PORT
        ...

`pinpoint-conformance serve` runs it in the foreground. What it does is documented in
docs/reference-target.md.
"""

from conformance.target._app import PinpointApp
from conformance.target._server import TargetServer, TargetStartError, running_target
from conformance.target._validation import DEFAULT_BODY_LIMIT

__all__ = [
    "DEFAULT_BODY_LIMIT",
    "PinpointApp",
    "TargetServer",
    "TargetStartError",
    "running_target",
]
