"""Figures: numbers with what they count ("129 people on board", "25 hurt", "$5 billion")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMWORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
            r"hundred|hundreds|thousand|thousands|dozen|dozens|scores|millions|billions)")
_SCALE = r"(?:\s?(?:million|billion|trillion|bn|m|k|thousand|hundred)\b)?"
_QUAL = r"(?:(?i:(?:at\s+least|more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|some|up\s+to|over|under|approximately|an\s+estimated|as\s+many\s+as))\s+)?"
FIGURE = re.compile(
    rf"(?<![\w.$£€:/])(?P<q>{_QUAL})(?P<num>(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?{_SCALE}(?:\s?(?:%|percent|per\s+cent))?"
    rf"|(?i:{_NUMWORD})(?:[\s-](?i:{_NUMWORD}))*)(?![\w.,]\d)(?![A-Za-z])",
)
# Words that end the counted noun phrase.
_STOP = frozenset(
    """the a an and or but that which who whom whose was were is are be been being has have had will would
    could should may might can after before in at as when while from to by for with on into than then this
    these those it its their his her they he she we said says say told according per since during over
    under about against between through among of near up down out off if because so not also""".split()
)
# Participles that are what a number counts on their own: "25 hurt", "84 killed".
_COUNTED_STATES = frozenset("killed dead hurt injured wounded missing arrested detained rescued evacuated "
                            "displaced died stranded infected affected".split())
_TIME_UNIT = re.compile(r"^(?:a\.m\.|p\.m\.|am|pm|GMT|BST|ET|EST)$", re.I)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in a sentence (offsets into the sentence), its value as written and what it counts."""

    start: int
    end: int
    value: str
    what: str


def find_figures(text: str, taken: list[tuple[int, int]] = ()) -> list[Figure]:  # type: ignore[assignment]
    """Numbers with what they count; ``taken`` spans (dates, names) are skipped."""
    out: list[Figure] = []
    for m in FIGURE.finditer(text):
        s, e = m.start("num"), m.end("num")
        num = m.group("num")
        if any(s < b and a < e for a, b in taken):
            continue
        before = text[:m.start()].rstrip()
        if re.search(r"[A-Z][\w'\u2019]*$", before) and not re.search(r"(?:^|[.!?:]\s*)[A-Z][\w']*$", before) \
                and num[:1].isdigit():
            continue  # "Pixel 2", "Game 7", "Chang'e 4": a number inside a name
        if re.match(r"\d{1,2}:\d\d", text[s:]) or re.match(r"\d+(?:st|nd|rd|th)\b", text[s:]):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", num) and not re.match(r"\s+[a-z]", text[e:]):
            continue  # a year
        what = _counted(text[e:])
        if not what and not re.search(r"[$£€%]|percent|per cent|million|billion", num):
            continue
        if what and _TIME_UNIT.match(what.split()[0]):
            continue
        if num.lower() in ("one", "hundreds", "thousands", "dozens", "scores", "millions") and not what:
            continue
        value = (m.group("q") + num).strip()
        out.append(Figure(m.start("q") if m.group("q") else s, e, " ".join(value.split()), what))
    return out


def _counted(rest: str) -> str:
    """The noun phrase after a number: up to four words, 'on board'/'of X' kept."""
    words: list[str] = []
    for w in re.finditer(r"[A-Za-z][\w'\u2019-]*|[^\w\s]", rest[:80]):
        t = w.group()
        if not t[0].isalpha():
            break
        low = t.lower()
        if low in _STOP:
            if words and low in ("on", "aboard") and rest[w.end():].lstrip().lower().startswith("board"):
                words += [t, "board"]
            break
        if low in _COUNTED_STATES:
            if not words:
                words.append(t)  # "25 hurt"; but "one worker died" counts workers
            break
        words.append(t)
        if len(words) >= 4:
            break
    return " ".join(words)
