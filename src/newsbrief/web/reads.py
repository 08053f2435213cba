"""Reads the pages need beyond :mod:`newsbrief.web.data`: live mode's status and schedules
(migration 003), the outlets of listed stories, and the story an article belongs to (both
through :mod:`newsbrief.story_tables`). Read-only; a store opened read-only that predates
migration 003 has no live status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsbrief import story_tables
from newsbrief.live import state as st
from newsbrief.live.schedule import FeedState
from newsbrief.store import Store

# Outlet names shown on a front-page card; more are counted ("Reuters, BBC, AP and 4 more").
CARD_OUTLETS = 3


def live_status(store: Store) -> dict[str, Any]:
    """When the store was last updated from its feeds (the last poll round's end, else the last
    feed poll), whether a poll is running now, and the last round's summary."""
    info = st.lease_info(store.conn)
    polled = store.conn.execute("SELECT MAX(last_polled) FROM feeds").fetchone()[0]
    last = st.to_iso(info.last_finished) if info and info.last_finished else polled
    return {"last_update": last, "updating": bool(info and info.holder),
            "summary": info.last_summary if info else None}


def feed_schedules(store: Store) -> dict[int, FeedState]:
    """Each feed's live schedule (empty on a store without migration 003)."""
    return st.load_states(store.conn) if st.has_live_tables(store.conn) else {}


def story_outlets(store: Store, story_ids: Sequence[str]) -> dict[str, list[str]]:
    """The distinct outlets of each story's articles, most articles first, then by name."""
    return story_tables.outlets_of(store, story_ids) if story_ids else {}


def story_of_article(store: Store, article_id: str) -> dict[str, str] | None:
    """The story an article was clustered into: ``{"id", "headline"}``, or None."""
    sid = story_tables.story_of(store, [article_id]).get(article_id)
    row = story_tables.story_row(store, sid) if sid else None
    return None if row is None else {"id": row.id, "headline": row.headline}
