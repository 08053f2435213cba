"""One document (plain text, Markdown, HTML page, a file in the seed's form) -> Article."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, content_hash
from newsbrief.settings import MAX_BYTES

_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.I | re.S)
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def decode(data: bytes, item: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if not data.strip():
        raise NewsbriefError(item, "empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NewsbriefError(item, f"not valid UTF-16 ({exc.reason} at offset {exc.start})") from None
    sample = data[:8192]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100 + 1:
        raise NewsbriefError(item, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NewsbriefError(item, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _article_id(item: str, text: str) -> str:
    return hashlib.sha1((item + "\0" + text[:2000]).encode("utf-8")).hexdigest()[:16]


def parse_html(data: bytes, item: str, url: str = "") -> Article:
    """A web page -> its main text and metadata (trafilatura)."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        raise NewsbriefError(item, "no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    text = (get("text") or "").strip()
    title = (get("title") or "").strip()
    if title and text.startswith(title + "\n"):  # trafilatura may repeat the <h1> as the first line
        text = text[len(title):].strip()
    if len(text.split()) < 5:
        raise NewsbriefError(item, "no article text found in the HTML page")
    published = None
    if get("date"):
        try:
            published = datetime.fromisoformat(str(get("date"))).replace(tzinfo=UTC)
        except ValueError:
            published = None
    authors = tuple(a.strip() for a in re.split(r";|,| and ", get("author") or "") if a.strip())
    return Article(
        id=_article_id(url or item, text), text=text, title=title,
        url=get("url") or url, outlet=(get("sitename") or "").strip(), published=published,
        lang=get("language") or "en", content_hash=content_hash(text), authors=authors, source=item,
    )


def parse_text(text: str, item: str, markdown: bool = False) -> Article:
    """Plain text or Markdown. A first line followed by a blank line is the title; a file in
    the seed's form (title, ``- `` bullets, body) gives its title and body, bullets ignored."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.strip("\n").split("\n")
    title = ""
    if lines:
        first = lines[0].strip()
        m = _MD_HEADING.match(first)
        if m:
            title, lines = m.group(1), lines[1:]
        elif len(lines) > 1 and not lines[1].strip() and len(first.split()) <= 30 and not first.endswith((".", '"')):
            title, lines = first, lines[1:]
        elif len(lines) > 1 and lines[1].startswith("- ") and not first.startswith("- "):
            title, lines = first, lines[1:]
    # a file in the seed's form: bullets right after the title are its key points, not its body
    while lines and (lines[0].startswith("- ") or not lines[0].strip()):
        if lines[0].startswith("- ") and not title:
            break
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if markdown:
        body = "\n".join(_MD_HEADING.sub(r"\1", ln) for ln in body.split("\n"))
        body = _MD_EMPH.sub(r"\2", _MD_LINK.sub(r"\1", body))
        title = _MD_EMPH.sub(r"\2", _MD_LINK.sub(r"\1", title))
    if not body.strip():
        raise NewsbriefError(item, "no article text (empty body)")
    return Article(id=_article_id(item, body), text=body, title=title.strip(), content_hash=content_hash(body),
                   source=item)


def parse_document(data: bytes, item: str, url: str = "") -> Article:
    """Any single document, its kind told by name and content."""
    if len(data) > MAX_BYTES:
        raise NewsbriefError(item, f"too large ({len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB)")
    low = item.lower()
    if low.endswith((".html", ".htm", ".xhtml")) or _HTML.match(data[:4096]):
        decode(data[:65536], item)  # refuse binary before handing it to the HTML parser
        return parse_html(data, item, url)
    text = decode(data, item)
    return parse_text(text, item, markdown=low.endswith((".md", ".markdown")))


def read_path(path: str, stdin: bytes | None = None) -> Article:
    """A path (or ``-`` with ``stdin``) -> Article; every failure is a NewsbriefError naming it."""
    if path == "-":
        return parse_document(stdin or b"", "<stdin>")
    if not os.path.exists(path):
        raise NewsbriefError(path, "no such file")
    if os.path.isdir(path):
        raise NewsbriefError(path, "is a directory, not a file")
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise NewsbriefError(path, f"too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB)")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise NewsbriefError(path, exc.strerror or str(exc)) from None
    return parse_document(data, path)
