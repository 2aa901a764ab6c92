"""How fast the strategies generate bodies.

    python benchmarks/bench_strategies.py [--examples 2000] [--seed 0]

For valid campaigns, endpoints and segments (and, for comparison, invalid campaigns and
batches of up to ten endpoints), runs a bounded hypothesis test that only collects its
examples (`@given`, generate phase only, no database, seeded) and prints the examples
generated, the time taken, examples per second and the mean size of a body as JSON.
Figures only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import pinpoint_strategies as strategies


def measure(strategy: st.SearchStrategy[Any], examples: int, seed_value: int) -> dict[str, float]:
    sizes: list[int] = []

    @seed(seed_value)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(body: Any) -> None:
        sizes.append(len(json.dumps(getattr(body, "body", body))))

    started = time.perf_counter()
    collect()
    elapsed = time.perf_counter() - started
    return {
        "examples": len(sizes),
        "seconds": elapsed,
        "per_second": len(sizes) / elapsed if elapsed else 0.0,
        "mean_bytes": sum(sizes) / len(sizes) if sizes else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per strategy")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed")
    args = parser.parse_args()
    subjects: list[tuple[str, st.SearchStrategy[Any]]] = [
        ("write_campaign", strategies.write_campaign()),
        ("endpoint_request", strategies.endpoint_request()),
        ("write_segment", strategies.write_segment()),
        ("invalid_write_campaign", strategies.invalid_write_campaign()),
        ("endpoint_batch_request", strategies.endpoint_batch_request()),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"python {platform.python_version()}, hypothesis {hypothesis.__version__}, "
        f"{os.cpu_count()} CPUs, load {load:.2f}; up to {args.examples} examples each, "
        f"seed {args.seed}"
    )
    print(f"{'strategy':<24} {'examples':>8} {'seconds':>8} {'per second':>11} {'mean bytes':>11}")
    for name, strategy in subjects:
        result = measure(strategy, args.examples, args.seed)
        print(
            f"{name:<24} {result['examples']:>8.0f} {result['seconds']:>8.2f} "
            f"{result['per_second']:>11.0f} {result['mean_bytes']:>11.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
