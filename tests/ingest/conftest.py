"""Fixtures of the ingestion tests: the fixture files, a local HTTP server, a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.store import Store
from tests.ingest.server import Server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture(autouse=True)
def allow_private(monkeypatch):
    """The local test server is on 127.0.0.1: let links from feeds and pages reach it (the
    refusal itself is tested in tests/test_fetch_hostile.py)."""
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE", "1")


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

