"""Atom 1.0 feeds (RFC 4287) of briefs: the site's newest and updated stories, and one storyline.

Built with ElementTree, so every title and text is XML-escaped; characters XML 1.0 cannot carry
are removed first. Each entry's content is a small HTML list of the key points, escaped once as
HTML and once more as XML, with links only to this site's own pages.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from urllib.parse import quote

from markupsafe import escape

from newsbrief.timeutil import iso, utcnow

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EPOCH = "1970-01-01T00:00:00+00:00"


def xml_text(value: object) -> str:
    """Text XML 1.0 can carry (control characters and lone surrogates removed)."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _content(card: dict, base: str) -> str:
    points = "".join(f"<li>{escape(p)}</li>" for p in card.get("key_points", []))
    outlets = card.get("outlets", 0)
    span = f"{card.get('articles', 0)} articles from {outlets} outlet{'s' if outlets != 1 else ''}"
    return f"<ul>{points}</ul><p>{escape(span)} \u2014 <a href=\"{escape(base + card['url'])}\">read the brief</a></p>"


TAG = "tag:newsbrief,2025:"


def entry_id(card: dict) -> str:
    """A story's entry id: stable across brief versions, so a reader shows an update, not a new item."""
    return TAG + "story/" + quote(str(card["id"]), safe="")


def feed_id(kind: str, ident: object = None) -> str:
    """A feed's permanent id: ``tag:newsbrief,2025:feed`` or ``...:storyline/ID``."""
    return TAG + kind + ("" if ident is None else "/" + quote(str(ident), safe=""))


def build_feed(*, title: str, ident: str, self_url: str, site_url: str, base: str, cards: Iterable[dict],
               subtitle: str | None = None) -> bytes:
    """An Atom feed document (UTF-8 bytes) of story cards (``web.data.story_card`` dicts).

    ``base`` is the site's absolute root URL (no trailing slash) for entry links; ``ident`` the
    feed's permanent id (:func:`feed_id`); an entry's ``updated`` is its brief's last rewrite when known.
    """
    cards = list(cards)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(feed, "title", title)
    if subtitle:
        _sub(feed, "subtitle", subtitle)
    _sub(feed, "id", ident)
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    _sub(feed, "generator", "newsbrief")
    author = _sub(feed, "author")
    _sub(author, "name", "newsbrief")
    stamps = [_updated(c) for c in cards]
    _sub(feed, "updated", max(stamps) if stamps else _now())
    for card, updated in zip(cards, stamps, strict=True):
        e = _sub(feed, "entry")
        _sub(e, "title", card.get("headline") or f"Story {card['id']}")
        _sub(e, "id", entry_id(card))
        _sub(e, "link", rel="alternate", href=base + card["url"], type="text/html")
        _sub(e, "updated", updated)
        if card.get("first_seen"):
            _sub(e, "published", card["first_seen"])
        for name in card.get("outlet_names", [])[:10]:
            _sub(e, "category", term=name)
        if card.get("key_points"):
            _sub(e, "summary", card["key_points"][0], type="text")
        _sub(e, "content", _content(card, base), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)


def _updated(card: dict) -> str:
    return card.get("updated") or card.get("last_seen") or card.get("first_seen") or EPOCH


def _now() -> str:
    return iso(utcnow())
