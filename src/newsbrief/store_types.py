"""Plain values the store takes and gives: what to store, what happened, feeds, search hits."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newsbrief.models import Article


@dataclass(frozen=True)
class StoreItem:
    """An article to store, with what the store keeps beside it. ``canonical_url`` defaults to the
    canonical form of ``article.url``; ``feed_id`` links the feed it came from; ``signature`` is
    its MinHash (``dedup.signature(text)``), computed by the store when not given (the ingest
    pipeline computes it ahead, outside the write transaction)."""

    article: Article
    canonical_url: str = ""
    feed_id: int | None = None
    signature: np.ndarray | None = field(default=None, compare=False)


@dataclass
class IngestReport:
    """What one ingest did. ``duplicates`` counts added articles linked to an earlier copy;
    ``unchanged`` items already stored with the same text; ``revisions`` stored articles whose text
    changed. ``failed`` holds ``(input, reason)`` pairs."""

    added: int = 0
    duplicates: int = 0
    unchanged: int = 0
    revisions: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    revised_ids: list[str] = field(default_factory=list)

    def merge(self, other: IngestReport) -> IngestReport:
        self.added += other.added
        self.duplicates += other.duplicates
        self.unchanged += other.unchanged
        self.revisions += other.revisions
        self.failed.extend(other.failed)
        self.added_ids.extend(other.added_ids)
        self.revised_ids.extend(other.revised_ids)
        return self

    def summary(self) -> str:
        """One line: ``3 added (1 duplicate), 0 unchanged, 0 revisions, 2 failed``."""
        dup = f"{self.duplicates} duplicate{'s' if self.duplicates != 1 else ''}"
        rev = f"{self.revisions} revision{'s' if self.revisions != 1 else ''}"
        line = f"{self.added} added ({dup}), {self.unchanged} unchanged, {rev}, {len(self.failed)} failed"
        if self.failed:
            reasons = Counter(_reason_kind(msg) for _, msg in self.failed)
            line += ": " + ", ".join(f"{n} {kind}" for kind, n in reasons.most_common())
        return line

    def to_dict(self) -> dict:
        return {"added": self.added, "duplicates": self.duplicates, "unchanged": self.unchanged,
                "revisions": self.revisions, "failed": len(self.failed),
                "errors": [{"input": item, "error": msg} for item, msg in self.failed]}


def _reason_kind(message: str) -> str:
    """The reason without its details ("HTTP 500 Internal Server Error" -> "HTTP 500")."""
    head = re.split(r":| \(|,", message, maxsplit=1)[0].strip()
    words = head.split()
    words = words[:2] if words and words[0] == "HTTP" else words[:5]
    while len(words) > 1 and words[-1] in ("in", "the", "a", "of", "for", "to", "at"):
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class FeedRow:
    """A registered feed and how its polls went (``article_count``: articles stored from it)."""

    id: int
    url: str
    name: str | None
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    added_at: str
    last_polled: str | None
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    item_count: int
    article_count: int = 0

    @property
    def label(self) -> str:
        return self.name or self.title or self.url

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class SearchHit:
    """One search result; ``snippet`` marks the matches with the chosen highlight strings;
    ``score`` is bm25's relevance (higher is better)."""

    id: str
    title: str
    url: str
    outlet: str
    published: str | None
    duplicate_of: str | None
    score: float
    snippet: str

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}
