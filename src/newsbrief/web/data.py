"""The site's read side: read-only store connections, a change token, and the few reads the
stories module does not offer (every brief version with its key points, the feed's newest briefs,
key facts of a stored brief).

The server never writes. Each worker thread keeps one read-only SQLite connection
(``mode=ro``, ``query_only``) wrapped in a :class:`ReadOnlyStore`, so the store's own read methods
(``search``, ``get_article``, ``article_rows``, ``feeds``) and ``newsbrief.stories``' functions
work unchanged, and 50 concurrent clients never wait on one connection.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from newsbrief.dedup import DuplicateIndex
from newsbrief.errors import NewsbriefError
from newsbrief.models import Brief, Citation, Point
from newsbrief.store import Store

# Briefs whose key facts are kept in memory (a few KB each).
FACTS_CACHE = 4096


class StoriesAPI(Protocol):
    """What the site needs from ``newsbrief.stories`` (tests may pass a stand-in)."""

    def list_stories(self, store: Any, since: datetime | None = None, min_outlets: int = 1, limit: int | None = 50,
                     offset: int = 0, with_articles: bool = True) -> list[dict]: ...

    def get_story(self, store: Any, story_id: str) -> dict | None: ...

    def get_storyline(self, store: Any, storyline_id: str) -> Any: ...


class ReadOnlyStore(Store):
    """A :class:`Store` over a read-only connection: no migrations, no writes (SQLite refuses them)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:  # noqa: D107 - no super(): it would migrate
        self.path = str(path)
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5, check_same_thread=False)
            self.conn.execute("PRAGMA query_only = ON")
            self.conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error as exc:
            raise NewsbriefError(self.path, f"cannot open the store read-only: {exc}") from None
        self._depth = 0
        self._dups = DuplicateIndex(self.conn)


class Reader:
    """One store opened read-only per worker thread, and the stories API to read it with."""

    def __init__(self, db_path: str | os.PathLike[str], stories: StoriesAPI | ModuleType | None = None) -> None:
        self.path = str(db_path)
        self._stories = stories
        self._local = threading.local()
        self._facts: OrderedDict[tuple[str, str, bytes], dict | None] = OrderedDict()
        self._facts_lock = threading.Lock()

    @property
    def stories(self) -> StoriesAPI | ModuleType | None:
        """The stories API (``newsbrief.stories`` unless one was given), or None when absent."""
        if self._stories is None:
            try:
                self._stories = importlib.import_module("newsbrief.stories")
            except ImportError:
                return None
        return self._stories

    def store(self) -> ReadOnlyStore:
        """This thread's read-only store (opened on first use)."""
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = ReadOnlyStore(self.path)
        return st

    def facts(self, story_id: str, brief: dict) -> dict | None:
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
def brief_versions(store: Store, story_id: str) -> list[dict]:
    """Every brief version of a story, newest first: version, created_at, headline, key point texts."""
    if not has_table(store, "briefs"):
        return []
    out = []
    for version, created, headline, raw in store.conn.execute(
            "SELECT version, created_at, headline, brief FROM briefs WHERE story_id = ? ORDER BY version DESC",
            (story_id,)):
        try:
            points = [p.get("text", "") for p in json.loads(raw).get("key_points", [])]
        except (ValueError, AttributeError):
            points = []
        out.append({"version": version, "created_at": created, "headline": headline, "key_points": points})
    return out


def newest_briefs(store: Store, limit: int) -> list[dict]:
    """The stories whose latest brief was written last (the site's Atom feed), as ``list_stories``
    items (with ``brief``, without ``articles``) plus ``updated``: when that brief was written."""
    if not has_table(store, "briefs"):
        return []
    rows = store.conn.execute(
        "SELECT s.id, s.storyline_id, s.first_seen, s.last_seen, s.n_articles, s.n_outlets, s.version, s.headline, "
        "b.created_at, b.brief FROM stories s JOIN briefs b ON b.story_id = s.id AND b.version = s.version "
        "ORDER BY b.created_at DESC, s.last_seen DESC, s.id LIMIT ?", (limit,)).fetchall()
    out = []
    for sid, line, first, last, n, outlets, version, headline, created, raw in rows:
        out.append({"id": sid, "storyline_id": line, "first_seen": first, "last_seen": last, "n_articles": n,
                    "n_outlets": outlets, "version": version, "headline": headline, "updated": created,
                    "brief": json.loads(raw)})
    return out


def briefs_updated(store: Store, story_ids: list[str]) -> dict[str, str]:
    """When each of these stories' latest brief was written."""
    if not story_ids or not has_table(store, "briefs"):
        return {}
    marks = ",".join("?" * len(story_ids))
    return dict(store.conn.execute(
        "SELECT s.id, b.created_at FROM stories s JOIN briefs b ON b.story_id = s.id AND b.version = s.version "
        f"WHERE s.id IN ({marks})", story_ids).fetchall())


def has_table(store: Store, name: str) -> bool:
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() \
        is not None


# -- key facts --------------------------------------------------------------------------------------
FACT_KEYS = ("who", "where", "when", "figures", "statements", "positions")


def _brief_points(points: Iterable[Any]) -> tuple[Point, ...]:
    out = []
    for p in points:
        if not isinstance(p, dict):
            continue
        cites = tuple(Citation(str(c.get("article_id", "")), int(c.get("sentence") or 0), int(c.get("start") or 0),
                               int(c.get("end") or 0), tuple(c.get("edits") or ()), str(c.get("outlet") or ""))
                      for c in p.get("sources") or [] if isinstance(c, dict))
        out.append(Point(str(p.get("text", "")), cites))
    return tuple(out)


def facts_for(store: Store, brief: dict) -> dict | None:
    """Key facts of a brief given as a dict (``Brief.to_dict()`` form), read from the article
    sentences it cites, with the rule engine (milliseconds; spaCy stays off the request path)."""
    from newsbrief.facts import facts_of_brief

    if isinstance(brief.get("facts"), dict):
        return brief["facts"]
    summary = brief.get("summary")
    sentences = summary.get("sentences", []) if isinstance(summary, dict) else (summary or [])
    key_points, summary_points = _brief_points(brief.get("key_points") or []), _brief_points(sentences)
    ids = list(dict.fromkeys(c.article_id for p in (*key_points, *summary_points) for c in p.citations))
    if not ids:
        return None
    obj = Brief(story_id=str(brief.get("story_id", "")), headline=str(brief.get("headline", "")),
                headline_source=str(brief.get("headline_source", "")), key_points=key_points, summary=summary_points,
                articles=tuple(store.get_articles(ids)))
    facts = facts_of_brief(obj, nlp="rules")
    return facts if any(facts.get(k) for k in FACT_KEYS) else None
