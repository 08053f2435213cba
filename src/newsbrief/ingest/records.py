"""Exports of records, bytes -> articles (pure): JSONL (one object a line) and CSV/TSV. The one
record reader of the project: ``ingest``, ``batch``, ``brief --jsonl``, ``cluster --jsonl`` and
``eval`` all read records with :func:`record_articles` and JSONL lines with :func:`iter_jsonl`.

Fields are found by name (``title``/``headline``, ``text``/``body``, ``source``/``outlet``,
``published``/``date``, ``url``/``link``, ``authors``/``author``, ``lang``, ``id``); ``--map
title=headline,text=body`` names other columns. A record's own ``id`` stays the article's id. A
record ``{"id", "documents": [...]}`` (a story's articles, as in ``brief --jsonl``) gives one
article per document, ids ``<id>/<n>``.

Dates (one policy for every reader): ``published`` is read by
:func:`newsbrief.timeutil.parse_time` (ISO 8601, RFC 822, epoch seconds, then dateparser) and kept
only when it is a plausible publication time, from 1990 to two days after now; any other value
(a 1970 default, a 2031 typo) reads as unknown (None), and ingest then dates the article from its
text or the ingest time.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import BinaryIO

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, content_hash
from newsbrief.settings import MAX_BYTES
from newsbrief.timeutil import parse_time
from newsbrief.urls import id_for_key, id_for_url, is_http

FIELDS = ("id", "title", "text", "url", "outlet", "published", "authors", "lang")
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "maintext"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site", "publisher", "site_name", "source_domain"),
    "published": ("published", "date", "published_at", "pubdate", "date_publish", "datetime", "time"),
    "authors": ("authors", "author", "byline"),
    "lang": ("lang", "language"),
}
Record = tuple[str, dict | NewsbriefError]


def parse_map(specs: Iterable[str]) -> dict[str, str]:
    """``["title=headline,text=body"]`` -> ``{"title": "headline", "text": "body"}``; ValueError when
    a pair is not ``field=column`` or names a field that does not exist."""
    out: dict[str, str] = {}
    for spec in specs:
        for pair in filter(None, (p.strip() for p in spec.split(","))):
            field, sep, column = (x.strip() for x in pair.partition("="))
            if not sep or not field or not column:
                raise ValueError(f"--map {pair!r}: write FIELD=COLUMN, e.g. title=headline")
            if field not in FIELDS:
                raise ValueError(f"--map {pair!r}: unknown field {field!r} (fields: {', '.join(FIELDS)})")
            out[field] = column
    return out


def _get(rec: dict, field: str, field_map: dict[str, str]) -> object:
    if field in field_map:
        return rec.get(field_map[field])
    for name in _ALIASES[field]:
        if rec.get(name) not in (None, ""):
            return rec[name]
    return None


def _authors(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(a.get("name", "") if isinstance(a, dict) else a).strip() for a in value if a)
    if isinstance(value, str):
        return tuple(a.strip() for a in re.split(r";|,| and ", value) if a.strip())
    return ()


def record_articles(rec: dict, item: str, field_map: dict[str, str] | None = None, source: str = "", *,
                    title_only: bool = False, links: bool = False) -> list[Article]:
    """One record -> its article(s); NewsbriefError (named ``item``) when it has no usable text.
    ``title_only``: a record with a title and no text is read too (clustering headlines);
    ``links``: a single article's own ``duplicate_of`` is kept (corpora made for batch runs and
    evaluation carry their wire links; ingest finds its own)."""
    fm = field_map or {}
    rid = _get(rec, "id", fm)
    if isinstance(rec.get("documents"), list) and "text" not in fm:
        docs = [d if isinstance(d, dict) else {"text": d} for d in rec["documents"]]
        base = str(rid) if rid not in (None, "") else item
        out = [_article({**rec, **d, "id": d.get("id", f"{base}/{i}"), "documents": None}, item, fm, source)
               for i, d in enumerate(docs) if isinstance(d.get("text"), str) and d["text"].strip()]
        if not out:
            raise NewsbriefError(item, "every document of the record is empty")
        return out
    art = _article(rec, item, fm, source, title_only)
    dup = rec.get("duplicate_of")
    return [replace(art, duplicate_of=dup) if links and isinstance(dup, str) and dup else art]


def _article(rec: dict, item: str, fm: dict[str, str], source: str, title_only: bool = False) -> Article:
    text = _get(rec, "text", fm)
    title = _get(rec, "title", fm)
    title = str(title).strip() if title else ""
    if title_only and title and (text is None or isinstance(text, str) and not text.strip()):
        text = ""
    elif not isinstance(text, str):
        col = fm.get("text", "text")
        raise NewsbriefError(item, f"no {col!r} field with the article text" + ("" if fm else " (use --map text=COLUMN)"))
    else:
        text = text.replace("\r\n", "\n").strip()
        if not text:
            raise NewsbriefError(item, "empty text")
    url = _get(rec, "url", fm)
    url = url.strip() if isinstance(url, str) else ""
    rid = _get(rec, "id", fm)
    if rid not in (None, "") and not isinstance(rid, dict | list):
        aid = str(rid)
    else:
        aid = id_for_url(url) if is_http(url) else id_for_key("text:" + (text or title))
    outlet = _get(rec, "outlet", fm)
    lang = _get(rec, "lang", fm)
    return Article(id=aid, text=text, title=title, url=url,
                   outlet=str(outlet).strip() if outlet else "", published=parse_time(_get(rec, "published", fm)),
                   lang=str(lang)[:20] if lang else "en", content_hash=content_hash(text) if text else "",
                   authors=_authors(_get(rec, "authors", fm)), source=source)


def iter_jsonl(stream: Iterable[bytes], name: str) -> Iterator[Record]:
    """``(item, record or error)`` per non-blank line; ``item`` is ``name:LINE``. Streams: a
    corpus of any size is read a line at a time."""
    for n, raw in enumerate(stream, 1):
        item = f"{name}:{n}"
        if len(raw) > MAX_BYTES:
            yield item, NewsbriefError(item, f"line too long ({len(raw) / 1e6:.0f} MB)")
            continue
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield item, NewsbriefError(item, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start})")
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield item, NewsbriefError(item, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield item, NewsbriefError(item, "not JSON: nested too deeply")
            continue
        yield item, rec if isinstance(rec, dict) else NewsbriefError(item, "a record must be a JSON object")


def iter_csv(stream: BinaryIO, name: str, delimiter: str = ",") -> Iterator[Record]:
    """``(item, row or error)`` per CSV row (the first row names the columns)."""
    csv.field_size_limit(MAX_BYTES)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(text, delimiter=delimiter)
    try:
        for row in reader:
            item = f"{name}:{reader.line_num}"
            if any(isinstance(v, str) and _has_surrogates(v) for v in row.values()):
                yield item, NewsbriefError(item, "not valid UTF-8")
                continue
            yield item, {k: v for k, v in row.items() if isinstance(k, str)}
    except (csv.Error, UnicodeError) as exc:
        item = f"{name}:{reader.line_num}"
        yield item, NewsbriefError(item, f"malformed CSV: {exc} (the rest of the file is skipped)")


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def iter_records(data: bytes | BinaryIO, name: str) -> Iterator[Record]:
    """JSONL or CSV/TSV, told by the name's extension (``.csv``, ``.tsv``; anything else is JSONL)."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    low = name.lower()
    if low.endswith((".csv", ".tsv")):
        return iter_csv(stream, name, "\t" if low.endswith(".tsv") else ",")
    return iter_jsonl(stream, name)
