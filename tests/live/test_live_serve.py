"""`newsbrief serve --update-every 1s` in a subprocess against a local feed that changes: the new
story shows on the site without a restart, and SIGTERM stops it cleanly with the store intact."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsbrief.store import Store
from tests.ingest.server import Route, Server, page, rss
from tests.web.conftest import BANK, SHIP, free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def wait_for(what: str, check, seconds: float = 60.0, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            got = check()
            if got:
                return got
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"serve exited ({proc.returncode}) while waiting for {what}: {proc.stderr.read()}")
        time.sleep(0.2)
    pytest.fail(f"no {what} within {seconds:g} s")


def test_serve_update_every_sees_new_stories_and_stops_cleanly_on_sigterm(tmp_path):
    db = tmp_path / "live.db"
    with Server() as server:
        # summary items: each article page is fetched from the same local server
        server.routes["/ship.html"] = Route(page("Cargo ship hits Kessock bridge", *SHIP.split(". ")))
        server.routes["/bank.html"] = Route(page("Central bank raises interest rate to 4.5 percent", *BANK.split(". ")))
        ship = {"title": "Cargo ship hits Kessock bridge", "guid": "ship-1", "description": "A ship hit a bridge.",
                "link": server.url("/ship.html")}
        bank = {"title": "Central bank raises interest rate to 4.5 percent", "guid": "bank-1",
                "description": "Rates rise.", "link": server.url("/bank.html")}
        server.routes["/feed.xml"] = Route(rss("Local News", [ship]), content_type="application/rss+xml",
                                           headers={"Cache-Control": "max-age=0"})
        with Store(db) as store:
            store.add_feed(server.url("/feed.xml"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([sys.executable, "-m", "newsbrief", "serve", "--db", str(db), "--port", str(port),
                                 "--update-every", "1s"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            first = wait_for("first story", lambda: get_json(base + "/stories.json")["stories"], proc=proc)
            assert "Kessock" in first[0]["headline"]
            server.routes["/feed.xml"] = Route(rss("Local News", [bank, ship]), content_type="application/rss+xml")
            stories = wait_for("the new story", lambda: [s for s in get_json(base + "/stories.json")["stories"]
                                                        if "bank" in s["headline"].lower()], proc=proc)
            front = urllib.request.urlopen(base + "/", timeout=5).read().decode()
            assert stories[0]["headline"].split()[0] in front and "Updated" in front
            feeds = get_json(base + "/feeds.json")
            assert feeds["live"]["last_update"] and feeds["feeds"][0]["next_poll"]
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT holder FROM leases WHERE name = 'poll'").fetchone()[0] is None
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    finally:
        conn.close()
