"""Shared fixtures: the evaluation data folder (skip when absent) and an in-process CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def data_dir() -> Path | None:
    d = Path(os.environ.get("NEWSBRIEF_DATA", ROOT.parent / "shared" / "data"))
    return d if d.is_dir() else None


@pytest.fixture
def data() -> Path:
    """The evaluation data folder ($NEWSBRIEF_DATA or ../shared/data); skips the test when absent."""
    d = data_dir()
    if d is None:
        pytest.skip("evaluation data not available (set NEWSBRIEF_DATA)")
    return d


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture
def cli():
    """Run the CLI in-process: cli(args, input=...) -> click Result (stdout and stderr apart)."""
    from newsbrief.cli import cli as group

    def run(args: list[str], input: str | bytes | None = None, env: dict | None = None):
        runner = CliRunner()
        return runner.invoke(group, args, input=input, env=env, catch_exceptions=False)

    return run
