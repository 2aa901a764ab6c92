"""The embedded reference target: an in-memory Amazon Pinpoint that conforms to the contract.

    from pinpoint_conformance.reference_target import running_target

    with running_target() as base_url:   # http://127.0.0.1:PORT
        ...

`pinpoint-conformance serve` runs it in the foreground. What it does is documented in
docs/reference-target.md.
"""

from pinpoint_conformance.reference_target._app import PinpointApp
from pinpoint_conformance.reference_target._server import (
    TargetServer,
    TargetStartError,
    running_target,
)
from pinpoint_conformance.reference_target._validation import DEFAULT_BODY_LIMIT

__all__ = [
    "DEFAULT_BODY_LIMIT",
    "PinpointApp",
    "TargetServer",
    "TargetStartError",
    "running_target",
]
