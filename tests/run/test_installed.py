"""After a non-editable install, the run and the plugin work from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout."""
    root = tmp_path_factory.mktemp("installed")
    wheels = root / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                    str(REPO)], check=True, timeout=300, capture_output=True)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    wheel = next(wheels.glob("pinpoint_conformance-*.whl"))
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True,
                   timeout=600, capture_output=True)
    return venv


def test_the_spec_ships_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "from conformance.contract import spec_path; print(spec_path())"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, check=True)
    assert "site-packages/conformance/spec/openapi.yaml" in result.stdout


def test_the_run_works_from_another_directory(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "bin" / "pinpoint-conformance"), "run", "--profile", "quick",
         "--json-report", "report.json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["PASS"] > 0 and report["summary"]["FAIL"] == 0


def test_the_plugin_works_from_another_directory(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "pytest", "--pyargs", "conformance.suite",
         "-q", "-p", "no:cacheprovider", "--pinpoint-profile", "quick"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Pinpoint conformance report" in result.stdout
