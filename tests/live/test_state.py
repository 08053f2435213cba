"""Migration 003's rows: the schedule round-trips, and the lease lets one holder poll at a time."""

from __future__ import annotations

import pytest

from newsbrief.live import state as st
from newsbrief.live.schedule import FeedState
from newsbrief.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "live.db") as s:
        yield s


def test_migration_003_is_applied(store):
    assert "003_live" in store.applied_migrations()
    assert st.has_live_tables(store.conn)


def test_schedule_round_trip_and_feed_removal(store):
    f = store.add_feed("https://a.example/feed")
    assert st.load_states(store.conn) == {f.id: FeedState(f.id)}
    s = FeedState(f.id, next_due=1_700_000_100.0, delay=1800, reason="backoff", failures=2,
                  failing_since=1_700_000_000.0, last_error="HTTP 500")
    st.save_state(store.conn, s)
    assert st.load_states(store.conn)[f.id] == s
    st.save_state(store.conn, FeedState(999))  # no such feed: nothing written
    assert store.conn.execute("SELECT COUNT(*) FROM feed_schedule").fetchone()[0] == 1
    store.remove_feed(f.id)
    assert store.conn.execute("SELECT COUNT(*) FROM feed_schedule").fetchone()[0] == 0


def test_one_holder_at_a_time_until_release_or_expiry(store, tmp_path):
    t = 1_700_000_000.0
    with Store(tmp_path / "live.db") as other:
        assert st.acquire(store.conn, "A", t, ttl=300)
        assert not st.acquire(other.conn, "B", t + 10, ttl=300)
        assert st.acquire(store.conn, "A", t + 20, ttl=300)  # ours already: re-entrant
        assert st.renew(store.conn, "A", t + 100, ttl=300)
        assert not st.acquire(other.conn, "B", t + 350, ttl=300)  # renewed until t + 400
        assert st.acquire(other.conn, "B", t + 401, ttl=300)  # expired: A died
        assert not st.renew(store.conn, "A", t + 402, ttl=300)  # A learns it lost it
        st.release(store.conn, "A", t + 403, "not mine")  # a release by a non-holder does nothing
        assert st.lease_info(store.conn).holder == "B"
        st.release(other.conn, "B", t + 500, "2 feeds polled")
        info = st.lease_info(store.conn)
        assert (info.holder, info.last_finished, info.last_summary) == (None, t + 500, "2 feeds polled")
        assert info.last_started == t + 401
        assert st.acquire(store.conn, "A", t + 501, ttl=300)


def test_lease_info_absent(store):
    assert st.lease_info(store.conn) is None
    assert st.new_holder() != st.new_holder()
