"""The brief writer: a story's articles in, a faithful brief in the seed's form out."""

from __future__ import annotations

import numpy as np

from newsbrief.briefing.headline import clean_title, compress
from newsbrief.briefing.pool import Item, Pool
from newsbrief.briefing.scorers import NewsScorer, get_scorer
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
# A sentence of another article this similar to a chosen one carries the same fact: cite it too.
CITE = 0.45


class BriefWriter:
    """Writes briefs: three distinct key points and one summary paragraph, all source sentences.

    ``scorer`` names a registered sentence scorer; ``words`` is the summary length budget.
    """

    def __init__(self, scorer: str = "news", words: int = 150, points: int = 3) -> None:
        self.scorer = get_scorer(scorer)
        self.words = words
        self.points = points

    def write(self, articles: list[Article], story_id: str = "") -> Brief:
        """The brief of ``articles`` taken as one story (one article: a single-document brief)."""
        if not articles:
            raise NewsbriefError(story_id, "no articles to brief")
        pool = Pool(articles)
        if not any(it.toks for it in pool.items):
            name = story_id or articles[0].id
            raise NewsbriefError(name, "no article text to brief (no complete sentence found)")
        scores = self.scorer.score(pool)
        sim = pool.similarity()
        keys = self._key_points(pool, scores, sim)
        summary = self._summary(pool, scores, sim)
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
        quoted = np.array([it.text[:1] in "\"\u201c'\u2018" for it in pool.items], dtype=float)
        order = np.argsort(-(scores - QUOTE_PENALTY * quoted), kind="stable")
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

    def _summary(self, pool: Pool, scores: np.ndarray, sim: np.ndarray) -> list[int]:
        ranked = [int(k) for k in np.argsort(-scores, kind="stable")]
        # short or fragmentary texts: fall back to whatever sentences there are
        order = [k for k in ranked if pool.items[k].usable] or [k for k in ranked if pool.items[k].toks]
        chosen: list[int] = []
        total = 0
        slack = max(10, self.words // 8)
        position = {(it.doc, it.index): k for k, it in enumerate(pool.items)}
        waiting = list(order)
        progress = True
        while progress and total < self.words:
            progress = False
            for k in list(waiting):
                it = pool.items[k]
                if it.edited.dangling and position.get((it.doc, it.index - 1)) not in chosen:
                    continue  # may come in later, right after its antecedent
                waiting.remove(k)
                if any(sim[k, j] >= REDUNDANT for j in chosen) or total + it.nwords > self.words + slack:
                    continue
                chosen.append(k)
                total += it.nwords
                progress = True
                if total >= self.words - slack // 2:
                    break
                if it.edited.dangling:
                    break  # a new antecedent may unlock earlier skipped sentences: rescan
        if not chosen:  # nothing fits the budget: take the best sentence anyway
            chosen = [order[0]] if order else [0]
        return sorted(chosen, key=lambda k: (pool.items[k].doc, pool.items[k].index))

    # -- writing --------------------------------------------------------------------------
    def _point(self, pool: Pool, k: int, sim: np.ndarray, text: str, edits: tuple[str, ...]) -> Point:
        it = pool.items[k]
        cites = [self._cite(pool, it, edits)]
        if pool.n_docs > 1:
            docs = np.array([x.doc for x in pool.items])
            for d in range(pool.n_docs):
                if d == it.doc:
                    continue
                idx = np.flatnonzero(docs == d)
                if len(idx):
                    j = idx[int(np.argmax(sim[k, idx]))]
                    if sim[k, j] >= CITE:
                        cites.append(self._cite(pool, pool.items[j], ()))
        return Point(text, tuple(cites))

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
        titled = [d for d, a in enumerate(pool.articles) if a.title.strip()]
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


def _contains(a: Item, b: Item, share: float) -> bool:
    """Is one sentence's content (nearly) inside the other's? Catches a lead and its echo."""
    sa, sb = set(a.toks), set(b.toks)
    small = min(len(sa), len(sb))
    return small > 0 and len(sa & sb) / small >= share


__all__ = ["BriefWriter", "NewsScorer"]
