"""Fixtures of the report tests (the sample data lives in `sample.py`)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.findings import RunReport
from tests.report.sample import build_report


@pytest.fixture
def report() -> RunReport:
    """A fresh sample report (tests may modify it)."""
    return build_report()
