"""Issue 14's site fixes over a store whose ids hold "/" (as `{"id", "documents"}` records make
them) and which has a wire copy: every internal link works (a crawl), outlets are named on
cards, an article links to its story, copies are marked, empty filters say so, a favicon."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from newsbrief.models import Article
from newsbrief.store import Store
from tests.web.conftest import ARTICLES, BANK, LATER, SHIP, T0, build_store, test_client

SLASH_ID = "story7/0"
COPY_ID = "wire/copy?1#x"  # "?" and "#" too: a link must quote them


@pytest.fixture(scope="module")
def slash_client(tmp_path_factory):
    from datetime import timedelta

    from newsbrief.web import create_app

    extra = [Article(id=SLASH_ID, title="Bridge inspection finds no serious damage", outlet="Herald",
                     url="https://herald.example/" + "very-long-path-segment-" * 12, text=SHIP.replace("Monday", "Sunday"),
                     published=T0 + timedelta(hours=3)),
             Article(id=COPY_ID, title="Central bank raises interest rate to 4.5 percent (wire)", outlet="Wire Daily",
                     url="https://wiredaily.example/bank", text=BANK, published=T0 + timedelta(hours=32))]
    db = build_store(tmp_path_factory.mktemp("slash") / "slash.db", ARTICLES + extra, LATER)
    with test_client(create_app(db)) as c:
        yield c


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        if tag in ("a", "link") and d.get("href"):
            self.links.append(d["href"])


def test_ids_with_a_slash_work_on_every_page(slash_client):
    for path in ("/articles/story7%2F0", "/articles/story7/0", "/articles/story7%2F0.json"):
        r = slash_client.get(path)
        assert r.status_code == 200, (path, r.text[:200])
    assert slash_client.get("/articles/story7%2F0.json").json()["article"]["id"] == SLASH_ID
    r = slash_client.get("/articles/wire%2Fcopy%3F1%23x.json")
    assert r.status_code == 200 and r.json()["article"]["id"] == COPY_ID
    assert slash_client.get("/articles/story7%2F1").status_code == 404
    assert "story7%2F0" in slash_client.get("/articles").text


def test_crawl_finds_no_dead_internal_link(slash_client):
    """From the front page, every internal link of every page (HTML and each JSON twin) answers 200."""
    seen: set[str] = set()
    todo = ["/", "/articles?limit=200", "/feeds", "/search?q=bridge"]
    dead = []
    while todo and len(seen) < 400:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        r = slash_client.get(path)
        if r.status_code != 200:
            dead.append((path, r.status_code))
            continue
        if not r.headers["content-type"].startswith("text/html"):
            continue
        parser = Links()
        parser.feed(r.text)
        for href in parser.links:
            url = urldefrag(urljoin("http://testserver" + path, href))[0]
            parts = urlsplit(url)
            if parts.netloc != "testserver":
                continue
            todo.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert not dead, dead
    assert any(unquote(p).startswith("/articles/story7/0") for p in seen)
    assert any(p.startswith("/articles/wire%2Fcopy%3F1%23x") for p in seen)
    assert any(p.startswith("/storylines/") and p.endswith("/feed.atom") for p in seen)
    assert len(seen) > 20


def test_cards_name_their_outlets(slash_client):
    stories = slash_client.get("/stories.json").json()["stories"]
    bridge = next(s for s in stories if "Kessock" in s["headline"] or "bridge" in s["headline"].lower())
    assert {"Reuters", "BBC", "AP"} <= set(bridge["outlet_names"])
    assert bridge["outlets_line"].endswith("more") or " and " in bridge["outlets_line"]
    page = slash_client.get("/").text
    assert "1 outlet<" not in page and bridge["outlets_line"] in page


def test_outlets_line():
    from newsbrief.web.pages import outlets_line

    assert outlets_line(["Reuters"], 1) == "Reuters"
    assert outlets_line(["Reuters", "BBC"], 2) == "Reuters and BBC"
    assert outlets_line(["Reuters", "BBC", "AP"], 3) == "Reuters, BBC and AP"
    assert outlets_line(["Reuters", "BBC", "AP", "Guardian"], 7) == "Reuters, BBC, AP and 4 more"
    assert outlets_line([], 2) == ""


def test_article_links_to_its_story_and_copies_are_marked(slash_client):
    a = slash_client.get("/articles/a2.json").json()["article"]
    assert a["story"] and a["story"]["url"].startswith("/stories/")
    assert f'href="{a["story"]["url"]}"' in slash_client.get("/articles/a2").text
    copy = slash_client.get("/articles/wire%2Fcopy%3F1%23x.json").json()["article"]
    assert copy["duplicate_of"]["id"] == "a4"
    html = slash_client.get("/articles/wire%2Fcopy%3F1%23x").text
    assert "Wire copy." in html and 'href="/articles/a4"' in html
    story = slash_client.get(copy["story"]["url"] + ".json").json()
    marked = [s for s in story["sources"] if s.get("copy_of")]
    assert marked and marked[0]["copy_of"]["id"] == "a4"
    assert "copy of" in slash_client.get(copy["story"]["url"]).text
    listing = slash_client.get("/articles?outlet=Wire+Daily").text
    assert "copy of" in listing and 'href="/articles/a4"' in listing


def test_empty_filters_say_so(slash_client):
    data = slash_client.get("/stories.json?min_outlets=50").json()
    assert data["stories"] == [] and data["note"] == "No stories match these filters."
    assert "No stories yet" not in slash_client.get("/?min_outlets=50").text
    assert "No stories match" in slash_client.get("/?since=2000-01-01&min_outlets=40").text
    art = slash_client.get("/articles.json?outlet=Nobody").json()
    assert art["articles"] == [] and art["note"] == "No articles match these filters."
    assert "Show all articles" in slash_client.get("/articles?outlet=Nobody").text


def test_a_store_without_stories_still_says_no_stories_yet(tmp_path):
    from newsbrief.web import create_app

    with Store(tmp_path / "empty.db") as s:
        s.add_articles(ARTICLES[:1])
    with test_client(create_app(tmp_path / "empty.db")) as c:
        assert "No stories yet" in c.get("/").text


def test_favicon(slash_client):
    r = slash_client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon" and r.content[:4] == b"\0\0\1\0"
    assert "max-age=86400" in r.headers["cache-control"] and r.headers["x-content-type-options"] == "nosniff"
    svg = slash_client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert 'rel="icon"' in slash_client.get("/").text


def test_feeds_page_shows_schedule_and_flags_a_week_of_failures(tmp_path):
    from newsbrief.live import state as st
    from newsbrief.live.schedule import FeedState
    from newsbrief.web import create_app

    db = tmp_path / "feeds.db"
    now = T0.timestamp()
    with Store(db) as s:
        ok = s.add_feed("https://ok.example/rss", name="Fine feed")
        bad = s.add_feed("https://bad.example/rss", name="Dead feed")
        s.record_poll(bad.id, error="HTTP 500")
        import time

        st.save_state(s.conn, FeedState(ok.id, next_due=time.time() + 900, delay=900, reason="interval"))
        st.save_state(s.conn, FeedState(bad.id, next_due=time.time() + 86_400, delay=86_400, reason="backoff",
                                        failures=12, failing_since=time.time() - 8 * 86_400, last_error="HTTP 500"))
        st.acquire(s.conn, "x", now, 60)
        st.release(s.conn, "x", now + 5, "2 feeds polled")
    with test_client(create_app(db)) as c:
        data = c.get("/feeds.json").json()
        assert data["live"]["last_update"] == "2025-03-04T08:00:05+00:00" and data["live"]["updating"] is False
        fine, dead = data["feeds"]
        assert fine["next_poll"] and not fine["flagged"] and fine["failures"] == 0
        assert dead["flagged"] and dead["health"] == "failing" and dead["failures"] == 12
        html = c.get("/feeds").text
        assert "polled daily" in html and 'class="table-wrap"' in html
        assert "Updated" in c.get("/").text


def test_an_overlong_request_line_gets_the_json_error_shape(live_server):
    """uvicorn's own 400 (the request never reaches the app) in the site's error shape."""
    import socket
    import time

    host, port = urlsplit(live_server).hostname, urlsplit(live_server).port
    with socket.create_connection((host, port), timeout=10) as sock:
        # the first part alone: the server holds an incomplete request line past h11's limit
        sock.sendall(b"GET /search?q=" + b"a" * 40_000)
        time.sleep(0.3)
        try:
            sock.sendall(b"a" * 30_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        except OSError:
            pass  # it answered and closed already
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    lower = head.lower()
    assert b"content-type: application/json" in lower and b"content-security-policy:" in lower
    assert b"x-content-type-options: nosniff" in lower
    assert re.match(rb'\{"ok": false, "error": "bad request: .+", "status": 400\}', body), body


def test_stylesheet_keeps_narrow_screens_from_scrolling_sideways():
    css = (Path(__file__).resolve().parents[2] / "src/newsbrief/web/static/style.css").read_text()
    assert "overflow-wrap: anywhere" in css and ".table-wrap" in css


def test_story_page_names_its_outlets(slash_client):
    sid = slash_client.get("/stories.json").json()["stories"][0]["id"]
    story = slash_client.get(f"/stories/{sid}.json").json()["story"]
    assert story["outlets_line"] and story["outlets_line"] in slash_client.get(f"/stories/{sid}").text
