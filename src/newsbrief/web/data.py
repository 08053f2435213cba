"""The site's read side: read-only store connections, a change token, and the few reads the
pages need besides ``newsbrief.stories``' (every brief version with its key points, the feed's
newest briefs, key facts of a stored brief), all through ``newsbrief.story_tables``.

The server never writes. Each worker thread keeps one read-only :class:`Store`
(``readonly=True``: ``mode=ro``, ``query_only``), so the store's own read methods (``search``,
``get_article``, ``article_rows``, ``feeds``) and ``newsbrief.stories``' functions work
unchanged, and 50 concurrent clients never wait on one connection.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any, Protocol

from newsbrief import story_tables as tables
from newsbrief.models import Brief
from newsbrief.store import Store
from newsbrief.stories import StoryDetail, Storyline, StoryView

# Briefs whose key facts are kept in memory (a few KB each).
FACTS_CACHE = 4096


class StoriesAPI(Protocol):
    """What the site needs from ``newsbrief.stories`` (tests may pass a stand-in)."""

    def list_stories(self, store: Store, since: datetime | None = None, min_outlets: int = 1,
                     limit: int | None = 50, offset: int = 0, with_articles: bool = True) -> list[StoryView]: ...

    def get_story(self, store: Store, story_id: str) -> StoryDetail | None: ...

    def get_storyline(self, store: Store, storyline_id: str) -> Storyline | None: ...


class Reader:
    """One store opened read-only per worker thread, and the stories API to read it with."""

    def __init__(self, db_path: str | os.PathLike[str], stories: StoriesAPI | ModuleType | None = None) -> None:
        import newsbrief.stories

        self.path = str(db_path)
        self.stories: StoriesAPI | ModuleType = stories or newsbrief.stories
        self._local = threading.local()
        self._facts: OrderedDict[tuple[str, str, bytes], dict[str, Any] | None] = OrderedDict()
        self._facts_lock = threading.Lock()

    def store(self) -> Store:
        """This thread's read-only store (opened on first use)."""
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = Store(self.path, readonly=True)
        return st

    def facts(self, story_id: str, brief: dict[str, Any]) -> dict[str, Any] | None:
        """Key facts of a story's brief (:func:`facts_for`), remembered per brief version: a
        version never changes, so a store update recomputes only the stories it re-briefed."""
        digest = hashlib.blake2b(json.dumps(brief, sort_keys=True).encode(), digest_size=16).digest()
        key = (self.path, story_id, digest)
        with self._facts_lock:
            if key in self._facts:
                self._facts.move_to_end(key)
                return self._facts[key]
        facts = facts_for(self.store(), brief)
        with self._facts_lock:
            self._facts[key] = facts
            while len(self._facts) > FACTS_CACHE:
                self._facts.popitem(last=False)
        return facts

    def generation(self) -> tuple[int, ...]:
        """A token that changes whenever the store does: sizes and mtimes of the file and its WAL."""
        out: list[int] = []
        for p in (self.path, self.path + "-wal"):
            try:
                st = os.stat(p)
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

# -- reads of the stories tables (migration 002) ---------------------------------------------------
@dataclass(frozen=True)
class VersionPoints:
    """A brief version with its key point texts (a story page's version list)."""

    version: int
    created_at: str
    headline: str
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class BriefedStory:
    """A story with its latest brief and when that was written (an entry of the site's feed;
    unranked: its ``score`` is not computed)."""

    story: StoryView
    updated: str


def brief_versions(store: Store, story_id: str) -> list[VersionPoints]:
    """Every brief version of a story, newest first, with its key point texts."""
    return [VersionPoints(b.version, b.created_at, b.headline, tuple(p.text for p in Brief.from_dict(b.brief).key_points))
            for b in tables.brief_rows(store, story_id)]


def newest_briefs(store: Store, limit: int) -> list[BriefedStory]:
    """The stories whose latest brief was written last (the site's Atom feed), each with that brief."""
    return [BriefedStory(StoryView(**vars(r), brief=b.brief), b.created_at) for r, b in tables.newest_briefed(store, limit)]


def briefs_updated(store: Store, story_ids: list[str]) -> dict[str, str]:
    """When each of these stories' latest brief was written."""
    return tables.briefs_updated(store, story_ids) if story_ids else {}


# -- key facts --------------------------------------------------------------------------------------
FACT_KEYS = ("who", "where", "when", "figures", "statements", "positions")


def facts_for(store: Store, brief: dict[str, Any]) -> dict[str, Any] | None:
    """Key facts of a brief given in its ``Brief.to_dict()`` form, read from the article
    sentences it cites, with the rule engine (milliseconds; spaCy stays off the request path)."""
    from newsbrief.facts import facts_of_brief

    if isinstance(brief.get("facts"), dict):
        return brief["facts"]
    b = Brief.from_dict(brief)
    ids = list(dict.fromkeys(c.article_id for p in (*b.key_points, *b.summary) for c in p.citations))
    if not ids:
        return None
    facts = facts_of_brief(Brief(story_id=b.story_id, headline=b.headline, headline_source=b.headline_source,
                                 key_points=b.key_points, summary=b.summary, articles=tuple(store.get_articles(ids))),
                           nlp="rules")
    return facts if any(facts.get(k) for k in FACT_KEYS) else None
