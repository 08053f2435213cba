"""Real processes: an ingest killed with SIGKILL loses nothing committed and a rerun finishes
without duplicates; two ingests into one store at once both succeed."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbrief.collect import BATCH_SIZE
from newsbrief.store import Store

# ingest runs in subprocesses killed mid-write: process-level, in `make test-slow`
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")]
WORDS = ("harbour council ferry storm bridge river school market train budget minister election court police fire "
         "hospital farmer harvest festival museum library road airport energy price strike union vote mayor flood "
         "village city coast island mountain forest report study survey plan law tax bank trade company workers").split()


def corpus(path: Path, ids: range, seed: int = 7) -> None:
    """Distinct synthetic articles (random words: no two are near-duplicates)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in ids:
            words = [rng.choice(WORDS) for _ in range(rng.randint(60, 120))]
            f.write(json.dumps({"id": f"r{i}", "title": " ".join(words[:6]), "text": " ".join(words) + f" item{i}.",
                                "source": f"outlet{i % 9}", "published": f"2025-03-{1 + i % 28:02d}T10:00:00Z"}) + "\n")


def run_ingest(db: Path, src: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    return subprocess.Popen([sys.executable, "-m", "newsbrief", "ingest", str(src), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def check_consistent(db: Path) -> int:
    with Store(db) as s:
        c = s.conn
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        c.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        n = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert c.execute("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0] == n
        assert c.execute("SELECT COUNT(*) FROM article_signatures").fetchone()[0] == n  # no half-written article
        assert c.execute("SELECT COUNT(*) FROM articles WHERE text = '' OR content_hash = ''").fetchone()[0] == 0
        return n


def test_sigkill_halfway_loses_nothing_committed_and_a_rerun_completes(tmp_path):
    n = 4000
    src, db = tmp_path / "big.jsonl", tmp_path / "nb.db"
    corpus(src, range(n))
    proc = run_ingest(db, src)
    deadline = time.monotonic() + 60
    while count(db) < 2 * BATCH_SIZE and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    kept = check_consistent(db)
    assert 2 * BATCH_SIZE <= kept < n and kept % BATCH_SIZE == 0  # whole batches only
    proc = run_ingest(db, src)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert f"{n - kept} added" in out and f"{kept} unchanged" in out
    assert check_consistent(db) == n


def test_two_ingests_into_one_store_at_once(tmp_path):
    a, b, db = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "nb.db"
    corpus(a, range(0, 1600))
    corpus(b, range(800, 2400))  # half of it overlaps the first: stored once
    procs = [run_ingest(db, a), run_ingest(db, b)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert check_consistent(db) == 2400
    added = sum(int(out.split("added")[0].split()[-1]) for out, _ in results)
    assert added == 2400


def test_a_batch_the_store_refuses_is_reported_not_raised(tmp_path, monkeypatch):
    from newsbrief.collect import Ingestor
    from newsbrief.errors import NewsbriefError

    src = tmp_path / "a.jsonl"
    corpus(src, range(25))
    with Store(tmp_path / "nb.db") as s:
        def refuse(items, feed_id=None):
            raise NewsbriefError(s.path, "the store is busy")

        monkeypatch.setattr(s, "add_articles", refuse)
        report = Ingestor(s, batch_size=10).ingest([str(src)])
    assert [m for _, m in report.failed] == ["the store is busy (10 articles not stored)"] * 2 + \
        ["the store is busy (5 articles not stored)"]
