"""Run `pinpoint-conformance run` as a user does, and measure it: exit code, output, the
JSON report, wall time and the peak resident memory of that process alone (`os.wait4`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    peak_rss_mb: float
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for o in self.report.get("outcomes", []) for f in o["findings"]]

    def found(self, check_id: str) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["check_id"] == check_id]

    def outcomes(self, status: str) -> list[dict[str, Any]]:
        return [o for o in self.report.get("outcomes", []) if o["status"] == status]

    def summary(self) -> str:
        return (f"exit {self.returncode}, {self.wall_s:.1f} s, {self.peak_rss_mb:.0f} MB\n"
                f"{self.output[-3000:]}")


def run_cli(*args: str, timeout: float = 300, cwd: Path | None = None) -> CliRun:
    """`python -m pinpoint_conformance.cli run ARGS --json-report ...` in `cwd` (a fresh folder by
    default), killed after `timeout` s (then an AssertionError: the run did not end)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        report = work / "report.json"
        argv = [sys.executable, "-m", "pinpoint_conformance.cli", "run", *args,
                "--json-report", str(report)]
        with open(work / "out", "w+b") as out, open(work / "err", "w+b") as err:
            started = time.perf_counter()
            process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd or work)
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() - started > timeout:
                    process.kill()
                    os.wait4(process.pid, 0)
                    process.returncode = -9
                    raise AssertionError(f"the run did not end within {timeout} s: {argv}")
                time.sleep(0.05)
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return CliRun(process.returncode, stdout, stderr, wall, usage.ru_maxrss / 1024, data)
