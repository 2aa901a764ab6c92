"""Run the conformance suite, as a user would (`python -m pinpoint_conformance.cli run`), against a
target served from this process, and read the JSON report it writes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pinpoint_conformance.reference_target import PinpointApp, running_target
from tests.faults.layer import FaultyTarget

RUN_TIMEOUT = 300  # seconds; a run of one family against one fault takes a few
FUZZ_TESTS = "fuzz"  # the FUZZ module: slower, so only runs that prove or clear FUZZ load it


@dataclass
class Run:
    """What one run of the suite reported."""

    label: str
    returncode: int
    report: dict[str, Any]
    output: str
    applied: int = 0  # how many answers the fault changed
    notes: list[str] = field(default_factory=list)

    @property
    def outcomes(self) -> list[dict[str, Any]]:
        return list(self.report.get("outcomes", []))

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for outcome in self.outcomes for f in outcome["findings"]]

    @property
    def check_ids(self) -> set[str]:
        return {f["check_id"] for f in self.findings}

    def statuses(self) -> Counter[str]:
        return Counter(outcome["status"] for outcome in self.outcomes)

    def cells(self, check_id: str) -> set[tuple[str, str]]:
        """The (family, operation) cells where a check reported a finding."""
        return {(o["family"], o["operation_id"]) for o in self.outcomes
                for f in o["findings"] if f["check_id"] == check_id}

    def cell_statuses(self, family: str, operation_id: str) -> set[str]:
        return {o["status"] for o in self.outcomes
                if o["family"] == family and o["operation_id"] == operation_id}

    def failing_with(self, check_id: str) -> list[dict[str, Any]]:
        """FAIL outcomes that carry a finding of the check."""
        return [o for o in self.outcomes if o["status"] == "FAIL"
                and any(f["check_id"] == check_id for f in o["findings"])]

    def summary(self) -> str:
        """A short account, for assertion messages."""
        found = Counter(f"{f['check_id']} {f['operation_id']}" for f in self.findings)
        errors = [f"{o['test']}: {o['reason']}" for o in self.outcomes
                  if o["status"] == "ERROR"]
        return (f"{self.label}: exit {self.returncode}, {dict(self.statuses())}, "
                f"applied {self.applied}; findings {dict(found.most_common(12))}; "
                f"errors {errors[:3]}\n{self.output[-1500:]}")


def suite_command(url: str, report: Path, *, cli: bool, fuzz: bool = False) -> list[str]:
    """The command that runs the suite: the CLI as a user types it, or (faster: the plugins
    the suite does not use, and the FUZZ module, are not loaded, and assertions are not
    rewritten) pytest with the plugin's own options, which is what the CLI runs."""
    if cli:
        return [sys.executable, "-m", "pinpoint_conformance.cli", "run", "--target", url,
                "--json-report", str(report)]
    leave_out = [] if fuzz else [f"--ignore-glob=*{FUZZ_TESTS}*"]
    # --assert=plain: the suite judges through its probe, not through assert statements, and
    # rewriting the package's modules costs more than a second a run where no bytecode is
    # cached (PYTHONDONTWRITEBYTECODE)
    return [sys.executable, "-m", "pytest", "--pyargs", "pinpoint_conformance.suite", "-q", "-rN",
            "--assert=plain", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
            "-p", "no:schemathesis", "-p", "no:anyio", *leave_out, "--pinpoint-target", url,
            "--pinpoint-json-report", str(report)]


def run_suite(
    app: FaultyTarget | PinpointApp,
    workdir: Path,
    *,
    label: str,
    select: str | None = None,
    strict: bool = False,
    timeout: float | None = None,
    app_id: str | None = None,
    profile: str = "quick",
    seed: int = 1,
    prepare: Callable[[str], str | None] | None = None,
    cli: bool = False,
    fuzz: bool = False,
    fuzz_operations: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
) -> Run:
    """Serve `app`, run the suite against it in a subprocess, return the report.
    `prepare(base_url)` may set the target up first and return an application id;
    `fuzz_operations` narrows the FUZZ module to those operations (default: all); `extra`
    options are passed as they are."""
    workdir.mkdir(parents=True, exist_ok=True)
    report_path = workdir / "report.json"
    if fuzz:
        keyword = select or ""
    else:
        keyword = f"({select}) and not {FUZZ_TESTS}" if select else f"not {FUZZ_TESTS}"
    prefix = "" if cli else "pinpoint-"
    with running_target(app=app) as url:  # type: ignore[arg-type]
        if prepare is not None:
            app_id = prepare(url) or app_id
        argv = [*suite_command(url, report_path, cli=cli, fuzz=fuzz), f"--{prefix}seed",
                str(seed), f"--{prefix}profile", profile]
        if keyword:
            argv += ["-k", keyword]
        if strict:
            argv.append(f"--{prefix}strict")
        if timeout is not None:
            argv += [f"--{prefix}timeout", str(timeout)]
        if app_id:
            argv += [f"--{prefix}app-id", app_id]
        for operation in fuzz_operations:
            argv += [f"--{prefix}fuzz-operation", operation]
        argv += list(extra)
        result = subprocess.run(argv, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                                cwd=workdir, check=False)
    output = result.stdout + result.stderr
    report = (json.loads(report_path.read_text(encoding="utf-8"))
              if report_path.exists() else {})
    return Run(label, result.returncode, report, output, getattr(app, "applied", 0))
