"""Reading stories back (re-exported by ``newsbrief.stories``): ranked lists, one story with its
brief versions and what is new, storylines as timelines. Used by the CLI, the web site and Atom.

Ranking (``newsbrief stories``, the front page)::

    score = ln(1 + reports) + 2 * ln(1 + outlets) + 3 * 2 ** (-age / 2 days)

``reports`` counts a story's articles with each wire copy once, ``outlets`` its distinct
outlets, ``age`` the time from its last article to the newest article of any story (not the
wall clock: an archive ranks the same tomorrow). Outlets weigh double: ten outlets make a story
more than ten articles from one. A fresh story gets up to 3 points, halving every 2 days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from newsbrief import story_tables as tables
from newsbrief.models import Article
from newsbrief.store import Store
from newsbrief.story_tables import StoryRow
from newsbrief.text import tokens
from newsbrief.timeutil import iso_or_none as iso

OUTLETS, RECENCY, HALF_LIFE_DAYS = 2.0, 3.0, 2.0


@dataclass(frozen=True)
class ArticleRef:
    """A story's article as the lists show it (``published``: ISO 8601 UTC, or None)."""

    id: str
    outlet: str
    published: str | None
    title: str
    url: str
    duplicate_of: str | None

    @classmethod
    def of(cls, a: Article) -> ArticleRef:
        return cls(a.id, a.outlet, iso(a.published), a.title, a.url, a.duplicate_of)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet, "published": self.published, "title": self.title,
                "url": self.url, "duplicate_of": self.duplicate_of}


@dataclass(frozen=True)
class BriefVersion:
    """One version of a story's brief: when it was written, its headline, how many articles it read."""

    version: int
    created_at: str
    headline: str
    n_articles: int


@dataclass(frozen=True)
class StorylineStory:
    """A story on a storyline's timeline."""

    story_id: str
    headline: str
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_outlets: int

    @property
    def id(self) -> str:
        return self.story_id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.story_id, "story_id": self.story_id, "headline": self.headline,
                "first_seen": self.first_seen, "last_seen": self.last_seen, "n_articles": self.n_articles,
                "n_outlets": self.n_outlets}


@dataclass(frozen=True)
class Storyline:
    """A storyline: its stories as a dated timeline, oldest first."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    stories: tuple[StorylineStory, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "first_seen": self.first_seen, "last_seen": self.last_seen,
                "stories": [s.to_dict() for s in self.stories]}


@dataclass(frozen=True)
class StoryView(StoryRow):
    """A ranked story: its stored row (``n_reports`` counted), ``score``, latest ``brief``
    (``Brief.to_dict()`` form; None when it has none) and ``articles`` (None when not read)."""

    score: float = 0.0
    brief: dict[str, Any] | None = None
    articles: tuple[ArticleRef, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``stories --format json``)."""
        d: dict[str, Any] = {"id": self.id, "score": self.score, "storyline_id": self.storyline_id,
                             "first_seen": self.first_seen, "last_seen": self.last_seen,
                             "n_articles": self.n_articles, "n_outlets": self.n_outlets,
                             "n_reports": self.n_reports, "version": self.version, "headline": self.headline,
                             "brief": self.brief}
        if self.articles is not None:
            d["articles"] = [a.to_dict() for a in self.articles]
        return d


@dataclass(frozen=True)
class StoryDetail(StoryView):
    """One story (:func:`get_story`): a :class:`StoryView` with its brief ``versions`` (newest
    first), ``changes`` (what the latest version says that the previous did not),
    ``new_articles`` (ids added since the previous version), its ``storyline`` and, when a
    caller extracted them, the brief's key ``facts``."""

    versions: tuple[BriefVersion, ...] = ()
    changes: tuple[str, ...] = ()
    new_articles: tuple[str, ...] = ()
    storyline: Storyline | None = None
    facts: dict[str, Any] | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``story --format json``)."""
        d = super().to_dict()
        d["versions"] = [vars(v).copy() for v in self.versions]
        d["changes"] = list(self.changes)
        d["new_articles"] = list(self.new_articles)
        d["storyline"] = self.storyline.to_dict() if self.storyline else None
        if self.facts is not None:
            d["facts"] = self.facts
        return d


def story_id(n: int) -> str:
    """The store's id of the clustering engine's story number ``n``."""
    return f"s{n}"


def story_number(sid: str) -> int:
    return int(sid[1:])


def _norm(key: object, prefix: str) -> str:
    """``12``, ``"12"`` or ``"s12"`` -> ``"s12"`` (ids may be typed without their letter)."""
    s = str(key).strip()
    return prefix + s if s.isdigit() else s


def score(reports: int, outlets: int, last_seen: str | None, newest: str | None) -> float:
    """The ranking score (see the module docstring)."""
    age = 0.0
    if last_seen and newest:
        age = max(0.0, (datetime.fromisoformat(newest) - datetime.fromisoformat(last_seen)).total_seconds() / 86400)
    return math.log1p(reports) + OUTLETS * math.log1p(outlets) + RECENCY * 2 ** (-age / HALF_LIFE_DAYS)


def _view(r: StoryRow, newest: str | None) -> StoryView:
    reports = r.n_reports or r.n_articles  # 0: not counted (a store loaded before loads counted reports)
    return StoryView(**{**vars(r), "n_reports": reports}, score=round(score(reports, r.n_outlets, r.last_seen, newest), 4))


def story_articles(store: Store, sid: str) -> list[Article]:
    """A story's articles, oldest first."""
    ids = tables.article_ids(store, _norm(sid, "s"))
    return sorted(store.get_articles(ids), key=lambda a: (iso(a.published) or "", a.id))


def _refs(store: Store, sid: str) -> tuple[ArticleRef, ...]:
    return tuple(ArticleRef.of(a) for a in story_articles(store, sid))


def list_stories(store: Store, since: datetime | None = None, min_outlets: int = 1, limit: int | None = 50,
                 offset: int = 0, with_articles: bool = True) -> list[StoryView]:
    """Briefed stories ranked by score, each with its latest brief and, with ``with_articles``,
    its articles. ``since`` keeps stories whose last article is that recent; ``min_outlets``
    those from at least that many outlets. Only the page asked for is read in full."""
    newest = tables.newest_last_seen(store)
    rows = sorted((_view(r, newest) for r in tables.briefed_stories(
        store, min_outlets if min_outlets > 1 else 0, iso(since) if since else None)),
        key=lambda v: (-v.score, story_number(v.id)))
    page = rows[offset:offset + limit if limit else None]
    briefs = tables.latest_briefs(store, [v.id for v in page])
    return [replace(v, brief=briefs.get(v.id), articles=_refs(store, v.id) if with_articles else None) for v in page]


def get_story(store: Store, sid: str) -> StoryDetail | None:
    """One story (``12`` or ``s12``) as in :func:`list_stories`, with its articles, brief
    versions, changes, new articles and storyline; None when there is no such story."""
    sid = _norm(sid, "s")
    r = tables.story_row(store, sid)
    if r is None:
        return None
    v = _view(r, tables.newest_last_seen(store))
    rows = tables.brief_rows(store, sid)
    new = [a for a in rows[0].article_ids if a not in set(rows[1].article_ids)] if len(rows) > 1 else []
    return StoryDetail(**{**vars(v), "brief": tables.latest_briefs(store, [sid]).get(sid),
                          "articles": _refs(store, sid)},
                       versions=tuple(BriefVersion(b.version, b.created_at, b.headline, len(b.article_ids))
                                      for b in rows),
                       changes=tuple(_changes(rows)), new_articles=tuple(new),
                       storyline=get_storyline(store, v.storyline_id) if v.storyline_id else None)


def changes(store: Store, sid: str) -> list[str]:
    """Sentences of the latest brief about facts the previous version did not cover (no
    previous sentence shares half of their words)."""
    return _changes(tables.brief_rows(store, _norm(sid, "s"), limit=2))


def _changes(rows: list[tables.BriefRow]) -> list[str]:
    if len(rows) < 2:
        return []
    new, old = rows[0].brief, rows[1].brief
    old_sents = [set(tokens(p["text"])) for p in old["key_points"] + old["summary"]["sentences"]]
    out: list[str] = []
    for p in new["key_points"] + new["summary"]["sentences"]:
        t = set(tokens(p["text"]))
        if t and p["text"] not in out and all(len(t & o) / len(t | o) < 0.5 for o in old_sents):
            out.append(p["text"])
    return out


def get_storyline(store: Store, line: str) -> Storyline | None:
    """A storyline (``3`` or ``l3``) as a dated timeline of its stories' headlines, oldest first."""
    row = tables.storyline_row(store, _norm(line, "l"))
    if row is None:
        return None
    items = tuple(StorylineStory(s.id, s.headline, s.first_seen, s.last_seen, s.n_articles, s.n_outlets)
                  for s in tables.storyline_stories(store, row.id))
    return Storyline(row.id, row.label, row.first_seen, row.last_seen, items)


def reported_by(point: dict[str, Any], limit: int = 2) -> str:
    """'reported by Reuters, BBC and 3 more' for a key point (``Brief.to_dict()`` form) with its sources."""
    outlets = list(dict.fromkeys(s.get("outlet") or "" for s in point.get("sources", [])))
    outlets = [o for o in outlets if o] or ["1 source"]
    head = ", ".join(outlets[:limit])
    return f"reported by {head}" + (f" and {len(outlets) - limit} more" if len(outlets) > limit else "")
