"""Untrusted text on the site: which URLs may become links, and search snippets made safe.

Everything an article brings (title, text, URL, outlet) is untrusted. Templates autoescape all of it;
the only things turned into markup are decided here: a source URL becomes a link only when it is an
absolute http(s) URL with a host, and a search snippet's highlights become ``<mark>`` elements from
offsets, never from markup found in the text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Sentinels handed to FTS5's snippet() for the start and end of a match: Unicode private-use
# characters, which news text does not carry; stray ones are dropped.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL_BAD = re.compile(r"[\s\x00-\x1f\x7f]")


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no whitespace or control
    characters; otherwise None (``javascript:``, ``data:``, relative, protocol-relative...)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > 4096 or _URL_BAD.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def split_snippet(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet whose matches are wrapped in the sentinels -> (plain text, [[start, end], ...])."""
    plain: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    at = 0
    for m in _MARKED.finditer(marked):
        before = _strip(marked[at:m.start()])
        plain.append(before)
        pos += len(before)
        inner = _strip(m.group(1))
        plain.append(inner)
        spans.append([pos, pos + len(inner)])
        pos += len(inner)
        at = m.end()
    plain.append(_strip(marked[at:]))
    return "".join(plain), spans


def _strip(s: str) -> str:
    return s.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def highlight(text: str, spans: list[list[int]] | list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each ``[start, end)`` span wrapped in ``<mark>`` (spans in order,
    out-of-range or overlapping ones ignored)."""
    out: list[str] = []
    at = 0
    for start, end in spans:
        if start < at or end <= start or end > len(text):
            continue
        out.append(str(escape(text[at:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def clean_text(value: object) -> str:
    """A value as display text: None -> '', each control character (not newlines or tabs) a
    space, so that character offsets into an article's text (citations) still hold."""
    if value is None:
        return ""
    return _CONTROL.sub(" ", str(value))
