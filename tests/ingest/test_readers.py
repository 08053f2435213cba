"""The pure readers: feeds, OPML, records, dates, URLs (bytes in, items out; no network, no store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsbrief.errors import NewsbriefError
from newsbrief.ingest.feeds import discover_feeds, html_to_text, parse_feed, parse_opml, sniff
from newsbrief.ingest.records import iter_records, parse_map, record_articles
from newsbrief.timeutil import date_in_text, iso, parse_since, parse_time
from newsbrief.urls import canonical_url, domain, id_for_url, is_http, looks_like_url


def read(fixtures, name: str) -> bytes:
    return (fixtures / name).read_bytes()


# -- feeds ---------------------------------------------------------------------------------------

def test_rss2(fixtures):
    f = parse_feed(read(fixtures, "rss2.xml"), "rss2.xml", "https://gazette.example/rss")
    assert (f.title, f.kind, f.lang, f.warning) == ("Harbour Town Gazette", "rss20", "en-gb", "")
    full, short = f.items
    assert full.title == "Ferry service resumes after winter storms" and full.authors == ("Ann Lee",)
    assert full.published == datetime(2025, 3, 4, 7, 30, tzinfo=UTC)  # +0100 -> UTC
    assert len(full.content.split()) > 150 and "\n" in full.content and "<p>" not in full.content
    assert full.guid == "gazette-1001"
    assert short.link == "https://gazette.example/news/library-hours"  # relative link resolved
    assert short.body == "The town library will open until nine on weekdays from April."


def test_rss1_atom_and_json_feed(fixtures):
    rdf = parse_feed(read(fixtures, "rss1.rdf"), "rss1.rdf")
    assert (rdf.kind, rdf.title, rdf.items[0].link) == ("rss10", "Valley Courier", "https://valley.example/2025/bridge")
    assert rdf.items[0].published == datetime(2025, 3, 1, 10, tzinfo=UTC)
    atom = parse_feed(read(fixtures, "atom.xml"), "atom.xml")
    e = atom.items[0]
    assert (atom.kind, e.authors, e.published) == ("atom10", ("Bo Grant", "Cy Dunn"), datetime(2025, 3, 5, 11, 15, tzinfo=UTC))
    assert e.updated == datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
    js = parse_feed(read(fixtures, "feed.json"), "feed.json")
    assert (js.kind, js.title) == ("jsonfeed", "Lakeside Daily")
    assert js.items[0].authors == ("Di Moss",) and js.items[0].link == "https://lakeside.example/regatta"
    assert js.items[1].body == "Only HTML content, no link."


@pytest.mark.parametrize("data,message", [
    (b"<rss><channel><item><title>broken", "malformed XML"),
    (b"<!DOCTYPE html><html><body><p>Just a page</p></body></html>", "not a feed: it is an HTML page"),
    (b"<urlset><url><loc>http://x/</loc></url></urlset>", "not a feed"),
    (b'{"items": 3}', "not a feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": 3}', "malformed JSON Feed"),
    (b"\x00\x01\x02binary\xff" * 50, "binary"),
    (b"   ", "empty"),
    (b'<?xmlencoding="\x80"?><!----><r', "unreadable feed"),  # crashed feedparser (found by the fuzz test)
])
def test_bad_feeds_are_clear_errors(data, message):
    with pytest.raises(NewsbriefError, match=message) as exc:
        parse_feed(data, "feed.xml")
    assert exc.value.item == "feed.xml"


def test_malformed_feed_with_readable_items_warns_and_keeps_them():
    data = (b'<rss version="2.0"><channel><title>T</title><item><title>One</title><link>http://x.example/1</link></item>'
            b"<item><title>Two &nbsp; broken</item></channel></rss>")
    f = parse_feed(data, "f.xml")
    assert [i.link for i in f.items][:1] == ["http://x.example/1"] and "malformed XML" in f.warning


def test_mislabelled_encoding_is_read():
    data = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café Noël</title></channel></rss>'
    f = parse_feed(data.encode("latin-1"), "f.xml")
    assert f.title.startswith("Caf")


def test_opml(fixtures):
    assert parse_opml(read(fixtures, "feeds.opml"), "f.opml") == [
        ("https://gazette.example/rss", "Harbour Town Gazette"), ("https://valley.example/rss", "Courier")]
    with pytest.raises(NewsbriefError, match="malformed OPML"):
        parse_opml(b"<opml><body><outline", "f.opml")
    with pytest.raises(NewsbriefError, match="no http"):
        parse_opml(b"<opml><body><outline text='x'/></body></opml>", "f.opml")
    with pytest.raises(NewsbriefError, match="OPML") as exc:  # no entity expansion, no external entities
        parse_opml(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body><outline xmlUrl="&e;"/></body></opml>',
                   "f.opml")
    assert "root:" not in str(exc.value)


def test_sniff(fixtures):
    assert sniff(read(fixtures, "rss2.xml")) == "rss"
    assert sniff(read(fixtures, "rss1.rdf")) == "rdf"
    assert sniff(read(fixtures, "atom.xml")) == "atom"
    assert sniff(read(fixtures, "feed.json")) == "jsonfeed"
    assert sniff(read(fixtures, "feeds.opml")) == "opml"
    assert sniff(read(fixtures, "page.html")) == "html"
    assert sniff(b"\xef\xbb\xbf  <!-- c --><rss>") == "rss"
    assert sniff(b"plain text") == "other" and sniff(b"x", "text/html") == "html"


def test_html_to_text_and_feed_discovery(fixtures):
    assert html_to_text("<p>One &amp; two</p><script>bad()</script><p>Three<br>four</p>") == "One & two\nThree\nfour"
    assert discover_feeds(read(fixtures, "page.html"), "https://herald.example/2025/02/x") == ["https://herald.example/rss.xml"]


# -- records -------------------------------------------------------------------------------------

def test_jsonl_records(fixtures):
    recs = list(iter_records(read(fixtures, "records.jsonl"), "r.jsonl"))
    assert [i for i, _ in recs] == ["r.jsonl:1", "r.jsonl:2", "r.jsonl:4", "r.jsonl:5", "r.jsonl:6", "r.jsonl:7"]
    assert isinstance(recs[3][1], NewsbriefError) and "not JSON" in recs[3][1].message
    assert isinstance(recs[5][1], NewsbriefError) and "object" in recs[5][1].message
    a = record_articles(recs[0][1], "r.jsonl:1")[0]
    assert (a.id, a.outlet, a.url, a.published) == ("rec-1", "Farm Weekly", "https://farm.example/harvest",
                                                    datetime(2024, 10, 2, 8, tzinfo=UTC))
    b = record_articles(recs[1][1], "r.jsonl:2")[0]
    assert (b.title, b.outlet, b.published) == ("Market hall reopens", "Town Post", datetime(2024, 10, 5, tzinfo=UTC))
    c = record_articles(recs[2][1], "r.jsonl:4")[0]
    assert c.id == record_articles(recs[2][1], "again")[0].id  # made from the text: stable
    with pytest.raises(NewsbriefError, match="empty text"):
        record_articles(recs[4][1], "r.jsonl:6")


def test_csv_records_with_a_map(fixtures):
    fm = parse_map(["id=story_id,title=headline", "text=body,outlet=site,published=when"])
    rows = list(iter_records(read(fixtures, "records.csv"), "r.csv"))
    arts = [record_articles(r, i, fm)[0] for i, r in rows[:2]]
    assert [(a.id, a.title, a.outlet) for a in arts] == [("s-1", "Tram line extended", "Metro News"),
                                                         ("s-2", "Bakery wins prize", "Food Daily")]
    assert arts[1].published == datetime(2024, 11, 3, tzinfo=UTC)
    with pytest.raises(NewsbriefError, match="empty text"):
        record_articles(rows[2][1], rows[2][0], fm)
    with pytest.raises(NewsbriefError, match="no 'body' field"):
        record_articles({"story_id": "x"}, "r.csv:9", fm)


def test_bad_encoding_in_one_line_fails_that_line_only():
    data = b'{"id": "1", "text": "fine"}\n{"id": "2", "text": "caf\xe9"}\n{"id": "3", "text": "fine too"}\n'
    out = list(iter_records(data, "x.jsonl"))
    assert [isinstance(r, NewsbriefError) for _, r in out] == [False, True, False]
    assert "UTF-8" in out[1][1].message
    csv_out = list(iter_records(b"id,text\n1,ok\n2,caf\xe9\n3,fine\n", "x.csv"))
    assert [isinstance(r, NewsbriefError) for _, r in csv_out] == [False, True, False]


def test_documents_form_gives_one_article_per_document():
    arts = record_articles({"id": "s", "documents": ["first text here", {"text": "second"}, ""]}, "x:1")
    assert [a.id for a in arts] == ["s/0", "s/1"]


@pytest.mark.parametrize("spec", ["title", "title=", "=x", "colour=hue"])
def test_bad_map_is_a_usage_error(spec):
    with pytest.raises(ValueError):
        parse_map([spec])


# -- dates and URLs ------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("2025-06-02T10:00:00Z", datetime(2025, 6, 2, 10, tzinfo=UTC)),
    ("2025-06-02T12:00:00+02:00", datetime(2025, 6, 2, 10, tzinfo=UTC)),
    ("2025-06-02", datetime(2025, 6, 2, tzinfo=UTC)),
    ("Mon, 02 Jun 2025 10:00:00 +0000", datetime(2025, 6, 2, 10, tzinfo=UTC)),
    ("June 2, 2025 10:00", datetime(2025, 6, 2, 10, tzinfo=UTC)),
    (1748858400, datetime(2025, 6, 2, 10, tzinfo=UTC)),
    ("1850-01-01", None), ("2999-01-01", None), ("not a date", None), ("", None), (None, None), (True, None),
])
def test_parse_time(value, expected):
    assert parse_time(value) == expected


def test_date_in_text():
    assert date_in_text("Friday, January 4, 2019\n\nAn apartment block fell.") == datetime(2019, 1, 4, tzinfo=UTC)
    assert date_in_text("LONDON, 3 Sept. 2024 (Wire) - Talks resumed.") == datetime(2024, 9, 3, tzinfo=UTC)
    assert date_in_text("No date near the top. " * 30 + "March 3, 2020") is None


def test_parse_since():
    now = datetime(2025, 6, 2, 12, tzinfo=UTC)
    assert parse_since("24h", now) == now - timedelta(hours=24)
    assert parse_since("7d", now) == now - timedelta(days=7)
    assert parse_since("2025-06-01") == datetime(2025, 6, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="--since"):
        parse_since("yesterday")
    assert iso(datetime(2025, 6, 2, 12, 0, 0, 123, tzinfo=UTC)) == "2025-06-02T12:00:00+00:00"


def test_urls():
    assert canonical_url("HTTPS://WWW.Example.org:443/a/b?utm_source=rss&id=3&fbclid=x#top") == "https://www.example.org/a/b?id=3"
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("ftp://example.org/x") == "" and canonical_url("/relative") == ""
    assert domain("https://www.bbc.co.uk/news") == "bbc.co.uk" and domain("notaurl") == ""
    assert is_http("http://127.0.0.1:8000/x") and not is_http("file:///etc/passwd") and not is_http("http://")
    assert looks_like_url("file:///x") and looks_like_url("http://x") and not looks_like_url("dir/file.xml")
    assert id_for_url("https://example.org/a?utm_medium=x") == id_for_url("https://EXAMPLE.org/a")


def test_one_date_policy_for_every_record_reader():
    """A record's ``published`` is kept when plausible (1990 to two days from now), else unknown:
    ingest, batch, ``brief --jsonl`` and ``cluster --jsonl`` read records alike."""
    from newsbrief.commands.cluster import record_article

    kept = {"id": "a", "text": "Some text here.", "published": "2024-10-02T08:00:00Z"}
    for bad in ("2031-01-01T00:00:00+00:00", "1970-01-01", 0):
        rec = {**kept, "published": bad}
        assert record_articles(rec, "x")[0].published is None and record_article(rec, "x").published is None
    assert record_articles(kept, "x")[0].published == record_article(kept, "x").published == datetime(2024, 10, 2, 8,
                                                                                                      tzinfo=UTC)


def test_record_options_title_only_and_links():
    rec = {"id": "h", "title": "Ferry sinks off coast", "duplicate_of": "o"}
    with pytest.raises(NewsbriefError, match="text"):
        record_articles(rec, "x")
    a = record_articles(rec, "x", title_only=True, links=True)[0]
    assert (a.title, a.text, a.content_hash, a.duplicate_of) == ("Ferry sinks off coast", "", "", "o")
    assert record_articles({**rec, "text": "Body."}, "x")[0].duplicate_of is None  # ingest finds its own links
