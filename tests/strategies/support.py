"""What the strategy tests share: hypothesis settings, and the checks that a body is valid
(schema and extra rules) or breaks exactly its named rule."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pinpoint_conformance.contract import Contract
from pinpoint_strategies import Invalid, semantic_violations

T = TypeVar("T")

QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def quick(max_examples: int, **options: Any) -> settings:
    """Settings for a bounded, reproducible run: no database, no deadline."""
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        suppress_health_check=QUIET,
        **options,
    )


def collect(strategy: st.SearchStrategy[T], count: int, **options: Any) -> list[T]:
    """`count` generated examples (derandomized unless told otherwise), in order."""
    out: list[T] = []
    options.setdefault("derandomize", True)

    @quick(count, phases=[Phase.generate], **options)
    @given(strategy)
    def run(value: T) -> None:
        out.append(value)

    run()
    return out


def schema_errors(contract: Contract, schema: str, body: Any) -> list[Any]:
    return list(contract.schema_validator(schema).iter_errors(body))


def assert_valid(contract: Contract, schema: str, body: Any) -> None:
    """The body passes its schema (formats checked) and keeps every x-rules rule."""
    errors = schema_errors(contract, schema, body)
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]
    assert semantic_violations(schema, body) == []


def assert_breaks_exactly(contract: Contract, invalid: Invalid) -> None:
    """Schema rules: every validator error sits at the rule's place under its keyword, and
    no x-rules rule is broken besides. Semantic rules: the schema accepts the body and the
    rule checker reports exactly that rule, at that path."""
    errors = schema_errors(contract, invalid.schema, invalid.body)
    violations = semantic_violations(invalid.schema, invalid.body)
    if invalid.kind == "semantic":
        assert not errors, [f"{e.json_path}: {e.message}" for e in errors]
        assert [(v.rule, v.path) for v in violations] == [(invalid.rule, invalid.path)]
        return
    assert errors, f"the schema accepts a body breaking {invalid.rule}: {invalid.body}"
    assert violations == [], violations
    *parent, member = invalid.location
    for error in errors:
        where = tuple(error.absolute_path)
        assert error.validator == invalid.keyword, (invalid.rule, error.validator, error.message)
        if invalid.keyword in ("required", "anyOf"):
            assert where == tuple(parent), (invalid.rule, error.json_path)
            assert member not in error.instance, (invalid.rule, error.instance)
            if invalid.keyword == "required":
                assert member in error.validator_value
        else:
            assert where == invalid.location, (invalid.rule, error.json_path, invalid.path)
            assert error.json_path == invalid.path


def coverage(
    strategy: st.SearchStrategy[T],
    features: Callable[[T], set[str]],
    wanted: set[str],
    count: int = 200,
    limit: int = 1000,
) -> set[str]:
    """Which of `wanted` the strategy never produces: a bounded run of `count` examples,
    then, for each feature not seen, a search (`find`, no shrinking) of up to `limit`."""
    from hypothesis.errors import NoSuchExample

    seen: set[str] = set()
    for value in collect(strategy, count):
        seen |= features(value)
    missing = set()
    for feature in sorted(wanted - seen):
        try:
            first(strategy, functools.partial(_has, features, feature), limit)
        except NoSuchExample:
            missing.add(feature)
    return missing


def _has(features: Callable[[Any], set[str]], feature: str, value: Any) -> bool:
    return feature in features(value)


def first(strategy: st.SearchStrategy[T], condition: Callable[[T], bool], limit: int) -> T:
    """The first generated example meeting `condition` (no shrinking), within `limit`."""
    from hypothesis import find

    return find(
        strategy,
        condition,
        settings=quick(limit, derandomize=True, phases=[Phase.generate]),
    )
