"""`make run`: the main job on the bundled demo corpus.

Ingests demo/articles.jsonl into the SQLite store, clusters it into stories and prints each story's
brief; with --serve, ends by serving the site. Falls back to per-article briefs when the store
commands are not available.
"""

from __future__ import annotations

import argparse
import json
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
    help_text = subprocess.run(EXE + ["--help"], capture_output=True, text=True).stdout
    if "ingest" in help_text and "stories" in help_text:
        rc = sh("ingest", "--db", a.db, corpus) or sh("update", "--db", a.db)
        rc = rc or sh("stories", "--db", a.db, "--limit", "5", "--format", "text")
        if a.serve and "serve" in help_text and rc == 0:
            return sh("serve", "--db", a.db)
        return rc
    # the brief alone: one brief per bundled article
    from newsbrief.briefing import BriefWriter
    from newsbrief.jsonl import record_articles

    writer = BriefWriter()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            b = writer.write(record_articles(rec, rec["id"]), story_id=rec["id"])
            print(b.to_text() + f"  (source: {rec['source']}, {rec['published'][:10]}, {rec['url']})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
