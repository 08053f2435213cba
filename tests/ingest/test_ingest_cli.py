"""`newsbrief ingest`: every kind of source, bad input named and skipped, idempotent re-runs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsbrief.store import Store
from tests.ingest.server import Route, page, rss

LONG = " ".join(f"Paragraph words number {i} describe the harbour works in some detail." for i in range(20))


def ingest(cli, db: Path, *args: str, env: dict | None = None, input: bytes | None = None):
    return cli(["ingest", "--db", str(db), *args], env=env, input=input)


def stored(db: Path) -> dict[str, dict]:
    with Store(db) as s:
        return {r["id"]: r for r in s.article_rows(with_text=True)}


def test_files_folders_globs_and_stdin(cli, tmp_path, fixtures):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Ferry back in service\n\nThe ferry to Gull Island runs again after the storms.\n")
    (src / "sub" / "b.md").write_text("# Library hours\n\nThe **library** opens until nine on weekdays from April.\n")
    (src / "sub" / "c.html").write_bytes((fixtures / "page.html").read_bytes())
    (src / ".hidden.txt").write_text("Never read: hidden files are skipped in a folder walk.")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
    db = tmp_path / "nb.db"
    r = ingest(cli, db, str(src))
    assert r.exit_code == 0, r.stderr
    assert "3 added" in r.stdout and "skipped 2" in r.stderr
    arts = stored(db)
    html = next(a for a in arts.values() if a["title"] == "Council approves new cycle lanes")
    assert html["outlet"] == "Riverside Herald" and html["authors"] == ["Eve Park"]
    assert html["canonical_url"] == "https://herald.example/2025/02/cycle-lanes" and not html["published_estimated"]
    assert {a["title"] for a in arts.values()} >= {"Ferry back in service", "Library hours"}
    # a glob, and stdin
    (tmp_path / "g1.txt").write_text("Glob one\n\nText of the first file matched by a glob pattern.\n")
    r = ingest(cli, db, str(tmp_path / "g*.txt"), "-", input=b"From stdin\n\nAn article piped in on standard input.\n")
    assert r.exit_code == 0 and "2 added" in r.stdout, r.stdout + r.stderr
    # all again: nothing new
    r = ingest(cli, db, str(src), str(tmp_path / "g*.txt"))
    assert r.exit_code == 0 and "0 added" in r.stdout and "4 unchanged" in r.stdout
    # a changed file is a new revision of the same article
    (src / "a.txt").write_text("Ferry back in service\n\nThe ferry to Gull Island runs again, twice a day.\n")
    r = ingest(cli, db, str(src / "a.txt"))
    assert "1 revision" in r.stdout and len(stored(db)) == 5


def test_bad_files_are_named_and_the_rest_is_stored(cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A good article\n\nThis one is plain UTF-8 text and is stored.\n")
    (tmp_path / "binary.bin").write_bytes(os.urandom(5000).replace(b"\n", b"\x00"))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 opens\n\nThe caf\xe9 opens on Monday.".encode("latin-1"))
    (tmp_path / "empty.html").write_bytes(b"<html><body><nav>Home</nav></body></html>")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    with open(tmp_path / "huge.txt", "wb") as f:
        f.truncate(100 * 2**20)  # a 100 MB file (sparse: no time spent writing it)
    names = ["binary.bin", "latin1.txt", "empty.html", "blank.txt", "huge.txt", "missing.txt"]
    r = ingest(cli, tmp_path / "nb.db", str(good), *(str(tmp_path / n) for n in names))
    assert r.exit_code == 1 and "1 added" in r.stdout and "6 failed" in r.stdout
    lines = r.stderr.strip().splitlines()
    for name, why in zip(names, ["binary", "UTF-8", "no article text", "empty", "too large", "no such file"], strict=True):
        line = next((ln for ln in lines if name in ln), "")
        assert line.startswith("newsbrief: error: ") and why in line, (name, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout


def test_feed_with_summaries_fetches_pages_and_survives_a_bad_one(cli, tmp_path, server):
    items = [
        {"title": "Full item", "link": server.url("/full.html"), "description": "s", "content": f"<p>{LONG}</p>",
         "pubDate": "Tue, 04 Mar 2025 08:00:00 GMT"},
        {"title": "Summary item", "link": server.url("/p1.html?utm_source=feed"), "description": "Just a teaser.",
         "pubDate": "Tue, 04 Mar 2025 09:00:00 GMT"},
        {"title": "Broken item", "link": server.url("/p2.html"), "description": "Another teaser."},
    ]
    server.routes["/feed.xml"] = Route(rss("Local Wire", items), content_type="application/rss+xml")
    server.routes["/p1.html"] = Route(page("Page one title", "The page of the summary item has the full story. " * 8))
    server.routes["/p2.html"] = Route(b"oops", status=500)
    db = tmp_path / "nb.db"
    r = ingest(cli, db, server.url("/feed.xml"))
    assert r.exit_code == 1 and "2 added" in r.stdout
    assert f"newsbrief: error: {server.url('/p2.html')}: HTTP 500" in r.stderr
    arts = {a["title"]: a for a in stored(db).values()}
    assert set(arts) == {"Full item", "Summary item"} and all(a["outlet"] == "Local Wire" for a in arts.values())
    p1 = arts["Summary item"]
    assert "full story" in p1["text"] and p1["published"] == "2025-03-04T09:00:00+00:00"
    assert p1["canonical_url"] == server.url("/p1.html") and p1["source"] == server.url("/feed.xml")
    assert not any(path.startswith("/full.html") for path, _ in server.requests)  # full text: no fetch
    r = ingest(cli, db, server.url("/feed.xml"))
    assert "0 added" in r.stdout and "2 unchanged" in r.stdout and "1 failed" in r.stdout
    assert sum(path.startswith("/p1.html") for path, _ in server.requests) == 1  # stored: not fetched again
    # the page changed: ingesting it directly stores a revision
    server.routes["/p1.html"] = Route(page("Page one title", "The story was updated with new facts. " * 8))
    r = ingest(cli, db, server.url("/p1.html?utm_source=feed"))
    assert "1 revision" in r.stdout and stored(db)[p1["id"]]["revision"] == 2


def test_hostile_urls_each_fail_alone(cli, tmp_path, server):
    server.routes["/ok.html"] = Route(page("Good page", "A perfectly good article about the harbour works. " * 5))
    server.routes["/loop"] = Route(redirect="/loop")
    server.routes["/hang"] = Route(hang=30)
    server.routes["/err"] = Route(b"", status=500)
    server.routes["/big"] = Route(stream_bytes=100 * 2**20)
    server.routes["/nav.html"] = Route(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    paths = ["/loop", "/hang", "/err", "/big", "/nav.html"]
    r = ingest(cli, tmp_path / "nb.db", server.url("/ok.html"), *map(server.url, paths), "file:///etc/passwd",
               "ftp://example.org/feed", env={"NEWSBRIEF_FETCH_TIMEOUT": "0.5"})
    # each hostile URL cost one request (no retry storm); the 100 MiB body was cut at the 20 MiB cap
    # (what the server wrote: the cap plus the socket buffers, far short of the whole)
    assert [server.fetches(p) for p in ("/hang", "/err", "/big", "/nav.html")] == [1, 1, 1, 1]
    assert server.sent.get("/big", 0) < 100 * 2**20 // 2
    assert r.exit_code == 1 and "1 added" in r.stdout and "7 failed" in r.stdout
    for path, why in zip(paths, ["too many redirects", "timed out", "HTTP 500", "too large", "no article text"], strict=True):
        assert f"error: {server.url(path)}: " in r.stderr and why in r.stderr, (path, r.stderr)
    assert "error: file:///etc/passwd: only http(s)" in r.stderr and "root:" not in r.stdout + r.stderr


def test_ten_thousand_item_feed(cli, tmp_path, server, monkeypatch):
    from newsbrief import collect as pipeline

    monkeypatch.setattr(pipeline, "MAX_PAGE_FETCHES", 5)
    items = [{"title": f"Item {i}", "link": server.url(f"/i/{i}"), "description": f"Teaser {i}."} for i in range(10_000)]
    server.routes["/big.xml"] = Route(rss("Firehose", items), content_type="application/rss+xml")
    for i in range(5):
        server.routes[f"/i/{i}"] = Route(page(f"Item {i}", f"Story number {i} in full, with enough words to keep. " * 4))
    r = ingest(cli, tmp_path / "nb.db", server.url("/big.xml"))
    assert r.exit_code == 0 and "5 added" in r.stdout, r.stderr
    # the work is bounded by the fetch cap, not by the feed: one feed fetch, 5 page fetches, 5 rows stored
    assert server.fetches("/big.xml") == 1 and server.fetches("/i/") == 5 and len(stored(tmp_path / "nb.db")) == 5
    assert "warning" in r.stderr and "10000 items need their page fetched" in r.stderr


def test_opml_and_feed_files(cli, tmp_path, server, fixtures):
    server.routes["/a.xml"] = Route(rss("Feed A", [{"title": "A1", "description": LONG, "guid": "a1"}]))
    server.routes["/b.xml"] = Route(b"gone", status=404)
    server.routes["/regatta"] = Route(page("Regatta", "Five thousand people lined the lake shore on Sunday. " * 6))
    server.routes["/snow"] = Route(page("Snow", "Heavy snow closed the mountain pass on Wednesday morning. " * 6))
    (tmp_path / "list.opml").write_text(
        f'<opml version="2.0"><body><outline xmlUrl="{server.url("/a.xml")}"/>'
        f'<outline xmlUrl="{server.url("/b.xml")}"/></body></opml>')
    # the fixture feeds, their links pointed at the local server (tests never leave 127.0.0.1)
    (tmp_path / "feed.json").write_text((fixtures / "feed.json").read_text().replace(
        "https://lakeside.example/regatta", server.url("/regatta")))
    (tmp_path / "atom.xml").write_text((fixtures / "atom.xml").read_text().replace(
        "https://hill.example/snow-pass", server.url("/snow")))
    db = tmp_path / "nb.db"
    r = ingest(cli, db, str(tmp_path / "list.opml"), str(tmp_path / "feed.json"), str(tmp_path / "atom.xml"))
    assert r.exit_code == 1 and "1 failed" in r.stdout and f"{server.url('/b.xml')}: HTTP 404" in r.stderr
    arts = {a["title"]: a for a in stored(db).values()}
    assert arts["A1"]["outlet"] == "Feed A"
    regatta = arts["Rowing regatta draws record crowd"]
    assert regatta["authors"] == ["Di Moss"] and "lake shore" in regatta["text"] and regatta["outlet"] == "Lakeside Daily"
    snow = arts["Snow closes mountain pass"]
    assert snow["authors"] == ["Bo Grant", "Cy Dunn"] and snow["published"] == "2025-03-05T11:15:00+00:00"
    assert "Only HTML content, no link." in {a["text"] for a in arts.values()}


def test_records_with_a_map_and_usage_errors(cli, tmp_path, fixtures):
    db = tmp_path / "nb.db"
    r = ingest(cli, db, str(fixtures / "records.jsonl"))
    assert r.exit_code == 1 and "3 added" in r.stdout and "3 failed" in r.stdout
    assert "records.jsonl:5: not JSON" in r.stderr and "records.jsonl:6: empty text" in r.stderr
    r = ingest(cli, db, str(fixtures / "records.csv"), "--map", "id=story_id,title=headline,text=body,outlet=site,"
               "published=when", "--format", "json")
    summary = json.loads(r.stdout)
    assert (summary["added"], summary["failed"]) == (2, 1) and summary["errors"][0]["input"].endswith("records.csv:4")
    assert stored(db)["s-2"]["published"] == "2024-11-03T00:00:00+00:00"
    assert ingest(cli, db, str(fixtures / "records.csv"), "--map", "colour=x").exit_code == 2
    assert ingest(cli, db).exit_code == 2


def test_dates_and_outlets_fall_back(cli, tmp_path):
    (tmp_path / "r.jsonl").write_text(
        json.dumps({"id": "dated", "url": "https://www.news.example/x", "text": "Friday, January 4, 2019\nA story."}) + "\n"
        + json.dumps({"id": "undated", "text": "No date anywhere in this one."}) + "\n")
    ingest(cli, tmp_path / "nb.db", str(tmp_path / "r.jsonl"))
    arts = stored(tmp_path / "nb.db")
    assert arts["dated"]["published"] == "2019-01-04T00:00:00+00:00" and arts["dated"]["outlet"] == "news.example"
    assert arts["undated"]["published_estimated"] and arts["undated"]["outlet"] == ""


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_articles_and_search_commands(cli, tmp_path, fixtures, fmt):
    db = tmp_path / "nb.db"
    ingest(cli, db, str(fixtures / "records.jsonl"))
    r = cli(["articles", "--db", str(db), "--format", fmt])
    assert r.exit_code == 0
    if fmt == "json":
        rows = json.loads(r.stdout)
        assert [a["id"] for a in rows if a["id"].startswith("rec")] == ["rec-2", "rec-1"] and {"id", "url", "outlet", "title", "published"} <= set(rows[0])
    else:
        assert "Market hall reopens" in r.stdout and "Town Post" in r.stdout
    r = cli(["search", "harvest", "--db", str(db), "--format", fmt])
    assert r.exit_code == 0 and "Orchard" in r.stdout
    mark = {"text": "[harvest]", "markdown": "**harvest**", "json": "<b>harvest</b>"}[fmt]
    assert mark in r.stdout


def test_articles_filters(cli, tmp_path, fixtures):
    db = tmp_path / "nb.db"
    ingest(cli, db, str(fixtures / "records.jsonl"))
    ids = lambda *a: [x["id"] for x in json.loads(cli(["articles", "--db", str(db), "--format", "json", *a]).stdout)]  # noqa: E731
    assert ids("--outlet", "farm weekly") == ["rec-1"]
    assert ids("--since", "2024-10-03") == [i for i in ids() if i != "rec-1"]
    assert ids("--since", "1h") == [i for i in ids() if i not in ("rec-1", "rec-2")]
    assert len(ids("--limit", "1")) == 1
    assert cli(["articles", "--db", str(db), "--since", "last week"]).exit_code == 2
    r = cli(["search", "zeppelin", "--db", str(db)])
    assert r.exit_code == 0 and r.stdout == "" and "no matches" in r.stderr
