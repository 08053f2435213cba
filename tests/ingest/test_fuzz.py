"""Every reader on arbitrary and mutated input: a result or a NewsbriefError, never a crash or a hang.

Example counts are modest so the suite stays fast; the per-example deadline catches a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.collect import read_document
from newsbrief.errors import NewsbriefError
from newsbrief.ingest.document import parse_document
from newsbrief.ingest.feeds import ParsedFeed, discover_feeds, html_to_text, parse_feed, parse_opml, sniff
from newsbrief.ingest.records import iter_records, record_articles
from newsbrief.timeutil import date_in_text, parse_since, parse_time

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
FEEDS = [(FIXTURES / n).read_bytes() for n in ("rss2.xml", "rss1.rdf", "atom.xml", "feed.json")]
OPML = (FIXTURES / "feeds.opml").read_bytes()
PAGE = (FIXTURES / "page.html").read_bytes()
RECORDS = [(FIXTURES / "records.jsonl").read_bytes(), (FIXTURES / "records.csv").read_bytes()]
FUZZ = settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    """A seed document with bytes flipped, inserted, deleted, or the tail cut off."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.sampled_from([b"<", b">", b"&", b"]]>", b"<!--", b"\x00", b"\xff\xfe", b'"', b"<item>",
                                              b"<![CDATA[", b"&#xFFFF;", b"{", b"}", b","]))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 50))]
        elif op == "truncate":
            del data[i:]
        else:
            data[i:i] = data[i:i + 200] * draw(st.integers(1, 20))
    return bytes(data)


def check_feed(data: bytes) -> None:
    try:
        f = parse_feed(data, "fuzz.xml", "http://127.0.0.1/feed")
    except NewsbriefError as exc:
        assert exc.item == "fuzz.xml" and exc.message
        return
    assert isinstance(f, ParsedFeed)
    for it in f.items:
        assert isinstance(it.title, str) and isinstance(it.body, str)


@FUZZ
@given(st.binary(max_size=4000))
def test_feed_reader_on_arbitrary_bytes(data):
    check_feed(data)


@FUZZ
@given(mutated(FEEDS))
def test_feed_reader_on_mutated_feeds(data):
    check_feed(data)
    sniff(data)
    discover_feeds(data, "http://127.0.0.1/")


@FUZZ
@given(st.one_of(st.binary(max_size=2000), mutated([OPML])))
def test_opml_reader(data):
    try:
        for url, title in parse_opml(data, "fuzz.opml"):
            assert url.startswith(("http://", "https://")) and isinstance(title, str)
    except NewsbriefError:
        pass


@FUZZ
@given(st.one_of(st.binary(max_size=3000), mutated(RECORDS)), st.sampled_from(["f.jsonl", "f.csv", "f.tsv"]))
def test_record_readers(data, name):
    for item, rec in iter_records(data, name):
        assert item.startswith(name)
        if isinstance(rec, NewsbriefError):
            continue
        try:
            for a in record_articles(rec, item):
                assert a.id and a.text.strip()
        except NewsbriefError:
            pass


@settings(max_examples=30, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000), mutated([PAGE])), st.sampled_from(["f.html", "f.txt", "f.md", "f"]))
def test_document_reader(data, name):
    try:
        a = read_document(data, name)
    except NewsbriefError as exc:  # a bad document is an error naming it, with a message
        assert exc.item == name and exc.message, exc
    else:
        assert a.text.strip()


def test_document_reader_truncated_utf16():
    with pytest.raises(NewsbriefError, match="UTF-16"):
        parse_document(b"\xfe\xff\x00", "f.html")


@FUZZ
@given(st.text(max_size=2000))
def test_text_helpers(text):
    html_to_text(text)
    date_in_text(text)
    parse_time(text)
    try:
        parse_since(text)
    except ValueError:
        pass


class NoNetwork:
    """A fetcher that refuses every URL (fuzzed feeds link anywhere; tests never leave the machine)."""

    def get(self, url, etag=None, last_modified=None):
        raise NewsbriefError(url, "no network in tests")

    def get_many(self, requests):
        for r in requests:
            url = r if isinstance(r, str) else r[0]
            yield url, NewsbriefError(url, "no network in tests")

    def close(self):
        pass


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=3000), mutated(FEEDS + RECORDS + [OPML, PAGE])),
       st.sampled_from(["x.xml", "x.jsonl", "x.csv", "x.opml", "x.html", "x.json", "x.txt", "x"]))
def test_whole_pipeline_never_crashes(tmp_path_factory, data, name):
    from newsbrief.collect import Ingestor
    from newsbrief.store import Store

    d = tmp_path_factory.mktemp("fuzz")
    (d / name).write_bytes(data)
    with Store(d / "s.db") as store:
        report = Ingestor(store, fetcher=NoNetwork()).ingest([str(d / name)])  # type: ignore[arg-type]
        assert store.count_articles() == report.added


UTF_SEEDS = [FEEDS[0].decode("utf-8").encode(c) for c in ("utf-16", "utf-16-be", "utf-32-le")] + [
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY a "&#169;"> <!ENTITY b "x&a;y"> ]>\n' + FEEDS[0].split(b"?>", 1)[1]]


@FUZZ
@given(st.one_of(st.binary(max_size=3000), mutated(UTF_SEEDS)), st.sampled_from(["", "text/html; charset=utf-16",
                                                                                   "application/xml; charset=nope"]))
def test_encodings_and_doctypes(data, content_type):
    from newsbrief.ingest.document import decode
    from newsbrief.ingest.feeds import feed_bytes

    sniff(data, content_type)
    for fn in (lambda: decode(data, "f", content_type, markup=True), lambda: feed_bytes(data, "f", content_type),
               lambda: parse_feed(data, "f.xml", content_type=content_type),
               lambda: read_document(data, "f.html", content_type=content_type)):
        try:
            fn()
        except NewsbriefError:
            pass
