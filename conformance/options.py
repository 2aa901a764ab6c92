"""The run's options, checked before anything is sent: each wrong value is one message.

The command line (`pinpoint-conformance run`) checks them before pytest starts, the plugin
again in `pytest_configure` (for `pytest --pinpoint-*` users); messages name the flags the
user typed. A wrong value is a configuration error (exit code 4), never a run.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from pinpoint_conformance.baseline import BaselineError, load_baseline
from pinpoint_conformance.cassette import cassette_file
from pinpoint_conformance.cassette_metadata import CassetteError, read_metadata
from pinpoint_conformance.client import ConfigurationError, TargetConfig
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.generated import generated_file

MAX_TIMEOUT = 3600.0  # seconds; one request longer than an hour is a typo
MAX_SEED = 2**63 - 1
REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class RunOptions:
    """The values of the run's options (None: not given)."""

    target: str | None = None
    app_id: str | None = None
    region: str = "us-east-1"
    sign: bool = True
    timeout: float = 10.0
    rate: float | None = None
    allow_live: bool = False
    examples: int | None = None
    fuzz_operations: tuple[str, ...] = ()
    seed: int | None = None
    deadline: float | None = None
    json_report: str | None = None
    markdown: str | None = None
    junitxml: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    strict_baseline: bool = False
    read_only: bool = False
    endpoint_ids: tuple[str, ...] = ()
    record: str | None = None  # a cassette folder to record the run into
    replay: str | None = None  # a cassette folder to replay the run from


def check_run_options(options: RunOptions, flag: Callable[[str], str] | None = None) -> None:
    """Raise ConfigurationError naming the first wrong option. `flag(name)` gives the flag
    a user typed for an option (`--timeout` on the command line, `--pinpoint-timeout` under
    pytest)."""
    name = flag or (lambda option: "--" + option.replace("_", "-"))
    _positive(options.timeout, name("timeout"), upper=MAX_TIMEOUT)
    if options.rate is not None:
        _positive(options.rate, name("rate"), unit="requests per second")
    if options.deadline is not None:
        _positive(options.deadline, name("deadline"))
        if options.deadline < options.timeout:
            raise ConfigurationError(
                f"{name('deadline')} ({options.deadline:g} s) must be at least "
                f"{name('timeout')} ({options.timeout:g} s)"
            )
    if options.fuzz_operations:
        fuzzed = {op.operation_id for op in load_contract().iter_operations()
                  if "Apps" not in (op.definition.get("tags") or ())}
        wrong = [op for op in options.fuzz_operations if op not in fuzzed]
        if wrong:
            raise ConfigurationError(
                f"{name('fuzz_operation')} must name operations of the contract the fuzzer "
                f"covers (GetCampaigns, CreateSegment...; not the application's), got "
                f"{', '.join(map(repr, wrong))}"
            )
    if options.examples is not None and options.examples < 1:
        raise ConfigurationError(f"{name('examples')} must be at least 1, got {options.examples}")
    if options.seed is not None and not 0 <= options.seed <= MAX_SEED:
        raise ConfigurationError(f"{name('seed')} must be from 0 to 2**63-1, got {options.seed}")
    if not REGION.match(options.region):
        raise ConfigurationError(
            f"{name('region')} must be a region name such as us-east-1, got {options.region!r}"
        )
    if options.app_id is not None and (
        not options.app_id.strip()
        or any(ch.isspace() or not ch.isprintable() for ch in options.app_id)
    ):
        raise ConfigurationError(
            f"{name('app_id')} must be an application id (no spaces), got {options.app_id!r}"
        )
    for option in ("json_report", "markdown", "junitxml", "write_baseline"):
        path = getattr(options, option)
        if path is not None:
            _writable(path, name(option))
    if options.baseline is not None:
        try:
            load_baseline(options.baseline)
        except BaselineError as exc:
            raise ConfigurationError(f"{name('baseline')}: {exc}") from None
    elif options.strict_baseline:
        raise ConfigurationError(f"{name('strict_baseline')} needs {name('baseline')}")
    if options.read_only and options.app_id is None:
        raise ConfigurationError(
            f"{name('read_only')} reads what exists in an application: it needs "
            f"{name('app_id')}"
        )
    if options.endpoint_ids and not options.read_only:
        raise ConfigurationError(f"{name('endpoint_id')} names endpoints a read-only run reads: "
                                 f"it needs {name('read_only')}")
    for endpoint_id in options.endpoint_ids:
        if not endpoint_id.strip() or any(ch.isspace() or not ch.isprintable()
                                          for ch in endpoint_id):
            raise ConfigurationError(
                f"{name('endpoint_id')} must be an endpoint id (no spaces), got {endpoint_id!r}")
    _check_cassette(options, name)
    if options.target is not None and options.replay is None:
        TargetConfig.from_url(options.target, region=options.region, sign=options.sign,
                              timeout=options.timeout, rate=options.rate,
                              allow_live=options.allow_live)


def _check_cassette(options: RunOptions, name: Callable[[str], str]) -> None:
    """--record DIR: a folder that is or can be made; --replay DIR: a recorded cassette."""
    if options.record is not None and options.replay is not None:
        raise ConfigurationError(f"{name('record')} and {name('replay')} exclude each other")
    if options.record is not None:
        folder = os.path.abspath(options.record)
        if not options.record.strip() or os.path.isfile(folder):
            raise ConfigurationError(f"{name('record')} needs a folder, got {options.record!r}")
        parent = os.path.dirname(folder)
        if not os.path.isdir(parent) or not os.access(parent, os.W_OK):
            raise ConfigurationError(f"{name('record')} {options.record!r}: the folder "
                                     f"{parent!r} does not exist or cannot be written")
    if options.replay is not None:
        try:
            read_metadata(options.replay)
        except CassetteError as exc:
            raise ConfigurationError(f"{name('replay')}: {exc}") from None
        for needed in (cassette_file(options.replay), generated_file(options.replay)):
            if not needed.is_file():
                raise ConfigurationError(f"{name('replay')}: {options.replay} has no "
                                         f"{needed.name}")
        for option in ("target", "app_id"):
            if getattr(options, option) is not None:
                raise ConfigurationError(f"{name('replay')} takes {name(option)} from the "
                                         "cassette: leave it out")


def _positive(value: float, flag: str, unit: str = "seconds",
              upper: float | None = None) -> None:
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"{flag} must be a number of {unit} above 0, got {value:g}")
    if upper is not None and value > upper:
        raise ConfigurationError(f"{flag} must be at most {upper:g} {unit}, got {value:g}")


def _writable(path: str, flag: str) -> None:
    """A report file the run can write: its folder exists, it is not a folder."""
    if not path.strip():
        raise ConfigurationError(f"{flag} needs a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ConfigurationError(f"{flag} {path!r} is a folder, not a file")
    if not os.path.isdir(folder):
        raise ConfigurationError(f"{flag} {path!r}: the folder {folder!r} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise ConfigurationError(f"{flag} {path!r} cannot be written")
