"""`make run`: the main job on the bundled demo corpus.

Ingests demo/articles.jsonl (or the JSONL/CSV files given with --corpus, such as the full Wikinews
2019-2020 CSVs) into the SQLite store, clusters it into stories and prints each story's brief;
with --serve, ends by serving the site. Rows that are not news reports are dropped first: Wikinews
"TEST PAGE" rows and texts of over 10,000 words (its long interviews), which would otherwise be the
top story.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = [sys.executable, "-m", "newsbrief"]
# A news report runs 150-2,000 words; Wikinews's interviews run 10,000-20,000 (the data README
# names the two in the 2019-2020 set). Longer than this is not a report to brief.
MAX_WORDS = 10_000


def is_news(row: dict) -> bool:
    """False for a Wikinews test page ("TEST PAGE:..." titles) or a text of over MAX_WORDS words."""
    title = str(row.get("title") or "")
    return not title.upper().startswith("TEST PAGE") and len(str(row.get("text") or "").split()) <= MAX_WORDS


def read_rows(path: Path) -> Iterator[dict]:
    """The rows of a JSONL file, or of a CSV with url, date (or published), title, text columns."""
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(1 << 30)
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                url = row.get("url") or ""
                day = row.get("published") or row.get("date") or ""
                yield {"id": url or row.get("title", ""), "url": url, "title": row.get("title", ""),
                       "text": row.get("text", ""), "published": day + "T12:00:00+00:00" if len(day) == 10 else day,
                       "source": row.get("source") or ("Wikinews" if "wikinews.org" in url else "")}
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def news_corpus(paths: list[Path], out: Path) -> tuple[Path, int, int]:
    """The news rows of ``paths`` as one JSONL at ``out``: (out, rows kept, rows dropped)."""
    kept = dropped = 0
    with open(out, "w", encoding="utf-8") as fh:
        for path in paths:
            for row in read_rows(path):
                if is_news(row):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    kept += 1
                else:
                    dropped += 1
    return out, kept, dropped


def sh(*args: str) -> int:
    print("$ newsbrief " + " ".join(args), flush=True)
    return subprocess.call(EXE + list(args))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="demo.db")
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--corpus", nargs="+", type=Path, default=[HERE / "articles.jsonl"],
                    help="JSONL or CSV files to ingest instead of the bundled demo corpus")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        news, kept, dropped = news_corpus(a.corpus, Path(tmp) / "news.jsonl")
        print(f"demo: {kept} articles{f'; dropped {dropped} test pages and interviews' if dropped else ''}")
        rc = sh("ingest", "--db", a.db, str(news))
    rc = rc or sh("update", "--db", a.db)
    rc = rc or sh("stories", "--db", a.db, "--limit", "5", "--format", "text")
    if a.serve and rc == 0:
        return sh("serve", "--db", a.db)
    return rc


if __name__ == "__main__":
    sys.exit(main())
