"""A quick run against each hostile target of issue 12: wall time, peak memory, exit code.

    python benchmarks/bench_hostile.py [--timeout 5] [--only huge-list,redirect]

Serves each misbehaving target of tests/hostile/servers.py on 127.0.0.1 in turn, runs
`pinpoint-conformance run --profile quick --timeout T` against it as a user would (the whole
quick profile, no -k), and prints the exit code, the wall time of the command and the peak
resident memory of the run's process (`os.wait4`), with the check ids it reported. The clean
reference target is the baseline. All runs share one working folder, warmed up first by a
run against the reference target: the first run in a fresh folder also builds hypothesis's
unicode tables (`.hypothesis/`), some 150 MB more at its peak, whatever the target does.
Figures only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.hostile

from tests.hostile.runner import CliRun, run_cli
from tests.hostile.servers import (
    Misbehaving,
    RawTarget,
    closed_port,
    drip_after_headers,
    drip_list,
    fail_everything,
    huge_list,
    not_http,
    redirect,
    serving,
    slow_everything,
    throttle_everything,
    tls_target,
)

MIB = 1024 * 1024


@contextlib.contextmanager
def reference() -> Iterator[str]:
    with serving(Misbehaving(lambda target, environ: None)) as url:
        yield url


@contextlib.contextmanager
def raw(handler: Callable[..., None]) -> Iterator[str]:
    with RawTarget(handler) as target:
        yield target.url


@contextlib.contextmanager
def misbehaving(behave: Callable[..., object]) -> Iterator[str]:
    with serving(Misbehaving(behave)) as url:  # type: ignore[arg-type]
        yield url


@contextlib.contextmanager
def tls() -> Iterator[str]:
    with tls_target() as target:
        yield target.url


@contextlib.contextmanager
def redirecting() -> Iterator[str]:
    with RawTarget(not_http) as elsewhere, serving(Misbehaving(redirect(elsewhere.url))) as url:
        yield url


@contextlib.contextmanager
def fixed(url: str) -> Iterator[str]:
    yield url


Target = Callable[[], contextlib.AbstractContextManager[str]]
# name -> (what the target does, the target, extra options)
CASES: dict[str, tuple[str, Target, tuple[str, ...]]] = {
    "reference": ("the clean reference target (baseline)", reference, ()),
    "drip-all": ("headers, then 1 byte every 2 s, to every request",
                 lambda: raw(drip_after_headers(2.0)), ()),
    "drip-one-list": ("GetSegments: headers, then 1 byte every 2 s",
                      lambda: misbehaving(drip_list(2.0)), ()),
    "huge-list": ("GetSegments answers 400 MB (chunked)",
                  lambda: misbehaving(huge_list(400 * MIB)), ()),
    "redirect": ("GetSegment, GetCampaign (and unnamed paths) answer 307 elsewhere",
                 redirecting, ()),
    "throttle-all": ("429 with Retry-After: 3600 to everything",
                     lambda: misbehaving(throttle_everything), ()),
    "error-all": ("500 to everything", lambda: misbehaving(fail_everything), ()),
    "not-http": ("an SSH banner instead of an HTTP answer", lambda: raw(not_http), ()),
    "tls-as-http": ("a TLS endpoint given as http://", tls, ()),
    "closed-port": ("nothing listens", lambda: fixed(f"http://127.0.0.1:{closed_port()}"), ()),
    "slow-all-deadline": ("every answer after 0.3 s; --deadline 30",
                          lambda: misbehaving(slow_everything(0.3)), ("--deadline", "30")),
    "not-a-url": ("--target 'http://exa mple'", lambda: fixed("http://exa mple"), ()),
    "timeout-0": ("--timeout 0 (then the reference target)", reference, ("--timeout", "0")),
}


def measure(name: str, timeout: float, work: Path) -> CliRun:
    _, target, extra = CASES[name]
    with target() as url:
        return run_cli("--target", url, "--profile", "quick", "--timeout", f"{timeout:g}",
                       "--seed", "1", *extra, timeout=1800, cwd=work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="the run's --timeout (5)")
    parser.add_argument("--only", help="comma-separated case names (default: all)")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(CASES)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        work = Path(folder)
        measure("reference", args.timeout, work)  # warm-up: hypothesis's caches in `work`
        print(f"{'case':<18} {'exit':>4} {'wall s':>7} {'peak MB':>8}  reported")
        for name in names:
            run = measure(name, args.timeout, work)
            ids = sorted({f["check_id"] for f in run.findings})
            said = ", ".join(ids[:6]) + (" ..." if len(ids) > 6 else "")
            errors = len(run.outcomes("ERROR"))
            if errors:
                said = f"{said}; {errors} ERROR" if said else f"{errors} ERROR"
            if not said:
                lines = run.stderr.strip().splitlines()
                said = lines[-1][:70] if lines else ""
            print(f"{name:<18} {run.returncode:>4} {run.wall_s:>7.1f} {run.peak_rss_mb:>8.0f}  "
                  f"{said}", flush=True)
    print("\n" + "\n".join(f"{name:<18} {CASES[name][0]}" for name in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
