"""``brief --jsonl``: records in, one brief per record out, in input order, streamed.

Lines and records are read by :mod:`newsbrief.ingest.records` (the one JSONL line reader and the
one record reader, with its date policy)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsbrief.errors import NewsbriefError
from newsbrief.ingest.records import Record, record_articles

if TYPE_CHECKING:
    from newsbrief.briefing import BriefWriter


def brief_records(records: Iterable[Record], writer: BriefWriter, with_facts: bool = False) -> Iterator[dict[str, Any]]:
    """One JSON brief (or ``{"id", "error"}``) per record, in input order."""
    for item, rec in records:
        if isinstance(rec, NewsbriefError):  # not JSON, not an object, not UTF-8
            yield {"id": None, "error": rec.message}
            continue
        rid = str(rec["id"]) if rec.get("id") is not None else item
        try:
            b = writer.write(record_articles(rec, rid), story_id=rid)
            if with_facts:
                from newsbrief.facts import attach_facts

                b = attach_facts(b)
            yield {"id": rec.get("id", rid), **b.to_dict()}
        except NewsbriefError as exc:
            yield {"id": rec.get("id"), "error": exc.message if exc.item == rid else str(exc)}
