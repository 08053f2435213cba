"""Stateless JSONL batch modes: records in, one result per record out, in input order, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, content_hash


def iter_jsonl(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object or the JSONDecodeError) for each non-blank line."""
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, exc


def record_articles(rec: dict, rid: str) -> list[Article]:
    """A record ``{"id", "title"?, "text"}`` or ``{"id", "documents": [...]}`` -> its articles."""
    if "documents" in rec:
        docs = rec["documents"]
        if not isinstance(docs, list) or not docs:
            raise NewsbriefError(rid, "'documents' must be a non-empty list")
        out = []
        for i, d in enumerate(docs):
            if isinstance(d, str):
                d = {"text": d}
            if not isinstance(d, dict) or not isinstance(d.get("text"), str):
                raise NewsbriefError(rid, f"document {i} has no 'text'")
            if d["text"].strip():
                out.append(_article(d, f"{rid}/{d.get('id', i)}"))
        if not out:
            raise NewsbriefError(rid, "every document is empty")
        return out
    if not isinstance(rec.get("text"), str):
        raise NewsbriefError(rid, "record has no 'text' (or 'documents')")
    if not rec["text"].strip():
        raise NewsbriefError(rid, "empty text")
    return [_article(rec, rid)]


def _article(d: dict, aid: str) -> Article:
    from newsbrief.ingest.dates import parse_time  # relative dates of a brief are anchored to it

    text = d["text"]
    return Article(id=str(d.get("id", aid)), text=text, title=str(d.get("title") or ""), url=str(d.get("url") or ""),
                   outlet=str(d.get("source") or d.get("outlet") or ""), content_hash=content_hash(text),
                   published=parse_time(d.get("published")))


def brief_records(records: Iterable[tuple[int, Any]], writer, with_facts: bool = False) -> Iterator[dict]:
    """One JSON brief (or ``{"id", "error"}``) per record, in input order."""
    for n, rec in records:
        rid = rec.get("id") if isinstance(rec, dict) else None
        rid = str(rid) if rid is not None else f"line {n}"
        try:
            if isinstance(rec, Exception):
                raise NewsbriefError(rid, f"not JSON: {rec}")
            if not isinstance(rec, dict):
                raise NewsbriefError(rid, "a record must be a JSON object")
            b = writer.write(record_articles(rec, rid), story_id=rid)
            if with_facts:
                from newsbrief.facts import attach_facts

                b = attach_facts(b)
            yield {"id": rec.get("id", rid), **b.to_dict()}
        except NewsbriefError as exc:
            yield {"id": rec.get("id") if isinstance(rec, dict) else None, "error": exc.message if exc.item == rid else str(exc)}
