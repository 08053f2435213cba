"""Readers: pure functions from bytes to :class:`~newsbrief.models.Article` (no DB, no network)."""

from newsbrief.ingest.document import MAX_BYTES, decode, parse_document, read_path

__all__ = ["MAX_BYTES", "decode", "parse_document", "read_path"]
