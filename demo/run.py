"""`make run`: the main job on the bundled demo corpus.

Ingests demo/articles.jsonl into the SQLite store, clusters it into stories and prints each story's
brief; with --serve, ends by serving the site.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = [sys.executable, "-m", "newsbrief"]


def sh(*args: str) -> int:
    print("$ newsbrief " + " ".join(args), flush=True)
    return subprocess.call(EXE + list(args))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="demo.db")
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()
    corpus = str(HERE / "articles.jsonl")
    rc = sh("ingest", "--db", a.db, corpus) or sh("update", "--db", a.db)
    rc = rc or sh("stories", "--db", a.db, "--limit", "5", "--format", "text")
    if a.serve and rc == 0:
        return sh("serve", "--db", a.db)
    return rc


if __name__ == "__main__":
    sys.exit(main())
