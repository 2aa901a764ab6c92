"""A live run that records a cassette, beside the replay of that cassette.

    python benchmarks/bench_replay.py [--profile default] [--repeat 1]

Runs `pinpoint-conformance run --record DIR` against the embedded reference target (started
by the run on 127.0.0.1), then `pinpoint-conformance run --replay DIR` (nothing started,
nothing reached), each as a user types it, and prints wall time, the run's own duration,
requests and the ratio live / replay; then the same for a run that does not record. Figures
only: nothing is asserted. The verdicts of each replay are compared with its recording's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pinpoint_conformance.verdicts import verdicts


def cli(cwd: Path, *args: str) -> tuple[float, dict[str, Any]]:
    report = cwd / f"report-{time.monotonic_ns()}.json"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pinpoint_conformance.cli", "run", *args,
                             "--json-report", str(report)],
                            capture_output=True, text=True, cwd=cwd, check=False, timeout=1800)
    wall = time.perf_counter() - started
    if not report.is_file():
        sys.exit(f"run {' '.join(args)} failed (exit {result.returncode}):\n"
                 f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return wall, json.loads(report.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="default", choices=("quick", "default", "thorough"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", default="7")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        for attempt in range(1, args.repeat + 1):
            cassette = cwd / f"cassette-{attempt}"
            plain, _ = cli(cwd, "--profile", args.profile, "--seed", args.seed)
            live, recorded = cli(cwd, "--profile", args.profile, "--seed", args.seed,
                                 "--record", str(cassette))
            replayed_wall, replayed = cli(cwd, "--replay", str(cassette))
            same = verdicts(replayed) == verdicts(recorded)
            size = sum(f.stat().st_size for f in cassette.iterdir())
            print(f"run {attempt} ({args.profile}, {recorded['requests_sent']} requests, "
                  f"cassette {size / 1e6:.2f} MB, same verdicts: {same})")
            print(f"  live, not recording  {plain:7.1f} s wall")
            print(f"  live, recording      {live:7.1f} s wall  "
                  f"({recorded['duration_s']:.1f} s run)")
            print(f"  replay               {replayed_wall:7.1f} s wall  "
                  f"({replayed['duration_s']:.1f} s run)")
            print(f"  live recording / replay: {live / replayed_wall:.1f}x wall, "
                  f"{recorded['duration_s'] / replayed['duration_s']:.1f}x run; "
                  f"live not recording / replay: {plain / replayed_wall:.1f}x wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
