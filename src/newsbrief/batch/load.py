"""``newsbrief load``: a batch result into a store, so that ``serve`` and ``stories`` show it.

Articles go in through :meth:`Store.add_articles` in publication order (the store's insertion
order then is the publication order, as if they had been ingested one by one) with the duplicate
links the batch found. Stories, their article lists and briefs (version 1) go into the stories
tables of migration 002 as ``newsbrief.stories`` writes them; storylines are linked by its
``link_storylines``; the clustering engine's final state and the cursor are saved, so a later
``newsbrief update`` or ``cluster`` goes on from there with only the new articles.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from newsbrief.batch.clustering import read_state
from newsbrief.batch.output import STATE_FILE, read_manifest, read_table, table_files
from newsbrief.batch.read import frame_articles
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article

if TYPE_CHECKING:
    from newsbrief.store import Store

# Articles per store transaction: the store's own ingest batch size (a killed load loses at most
# one batch, and a concurrent reader waits at most one batch for the lock).
LOAD_BATCH = 500


def _ranked(path: Path) -> Iterator[tuple[int, Article]]:
    """``(rank, article)`` of one articles file (written sorted by rank)."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=LOAD_BATCH):
        df = batch.to_pandas()
        yield from zip(df["rank"].tolist(), frame_articles(df), strict=True)


def iter_articles(out: str | Path) -> Iterator[Article]:
    """Every article of a batch result in publication order (a k-way merge of the partitions'
    files, so memory stays at one batch per file)."""
    for _rank, art in heapq.merge(*(_ranked(f) for f in table_files(out, "articles")), key=lambda x: x[0]):
        yield art


def check_complete(out: str | Path) -> dict[str, Any]:
    """The run's manifest; NewsbriefError when the run did not finish (no manifest)."""
    manifest = read_manifest(out)
    if manifest is None:
        raise NewsbriefError(str(out), "not a complete batch result (no _manifest.json: did the run finish?)")
    return manifest


def load_articles(out: str | Path, store: Store) -> tuple[int, int]:
    """Store the articles in publication order; ``(articles read, articles added)``."""
    from newsbrief.store_types import StoreItem

    seen = added = 0
    pending: list[StoreItem] = []
    for art in iter_articles(out):
        seen += 1
        pending.append(StoreItem(art))
        if len(pending) >= LOAD_BATCH:
            added += store.add_articles(pending).added
            pending = []
    if pending:
        added += store.add_articles(pending).added
    return seen, added


def load_stories(out: str | Path, store: Store) -> tuple[int, int, int]:
    """Stories, memberships, briefs and storylines, in one transaction; ``(stories, briefs,
    stories put on a storyline)``."""
    from newsbrief import story_tables as tables
    from newsbrief.stories import link_storylines
    from newsbrief.timeutil import iso, utcnow

    stories = read_table(out, "stories")
    briefs = read_table(out, "briefs", ["story_id", "version", "headline", "brief"])
    brief_of = {r.story_id: r for r in briefs.itertuples(index=False)}
    now = iso(utcnow())
    ids = sorted(stories["story_id"].tolist(), key=lambda s: int(s[1:])) if len(stories) else []
    with store.transaction():
        for r in stories.itertuples(index=False):
            b = brief_of.get(r.story_id)
            brief = None if b is None else tables.BriefRow(r.story_id, int(b.version), now, b.headline,
                                                           json.loads(b.brief), tuple(r.brief_article_ids))
            tables.load_story(store, tables.LoadedStory(
                r.story_id, b.headline if b else "", r.first_seen, r.last_seen, int(r.articles), int(r.outlets),
                tuple(r.article_ids), brief), now)
        lines = link_storylines(store, ids)
        state = read_state(str(Path(out) / STATE_FILE))
        if state is not None:
            tables.save_state(store, state, store.last_seq())
    return len(stories), len(briefs), lines


def load_batch(out: str | Path, store: Store) -> dict[str, Any]:
    """Load a finished batch result into ``store`` (which must hold no stories yet: the batch's
    story numbers would collide with its own); a summary of what was loaded."""
    manifest = check_complete(out)
    from newsbrief.story_tables import has_stories

    if has_stories(store):
        raise NewsbriefError(store.path, "the store already has stories: load a batch result into a new store")
    seen, added = load_articles(out, store)
    n_stories, n_briefs, lines = load_stories(out, store)
    return {"articles": seen, "added": added, "stories": n_stories, "briefs": n_briefs, "storylines": lines,
            "run": {k: manifest.get(k) for k in ("inputs", "articles", "stories", "briefs")}}
