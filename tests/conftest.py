"""Shared fixtures: the evaluation data folder, the spaCy model, and an in-process CLI runner.

What may skip: outside CI a test that needs the evaluation data skips, saying where it looked; in CI
(``CI=true``) the same absence is a failure, so a green CI has really run the data tests. The spaCy
tests skip where the nlp extra is not installed, unless ``NEWSBRIEF_REQUIRE_NLP=1`` (the nlp job of
``.ci/run``) makes that a failure too. Every skip is listed with its reason (``-rs`` in pyproject).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


IN_CI = _flag("CI")


def data_path() -> Path:
    """Where the evaluation data should be: $NEWSBRIEF_DATA, else ../shared/data beside the checkout."""
    return Path(os.environ.get("NEWSBRIEF_DATA") or ROOT.parent / "shared" / "data")


def data_dir() -> Path | None:
    d = data_path()
    return d if d.is_dir() else None


def missing(why: str, *, required: bool) -> None:
    """Skip with ``why``, or fail with it where the thing is required (CI, the nlp job)."""
    if required:
        pytest.fail(f"{why} (required here, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(why)


@pytest.fixture
def data() -> Path:
    """The evaluation data folder ($NEWSBRIEF_DATA or ../shared/data): skips when absent, fails in CI."""
    d = data_dir()
    if d is None:
        missing(f"evaluation data not found at {data_path()} (set NEWSBRIEF_DATA)", required=IN_CI)
    assert d is not None
    return d


@pytest.fixture(scope="session")
def spacy_model():
    """The spaCy pipeline of the nlp extra: skips when not installed, fails when NEWSBRIEF_REQUIRE_NLP=1."""
    from newsbrief.facts.nlp import load_model

    nlp = load_model()
    if nlp is None:
        missing("spaCy or its English model is not installed (make install-nlp)",
                required=_flag("NEWSBRIEF_REQUIRE_NLP"))
    return nlp


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
