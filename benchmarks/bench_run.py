"""How long a conformance run takes against the embedded reference target.

    python benchmarks/bench_run.py [--profile default] [--repeat 3]

Runs `pinpoint-conformance run` (the reference target started by the run itself, on
127.0.0.1) a bounded number of times and prints, per run and as the median: wall time of the
whole command, the run's own duration, requests sent and requests per second. Figures only:
nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(profile: str, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pinpoint_conformance.cli",
                "run",
                "--profile",
                profile,
                "--seed",
                str(seed),
                "--json-report",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            cwd=tmp,
        )
        wall = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"the run failed (exit {result.returncode}):\n{result.stdout[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    duration = float(data["duration_s"])
    requests = int(data["requests_sent"])
    return {
        "wall_s": wall,
        "run_s": duration,
        "requests": requests,
        "rps": requests / duration if duration else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="default", choices=("quick", "default", "thorough"))
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 11), metavar="1..10")
    args = parser.parse_args()
    rows = [one_run(args.profile, seed) for seed in range(1, args.repeat + 1)]
    print(f"profile {args.profile}, {args.repeat} runs against the embedded reference target")
    print(f"{'run':>4} {'wall s':>8} {'run s':>8} {'requests':>9} {'req/s':>8}")
    for index, row in enumerate(rows, 1):
        print(
            f"{index:>4} {row['wall_s']:8.2f} {row['run_s']:8.2f} {row['requests']:9d} "
            f"{row['rps']:8.1f}"
        )
    median = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    print(
        f"{'med':>4} {median['wall_s']:8.2f} {median['run_s']:8.2f} "
        f"{int(median['requests']):9d} {median['rps']:8.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
