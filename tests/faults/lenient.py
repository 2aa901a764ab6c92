"""A lenient reference target: it stores bodies that break some rules of the contract.

Unlike a fault that rewrites one answer, a lenient target keeps what it should have refused,
so every later answer that shows the resource shows the invalid value too: the cascade a run
must not report as many findings (issue 9). `lenient_target(*tolerated)` builds one; each
tolerated rule names the validation errors it lets through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

from pinpoint_conformance.reference_target import PinpointApp
from pinpoint_conformance.reference_target._validation import Bodies


@dataclass(frozen=True)
class Tolerance:
    """A rule the lenient target does not enforce: which validation errors it lets through."""

    name: str
    lets_through: Callable[[ValidationError], bool]


def _last(error: ValidationError) -> Any:
    return error.absolute_path[-1] if error.absolute_path else None


LOWER_CASE_TIMEZONE = Tolerance(
    "a lower-case Schedule Timezone (utc)",
    lambda e: e.validator == "enum" and _last(e) == "Timezone"
    and isinstance(e.instance, str) and e.instance.upper() in (e.validator_value or ()),
)
ANY_TIMEZONE = Tolerance(
    "any Schedule Timezone string, as the service model has it (ERRATA E18)",
    lambda e: e.validator == "enum" and _last(e) == "Timezone" and isinstance(e.instance, str),
)
LOWER_CASE_FREQUENCY = Tolerance(
    "a Schedule Frequency in lower or title case (daily)",
    lambda e: e.validator == "enum" and _last(e) == "Frequency"
    and isinstance(e.instance, str) and e.instance.upper() in (e.validator_value or ()),
)
URL_ACTION_WITHOUT_URL = Tolerance(
    "a Message whose Action is URL without a Url",
    lambda e: e.validator == "required" and "Url" in (e.validator_value or ())
    and isinstance(e.instance, dict) and e.instance.get("Action") == "URL",
)
ONE_DIGIT_HOUR = Tolerance(
    "a QuietTime bound with a one-digit hour (3:02)",
    lambda e: e.validator == "pattern" and _last(e) in ("Start", "End")
    and isinstance(e.instance, str) and len(e.instance) == 4 and e.instance[1] == ":",
)


class LenientBodies(Bodies):
    """Bodies validated as the reference target does, except for the tolerated errors."""

    def __init__(self, strict: Bodies, tolerated: tuple[Tolerance, ...]) -> None:
        super().__init__(strict.contract, strict.shapes, strict.limit)
        self.tolerated = tolerated
        self.let_through = 0  # errors tolerated: a target that never tolerated proves nothing

    def errors(self, ref: str, body: dict[str, Any]) -> Iterator[ValidationError]:
        for error in super().errors(ref, body):
            if any(rule.lets_through(error) for rule in self.tolerated):
                self.let_through += 1
                continue
            yield error


def lenient_target(*tolerated: Tolerance) -> PinpointApp:
    """The reference target, storing bodies that break only the `tolerated` rules."""
    app = PinpointApp()
    app.bodies = LenientBodies(app.bodies, tolerated)
    return app
