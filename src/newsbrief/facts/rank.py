"""Orders the who, where and when lists so that the event's own come first (see ``frame``).

Each list is sorted by a fixed order of signals, strongest first, with no weights to tune:
who: first name of the headline, lead subject (a name, then a phrase), named in the headline, named in a
lead, mentions;
where: the lead's event place, the dateline, named in the headline, named in a lead, mentions;
when: within a week of publication (the publication date itself when the text dates nothing recent),
dated in a lead, nearest publication, order in the text.
Across a story's articles a signal counts the articles that give it (one actor, many sources).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from newsbrief.facts.frame import Lead, headline_body, headline_subject_zone, position_in
from newsbrief.facts.gazetteer import PLACES

# A headline name after a preposition is its object or place ("... in Brazil", "... against Donald
# Trump's election"), never its subject.
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|near|outside|inside|into|across|from|against|with|for|over|to|by|"
                                 r"of|after|before|on|about|amid|under)\s+(?:the\s+)?$", re.I)
# What may stand between a headline's subject and its verb: nothing, "and X", an apostrophe tag.
_TO_VERB = re.compile(r"(?:\s+(?:and|&)\s+[\w.\- ]{1,30})?\s*(?:,[^,]{1,40},)?\s*")
# A date this close to the article's publication is the news peg; older ones are background
# ("since 1908", "in July"). Why 7 days: a news article reports the events of its week.
RECENT_DAYS = 7


def _is_country(e: dict) -> bool:
    p = PLACES.get(e["name"])
    return p is not None and p.kind == "country" and p.country == e["name"]


_COUNTRY_NAMES: dict[str, list[str]] = {}
for _k, _p in PLACES.items():
    if _p.kind == "country":
        _COUNTRY_NAMES.setdefault(_p.country, []).append(_k)


def _variants(e: dict) -> list[str]:
    names = [e["name"], *e.get("also", [])]
    if _is_country(e):  # "UK" in a headline is the story's United Kingdom
        names += _COUNTRY_NAMES.get(e["name"], [])
    if e.get("kind") in ("person", "name") and " " in e["name"]:
        names.append(e["name"].split()[-1])  # headlines name people by surname
    return [n.removeprefix("the ") for n in names]


def _first(e: dict, order: dict[str, int]) -> tuple[int, int, int]:
    s: dict[str, Any] = e["sources"][0] if e.get("sources") else {"article_id": "", "sentence": 1 << 30, "span": [0, 0]}
    return order.get(s["article_id"], 1 << 30), int(s["sentence"]), int(s.get("span", [0])[0])


def _in_leads(e: dict, lead_keys: set[tuple[str, int]]) -> int:
    return len({s["article_id"] for s in e.get("sources", []) if (s["article_id"], s["sentence"]) in lead_keys})


def _title_hits(entities: list[dict], titles: dict[str, str], actors: bool = False) -> tuple[dict[str, int], dict[str, int]]:
    """Per entity name: articles whose headline names it, and articles whose headline names it first.
    For ``actors``, a name after a preposition ("... race in Brazil") is the headline's object or place,
    and one before the verb but not next to it modifies the subject: neither is its subject."""
    named: dict[str, int] = {}
    first: dict[str, int] = {}
    variants = {e["name"]: _variants(e) for e in entities}
    for title in titles.values():
        body = headline_body(title)
        low = body.lower()
        hit: dict[str, int] = {}
        verb = headline_subject_zone(body) if actors else None
        for e in entities:
            names = [n for n in variants[e["name"]] if n.lower() in low]  # cheap test before the regex
            found = position_in(body, names) if names else None
            if found is None or actors and _PREPOSITION_BEFORE.search(body[:found[0]]):
                continue
            after = body[found[0] + len(found[1]):]
            if verb is not None and found[0] < verb and not _TO_VERB.fullmatch(after[:verb - found[0] - len(found[1])]) \
                    and not re.match(r"\s+[a-z]+s\b", after):  # "Felipe Massa makes ...": a present-tense verb
                named[e["name"]] = named.get(e["name"], 0) + 1  # a modifier of the subject, not the subject
                continue
            hit[e["name"]] = found[0]
            if found[1] != e["name"] and found[1] not in e["also"] and _is_country(e):
                e["also"].append(found[1])  # the headline's name for it ("UK")
        for k in hit:
            named[k] = named.get(k, 0) + 1
        if hit:
            k = min(hit, key=lambda k: hit[k])
            first[k] = first.get(k, 0) + 1
    return named, first


def rank_who(who: list[dict], leads: Sequence[Lead], subjects: dict[str, int], titles: dict[str, str],
             order: dict[str, int]) -> list[dict]:
    """``who`` entities, the event's main actors first. ``subjects``: entity name -> articles whose
    lead has it as subject."""
    keys = {(ld.sent.article_id, ld.sent.index) for ld in leads}
    named, first = _title_hits(who, titles, actors=True)
    def key(e: dict) -> tuple:
        subj = subjects.get(e["name"], 0)
        named_subj, phrase_subj = (0, subj) if e["kind"] == "group" else (subj, 0)
        return (-first.get(e["name"], 0), -named_subj, -phrase_subj, -named.get(e["name"], 0), -_in_leads(e, keys),
                -e["mentions"], _first(e, order))

    return sorted(who, key=key)


def rank_where(where: list[dict], leads: Sequence[Lead], places: dict[str, int], titles: dict[str, str],
               order: dict[str, int], datelines: dict[str, int] | None = None) -> list[dict]:
    """``where`` entities, the event's place first. ``places``: name -> articles whose lead places the
    event there; ``datelines``: name -> articles filed from there."""
    keys = {(ld.sent.article_id, ld.sent.index) for ld in leads}
    named, _ = _title_hits(where, titles)
    dl = datelines or {}
    return sorted(where, key=lambda e: (-places.get(e["name"], 0), -dl.get(e["name"], 0), -named.get(e["name"], 0),
                                        -_in_leads(e, keys), -e["mentions"], _first(e, order)))


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _recent(iso: str | None, pub: date | None) -> bool:
    if not iso or pub is None or len(iso) < 10 or iso[4] != "-" or iso[7] != "-":
        return False
    try:
        return abs((date.fromisoformat(iso[:10]) - pub).days) <= RECENT_DAYS
    except ValueError:
        return False


def _distance(e: dict, published: dict[str, object]) -> int:
    """Days between a dated entry and its article's publication: the news peg is the latest event,
    so of two dates in a lead ("Tuesday's election ... on Saturday") the nearer one is the event's."""
    iso = e.get("date") or ""
    pub = _day(published.get(e["sources"][0]["article_id"])) if e.get("sources") else None
    if pub is None or len(iso) < 10 or iso[4] != "-" or iso[7] != "-":
        return 1 << 20 if e.get("basis") != "published" else 0
    try:
        return abs((date.fromisoformat(iso[:10]) - pub).days)
    except ValueError:
        return 1 << 20


def rank_when(when: list[dict], leads: Sequence[Lead], published: dict[str, object],
              order: dict[str, int]) -> list[dict]:
    """``when`` entries, the event's date first: recent, then dated in a lead, then in text order.

    When the text dates nothing within a week of publication, the first article's publication date
    is added (``basis``: ``published``, no sources): a news article that gives no date for its event
    reports the day it was published, and older dates in it are background."""
    keys = {(ld.sent.article_id, ld.sent.index) for ld in leads}
    pubs = [(order.get(a, 1 << 30), d) for a, p in published.items() if (d := _day(p)) is not None]
    if pubs and not any(_recent(e.get("date"), _day(published.get(s["article_id"])))
                        for e in when for s in e["sources"]):
        first = min(pubs)[1].isoformat()
        when = [*when, {"date": first, "text": first, "event": "", "basis": "published", "sources": []}]

    def key(e: dict) -> tuple:
        src = e["sources"]
        recent = e.get("basis") == "published" or any(_recent(e.get("date"), _day(published.get(s["article_id"])))
                                                      for s in src)
        return (-int(recent), -_in_leads(e, keys), _distance(e, published), _first(e, order))

    return sorted(when, key=key)
