"""A small store for the site's tests: hand-written articles (hostile ones included), clustered
into stories by ``newsbrief.stories`` (or a stand-in while that module is absent)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsbrief.models import Article
from newsbrief.store import Store

T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
XSS_TITLE = "<script>alert('nb-title')</script> Flood closes riverside school"
XSS_TEXT = ("Flood water closed the riverside school in Tewkesbury on Tuesday, officials said. "
            "<img src=x onerror=alert('nb-text')> The river rose two metres overnight after heavy rain. "
            "</p><b>Broken <i>markup here. Teachers moved classes to the town hall for the rest of the week.\n"
            "Parents were told the school would reopen once the water had gone down and the building was safe.")


def _a(n: int, outlet: str, title: str, text: str, hours: float, url: str | None = None) -> Article:
    return Article(id=f"a{n}", title=title, text=text, outlet=outlet, url=url or f"https://{outlet.lower()}.example/{n}",
                   published=T0 + timedelta(hours=hours))


SHIP = ("A cargo ship struck the Kessock bridge near Inverness early on Monday, closing the crossing to traffic. "
        "The coastguard said no one was hurt and the ship's crew of 14 were safe. "
        "Engineers were inspecting the bridge's main span for damage on Monday afternoon. "
        "The ship, carrying timber from Norway, lost power as it approached the narrows, its owners said.")
BANK = ("The central bank raised its main interest rate by a quarter point to 4.5 percent on Thursday. "
        "Governor Maria Lopez said inflation was still too high and further rises could follow. "
        "Markets had expected the move, and the currency barely changed after the announcement. "
        "Mortgage lenders said they would pass the increase on to borrowers within weeks.")

ARTICLES = [
    _a(1, "Reuters", "Cargo ship hits Kessock bridge near Inverness", SHIP, 0),
    _a(2, "BBC", "Ship hits Kessock bridge, crossing closed", SHIP.replace("early on Monday", "on Monday morning")
       + " Police set up diversions through the city centre.", 1),
    _a(3, "AP", "Kessock bridge closed after cargo ship strikes it", "Police closed the Kessock bridge near Inverness "
       "after a cargo ship struck it on Monday. " + SHIP.split(". ", 1)[1], 2),
    _a(4, "Reuters", "Central bank raises interest rate to 4.5 percent", BANK, 30),
    _a(5, "Bloomberg", "Central bank lifts rate to 4.5%, signals more to come", BANK.replace("Thursday", "Thursday morning"), 31),
    _a(6, "Evil Outlet", XSS_TITLE, XSS_TEXT, 50, url="javascript:alert('nb-url')"),
    _a(7, "Data Outlet", "Flood: school in Tewkesbury stays shut", XSS_TEXT.replace("Tuesday", "Wednesday"), 51,
       url="data:text/html,<script>alert(1)</script>"),
]


def stories_api():
    """``newsbrief.stories`` when it exists, else the in-memory stand-in."""
    try:
        mod = importlib.import_module("newsbrief.stories")
    except ImportError:
        mod = None
    if mod is not None and all(hasattr(mod, f) for f in ("update_stories", "list_stories", "get_story")):
        return mod
    from tests.web import fake_stories

    return fake_stories


def build_store(path: Path, articles: list[Article] = ARTICLES) -> Path:
    """Ingest ``articles`` into a new store at ``path`` and cluster them into stories."""
    api = stories_api()
    with Store(path) as store:
        store.add_articles(articles)
        if hasattr(api, "update_stories"):
            api.update_stories(store)
        store.add_feed("https://feeds.example/news.xml", name="<b>Example</b> news")
        feed = store.add_feed("https://broken.example/rss", name="Broken feed")
        store.record_poll(feed.id, error="HTTP 500 <script>alert('nb-feed')</script>")
    return path


@pytest.fixture(scope="session")
def site_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the articles above, clustered (built once per test session)."""
    return build_store(tmp_path_factory.mktemp("web") / "site.db")


def test_client(app):
    """Starlette's TestClient (its import warns that it would rather have ``httpx2``)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


test_client.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def client(site_db: Path):
    """An in-process HTTP client of the site over ``site_db`` (errors come back as responses)."""
    from newsbrief.web import create_app

    with test_client(create_app(site_db, stories=stories_api())) as c:
        yield c


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(site_db: Path):
    """``newsbrief serve`` in a subprocess on a free loopback port: its base URL."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    env = {**os.environ, "NEWSBRIEF_TEST_STORIES": "" if stories_api().__name__ == "newsbrief.stories" else "fake"}
    cmd = [sys.executable, "-m", "newsbrief", "serve", "--db", str(site_db), "--port", str(port)]
    if env["NEWSBRIEF_TEST_STORIES"]:  # newsbrief.stories is absent: serve through the stand-in
        cmd = [sys.executable, "-m", "tests.web.serve_fake", str(site_db), str(port)]
    proc = subprocess.Popen(cmd, env=env, cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/stories.json", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"newsbrief serve exited: {proc.stdout.read() if proc.stdout else ''}")
                time.sleep(0.1)
        else:
            pytest.fail("newsbrief serve did not answer within 10 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
