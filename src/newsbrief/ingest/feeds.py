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
from newsbrief.timeutil import from_struct, parse_time
from newsbrief.urls import is_http

_LEAD = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*", re.S | re.I)
_ROOT = re.compile(rb"<\s*([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
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


def sniff(data: bytes, content_type: str = "") -> str:
    """What some bytes are: ``rss``, ``rdf``, ``atom``, ``jsonfeed``, ``opml``, ``html``, ``json``, ``xml``
    or ``other`` (judged by the first element, helped by the Content-Type)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", "ignore").encode("utf-8")
        except UnicodeError:
            return "other"
    head = head[_LEAD.match(head).end():]  # type: ignore[union-attr]
    if head.startswith((b"{", b"[")):
        return "jsonfeed" if b"jsonfeed.org" in data[:8192] else "json"
    m = _ROOT.match(head) if head.startswith(b"<") else None
    if m:
        root = m.group(2).decode("ascii", "replace").lower()
        if root in ("rss", "feed", "opml", "html"):
            return {"feed": "atom"}.get(root, root)
        if root == "rdf":
            return "rdf"
        if root in ("head", "body", "article", "div", "p"):
            return "html"
        return "xml"
    ct = content_type.lower()
    if "html" in ct:
        return "html"
    return "other"


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


def parse_feed(data: bytes, item: str, url: str = "") -> ParsedFeed:
    """RSS / RDF / Atom / JSON Feed bytes -> ParsedFeed. ``item`` names the input in errors;
    ``url`` (the feed's own) resolves relative links. Raises NewsbriefError when it is not a feed."""
    kind = sniff(data)
    if kind == "jsonfeed":
        return _parse_jsonfeed(data, item, url)
    if kind == "html":
        raise NewsbriefError(item, "not a feed: it is an HTML page")
    if kind in ("json", "opml"):
        raise NewsbriefError(item, f"not a feed: it is {'an OPML list' if kind == 'opml' else 'JSON but not a JSON Feed'}")
    if not data.strip():
        raise NewsbriefError(item, "empty input")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NewsbriefError(item, "binary data, not a feed")
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
        link = urljoin(base, link)
    return FeedItem(title=html_to_text(e.get("title") or ""), link=link, guid=str(e.get("id") or ""),
                    published=from_struct(dict.get(e, "published_parsed")) or updated, updated=updated, summary=html_to_text(e.get("summary") or ""),
                    content=max(contents, key=len, default=""), authors=authors, lang=(e.get("language") or "")[:20])


def _parse_jsonfeed(data: bytes, item: str, url: str) -> ParsedFeed:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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
            link = urljoin(base, link)
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
            url = urljoin(base_url, html.unescape(attrs["href"]))
            if is_http(url) and url not in out:
                out.append(url)
    return out
