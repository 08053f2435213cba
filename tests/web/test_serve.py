"""``newsbrief serve``: a real server on loopback, 50 clients at once; usage errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest


def test_serve_refuses_a_missing_store(cli, tmp_path):
    r = cli(["serve", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 1
    assert "newsbrief: error:" in r.stderr and "no store here" in r.stderr
    assert not (tmp_path / "missing.db").exists()


def test_serve_help_names_the_defaults(cli):
    r = cli(["serve", "--help"])
    assert r.exit_code == 0 and "127.0.0.1" in r.output and "8000" in r.output


@pytest.mark.slow  # `newsbrief serve` in a subprocess
def test_fifty_concurrent_clients(live_server):
    stories = httpx.get(live_server + "/stories.json").json()["stories"]
    paths = ["/", "/stories.json", "/search.json?q=bridge", "/feed.atom"] + [s["url"] + ".json" for s in stories]
    paths += ["/stories/missing.json"]

    def client(n: int) -> list[int]:
        with httpx.Client(base_url=live_server, timeout=20) as c:
            return [c.get(paths[(n + i) % len(paths)]).status_code for i in range(6)]

    with ThreadPoolExecutor(50) as pool:
        codes = [c for batch in pool.map(client, range(50)) for c in batch]
    assert len(codes) == 300
    assert set(codes) <= {200, 404} and codes.count(404) == sum(
        1 for n in range(50) for i in range(6) if paths[(n + i) % len(paths)] == "/stories/missing.json")


def test_the_site_cannot_write(site_db):
    import sqlite3

    import pytest

    from newsbrief.errors import NewsbriefError
    from newsbrief.web.data import Reader

    store = Reader(site_db).store()
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        store.conn.execute("DELETE FROM articles")
    with pytest.raises(NewsbriefError, match="read-only"), store.transaction():  # a clear refusal
        pass
    assert store.count_articles() > 0


def test_pages_follow_the_store_when_it_changes(tmp_path):
    from newsbrief.models import Article
    from newsbrief.store import Store
    from newsbrief.web import create_app
    from tests.web.conftest import ARTICLES, build_store, test_client

    db = build_store(tmp_path / "live.db", ARTICLES[:3], later=[])
    with test_client(create_app(db)) as c:
        first = c.get("/articles.json")
        assert [a["id"] for a in first.json()["articles"]] == ["a3", "a2", "a1"]
        assert c.get("/articles.json").headers["etag"] == first.headers["etag"]  # cached
        with Store(db) as store:
            store.add_articles([Article(id="new1", title="Late news", text="Something happened late. " * 5,
                                        outlet="AP", published=ARTICLES[2].published)])
        again = c.get("/articles.json")
        assert "new1" in [a["id"] for a in again.json()["articles"]]
        assert again.headers["etag"] != first.headers["etag"]


def test_a_store_without_stories_yet(tmp_path):
    import feedparser

    from newsbrief.store import Store
    from newsbrief.web import create_app
    from tests.web.conftest import ARTICLES, test_client

    with Store(tmp_path / "fresh.db") as store:
        store.add_articles(ARTICLES[:2])
    with test_client(create_app(tmp_path / "fresh.db")) as c:
        assert c.get("/stories.json").json()["stories"] == []
        assert "No stories yet" in c.get("/").text
        assert len(c.get("/articles.json").json()["articles"]) == 2
        feed = feedparser.parse(c.get("/feed.atom").content)
        assert not feed.bozo and feed.entries == []
