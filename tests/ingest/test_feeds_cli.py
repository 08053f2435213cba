"""`newsbrief feeds add/list/remove` and `newsbrief update` against a local server."""

from __future__ import annotations

import json

import pytest

from newsbrief.store import Store
from tests.ingest.server import Route, page, rss

LONG = " ".join(f"Sentence {i} of a long feed item that carries the whole article text." for i in range(20))


@pytest.fixture(autouse=True)
def no_stories(monkeypatch):
    """`update` re-clusters through newsbrief.stories when it exists; these tests check the feeds."""
    from newsbrief.commands import feeds

    monkeypatch.setattr(feeds, "_update_stories", lambda store: None)


def feed(title: str, n: int, prefix: str) -> bytes:
    return rss(title, [{"title": f"{prefix} {i}", "guid": f"{prefix}-{i}", "description": f"{prefix} {i}. {LONG}"}
                       for i in range(n)])


def test_add_list_update_conditional_and_remove(cli, tmp_path, server):
    server.routes["/a.xml"] = Route(feed("Alpha News", 3, "alpha"), etag='"a1"', content_type="application/rss+xml")
    server.routes["/b.xml"] = Route(feed("Beta Times", 2, "beta"), content_type="application/rss+xml")
    db = ["--db", str(tmp_path / "nb.db")]
    r = cli(["feeds", "add", server.url("/a.xml"), "--name", "Alpha", *db])
    assert r.exit_code == 0 and r.stdout.startswith("feed 1: Alpha")
    assert cli(["feeds", "add", server.url("/b.xml"), *db]).stdout.startswith("feed 2: Beta Times")
    r = cli(["update", *db])
    assert r.exit_code == 0 and "5 added" in r.stdout, r.stderr
    feeds = json.loads(cli(["feeds", "list", "--format", "json", *db]).stdout)
    assert [(f["item_count"], f["article_count"], f["last_error"]) for f in feeds] == [(3, 3, None), (2, 2, None)]
    assert feeds[0]["etag"] == '"a1"' and feeds[0]["last_success"]
    text = cli(["feeds", "list", *db]).stdout
    assert "Alpha" in text and "last success 20" in text and "3 items" in text
    # second poll: Alpha answers 304 to its ETag, Beta is read again and has nothing new
    r = cli(["update", *db])
    assert r.exit_code == 0 and "0 added" in r.stdout
    alpha_gets = [h for p, h in server.requests if p == "/a.xml"]
    assert alpha_gets[-1].get("if-none-match") == '"a1"'
    # a feed that starts failing is recorded, the other still polled
    server.routes["/b.xml"] = Route(b"down", status=503)
    server.routes["/a.xml"] = Route(feed("Alpha News", 4, "alpha"), etag='"a2"')
    r = cli(["update", *db])
    assert r.exit_code == 1 and "1 added" in r.stdout and f"error: {server.url('/b.xml')}: HTTP 503" in r.stderr
    text = cli(["feeds", "list", *db]).stdout
    assert "last error" in text and "HTTP 503" in text
    assert cli(["feeds", "remove", "2", *db]).exit_code == 0
    r = cli(["feeds", "remove", "2", *db])
    assert r.exit_code == 1 and "no such feed" in r.stderr
    with Store(tmp_path / "nb.db") as s:
        assert len(s.feeds()) == 1 and s.count_articles() == 6


def test_add_checks_the_url(cli, tmp_path, server):
    db = ["--db", str(tmp_path / "nb.db")]
    server.routes["/home"] = Route(b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head>'
                                   b"<body><p>Welcome</p></body></html>")
    server.routes["/rss"] = Route(feed("Discovered", 1, "d"), content_type="application/rss+xml")
    server.routes["/plain"] = Route(page("Just a page", "No feed is linked from this page at all. " * 5))
    r = cli(["feeds", "add", server.url("/home"), *db])
    assert r.exit_code == 0 and server.url("/rss") in r.stdout
    r = cli(["feeds", "add", server.url("/plain"), *db])
    assert r.exit_code == 1 and "not a feed" in r.stderr
    assert cli(["feeds", "add", "ftp://example.org/rss", *db]).exit_code == 2
    r = cli(["feeds", "add", server.url("/missing"), "--no-check", *db])
    assert r.exit_code == 0
    r = cli(["update", *db])
    assert r.exit_code == 1 and "HTTP 404" in r.stderr and "1 added" in r.stdout


def test_a_registered_feed_that_turns_into_html_is_an_error(cli, tmp_path, server):
    db = ["--db", str(tmp_path / "nb.db")]
    server.routes["/f"] = Route(feed("F", 1, "f"))
    cli(["feeds", "add", server.url("/f"), *db])
    server.routes["/f"] = Route(b'<html><head><link rel="alternate" type="application/atom+xml" href="/new"></head></html>')
    r = cli(["update", *db])
    assert r.exit_code == 1 and "not a feed: it is an HTML page; it links to a feed: " + server.url("/new") in r.stderr


def test_opml_import_and_empty_update(cli, tmp_path, fixtures):
    db = ["--db", str(tmp_path / "nb.db")]
    r = cli(["update", *db])
    assert r.exit_code == 0 and "no feeds" in r.stderr
    r = cli(["feeds", "add", str(fixtures / "feeds.opml"), *db])
    assert r.exit_code == 0 and "2 feeds added" in r.stdout
    assert "Harbour Town Gazette" in cli(["feeds", "list", *db]).stdout


def test_update_clusters_and_briefs_the_new_articles(cli, tmp_path, server, monkeypatch):
    monkeypatch.undo()  # the real stories step, not the stand-in the other tests use
    server.routes["/f"] = Route(feed("F", 1, "f"))
    db = ["--db", str(tmp_path / "nb.db")]
    cli(["feeds", "add", server.url("/f"), *db])
    r = cli(["update", *db])
    assert r.exit_code == 0 and "stories: 1 articles clustered: 1 new stories" in r.stdout
    again = cli(["update", *db])
    assert "stories: 0 articles clustered" in again.stdout
