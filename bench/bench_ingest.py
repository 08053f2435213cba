"""Ingest speed and near-duplicate detection.

speed: every distinct article of the dev sets (read from $NEWSBRIEF_DATA at run time, written
to a temporary JSONL file, never into the repository) ingested through the real pipeline
(records -> dates -> MinHash/LSH -> SQLite with FTS5) into a fresh store; next to it, the floor:
a plain ``executemany`` insert of the same rows into a bare table. Target: >= 2,000 articles/s.

near-duplicates: clusters-dev (204 articles, 35 gold events) plus 200 lightly edited copies of
its articles made here (a few words changed, a sentence dropped, a byline and a footer added, the
title changed). Recall of the copies (linked to their original's first copy) and false links
(a duplicate_of between different gold events). Target: recall >= 0.95, no false links.

``python -m bench.bench_ingest`` prints the figures as JSON; ``run(data_dir)`` returns them.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.common import data_dir, read_jsonl
from newsbrief.collect import Ingestor
from newsbrief.ingest.records import record_articles
from newsbrief.store import Store

EDIT_SEED = 20250601
COPIES = 200
_FILLER = ("reportedly", "officials", "local", "recent", "major", "several", "new", "early", "late", "key")


def corpus(data: Path) -> list[dict]:
    """Every distinct article text of the dev sets, as records {id, title, text, url, source, published}."""
    rows: list[dict] = []
    for name in ("cnndm-dev.jsonl", "xsum-dev.jsonl", "bbc100.jsonl", "clusters-dev.jsonl"):
        if (data / name).exists():
            for r in read_jsonl(data / name):
                rows.append({k: r.get(k) for k in ("id", "title", "text", "url", "source", "published") if r.get(k)})
    if (data / "multinews-dev.jsonl").exists():
        for r in read_jsonl(data / "multinews-dev.jsonl"):
            rows += [{"id": f"{r['id']}/{i}", "text": d} for i, d in enumerate(r["documents"]) if d.strip()]
    for csv_path in sorted((data / "redistributable" / "wikinews-2019-2020").glob("*.csv")):
        with open(csv_path, encoding="utf-8", newline="") as f:
            rows += [{"id": r["url"], "url": r["url"], "title": r["title"], "text": r["text"], "published": r["date"]}
                     for r in csv.DictReader(f)]
    seen, out = set(), []
    for r in rows:
        key = " ".join(r["text"].split())
        if key and key not in seen and r["id"] not in seen:
            seen.update((key, r["id"]))
            out.append(r)
    return out


def speed(data: Path, repeat: int = 3) -> dict:
    """Articles/s of the real ingest vs a plain executemany of the same rows (best of ``repeat``)."""
    rows = corpus(data)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        best_ingest = best_floor = float("inf")
        for k in range(repeat):
            with Store(Path(tmp) / f"ingest{k}.db") as store:
                t = time.perf_counter()
                report = Ingestor(store).ingest([str(src)])
                best_ingest = min(best_ingest, time.perf_counter() - t)
                assert report.added == len(rows) and not report.failed, report.summary()
            arts = [a for r in rows for a in record_articles(r, r["id"])]
            t = time.perf_counter()
            conn = sqlite3.connect(Path(tmp) / f"floor{k}.db")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("CREATE TABLE articles (id TEXT, url TEXT, outlet TEXT, title TEXT, published TEXT, text TEXT, "
                         "content_hash TEXT)")
            with conn:
                conn.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?)",
                                 [(a.id, a.url, a.outlet, a.title, a.published.isoformat() if a.published else None,
                                   a.text, a.content_hash) for a in arts])
            conn.close()
            best_floor = min(best_floor, time.perf_counter() - t)
    n = len(rows)
    mb = sum(len(r["text"].encode()) for r in rows) / 1e6
    return {"articles": n, "megabytes": round(mb, 1), "ingest_per_s": round(n / best_ingest),
            "executemany_per_s": round(n / best_floor), "ratio": round(best_floor / best_ingest, 3),
            "target_per_s": 2000, "meets_target": n / best_ingest >= 2000}


def edit(text: str, rng: random.Random) -> str:
    """A light edit, as a republisher makes: ~3% of words changed, one sentence dropped, a byline
    and a footer added."""
    sents = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(sents) > 6:
        del sents[rng.randrange(1, len(sents))]
    words = " ".join(sents).split(" ")
    for _ in range(max(1, len(words) // 33)):
        words[rng.randrange(len(words))] = rng.choice(_FILLER)
    return f"By {rng.choice(['Staff', 'Wire', 'Agency'])} Reporter\n" + " ".join(words) + \
        "\nCopyright 2016. All rights reserved. This material may not be republished."


def near_duplicates(data: Path) -> dict:
    """Recall of 200 lightly edited copies and false links, on clusters-dev."""
    rows = read_jsonl(data / "clusters-dev.jsonl")
    rng = random.Random(EDIT_SEED)
    event = {r["id"]: r["event_id"] for r in rows}
    picks = rng.sample(rows, min(COPIES, len(rows)))
    copies = []
    for k, r in enumerate(picks):
        cid = f"copy-{k}"
        event[cid] = r["event_id"]
        copies.append({"id": cid, "title": "UPDATE: " + (r.get("title") or ""), "text": edit(r["text"], rng),
                       "source": f"republisher{k % 7}.example", "published": r.get("published"), "original": r["id"]})
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dups.jsonl"
        src.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "event_id"}) + "\n"
                               for r in [*rows, *copies]), encoding="utf-8")
        with Store(Path(tmp) / "dups.db") as store:
            Ingestor(store).ingest([str(src)])
            link = dict(store.conn.execute("SELECT id, duplicate_of FROM articles"))
    root = {a: link[a] or a for a in link}
    found = sum(root[c["id"]] == root[c["original"]] for c in copies)
    false = [(a, d) for a, d in link.items() if d and event[a] != event[d]]
    among_originals = sum(1 for r in rows if link[r["id"]])
    return {"copies": len(copies), "recall": round(found / len(copies), 3), "false_links": len(false),
            "links_among_originals": among_originals, "target_recall": 0.95,
            "meets_target": found / len(copies) >= 0.95 and not false}


def run(data: Path | None = None) -> dict:
    """Both figures (or a skip note when the data folder is absent)."""
    data = data or data_dir()
    if data is None or not (data / "clusters-dev.jsonl").exists():
        return {"skipped": "evaluation data not available (set NEWSBRIEF_DATA)"}
    return {"speed": speed(data), "near_duplicates": near_duplicates(data)}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
