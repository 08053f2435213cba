"""Atom feeds: valid (feedparser reads them without complaint), escaped, stable ids."""

from __future__ import annotations

import feedparser

from newsbrief.web.atom import build_feed, entry_id


def test_site_feed_is_valid_atom(client):
    r = client.get("/feed.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    stories = client.get("/stories.json").json()["stories"]
    assert len(feed.entries) == len(stories)
    ids = {s["id"] for s in stories}
    for e in feed.entries:
        assert e.id.startswith("tag:newsbrief,2025:story/") and e.id.rsplit("/", 1)[1] in ids
        assert e.link.startswith("http://testserver/stories/")
        assert e.updated_parsed and e.title
    # the hostile title is text in the feed, not markup
    titles = [e.title for e in feed.entries]
    assert any(t.startswith("<script>alert('nb-title')") for t in titles)
    assert b"<script>" not in r.content
    assert "max-age=300" in r.headers["cache-control"]


def test_storyline_feed(client):
    stories = client.get("/stories.json").json()["stories"]
    line = next((s["storyline_id"] for s in stories if s["storyline_id"]), None)
    assert line is not None, "the test store has a storyline (tests/web/conftest.py puts one there)"
    r = client.get(f"/storylines/{line}/feed.atom")
    feed = feedparser.parse(r.content)
    assert not feed.bozo and feed.entries
    assert feed.feed.id == f"tag:newsbrief,2025:storyline/{line}"


def test_feed_survives_characters_xml_cannot_carry():
    card = {"id": "x/1", "headline": "bad \x00\x1b chars \ud800 here", "key_points": ["a\x07b <c> & d"],
            "url": "/stories/x%2F1", "outlets": 1, "articles": 1, "first_seen": "2025-01-01T00:00:00+00:00",
            "last_seen": None, "updated": None, "outlet_names": ["<Out>"]}
    xml = build_feed(title="t", ident="tag:x,2025:feed", self_url="http://h/feed.atom", site_url="http://h/",
                     base="http://h", cards=[card])
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].title == "bad  chars  here"
    assert feed.entries[0].id == entry_id(card) == "tag:newsbrief,2025:story/x%2F1"
    empty = feedparser.parse(build_feed(title="t", ident="tag:x,2025:feed", self_url="http://h/feed.atom",
                                        site_url="http://h/", base="http://h", cards=[]))
    assert not empty.bozo and empty.entries == []
