"""The one owner of the story tables (migration 002: ``stories``, ``story_articles``, ``briefs``,
``storylines``, ``cluster_state``): every SQL statement that reads or writes them is here.

``newsbrief.stories`` (updates), ``newsbrief.stories_read`` (ranked reads), ``newsbrief load``
(batch results) and the web site go through these functions, so the tables have one meaning:
in particular every writer counts ``n_reports`` the same way (:func:`count_stories`).
Rows come back as frozen dataclasses; a brief as its ``Brief.to_dict()`` JSON form (a dict).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsbrief.store import Store

_CHUNK = 500  # SQLite bound-parameter batches
_COLS = "s.id, s.storyline_id, s.first_seen, s.last_seen, s.n_articles, s.n_outlets, s.n_reports, s.version, s.headline"
# The recounted columns of a story, from its members (one rule for update and load).
_REPORTS = ("(SELECT COUNT(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            " WHERE sa.story_id = stories.id AND a.duplicate_of IS NULL)")
_COUNTS = (
    "n_articles = (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = stories.id), "
    "n_outlets = (SELECT COUNT(DISTINCT a.outlet) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
    "             WHERE sa.story_id = stories.id AND a.outlet != ''), "
    f"n_reports = {_REPORTS}, "
    "first_seen = (SELECT MIN(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
    "              WHERE sa.story_id = stories.id), "
    "last_seen = (SELECT MAX(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
    "             WHERE sa.story_id = stories.id)")


@dataclass(frozen=True)
class StoryRow:
    """One row of ``stories`` (times are ISO 8601 UTC strings)."""

    id: str
    storyline_id: str | None
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_outlets: int
    n_reports: int
    version: int
    headline: str


@dataclass(frozen=True)
class BriefRow:
    """One brief version: ``brief`` is ``Brief.to_dict()``, ``article_ids`` the articles it read."""

    story_id: str
    version: int
    created_at: str
    headline: str
    brief: dict[str, Any]
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class StorylineRow:
    """One row of ``storylines``."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class LoadedStory:
    """A story made elsewhere (a batch run), stored as an update would store it."""

    id: str
    headline: str
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_outlets: int
    article_ids: tuple[str, ...]
    brief: BriefRow | None = None


def _story(r: Sequence[Any]) -> StoryRow:
    return StoryRow(*r)


def _in(store: Store, sql: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (with one ``IN ({})``) for every chunk of ``ids``."""
    out: list[tuple[Any, ...]] = []
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        out += store.conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return out


# -- cluster_state ---------------------------------------------------------------------------------
def get_state(store: Store, key: str) -> str | bytes | None:
    """A saved value of the clustering engine (``engine``: its state, ``cursor``: the last article seq)."""
    row = store.conn.execute("SELECT value FROM cluster_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def cursor(store: Store) -> int:
    """``articles.seq`` of the last clustered article (0 for a new store)."""
    return int(get_state(store, "cursor") or 0)


def save_state(store: Store, engine: str | bytes, seq: int) -> None:
    """Save the engine's state and the cursor (inside the caller's transaction)."""
    store.conn.execute("INSERT OR REPLACE INTO cluster_state(key, value) VALUES ('engine', ?)", (engine,))
    store.conn.execute("INSERT OR REPLACE INTO cluster_state(key, value) VALUES ('cursor', ?)", (str(seq),))


# -- membership and counts -------------------------------------------------------------------------
def story_of(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """{article id: story id} for those of these articles that are in a story."""
    return dict(_in(store, "SELECT article_id, story_id FROM story_articles WHERE article_id IN ({})", article_ids))


def article_ids(store: Store, sid: str) -> list[str]:
    """The ids of a story's articles (in no order)."""
    return [r[0] for r in store.conn.execute("SELECT article_id FROM story_articles WHERE story_id = ?", (sid,))]


def existing(store: Store, sids: Sequence[str]) -> set[str]:
    """Those of these story ids that are stored."""
    return {r[0] for r in _in(store, "SELECT id FROM stories WHERE id IN ({})", sids)}


def has_stories(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM stories LIMIT 1").fetchone() is not None


def add_members(store: Store, sids: Iterable[str], assigned: Iterable[tuple[str, str]], now: str) -> None:
    """Create the stories ``sids`` (those not stored yet) and put the articles in them:
    ``assigned`` is (article id, story id) pairs."""
    store.conn.executemany("INSERT OR IGNORE INTO stories(id, updated_at) VALUES (?, ?)", [(s, now) for s in sids])
    store.conn.executemany("INSERT OR REPLACE INTO story_articles(article_id, story_id, added_at) VALUES (?, ?, ?)",
                           [(a, s, now) for a, s in assigned])


def count_stories(store: Store, sids: Iterable[str], now: str) -> None:
    """Recompute the stored counts and times of these stories and mark them for a new brief."""
    store.conn.executemany(f"UPDATE stories SET {_COUNTS}, dirty = 1, updated_at = ? WHERE id = ?",
                           [(now, s) for s in sids])


def dirty(store: Store) -> list[str]:
    """The stories due a new brief version (grown since their last, or left so by an interrupted update)."""
    return [r[0] for r in store.conn.execute("SELECT id FROM stories WHERE dirty = 1")]


# -- briefs -----------------------------------------------------------------------------------------
def next_version(store: Store, sid: str) -> int:
    return (store.conn.execute("SELECT MAX(version) FROM briefs WHERE story_id = ?", (sid,)).fetchone()[0] or 0) + 1


def add_brief(store: Store, b: BriefRow) -> None:
    """Store a brief version and make it the story's latest (its headline, no longer dirty)."""
    store.conn.execute("INSERT INTO briefs(story_id, version, created_at, headline, brief, article_ids) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (b.story_id, b.version, b.created_at, b.headline, json.dumps(b.brief, ensure_ascii=False),
                        json.dumps(list(b.article_ids))))
    store.conn.execute("UPDATE stories SET headline = ?, version = ?, dirty = 0, updated_at = ? WHERE id = ?",
                       (b.headline, b.version, b.created_at, b.story_id))


def mark_unbriefable(store: Store, sid: str, headline: str) -> None:
    """A story with nothing to brief (yet): not dirty, named after an article's title."""
    store.conn.execute("UPDATE stories SET dirty = 0, headline = ? WHERE id = ?", (headline, sid))


def _brief_row(r: Sequence[Any]) -> BriefRow:
    sid, version, created, headline, raw, ids = r
    return BriefRow(sid, version, created, headline, json.loads(raw), tuple(json.loads(ids)))


def brief_rows(store: Store, sid: str, limit: int | None = None) -> list[BriefRow]:
    """A story's brief versions, newest first (at most ``limit``)."""
    sql = ("SELECT story_id, version, created_at, headline, brief, article_ids FROM briefs WHERE story_id = ? "
           "ORDER BY version DESC")
    args: list[Any] = [sid]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [_brief_row(r) for r in store.conn.execute(sql, args)]


def latest_briefs(store: Store, sids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{story id: its latest brief (``Brief.to_dict()`` form)} for these stories."""
    return {sid: json.loads(raw) for sid, raw in _in(
        store, "SELECT b.story_id, b.brief FROM briefs b JOIN stories s ON s.id = b.story_id AND b.version = s.version "
               "WHERE b.story_id IN ({})", sids)}


def briefs_updated(store: Store, sids: Sequence[str]) -> dict[str, str]:
    """When each of these stories' latest brief was written."""
    return dict(_in(store, "SELECT s.id, b.created_at FROM stories s JOIN briefs b ON b.story_id = s.id "
                           "AND b.version = s.version WHERE s.id IN ({})", sids))


def newest_briefed(store: Store, limit: int) -> list[tuple[StoryRow, BriefRow]]:
    """The stories whose latest brief was written last, with that brief, newest first."""
    rows = store.conn.execute(
        f"SELECT {_COLS}, b.story_id, b.version, b.created_at, b.headline, b.brief, b.article_ids FROM stories s "
        "JOIN briefs b ON b.story_id = s.id AND b.version = s.version "
        "ORDER BY b.created_at DESC, s.last_seen DESC, s.id LIMIT ?", (limit,)).fetchall()
    return [(_story(r[:9]), _brief_row(r[9:])) for r in rows]


# -- stories ----------------------------------------------------------------------------------------
def story_row(store: Store, sid: str) -> StoryRow | None:
    r = store.conn.execute(f"SELECT {_COLS} FROM stories s WHERE s.id = ?", (sid,)).fetchone()
    return _story(r) if r else None


def briefed_stories(store: Store, min_outlets: int = 0, since: str | None = None) -> list[StoryRow]:
    """Every story with a brief, from at least ``min_outlets`` outlets, last seen at ``since`` or later."""
    sql = f"SELECT {_COLS} FROM stories s WHERE s.version > 0 AND s.n_outlets >= ?"
    args: list[Any] = [min_outlets]
    if since:
        sql += " AND s.last_seen >= ?"
        args.append(since)
    return [_story(r) for r in store.conn.execute(sql, args)]


def newest_last_seen(store: Store) -> str | None:
    """The newest article time of any story (the ranking's "now")."""
    return store.conn.execute("SELECT MAX(last_seen) FROM stories").fetchone()[0]


def load_story(store: Store, s: LoadedStory, now: str) -> None:
    """Store a story made elsewhere with its members and brief (inside the caller's transaction);
    ``n_reports`` is counted from the stored articles as :func:`count_stories` counts it."""
    b = s.brief
    store.conn.execute("INSERT INTO stories(id, headline, first_seen, last_seen, n_articles, n_outlets, version, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (s.id, s.headline, s.first_seen, s.last_seen, s.n_articles, s.n_outlets,
                        b.version if b else 0, now))
    store.conn.executemany("INSERT OR REPLACE INTO story_articles(article_id, story_id, added_at) VALUES (?, ?, ?)",
                           [(a, s.id, now) for a in s.article_ids])
    store.conn.execute(f"UPDATE stories SET n_reports = {_REPORTS} WHERE id = ?", (s.id,))
    if b:
        store.conn.execute("INSERT INTO briefs(story_id, version, created_at, headline, brief, article_ids) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (s.id, b.version, b.created_at, b.headline,
                                                         json.dumps(b.brief, ensure_ascii=False),
                                                         json.dumps(list(b.article_ids))))


# -- storylines -------------------------------------------------------------------------------------
def lined(store: Store, sids: Sequence[str]) -> set[str]:
    """Those of these stories that are on a storyline."""
    return {r[0] for r in _in(store, "SELECT id FROM stories WHERE id IN ({}) AND storyline_id IS NOT NULL", sids)}


def join_storyline(store: Store, sid: str, other: str, line_if_new: str) -> str | None:
    """Put story ``sid`` on the storyline of story ``other`` (opening ``line_if_new`` with
    ``other`` when it has none, labelled with its headline); the storyline, or None when
    ``other`` is not stored."""
    row = store.conn.execute("SELECT storyline_id, headline FROM stories WHERE id = ?", (other,)).fetchone()
    if row is None:
        return None
    line = row[0]
    if not line:
        line = line_if_new
        store.conn.execute("INSERT OR IGNORE INTO storylines(id, label) VALUES (?, ?)", (line, row[1]))
        store.conn.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (line, other))
    store.conn.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (line, sid))
    return str(line)


def span_storylines(store: Store, lines: Iterable[str]) -> None:
    """Recompute these storylines' first and last times from their stories."""
    store.conn.executemany(
        "UPDATE storylines SET first_seen = (SELECT MIN(first_seen) FROM stories WHERE storyline_id = storylines.id), "
        "last_seen = (SELECT MAX(last_seen) FROM stories WHERE storyline_id = storylines.id) WHERE id = ?",
        [(line,) for line in lines])


def storyline_row(store: Store, line: str) -> StorylineRow | None:
    row = store.conn.execute("SELECT id, label, first_seen, last_seen FROM storylines WHERE id = ?",
                             (line,)).fetchone()
    return StorylineRow(*row) if row else None


def storyline_stories(store: Store, line: str) -> list[StoryRow]:
    """A storyline's stories, oldest first."""
    return [_story(r) for r in store.conn.execute(
        f"SELECT {_COLS} FROM stories s WHERE s.storyline_id = ? ORDER BY s.first_seen, s.id", (line,))]


__all__ = ["BriefRow", "LoadedStory", "StoryRow", "StorylineRow", "add_brief", "add_members", "article_ids",
           "brief_rows", "briefed_stories", "briefs_updated", "count_stories", "cursor", "dirty", "existing",
           "get_state", "has_stories", "join_storyline", "latest_briefs", "lined", "load_story",
           "mark_unbriefable", "newest_briefed", "newest_last_seen", "next_version", "save_state",
           "span_storylines", "story_of", "story_row", "storyline_row", "storyline_stories"]

