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
         "from pinpoint_conformance.contract import spec_path; print(spec_path())"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, check=True)
    assert "site-packages/pinpoint_conformance/spec/openapi.yaml" in result.stdout


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
        [str(installed / "bin" / "python"), "-m", "pytest", "--pyargs",
         "pinpoint_conformance.suite", "-q", "-p", "no:cacheprovider",
         "--pinpoint-profile", "quick"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Pinpoint conformance report" in result.stdout


COLLIDING = {
    # a repository whose own packages have the names this project's folders have
    "conformance/__init__.py": "WHO = 'the repository'\n",
    "conformance/plugin.py": "raise RuntimeError('the repository\\'s own module was loaded')\n",
    "strategies/__init__.py": "WHO = 'the repository'\n",
    "conftest.py": "pytest_plugins = []\n",
    "test_own.py": (
        "import conformance\n"
        "import strategies\n"
        "import pinpoint_strategies\n"
        "from pinpoint_conformance.plugin import Profile\n\n\n"
        "def test_the_repository_keeps_its_packages():\n"
        "    assert conformance.WHO == strategies.WHO == 'the repository'\n\n\n"
        "def test_ours_are_ours(pinpoint_contract):\n"
        "    assert pinpoint_strategies.write_campaign is not None and Profile\n"
        "    assert pinpoint_contract.operation('GetCampaigns').method == 'GET'\n"
    ),
}


def test_a_repository_with_its_own_conformance_and_strategies_packages(
    installed: Path, tmp_path: Path
) -> None:
    """Installing this package never breaks another repository's pytest (issue 11): the
    plugin, its fixtures and the strategies are loaded under our names, the repository's own
    `conformance` and `strategies` packages are its own."""
    for name, text in COLLIDING.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "test_own.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "2 passed" in output and "Error while loading plugin" not in output
