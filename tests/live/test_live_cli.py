"""`newsbrief update` under the poll lease, `update --every` until SIGTERM, `feeds list` schedules."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbrief.live import state as st
from newsbrief.store import Store
from tests.ingest.server import Route, Server, rss

ROOT = Path(__file__).resolve().parents[2]
LONG = " ".join(f"Sentence {i} of a feed item that carries the whole article text." for i in range(20))


def feed(n: int) -> bytes:
    return rss("Local", [{"title": f"item {i}", "guid": f"g{i}", "description": f"Item {i}. {LONG}"}
                         for i in range(n)])


@pytest.fixture
def server():
    with Server() as s:
        yield s


@pytest.fixture(autouse=True)
def no_stories(monkeypatch):
    from newsbrief.commands import feeds

    monkeypatch.setattr(feeds, "_update_stories", lambda store: None)


def test_update_waits_for_no_one_but_refuses_while_another_polls(cli, tmp_path, server):
    server.routes["/f"] = Route(feed(2), content_type="application/rss+xml", headers={"Cache-Control": "max-age=7200"})
    db = tmp_path / "nb.db"
    with Store(db) as s:
        s.add_feed(server.url("/f"))
        assert st.acquire(s.conn, "other:1:x", time.time(), 300)
    r = cli(["update", "--db", str(db)])
    assert r.exit_code == 1 and "another process is polling the feeds (other:1:x)" in r.stderr
    assert server.requests == []
    with Store(db) as s:
        st.release(s.conn, "other:1:x", time.time())
    r = cli(["update", "--db", str(db)])
    assert r.exit_code == 0 and "2 added" in r.stdout
    listed = json.loads(cli(["feeds", "list", "--db", str(db), "--format", "json"]).stdout)[0]
    assert listed["next_poll"] and listed["poll_reason"] == "max-age" and listed["flagged"] is False
    assert "next poll" in cli(["feeds", "list", "--db", str(db)]).stdout


def test_update_every_refuses_a_bad_interval(cli, tmp_path):
    r = cli(["update", "--db", str(tmp_path / "nb.db"), "--every", "soon"])
    assert r.exit_code == 2 and "--every" in r.stderr


@pytest.mark.slow
def test_update_every_polls_until_sigterm(tmp_path, server):
    server.routes["/f"] = Route(feed(1), content_type="application/rss+xml")
    db = tmp_path / "nb.db"
    with Store(db) as s:
        s.add_feed(server.url("/f"))
    proc = subprocess.Popen([sys.executable, "-m", "newsbrief", "update", "--db", str(db), "--every", "1s"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while sum(1 for p, _ in server.requests if p == "/f") < 2 and time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read())
            time.sleep(0.1)
        server.routes["/f"] = Route(feed(3), content_type="application/rss+xml")
        while sum(1 for p, _ in server.requests if p == "/f") < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "update: 1 feed polled" in err and err.rstrip().endswith("newsbrief: stopped")
    with Store(db) as s:
        assert s.count_articles() == 3
        assert st.lease_info(s.conn).holder is None
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_sigterm_mid_round_lets_the_write_finish(tmp_path, server):
    """SIGTERM while a page is being fetched: the chunk is stored and scheduled, then it stops."""
    from tests.ingest.server import page

    server.routes["/slow.html"] = Route(page("Slow page", LONG), delay=2.0)
    server.routes["/f"] = Route(rss("Local", [{"title": "slow", "guid": "slow", "description": "short",
                                               "link": server.url("/slow.html")}]), content_type="application/rss+xml")
    db = tmp_path / "nb.db"
    with Store(db) as s:
        s.add_feed(server.url("/f"))
    proc = subprocess.Popen([sys.executable, "-m", "newsbrief", "update", "--db", str(db), "--every", "1h"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p == "/slow.html" for p, _ in server.requests) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)  # the page is still on its way
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    with Store(db) as s:
        assert s.count_articles() == 1, err  # the write in hand finished
        assert st.load_states(s.conn)[1].next_due is not None and st.lease_info(s.conn).holder is None


def test_serve_update_every_refuses_a_read_only_store_and_a_bad_interval(cli, tmp_path):
    import os

    db = tmp_path / "ro.db"
    Store(db).close()
    r = cli(["serve", "--db", str(db), "--update-every", "never"])
    assert r.exit_code == 2 and "--update-every" in r.stderr
    os.chmod(db, 0o444)
    try:
        if os.access(db, os.W_OK):
            pytest.skip("running as root: a read-only file is still writable")
        r = cli(["serve", "--db", str(db), "--update-every", "15m"])
        assert r.exit_code == 1 and "read-only" in r.stderr
    finally:
        os.chmod(db, 0o644)
