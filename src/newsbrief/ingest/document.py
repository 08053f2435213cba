"""One document (plain text, Markdown, HTML page, a file in the seed's form) -> Article."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from datetime import UTC, datetime
from typing import Any

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, content_hash
from newsbrief.settings import MAX_BYTES

_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")

# Byte order marks, longest first (a UTF-32-LE BOM begins with the UTF-16-LE one).
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"))
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# What browsers do (WHATWG Encoding): these labels mean windows-1252, a superset of them.
_AS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "ibm819",
            "iso_8859-1", "windows-1252", "cp1252", "x-cp1252"}

# The lead of a markup document: XML declaration, processing instructions, comments, and a
# DOCTYPE with its internal subset (``[...]`` may hold ``>``: a sniffer that stops there misreads it).
_LEAD = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b(?:[^>\[]*)(?:\[.*?\]\s*)?>)*", re.S | re.I)
_DOCTYPE_HTML = re.compile(r"<!DOCTYPE\s+html\b", re.I)
_ELEMENT = re.compile(r"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
# Elements that open an HTML page (a page may begin with any of its head's elements).
HTML_ELEMENTS = frozenset(
    "html head body script style meta link title base noscript template div p article section header footer "
    "nav main aside table span a img picture figure h1 h2 h3 h4 h5 h6 ul ol dl form iframe center font b i "
    "strong em br hr pre blockquote".split())


# trafilatura's settings: its defaults, less the readers' comments (not the article). On its own
# real-world tests (bench/bench_extraction.py) these pass every check its defaults pass except
# the ones that look for comments; favor_precision and no tables, used before, lost 15 more.
EXTRACT_SETTINGS: dict[str, Any] = {"include_comments": False, "include_tables": True, "favor_precision": False}
# trafilatura writes list items as "- item" lines: the marker is layout, not part of a sentence.
_LIST_MARKER = re.compile(r"^[ \t]*[-*\u2022\u2013\u25aa\u25cf][ \t]+", re.M)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark gives; else UTF-16/32 told by where the zero bytes of the
    first two ASCII characters fall (XML 1.0, appendix F: markup opens with ``<`` or a space)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    b = data[:4]
    if len(b) < 4:
        return None
    text = [0x20 <= c < 0x7F or c in (9, 10, 13) for c in b]
    zero = [c == 0 for c in b]
    if zero[0] and zero[1] and zero[2] and text[3]:
        return "utf-32-be"
    if text[0] and zero[1] and zero[2] and zero[3]:
        return "utf-32-le"
    if zero[0] and text[1] and zero[2] and text[3]:
        return "utf-16-be"
    if text[0] and zero[1] and text[2] and zero[3]:
        return "utf-16-le"
    return None


def declared_charset(data: bytes, content_type: str = "") -> str | None:
    """The charset the HTTP header, the XML declaration or ``<meta charset>`` declares (a codec
    Python knows), in that order; None when none does."""
    head = data[:4096]
    for m in (_CT_CHARSET.search(content_type or ""), _XML_ENCODING.match(head), _META_CHARSET.search(head)):
        if m:
            label = m.group(1)
            label = (label.decode("ascii", "replace") if isinstance(label, bytes) else label).strip().lower()
            if label in _AS_1252:
                return "cp1252"
            try:
                codecs.lookup(label)
            except LookupError:
                continue
            return label
    return None


def decode(data: bytes, item: str, content_type: str = "", markup: bool = False) -> str:
    """Bytes -> text. A BOM (UTF-8/16/32) or, in markup, the zero bytes of UTF-16/32; then UTF-8
    when the bytes are valid UTF-8; then the declared charset (HTTP header, XML declaration,
    ``<meta charset>``); then, for markup, windows-1252 (the HTML Standard's fallback). Binary
    data and undeclared non-UTF-8 plain text are refused."""
    if not data.strip():
        raise NewsbriefError(item, "empty input")
    enc = bom_encoding(data)
    if enc and enc != "utf-8-sig":
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            name = enc[:6].upper()
            raise NewsbriefError(item, f"not valid {name} ({exc.reason} at offset {exc.start})") from None
        if _controls(text[:8192]):
            raise NewsbriefError(item, "binary data, not text")
        return text
    if b"\x00" in data[:8192] or _controls(data[:8192]):
        raise NewsbriefError(item, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = NewsbriefError(item, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    declared = declared_charset(data, content_type)
    if declared and declared.startswith(("utf-16", "utf16", "utf-32", "utf32")):
        declared = None  # no BOM and no zero bytes where UTF-16/32 has them: the label is wrong
    if declared is None or declared.replace("_", "-") in ("utf-8", "utf8"):  # none, or UTF-8 and wrong
        declared = "cp1252" if markup else None
    for codec in (declared, "latin-1" if declared == "cp1252" else None):  # 5 bytes cp1252 leaves undefined
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    raise utf8_error


def _controls(sample: bytes | str) -> bool:
    """More control characters (not tab, newline, form feed, carriage return) than text has."""
    codes = sample if isinstance(sample, bytes) else (ord(c) for c in sample)
    return sum(c == 0 or c < 9 or 13 < c < 32 for c in codes) > len(sample) // 100 + 1


def markup_root(text: str) -> tuple[str, bool]:
    """The first element's local name (lower case) of markup ``text`` (past its declaration,
    comments and DOCTYPE, internal subset included), and whether a DOCTYPE names ``html``;
    ``("", False)`` when it does not open as markup."""
    head = text[:65536].lstrip("\ufeff")
    lead = _LEAD.match(head)
    end = lead.end() if lead else 0
    m = _ELEMENT.match(head, end)
    return (m.group(1).lower() if m else ""), bool(_DOCTYPE_HTML.search(head, 0, end))


def sniff_text(data: bytes) -> str:
    """Enough of the opening of ``data`` as text to tell what it is (never fails)."""
    head = data[:16384]
    enc = bom_encoding(head)
    return head.decode(enc or "latin-1", "ignore") if enc != "utf-8-sig" else head.decode("utf-8", "ignore")


def is_html(data: bytes, item: str = "") -> bool:
    """Whether ``data`` is an HTML page: named so, or opening with an HTML element or DOCTYPE."""
    if item.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    root, doctype_html = markup_root(sniff_text(data))
    return doctype_html or root in HTML_ELEMENTS


def _article_id(item: str, text: str) -> str:
    return hashlib.sha1((item + "\0" + text[:2000]).encode("utf-8")).hexdigest()[:16]


def parse_html(data: bytes | str, item: str, url: str = "") -> Article:
    """A web page (bytes, or text already decoded) -> its main text and metadata (trafilatura)."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, url=url or None, with_metadata=True, **EXTRACT_SETTINGS)
    if doc is None:
        raise NewsbriefError(item, "no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    text = _LIST_MARKER.sub("", get("text") or "").strip()
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


def parse_document(data: bytes, item: str, url: str = "", content_type: str = "") -> Article:
    """Any single document, its kind told by name and content; ``content_type`` (an HTTP
    header) may declare its charset."""
    if len(data) > MAX_BYTES:
        raise NewsbriefError(item, f"too large ({len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB)")
    if data.lstrip()[:5] == b"%PDF-":
        raise NewsbriefError(item, "a PDF document: newsbrief reads text, Markdown and HTML; extract its text "
                                   "first (e.g. pdftotext FILE.pdf)")
    low = item.lower()
    if is_html(data, item):
        return parse_html(decode(data, item, content_type, markup=True), item, url)
    text = decode(data, item, content_type)
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
