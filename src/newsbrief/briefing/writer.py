"""The brief writer: a story's articles in, a faithful brief in the seed's form out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsbrief.briefing import keypoints
from newsbrief.briefing.edits import anchored
from newsbrief.briefing.factgroups import groups_of
from newsbrief.briefing.headline import clean_title, compress, usable_title
from newsbrief.briefing.pool import Item, Pool
from newsbrief.briefing.scorers import NewsScorer, get_scorer
from newsbrief.briefing.summary import choose_summary
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, Brief, Citation, Point

# Two sentences this similar (TF-IDF cosine) say the same thing: keep one. Tuned on
# Multi-News dev (0.4 > 0.5 > 0.6 on R1): paraphrases from several outlets stay out.
REDUNDANT = 0.4
# Key points must be distinct facts: stricter than the summary, because two outlets' wordings of
# one fact share fewer words than two copies of a sentence (seen on clusters-dev stories). On
# CNN/DM and Multi-News dev, 0.3/0.6 scores the same as 0.4/0.8 (within 0.1 ROUGE-1).
KEY_REDUNDANT = 0.3
KEY_CONTAIN = 0.6
# A key point reports a fact; a sentence opening with a quotation is someone's words. 0.3 moves a
# quote below the next two sentences; neutral on CNN/DM dev ROUGE (39.78 vs 39.74 R1).
QUOTE_PENALTY = 0.3
# Background and explanations ("A tropical depression is a form of tropical cyclone.") rank below
# news: 1.0 is the whole position prior of a lead sentence, so any news sentence comes first.
BACKGROUND_PENALTY = 1.0


class BriefWriter:
    """Writes briefs: three distinct key points and one summary paragraph, all source sentences.

    ``scorer`` names a registered sentence scorer; ``words`` is the summary length budget.
    """

    def __init__(self, scorer: str = "news", words: int = 150, points: int = 3) -> None:
        self.scorer = get_scorer(scorer)
        self.words = words
        self.points = points

    def write(self, articles: list[Article], story_id: str = "", seen: Sequence[str] = (), focus: str = "") -> Brief:
        """The brief of ``articles`` taken as one story (one article: a single-document brief).

        ``seen``: texts the reader has already read (the summary briefs what is new); ``focus``: a
        question or subject the summary leans toward.
        """
        if not articles:
            raise NewsbriefError(story_id, "no articles to brief")
        pool = Pool(articles)
        if not any(it.toks for it in pool.items):
            name = story_id or articles[0].id
            raise NewsbriefError(name, "no article text to brief (no complete sentence found)")
        scores = self.scorer.score(pool)
        sim = pool.similarity()
        keys = self._key_points(pool, scores, sim)
        summary = self._summary(pool, scores, sim, keys, seen, focus)
        headline, source = self._headline(pool, scores, sim, keys)
        return Brief(
            story_id=story_id or (articles[0].id if len(articles) == 1 else ""),
            headline=headline,
            headline_source=source,
            key_points=tuple(self._point(pool, k, sim, pool.items[k].edited.text, pool.items[k].edited.edits)
                             for k in keys),
            summary=tuple(self._summary_points(pool, summary, sim)),
            articles=tuple(articles),
        )

    # -- choosing -------------------------------------------------------------------------
    def _key_points(self, pool: Pool, scores: np.ndarray, sim: np.ndarray) -> list[int]:
        if pool.n_docs > 1:  # a story: facts across outlets, news first, then who wants what
            return keypoints.choose(pool, scores, groups_of(pool, sim), self.points, lambda ks: _positions(pool, ks))
        quoted = np.array([it.text[:1] in "\"\u201c'\u2018" for it in pool.items], dtype=float)
        ranked = scores - QUOTE_PENALTY * quoted
        # background ranks below news: the penalty is read for the leading candidates only (a
        # sentence further down cannot rise by it)
        lead = np.argsort(-ranked, kind="stable")[: 4 * self.points]
        for k in lead:
            if keypoints.is_background(pool.items[k].text):
                ranked[k] -= BACKGROUND_PENALTY
        order = np.argsort(-ranked, kind="stable")
        chosen: list[int] = []
        # First only clean, standalone sentences; then, for short articles, whatever is left.
        for strict in (True, False):
            for k in order:
                if len(chosen) >= self.points:
                    break
                it = pool.items[k]
                if k in chosen or it.edited.dangling or (strict and not it.usable) or not it.toks:
                    continue
                if any(sim[k, j] >= KEY_REDUNDANT or _contains(it, pool.items[j], KEY_CONTAIN) for j in chosen):
                    continue
                chosen.append(int(k))
        return sorted(chosen, key=lambda k: (pool.items[k].doc, pool.items[k].index))

    def _summary(self, pool: Pool, scores: np.ndarray, sim: np.ndarray, keys: list[int],
                 seen: Sequence[str] = (), focus: str = "") -> list[int]:
        return choose_summary(pool, scores, sim, self.words, keys, seen, focus)

    # -- writing --------------------------------------------------------------------------
    def _point(self, pool: Pool, k: int, sim: np.ndarray, text: str, edits: tuple[str, ...]) -> Point:
        """Sentence ``k`` as a brief's point, its relative dates anchored, citing every article
        sentence that reports the same fact (one per article), with how many outlets carry it."""
        it = pool.items[k]
        art = pool.articles[it.doc]
        text, dated = anchored(text, art.published, art.published_estimated)
        edits = (*edits, *dated)
        cites = [self._cite(pool, it, edits)]
        outlets = 1
        if pool.n_docs > 1:
            fact = groups_of(pool, sim).fact(k)
            cites += [self._cite(pool, pool.items[j], ()) for j in fact.members[1:]]
            outlets = fact.weight
        return Point(text, tuple(cites), outlets, groups_of(pool, sim).n_outlets if pool.n_docs > 1 else 1)

    def _cite(self, pool: Pool, it: Item, edits: tuple[str, ...]) -> Citation:
        art = pool.articles[it.doc]
        return Citation(art.id, it.index, it.span.start, it.span.end, edits, art.outlet)

    def _summary_points(self, pool: Pool, chosen: list[int], sim: np.ndarray) -> list[Point]:
        out = []
        for n, k in enumerate(chosen):
            it = pool.items[k]
            prev = pool.items[chosen[n - 1]] if n else None
            follows = prev is not None and prev.doc == it.doc and prev.index == it.index - 1
            if follows or not it.edited.edits:
                out.append(self._point(pool, k, sim, it.text, ()))
            else:
                out.append(self._point(pool, k, sim, it.edited.text, it.edited.edits))
        return out

    def _headline(self, pool: Pool, scores: np.ndarray, sim: np.ndarray, keys: list[int]) -> tuple[str, str]:
        titled = [d for d, a in enumerate(pool.articles) if a.title.strip() and usable_title(a.title)]
        if len(titled) == 1 and pool.n_docs == 1:
            return clean_title(pool.articles[0].title), "title"
        if titled:
            return clean_title(pool.articles[self._central_title(pool, titled)].title), "title"
        # the most central sentence that reports rather than quotes (a quote makes a poor headline)
        cands = sorted(keys or [int(np.argmax(scores))], key=lambda k: -scores[k])
        plain = [k for k in cands if not pool.items[k].edited.text.startswith(('"', "\u201c", "'", "\u2018"))]
        return compress(pool.items[(plain or cands)[0]].edited.text), "sentence"

    def _central_title(self, pool: Pool, titled: list[int]) -> int:
        """The title whose words the story's articles share most (mean token overlap)."""
        doc_tokens: list[set[str]] = [set() for _ in pool.articles]
        for it in pool.items:
            doc_tokens[it.doc].update(it.toks)
        best, best_score = titled[0], -1.0
        for d in titled:
            tt = set(pool.title_tokens(d))
            if not tt:
                continue
            s = sum(len(tt & toks) / len(tt) for toks in doc_tokens) / len(doc_tokens)
            if s > best_score:
                best, best_score = d, s
        return best


def _positions(pool: Pool, ks: list[int]) -> list[dict]:
    """The positions (demands, offers, refusals ...) the facts module reads in sentences ``ks`` of
    the pool (and the sentence before each, for names and pronouns)."""
    from newsbrief.facts import facts_of_brief

    cites = tuple(Citation(pool.articles[pool.items[k].doc].id, pool.items[k].index, pool.items[k].span.start,
                           pool.items[k].span.end) for k in ks)
    probe = Brief(story_id="", headline="", headline_source="", key_points=(Point("", cites),), summary=(),
                  articles=tuple(pool.articles))
    try:
        return list(facts_of_brief(probe, nlp="rules").get("positions") or [])
    except Exception:  # noqa: BLE001 - facts are an extra: a reader's failure must not stop the brief
        return []


def _contains(a: Item, b: Item, share: float) -> bool:
    """Is one sentence's content (nearly) inside the other's? Catches a lead and its echo."""
    sa, sb = set(a.toks), set(b.toks)
    small = min(len(sa), len(sb))
    return small > 0 and len(sa & sb) / small >= share


__all__ = ["BriefWriter", "NewsScorer"]
