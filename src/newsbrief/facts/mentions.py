"""Names in sentences without a model: capitalised spans, role words and the gazetteer.

Who is a person, organisation or country acting in the text; where is a place named as a
location. A country is *where* after a locative preposition ("talks in Turkey") and *who*
otherwise ("Russia called for ..."); a capital is *who* only when it acts ("Moscow's demands",
"Moscow said"), and is then merged under its country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.facts.base import Mention, Sent
from newsbrief.facts.gazetteer import (
    CAPITALS,
    DEMONYMS,
    EVENT_WORDS,
    METONYMS,
    NOT_NAMES,
    ORG_HEADS,
    ORGANISATIONS,
    PLACES,
    ROLES,
)

TOKEN = re.compile(r"[\w\u00C0-\u024F](?:[\w\u00C0-\u024F'\u2019\-.&]*[\w\u00C0-\u024F])?\.?|[^\w\s]")
# Tokens that keep their final period (the splitter already knows these are not sentence ends).
_DOTTED = re.compile(r"^(?:[A-Z]\.)+$|^(?:[A-Z]\.){1,3}[A-Z]\.?$|^(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt"
                     r"|Capt|Prof|Inc|Corp|Co|Ltd|Adm|Maj|Det|Rev|Hon)\.$")
# Lower-case words allowed inside a name: "Bank of America", "Ludwig van Beethoven".
_PARTICLES = frozenset("de van von der den bin al da del la le du di y & dos das".split())
# "of" joins two capitalised spans only after these heads ("Republic of Korea", "University of X").
_OF_HEADS = ORG_HEADS | frozenset("Republic Kingdom Isle Gulf Sea Bay Cape Sultan Duke Prince Princess Queen King "
                                  "Secretary Minister Mayor Governor Chief Director".split())
# Facility and landform words: a span ending in one is a place ("Mandalay Bay", "Wrigley Field").
FACILITIES = frozenset(
    """Street Avenue Road Boulevard Bridge Airport Station Stadium Square Park Field Arena Hall Bay Beach River
    Lake Mountain Mountains Island Islands Valley Strip Coast Harbor Harbour Port Tower Palace Hotel Casino
    Resort Center Centre Mall Prison Base Peninsula Ocean Sea Canal Heights Hills""".split()
)
# Prepositions after which a name is a location ("in Istanbul", "near Nice").
LOCATIVE = frozenset("in at near across throughout inside outside into within around off outside".split())
# Common nouns before "of" that make the following name a location ("parts of Luhansk").
_GEO_OF = frozenset(
    """parts part region regions city capital town village outskirts north south east west northeast
    northwest southeast southwest centre center coast border borders territory territories province
    state suburbs streets shores heart""".split()
)
# Lower-case words after a name that show it acts: speech verbs and auxiliaries.
ACTION = re.compile(
    r"^(?:'s|\u2019s|has|have|had|is|was|will|would|said|says|say|told|tells|called|calls|wants|wanted|"
    r"demanded|demands|insisted|insists|rejected|rejects|refused|refuses|offered|offers|proposed|proposes|"
    r"warned|warns|announced|announces|accused|urged|urges|denied|confirmed|suggested|agreed|launched|"
    r"fired|condemned|condemns|responded|insists|argued|added|stressed|emphasized|emphasised|is|are)\b"
)
# Role words that end a title-case role ("Transport Minister", "Kremlin Spokesman").
_ROLE_HEADS = frozenset("minister secretary spokesman spokeswoman spokesperson president chancellor senator governor "
                        "mayor ambassador envoy general commander chief director chairman leader".split())
ACRONYM_STOP = frozenset("TV CEO CFO COO AM PM GMT EST EDT PST BST UTC OK DNA ID PC AI UFO HIV AIDS GDP VIP FAQ "
                         "HQ RIP LOL OMG II III IV VI VII VIII IX XI XII PS RSVP ET PT CT MP MPs DJ HD IT".split())


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    poss: bool = False

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Words and punctuation with offsets; a final period is split off unless it is an abbreviation's,
    a possessive 's is folded into a flag on its word."""
    out: list[Token] = []
    for m in TOKEN.finditer(text):
        w, s, e = m.group(), m.start(), m.end()
        if w.endswith(".") and len(w) > 1 and not _DOTTED.match(w):
            out.append(Token(w[:-1], s, e - 1))
            out.append(Token(".", e - 1, e))
            continue
        if w[-2:] in ("'s", "\u2019s") and len(w) > 2:
            out.append(Token(w[:-2], s, e - 2, poss=True))
            continue
        if w.endswith(("s'", "s\u2019")) and w[:1].isupper():
            out.append(Token(w[:-1], s, e - 1, poss=True))
            continue
        out.append(Token(w, s, e))
    return out


def _runs(toks: list[Token]) -> list[tuple[int, int]]:
    """[i, j) token ranges of capitalised spans, particles and "of" joined where they belong."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if not (toks[i].cap and toks[i].text[0].isalpha()):
            i += 1
            continue
        j = i + 1
        while j < n and not toks[j - 1].poss:
            t = toks[j]
            if t.cap and t.text[0].isalpha():
                j += 1
            elif (t.text in _PARTICLES or (t.text == "of" and toks[j - 1].text in _OF_HEADS)) \
                    and j + 1 < n and toks[j + 1].cap and toks[j + 1].text not in NOT_NAMES:
                j += 2
            elif t.text == "of" and toks[j - 1].text in _OF_HEADS and j + 2 < n and toks[j + 1].text == "the" \
                    and toks[j + 2].cap:
                j += 3
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _is_title_case(toks: list[Token]) -> bool:
    """A headline-style sentence: most of its words capitalised."""
    words = [t for t in toks if t.text[0].isalpha() and len(t.text) > 3]
    if len(words) < 3:
        return False
    share = sum(t.cap for t in words) / len(words)
    # why 0.6 without a final stop, 0.85 with one: name-heavy body sentences reach ~0.7 ("Prime
    # Minister Keir Starmer offered to host talks in London in September."); headlines have no
    # final stop and are nearly all capitalised
    return share > (0.85 if toks[-1].text in ".!?\"\u201d" else 0.6)


class Finder:
    """Finds name mentions in a story's sentences. Two passes: ``candidates`` per sentence, then
    ``resolve`` with what the whole story shows (names seen mid-sentence, full names)."""

    def __init__(self) -> None:
        self.mid_caps: set[str] = set()  # capitalised words seen away from a sentence start

    def scan(self, sent: Sent) -> list[Mention]:
        """Mentions in one sentence (call ``note`` on every sentence first)."""
        toks = tokenize(sent.text)
        title = sent.title or _is_title_case(toks)
        out: list[Mention] = []
        for i, j in _runs(toks):
            m = self._classify(sent.text, toks, i, j, title)
            if m is None:
                continue
            if m.kind == "country" and out and out[-1].label == "where" \
                    and re.fullmatch(r"\s*,\s*", sent.text[out[-1].end:m.start]):
                m.label, m.kind = "where", "place"  # "Nice, France"
            out.append(m)
        return out

    def note(self, sent: Sent) -> None:
        """Remember the capitalised words of a sentence that are not at its start."""
        toks = tokenize(sent.text)
        if _is_title_case(toks):
            return
        for k, t in enumerate(toks):
            if k > 0 and t.cap and toks[k - 1].text not in '."\u201c\u2018:(':
                self.mid_caps.add(t.text)

    # -- one span --------------------------------------------------------------------------
    def _classify(self, text: str, toks: list[Token], i: int, j: int, title: bool) -> Mention | None:
        while i < j and (toks[i].text in NOT_NAMES or toks[i].text.rstrip(".") in NOT_NAMES):
            i += 1
        while j > i and toks[j - 1].text in _PARTICLES | {"of", "the"}:
            j -= 1
        if i >= j:
            return None
        role_toks: list[str] = []
        of = ""
        # leading demonym + role ("Ukrainian President ..."), then title-case role words
        if j - i > 1 and toks[i].text in DEMONYMS and toks[i + 1].text.lower() in ROLES:
            of = DEMONYMS[toks[i].text]
            role_toks.append(toks[i].text)
            i += 1
        while j - i > 1 and toks[i].text.lower() in ROLES and not toks[i].poss:
            role_toks.append(toks[i].text)
            i += 1
        # "Transport Minister Claude Martin": a role word inside the span ends its role part
        k = max((k for k in range(i, j - 1) if toks[k].text.lower() in _ROLE_HEADS), default=-1)
        if k >= 0 and not any(t.poss for t in toks[i:k + 1]):
            role_toks += [t.text for t in toks[i:k + 1]]
            i = k + 1
        name = text[toks[i].start:toks[j - 1].end]
        words = name.split()
        prev = toks[i - 1].text.lower() if i > 0 else ""
        prev_lower = [t.text.lower() for t in toks[max(0, i - 3):i] if not t.cap and t.text.isalpha()]
        after = text[toks[j - 1].end:].lstrip()
        poss = toks[j - 1].poss
        acts = poss or bool(ACTION.match(after))
        locative = prev in LOCATIVE or (prev == "of" and i >= 2 and toks[i - 2].text.lower() in _GEO_OF)
        if not role_toks and i > 0 and prev in ROLES:
            # "Kremlin spokesman Dmitry Peskov", "the foreign minister Sergei Lavrov"
            k = i - 1
            while k >= 0 and (toks[k].text.lower() in ROLES or (k < i - 1 and toks[k].cap and toks[k].text not in NOT_NAMES)):
                k -= 1
            role_toks = [t.text for t in toks[k + 1:i]]
        m = Mention(toks[i].start, toks[j - 1].end, name, "who", "name", name, " ".join(role_toks), of)
        after_of = re.match(r"of\s+(?:the\s+)?([A-Z][\w.\-]+(?:\s+[A-Z][\w.\-]+)*)", after)
        if after_of and after_of.group(1) in PLACES:
            m.of = PLACES[after_of.group(1)].country
        # gazetteer first
        if name in METONYMS:
            m.kind, m.key = "org", METONYMS[name]
            return m
        place = PLACES.get(name)
        if place is not None:
            if place.kind == "country":
                m.key = place.country
                if locative or _followed_by_country(after):
                    m.label, m.kind = "where", "place"
                else:
                    m.kind = "country"
                return m
            if place.kind == "capital" and acts and not locative:
                m.kind, m.key = "country", place.country
                m.extra["as"] = name
                return m
            m.label, m.kind, m.key = "where", "place", place.name
            m.extra["country"] = place.country
            return m
        if name in DEMONYMS or words[0] in DEMONYMS and len(words) == 1:
            return None
        if name in ORGANISATIONS or name.upper() == name and name.replace(".", "").isalpha() and 2 <= len(name) <= 6:
            if name in ACRONYM_STOP or name.lower() in ROLES:
                return None
            m.kind = "org"
            return m
        last = words[-1]
        if last in EVENT_WORDS or any(c.isdigit() for c in name):
            return None
        if last in ORG_HEADS and len(words) > 1:
            m.kind = "org"
            return m
        if last in FACILITIES and len(words) > 1:
            m.label, m.kind = "where", "place"
            return m
        if title:
            return None  # headlines capitalise everything: only the lists above are trusted there
        if words[0] in DEMONYMS and len(words) == 1:
            return None
        at_start = i == 0 or toks[i - 1].text in '"\u201c\u2018(:' or (i == 1 and toks[0].text in NOT_NAMES)
        if at_start and len(words) == 1 and name not in self.mid_caps and not role_toks and not acts:
            return None  # "Overall", "Despite": capitalised only because it starts the sentence
        if locative and not role_toks and not any(t.lower() in ROLES for t in prev_lower):
            m.label, m.kind = "where", "place"
            return m
        if role_toks or any(t in ROLES for t in prev_lower):
            m.kind = "person"
        return m


def _followed_by_country(after: str) -> bool:
    """'Nice, France': a name followed by ', <country>' is a place, and so is the country."""
    m = re.match(r",\s*([A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)", after)
    return bool(m and PLACES.get(m.group(1)) is not None and PLACES[m.group(1)].kind in ("country", "region"))


def capital_country(name: str) -> str:
    """The country whose capital ``name`` is ('' if none)."""
    return CAPITALS.get(name, "")
