"""Facts across outlets: the sentences of a story's articles that report the same thing, grouped.

Two sentences of different articles report one fact when their wording is close (TF-IDF cosine
at least ``SAME``), or when it is looser (at least ``LOOSE``) but they share what makes a news
fact: a name or a number, *and* an action word (a content word that is neither), with at least
``SHARED`` content words in all. Word overlap alone is not enough: two sentences about the same
story share its topic words ("truck", "Nice") without reporting one fact.

A fact is seeded by one sentence; its members are, for every other article, that article's
closest sentence reporting the same fact. Its weight is the number of distinct outlets carrying it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsbrief.briefing.pool import Item, Pool
from newsbrief.text import tokens

# Cosine at which two sentences are one fact on wording alone: the scorer's SAME_FACT (0.4 beat
# 0.2/0.3 on Multi-News dev as "support"); citations used 0.45 before facts were grouped.
SAME = 0.4
# Below SAME, a pair is one fact only with shared anchors and actions. Why 0.25: on clusters-dev
# lead-sentence pairs between 0.25 and 0.4 about half report one fact, and the anchor+action rule
# keeps those (read by hand: 14 pairs drawn at random); under 0.25 pairs sharing a name and a verb
# are mostly two facts about one actor.
LOOSE = 0.25
# Content words two loose paraphrases share at the least: a name, an action and one more (the
# object or a second name); two words is what any two sentences on one story share.
SHARED = 3

# Two key points restate one fact when this share of the shorter one's content words (casualty words
# merged, below) is in the other: "At least seven people were killed when a tram derailed" and "At
# least five people are dead after a tram overturned" are one fact with two counts. 0.6 was the
# single-article writer's containment on raw words; merging synonyms lowers what restating needs.
KEY_CONTAIN = 0.5
# Two key points share this many content words, a name and an action among them, at any wording
# distance: they restate one event ("Israel indicted a girl on Monday" / "An Israeli court indicted
# a teenage girl on Monday"). One more than SHARED: key points must be distinct, citations alike.
KEY_SHARED = 4
# The words outlets use interchangeably for the most re-reported news fact, casualties.
_CANON = {"kill": "die", "dead": "die", "die": "die", "died": "die", "death": "die", "toll": "die", "fatal": "die",
          "injur": "hurt", "hurt": "hurt", "wound": "hurt", "injury": "hurt", "injuri": "hurt"}

_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'\u2019-]+|\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class Fact:
    """One fact of a story: the sentence that states it and every article sentence carrying it."""

    seed: int
    members: tuple[int, ...]
    outlets: tuple[str, ...]

    @property
    def weight(self) -> int:
        return len(self.outlets)


def _anchors(it: Item) -> frozenset[str]:
    """Names and numbers of a sentence, as tokens (a capitalised first word may be any word)."""
    return frozenset(tokens(" ".join(_CAPITALISED.findall(it.edited.text))))


class FactGroups:
    """The facts of a pool: ``same(k, j)`` and ``fact(k)``, with each sentence's tokens split once."""

    def __init__(self, pool: Pool, sim: np.ndarray) -> None:
        self.pool = pool
        self.sim = sim
        self.docs = np.array([it.doc for it in pool.items], dtype=int)
        self._anchors: dict[int, frozenset[str]] = {}
        self.toks = [frozenset(it.toks) for it in pool.items]
        self.outlet = [a.outlet.strip().lower() or a.id for a in pool.articles]
        self.n_outlets = len(set(self.outlet))
        self._facts: dict[int, Fact] = {}

    def anchors(self, k: int) -> frozenset[str]:
        """Names and numbers of sentence ``k`` (computed when first asked)."""
        if k not in self._anchors:
            self._anchors[k] = _anchors(self.pool.items[k])
        return self._anchors[k]

    def same(self, k: int, j: int) -> bool:
        """Do sentences ``k`` and ``j`` report the same fact (see the module docstring)?"""
        cos = self.sim[k, j]
        if cos >= SAME:
            return True
        if cos < LOOSE:
            return False
        shared = self.toks[k] & self.toks[j]
        if len(shared) < SHARED:
            return False
        names = shared & (self.anchors(k) | self.anchors(j))
        return bool(names) and bool(shared - names)

    def fact(self, k: int) -> Fact:
        """The fact sentence ``k`` states: ``k`` and, per other article, its closest same-fact sentence
        (of that article's three closest sentences, the first that reports the same fact)."""
        if k not in self._facts:
            members = [k]
            row = self.sim[k]
            near = np.flatnonzero((row >= LOOSE) & (self.docs != self.pool.items[k].doc))
            tried: dict[int, int] = {}
            for j in near[np.lexsort((-row[near], self.docs[near]))]:
                d = int(self.docs[j])
                if tried.get(d, 0) >= 3 or (members[-1] != k and self.docs[members[-1]] == d):
                    continue
                tried[d] = tried.get(d, 0) + 1
                if self.same(k, int(j)):
                    members.append(int(j))
            outlets = tuple(dict.fromkeys(self.outlet[self.pool.items[m].doc] for m in members))
            self._facts[k] = Fact(k, tuple(members), outlets)
        return self._facts[k]

    def overlaps(self, k: int, chosen: list[int]) -> bool:
        """Would sentence ``k`` report a fact one of ``chosen`` already reports? True when ``k`` is a
        member of a chosen fact, a chosen seed is a member of ``k``'s fact, or the two are one fact."""
        mine = set(self.fact(k).members)
        for c in chosen:
            if k in self.fact(c).members or c in mine or self.same(k, c) or self.same(c, k):
                return True
            a, b = self._canon(k), self._canon(c)
            if a and b and len(a & b) / min(len(a), len(b)) >= KEY_CONTAIN:
                return True
            shared = a & b
            names = shared & (self.anchors(k) | self.anchors(c))
            if len(shared) >= KEY_SHARED and names and shared - names:
                return True
        return False

    def _canon(self, k: int) -> frozenset[str]:
        return frozenset(_CANON.get(t, t) for t in self.toks[k])


def groups_of(pool: Pool, sim: np.ndarray) -> FactGroups:
    """The pool's fact groups, made once per pool (the writer's choosing and citing share them)."""
    cached = pool.cache.get("groups")
    if not isinstance(cached, FactGroups) or cached.sim is not sim and cached.sim.shape != sim.shape:
        cached = FactGroups(pool, sim)
        pool.cache["groups"] = cached
    return cached


__all__ = ["KEY_CONTAIN", "Fact", "FactGroups", "LOOSE", "SAME", "SHARED", "groups_of"]
