"""Event evidence beyond the cosine, for the online clusterer (``cluster.py``).

* **Protagonists** (same participants): two reports of one event put the same names first; two
  same-kind events (a champion's defence against another challenger, one club firing another
  coach) share the topic and even one name, but not those. An article's protagonists are its
  heaviest one-word names among those it names in its title or repeats; a story's, the heaviest
  (in its centroid) of its members' protagonists. :func:`conflict` says how far they differ;
  against a one-article story (one report), :func:`report_conflict` compares the two reports'
  names; against a larger one, :func:`support` says how many of its reports the conflict has
  against it (a consensus weighs more than one report's names).
* :class:`Match`: the scores that decide whether an article joins a story (the engine's
  ``match``), the cosine and the evidence above together.
* **Members**: a story keeps a few exemplar member vectors; :func:`member_similarity` is the
  article's cosine with them (a chain of articles drifts; an event stays close to its members).

Pure functions over plain dicts, so the engine's hot path stays a few dict look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import mul
from typing import Protocol

from newsbrief.text import stem

# ``w:`` key of a one-word name key (memo; bounded like the feature memos).
_NAME_WORDS: dict[str, str] = {}
_MEMO_MAX = 200_000


@dataclass(frozen=True)
class Match:
    """An article against one story: the scores that decide whether it joins.

    ``similarity`` is the cosine with the story's centroid; ``names`` the part of it the shared
    names and numbers give (the rest is shared words); ``gap_days`` the days since the story's
    last article (None when either is undated); ``needed`` the similarity needed at that gap.
    """

    story: int | None
    similarity: float
    names: float
    gap_days: float | None
    needed: float
    # The best cosine with one of the story's exemplar members (None when not compared), and
    # the score the join decision uses (the centroid cosine when members are not used).
    member: float | None = None
    score: float | None = None

    @property
    def joins(self) -> bool:
        return self.story is not None and self.decision >= self.needed

    @property
    def decision(self) -> float:
        return self.similarity if self.score is None else self.score


class StoryHeads(Protocol):
    """What the evidence reads of a story: its centroid, its members' protagonists (counted)
    and its own protagonists (cached until it grows; None when stale)."""

    centroid: dict[str, float]
    heads: dict[str, int]
    lead: list[str] | None
    n: int


def protagonists(vec: dict[str, float], ents: dict[str, float], k: int, least: float) -> list[str]:
    """An article's protagonists: its heaviest one-word names (a full name's last word,
    "e:klitschko") among those counted at least ``least`` times in ``ents`` (a title mention
    counts ``title_weight`` times there, so with ``least`` = title_weight: named in the title or
    repeated, the names an article is about, not the ones it passes by); at most ``k``."""
    if not k:
        return []
    heads = [x for x, n in ents.items() if n >= least and x[0] == "e" and " " not in x and x in vec]
    heads.sort(key=vec.__getitem__, reverse=True)
    return heads[:k]


def story_heads(st: StoryHeads, k: int) -> list[str]:
    """The story's protagonists: its members' protagonists still in its centroid, the heaviest
    there first (the ones most of its members put first), at most ``k``."""
    if st.lead is None:
        c = st.centroid
        st.lead = sorted((h for h in st.heads if h in c), key=c.__getitem__, reverse=True)[:k]
    return st.lead


def conflict(vec: dict[str, float], heads: list[str], st: StoryHeads, k: int) -> float:
    """How far the article's and the story's protagonists differ, 0-1: the share of the
    article's protagonist weight the story lacks and the share of the story's the article
    lacks, the smaller of the two (both sides must put first a name the other lacks: an
    article that adds a new name to a story's cast, or leaves one out, is no conflict).
    A name counts as present when the other side has it as a name or as a word ("the
    airline" for "Airline"; "Klitschko's" lower in a text that names him otherwise)."""
    mine = story_heads(st, k)
    if not mine or not heads:
        return 0.0
    c = st.centroid
    words = _NAME_WORDS
    if len(words) > _MEMO_MAX:
        words.clear()
    for h in chain(heads, mine):
        if h not in words:
            words[h] = "w:" + stem(h[2:])
    total = sum(map(vec.__getitem__, heads))
    lack = sum(vec[h] for h in heads if h not in c and words[h] not in c)
    if not lack:
        return 0.0
    theirs = sum(map(c.__getitem__, mine))
    missing = sum(c[h] for h in mine if h not in vec and words[h] not in vec)
    return min(lack / total, missing / theirs)


def support(vec: dict[str, float], st: StoryHeads) -> float:
    """The share of the story's members that put first one of its protagonists (its
    :func:`story_heads`, as cached by :func:`conflict`) that the article lacks, as a name or as a
    word: at least the most-named such protagonist's count over the story's size."""
    words = _NAME_WORDS
    best = 0
    for h in st.lead or ():
        if h not in vec and words.get(h, "") not in vec:
            best = max(best, st.heads.get(h, 0))
    return best / max(st.n, 1)


def report_conflict(vec: dict[str, float], other: dict[str, float]) -> float:
    """How far two reports' names differ, 0-1: the share of each one's one-word name weight
    (idf-weighted, as in its own vector) that the other never mentions, as a name or as a
    word, the smaller of the two. Two reports of one event rarely leave out each other's main
    names; two same-kind events share the topic's names (AMD, Intel) but each weighs its own
    (ATI, SeaMicro) that the other lacks. Both sides must lack something."""
    words = _NAME_WORDS
    if len(words) > _MEMO_MAX:
        words.clear()
    share = []
    for a, b in ((vec, other), (other, vec)):
        total = lack = 0.0
        for k, w in a.items():
            if k[0] != "e" or " " in k:
                continue
            total += w
            if k not in b:
                wk = words.get(k)
                if wk is None:
                    wk = words[k] = "w:" + stem(k[2:])
                if wk not in b:
                    lack += w
        if not lack:
            return 0.0
        share.append(lack / total)
    return min(share)


def member_similarity(vec: dict[str, float], members: list[dict[str, float]]) -> float:
    """The article's cosine with the least similar of a story's exemplar members (unit vectors)."""
    sims = []
    for m in members:
        shared = vec.keys() & m.keys()
        sims.append(sum(map(mul, map(vec.__getitem__, shared), map(m.__getitem__, shared))))
    return min(sims)
