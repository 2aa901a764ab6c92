"""The public surface: `__all__`, one-line docstrings, typed strategies, and a
docs/strategies.md that lists every public name and every rule, whose example runs."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import strategies as st

import pinpoint_strategies as strategies
from pinpoint_conformance.reference_target import running_target
from pinpoint_strategies import invalid_rules, rule_catalogue
from pinpoint_strategies._invalid import catalogue

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "strategies.md"


def test_all_lists_public_names_that_exist() -> None:
    assert len(set(strategies.__all__)) == len(strategies.__all__)
    for name in strategies.__all__:
        assert not name.startswith("_")
        assert hasattr(strategies, name), name


def _is_function(obj: object) -> bool:
    return callable(obj) and inspect.isfunction(inspect.unwrap(obj))


def _public_functions() -> list[str]:
    return [n for n in strategies.__all__ if _is_function(getattr(strategies, n))]


@pytest.mark.parametrize("name", _public_functions())
def test_each_public_function_has_a_one_line_docstring_and_types(name: str) -> None:
    function = getattr(strategies, name)
    doc = inspect.getdoc(function) or ""
    assert len(doc.splitlines()) == 1 and doc.endswith("."), (name, doc)
    signature = inspect.signature(function)
    assert signature.return_annotation is not inspect.Signature.empty, name
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, (name, parameter.name)


@pytest.mark.parametrize(
    "name", [n for n in _public_functions() if "SearchStrategy" in
             str(inspect.signature(getattr(strategies, n)).return_annotation)]
)
def test_strategy_functions_return_strategies_with_their_defaults(name: str) -> None:
    function = getattr(strategies, name)
    required = [
        p for p in inspect.signature(function).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD
    ]
    arguments = {"valid_body": ("WriteCampaignRequest",), "invalid_body": ("GCMChannelRequest",)}
    assert len(required) == len(arguments.get(name, ())), name
    assert isinstance(function(*arguments.get(name, ())), st.SearchStrategy)


def test_the_documentation_names_every_public_name_and_rule() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in strategies.__all__:
        if _is_function(getattr(strategies, name)) or name == "Invalid":
            assert re.search(rf"`{re.escape(name)}[`(]", text), name
    for schema, rules in rule_catalogue().items():
        assert f"#### {schema} ({len(rules)})" in text, schema
        for rule in rules:
            assert f"`{rule}`" in text, rule
        semantic = sum(case.kind == "semantic" for case in catalogue(schema))
        assert f"| {schema} | {len(rules)} | {semantic} |" in text, schema
    total = sum(len(invalid_rules(schema)) for schema in strategies.REQUEST_SCHEMAS)
    assert f"### Catalogue ({total} rules)" in text


def test_the_documented_example_runs_from_another_directory(tmp_path: Path) -> None:
    """The quick-start test of docs/strategies.md, run by pytest from a directory outside
    this repository (as another repo's tests would) against the embedded target."""
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"## Quick start.*?```python\n(.*?)```", text, re.DOTALL)
    assert example is not None
    (tmp_path / "test_example.py").write_text(example.group(1), encoding="utf-8")
    with running_target() as base:
        env = {**os.environ, "PINPOINT_URL": base, "NO_PROXY": "127.0.0.1"}
        env.pop("PYTHONPATH", None)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:pinpoint",
             "test_example.py"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180,
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout


def test_the_documented_rule_catalogue_is_the_current_rendering() -> None:
    """The per-rule tables of docs/strategies.md, with each rule's level and provenance, are
    what `pinpoint-conformance catalogue --rules` prints."""
    from pinpoint_conformance.checks.rule_document import render_rules_markdown, rules_block

    assert rules_block(DOC.read_text(encoding="utf-8")) == render_rules_markdown(), (
        "docs/strategies.md is stale: replace its rules block with "
        "`pinpoint-conformance catalogue --rules`")
