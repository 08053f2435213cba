"""One key per person or body however outlets spell it: titles dropped, accents folded, and the
spelling variants of transliteration merged (Zelenskyy / Zelenskiy / Zelensky, Dmitri / Dmitry).

The variants are the ones romanisation systems produce for the same letters (Cyrillic -ий/-ый as
"-iy", "-yy", "-y", "-ii"; final -и as "-i" or "-y"), not a list of names.
"""

from __future__ import annotations

import re
import unicodedata

from newsbrief.facts.gazetteer import ROLES

_TITLES = ROLES | frozenset("mr mrs ms dr sir dame lord lady the".split())
# Word endings that romanisations of one letter group write differently: folded to one form.
_ENDINGS = ((re.compile(r"(?:iy|yy|ij|ii|yi|ei)$"), "y"), (re.compile(r"(?<=[^aeiouy])i$"), "y"))


def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]+", " ", t.lower().replace("'s", "").replace("\u2019s", "")).split())


def _word(w: str) -> str:
    for rx, rep in _ENDINGS:
        w = rx.sub(rep, w)
    return w


def name_key(name: str) -> str:
    """The key a name is merged under: no titles or roles, folded, transliteration variants unified."""
    words = fold(name).split()
    while len(words) > 1 and (words[0] in _TITLES or words[0].rstrip(".") in _TITLES):
        words = words[1:]
    return " ".join(_word(w) for w in words)


def same_person(short: str, full: str) -> bool:
    """Is ``short`` (one word) the surname or first name of ``full`` (several words)?"""
    s, f = name_key(short).split(), name_key(full).split()
    return len(s) == 1 and len(f) > 1 and s[0] in (f[0], f[-1])
