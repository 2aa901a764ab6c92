"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

from pinpoint_conformance.contract import Contract, load_contract


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract()
