"""Shared fixtures. Reference data lives in ../shared/data beside the checkout (CI has it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LOCALWIRE_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


@pytest.fixture
def store(tmp_path):
    """An empty store on disk (gazetteer loaded), closed after the test."""
    from localwire.store import Store

    with Store(tmp_path / "lw.duckdb") as opened:
        yield opened


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DATA}; set LOCALWIRE_SHARED")
    return SHARED_DATA


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"seed articles not found at {SEEDS}; set LOCALWIRE_SHARED")
    return SEEDS
