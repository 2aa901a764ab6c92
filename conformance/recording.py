"""A pytest session recorded into a cassette, or replayed from one (`--pinpoint-record DIR`,
`--pinpoint-replay DIR`; `--record`, `--replay` on the command line).

On replay the cassette's metadata sets the run: its seed, profile, examples, fuzzed
operations, strictness, application id, -k and read-only options, its target (nothing is
started, nothing is reached: every answer comes from the cassette) and its "now"; waits
that exist only for a live target are skipped (`pinpoint_conformance.determinism`). A
version that differs from the recording's is said up front. On record, the metadata is
written when the run ends.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.cassette import Mode, NotInCassette, OpenCassette, use_cassette
from pinpoint_conformance.cassette_metadata import (
    CassetteMetadata,
    package_version,
    public_url,
    read_metadata,
)
from pinpoint_conformance.determinism import timestamp
from pinpoint_conformance.generated import GeneratedLog, activate


@dataclass
class Recording:
    """The cassette of a session, open from session start to the end of its cleanup."""

    mode: Mode
    folder: Path
    recorded: CassetteMetadata | None = None  # what a replay runs from
    target: str = ""  # the base URL requests go to
    target_kind: str = ""
    cassette: OpenCassette | None = None
    generated: GeneratedLog | None = None  # what the run generated (recorded, or replayed)
    warnings: list[str] = field(default_factory=list)
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    @property
    def replaying(self) -> bool:
        return self.mode == "replay"

    def open(self) -> None:
        self.generated = (GeneratedLog.load(self.folder) if self.replaying
                          else GeneratedLog(replaying=False, folder=self.folder))
        self.cassette = self._stack.enter_context(use_cassette(self.folder, self.mode))
        activate(self.generated)
        # the cassette's thousands of exchanges live until the session ends: the collector
        # need not walk them again and again (it took a fifth of a replay)
        gc.freeze()
        self._stack.callback(activate, None)

    def close(self) -> None:
        self._stack.close()
        if self.mode == "record" and self.generated is not None:
            self.generated.save()

    @property
    def miss(self) -> str | None:
        """The first request the cassette did not hold (replay), if any."""
        return self.cassette.misses.first if self.cassette is not None else None


def from_options(config: pytest.Config, tool_version: str, spec_version: str) -> Recording | None:
    """The session's recording, from its options; on replay the cassette's metadata is
    applied to the session's options (seed, profile, examples, ...)."""
    record = config.getoption("--pinpoint-record")
    replay = config.getoption("--pinpoint-replay")
    if record:
        return Recording("record", Path(record))
    if not replay:
        return None
    recorded = read_metadata(replay)
    option = config.option
    option.pinpoint_seed = recorded.seed
    option.pinpoint_profile = recorded.profile
    option.pinpoint_examples = recorded.examples
    option.pinpoint_fuzz_operation = list(recorded.fuzz_operations) or None
    option.pinpoint_strict = recorded.strict
    option.pinpoint_app_id = recorded.app_id
    option.pinpoint_read_only = recorded.read_only
    option.pinpoint_endpoint_id = list(recorded.endpoint_ids) or None
    if recorded.keyword and not getattr(option, "keyword", ""):
        option.keyword = recorded.keyword
    recording = Recording("replay", Path(replay), recorded, target=recorded.target,
                          target_kind=recorded.target_kind)
    current = {"tool": tool_version, "spec": spec_version,
               "schemathesis": package_version("schemathesis"),
               "hypothesis": package_version("hypothesis")}
    for mismatch in recorded.mismatches(current):
        recording.warnings.append(f"the cassette was recorded with another version ({mismatch}):"
                                  " the run may send requests it does not hold")
    for warning in recording.warnings:
        print(f"pinpoint-conformance: {warning}", file=sys.stderr)
    return recording


@dataclass(frozen=True)
class Unasked:
    """Recorded exchanges a replay did not ask for: `stale` when it ran the recorded checks
    (the cassette no longer matches the run), not when it ran fewer on purpose."""

    message: str
    stale: bool


def finish(recording: Recording, config: pytest.Config, report: Any) -> Unasked | None:
    """Close the cassette (a recording is saved) and write a recording's metadata. For a
    replay that did not ask for every recorded exchange, what to say: a stale cassette when it
    ran the recorded selection (an error), a narrower run's note otherwise."""
    cassette = recording.cassette
    unasked = None
    if recording.replaying and cassette is not None and recording.miss is None:
        left = cassette.interactions - cassette.played
        if left > 0:
            message = (f"the replay did not ask for {left} of the {cassette.interactions} "
                       "recorded exchanges: the run sent less than was recorded")
            stale = _as_recorded(recording, config)
            message += (" (a changed check, contract or strategy); re-record the cassette with "
                        f"--record {recording.folder}" if stale
                        else " (it ran fewer checks than the recording: -k or -m)")
            unasked = Unasked(message, stale)
    recording.close()
    if recording.mode != "record":
        return unasked
    CassetteMetadata(
        tool_version=report.tool_version,
        spec_version=report.spec_version,
        target=public_url(recording.target) if recording.target else "",
        target_kind=recording.target_kind,
        recorded_at=timestamp(),
        seed=report.seed,
        profile=report.profile,
        examples=config.getoption("--pinpoint-examples"),
        fuzz_operations=tuple(config.getoption("--pinpoint-fuzz-operation") or ()),
        strict=bool(config.getoption("--pinpoint-strict")),
        app_id=config.getoption("--pinpoint-app-id"),
        keyword=getattr(config.option, "keyword", "") or None,
        read_only=bool(config.getoption("--pinpoint-read-only")),
        endpoint_ids=tuple(config.getoption("--pinpoint-endpoint-id") or ()),
    ).write(recording.folder)
    return None


def _as_recorded(recording: Recording, config: pytest.Config) -> bool:
    """Whether a replay runs the checks the recording ran (no other -k, no -m)."""
    recorded = recording.recorded.keyword if recording.recorded is not None else None
    option = config.option
    return ((getattr(option, "keyword", "") or None) == recorded
            and not getattr(option, "markexpr", ""))


__all__ = ["NotInCassette", "Recording", "Unasked", "finish", "from_options"]
