"""The FUZZ phase beside `st run` (schemathesis's own CLI): same spec, target and cases.

    python benchmarks/bench_fuzz.py [--max-examples 10] [--phases coverage,fuzzing,stateful]

Starts the embedded reference target on 127.0.0.1, creates one application for each side,
then runs (1) the suite's FUZZ phases through `pinpoint_conformance.fuzz.run_phase` (SigV4-signed,
the run's client settings) and (2) `st run` on spec/openapi.yaml with the same phases,
checks, seed and maximum examples, the application id set through a schemathesis.toml.
Prints requests, seconds and requests per second for each. Figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pinpoint_conformance.client import PinpointClient, TargetConfig
from pinpoint_conformance.contract import load_contract, spec_path
from pinpoint_conformance.fuzz import EXCLUDED_TAGS, FUZZ_CHECKS, run_phase
from pinpoint_conformance.reference_target import running_target


def ours(base: str, phases: list[str], examples: int, seed: int) -> tuple[int, float]:
    client = PinpointClient(TargetConfig.from_url(base), load_contract())
    app = json.loads(client.call("CreateApp", body={"Name": "bench-ours"}).response_body)["Id"]
    started = time.perf_counter()
    requests = sum(
        run_phase(client, app, phase, max_examples=examples, seed=seed).requests for phase in phases
    )
    return requests, time.perf_counter() - started


def theirs(base: str, phases: list[str], examples: int, seed: int) -> tuple[int, float]:
    client = PinpointClient(TargetConfig.from_url(base, sign=False), load_contract())
    app = json.loads(client.call("CreateApp", body={"Name": "bench-st"}).response_body)["Id"]
    st = shutil.which("st") or shutil.which("schemathesis")
    if st is None:
        sys.exit("schemathesis's CLI (st) is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "schemathesis.toml").write_text(
            f'[parameters]\n"application-id" = "{app}"\n', encoding="utf-8"
        )
        report = Path(tmp, "events.ndjson")
        command = [
            st,
            "run",
            str(spec_path()),
            "--url",
            base,
            "--phases",
            ",".join(phases),
            "--max-examples",
            str(examples),
            "--seed",
            str(seed),
            "--checks",
            ",".join(FUZZ_CHECKS),
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report),
        ]
        for tag in EXCLUDED_TAGS:
            command += ["--exclude-tag", tag]
        started = time.perf_counter()
        subprocess.run(command, cwd=tmp, capture_output=True, text=True, timeout=900, check=False)
        elapsed = time.perf_counter() - started
        requests = _count_requests(report)
    return requests, elapsed


def _count_requests(report: Path) -> int:
    count = 0
    for line in report.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if finished:
            count += len(finished.get("recorder", {}).get("interactions", {}))
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-examples", type=int, default=10, choices=range(1, 201), metavar="1..200"
    )
    parser.add_argument("--phases", default="coverage,fuzzing,stateful")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    phases = [p for p in args.phases.split(",") if p]
    with running_target() as base:
        rows = {
            "FUZZ phase (pinpoint-conformance)": ours(base, phases, args.max_examples, args.seed),
            "st run (schemathesis CLI)": theirs(base, phases, args.max_examples, args.seed),
        }
    print(f"phases {','.join(phases)}, max examples {args.max_examples}, seed {args.seed}")
    print(f"{'':36} {'requests':>9} {'seconds':>8} {'req/s':>8}")
    for name, (requests, seconds) in rows.items():
        print(f"{name:36} {requests:9d} {seconds:8.2f} {requests / seconds:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
