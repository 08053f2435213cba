"""The event frame: which who, where and when a reader takes for *the* event's, not merely named.

News puts its event up front. The headline names the main actor first (after a kicker such as
"US election 2016:"), the lead sentence's subject is who did or suffered it, the place after a
locative preposition in the lead or headline is where it happened, and the date the lead gives
is when. Everything else in an article is background: earlier events, reactions, comparisons.
The facts lists are ordered by these signals (then by how often a name recurs), so the first
answer of each list is the event's.

When the lead's subject is no name ("A gunman opened fire ...", "At least seven people were
killed ..."), that noun phrase is the who: the event's actor as the text says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.facts.base import Mention, Sent
from newsbrief.facts.gazetteer import PLACES

# Finite verbs that end a lead sentence's subject: auxiliaries and the commonest irregular past
# forms of news English (regular ones are caught by their "-ed"). Why a closed list: without a
# tagger, an "-ed" rule alone misses "struck", "shot", "fell", "won", the verbs of news leads.
_AUX = frozenset("""is are was were has have had will would could can may might must should shall does did
    do""".split())
_IRREGULAR = frozenset("""said says told tells won hit shot struck fell met took made left led saw gave found ran
    came went began broke brought held kept lost paid put set sent spent stood threw wrote bid drove flew
    fought grew knew rose sank spoke stole swept tore woke beat bought caught chose dug drew fled hung
    overtook sought spread stuck swore took underwent upheld withdrew""".split())
# Words that are never a subject's last word: pronouns and function words.
_NOT_HEAD = frozenset("""it he she they we i you this that these those there who which what one more most
    some many all both each few several other others another least""".split())
# Words that open a clause or phrase, so a subject noun phrase cannot reach back past them.
_STOP_BACK = frozenset("""in on at of to for from by with after before when while as since during into over under
    and or but if than because although though about near outside inside across against amid which that who
    whom whose where""".split())
# A subject phrase names an actor when its head is a person noun: an agent noun by its ending
# ("gunman", "bomber", "driver", "tourists", "rescuers", "officials", "civilians"), or one of the
# few person nouns English forms otherwise. Things ("A truck", "a video", "The accident") are what
# happened, not who.
_AGENT = re.compile(r"(?:man|men|woman|women|er|ers|or|ors|ist|ists|ian|ians|ee|ees|ial|ials|ive|ives|ar|ars)$")
_PERSON_NOUNS = frozenset("""people person persons child children boy boys girl girls family families police crowd
    crowds couple victims victim troops forces staff team government fans parents mother father son daughter
    wife husband baby teenager teen teens residents students migrants immigrants""".split())
# Headline kickers: a short label ending in a colon ("US election 2016:", "Afghanistan:").
_KICKER = re.compile(r"^[^:]{1,40}:\s+(?=\S)")
# At most this many words in a subject noun phrase (the subject of a lead is short: "A suicide bomber",
# "At least seven people"); a longer run back from the verb has crossed into another clause.
MAX_SUBJECT_WORDS = 6
_WORDS = re.compile(r"[A-Za-z0-9][\w'\u2019\-]*|[^\w\s]")


# A dateline, where an article (or a wire copy pasted mid-text) says where it was filed: a place in
# capitals, perhaps its state or country, a date and an agency, then a dash ("WASHINGTON, Nov 6
# (Reuters) - ", "KUNDUZ, Afghanistan -- ", "LONDON \u2014 ").
_DATELINE = re.compile(
    r"(?:^|(?<=\s))(?P<place>[A-Z][A-Z.'\-]{2,}(?:\s[A-Z][A-Z.'\-]{2,}){0,2})"
    r"(?:,\s*(?P<region>[A-Z][\w.]+(?:\s[A-Z][\w.]+)?))?"
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z ]{2,20}\))?\s*(?:--|\u2014|\u2013|-)\s+(?=[A-Z\"\u201c])"
)


def _place(name: str, start: int, end: int) -> Mention | None:
    p = PLACES.get(name) or PLACES.get(name.title())
    if p is None:
        return None
    key = p.country if p.kind == "country" else p.name
    m = Mention(start, end, name, "where", "place", key)
    m.extra.update(country=p.country, dateline=True)
    return m


def find_datelines(text: str) -> list[tuple[int, int, list[Mention]]]:
    """Datelines in a sentence: (start, end, the place mentions in it). The place must be known, or
    be followed by a known state or country ("KUNDUZ, Afghanistan"): capitals and a dash alone are
    also how headings and shouted words look."""
    out = []
    for m in _DATELINE.finditer(text):
        region = _place(m.group("region"), m.start("region"), m.end("region")) if m.group("region") else None
        place = _place(m.group("place"), m.start("place"), m.end("place"))
        if place is None and region is None:
            continue
        if place is None:
            place = Mention(m.start("place"), m.end("place"), m.group("place"), "where", "place",
                            m.group("place").title())
            place.extra.update(country=region.key if region else "", dateline=True)
        out.append((m.start(), m.end(), [x for x in (place, region) if x is not None]))
    return out


@dataclass(frozen=True, slots=True)
class Lead:
    """What one article's lead sentence says of its event: the subject (a who mention, or a noun
    phrase with its offsets in the sentence) and the event place (a where mention)."""

    sent: Sent
    subject: Mention | None
    phrase: tuple[int, int, str] | None
    place: Mention | None
    dateline: Mention | None = None


def main_verb(text: str, skip: list[tuple[int, int]]) -> int | None:
    """Offset of the first finite verb of ``text`` outside ``skip`` spans (names, dates), else None."""
    prev = ""
    for m in _WORDS.finditer(text):
        w = m.group()
        if any(a <= m.start() < b for a, b in skip):
            prev = "NAME"
            continue
        lw = w.lower()
        if w[:1].islower() and (lw in _AUX or lw in _IRREGULAR
                                or (lw.endswith("ed") and len(lw) > 4 and prev not in ("the", "a", "an"))):
            return m.start()
        prev = lw
    return None


def subject_phrase(text: str, verb: int, skip: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The noun phrase right before the verb at ``verb`` ("A gunman", "At least seven people"), if it
    ends in a noun-like word and touches no name or date."""
    toks = [m for m in _WORDS.finditer(text[:verb])]
    out: list[re.Match[str]] = []
    for m in reversed(toks):
        w = m.group()
        if any(a <= m.start() < b for a, b in skip):
            return None  # the phrase runs on into a name ("Police investigating the Croydon tram crash")
        if not re.match(r"[A-Za-z0-9]", w):
            break
        if w.lower() in _STOP_BACK and not (w.lower() == "at" and out and out[-1].group().lower() == "least"):
            break
        out.append(m)
        if len(out) > MAX_SUBJECT_WORDS:
            return None
    if not out:
        return None
    out.reverse()
    head = out[-1].group()
    if head.lower() in _NOT_HEAD or not head[:1].islower() or len(head) < 3 or head.endswith("ly"):
        return None
    if head.lower() not in _PERSON_NOUNS and not _AGENT.search(head.lower()) and not head.endswith("-year-old"):
        return None
    a, b = out[0].start(), out[-1].end()
    return a, b, text[a:b]


def read_lead(sent: Sent, mentions: list[Mention], date_spans: list[tuple[int, int]],
              known: frozenset[str] | set[str] = frozenset()) -> Lead:
    """The subject and event place of a lead sentence. ``known``: capitalised words the story also
    capitalises mid-sentence (a one-word subject must be one of them: "Driver is retiring" is no name)."""
    names = [(m.start, m.end) for m in mentions]
    verb = main_verb(sent.text, names + date_spans)
    who = [m for m in mentions if m.label == "who" and (verb is None or m.end <= verb)]
    subject = who[0] if verb is not None and who else None
    if subject is not None and " " not in subject.text and subject.kind != "country" and subject.text not in known \
            and not subject.text.isupper():
        subject = None
    phrase = None
    if subject is None and verb is not None:
        phrase = subject_phrase(sent.text, verb, names + date_spans)
    places = [m for m in mentions if m.label == "where" and not m.extra.get("dateline")]
    dateline = next((m for m in mentions if m.extra.get("dateline")), None)
    # the event's place is where its verb happened: the first place after the verb, else before it
    after = [m for m in places if verb is not None and m.start > verb]
    place: Mention | None = (after or places or [None])[0]  # type: ignore[list-item]
    if place is not None and not _known_place(place):
        # "outside Trump Tower in New York City", "the Sandilands stop in Croydon": a building or a
        # stop is placed by the town it is in, which is what a reader takes for the where
        k = places.index(place)
        if k + 1 < len(places) and _known_place(places[k + 1]) \
                and _CONTAINER_GAP.fullmatch(sent.text[place.end:places[k + 1].start]):
            place = places[k + 1]
    return Lead(sent, subject, phrase, place, dateline)


# Between a named spot and the town holding it: ", " or "in", after at most two common nouns.
_CONTAINER_GAP = re.compile(r"(?:\s+[a-z]+){0,2}\s*(?:,|\s+in)\s*(?:the\s+)?")


def _known_place(m: Mention) -> bool:
    return m.text in PLACES or m.key in PLACES or m.text.title() in PLACES


# A headline opening with a subordinate clause ("While the U.S. talks about election, UK outraged
# over ..."): its main clause, which names the subject, follows the first comma.
_SUBORDINATE = re.compile(r"^(?:While|As|After|Before|When|Since|Although|Though|Despite|Amid|With)\b[^,]{3,60},\s+")


def headline_body(title: str) -> str:
    """A headline without its kicker ("US election 2016: Trump cries foul" -> "Trump cries foul") or
    an opening subordinate clause."""
    m = _KICKER.match(title)
    body = title[m.end():] if m and len(title) - m.end() > 10 else title
    sub = _SUBORDINATE.match(body)
    return body[sub.end():] if sub and len(body) - sub.end() > 10 else body


def headline_subject_zone(body: str) -> int | None:
    """In a sentence-case headline whose verb the rules find ("Trump protest march in Seattle marred by
    shooting"), the offset of that verb: a name is the headline's subject only if the verb follows it
    directly ("Obama says ..."), not when it only modifies the subject ("Trump protest march")."""
    words = re.findall(r"[A-Za-z][\w'\u2019\-]*", body)
    long_words = [w for w in words if len(w) > 3]
    if long_words and sum(w[:1].isupper() for w in long_words) / len(long_words) > 0.6:
        return None  # title case: every word capitalised, no verb to find
    return main_verb(body, [])


def position_in(title: str, names: list[str]) -> tuple[int, str] | None:
    """Where the first of ``names`` (a name and its variants) occurs in ``title`` as whole words, and
    the words found there."""
    best = None
    for n in names:
        if not n or len(n) < 2:
            continue
        m = re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", title, re.I if n.isupper() or len(n) > 3 else 0)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group())
    return best
