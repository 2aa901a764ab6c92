"""Re-record the shipped cassettes (`cassettes/`) and their expected reports.

    python tools/record_cassettes.py [--only reference|moto] [--profile-reference default]

- `cassettes/reference/`: a run against the embedded reference target (default profile);
- `cassettes/moto/`: a run against moto's server (the version installed, quick profile),
  started here on 127.0.0.1 (`pip install -e '.[test]'` installs it).

Each folder gets `cassette.json.gz`, `generated.json.gz`, `metadata.json` and `expected.json`
(the run's verdicts: `pinpoint_conformance.verdicts`). The seed is fixed (7), so a re-recording
differs only where the target, the suite or a dependency changed. Re-record on purpose, review
the diff of the `expected.json` files, commit all four files of each folder.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SEED = "7"


@contextmanager
def moto_target() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # no line per request or crash
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def record(name: str, profile: str, target: str | None) -> None:
    from pinpoint_conformance.verdicts import write_expected

    folder = CASSETTES / name
    shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "pinpoint_conformance.cli", "run", "--profile", profile,
                   "--seed", SEED, "--record", str(folder), "--json-report", str(report)]
        if target:
            command += ["--target", target]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp, check=False,
                                timeout=1800)
        took = time.perf_counter() - started
        if result.returncode not in (0, 1) or not report.is_file():
            sys.exit(f"recording {name} failed (exit {result.returncode}):\n"
                     f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        write_expected(report, folder)
    size = sum(f.stat().st_size for f in folder.iterdir())
    print(f"{name}: {profile} profile, exit {result.returncode}, {took:.1f} s, "
          f"{size / 1e6:.2f} MB in {folder.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("reference", "moto"))
    parser.add_argument("--profile-reference", default="default",
                        choices=("quick", "default", "thorough"))
    args = parser.parse_args()
    if args.only in (None, "reference"):
        record("reference", args.profile_reference, None)
    if args.only in (None, "moto"):
        with moto_target() as url:
            record("moto", "quick", url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
