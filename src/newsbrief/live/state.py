"""Live mode's rows in the store (migration 003): each feed's schedule, and the poll lease.

The lease makes polling one process at a time: a row naming its holder until ``expires_at``,
taken with one conditional UPDATE (atomic in SQLite), renewed while the holder works, and free
again when it is released or expires (a holder that died). Times are epoch seconds in Python and
ISO 8601 UTC strings in the store.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from dataclasses import dataclass

from newsbrief import timeutil
from newsbrief.live.schedule import FeedState
from newsbrief.timeutil import to_iso

POLL_LEASE = "poll"


def from_iso(s: str | None) -> float | None:
    """A stored time as epoch seconds (None when absent or unreadable)."""
    dt = timeutil.from_iso(s)
    return None if dt is None else timeutil.to_utc(dt).timestamp()


def has_live_tables(conn: sqlite3.Connection) -> bool:
    """Whether migration 003 has run on this store (a read-only store may predate it)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'").fetchone() is not None


# -- schedule -------------------------------------------------------------------------------------
def load_states(conn: sqlite3.Connection) -> dict[int, FeedState]:
    """Every registered feed's schedule (a feed without a row: due now)."""
    out = {}
    for fid, due, delay, reason, failures, since, err in conn.execute(
            "SELECT f.id, s.next_due, s.delay_s, s.reason, s.failures, s.failing_since, s.last_error "
            "FROM feeds f LEFT JOIN feed_schedule s ON s.feed_id = f.id ORDER BY f.id"):
        out[fid] = FeedState(fid, from_iso(due), float(delay or 0), reason or "", int(failures or 0),
                             from_iso(since), err)
    return out


def save_state(conn: sqlite3.Connection, state: FeedState) -> None:
    """Write one feed's schedule (inside the caller's transaction, or on its own)."""
    conn.execute(
        "INSERT INTO feed_schedule(feed_id, next_due, delay_s, reason, failures, failing_since, last_error) "
        "SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM feeds WHERE id = ?) "
        "ON CONFLICT(feed_id) DO UPDATE SET next_due = excluded.next_due, delay_s = excluded.delay_s, "
        "reason = excluded.reason, failures = excluded.failures, failing_since = excluded.failing_since, "
        "last_error = excluded.last_error",
        (state.feed_id, to_iso(state.next_due), round(state.delay), state.reason, state.failures,
         to_iso(state.failing_since), state.last_error, state.feed_id))


# -- the lease ------------------------------------------------------------------------------------
def new_holder() -> str:
    """This process's lease identity: host, pid and a random token (two leases in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class LeaseInfo:
    """The poll lease as the site shows it."""

    holder: str | None
    expires_at: float | None
    last_started: float | None
    last_finished: float | None
    last_summary: str | None


def acquire(conn: sqlite3.Connection, holder: str, now: float, ttl: float, name: str = POLL_LEASE) -> bool:
    """Take the lease for ``ttl`` seconds if it is free, expired or already ours."""
    conn.execute("INSERT OR IGNORE INTO leases(name) VALUES (?)", (name,))
    cur = conn.execute(
        "UPDATE leases SET holder = ?, acquired_at = ?, expires_at = ?, last_started = ? "
        "WHERE name = ? AND (holder IS NULL OR holder = ? OR expires_at IS NULL OR expires_at < ?)",
        (holder, to_iso(now), to_iso(now + ttl), to_iso(now), name, holder, to_iso(now)))
    return cur.rowcount == 1


def renew(conn: sqlite3.Connection, holder: str, now: float, ttl: float, name: str = POLL_LEASE) -> bool:
    """Extend our lease; False when it is no longer ours (it expired and another process took it)."""
    cur = conn.execute("UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?",
                       (to_iso(now + ttl), name, holder))
    return cur.rowcount == 1


def release(conn: sqlite3.Connection, holder: str, now: float, summary: str | None = None,
            name: str = POLL_LEASE) -> None:
    """Free the lease (if still ours) and record when the round ended and what it did."""
    conn.execute("UPDATE leases SET holder = NULL, expires_at = NULL, last_finished = ?, "
                 "last_summary = COALESCE(?, last_summary) WHERE name = ? AND holder = ?",
                 (to_iso(now), summary, name, holder))


def lease_info(conn: sqlite3.Connection, name: str = POLL_LEASE) -> LeaseInfo | None:
    """The lease row, or None when no poll has ever run (or the store predates migration 003)."""
    if not has_live_tables(conn):
        return None
    row = conn.execute("SELECT holder, expires_at, last_started, last_finished, last_summary FROM leases "
                       "WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    return LeaseInfo(row[0], from_iso(row[1]), from_iso(row[2]), from_iso(row[3]), row[4])
