"""Dates in sentences, normalised to ISO 8601 (2025-06-02, 2022-02, 2017), relative ones
("Tuesday", "yesterday", "last year") against the article's publication date when it is known."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
for _m, _i in list(MONTHS.items()):
    MONTHS[_m[:3]] = _i
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_NUMBER_WORDS = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORDS.update({"a": 1, "an": 1, "several": 3, "a few": 3})

_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS = [
    ("ymd", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b(?:{_WD},?\s+)?{_MON}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b(?:{_WD},?\s+)?{_MON}\s+{_DAY}\b(?![,:]?\s*\d)")),
    ("dm", re.compile(rf"\b(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*\d)")),
    ("my", re.compile(rf"\b(?:(?:early|mid|late)[\s-])?{_MON},?\s+{_YEAR}\b")),
    ("m", re.compile(rf"\b(?P<rel>(?i:in|since|by|until|last|this|next|early|mid|late|from|through))[\s-]+{_MON}\b(?!\s+\d)")),
    ("wd", re.compile(rf"\b(?P<rel>(?i:last|this|next|on|late|early|by|until|since))?\s*{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b")),
    ("rel", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight|last night|this morning|this week|last week|next week|"
                       r"this month|last month|next month|this year|last year|next year)\b", re.I)),
    ("hol", re.compile(r"\b(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year(?:'s|\u2019s)?\s+(?:Day|Eve)|Bastille\s+Day|"
                       r"Independence\s+Day|Halloween|Valentine(?:'s|\u2019s)\s+Day|Boxing\s+Day|Easter(?:\s+Sunday)?|"
                       r"Thanksgiving(?:\s+Day)?|Labou?r\s+Day|Memorial\s+Day|National\s+Day|Ramadan|Eid(?:\s+al-\w+)?|"
                       r"Hanukkah|Diwali|Lunar\s+New\s+Year)\b")),
    ("ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|several|a few)\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("y", re.compile(rf"\b(?P<rel>(?i:in|into|since|by|until|before|after|from|through|of|during|early|late|mid))[\s-]+(?:the\s+year\s+)?{_YEAR}\b(?![-/]\d|\s*(?:%|percent|people|[a-z]+s\b))")),
    ("y", re.compile(rf"\b{_YEAR}(?=\s+(?:season|election|elections|Olympics|World Cup|campaign|budget|census)\b)")),
]


# Holidays on a fixed date (month, day); the others (Easter, Ramadan, ...) are found but not placed.
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year s day": (1, 1),
             "new years day": (1, 1), "new year s eve": (12, 31), "bastille day": (7, 14), "halloween": (10, 31),
             "valentine s day": (2, 14), "boxing day": (12, 26)}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in a sentence (offsets into the sentence) and its ISO value (None if it cannot be placed)."""

    start: int
    end: int
    text: str
    iso: str | None


def _published(pub: object) -> date | None:
    if isinstance(pub, datetime):
        return pub.date()
    if isinstance(pub, date):
        return pub
    return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _year_for(month: int, day: int | None, pub: date | None) -> int | None:
    """The year of a month (and day) given without one: of the years around publication, the one
    that puts it at most ~10 months before or ~2 months after (for a bare month: 5 before, 6 after)."""
    if pub is None:
        return None
    for y in (pub.year, pub.year - 1, pub.year + 1):
        if day is None:
            # why -5..+6 months: "in September" in a March article is the coming one; "since
            # November" in a February article is last year's; "in March" in December is next year's
            if -5 <= (y * 12 + month) - (pub.year * 12 + pub.month) <= 6:
                return y
        # why -305..+60 days: news tells the past; "on January 4" in a late-December article is
        # the coming one, "on December 28" in a January article last year's
        elif -305 <= (date(y, month, min(day, 28)) - pub).days <= 60:
            return y
    return pub.year


def _month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _normalise(kind: str, g: dict, pub: date | None) -> str | None:
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    if kind == "ymd":
        return _ymd(int(g["year"]), int(g["m"]), int(g["day"]))
    if kind in ("mdy", "dmy"):
        return _ymd(int(g["year"]), mon, int(g["day"]))  # type: ignore[arg-type]
    if kind in ("md", "dm"):
        y = _year_for(mon, int(g["day"]), pub)  # type: ignore[arg-type]
        if y is None:
            return f"--{mon:02d}-{int(g['day']):02d}" if 1 <= int(g["day"]) <= 31 else None
        return _ymd(y, mon, int(g["day"]))  # type: ignore[arg-type]
    if kind == "my":
        return f"{int(g['year']):04d}-{mon:02d}"
    if kind == "m":
        rel = g["rel"].lower()
        if pub is None:
            return None
        y = pub.year
        if rel == "last":
            y = pub.year - 1 if mon >= pub.month else pub.year  # type: ignore[operator]
        elif rel == "next":
            y = pub.year + 1 if mon <= pub.month else pub.year  # type: ignore[operator]
        else:
            y = _year_for(mon, None, pub) or pub.year  # type: ignore[arg-type]
        return f"{y:04d}-{mon:02d}"
    if kind == "y":
        return g["year"]
    if kind == "hol":
        fixed = _HOLIDAYS.get(re.sub(r"\W+", " ", g["hol"].lower()).strip())
        y = _year_for(fixed[0], fixed[1], pub) if fixed else None
        return _ymd(y, *fixed) if fixed and y else None
    if pub is None:
        return None
    if kind == "wd":
        wd = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        delta = (pub.weekday() - wd) % 7
        if rel == "next":
            return (pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)).isoformat()
        if rel == "last" and delta == 0:
            delta = 7
        # a bare weekday in news is the most recent one (on or before publication)
        return (pub - timedelta(days=delta)).isoformat()
    if kind == "rel":
        w = g["word"].lower()
        if w in ("today", "tonight", "this morning"):
            return pub.isoformat()
        if w in ("yesterday", "last night"):
            return (pub - timedelta(days=1)).isoformat()
        if w == "tomorrow":
            return (pub + timedelta(days=1)).isoformat()
        unit, shift = w.split()[1], {"this": 0, "last": -1, "next": 1}[w.split()[0]]
        if unit == "year":
            return str(pub.year + shift)
        if unit == "month":
            y, m = _month_shift(pub.year, pub.month, shift)
            return f"{y:04d}-{m:02d}"
        iy, iw, _ = (pub + timedelta(weeks=shift)).isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if kind == "ago":
        n = g["n"].lower()
        k = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 1)
        unit = g["unit"].lower()
        if unit in ("day", "week"):
            return (pub - timedelta(days=k * (7 if unit == "week" else 1))).isoformat()
        if unit == "month":
            y, m = _month_shift(pub.year, pub.month, -k)
            return f"{y:04d}-{m:02d}"
        return str(pub.year - k)
    return None


# Prepositions that introduce a date but are not part of it.
_OUTSIDE = frozenset("in into since by until before after from through of during on".split())


def find_dates(text: str, published: object = None) -> list[DateMention]:
    """Dates in ``text``, longest match first, no two overlapping, in text order."""
    pub = _published(published)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            rel = (m.groupdict().get("rel") or "").lower()
            if kind in ("m", "y", "wd") and rel in _OUTSIDE:
                s = m.start({"m": "mon", "y": "year", "wd": "wd"}[kind])
            if kind == "wd" and rel in ("late", "early"):
                s = m.start("wd")
            if kind == "wd" and not rel and re.search(r"[A-Z][a-z]+\s$", text[:m.start("wd")]):
                continue  # "Black Friday", "Super Tuesday": a weekday inside a name
            while s < e and text[s].isspace():
                s += 1
            if any(s < b and a < e for a, b in taken):
                continue
            if kind in ("ymd", "mdy", "dmy") and (re.match(r"\s+\d{1,2}:\d\d", text[e:])
                                                 or re.search(r"(?:Updated|Published|Posted):?\s*$", text[:s])):
                continue  # a page's time stamp, not a date the story tells
            if kind == "md" and text[e:e + 1] == "," and re.match(r",\s*(?:19|20)\d\d", text[e:]):
                continue
            iso = _normalise(kind, m.groupdict(), pub)
            if iso is None and kind in ("mdy", "dmy", "ymd"):
                continue  # "February 30, 2020": not a date
            taken.append((s, e))
            out.append(DateMention(s, e, text[s:e], iso))
    return sorted(out, key=lambda d: d.start)


# The event a date dates: a noun phrase right before "in/on/since <date>" ("the invasion by Russia in
# February 2022"), else the clause around it with the date taken out.
_NP_BEFORE = re.compile(r"(?:since|after|before|during|of|until)\s+((?:the|a|an|its|their|his|her)\s+[^,;:]{3,80}?)\s+(?:in|on|of)\s*$")
_BOUNDARY = re.compile(r"[;:,()]|\s+[\u2014\u2013]\s+|\s+-\s+")


def event_of(sentence: str, d: DateMention) -> str:
    """What ``d`` dates in ``sentence``, as the text says it (at most ~14 words)."""
    before = sentence[:d.start]
    m = _NP_BEFORE.search(before)
    if m:
        return " ".join(m.group(1).split()[:14])
    # the clause that holds the date: from the boundary before it to the one after it
    cuts = [x.end() for x in _BOUNDARY.finditer(sentence[:d.start])]
    start = cuts[-1] if cuts else 0
    if len(sentence[start:d.start].split()) < 2 and len(cuts) > 1:
        start = cuts[-2]
    stop = _BOUNDARY.search(sentence, d.end)
    end = stop.start() if stop else len(sentence)
    left = re.sub(r"\b(?:on|in|since|by|until|during|from|of|the|at|last|this|next)\s*$", "", sentence[start:d.start].rstrip())
    clause = left.rstrip() + " " + sentence[d.end:end].lstrip()
    lead = re.match(r"\s*(?:which|that|who)\b", clause)
    if lead and start > 0:
        np_ = re.search(r"((?:the|a|an|its|their|his|her)\s+[\w\- ]{1,40}?)\s*[,;:(]?\s*$", sentence[:start])
        clause = (np_.group(1) + "," if np_ else "") + " " + clause.strip()
    clause = re.sub(r"\s{2,}", " ", clause).strip(" ,.;:\"\u201c\u201d")
    w = clause.split()
    if len(w) < 2:
        return ""
    if re.match(r"(?:However|But|And|Meanwhile|Also|In|On),?$", w[0]):
        w = w[1:]
    return " ".join(w[:14]) + (" \u2026" if len(w) > 14 else "")
