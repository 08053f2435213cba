"""Features of one article for story clustering: stemmed words and capitalised phrases, counted.

Written for speed (the clusterer must take thousands of articles a second in pure Python): one
regex pass per block, stems and phrase normalisations memoised, counting done by ``Counter`` in C.
Keys are prefixed by block: ``w:`` stemmed words, ``e:`` entity phrases.
"""

from __future__ import annotations

import re
from collections import Counter

from newsbrief.text import STOPWORDS, stem

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")
# Capitalised words in a row ("North Korea", "Kim Jong Un", "NASA"), allowing "of"/"de" inside.
_PHRASE = re.compile(r"[A-Z][\w'\u2019.&-]*(?:\s+(?:(?:of|de|al|bin|van|von|the|and)\s+)?[A-Z][\w'\u2019.&-]*)*")
_ENTITY_STOP = STOPWORDS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tomorrow read click photo video
    getty images ap reuters afp cnn image copyright""".split()
)
# Memo tables; cleared when they grow past this, so a stream of junk cannot exhaust memory.
_MEMO_MAX = 500_000
_STEMS: dict[str, str] = {}
_PHRASES: dict[str, tuple[tuple[str, ...], str]] = {}


def _stem_key(word: str) -> str:
    """``w:<stem>`` of a lower-case word, or "" for a stop word or a one-letter token."""
    key = "" if word in STOPWORDS or len(word) < 2 else "w:" + stem(word.replace("\u2019", "'"))
    if len(_STEMS) > _MEMO_MAX:  # cleared between articles only (callers index it right after)
        _STEMS.clear()
    _STEMS[word] = key
    return key


def word_counts(lowered: list[str]) -> Counter[str]:
    """Counts of ``w:`` stem keys of lower-case tokens (stop words dropped)."""
    for w in set(lowered).difference(_STEMS):  # only words never seen before cost Python time
        _stem_key(w)
    c = Counter(map(_STEMS.__getitem__, lowered))
    c.pop("", None)
    return c


def _phrase_keys(phrase: str) -> tuple[tuple[str, ...], str]:
    """(entity keys, the single word to check against lower-case use, or "") of a raw phrase."""
    memo = _PHRASES.get(phrase)
    if memo is not None:
        return memo
    p = phrase.rstrip(".-&'\u2019").replace("\u2019", "'")
    if p.endswith("'s"):
        p = p[:-2]
    low = p.lower()
    words = [w for w in low.split() if w not in _ENTITY_STOP]
    if not words or (len(words) == 1 and len(words[0]) < 2):
        out: tuple[tuple[str, ...], str] = ((), "")
    elif len(words) == 1:
        out = (("e:" + words[0],), words[0] if " " not in low else "")
    else:
        # The last word alone ("Obama" for "President Barack Obama") links later short mentions.
        out = (("e:" + " ".join(words), "e:" + words[-1]), "")
    if len(_PHRASES) > _MEMO_MAX:
        _PHRASES.clear()
    _PHRASES[phrase] = out
    return out


def entity_counts(text: str, context: str) -> Counter[str]:
    """Counts of ``e:`` keys of capitalised phrases. A lone capitalised word that ``context``
    also uses in lower case ("Scores of people ..." / "... scores") opens a sentence; no name."""
    found = Counter(_PHRASE.findall(text))
    for phrase in set(found).difference(_PHRASES):  # set.difference(dict) probes; it never scans the memo
        _phrase_keys(phrase)
    out: Counter[str] = Counter()
    memo = _PHRASES
    for phrase, n in found.items():
        keys, single = memo[phrase]
        if single and " " + single + " " in context:
            continue
        for k in keys:
            out[k] += n
    return out


def title_case(title: str) -> bool:
    """Is every longer word capitalised ("Scores Die in Nice as Truck Plows Into Crowd")?"""
    longer = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return len(longer) >= 3 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def article_features(title: str, text: str, body_chars: int, title_weight: float) -> tuple[Counter, Counter]:
    """(word counts, entity counts) of an article's title and lead; title counts weigh more."""
    body = text[:body_chars]
    if title and body.startswith(title):  # many bodies repeat the title as their first line
        body = body[len(title):]
    toks = _WORD.findall(body)
    words = word_counts(list(map(str.lower, toks)))
    ents = entity_counts(body, body)
    if title:
        ttoks = _WORD.findall(title)
        for k, n in word_counts(list(map(str.lower, ttoks))).items():
            words[k] += n * title_weight
        if title_case(title):
            # A title-case title is one long capitalised "phrase": take the body's names that it mentions.
            tl = " " + " ".join(ttoks).lower() + " "
            tents = Counter({k: 1 for k in ents if " " + k[2:] + " " in tl})
        else:
            tents = entity_counts(title, body)
        for k, n in tents.items():
            ents[k] += n * title_weight
    return words, ents
