"""One key per person or body however outlets spell it: titles dropped, accents folded, and the
spelling variants of transliteration merged (Zelenskyy / Zelenskiy / Zelensky, Dmitri / Dmitry).

The variants are the ones romanisation systems produce for the same letters (Cyrillic -ий/-ый as
"-iy", "-yy", "-y", "-ii"; final -и as "-i" or "-y"), not a list of names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def _after_titles(words: list[str], folded: list[str]) -> list[str]:
    """The words after the last title or role word ("Tesla CEO Elon Musk" -> "Elon Musk")."""
    k = max((i for i, w in enumerate(folded[:-1]) if w in _TITLES or w.rstrip(".") in _TITLES), default=-1)
    return words[k + 1:]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The key a name is merged under: no titles or roles, folded, transliteration variants unified."""
    words = fold(name).split()
    return " ".join(_word(w) for w in _after_titles(words, words))


def strip_titles(name: str) -> str:
    """A name as shown, without the titles and roles written before it ("CEO Elon Musk" -> "Elon Musk")."""
    words = name.split()
    folded = [fold(w) for w in words]
    return " ".join(_after_titles(words, folded)) if len(folded) == len(words) else name


def same_person(short: str, full: str) -> bool:
    """Is ``short`` (one word) the surname or first name of ``full`` (several words)?"""
    s, f = name_key(short).split(), name_key(full).split()
    return len(s) == 1 and len(f) > 1 and s[0] in (f[0], f[-1])
