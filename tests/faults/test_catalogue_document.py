"""The catalogue document is the registry's rendering, and every check is registered where the
renderer finds it (a module of `pinpoint_conformance.checks`)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pinpoint_conformance.suite
from pinpoint_conformance.checks.catalogue import CATALOGUE
from pinpoint_conformance.checks.document import load_all, render_markdown
from pinpoint_conformance.findings import Level

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "checks.md"
ID_PATTERN = r"^[A-Z]+-[0-9]{3}$"


def _cli(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pinpoint_conformance.cli", "catalogue", *args],
        capture_output=True, text=True, timeout=120, check=True, cwd=REPO,
    )
    return result.stdout


def test_docs_checks_md_is_the_current_rendering() -> None:
    rendered = _cli()
    assert DOC.read_text(encoding="utf-8") == rendered, (
        "docs/checks.md is stale: run `pinpoint-conformance catalogue > docs/checks.md`"
    )


def test_the_json_rendering_lists_every_check_once() -> None:
    checks = json.loads(_cli("--format", "json"))
    ids = [check["check_id"] for check in checks]
    assert len(ids) == len(set(ids))
    assert {check["family"] for check in checks} >= {
        "SHAPE", "STATUS", "CTYPE", "HAL", "PAGE", "VER", "LIFE", "ERR", "FUZZ"}
    assert render_markdown(load_all()).count("\n| ") >= len(ids)


def test_every_check_has_an_id_a_level_a_statement_and_a_source() -> None:
    import re

    for check in load_all():
        assert re.match(ID_PATTERN, check.check_id), check
        assert check.check_id.startswith(check.family + "-"), check
        assert check.level in (Level.MUST, Level.SHOULD, Level.INFO), check
        assert check.statement.endswith(".") and "\n" not in check.statement, check
        assert check.source.strip(), check


def test_the_suite_registers_no_check_of_its_own() -> None:
    documented = {check.check_id for check in load_all()}
    for module in pkgutil.iter_modules(pinpoint_conformance.suite.__path__):
        importlib.import_module(f"pinpoint_conformance.suite.{module.name}")
    elsewhere = set(CATALOGUE) - documented
    assert not elsewhere, f"register these in a module of pinpoint_conformance.checks: {elsewhere}"
