"""Turning a page's dict into a response body: Jinja2 (autoescaped) for HTML, JSON for the twin,
plus a small cache of rendered bodies that a change to the store invalidates."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from newsbrief import __version__
from newsbrief.web.safety import highlight

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Body:
    """A rendered response body with its media type, Cache-Control and strong ETag."""

    content: bytes
    media_type: str
    cache_control: str
    etag: str

    @classmethod
    def of(cls, content: bytes, media_type: str, cache_control: str) -> Body:
        etag = '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'
        return cls(content, media_type, cache_control, etag)


class BodyCache:
    """An LRU of rendered bodies keyed by request, each valid for one store generation."""

    def __init__(self, entries: int = 512, max_body: int = 1 << 20) -> None:
        self.entries = entries
        self.max_body = max_body
        self._items: OrderedDict[Hashable, tuple[Hashable, Body]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, generation: Hashable) -> Body | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != generation:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, generation: Hashable, body: Body) -> None:
        if self.entries <= 0 or len(body.content) > self.max_body:
            return
        with self._lock:
            self._items[key] = (generation, body)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)


def to_json(data: Any) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


# -- template helpers ------------------------------------------------------------------------------
def when(value: str | None, with_time: bool = True) -> str:
    """``2025-06-02T10:00:00+00:00`` -> ``2 Jun 2025, 10:00 UTC`` (or ``2 Jun 2025``)."""
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    day = f"{dt.day} {dt:%b %Y}"
    return f"{day}, {dt:%H:%M} UTC" if with_time else day


def span(first: str | None, last: str | None) -> str:
    """A story's time span: ``2 Jun 2025, 10:00 – 4 Jun 2025, 18:30 UTC`` (shortened when one day)."""
    if not first and not last:
        return ""
    if not first or not last or first == last:
        return when(first or last)
    if first[:10] == last[:10]:
        return f"{when(first, False)}, {first[11:16]}\u2013{last[11:16]} UTC"
    return f"{when(first, False)} \u2013 {when(last, False)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 outlet``, ``3 outlets`` (``many``: an irregular plural)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def with_query(path: str, **params: Any) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    q = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(q) if q else "")


def cite_title(src: dict) -> str:
    """The hover text of a citation: outlet and time."""
    bits = [src.get("outlet") or "unknown outlet", when(src.get("published"))]
    return ", ".join(b for b in bits if b)


def fact_link(source: dict) -> str:
    """The article page of a fact's source sentence, the sentence marked."""
    from newsbrief.web.views import article_path

    start, end = source.get("start"), source.get("end")
    hl = f"?hl={start}-{end}#hl" if isinstance(start, int) and isinstance(end, int) else ""
    return article_path(source.get("article_id", "")) + hl


def mark(text: str, spans: list[list[int]] | None) -> Markup:
    return highlight(text or "", spans or [])


def paragraphs(text: str, span: list[int] | None = None) -> list[Markup]:
    """An article's text as escaped paragraphs, the ``span`` (a cited sentence) in ``<mark id=hl>``."""
    out: list[Markup] = []
    at = 0
    anchor = Markup(' id="hl"')
    for block in text.split("\n"):
        start, end = at, at + len(block)
        at = end + 1
        if not block.strip():
            continue
        if span and span[0] < end and span[1] > start:
            s, e = max(span[0], start) - start, min(span[1], end) - start
            out.append(Markup("{}<mark{}>{}</mark>{}").format(block[:s], anchor, block[s:e], block[e:]))
            anchor = Markup("")
        else:
            out.append(Markup("{}").format(block))
    return out


def make_env() -> Environment:
    """The templates" environment: autoescape on for every template."""
    env = Environment(loader=PackageLoader("newsbrief.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, plural=plural, mark=mark, cite_title=cite_title, paragraphs=paragraphs)
    env.globals.update(span=span, with_query=with_query, fact_link=fact_link, version=__version__)
    return env
