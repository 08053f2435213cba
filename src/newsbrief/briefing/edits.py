"""The only edits a brief may make to a source sentence, and the rules for when a sentence
leans on text left out (a dangling reference).

Allowed edits: delete a leading discourse connective or adverbial ("However,", "In ongoing
efforts to ...,"), recapitalise the first letter, replace a leading personal pronoun by its
antecedent's name in square brackets ("[Zelensky] condemned ..."). Nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Leading connectives that lean on the sentence before; deleted with their comma.
CONNECTIVES = (
    "however", "but", "and", "also", "meanwhile", "moreover", "in addition", "additionally", "still",
    "yet", "instead", "as a result", "furthermore", "nevertheless", "nonetheless", "so", "overall",
    "indeed", "besides", "likewise", "similarly", "in turn", "by contrast", "in contrast", "even so",
    "on the other hand", "at the same time", "separately", "thus", "therefore", "consequently",
    "then", "now", "later", "earlier", "regardless", "otherwise", "in fact", "after all", "of course",
    "finally", "lastly", "in short", "for example", "for instance", "first", "second", "third", "again",
)
# Connectives safe to delete without a comma after them ("But the talks failed").
_BARE = ("however", "but", "and", "meanwhile", "moreover", "furthermore", "nevertheless", "nonetheless",
         "additionally", "in addition", "as a result", "yet", "also")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(c) for c in sorted(words, key=len, reverse=True))


_CONNECTIVE = re.compile(
    r"^(?:(?:" + _alternation(CONNECTIVES) + r"),\s+|(?:" + _alternation(_BARE) + r")\s+(?=[A-Za-z\"'\u201c]))",
    re.I,
)
# Any opener that leans on what came before, comma or not ("So far", "Still photos" included:
# a reader sees the connective first).
_LEANING = re.compile(r"^(?:" + _alternation(CONNECTIVES + ("that",)) + r")\b(?!')", re.I)
# Leading purpose/frame adverbials that can go without changing what the main clause asserts.
_ADVERBIAL = re.compile(
    r"^(?:in\s+(?:an?\s+|ongoing\s+|continued\s+|further\s+|renewed\s+|recent\s+|the\s+latest\s+)*efforts?\s+to\s+[^,;\"]{3,120},"
    r"|in\s+(?:a|the)\s+(?:latest|latest\s+development|meantime|wake\s+of\s+[^,;\"]{3,80})\s*,"
    r"|despite\s+[^,;\"]{3,100}(?:,\s*including\s+[^,;\"]{3,100})?,"
    r"|amid\s+[^,;\"]{3,100},"
    r"|on\s+the\s+(?:diplomatic|military|economic|political)\s+front\s*,"
    r"|as\s+(?:we|previously|earlier)\s+(?:have\s+|had\s+)?(?:reported|noted|mentioned)(?:\s+\w+){0,2}\s*,)\s+",
    re.I,
)
PRONOUNS = frozenset(
    "he she it they his her their its this these those them him that such".split()
)
# Personal pronouns we may replace by a bracketed name (subject and possessive forms).
_PERSONAL = {"he": "", "she": "", "his": "'s", "her": "'s"}
_FIRST_WORD = re.compile(r"[\"'\u201c\u2018(]*([A-Za-z']+)")
_CAP_SEQ = re.compile(r"\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s*)?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?){1,3})\b")
# Capitalised words that are not (parts of) a person's name.
_NOT_NAME = frozenset(
    """The A An This That These Those He She It They His Her Their In On At For With From By After Before
    When While As If But And Or So Yet However Meanwhile Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November December
    President Prime Minister Secretary General Senator Governor Mayor Chief Officer Police Department
    University Party Council Committee Ministry Court Government Army Navy Force Forces Club United States
    Kingdom Union Nations National International Republic Democratic Republican Street Road City County
    State News Times Post Journal Daily Mail Airport Hospital School College Company Inc Corp Group League
    Cup Championship Premier Olympic World North South East West New Mr Mrs Ms Dr Sir Lord Lady Saint St
    Twitter Facebook Instagram YouTube Google Apple Microsoft Amazon CNN BBC Reuters Associated Press""".split()
)


# A leading subordinate phrase that points back ("Although this romance failed, ...").
_BACK_FRAME = re.compile(
    r"^(?:although|though|despite|because\s+of|after|before|since|due\s+to|as\s+a\s+result\s+of|"
    r"in\s+addition\s+to|besides|unlike|like|following|with|during|in\s+response\s+to|for)\s+"
    r"(?:this|that|these|those|such|it|them|him|her|which)\b",
    re.I,
)


@dataclass(frozen=True)
class Edited:
    """A sentence after the allowed edits. ``skip`` is how many source characters were dropped."""

    text: str
    edits: tuple[str, ...]
    skip: int
    dangling: bool


def first_word(text: str) -> str:
    m = _FIRST_WORD.match(text)
    return m.group(1).lower() if m else ""


def strip_opener(text: str) -> tuple[str, list[str], int]:
    """Delete leading connectives/adverbials; return (text, edits, characters dropped)."""
    edits: list[str] = []
    dropped = 0
    for _ in range(3):
        m = _CONNECTIVE.match(text) or _ADVERBIAL.match(text)
        if not m or len(text) - m.end() < 20:
            break
        edits.append("dropped " + repr(text[: m.end()].strip()))
        dropped += m.end()
        text = text[m.end():]
    if edits and text[:1].islower():
        text = text[0].upper() + text[1:]
        edits.append("capitalised first letter")
    return text, edits, dropped


def opens_with_reference(text: str) -> bool:
    """Does the text open with a pronoun or connective that refers back?"""
    if first_word(text) in PRONOUNS:
        return True
    bare = text.lstrip("\"'\u201c\u2018(")
    return bool(_LEANING.match(bare) or _BACK_FRAME.match(bare))


def person_names(text: str) -> list[str]:
    """Capitalised multi-word sequences that look like people's names, in order."""
    out = []
    for m in _CAP_SEQ.finditer(text):
        parts = [re.sub(r"['\u2019]s$", "", p) for p in m.group(1).split() if p not in _NOT_NAME and not p.endswith(".")]
        if len(parts) >= 2:
            out.append(" ".join(parts[-2:]))
    return out


# What marks a capitalised name as a person's: a title or role before it, a speech verb or an age
# after it. "He"/"she" can only stand for a person; a place or an organisation named in the
# sentence before is not an antecedent ("[Mediterranean] also commented").
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sir|Dame|Lady|Lord|Pope|King|Queen|Prince|Princess|Rev|Gen|Col|Capt|Sgt|Sen|Rep|Gov)\.?"
    r"|\b(?:president|minister|premier|senator|governor|mayor|chancellor|secretary|spokes(?:man|woman|person)|"
    r"coach|manager|captain|actor|actress|singer|rapper|star|director|chief|leader|judge|officer|lawyer|attorney|"
    r"ambassador|envoy|commander|chairman|chairwoman|founder|ceo|executive|head|author|professor|player|"
    r"striker|quarterback|father|mother|son|daughter|wife|husband|brother|sister|boyfriend|girlfriend|"
    r"cousin|friend|comedian|musician|writer|journalist|reporter|scientist|researcher|doctor|pilot|"
    r"astronaut|driver|victim|suspect|man|woman|boy|girl))\s+(?:[\w.'-]+\s+){0,2}$",
    re.I,
)
_PERSON_AFTER = re.compile(
    r"^(?:'s)?\s*(?:,\s*\d{1,3}\s*,|\(\d{1,3}\)|,?\s+(?:said|says|told|added|wrote|tweeted|posted|announced|"
    r"explained|insisted|argued|claimed|stated|noted|replied|recalled|admitted|warned|denied|urged|"
    r"who\s+(?:is|was|has|had)|has\s+(?:said|been)|was\s+(?:born|elected|named|appointed)))",
    re.I,
)
# Capitalised words that make a sequence a place, body or thing rather than a person.
_NOT_PERSON = frozenset(
    """Mediterranean Atlantic Pacific Arctic Baltic Caribbean Eastern Western Northern Southern Central
    Sea Ocean Gulf Coast River Island Islands Mountains Mountain Valley Bay Lake Region Regional Province
    Basin Strait Peninsula Desert Storm Hurricane Cyclone Typhoon Depression Airlines Airways Bank Church
    Office Agency Organization Organisation Association Institute Foundation Centre Center Museum Festival
    Parliament Senate Congress Assembly Commission Authority Service Services Network Media Station""".split()
)


def _person_names(sentence: str) -> list[str]:
    """Names in ``sentence`` that are people's by the cues above (title/role, speech verb, age)."""
    out = []
    for m in _CAP_SEQ.finditer(sentence):
        parts = [re.sub(r"['\u2019]s$", "", p) for p in m.group(1).split()]
        if any(p in _NOT_PERSON for p in parts):
            continue
        names = [p for p in parts if p not in _NOT_NAME and not p.endswith(".")]
        if len(names) < 2 and not _PERSON_BEFORE.search(sentence[: m.start()]):
            continue
        if not names:
            continue
        cue = _PERSON_BEFORE.search(sentence[: m.start()]) or _PERSON_AFTER.match(sentence[m.end():]) \
            or not sentence[: m.start()].strip(" \"'\u201c")
        if cue:
            out.append(names[-1])
    return out


def resolve_pronoun(text: str, before: list[str]) -> tuple[str, str] | None:
    """Replace a leading he/she/his/her by the single person named in the nearest earlier sentence.

    ``before`` holds the preceding sentences, nearest last. Returns (new text, edit) or None
    when there is no single unambiguous antecedent, or the only one named is not a person's name.
    """
    m = _FIRST_WORD.match(text)
    if not m or m.start(1) != 0:
        return None
    word = m.group(1)
    suffix = _PERSONAL.get(word.lower())
    if suffix is None:
        return None
    for prev in reversed(before[-2:]):
        capitalised = {n.split()[-1] for n in person_names(prev)}
        names = set(_person_names(prev))
        if len(names) == 1 and len(capitalised - names) == 0:
            name = names.pop()
            return f"[{name}{suffix}]" + text[len(word):], f"replaced {word!r} by [{name}{suffix}]"
        if names or capitalised:
            return None
    return None


# -- relative dates -------------------------------------------------------------------------------
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(
    r"\b(?:(?P<day>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))"
    r"|(?P<span>(?:last|this|next)\s+(?:week|month))"
    r"|(?:(?P<rel>on|last|this|next|early|late)\s+)?(?P<wd>" + "|".join(_WEEKDAYS) + r"))\b(?!\s*\[)",
    re.I,
)
_FUTURE = re.compile(r"\b(?:will|shall|is\s+due|are\s+due|is\s+expected|are\s+expected|scheduled|plans?\s+to|"
                     r"is\s+set\s+to|are\s+set\s+to|going\s+to)\b", re.I)
_NOT_A_DATE = re.compile(r"(?:USA|BBC|NBC|the)\s+$", re.I)  # "USA Today", "the Today programme"


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def anchor_dates(text: str, published: datetime | date | None) -> tuple[str, list[str]]:
    """Put the date after each relative date of ``text`` ("On Wednesday [18 Dec 2019], ..."),
    computed from the article's publication time. Returns the text and one edit per date."""
    if published is None or not _RELATIVE.search(text):
        return text, []
    pub = published.date() if isinstance(published, datetime) else published
    future = bool(_FUTURE.search(text))
    out, edits, last = [], [], 0
    for m in _RELATIVE.finditer(text):
        if m.group("day") and _NOT_A_DATE.search(text[: m.start()]) and m.group(0)[:1].isupper():
            continue
        end = m.end()  # right after the words, before any "'s": "Tuesday [26 Dec 2017]'s launch"
        label = _resolve(m, pub, future)
        out.append(text[last:end] + f" [{label}]")
        last = end
        edits.append(f"anchored {m.group(0)!r} to [{label}]")
    out.append(text[last:])
    return "".join(out), edits


def anchored(text: str, published: datetime | date | None, estimated: bool = False) -> tuple[str, list[str]]:
    """``text`` as a brief prints it: relative dates anchored when the publication time is known
    (an estimated time anchors nothing). The writer prints this; the summary budget counts it."""
    if estimated:
        return text, []
    return anchor_dates(text, published)


def _resolve(m: re.Match[str], pub: date, future: bool) -> str:
    """The date (or week, month) a relative date match stands for, as published on ``pub``."""
    if m.group("day"):
        word = " ".join(m.group("day").lower().split())
        shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        return _day(pub + timedelta(days=shift))
    if m.group("span"):
        which, unit = m.group("span").lower().split()
        step = {"last": -1, "this": 0, "next": 1}[which]
        if unit == "week":
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
            return "week of " + _day(monday)
        month = pub.month + step
        year = pub.year + (month - 1) // 12
        return date(year, (month - 1) % 12 + 1, 1).strftime("%B %Y")
    wd = _WEEKDAYS.index(m.group("wd").lower())
    rel = (m.group("rel") or "").lower()
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if rel == "last":
        days = -(back or 7)
    elif rel == "next":
        days = ahead or 7
    elif back == 0:
        days = 0
    else:
        days = ahead if future else -back
    return _day(pub + timedelta(days=days))


def in_open_quote(before_in_paragraph: str) -> bool:
    """Is a sentence that follows this paragraph text inside a quotation opened earlier?"""
    straight = before_in_paragraph.count('"')
    curly = before_in_paragraph.count("\u201c") - before_in_paragraph.count("\u201d")
    return straight % 2 == 1 or curly > 0


def edit_sentence(text: str, before: list[str], quote_open: bool) -> Edited:
    """Apply the allowed edits; mark the result dangling if it still leans on text left out."""
    if quote_open:
        return Edited(text, (), 0, True)
    new, edits, dropped = strip_opener(text)
    if first_word(new) in PRONOUNS:
        res = resolve_pronoun(new, before)
        if res is None:
            return Edited(new, tuple(edits), dropped, True)
        new, e = res
        edits.append(e)
    return Edited(new, tuple(edits), dropped, opens_with_reference(new))
