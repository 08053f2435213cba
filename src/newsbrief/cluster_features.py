"""Features of one article for story clustering: stemmed words and capitalised phrases, counted.

Written for speed (the clusterer must take thousands of articles a second in pure Python): one
regex pass per block, stems and phrase normalisations memoised, counting done by ``Counter`` in C.
Keys are prefixed by block: ``w:`` stemmed words; in the name block, ``e:`` capitalised phrases
(people, places, organisations, cheaply) and ``n:`` numbers (tolls, magnitudes, scores, years):
what tells one earthquake from another is who, where and how many, not the word "earthquake".
"""

from __future__ import annotations

import re
from collections import Counter
from typing import cast

from newsbrief.text import STOPWORDS, stem

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")
# Capitalised words in a row ("North Korea", "Kim Jong Un", "NASA"), allowing "of"/"de" inside.
_PHRASE = re.compile(r"[A-Z][\w'\u2019.&-]*(?:\s+(?:(?:of|de|al|bin|van|von|the|and)\s+)?[A-Z][\w'\u2019.&-]*)*")
_ENTITY_STOP = STOPWORDS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tomorrow read click photo video
    getty images ap reuters afp cnn image copyright""".split()
)
# Numbers as written: "1,000", "6.1", "2019", "9-14" (a record or score is one key). A number glued
# to a word by a hyphen ("COVID-19", "F-16", "Apollo-11") is part of a name, which the name block
# already holds: as a number too it counted twice (Wikinews: COVID-19 articles of different
# events joined on "19"; BCubed F1 0.879 -> 0.888, clusters-dev and ecbplus-dev unchanged).
# (The leading lookaheads only make the scan fail fast where no number or date can start: the
# same matches, 30% less time.)
_NUMBER = re.compile(r"(?=\d)(?<![\w.,])(?<![A-Za-z]-)\d+(?:[.,]\d+)*(?:-\d+)?(?![\w])")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# A day of a month ("July 7", "7 July", "Sept. 18th"): the date of a happening names it.
_DATE = re.compile(r"(?=[JFMASOND\d])\b(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?"
                   r"|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b")
# Legal and generational forms that follow a name ("Equifax Inc.", "Acme Corp", "Rego Barros Jr."):
# the name is the same without them, and as a phrase's last word they stood for it (the "e:inc."
# key of "Equifax Inc." met "Equifax" nowhere; "e:jr" joined one Jr. with any other).
_DESIGNATORS = frozenset("inc corp corporation co ltd llc plc jr sr ii iii".split())
# Memo tables; cleared when they grow past this, so a stream of junk cannot exhaust memory.
_MEMO_MAX = 200_000
_STEMS: dict[str, str] = {}
_PHRASES: dict[str, tuple[tuple[str, ...], str]] = {}


def _stem_key(word: str) -> str:
    """``w:<stem>`` of a token (any case), or "" for a stop word or a one-letter token."""
    low = word.lower().replace("\u2019", "'")
    key = "" if low in STOPWORDS or len(low) < 2 else "w:" + stem(low)
    _STEMS[word] = key
    return key


def word_counts(toks: list[str]) -> tuple[dict[str, int], set[str]]:
    """Counts of ``w:`` stem keys of tokens (stop words dropped), and the set of distinct tokens.
    The memo is keyed by the token as written, so the common case costs no lower-casing."""
    if len(_STEMS) > _MEMO_MAX:  # bounded: a stream of junk tokens cannot exhaust memory
        _STEMS.clear()
    uniq = set(toks)
    for w in uniq.difference(_STEMS):  # only tokens never seen before cost Python time
        _stem_key(w)
    c = Counter(map(_STEMS.__getitem__, toks))
    c.pop("", None)
    return c, uniq


def _place(word: str) -> str:
    """The place a demonym in "-ean(s)"/"-ian(s)" names ("korean", "koreans" -> "korea";
    "syrian" -> "syria"), else the word; a place that itself ends in "-an" ("Turkmenistan",
    "Japan") is no demonym and stays as written.
    Used inside multi-word names (see _phrase_keys): "the North Korean leader" is about North
    Korea, and a report that writes "North Korean(s)" and one that writes "North Korea" name one
    participant (clusters-dev: a North Korea missile report opened a new story on "North
    Korean(s)" alone). A name that merely ends so ("Damian Lewis" -> "damia lewis") maps the
    same way in every article, so it still meets itself."""
    if len(word) >= 6 and word[-1] in "ns" and "'" not in word:
        if word.endswith(("ean", "ian")):
            return word[:-1]
        if word.endswith(("eans", "ians")) and len(word) >= 7:
            return word[:-2]
    return word


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
    while len(words) > 1 and words[-1].rstrip(".,") in _DESIGNATORS:
        words.pop()
    if words[-1:] and words[-1].endswith(".") and "." not in words[-1][:-1]:
        # A full stop, not an abbreviation ("U.S."): the phrase ran on into the next sentence
        # ("... Mount Cook. The ...") and its name is "Cook", not "Cook." (ecbplus-dev 0.908 ->
        # 0.910, Wikinews 0.926 -> 0.929, clusters-dev unchanged).
        words[-1] = words[-1][:-1]
    if not words or (len(words) == 1 and len(words[0]) < 2):
        out: tuple[tuple[str, ...], str] = ((), "")
    elif len(words) == 1:
        out = (("e:" + words[0],), words[0] if " " not in low else "")
    else:
        # The last word alone ("Obama" for "President Barack Obama") links later short mentions.
        # Demonyms name their place in the full key (_place); the last word gives its key as
        # written, as a lone mention does ("Turkmenistan" after "Republic of Turkmenistan"), and
        # its place too when it is a demonym ("Korea" after "North Korean"). A lone demonym
        # ("Russian") stays as written: on a long-running topic it is in every report and tells
        # one of its events from another no better than the topic's name (mapped everywhere, it
        # joined sub-events of one war on the Wikipedia current-events set).
        last = words[-1]
        place = _place(last)
        keys = ("e:" + " ".join(map(_place, words)), "e:" + last)
        out = (keys + ("e:" + place,) if place != last else keys, "")
    _PHRASES[phrase] = out
    return out


def entity_counts(text: str, tokens_used: set[str]) -> dict[str, int]:
    """Counts of ``e:`` keys of capitalised phrases. A lone capitalised word whose lower-case
    form is among ``tokens_used`` ("Scores of people ..." / "... scores") opens a sentence: it
    is no name."""
    found = Counter(_PHRASE.findall(text))
    if len(_PHRASES) > _MEMO_MAX:
        _PHRASES.clear()
    for phrase in set(found).difference(_PHRASES):  # set.difference(dict) probes; it never scans the memo
        _phrase_keys(phrase)
    out: dict[str, int] = {}
    get = out.get
    memo = _PHRASES
    for phrase, n in found.items():
        keys, single = memo[phrase]
        if single and single in tokens_used:
            continue
        for k in keys:
            out[k] = get(k, 0) + n
    return out


def number_counts(text: str) -> dict[str, int]:
    """Counts of ``n:`` keys of the numbers in ``text``; single digits are left out (a "5" is in
    every other story: it names nothing), thousands separators dropped ("1,000" = "1000")."""
    found = Counter(_NUMBER.findall(text))
    out: dict[str, int] = {}
    for num, n in found.items():
        key = num.replace(",", "") if "," in num else num
        if len(key) < 2:
            continue
        key = "n:" + key
        out[key] = out.get(key, 0) + n
    for m1, d1, d2, m2 in _DATE.findall(text):
        key = f"n:{(m1 or m2).lower()} {int(d1 or d2)}"
        out[key] = out.get(key, 0) + 1
    return out


def title_case(title: str) -> bool:
    """Is every longer word capitalised ("Scores Die in Nice as Truck Plows Into Crowd")?"""
    longer = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return len(longer) >= 3 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def article_features(title: str, text: str, body_chars: int, title_weight: float) -> tuple[dict, dict]:
    """(word counts, entity counts) of an article's title and lead; title counts weigh more."""
    body = text[:body_chars]
    if title and body.startswith(title):  # many bodies repeat the title as their first line
        body = body[len(title):]
    toks = _WORD.findall(body)
    counts, used = word_counts(toks)
    # title counts are weighted (floats): the same dicts, typed for what they come to hold
    words, ents = cast("dict[str, float]", counts), cast("dict[str, float]", entity_counts(body, used))
    for k, n in number_counts(body).items():
        ents[k] = n
    if title:
        ttoks = _WORD.findall(title)
        wget = words.get
        for k, n in word_counts(ttoks)[0].items():
            words[k] = wget(k, 0) + n * title_weight
        if title_case(title):
            # A title-case title is one long capitalised "phrase": take the body's names that it mentions.
            tl = " " + " ".join(ttoks).lower() + " "
            tents = {k: 1 for k in ents if " " + k[2:] + " " in tl}
        else:
            tents = entity_counts(title, used)
        tents.update(number_counts(title))
        eget = ents.get
        for k, n in tents.items():
            ents[k] = eget(k, 0) + n * title_weight
    return words, ents
