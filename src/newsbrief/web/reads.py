"""Reads the pages need beyond :mod:`newsbrief.web.data`: live mode's status and schedules
(migration 003), the outlets of listed stories, and the story an article belongs to. Read-only;
every read answers "nothing" on a store whose tables predate it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from newsbrief.live import state as st
from newsbrief.live.schedule import FeedState

# Outlet names shown on a front-page card; more are counted ("Reuters, BBC, AP and 4 more").
CARD_OUTLETS = 3


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() \
        is not None


def live_status(conn: sqlite3.Connection) -> dict:
    """When the store was last updated from its feeds (the last poll round's end, else the last
    feed poll), whether a poll is running now, and the last round's summary."""
    info = st.lease_info(conn)
    polled = conn.execute("SELECT MAX(last_polled) FROM feeds").fetchone()[0] if _has(conn, "feeds") else None
    last = st.to_iso(info.last_finished) if info and info.last_finished else polled
    return {"last_update": last, "updating": bool(info and info.holder),
            "summary": info.last_summary if info else None}


def feed_schedules(conn: sqlite3.Connection) -> dict[int, FeedState]:
    """Each feed's live schedule (empty on a store without migration 003)."""
    return st.load_states(conn) if st.has_live_tables(conn) else {}


def story_outlets(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, list[str]]:
    """The distinct outlets of each story's articles, most articles first, then by name."""
    if not story_ids or not _has(conn, "story_articles"):
        return {}
    marks = ",".join("?" * len(story_ids))
    out: dict[str, list[str]] = {}
    for sid, outlet in conn.execute(
            "SELECT sa.story_id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            f"WHERE sa.story_id IN ({marks}) AND a.outlet != '' GROUP BY sa.story_id, a.outlet "
            "ORDER BY sa.story_id, COUNT(*) DESC, a.outlet", list(story_ids)):
        out.setdefault(sid, []).append(outlet)
    return out


def story_of_article(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """The story an article was clustered into: ``{"id", "headline"}``, or None."""
    if not _has(conn, "story_articles"):
        return None
    row = conn.execute("SELECT s.id, s.headline FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
                       "WHERE sa.article_id = ?", (article_id,)).fetchone()
    return None if row is None else {"id": row[0], "headline": row[1]}
