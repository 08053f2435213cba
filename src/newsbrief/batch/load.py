"""``newsbrief load``: a batch result into a store, so that ``serve`` and ``stories`` show it.

Articles go in through :meth:`Store.add_articles` in publication order (so the store's insertion
cursor is the publication order, as if they had been ingested one by one) with the duplicate
links the batch found; stories and briefs go in through the stories module.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from newsbrief.batch.output import read_manifest, table_files
from newsbrief.batch.read import frame_articles
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article

# Articles per store transaction: the store's own ingest batch size (a killed load loses at most
# one batch, and a concurrent reader waits at most one batch for the lock).
LOAD_BATCH = 500


def _ranked(path: Path) -> Iterator[tuple[int, Article, int]]:
    """``(rank, article, story_id)`` of one articles file (written sorted by rank)."""
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=LOAD_BATCH):
        df = batch.to_pandas()
        yield from zip(df["rank"].tolist(), frame_articles(df), df["story_id"].tolist(), strict=True)


def iter_articles(out: str | Path) -> Iterator[tuple[Article, int]]:
    """Every article of a batch result with its story id, in publication order (a k-way merge of
    the per-partition files, so memory stays at one batch per file)."""
    for _rank, art, sid in heapq.merge(*(_ranked(f) for f in table_files(out, "articles")), key=lambda x: x[0]):
        yield art, sid


def check_complete(out: str | Path) -> dict:
    """The run's manifest; NewsbriefError when the run did not finish (no manifest)."""
    manifest = read_manifest(out)
    if manifest is None:
        raise NewsbriefError(str(out), "not a complete batch result (no _manifest.json: did the run finish?)")
    return manifest


def load_articles(out: str | Path, store) -> tuple[int, dict[str, int]]:
    """Store the articles; ``(articles added, {article id: story id})``."""
    from newsbrief.store_types import StoreItem

    added = 0
    story_of: dict[str, int] = {}
    pending: list[StoreItem] = []
    for art, sid in iter_articles(out):
        story_of[art.id] = sid
        pending.append(StoreItem(art))
        if len(pending) >= LOAD_BATCH:
            added += store.add_articles(pending).added
            pending = []
    if pending:
        added += store.add_articles(pending).added
    return added, story_of


def read_stories(out: str | Path) -> pd.DataFrame:
    """The stories table joined with its briefs (``brief`` is None where none could be written)."""
    stories = pd.concat([pq.read_table(f).to_pandas() for f in table_files(out, "stories")] or [pd.DataFrame()],
                        ignore_index=True)
    briefs = pd.concat([pq.read_table(f, columns=["story_id", "brief"]).to_pandas()
                        for f in table_files(out, "briefs")] or [pd.DataFrame(columns=["story_id", "brief"])],
                       ignore_index=True)
    if not len(stories):
        return stories
    return stories.merge(briefs, on="story_id", how="left").sort_values("story_id", ignore_index=True)


def load_batch(out: str | Path, store) -> dict:
    """Load a finished batch result into ``store``; a summary of what was loaded."""
    manifest = check_complete(out)
    added, story_of = load_articles(out, store)
    stories = read_stories(out)
    n_stories, n_briefs = _load_stories(store, stories, story_of)
    return {"articles": len(story_of), "added": added, "stories": n_stories, "briefs": n_briefs,
            "run": {k: manifest.get(k) for k in ("inputs", "articles", "stories", "briefs")}}


def _load_stories(store, stories: pd.DataFrame, story_of: dict[str, int]) -> tuple[int, int]:
    raise NewsbriefError("stories", "the stories module (newsbrief.stories) is not available yet")
