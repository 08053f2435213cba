"""The live runner against a local HTTP server with a fake clock (never the network)."""

from __future__ import annotations

import threading

import pytest

from newsbrief.live import state as st
from newsbrief.live.runner import HintFetcher, Runner
from newsbrief.live.schedule import Scheduler
from newsbrief.store import Store
from tests.ingest.server import Route, Server, rss

LONG = " ".join(f"Sentence {i} of a feed item that carries the whole article text." for i in range(20))
T0 = 1_700_000_000.0


class Clock:
    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> float:
        return self.t


def feed(prefix: str, n: int, ttl: int | None = None) -> bytes:
    body = rss(prefix, [{"title": f"{prefix} {i}", "guid": f"{prefix}-{i}", "description": f"{prefix} {i}. {LONG}"}
                        for i in range(n)])
    return body.replace(b"<description>d</description>", f"<description>d</description><ttl>{ttl}</ttl>".encode()) \
        if ttl else body


@pytest.fixture
def server():
    with Server() as s:
        yield s


@pytest.fixture
def clock():
    return Clock()


def make(tmp_path, server, clock, **routes):
    db = str(tmp_path / "live.db")
    with Store(db) as store:
        for path, route in routes.items():
            server.routes["/" + path] = route
            store.add_feed(server.url("/" + path))
    rounds: list[int] = []
    runner = Runner(db, Scheduler(60, clock), fetcher=lambda: HintFetcher(clock=clock),
                    recluster=lambda store: rounds.append(1) or {"articles": 0})
    return db, runner, rounds


def states(db):
    with Store(db) as store:
        return st.load_states(store.conn)


def gets(server, path):
    return sum(1 for p, _ in server.requests if p == path)


def test_each_feed_is_polled_when_due(tmp_path, server, clock):
    db, runner, rounds = make(tmp_path, server, clock,
                              cached=Route(feed("cached", 2), content_type="application/rss+xml",
                                           headers={"Cache-Control": "max-age=3600"}),
                              ttl=Route(feed("ttl", 1, ttl=30), content_type="application/rss+xml"),
                              plain=Route(feed("plain", 1), content_type="application/rss+xml"),
                              down=Route(b"busy", status=503, headers={"Retry-After": "600"}))
    rnd = runner.poll_round()
    assert rnd.polled == 4 and rnd.report.added == 4 and rounds == [1]
    assert len(rnd.report.failed) == 1 and "HTTP 503" in rnd.report.failed[0][1]
    s = {st_.feed_id: st_ for st_ in states(db).values()}
    assert [(x.delay, x.reason, x.failures) for x in s.values()] == [
        (3600, "max-age", 0), (1800, "ttl", 0), (60, "interval", 0), (600, "retry-after", 1)]
    assert s[4].last_error and "503" in s[4].last_error and s[4].failing_since == T0

    clock.t += 61  # only the plain feed is due
    assert runner.poll_round().polled == 1
    assert [gets(server, p) for p in ("/cached", "/ttl", "/plain", "/down")] == [1, 1, 2, 1]
    clock.t += 600  # now the failing one too; it fails again: 2 x 2 intervals
    server.routes["/down"] = Route(b"still down", status=500)
    assert runner.poll_round().polled == 2
    assert states(db)[4].failures == 2 and states(db)[4].delay == 240
    clock.t += 3600  # everything
    server.routes["/down"] = Route(feed("down", 1), content_type="application/rss+xml")
    rnd = runner.poll_round()
    assert rnd.polled == 4 and rnd.report.added == 1 and not rnd.report.failed
    assert states(db)[4].failures == 0 and states(db)[4].failing_since is None
    with Store(db) as store:
        info = st.lease_info(store.conn)
    assert info.holder is None and info.last_finished == clock.t and "4 feeds polled" in info.last_summary


def test_all_feeds_polls_regardless_of_schedule(tmp_path, server, clock):
    db, runner, _ = make(tmp_path, server, clock, a=Route(feed("a", 1), headers={"Cache-Control": "max-age=9999"}))
    runner.poll_round()
    assert runner.poll_round().polled == 0
    assert runner.poll_round(all_feeds=True).polled == 1


def test_another_holder_means_no_poll(tmp_path, server, clock):
    db, runner, rounds = make(tmp_path, server, clock, a=Route(feed("a", 1)))
    with Store(db) as store:
        assert st.acquire(store.conn, "elsewhere:1:x", clock(), ttl=300)
    rnd = runner.poll_round()
    assert rnd.skipped and "elsewhere:1:x" in rnd.skipped and rnd.polled == 0 and not rounds
    assert server.requests == []
    clock.t += 301  # the other holder died: its lease expires
    assert runner.poll_round().polled == 1


def test_stop_before_a_chunk_stores_nothing_more_and_skips_clustering(tmp_path, server, clock):
    db, runner, rounds = make(tmp_path, server, clock, a=Route(feed("a", 1)))
    runner.stop.set()
    rnd = runner.poll_round()
    assert rnd.stopped and rnd.polled == 0 and not rounds
    with Store(db) as store:
        assert st.lease_info(store.conn).holder is None  # released all the same


def test_run_loops_until_stopped(tmp_path, server, clock):
    db, runner, rounds = make(tmp_path, server, clock, a=Route(feed("a", 1)))
    waits: list[float] = []

    def wait(seconds: float) -> bool:
        waits.append(seconds)
        clock.t += seconds
        if len(waits) == 3:
            runner.stop.set()
        return runner.stop.is_set()

    lines: list[str] = []
    runner.log = lines.append
    runner.run(wait=wait)
    assert len(rounds) == 3 and waits == [60, 60, 60] and gets(server, "/a") == 3
    assert all(line.startswith("update: 1 feed polled") for line in lines)


def test_run_from_a_thread_stops_on_the_event(tmp_path, server):
    db, runner, _ = make(tmp_path, server, Clock(), a=Route(feed("a", 1)))
    runner.scheduler = Scheduler(3600)  # a real clock: one round, then a long wait
    runner.clock = runner.scheduler.clock
    t = threading.Thread(target=runner.run)
    t.start()
    for _ in range(100):
        if gets(server, "/a"):
            break
        threading.Event().wait(0.05)
    runner.stop.set()
    t.join(10)
    assert not t.is_alive() and gets(server, "/a") == 1


def test_run_waits_a_while_when_another_process_polls(tmp_path, server, clock):
    db, runner, _ = make(tmp_path, server, clock, a=Route(feed("a", 1)))
    runner.scheduler = Scheduler(900, clock)
    with Store(db) as store:
        st.acquire(store.conn, "elsewhere:1:x", clock(), ttl=10_000)
    waits: list[float] = []
    runner.run(wait=lambda s: waits.append(s) or runner.stop.set() or True)
    assert waits == [30.0] and server.requests == []


def test_a_crashing_round_is_logged_and_live_mode_goes_on(tmp_path, server, clock):
    db, runner, _ = make(tmp_path, server, clock, a=Route(feed("a", 1)))
    runner._recluster = lambda store: 1 / 0
    lines: list[str] = []
    runner.log = lines.append
    waits: list[float] = []

    def wait(seconds: float) -> bool:
        waits.append(seconds)
        clock.t += seconds
        if len(waits) == 2:
            runner.stop.set()
        return runner.stop.is_set()

    runner.run(wait=wait)
    assert lines == ["error: update: ZeroDivisionError: division by zero"] * 2
    with Store(db) as store:
        assert st.lease_info(store.conn).holder is None  # released despite the crash


def test_an_interrupted_write_is_rolled_back_and_the_lease_freed(tmp_path, server, clock):
    db, runner, _ = make(tmp_path, server, clock, a=Route(feed("a", 1)))

    def interrupted(store):
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("DELETE FROM articles")
        raise KeyboardInterrupt

    runner._recluster = interrupted
    with pytest.raises(KeyboardInterrupt):
        runner.poll_round()
    with Store(db) as store:
        assert st.lease_info(store.conn).holder is None and store.count_articles() == 1


def test_live_rounds_skip_clustering_when_there_is_nothing_to_cluster(tmp_path, server, clock):
    db, runner, rounds = make(tmp_path, server, clock, a=Route(rss("empty", [])))
    runner.run(wait=lambda s: runner.stop.set() or True)
    assert rounds == []  # nothing stored, no story due: the engine is not loaded
    runner.stop.clear()
    runner.poll_round(all_feeds=True)
    assert rounds == [1]  # a plain `update` always runs the step (it prints its summary)
