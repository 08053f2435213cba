"""demo/run.py drops what is not a news report (Wikinews test pages, 10,000+ word interviews)."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def demo():
    spec = importlib.util.spec_from_file_location("demo_run", ROOT / "demo" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_test_pages_and_interviews_are_dropped(tmp_path):
    d = demo()
    path = tmp_path / "wikinews.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "date", "title", "text"])
        w.writerow(["https://en.wikinews.org/wiki/A", "2020-01-02", "Ferry sinks off the coast", "A ferry sank. " * 40])
        w.writerow(["https://en.wikinews.org/wiki/T", "2020-01-03", "TEST PAGE:Self-publish today", "Test text."])
        w.writerow(["https://en.wikinews.org/wiki/I", "2020-01-04", "Wikinews talks to a writer", "word " * 10_001])
    out, kept, dropped = d.news_corpus([path], tmp_path / "news.jsonl")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert (kept, dropped) == (1, 2) and rows[0]["title"] == "Ferry sinks off the coast"
    assert rows[0]["published"] == "2020-01-02T12:00:00+00:00" and rows[0]["source"] == "Wikinews"


def test_the_bundled_corpus_is_all_news():
    d = demo()
    rows = list(d.read_rows(ROOT / "demo" / "articles.jsonl"))
    assert rows and all(d.is_news(r) for r in rows)
