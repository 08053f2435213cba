"""A feed's page fetching under hostile pages: one deadline per feed per run (the rest carried to
the next run), and links that point into the private network refused."""

from __future__ import annotations

import time

from newsbrief import collect as pipeline
from newsbrief.store import Store
from tests.ingest.server import Route, page, rss


def _titles(db) -> set[str]:
    with Store(db) as s:
        return {r["title"] for r in s.article_rows()}


def test_hanging_pages_cost_one_deadline_and_the_rest_come_next_run(cli, tmp_path, server, monkeypatch):
    monkeypatch.setattr(pipeline, "FEED_PAGES_TIMEOUTS", 4)  # 4 x 0.3 s for all of a feed's pages
    items = [{"title": f"Item {i}", "link": server.url(f"/p{i}"), "description": f"Teaser {i}."} for i in range(12)]
    server.routes["/feed.xml"] = Route(rss("Slow Site", items), content_type="application/rss+xml")
    for i in range(12):
        server.routes[f"/p{i}"] = Route(hang=30)
    db = tmp_path / "nb.db"
    t = time.monotonic()
    r = cli(["ingest", "--db", str(db), server.url("/feed.xml")], env={"NEWSBRIEF_FETCH_TIMEOUT": "0.3"})
    assert time.monotonic() - t < 4 * 0.3 + 3  # not 12 x 0.3 s (nor 12 x 0.9 s for trickling pages)
    assert r.exit_code == 1 and "next run fetches them" in r.stderr
    for i in range(12):  # the site recovers: the next run fetches what was left
        server.routes[f"/p{i}"] = Route(page(f"Item {i}", f"The full story number {i}, told in enough words. " * 4))
    r = cli(["ingest", "--db", str(db), server.url("/feed.xml")], env={"NEWSBRIEF_FETCH_TIMEOUT": "0.3"})
    assert r.exit_code == 0, r.stderr
    assert _titles(db) == {f"Item {i}" for i in range(12)}


def test_feed_links_into_the_private_network_are_refused(cli, tmp_path, server, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE", "0")
    items = [{"title": "Own host", "link": server.url("/own"), "description": "Teaser."},
             {"title": "Elsewhere", "link": f"http://localhost:{server.port}/own", "description": "Teaser."},
             {"title": "Redirected", "link": server.url("/jump"), "description": "Teaser."}]
    server.routes["/feed.xml"] = Route(rss("Local", items), content_type="application/rss+xml")
    server.routes["/own"] = Route(page("Own host", "A page on the feed's own host is fetched as usual. " * 4))
    server.routes["/jump"] = Route(redirect=f"http://localhost:{server.port}/own")
    db = tmp_path / "nb.db"
    r = cli(["ingest", "--db", str(db), server.url("/feed.xml")])
    assert r.exit_code == 1 and "1 added" in r.stdout and "2 failed" in r.stdout
    assert f"error: http://localhost:{server.port}/own: refused" in r.stderr
    assert f"error: {server.url('/jump')}: refused" in r.stderr
    # the same links in a local feed file: none is the user's own host
    feed = tmp_path / "local.xml"
    server.routes["/own2"] = Route(page("Own two", "Another page on the same host, told in enough words. " * 4))
    feed.write_bytes(rss("Local", [{"title": "Own two", "link": server.url("/own2"), "description": "Teaser."}]))
    r = cli(["ingest", "--db", str(db), str(feed)])
    assert r.exit_code == 1 and "refused" in r.stderr
    r = cli(["ingest", "--db", str(db), "--allow-private", str(feed)])
    assert r.exit_code == 0, r.stderr
