"""The extraction scripts reproduce the committed test data from the reference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference" / "pinpoint-rest-api-reference.txt"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_file(), reason="the reference text is not beside this clone (../shared)"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


@needs_reference
def test_inventory_is_what_the_extractor_makes_of_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "inventory.json"
    result = _run("tools/extract_inventory.py", "--reference", str(REFERENCE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    committed = (REPO / "tests/data/reference_inventory.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed


@needs_reference
def test_raw_examples_are_what_the_extractor_makes_of_the_reference(tmp_path: Path) -> None:
    result = _run(
        "tools/extract_examples.py", "--reference", str(REFERENCE), "--out-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    made = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.txt")}
    raw_dir = REPO / "tests/data/examples/raw"
    committed = {p.name: p.read_text(encoding="utf-8") for p in raw_dir.glob("*.txt")}
    assert made == committed


@pytest.mark.parametrize("script", ["tools/extract_inventory.py", "tools/extract_examples.py",
                                    "tools/extract_statements.py"])
def test_a_missing_reference_is_a_clear_error(tmp_path: Path, script: str) -> None:
    result = _run(script, "--reference", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nope.txt" in result.stderr + result.stdout


@needs_reference
def test_reference_lines_are_what_the_extractor_makes_of_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "lines.json"
    result = _run("tools/extract_reference_lines.py", "--reference", str(REFERENCE),
                  "--out", str(out))
    assert result.returncode == 0, result.stderr
    committed = (REPO / "tests/data/reference_lines.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed
