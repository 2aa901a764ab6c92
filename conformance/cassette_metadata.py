"""What a cassette says about the run that recorded it (`metadata.json` beside the cassette).

A replay takes the seed, the profile, the examples, the fuzzed operations, the strictness,
the application id, the target and "now" from here, so it sends the recorded requests; the
versions tell a replay made with another tool, spec, schemathesis or hypothesis that its
requests may differ (said up front; a request that then differs fails as not in the
cassette).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

METADATA_FILE = "metadata.json"
FORMAT = 2  # 2: the run's generated values are kept beside it (generated.json.gz)


class CassetteError(Exception):
    """The folder holds no cassette a replay can use."""


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def public_url(url: str) -> str:
    """A target URL as a cassette keeps it: no credentials, no query, no fragment."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


@dataclass(frozen=True)
class CassetteMetadata:
    tool_version: str
    spec_version: str
    target: str  # the base URL requests went to (no credentials, no query)
    target_kind: str  # "embedded reference target", or what the user named
    recorded_at: str  # ISO 8601, UTC: the run's "now"
    seed: int
    profile: str
    examples: int | None = None
    fuzz_operations: tuple[str, ...] = ()
    strict: bool = False
    app_id: str | None = None
    keyword: str | None = None  # -k of the recorded run
    read_only: bool = False  # --read-only: the recorded run sent only GETs
    endpoint_ids: tuple[str, ...] = ()  # --endpoint-id of a read-only run
    schemathesis_version: str = field(default_factory=lambda: package_version("schemathesis"))
    hypothesis_version: str = field(default_factory=lambda: package_version("hypothesis"))
    vcrpy_version: str = field(default_factory=lambda: package_version("vcrpy"))
    python_version: str = field(
        default_factory=lambda: ".".join(map(str, sys.version_info[:3])))
    format: int = FORMAT

    @property
    def started_at(self) -> datetime:
        return datetime.fromisoformat(self.recorded_at.replace("Z", "+00:00"))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fuzz_operations"] = list(self.fuzz_operations)
        data["endpoint_ids"] = list(self.endpoint_ids)
        return data

    def write(self, folder: str | Path) -> Path:
        file = Path(folder) / METADATA_FILE
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
        return file

    def mismatches(self, current: dict[str, str]) -> list[str]:
        """What differs between the recording's versions and this run's (`current`: name ->
        version, for tool, spec, schemathesis and hypothesis)."""
        recorded = {"tool": self.tool_version, "spec": self.spec_version,
                    "schemathesis": self.schemathesis_version,
                    "hypothesis": self.hypothesis_version}
        return [f"{name} {recorded[name]} recorded, {now} now"
                for name, now in current.items() if recorded.get(name) != now]


def read_metadata(folder: str | Path) -> CassetteMetadata:
    """The metadata of the cassette in `folder`, or CassetteError saying what is wrong."""
    file = Path(folder) / METADATA_FILE
    if not Path(folder).is_dir():
        raise CassetteError(f"{folder!s} is not a folder with a cassette")
    if not file.is_file():
        raise CassetteError(f"{folder!s} has no {METADATA_FILE}: not a recorded cassette")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CassetteError(f"{file} cannot be read ({exc})") from None
    known = {f.name for f in fields(CassetteMetadata)}
    if not isinstance(data, dict) or not isinstance(data.get("format"), int):
        raise CassetteError(f"{file} is not cassette metadata of format {FORMAT}")
    if data["format"] != FORMAT:
        raise CassetteError(f"{folder!s} was recorded in cassette format {data['format']}, this "
                            f"version replays format {FORMAT}: re-record it with --record "
                            f"{folder!s}")
    try:
        data = {k: v for k, v in data.items() if k in known}
        data["fuzz_operations"] = tuple(data.get("fuzz_operations") or ())
        data["endpoint_ids"] = tuple(data.get("endpoint_ids") or ())
        metadata = CassetteMetadata(**data)
        metadata.started_at  # noqa: B018 - a date it can read
    except (TypeError, ValueError) as exc:
        raise CassetteError(f"{file} is incomplete or malformed ({exc})") from None
    return metadata
