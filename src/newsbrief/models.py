"""The data model: frozen dataclasses passed between the pipeline's stages."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsbrief.timeutil import from_iso


def content_hash(text: str) -> str:
    """A stable hash of an article's text, whitespace- and case-insensitive."""
    norm = " ".join(text.split()).lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One news article, as read from a source. ``text`` is the cleaned body."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    published: datetime | None = None
    lang: str = "en"
    content_hash: str = ""
    duplicate_of: str | None = None
    authors: tuple[str, ...] = ()
    source: str = ""
    published_estimated: bool = False

    def with_hash(self) -> Article:
        from dataclasses import replace

        return replace(self, content_hash=self.content_hash or content_hash(self.text))


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: ``start``/``end`` are character offsets into ``Article.text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class Citation:
    """Where a brief's sentence came from. ``edits`` lists the only changes allowed:
    a dropped leading connective/adverbial, a recapitalised first letter, a pronoun
    replaced by its bracketed antecedent."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    edits: tuple[str, ...] = ()
    outlet: str = ""


@dataclass(frozen=True)
class Point:
    """One sentence of a brief and every article sentence that carries the same fact."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Story:
    """One real-world event: the articles about it."""

    id: str
    article_ids: tuple[str, ...]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    storyline_id: str | None = None


@dataclass(frozen=True)
class Brief:
    """A brief in the seed's form: headline, three key points, one summary paragraph."""

    story_id: str
    headline: str
    headline_source: str
    key_points: tuple[Point, ...]
    summary: tuple[Point, ...]
    articles: tuple[Article, ...] = ()
    version: int = 1
    facts: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def summary_text(self) -> str:
        return " ".join(p.text for p in self.summary)

    def to_text(self) -> str:
        """The seed's form: headline, three ``- `` lines, one paragraph."""
        lines = [self.headline] + [f"- {p.text}" for p in self.key_points] + [self.summary_text]
        return "\n".join(lines) + "\n"

    def to_markdown(self, level: int = 1) -> str:
        """Markdown: the headline as a heading of ``level``, the key points as a list, the paragraph."""
        pts = "\n".join(f"- {p.text}" for p in self.key_points)
        return f"{'#' * level} {self.headline}\n\n{pts}\n\n{self.summary_text}\n"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: headline, key points and summary with their sources, the articles used."""
        index = {a.id: i for i, a in enumerate(self.articles)}

        def point(p: Point) -> dict[str, Any]:
            return {
                "text": p.text,
                "sources": [
                    {
                        "article": index.get(c.article_id, 0),
                        "article_id": c.article_id,
                        "outlet": c.outlet,
                        "sentence": c.sentence_index,
                        "start": c.start,
                        "end": c.end,
                        "edits": list(c.edits),
                    }
                    for c in p.citations
                ],
            }

        out: dict[str, Any] = {
            "story_id": self.story_id,
            "version": self.version,
            "headline": self.headline,
            "headline_source": self.headline_source,
            "key_points": [point(p) for p in self.key_points],
            "summary": {"text": self.summary_text, "sentences": [point(p) for p in self.summary]},
            "articles": [
                {"index": i, "id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url,
                 "published": a.published.isoformat() if a.published else None}
                for i, a in enumerate(self.articles)
            ],
        }
        if self.facts is not None:
            out["facts"] = self.facts
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Brief:
        """The inverse of :meth:`to_dict`: a brief from its JSON form (as stored). The articles
        come back with their metadata only (the JSON form carries no text); a missing or
        malformed part reads as empty, so an old or hand-edited brief still loads."""

        def points(items: object) -> tuple[Point, ...]:
            out = []
            for p in items if isinstance(items, list) else []:
                if not isinstance(p, Mapping):
                    continue
                cites = tuple(
                    Citation(str(c.get("article_id", "")), int(c.get("sentence") or 0), int(c.get("start") or 0),
                             int(c.get("end") or 0), tuple(str(e) for e in c.get("edits") or ()),
                             str(c.get("outlet") or ""))
                    for c in p.get("sources") or [] if isinstance(c, Mapping))
                out.append(Point(str(p.get("text", "")), cites))
            return tuple(out)

        summary = d.get("summary")
        sentences = summary.get("sentences", []) if isinstance(summary, Mapping) else summary
        articles = tuple(
            Article(id=str(a.get("id", "")), text="", title=str(a.get("title") or ""), url=str(a.get("url") or ""),
                    outlet=str(a.get("outlet") or ""), published=from_iso(a.get("published")))
            for a in d.get("articles") or [] if isinstance(a, Mapping))
        facts = d.get("facts")
        return cls(story_id=str(d.get("story_id", "")), headline=str(d.get("headline", "")),
                   headline_source=str(d.get("headline_source", "")), key_points=points(d.get("key_points")),
                   summary=points(sentences), articles=articles, version=int(d.get("version") or 1),
                   facts=dict(facts) if isinstance(facts, Mapping) else None)
