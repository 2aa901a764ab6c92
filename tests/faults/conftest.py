"""The runs the fault tests judge: one per fault (only the suite tests of the family
concerned), one per conforming variation (likewise), one of the whole suite against the clean
reference target (--strict), one with --app-id inside an application that already holds
items. The runs the selected tests need are started together, a few at a time, the first
time one is asked for."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pinpoint_conformance.reference_target import PinpointApp
from pinpoint_conformance.suite import bodies
from tests.faults.faults import FAULTS, PROOF
from tests.faults.layer import FaultyTarget
from tests.faults.runner import Run, run_suite
from tests.faults.variations import VARIATIONS_BY_NAME

CLEAN = "clean reference"
CLEAN_APP_ID = "clean reference, --app-id"
WORKERS = int(os.environ.get("PINPOINT_FAULT_WORKERS", "3"))


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def existing_application(base_url: str) -> str:
    """An application that already holds segments and campaigns before the run."""
    app_id = _post(f"{base_url}/v1/apps", {"Name": "existing"})["Id"]
    segments = [_post(f"{base_url}/v1/apps/{app_id}/segments", bodies.segment(f"old-{n}"))["Id"]
                for n in range(3)]
    for n in range(3):
        _post(f"{base_url}/v1/apps/{app_id}/campaigns", bodies.campaign(f"old-{n}", segments[0]))
    return str(app_id)


class Runs:
    """Every run some selected test needs, made on first use."""

    def __init__(self, needed: set[str], workdir: Path) -> None:
        self.needed = needed
        self.workdir = workdir
        self._done: dict[str, Run] = {}

    def _job(self, label: str) -> Callable[[], Run]:
        folder = self.workdir / label.replace(" ", "_").replace(",", "").replace("-", "_")
        if label == CLEAN:
            return lambda: run_suite(PinpointApp(), folder, label=label, strict=True, cli=True,
                                     fuzz=True)
        if label == CLEAN_APP_ID:
            return lambda: run_suite(PinpointApp(), folder, label=label, strict=True,
                                     prepare=existing_application)
        fault = FAULTS.get(label) or VARIATIONS_BY_NAME[label]
        return lambda: run_suite(FaultyTarget(fault), folder, label=label, select=fault.select,
                                 strict=fault.strict, timeout=fault.timeout, fuzz=fault.fuzz,
                                 profile=fault.profile, fuzz_operations=fault.fuzzed())

    def __getitem__(self, label: str) -> Run:
        if label not in self._done:
            # the longest runs (the FUZZ module, the whole suite) first: no long tail
            todo = sorted((self.needed | {label}) - set(self._done),
                          key=lambda name: (not _heavy(name), name))
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                for name, run in zip(todo, pool.map(lambda n: self._job(n)(), todo),
                                     strict=True):
                    self._done[name] = run
        return self._done[label]


def _heavy(label: str) -> bool:
    if label in (CLEAN, CLEAN_APP_ID):
        return True
    fault = FAULTS.get(label) or VARIATIONS_BY_NAME.get(label)
    return fault is not None and fault.fuzz


def _needed(items: list[pytest.Item]) -> set[str]:
    needed: set[str] = set()
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        for name in ("fault_name", "variation_name"):
            if isinstance(params.get(name), str):
                needed.add(params[name])
        if "check_id" in params and params["check_id"] in PROOF:
            needed.add(PROOF[params["check_id"]])
        fixtures = getattr(item, "fixturenames", ())
        if "check_id" in params or "clean_run" in fixtures:
            needed.add(CLEAN)
        if "clean_app_id_run" in fixtures:
            needed.add(CLEAN_APP_ID)
    return needed


@pytest.fixture(scope="session")
def suite_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Runs(_needed(request.session.items), tmp_path_factory.mktemp("fault-runs"))


@pytest.fixture(scope="session")
def clean_run(suite_runs: Runs) -> Run:
    return suite_runs[CLEAN]


@pytest.fixture(scope="session")
def clean_app_id_run(suite_runs: Runs) -> Run:
    return suite_runs[CLEAN_APP_ID]
