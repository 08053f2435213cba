"""Feeds and feed lists, bytes -> items (pure: no network, no store).

RSS 2.0, RSS 1.0 (RDF) and Atom through feedparser; JSON Feed 1.x read here; OPML lists of
feeds; feed autodiscovery in HTML pages; :func:`sniff` tells which of these some bytes are.
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from newsbrief.errors import NewsbriefError
from newsbrief.ingest.document import HTML_ELEMENTS, bom_encoding, decode, markup_root, sniff_text
from newsbrief.timeutil import from_struct, parse_time
from newsbrief.urls import is_http

_DOCTYPE = re.compile(r"<!DOCTYPE\b[^>\[]*(?:\[(.*?)\]\s*)?>", re.S | re.I)
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b[^>\[]*(?:\[.*?\]\s*)?>", re.S | re.I)
_DOCTYPE_BYTES = re.compile(rb"<!DOCTYPE\b", re.I)
_ENTITY = re.compile(r"""<!ENTITY\s+([\w.-]+)\s+(["'])(.*?)\2\s*>""", re.S)
_FEED_ROOTS = {"rss": "rss", "feed": "atom", "rdf": "rdf", "opml": "opml"}
_XML_DECL_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)[\"'][^\"']*[\"']", re.I)
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote|/tr|/section|/article|p|li|h[1-6])\b[^>]*>", re.I)
_DROP = re.compile(r"<\s*(script|style|noscript|template)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass(frozen=True)
class FeedItem:
    """One feed entry. ``summary`` and ``content`` are plain text (HTML stripped)."""

    title: str = ""
    link: str = ""
    guid: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    authors: tuple[str, ...] = ()
    lang: str = ""

    @property
    def body(self) -> str:
        """The longest text the feed carries for this item."""
        return self.content if len(self.content) >= len(self.summary) else self.summary


@dataclass(frozen=True)
class ParsedFeed:
    """A feed: its title, site link, language, items; ``warning`` when it was malformed but readable."""

    title: str = ""
    link: str = ""
    lang: str = ""
    kind: str = ""
    items: list[FeedItem] = field(default_factory=list)
    warning: str = ""


def sniff(data: bytes, content_type: str = "", name: str = "") -> str:
    """What some bytes are: ``rss``, ``rdf``, ``atom``, ``jsonfeed``, ``opml``, ``html``, ``json``, ``xml``
    or ``other``, judged by the first element (past the declaration, comments and a DOCTYPE with
    its internal subset; in any UTF), then by ``name`` (``.html``) and the Content-Type."""
    head = sniff_text(data)
    body = head.lstrip("\ufeff \t\r\n")
    if body.startswith(("{", "[")):
        return "jsonfeed" if "jsonfeed.org" in head else "json"
    root, doctype_html = markup_root(head)
    if root in _FEED_ROOTS:
        return _FEED_ROOTS[root]
    if doctype_html or root in HTML_ELEMENTS or name.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    if root:
        return "xml"
    return "html" if "html" in content_type.lower() else "other"


def feed_bytes(data: bytes, item: str, content_type: str = "") -> bytes:
    """Feed bytes in any UTF or declared charset -> UTF-8 bytes whose XML declaration says so
    (feedparser then reads UTF-16/32 without a BOM, and charsets only the HTTP header declares),
    with a DOCTYPE's internal entities written out and the DOCTYPE dropped (feedparser's strict
    parser calls a well-formed internal subset malformed)."""
    doctype = _DOCTYPE_BYTES.search(data, 0, 65536) is not None
    if bom_encoding(data) in (None, "utf-8-sig") and not content_type and not doctype:
        try:
            data.decode("utf-8")
            return data  # already UTF-8 (or whatever its declaration says: feedparser reads that)
        except UnicodeDecodeError:
            pass
    text = decode(data, item, content_type, markup=True).lstrip("\ufeff")
    text = _without_doctype(text)
    return _XML_DECL_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")


def _without_doctype(text: str) -> str:
    """The DOCTYPE dropped, its internal text entities (``<!ENTITY name "value">``) written out
    once (never re-expanded: no entity bombs); other entities are left to feedparser."""
    pos, m = 0, None
    while (step := _PROLOG_ITEM.match(text, pos)) and step.end() > pos:  # the prolog only, not comments
        if step.group()[:9].upper() == "<!DOCTYPE":
            m = _DOCTYPE.match(text, step.start())
            break
        pos = step.end()
    if m is None:
        return text
    entities = {name: value for name, _q, value in _ENTITY.findall(m.group(1) or "")}
    rest = text[m.end():]
    if entities:
        rest = re.sub(r"&([\w.-]+);", lambda e: entities.get(e.group(1), e.group(0)), rest)
    return text[:m.start()] + rest


def html_to_text(fragment: str) -> str:
    """HTML (or plain text) -> plain text, one paragraph a line; fast, for feed bodies."""
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        text = _DROP.sub(" ", fragment)
        text = _BLOCK.sub("\n", text)
        text = html.unescape(_TAG.sub("", text))
    lines = (_SPACES.sub(" ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def parse_feed(data: bytes, item: str, url: str = "", content_type: str = "") -> ParsedFeed:
    """RSS / RDF / Atom / JSON Feed bytes -> ParsedFeed. ``item`` names the input in errors;
    ``url`` (the feed's own) resolves relative links; ``content_type`` (the HTTP header) may
    declare the charset. Raises NewsbriefError when it is not a feed."""
    kind = sniff(data)
    if kind == "jsonfeed":
        return _parse_jsonfeed(data, item, url)
    if kind == "html":
        raise NewsbriefError(item, "not a feed: it is an HTML page")
    if kind in ("json", "opml"):
        raise NewsbriefError(item, f"not a feed: it is {'an OPML list' if kind == 'opml' else 'JSON but not a JSON Feed'}")
    if not data.strip():
        raise NewsbriefError(item, "empty input")
    if b"\x00" in data[:8192] and bom_encoding(data) in (None, "utf-8-sig"):
        raise NewsbriefError(item, "binary data, not a feed")
    data = feed_bytes(data, item, content_type)
    import feedparser

    # A stream, never bytes: feedparser.parse(bytes) would try the bytes as a file name.
    try:
        d = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False,
                             response_headers={"content-location": url} if url else None)
    except Exception as exc:  # noqa: BLE001 - feedparser itself trips on some hostile bytes (found by fuzzing)
        raise NewsbriefError(item, f"unreadable feed ({type(exc).__name__}: {str(exc)[:100]})") from None
    error = _xml_error(d)
    if not d.get("version") and not d.entries:
        raise NewsbriefError(item, error or "not a feed (no RSS, Atom or JSON Feed found)")
    base = url or d.feed.get("link", "")
    items = [it for it in (_entry(e, base) for e in d.entries) if it.link or it.body or it.title]
    if error and not items:
        raise NewsbriefError(item, error)
    feed = d.feed
    return ParsedFeed(title=html_to_text(feed.get("title", "") or ""), link=feed.get("link", "") or "",
                      lang=(feed.get("language") or "")[:20], kind=d.get("version") or kind, items=items,
                      warning=f"{error}; read {len(items)} items anyway" if error else "")


def _xml_error(d: dict) -> str:
    exc = d.get("bozo_exception") if d.get("bozo") else None
    if exc is None or type(exc).__name__ in ("CharacterEncodingOverride", "NonXMLContentType"):
        return ""
    # (no line numbers: feedparser re-writes the XML declaration, so they would be off by one)
    msg = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return f"malformed XML: {msg}"


def _entry(e: dict, base: str) -> FeedItem:
    contents = [html_to_text(c.get("value") or "") for c in (e.get("content") or []) if isinstance(c, dict)]
    authors = tuple(a.get("name", "").strip() for a in (e.get("authors") or []) if isinstance(a, dict) and a.get("name"))
    if not authors and e.get("author"):
        authors = (str(e["author"]).strip(),)
    updated = from_struct(dict.get(e, "updated_parsed"))  # dict.get: no feedparser fallback warning
    link = (e.get("link") or "").strip()
    if link and base and not is_http(link):
        link = _join(base, link)
    return FeedItem(title=html_to_text(e.get("title") or ""), link=link, guid=str(e.get("id") or ""),
                    published=from_struct(dict.get(e, "published_parsed")) or updated, updated=updated, summary=html_to_text(e.get("summary") or ""),
                    content=max(contents, key=len, default=""), authors=authors, lang=(e.get("language") or "")[:20])


def _parse_jsonfeed(data: bytes, item: str, url: str) -> ParsedFeed:
    try:
        doc = json.loads(decode(data, item))
    except json.JSONDecodeError as exc:
        raise NewsbriefError(item, f"malformed JSON Feed: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise NewsbriefError(item, "malformed JSON Feed: no 'items' list")
    base = url or _str(doc.get("home_page_url"))
    items = []
    for e in doc["items"]:
        if not isinstance(e, dict):
            continue
        link = _str(e.get("url")) or _str(e.get("external_url"))
        if link and base and not is_http(link):
            link = _join(base, link)
        authors: list[Any] = e["authors"] if isinstance(e.get("authors"), list) else [e.get("author")]
        names = tuple(_str(a.get("name")) for a in authors if isinstance(a, dict) and _str(a.get("name")))
        content = html_to_text(_str(e.get("content_html"))) or html_to_text(_str(e.get("content_text")))
        it = FeedItem(title=html_to_text(_str(e.get("title"))), link=link, guid=_str(e.get("id")),
                      published=parse_time(_str(e.get("date_published")) or _str(e.get("date_modified"))),
                      updated=parse_time(_str(e.get("date_modified"))), summary=html_to_text(_str(e.get("summary"))),
                      content=content, authors=names, lang=_str(e.get("language"))[:20])
        if it.link or it.body or it.title:
            items.append(it)
    return ParsedFeed(title=html_to_text(_str(doc.get("title"))), link=_str(doc.get("home_page_url")),
                      lang=_str(doc.get("language"))[:20], kind="jsonfeed", items=items)


def _join(base: str, link: str) -> str:
    """``link`` resolved against ``base``; "" when it cannot be (e.g. a broken IPv6 host)."""
    try:
        return urljoin(base, link)
    except ValueError:
        return ""


def _str(v: object) -> str:
    return v.strip() if isinstance(v, str) else ""


def parse_opml(data: bytes, item: str) -> list[tuple[str, str]]:
    """An OPML list -> ``[(feed URL, title)]`` of its http(s) feeds (nested outlines included)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise NewsbriefError(item, f"malformed OPML: {exc}") from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise NewsbriefError(item, "not an OPML list")
    out, seen = [], set()
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname.lower() != "outline":
            continue
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        if is_http(url) and url not in seen:
            seen.add(url)
            out.append((url, (el.get("title") or el.get("text") or "").strip()))
    if not out:
        raise NewsbriefError(item, "the OPML list names no http(s) feeds")
    return out


def discover_feeds(data: bytes, base_url: str) -> list[str]:
    """Feed URLs an HTML page announces with ``<link rel="alternate" type="application/rss+xml">``."""
    out = []
    for tag in re.findall(rb"<link\b[^>]*>", data[:200_000], re.I):
        t = tag.decode("utf-8", "replace")
        attrs = {k.lower(): v for k, _, v in re.findall(r"""([\w:-]+)\s*=\s*(["'])(.*?)\2""", t)}
        if "alternate" in attrs.get("rel", "").lower().split() and re.search(
                r"(rss|atom|feed)\+(xml|json)|application/json", attrs.get("type", ""), re.I) and attrs.get("href"):
            url = _join(base_url, html.unescape(attrs["href"]))
            if is_http(url) and url not in out:
                out.append(url)
    return out
