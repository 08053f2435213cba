"""Key points of a story told by several articles: news first, then who wants what.

1. Every clean sentence states a fact (see :mod:`newsbrief.briefing.factgroups`); its rank is the
   number of outlets carrying the fact, then the scorer's position/centrality score, then recency.
   Quotes and background ("X is a form of Y") rank below news.
2. The first key point is the newest development among the most-reported facts.
3. When the story's facts hold positions of two or more parties (demands, offers, refusals ...,
   read with :func:`newsbrief.facts.facts_of_articles`), the next key points give each side's,
   from a sentence that names the actor.
4. Then the next most-reported facts. No two key points report one fact (``FactGroups.overlaps``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from newsbrief.briefing.factgroups import FactGroups
from newsbrief.briefing.pool import Item, Pool

# A key point reports a fact; a sentence opening with a quotation (or in the first person) is
# someone's words: it ranks one outlet's worth lower, so a quote carried by N outlets ties with news
# carried by N - 1 (the single-article writer's 0.3 is a fraction of one position step; here ranks
# are counted in outlets).
QUOTE_PENALTY = 1.0
# Background and explanation rank below news: one outlet's worth (a weight unit), so a definition
# carried by two outlets still loses to news carried by two.
BACKGROUND_PENALTY = 1.0
# Recency breaks ties between facts of equal weight and position (a fraction of the position
# prior's first step, 1 - 1/2): a later report of a story is more likely the newest development.
RECENCY = 0.1
# The newest development is chosen among this many best-ranked facts: the top facts are the ones
# most outlets carry; a fact outside them is a side detail, however new.
NEWEST_AMONG = 3
# The news of an article is in its lead: the first key point comes from an article's first
# LEAD_ZONE sentences (after page furniture is cleaned out), where every outlet states its news.
LEAD_ZONE = 2
# A party's position is the story's when more than one outlet reports it (stories of three or more
# outlets): a demand one outlet mentions in passing is a side detail, not a side of the story.
SIDE_OUTLETS = 2
# Positions are read in this many best-ranked sentences only: ten times the key points, well past
# the top facts, and it bounds the facts reader's work per story (25-article DUC clusters included).
SIDE_POOL = 30

# "X is a form of Y", "X are a kind of ...", "X, which is ..., was founded in 1990": definitions,
# descriptions and history, not the story's news.
_BACKGROUND = re.compile(
    r"\b(?:is|are)\s+(?:a|an|one\s+of\s+the|the\s+(?:largest|biggest|oldest|most|second|third))\b"
    r"[^.;]{0,60}?\b(?:form|type|kind|part|member|group|company|organi[sz]ation|country|city|nation|"
    r"species|agency|network|region|province|state|body|term|word)\b"
    r"|\b(?:known\s+as|refers\s+to|is\s+defined\s+as|was\s+(?:founded|established|formed|built)\s+in)\b",
    re.I,
)
# One of these is in every sentence _BACKGROUND matches (a cheap gate before the pattern).
_BACKGROUND_HINTS = (" is ", " are ", " Is ", " Are ", " IS ", " ARE ", "known", "Known", "refers", "defined", "founded",
                     "established", "formed", "built", "KNOWN", "REFERS", "DEFINED", "FOUNDED", "ESTABLISHED",
                     "FORMED", "BUILT")
# News happened: a past-tense or perfect verb, or a date. A background sentence with one is news.
_HAPPENED = re.compile(r"\b(?:said|says|told|announced|has\s+been|have\s+been|had|was|were|will|yesterday|today|"
                       r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|\b\d{4}\b", re.I)


def is_background(text: str) -> bool:
    """Does the sentence explain or describe rather than report ("A depression is a form of ...")?"""
    if not any(w in text for w in _BACKGROUND_HINTS):
        return False
    m = _BACKGROUND.search(text)
    if not m:
        return False
    rest = text[: m.start()] + text[m.end():]
    return "was " in m.group(0).lower() or not _HAPPENED.search(rest)


# Someone's own words without quotation marks: first person, a social-media handle.
_OWN_WORDS = re.compile(r"^(?:I|I'm|I've|I'll|We|We're|We've|My|Our|You)\b|@\w")


def _quoted(it: Item) -> bool:
    return it.text[:1] in "\"\u201c'\u2018" or bool(_OWN_WORDS.search(it.edited.text))


def rank(pool: Pool, scores: np.ndarray, groups: FactGroups) -> np.ndarray:
    """Each sentence's key-point rank: outlets carrying its fact, plus score, recency, penalties."""
    stamps = [a.published.timestamp() if a.published else None for a in pool.articles]
    known = [s for s in stamps if s is not None]
    lo, hi = (min(known), max(known)) if known else (0.0, 0.0)
    out = np.full(len(pool), -np.inf)
    for k, it in enumerate(pool.items):
        if not _eligible(it, False):
            continue  # never a key point: no fact to weigh
        st = stamps[it.doc]
        recent = (st - lo) / (hi - lo) if st is not None and hi > lo else 0.0
        out[k] = (groups.fact(k).weight + scores[k] + RECENCY * recent
                  - QUOTE_PENALTY * _quoted(it) - BACKGROUND_PENALTY * is_background(it.text))
    return out


def _first_report(pool: Pool, groups: FactGroups, k: int) -> str:
    """The day the fact of sentence ``k`` was first reported (its earliest article), ISO, or "".
    Days, not seconds: publication times are often dates only, and a story's reports of one day
    are one development."""
    stamps = [pool.articles[pool.items[m].doc].published for m in groups.fact(k).members]
    known = [s.date().isoformat() for s in stamps if s is not None]
    return min(known) if known else ""


def choose(pool: Pool, scores: np.ndarray, groups: FactGroups, points: int,
           positions: Callable[[list[int]], list[dict]] | None = None) -> list[int]:
    """The key points of a multi-article story, in reading order (news, sides, more facts)."""
    ranks = rank(pool, scores, groups)
    order = [int(k) for k in np.argsort(-ranks, kind="stable")]
    for strict in (True, False):
        cands = [k for k in order if _eligible(pool.items[k], strict) and np.isfinite(ranks[k])]
        if cands:
            break
    if not cands:
        return []
    # 1. news first: the newest development among the best-ranked distinct lead facts that at
    # least half as many outlets carry as the best one (a fact few carry is a side detail)
    lead = [k for k in cands if pool.items[k].index < LEAD_ZONE and not _quoted(pool.items[k])
            and not is_background(pool.items[k].text)] or cands
    top: list[int] = []
    for k in lead:
        if len(top) >= NEWEST_AMONG:
            break
        if groups.fact(k).weight * 2 >= groups.fact(lead[0]).weight and not groups.overlaps(k, top):
            top.append(k)
    top = top or lead[:1]
    first = max(top, key=lambda k: (_first_report(pool, groups, k), -top.index(k)))
    chosen = [first]
    # 2. who wants what: one sentence per party holding a position, naming the party
    if positions is not None and points > 1:
        probe = [k for k in cands[:SIDE_POOL] if _may_hold_position(pool, groups, k)]
        found = positions(probe) if len(probe) >= 2 else []
        for k in _sides(pool, groups, ranks, found, chosen, points - 1):
            chosen.append(k)
    # 3. the next most-reported facts
    for k in cands:
        if len(chosen) >= points:
            break
        if k not in chosen and not groups.overlaps(k, chosen):
            chosen.append(k)
    return chosen


# Words without which no sentence states a position (the facts reader's verbs and nouns, stemmed
# loosely): a gate that spares the reader the stories with none. The reader decides.
_POSITION_CUE = re.compile(
    r"\b(?:demand|call(?:s|ed)?\s+(?:for|on)|insist|urg|offer|propos|pledg|promis|agree|reject|refus|"
    r"condition|precondition|want|seek|sought|ask|warn|vow|threat|accept|decline|oppos|back|support)", re.I)


def _may_hold_position(pool: Pool, groups: FactGroups, k: int) -> bool:
    """Could sentence ``k`` give a side of the story (a position cue, reported widely enough)?"""
    if groups.n_outlets >= 3 and groups.fact(k).weight < SIDE_OUTLETS:
        return False
    return bool(_POSITION_CUE.search(pool.items[k].text))


def _eligible(it: Item, strict: bool) -> bool:
    return bool(it.toks) and not it.edited.dangling and (it.usable or not strict)


def _sides(pool: Pool, groups: FactGroups, ranks: np.ndarray, found: list[dict], chosen: list[int],
           room: int) -> list[int]:
    """For each actor with a position, its best-ranked clean sentence that names it; only when
    two or more actors have one (a single party's demand is a fact like any other)."""
    where = {(pool.articles[it.doc].id, it.index): k for k, it in enumerate(pool.items)}
    best: dict[str, int] = {}
    for p in found:
        actor = str(p.get("actor") or "").strip()
        if not actor:
            continue
        names = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]+", actor) if len(w) > 2]
        for src in p.get("sources") or []:
            k = where.get((src.get("article_id"), src.get("sentence")))
            if k is None or not _eligible(pool.items[k], True) or is_background(pool.items[k].text):
                continue
            if groups.n_outlets >= 3 and groups.fact(k).weight < SIDE_OUTLETS:
                continue
            text = pool.items[k].edited.text.lower()
            if names and not any(re.search(r"\b" + re.escape(n) + r"\b", text) for n in names):
                continue  # the sentence must name the party, not refer to it
            key = actor.lower()
            if key not in best or ranks[k] > ranks[best[key]]:
                best[key] = k
    if len(best) < 2:
        return []
    out: list[int] = []
    for k in sorted(best.values(), key=lambda k: -ranks[k]):
        if len(out) >= room:
            break
        if not groups.overlaps(k, chosen + out):
            out.append(k)
    return out


__all__ = ["choose", "is_background", "rank"]
