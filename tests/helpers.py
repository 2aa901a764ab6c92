"""Small helpers the test folders share (data files, placeholder-tolerant validation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pinpoint_conformance.schema_walk import undeclared_members

__all__ = ["DATA", "load_data", "substantive_errors", "undeclared_members"]

DATA = Path(__file__).resolve().parent / "data"


def load_data(name: str) -> Any:
    """A JSON file from tests/data."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


PLACEHOLDERS: tuple[Any, ...] = ("string", 0, True)
PLACEHOLDER_KEYWORDS = {"enum", "format", "pattern", "minimum", "const", "minLength"}


def substantive_errors(validator: Any, instance: Any) -> list[Any]:
    """Schema errors of `instance`, ignoring those caused only by the reference's
    placeholder values ("string", 0, true) where an enum, format or pattern demands a real
    one. Branching keywords (anyOf/oneOf) pass when one branch has only such errors."""
    return [error for error in validator.iter_errors(instance) if not _tolerated(error)]


def _tolerated(error: Any) -> bool:
    if error.validator in {"anyOf", "oneOf"} and error.context:
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        return any(all(_tolerated(sub) for sub in subs) for subs in branches.values())
    return error.validator in PLACEHOLDER_KEYWORDS and any(
        error.instance == p and type(error.instance) is type(p) for p in PLACEHOLDERS
    )
