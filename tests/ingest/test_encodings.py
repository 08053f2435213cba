"""Readers on inputs other projects' fixtures hold (written here in the same shape): UTF-16/32 feeds
and pages, DOCTYPE internal subsets, OPML with a DOCTYPE, pages opening with <script>/<style>,
and declared or legacy charsets."""

from __future__ import annotations

import pytest

from newsbrief.ingest.document import bom_encoding, decode, parse_document
from newsbrief.ingest.feeds import parse_feed, parse_opml, sniff
from newsbrief.store import Store
from tests.ingest.server import Route

TEXT = "The harbour bridge reopened on Monday after three months of repairs, the council said. " * 3
RSS = ('<?xml version="1.0" encoding="{enc}"?>\n<rss version="2.0"><channel><title>Café Wire</title>'
       '<link>https://example.org/</link><description>d</description>'
       '<item><title>Bridge reopens</title><link>https://example.org/a</link><guid>a</guid>'
       f'<description>{TEXT}</description></item></channel></rss>')
PAGE = ('<html><head><meta charset="{enc}"><title>Café reopens</title></head><body><article><h1>Café reopens</h1>'
        f'<p>{TEXT} The café owners were pleased.</p><p>{TEXT}</p></article></body></html>')


def _stored(db) -> list[dict]:
    with Store(db) as s:
        return s.article_rows(with_text=True)


@pytest.mark.parametrize("codec,bom", [("utf-16", True), ("utf-16-le", False), ("utf-16-be", False),
                                       ("utf-32", True), ("utf-32-le", False), ("utf-32-be", False)])
def test_utf16_and_utf32_feeds(codec, bom):
    label = codec.upper()[:6]
    data = RSS.format(enc=label).encode(codec)
    assert data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) is bom
    assert bom_encoding(data) is not None and sniff(data) == "rss"
    f = parse_feed(data, "f.xml")
    assert f.title == "Café Wire" and [it.title for it in f.items] == ["Bridge reopens"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-32-le"])
def test_utf16_and_utf32_pages(codec):
    a = parse_document(PAGE.format(enc=codec.upper()[:6]).encode(codec), "p.html")
    assert a.title == "Café reopens" and "café owners" in a.text


def test_doctype_with_an_internal_subset_is_skipped_by_the_sniffer():
    data = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY nbsp "&#160;">\n  <!ENTITY arrow "-&gt;>">\n'
            '  <!ENTITY wire "Harbour Wire">\n]>\n' + RSS.split("?>", 1)[1].replace("Café Wire", "&wire;")).encode()
    assert sniff(data) == "rss"
    f = parse_feed(data, "f.xml")
    assert f.items[0].title == "Bridge reopens" and f.title == "Harbour Wire" and not f.warning


def test_opml_with_a_doctype():
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE opml SYSTEM "opml.dtd">\n<!-- my list -->\n<opml version="2.0"><head>'
            b'<title>Mine</title></head><body><outline text="Wire" xmlUrl="https://example.org/rss"/></body></opml>')
    assert sniff(data) == "opml"
    assert parse_opml(data, "l.opml") == [("https://example.org/rss", "Wire")]


@pytest.mark.parametrize("opening", ["<script>var feed = '<rss>';</script>", "<style>p { margin: 0 }</style>",
                                     "<!-- built --><meta charset='utf-8'>", "<link rel='stylesheet' href='s.css'>"])
def test_pages_opening_with_head_elements_are_pages(opening):
    data = (opening + PAGE.format(enc="utf-8")).encode()
    assert sniff(data) == "html" and sniff(data, name="x.html") == "html"
    assert "café owners" in parse_document(data, "p").text


def test_html_named_file_opening_with_script_is_ingested_as_a_page(cli, tmp_path):
    p = tmp_path / "story.html"
    p.write_bytes(("<script>window.x = 1 < 2;</script>\n" + PAGE.format(enc="utf-8")).encode())
    r = cli(["ingest", "--db", str(tmp_path / "nb.db"), str(p)])
    assert r.exit_code == 0 and "1 added" in r.stdout, r.stderr
    assert _stored(tmp_path / "nb.db")[0]["title"] == "Café reopens"


@pytest.mark.parametrize("how", ["header", "meta", "xml", "none"])
def test_latin1_and_windows1252_pages(how, cli, tmp_path, server):
    enc = {"header": "ISO-8859-1", "meta": "windows-1252", "xml": "latin1", "none": "x-unknown"}[how]
    html = PAGE.format(enc=enc if how == "meta" else "none").replace(' charset="none"', "")
    if how == "xml":
        html = f'<?xml version="1.0" encoding="{enc}"?>' + html
    body = html.replace("pleased.", "pleased \u2014 \u201cfinally\u201d.").encode("cp1252")
    ctype = "text/html; charset=ISO-8859-1" if how == "header" else "text/html"
    server.routes["/p"] = Route(body, content_type=ctype)
    r = cli(["ingest", "--db", str(tmp_path / "nb.db"), server.url("/p")])
    assert r.exit_code == 0, r.stderr
    text = _stored(tmp_path / "nb.db")[0]["text"]
    assert "café owners" in text and "\u201cfinally\u201d" in text


def test_latin1_feed_declared_only_by_the_http_header():
    data = RSS.replace('<?xml version="1.0" encoding="{enc}"?>\n', "").encode("latin-1")
    assert parse_feed(data, "f.xml", content_type="application/rss+xml; charset=iso-8859-1").title == "Café Wire"


def test_plain_text_in_an_undeclared_charset_is_still_refused():
    with pytest.raises(Exception, match="UTF-8"):
        decode("Caf\xe9 opens".encode("latin-1"), "a.txt")
    assert decode("Caf\xe9 opens".encode("latin-1"), "a.html", markup=True) == "Café opens"


def test_list_markers_stay_out_of_sentences():
    items = "".join(f"<li>Point number {i} of the council's plan for the harbour bridge.</li>" for i in range(3))
    html = PAGE.format(enc="utf-8").replace("</article>", f"<ul>{items}</ul></article>").encode()
    text = parse_document(html, "p.html").text
    assert "Point number 1 of the council" in text
    assert not any(line.lstrip().startswith(("- ", "* ", "\u2022 ")) for line in text.splitlines())


def test_ingest_reads_utf32_and_doctype_feeds_as_feeds_not_raw_xml(cli, tmp_path, server):
    long_item = RSS.replace(TEXT, TEXT * 5)  # a full-text item: stored from the feed, no page fetched
    (tmp_path / "u32.xml").write_bytes(long_item.format(enc="UTF-32").encode("utf-32"))
    subset = '<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY copy "&#169;"> ]>\n' + long_item.split("?>", 1)[1]
    (tmp_path / "subset.rss").write_bytes(subset.replace("Bridge reopens", "Bridge reopens again").replace(
        "https://example.org/a", "https://example.org/b").encode())
    server.routes["/feed.xml"] = Route(long_item.format(enc="utf-8").replace("/a<", "/c<").encode())
    (tmp_path / "list.opml").write_bytes(
        ('<?xml version="1.0"?>\n<!DOCTYPE opml>\n<opml version="1.0"><body>'
         f'<outline text="Local" xmlUrl="{server.url("/feed.xml")}"/></body></opml>').encode())
    db = tmp_path / "nb.db"
    r = cli(["ingest", "--db", str(db), str(tmp_path / "u32.xml"), str(tmp_path / "subset.rss"),
             str(tmp_path / "list.opml")])
    assert r.exit_code == 0 and "3 added" in r.stdout and "warning" not in r.stderr, r.stderr
    rows = _stored(db)
    assert sorted(a["url"] for a in rows) == ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
    assert all("<rss" not in a["text"] and a["outlet"] == "Café Wire" for a in rows)
