"""The shipped cassettes (`cassettes/reference`, `cassettes/moto`) replay offline, with the
network blocked and moto not importable, to the verdicts recorded beside them
(`expected.json`): check id, operation, level and message of every finding, and the exit
code. A change to a check, the contract or a strategy that changes a verdict fails here until
the cassettes are re-recorded on purpose (`python tools/record_cassettes.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pinpoint_conformance.cassette_metadata import read_metadata
from pinpoint_conformance.verdicts import differences, load_expected
from tests.cassettes.offline import CASSETTES, attempts, offline_folder, replay

SHIPPED = ("reference", "moto")
MAX_SIZE = 5_000_000  # bytes, all shipped cassettes together


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return offline_folder(tmp_path_factory.mktemp("offline"))


@pytest.fixture(scope="module", params=SHIPPED)
def replayed(request: pytest.FixtureRequest, offline: Path,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any, dict[str, Any]]:
    name = request.param
    out = tmp_path_factory.mktemp(f"replay-{name}") / "report.json"
    result, report = replay(CASSETTES / name, offline, out)
    assert report is not None, result.stdout[-3000:] + result.stderr[-3000:]
    return name, result, report


def test_a_replay_gives_the_recorded_verdicts(replayed: tuple[str, Any, dict[str, Any]]) -> None:
    name, result, report = replayed
    assert "Traceback" not in result.stdout + result.stderr
    diff = differences(load_expected(CASSETTES / name), report)
    assert not diff, f"{name}: the replay judged differently:\n" + "\n".join(diff[:40])
    assert result.returncode == report["exit_code"]


def test_a_replay_reaches_nothing(replayed: tuple[str, Any, dict[str, Any]],
                                  offline: Path) -> None:
    _, _, report = replayed
    assert attempts(offline) == []
    assert "replayed from" in report["target"]
    assert report["requests_sent"] > 100  # it did send them: to the cassette


def test_the_moto_cassette_found_moto_deviations() -> None:
    expected = load_expected(CASSETTES / "moto")
    assert expected["exit_code"] == 1 and expected["findings"]
    # schemathesis judged the recorded answers (it reads urllib3's headers: vcrpy's answers
    # once made it judge none, silently)
    assert any(f["check_id"].startswith("FUZZ-") for f in expected["findings"])


def test_cassettes_carry_their_metadata() -> None:
    reference, moto = (read_metadata(CASSETTES / name) for name in SHIPPED)
    assert reference.target_kind == "embedded reference target"
    assert reference.profile == "default" and moto.profile == "quick"
    for metadata in (reference, moto):
        assert metadata.seed == 7 and metadata.tool_version and metadata.spec_version
        assert metadata.target.startswith("http://127.0.0.1:")
        assert "@" not in metadata.target and "?" not in metadata.target
        assert metadata.schemathesis_version[0].isdigit()
        assert metadata.hypothesis_version[0].isdigit()


def test_the_shipped_cassettes_are_small_enough_to_review() -> None:
    size = sum(f.stat().st_size for f in CASSETTES.rglob("*") if f.is_file())
    assert size < MAX_SIZE, f"cassettes/ holds {size} bytes"


@pytest.mark.parametrize("name", SHIPPED)
def test_the_test_extras_install_the_generators_that_recorded_the_cassette(name: str) -> None:
    """A replay judges the recorded FUZZ cases with schemathesis's checks and reads them in its
    encoding, and a re-recording with another hypothesis or schemathesis generates other
    bodies: the test extras pin the versions each shipped cassette was recorded with."""
    from importlib.metadata import version

    recorded = read_metadata(CASSETTES / name)
    for package in ("hypothesis", "schemathesis"):
        was = getattr(recorded, f"{package}_version")
        assert was == version(package), (
            f"cassettes/{name} was recorded with {package} {was}, "
            f"{version(package)} is installed: pin it in pyproject.toml's test extras, or "
            "re-record (python tools/record_cassettes.py) and pin the new version")
