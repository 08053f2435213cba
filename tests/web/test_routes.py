"""Every route of the site, HTML and JSON, in-process over a real store."""

from __future__ import annotations

import re

import pytest

HTML_ROUTES = ["/", "/stories", "/articles", "/search?q=bridge", "/feeds", "/search"]
JSON_ROUTES = ["/stories.json", "/articles.json", "/search.json?q=bridge", "/feeds.json"]


def first_story(client) -> dict:
    stories = client.get("/stories.json").json()["stories"]
    assert stories, "the test store has no stories"
    return stories[0]


def test_front_page_lists_stories_as_cards(client):
    data = client.get("/stories.json").json()
    assert data["ok"] is True and len(data["stories"]) >= 3
    for s in data["stories"]:
        assert s["id"] and s["url"] == f"/stories/{s['id']}"
        assert s["headline"] and 1 <= len(s["key_points"]) <= 3
        assert s["outlets"] >= 1 and s["articles"] >= 1 and s["first_seen"]
    page = client.get("/").text
    top = data["stories"][0]
    assert f'href="/stories/{top["id"]}"' in page
    assert "outlet" in page and "Read the brief" in page
    assert client.get("/stories").text == page


@pytest.mark.parametrize("path", HTML_ROUTES)
def test_html_routes(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert r.text.startswith("<!doctype html>") and "</html>" in r.text


@pytest.mark.parametrize("path", JSON_ROUTES)
def test_json_routes(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["ok"] is True


def test_story_page_and_twin(client):
    sid = first_story(client)["id"]
    data = client.get(f"/stories/{sid}.json").json()
    assert data["story"]["id"] == sid
    brief = data["brief"]
    assert brief["headline"] and brief["key_points"] and brief["summary"]
    source_ids = {s["id"] for s in data["sources"]}
    for p in brief["key_points"] + brief["summary"]:
        assert p["sources"], p
        for c in p["sources"]:
            assert c["article_id"] in source_ids and c["n"] >= 1 and c["outlet"]
            assert c["page"].startswith(f"/articles/{c['article_id']}")
    page = client.get(f"/stories/{sid}").text
    for p in brief["key_points"]:
        c = p["sources"][0]
        # the sentence links to its article, outlet and time on hover, and a footnote to the source list
        assert f'href="{c["page"]}"' in page
        assert f'title="{c["outlet"]}' in page
    assert 'id="src-1"' in page and 'href="#src-1"' in page
    assert data["versions"] and data["versions"][0]["headline"]
    if data["storyline"]:
        assert any(t["current"] for t in data["storyline"]["stories"])


def test_story_sentence_link_marks_the_cited_span(client):
    sid = first_story(client)["id"]
    c = client.get(f"/stories/{sid}.json").json()["brief"]["key_points"][0]["sources"][0]
    art = client.get(c["page"].split("#")[0].replace(f"/articles/{c['article_id']}", f"/articles/{c['article_id']}.json"))
    assert art.status_code == 200
    span = art.json()["article"]["highlight"]
    assert span == [c["start"], c["end"]]
    page = client.get(c["page"].split("#")[0]).text
    assert '<mark id="hl">' in page


def test_article_page_and_twin(client):
    data = client.get("/articles/a1.json").json()
    a = data["article"]
    assert a["id"] == "a1" and a["outlet"] == "Reuters" and a["url"].startswith("https://")
    assert "Kessock" in a["text"] and a["words"] > 10 and data["revisions"] == []
    page = client.get("/articles/a1").text
    assert "Cargo ship hits Kessock bridge" in page and 'href="https://reuters.example/1"' in page


def test_articles_list_filters_and_paging(client):
    data = client.get("/articles.json?limit=2").json()
    assert len(data["articles"]) == 2 and data["paging"]["next"] and data["paging"]["prev"] is None
    nxt = client.get("/articles.json" + data["paging"]["next"]).json()
    assert nxt["paging"]["offset"] == 2 and nxt["paging"]["prev"]
    assert {a["id"] for a in nxt["articles"]}.isdisjoint(a["id"] for a in data["articles"])
    only = client.get("/articles.json?outlet=reuters").json()["articles"]
    assert {a["outlet"] for a in only} == {"Reuters"}
    assert client.get("/articles.json?since=2025-03-06").json()["articles"][0]["id"] in ("a6", "a7")
    assert len(client.get("/articles.json?since=2025-03-06").json()["articles"]) == 2
    page = client.get("/articles?limit=2").text
    assert 'rel="next"' in page


def test_stories_paging_and_filters(client):
    everything = client.get("/stories.json").json()["stories"]
    one = client.get("/stories.json?limit=1").json()
    assert [s["id"] for s in one["stories"]] == [everything[0]["id"]]
    assert one["paging"]["next"] == "?limit=1&offset=1"
    second = client.get("/stories.json?limit=1&offset=1").json()["stories"]
    assert [s["id"] for s in second] == [everything[1]["id"]]
    multi = client.get("/stories.json?min_outlets=3").json()["stories"]
    assert multi and all(s["outlets"] >= 3 for s in multi)
    late = client.get("/stories.json?since=2025-03-06").json()["stories"]
    assert late and all(s["last_seen"] >= "2025-03-06" for s in late)
    assert client.get("/?since=2025-03-06&min_outlets=2").status_code == 200


def test_search_with_snippets(client):
    data = client.get("/search.json?q=kessock").json()
    assert data["query"] == "kessock" and data["results"]
    for r in data["results"]:
        assert r["page"] == f"/articles/{r['id']}"
        assert r["matches"], r
        for s, e in r["matches"]:
            assert r["snippet"][s:e].lower() == "kessock"
    page = client.get("/search?q=kessock").text
    assert "<mark>Kessock</mark>" in page
    assert client.get("/search.json?q=").json()["results"] == []
    # not valid FTS5 syntax: searched as plain words
    assert client.get('/search.json?q=bridge" AND (').status_code == 200
    paged = client.get("/search.json?q=kessock&limit=1").json()
    assert len(paged["results"]) == 1 and paged["paging"]["next"]


def test_feeds_page_shows_health(client):
    data = client.get("/feeds.json").json()["feeds"]
    health = {f["label"]: f["health"] for f in data}
    assert health == {"<b>Example</b> news": "never polled", "Broken feed": "error"}
    page = client.get("/feeds").text
    assert "&lt;b&gt;Example&lt;/b&gt; news" in page and "health-error" in page


def test_storyline_page_twin_and_missing(client):
    stories = client.get("/stories.json").json()["stories"]
    sid = next((s["id"] for s in stories if s["storyline_id"]), None)
    assert sid is not None, "the test store has a storyline (tests/web/conftest.py puts one there)"
    line = client.get(f"/stories/{sid}.json").json()["story"]["storyline_id"]
    assert line is not None
    data = client.get(f"/storylines/{line}.json").json()["storyline"]
    assert data["id"] == str(line) and sid in [s["id"] for s in data["stories"]]
    firsts = [s["first_seen"] or "" for s in data["stories"]]
    assert firsts == sorted(firsts)
    assert f'href="/stories/{sid}"' in client.get(f"/storylines/{line}").text


def test_openapi_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/stories.json", "/stories/{story_id}.json", "/search.json", "/articles/{article_id}.json",
                 "/feed.atom", "/storylines/{storyline_id}/feed.atom"):
        assert path in spec["paths"], path
    docs = client.get("/docs")  # rendered here, offline, without scripts
    assert docs.status_code == 200 and "GET /stories/{story_id}.json" in docs.text
    assert "<script" not in docs.text and "script-src" not in docs.headers["content-security-policy"]


def test_static_stylesheet(client):
    r = client.get("/static/style.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "max-age=86400" in r.headers["cache-control"]


def test_etag_and_not_modified(client):
    r = client.get("/stories.json")
    etag = r.headers["etag"]
    again = client.get("/stories.json", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert re.fullmatch(r'"[0-9a-f]+"', etag)


def test_head_is_get_without_body(client):
    r = client.head("/stories.json")
    assert r.status_code == 200 and r.content == b""
    assert int(r.headers["content-length"]) > 0


def test_key_facts_link_to_their_sentences(client):
    stories = client.get("/stories.json").json()["stories"]
    bank = next(s for s in stories if "rate" in s["headline"].lower())
    data = client.get(f"/stories/{bank['id']}.json").json()
    names = [e["name"] for e in data["facts"]["who"]]
    assert "Maria Lopez" in names
    page = client.get(bank["url"]).text
    assert "Key facts" in page and "Maria Lopez" in page
    assert '<a class="fn" href="/articles/' in page


def test_versions_and_whats_new(client):
    stories = client.get("/stories.json").json()["stories"]
    bridge = next(s for s in stories if "Kessock" in s["headline"])
    data = client.get(bridge["url"] + ".json").json()
    assert [v["version"] for v in data["versions"]] == [2, 1] and data["brief"]["version"] == 2
    assert all(v["key_points"] for v in data["versions"])
    ch = data["changes"]
    assert ch["since_version"] == 1 and [a["id"] for a in ch["new_articles"]] == ["a8"]
    assert any("reopen" in p for p in ch["points"])
    page = client.get(bridge["url"]).text
    assert "What's new since version 1" in page and "Earlier versions" in page and "Version 1" in page
