"""Why each article of a story joined it: the shared names, numbers and dates, and the similarity.

A pure function over a story's articles (:func:`explain_story`). It replays them in publication
order against the story as it stood before each one (its earlier articles' centroid), with the
engine's document frequencies when given (a store's saved engine), else those of the story
alone. So it shows the evidence each article brought, in the engine's own terms: the cosine,
the part of it that shared names and numbers give, the days since the story's previous article
and the similarity needed at that gap. A wrong merge shows its cause: a generic word shared,
no name in common, a gap of weeks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsbrief.cluster import ClusterConfig, StoryClusterer, _Story, _timestamp, publication_order
from newsbrief.cluster_features import article_features
from newsbrief.models import Article

# Shared features listed per kind (the heaviest first): enough to see the cause, short enough to read.
SHOW = 6


@dataclass(frozen=True)
class JoinReason:
    """Why one article is in its story (the first article opens it: no evidence fields)."""

    article_id: str
    title: str
    opened: bool
    similarity: float
    names_part: float
    needed: float
    gap_days: float | None
    names: tuple[str, ...]
    numbers: tuple[str, ...]
    dates: tuple[str, ...]
    words: tuple[str, ...]

    def line(self) -> str:
        """One human-readable line."""
        if self.opened:
            return f"{self.article_id}: opened the story"
        gap = "undated" if self.gap_days is None else f"{self.gap_days:.1f} days after the previous article"
        parts = [f"similarity {self.similarity:.2f} (names and numbers {self.names_part:.2f}; "
                 f"needed {self.needed:.2f}, {gap})"]
        for label, items in (("names", self.names), ("numbers", self.numbers), ("dates", self.dates),
                             ("words", self.words)):
            if items:
                parts.append(f"{label}: {', '.join(items)}")
        return f"{self.article_id}: " + "; ".join(parts)


@dataclass(frozen=True)
class StoryWhy:
    """The reasons for every article of one story, in publication order."""

    story_id: str
    reasons: tuple[JoinReason, ...]

    def lines(self) -> list[str]:
        return [r.line() for r in self.reasons]


def _label(key: str) -> str:
    return key[2:]


def explain_story(story_id: str, articles: list[Article], engine: StoryClusterer | None = None,
                  config: ClusterConfig | None = None) -> StoryWhy:
    """Why each of ``articles`` (one story) joined it; ``engine`` lends its document frequencies."""
    cfg = config or (engine.config if engine is not None else ClusterConfig())
    probe = StoryClusterer(cfg)
    feats = [article_features(a.title, a.text, cfg.body_chars, cfg.title_weight) for a in articles]
    if engine is not None and engine.n_docs:
        probe.df, probe.n_docs = Counter(engine.df), engine.n_docs
    else:
        for w, e in feats:
            probe.df.update([*w, *e])
        probe.n_docs = len(articles)
    probe.stories[1] = _Story()
    reasons: list[JoinReason] = []
    for i in publication_order(articles):
        a = articles[i]
        vec, top = probe.vector(a, feats[i])
        heads = probe.article_heads(a, vec, feats[i][1])
        probe.df.subtract(list(vec))  # explaining must not move the IDF: these were counted already
        probe.n_docs -= 1
        ts = _timestamp(a.published)
        if probe.stories[1].n == 0:
            reasons.append(JoinReason(a.id, a.title, True, 0.0, 0.0, 0.0, None, (), (), (), ()))
        else:
            m = probe.match(vec, 1, ts, probe._threshold(len(vec)), heads)
            cent = probe.stories[1].centroid
            shared = sorted(vec.keys() & cent.keys(), key=lambda k: -vec[k] * cent[k])
            nums = [k for k in shared if k[0] == "n"]
            reasons.append(JoinReason(
                a.id, a.title, False, round(m.similarity, 4), round(m.names, 4), round(m.needed, 4),
                None if m.gap_days is None else round(m.gap_days, 2),
                tuple(_label(k) for k in shared if k[0] == "e")[:SHOW],
                tuple(_label(k) for k in nums if " " not in k)[:SHOW],
                tuple(_label(k) for k in nums if " " in k)[:SHOW],
                tuple(_label(k) for k in shared if k[0] == "w")[:SHOW]))
        probe._join(1, vec, top, ts, heads)
    return StoryWhy(story_id, tuple(reasons))
