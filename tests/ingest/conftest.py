"""Fixtures of the ingestion tests: the fixture files, a local HTTP server, a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.store import Store
from tests.ingest.server import Server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def server():
    with Server() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.db") as s:
        yield s

