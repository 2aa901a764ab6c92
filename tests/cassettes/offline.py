"""Running `pinpoint-conformance run --replay` as a user would, with the network blocked and
moto not importable: a replay must need neither."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pinpoint_conformance.cassette import CASSETTE_FILE, ExactJSON

ROOT = Path(__file__).resolve().parents[2]
CASSETTES = ROOT / "cassettes"

# imported by every Python started with this folder on PYTHONPATH: a socket that connects
# anywhere is an error, and each attempt is written down
SITECUSTOMIZE = '''
import os, socket
_LOG = os.path.join(os.path.dirname(__file__), "attempts.log")
def _blocked(self, address, *args, **kwargs):
    with open(_LOG, "a") as log:
        log.write(repr(address) + "\\n")
    raise OSError("network blocked: a replay must not connect to " + repr(address))
socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
'''


def offline_folder(base: Path) -> Path:
    """A folder for PYTHONPATH: the socket guard, and a `moto` that cannot be imported."""
    base.mkdir(parents=True, exist_ok=True)
    (base / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    (base / "moto").mkdir(exist_ok=True)
    (base / "moto" / "__init__.py").write_text(
        "raise ImportError('moto is not installed where cassettes are replayed')\n",
        encoding="utf-8")
    return base


def attempts(folder: Path) -> list[str]:
    log = folder / "attempts.log"
    return log.read_text(encoding="utf-8").splitlines() if log.is_file() else []


def replay(cassette: Path, offline: Path, out: Path, *args: str) -> tuple[
        subprocess.CompletedProcess[str], dict[str, Any] | None]:
    """`pinpoint-conformance run --replay CASSETTE --json-report OUT ARGS`, offline."""
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(offline),
                                                       os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-m", "pinpoint_conformance.cli", "run", "--replay", str(cassette),
         "--json-report", str(out), *args],
        capture_output=True, text=True, timeout=600, cwd=out.parent, check=False, env=env)
    report = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else None
    return result, report


def tampered_copy(source: Path, target: Path,
                  edit: Callable[[list[dict[str, Any]]], None]) -> Path:
    """A copy of the cassette in `source` whose interactions `edit` changed in place."""
    shutil.copytree(source, target)
    file = target / CASSETTE_FILE
    data = ExactJSON.deserialize(gzip.decompress(file.read_bytes()).decode("utf-8"))
    edit(data["interactions"])
    file.write_bytes(gzip.compress(ExactJSON.serialize(data).encode("utf-8")))
    return target


def body_of(response: dict[str, Any]) -> Any:
    raw = response["body"]["string"]
    return json.loads(raw.decode() if isinstance(raw, bytes) else raw)


def set_body(response: dict[str, Any], value: Any) -> None:
    response["body"]["string"] = json.dumps(value)
    response["headers"].pop("Content-Length", None)
