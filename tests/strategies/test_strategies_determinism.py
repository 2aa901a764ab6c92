"""The same seed gives the same examples; nothing outside hypothesis draws randomness."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, seed
from hypothesis import strategies as st

import pinpoint_strategies as strategies
from tests.strategies.support import collect, quick

PACKAGE = Path(strategies.__file__).resolve().parent
PUBLIC = [strategies.valid_body(name) for name in strategies.REQUEST_SCHEMAS] + [
    strategies.invalid_body(name) for name in strategies.REQUEST_SCHEMAS
]
IDS = [f"valid-{n}" for n in strategies.REQUEST_SCHEMAS] + [
    f"invalid-{n}" for n in strategies.REQUEST_SCHEMAS
]


def seeded(strategy: st.SearchStrategy[Any], value: int, count: int = 12) -> list[Any]:
    """`count` examples of a test decorated with `@seed(value)`."""
    out: list[Any] = []

    @seed(value)
    @quick(count, phases=[Phase.generate])
    @given(strategy)
    def run(example: Any) -> None:
        out.append(example)

    run()
    return out


@pytest.mark.parametrize("strategy", PUBLIC, ids=IDS)
def test_the_same_seed_gives_the_same_examples(strategy: st.SearchStrategy[Any]) -> None:
    assert seeded(strategy, 20170101) == seeded(strategy, 20170101)


def test_another_seed_gives_other_examples() -> None:
    campaigns = strategies.write_campaign()
    assert seeded(campaigns, 1) != seeded(campaigns, 2)


@pytest.mark.parametrize("strategy", PUBLIC[:3] + PUBLIC[10:13], ids=IDS[:3] + IDS[10:13])
def test_derandomize_gives_the_same_examples(strategy: st.SearchStrategy[Any]) -> None:
    assert collect(strategy, 15, derandomize=True) == collect(strategy, 15, derandomize=True)


def test_the_global_random_state_changes_nothing() -> None:
    strategy = strategies.endpoint_batch_request(max_items=3)
    random.seed(1)
    first = seeded(strategy, 7)
    random.seed(2)
    assert seeded(strategy, 7) == first


def test_the_package_uses_no_randomness_or_clock_of_its_own() -> None:
    forbidden = re.compile(
        r"\bimport random\b|\bfrom random\b|uuid\.uuid[14]|\bsecrets\b|os\.urandom"
        r"|\.now\(|\.today\(|time\.time\(|\btime_ns\b"
    )
    for source in sorted(PACKAGE.glob("*.py")):
        found = forbidden.findall(source.read_text(encoding="utf-8"))
        assert not found, f"{source.name}: {found}"
