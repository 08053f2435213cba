"""Concept coverage: what most outlets report (Gillick & Favre 2009), chosen greedily (Lin & Bilmes 2011).

A *concept* is a bigram of stemmed words, not both stopwords ("peace talk", "talks in"). Its weight is
the number of the story's other articles that carry it too (``df - 1``): a concept only one article has
is worth nothing, so with two or three articles few concepts count and the position-led score decides,
while with 25 articles corroboration dominates. No switch: the balance follows from the article count.

A summary is chosen greedily: each step takes the sentence with the highest
``COVER * new concept weight / words + score`` where ``score`` is the writer's position-led sentence
score and each concept is counted once (covering it again earns nothing: redundancy is built in).
Concepts a reader has already *seen* are worth nothing (the update brief); concepts holding a word of
the reader's *focus* weigh more (the query-focused brief).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.text import STOPWORDS, stem

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Weight of concept density next to the position-led score (both per sentence). Chosen on DUC 2006 dev,
# DUC 2007 update dev and Multi-News dev together (the value that maximises the worst of the three
# margins over its target); see bench/bench_brief.py.
COVER = 2.0
# A concept holding a word of the reader's question counts this much more (DUC 2006 topic statements).
FOCUS_BOOST = 1.0
UNIGRAMS = False
LEN_POWER = 1.0
WPOW = 1.0
BIGRAMS = True
UNI_W = 1.0
FILL = 0.0


def concepts(text: str) -> frozenset[str]:
    """The concepts of a text: stemmed word bigrams, except those of two stopwords."""
    ws = _WORD.findall(text.lower())
    out = set()
    for a, b in zip(ws, ws[1:]) if BIGRAMS else ():
        if a in STOPWORDS and b in STOPWORDS:
            continue
        out.add(stem(a) + " " + stem(b))
    if UNIGRAMS:
        out.update("_" + stem(a) for a in ws if a not in STOPWORDS)
    return frozenset(out)


def focus_terms(text: str) -> frozenset[str]:
    """The content words (stemmed) of a reader's question or subject."""
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2)


@dataclass(frozen=True)
class Concepts:
    """Each sentence's concept ids and each concept's weight for one story."""

    rows: tuple[tuple[int, ...], ...]
    weights: np.ndarray

    @classmethod
    def build(cls, sentences: Sequence[tuple[int, str]], seen: Iterable[str] = (),
              focus: frozenset[str] = frozenset()) -> Concepts:
        """From ``(document index, sentence text)`` pairs; ``seen``: texts the reader has read."""
        ids: dict[str, int] = {}
        rows = []
        docs: dict[int, set[int]] = {}
        for d, text in sentences:
            row = tuple(ids.setdefault(c, len(ids)) for c in concepts(text))
            rows.append(row)
            docs.setdefault(d, set()).update(row)
        df: Counter[int] = Counter()
        for cs in docs.values():
            df.update(cs)
        w = np.zeros(len(ids))
        for c, n in df.items():
            w[c] = (n - 1) ** WPOW
        known = set()
        for text in seen:
            known |= concepts(text)
        for c, i in ids.items():
            if c[0] == "_":
                w[i] *= UNI_W
            if c in known:
                w[i] = 0.0
            elif focus and any(part in focus for part in c.split(" ")):
                w[i] *= 1.0 + FOCUS_BOOST
        return cls(tuple(rows), w)


def cover(con: Concepts, scores: np.ndarray, nwords: Sequence[int], eligible: Sequence[bool], budget: int,
          slack: int, blocked=None) -> list[int]:
    """Greedy concept cover within ``budget`` words (+ ``slack``), each concept counted once.

    ``blocked(k, chosen)`` says a sentence may not be taken now (redundant, or leaning on an
    antecedent not chosen); it is asked again at each step.
    """
    n = len(con.rows)
    w = con.weights.copy()
    length = np.maximum(1, np.asarray(nwords, dtype=float))
    left = [k for k in range(n) if eligible[k]]
    chosen: list[int] = []
    total = 0
    while left and total < budget - FILL * slack:
        gain = np.array([w[list(con.rows[k])].sum() if con.rows[k] else 0.0 for k in left])
        value = COVER * gain / length[left] ** LEN_POWER + scores[left]
        took = False
        for j in np.argsort(-value, kind="stable"):
            k = left[j]
            if total + nwords[k] > budget + slack or (blocked is not None and blocked(k, chosen)):
                continue
            chosen.append(k)
            total += nwords[k]
            w[list(con.rows[k])] = 0.0
            left.remove(k)
            took = True
            break
        if not took:
            break
    return chosen
