"""What a run generated, kept beside its cassette, so a replay does not generate it again.

A recording run keeps, test by test and in the order they were made, the values its hypothesis
properties were given (`draws`: every example of a property, the examples hypothesis shrank
included, and every single value `draw_one` drew) and the cases each FUZZ phase sent (`fuzz`:
per phase, per scenario of schemathesis's engine, each case as `pinpoint_conformance.fuzz_replay`
writes it).
A replay takes them from here instead of running hypothesis and schemathesis's generation
again: the same requests go out, in the same order, and every answer is judged again.

Values are kept redacted like the cassette's requests (`pinpoint_conformance.redaction`): a
replay sends what the cassette holds. The file is `generated.json.gz` in the cassette folder.
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pinpoint_conformance.cassette import ExactJSON, NotInCassette
from pinpoint_conformance.cassette_metadata import CassetteError
from pinpoint_conformance.redaction import Redactor
from pinpoint_strategies import Invalid

GENERATED_FILE = "generated.json.gz"
INVALID = "$invalid-body"  # an invalid body (`pinpoint_strategies.Invalid`) and its rule


def _given(value: Any) -> Any:
    """A kept value as the run was given it."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get(INVALID), dict):
        named = value[INVALID]
        return Invalid(**{**named, "location": tuple(named.get("location") or ())})
    return value


def generated_file(folder: str | Path) -> Path:
    return Path(folder) / GENERATED_FILE


class NotGenerated(NotInCassette):
    """A replay asked for a generated value the recording did not make (the run changed): it
    stops the run like a request the cassette does not hold."""


@dataclass
class GeneratedLog:
    """The generated values of one run: being recorded, or being replayed."""

    replaying: bool
    folder: Path
    # test id -> the calls its properties (and `draw_one`) made, in order: {"kind", "values"}
    draws: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fuzz: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # phase -> scenarios
    redactor: Redactor = field(default_factory=Redactor)
    test: str = ""  # the test running now (values are kept per test: a replay may run fewer)
    _taken: dict[str, int] = field(default_factory=dict)  # test id -> calls replayed
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, test: str) -> None:
        """The test that runs from now on (its setup, call and teardown)."""
        self.test = test

    # ------------------------------------------------------------------ property values
    def kept(self, value: Any) -> Any:
        """A generated value as the file keeps it: redacted, an invalid body with its rule."""
        if isinstance(value, Invalid):
            named = {f.name: getattr(value, f.name) for f in fields(Invalid)}
            return {INVALID: {**named, "body": self.redactor.value(value.body),
                              "location": list(value.location)}}
        return self.redactor.value(value)

    def keep_draws(self, kind: str, values: list[Any]) -> None:
        """Record: the values one property (or one `draw_one`) was given, in order, each as
        `kept` made it (when it was given: the example may edit it)."""
        with self._lock:
            self.draws.setdefault(self.test, []).append({"kind": kind, "values": list(values)})

    def take_draws(self, kind: str) -> list[Any]:
        """Replay: the values the test's next property (or `draw_one`) was given when
        recorded."""
        with self._lock:
            calls = self.draws.get(self.test, [])
            index = self._taken.get(self.test, 0)
            self._taken[self.test] = index + 1
        if index >= len(calls) or calls[index]["kind"] != kind:
            recorded = f"a {calls[index]['kind']}" if index < len(calls) else "nothing"
            raise NotGenerated(
                f"the cassette {self.folder} holds {recorded} as generated call {index + 1} of "
                f"{self.test or 'the session'}, the run asks for a {kind}: the run no longer "
                "generates what was recorded (a changed check, strategy or profile); re-record "
                f"it with --record {self.folder}")
        return [_given(value) for value in calls[index]["values"]]

    # ------------------------------------------------------------------ FUZZ cases
    def keep_scenario(self, phase: str, scenario: dict[str, Any]) -> None:
        with self._lock:
            self.fuzz.setdefault(phase, []).append(scenario)

    def scenarios(self, phase: str) -> list[dict[str, Any]]:
        return list(self.fuzz.get(phase, ()))

    # ------------------------------------------------------------------ the file
    def save(self) -> Path:
        file = generated_file(self.folder)
        file.parent.mkdir(parents=True, exist_ok=True)
        text = ExactJSON.serialize({"draws": self.draws, "fuzz": self.fuzz})
        file.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
        return file

    @classmethod
    def load(cls, folder: Path) -> GeneratedLog:
        """The log kept in `folder` (replay); CassetteError when it cannot be read."""
        file = generated_file(folder)
        again = f"re-record the cassette with --record {folder}"
        try:
            data = ExactJSON.deserialize(gzip.decompress(file.read_bytes()).decode("utf-8"))
        except FileNotFoundError:
            raise CassetteError(f"{folder} has no {GENERATED_FILE}: {again}") from None
        except (OSError, EOFError, ValueError) as exc:
            raise CassetteError(f"{file} cannot be read ({exc}): {again}") from None
        draws = data.get("draws") if isinstance(data, dict) else None
        fuzz = data.get("fuzz") if isinstance(data, dict) else None
        if not (isinstance(draws, dict) and isinstance(fuzz, dict)
                and all(isinstance(v, list) for v in (*draws.values(), *fuzz.values()))):
            raise CassetteError(f"{file} is not a file of generated values: {again}")
        return cls(replaying=True, folder=folder, draws=draws, fuzz=fuzz)


_ACTIVE: dict[str, GeneratedLog | None] = {"log": None}


def active() -> GeneratedLog | None:
    """The log of the run in this process, while its cassette is open (else None)."""
    return _ACTIVE["log"]


def activate(log: GeneratedLog | None) -> None:
    _ACTIVE["log"] = log
