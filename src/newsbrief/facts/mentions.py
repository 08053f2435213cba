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
    ACRONYM_STOP,
    ACTOR_NOUNS,
    DEMONYMS,
    EVENT_WORDS,
    FACILITIES,
    GEO_NOUNS,
    MAX_PLACE_WORDS,
    METONYMS,
    NOT_ALONE,
    NOT_NAMES,
    ORG_HEADS,
    ORGANISATIONS,
    PLACES,
    ROLES,
)
from newsbrief.text import STOPWORDS

TOKEN = re.compile(r"[\w\u00C0-\u024F](?:[\w\u00C0-\u024F'\u2019\-.&]*[\w\u00C0-\u024F])?\.?|[^\w\s]")
# Tokens that keep their final period (the splitter already knows these are not sentence ends).
_DOTTED = re.compile(r"^(?:[A-Z]\.)+$|^(?:[A-Z]\.){1,3}[A-Z]\.?$|^(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt"
                     r"|Capt|Prof|Inc|Corp|Co|Ltd|Adm|Maj|Det|Rev|Hon)\.$")
# Lower-case words allowed inside a name: "Bank of America", "Ludwig van Beethoven".
_PARTICLES = frozenset("de des van von der den bin al da del la le du di y & dos das".split())
# "of" joins two capitalised spans only after these heads ("Republic of Korea", "University of X").
_OF_HEADS = ORG_HEADS | frozenset("Republic Kingdom Isle Gulf Sea Bay Cape Sultan Duke Prince Princess Queen King "
                                  "Secretary Minister Mayor Governor Chief Director".split())
# Prepositions after which a name is a location ("in Istanbul", "near Nice").
LOCATIVE = frozenset("in at near across throughout inside outside into within around off outside".split())
# Common nouns before "of" that make the following name a location ("parts of Luhansk").
_GEO_OF = frozenset(
    """parts part region regions city capital town village outskirts north south east west northeast
    northwest southeast southwest centre center coast border borders territory territories province
    state suburbs streets shores heart cape prefecture island""".split()
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
_HYPHEN_ADJ = re.compile(r"^([A-Z][\w'\u2019]+)-(?=[a-z])")
# Prepositions after which a name that is not a country is a location too ("from Sunan", "to Duisburg").
LOCATIVE_PLACE = LOCATIVE | frozenset("from to on over along via through toward towards past".split())
LOCATIVE_COUNTRY = LOCATIVE | frozenset(["over"])
_COMPASS = re.compile(r"^(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|Northern|Southern|Eastern|"
                      r"Western|Central|Upper|Lower|Greater)\s+(.+)$")
# A bracketed photo credit or source tag: "(AFP/Getty Images)", "[Photo/Agencies]", "(Photo: AP)".
_CREDIT = re.compile(r"[(\[][^()\[\]]{0,80}?(?:photo|getty|images|agencies|file|/|\bap\b|reuters|afp|xinhua)"
                     r"[^()\[\]]{0,80}[)\]]", re.I)
# A dateline or label at the start of a sentence: "PARIS - ", "LOS ANGELES \u2014 ", "FILE - ".
_LEAD_TAG = re.compile(r"^(?:\(?[A-Z][A-Z.' ]{1,30}\)?(?:,\s*[A-Z][\w.' ]{1,30})?\s*(?:-{1,2}|\u2014|\u2013)\s+|\([A-Z][\w ]{1,20}\)\s*)")


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
        h = _HYPHEN_ADJ.match(w)
        if h:  # "Tokyo-bound", "Russian-built": the name part alone
            out.append(Token(h.group(1), s, s + len(h.group(1))))
            out.append(Token(w[len(h.group(1)):], s + len(h.group(1)), e))
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
        while j < n and (not toks[j - 1].poss or toks[j - 1].text == "People"):  # "People's Republic"
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
    # why 16: headlines are short; a long sentence full of names is a body sentence
    if not 3 <= len(words) <= 16:
        return False
    share = sum(t.cap for t in words) / len(words)
    # why 0.75 without a final stop, 0.9 with one: name-heavy body sentences and tweets reach ~0.65
    # ("Prime Minister Keir Starmer offered to host talks in London in September."); title-case
    # headlines capitalise nearly every word of four letters or more
    return share > (0.9 if toks[-1].text in ".!?\"\u201d" else 0.75)


class Finder:
    """Finds name mentions in a story's sentences: ``note`` every sentence first (which capitalised
    words occur mid-sentence), then ``scan`` each."""

    def __init__(self) -> None:
        self.mid_caps: set[str] = set()  # capitalised words seen away from a sentence start
        self.surnames: set[str] = set()  # last words of multi-word names

    def note(self, sent: Sent) -> None:
        """Remember the capitalised words of a sentence that are not at its start."""
        toks = tokenize(sent.text)
        if _is_title_case(toks):
            return
        for k, t in enumerate(toks):
            if k > 0 and t.cap and toks[k - 1].text not in _STARTERS:
                self.mid_caps.add(t.text)
        for i, j in _runs(toks):
            if 2 <= j - i <= 4:
                self.surnames.add(toks[j - 1].text)

    def scan(self, sent: Sent) -> list[Mention]:
        """Mentions in one sentence."""
        text = sent.text
        toks = tokenize(text)
        title = sent.title or _is_title_case(toks)
        lead = _LEAD_TAG.match(text)
        skip = [(c.start(), c.end()) for c in _CREDIT.finditer(text)] + ([(0, lead.end())] if lead else [])
        out: list[Mention] = []
        for i, j in _runs(toks):
            for m in self._classify(text, toks, i, j, title):
                if any(a <= m.start < b for a, b in skip) or _quoted_title(text, m):
                    continue
                if out and m.kind in ("country", "name", "place") and not m.role:
                    prev, gap = out[-1], text[out[-1].end:m.start]
                    if prev.label == "where" and re.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+)?", gap):
                        m.label, m.kind = "where", "place"  # "Nice, France", "in Japan and the Republic of Korea"
                    elif (_known(m.text) or ("", ""))[0] == "country" and prev.kind == "name" and not prev.role \
                            and re.fullmatch(r",\s*(?:[a-z]+\s+)?", gap):
                        prev.label, prev.kind = "where", "place"  # "Auckland, New Zealand"
                        m.label, m.kind = "where", "place"
                if out and re.fullmatch(r"\s*\(", text[out[-1].end:m.start]) and m.text.isupper():
                    m.label, m.kind = out[-1].label, out[-1].kind  # "the Democratic ... of Korea (DPRK)"
                out.append(m)
        return out

    def classify_span(self, sent: Sent, start: int, end: int, label: str) -> Mention | None:
        """A name a model found at [start, end) of ``sent``, judged by the same context rules;
        ``label`` (spaCy's PERSON, ORG, GPE, LOC, FAC, NORP) decides what the rules cannot."""
        text = sent.text
        toks = tokenize(text)
        i = next((k for k, t in enumerate(toks) if t.start == start), None)
        j = next((k + 1 for k, t in enumerate(toks) if t.end == end), None)
        lead = _LEAD_TAG.match(text)
        if i is None or j is None or j <= i or not toks[i].cap or (lead and start < lead.end()) or "/" in text[start:end] \
                or any(c.start() <= start < c.end() for c in _CREDIT.finditer(text)):
            return None
        m = self._one(text, toks, i, j, False, [], "")
        if m is None or _quoted_title(text, m):
            return None
        m.via = "spacy"
        if m.kind == "name":
            if label in ("GPE", "LOC", "FAC"):
                m.label, m.kind = "where", "place"
            elif label in ("PERSON", "ORG"):
                m.kind = "person" if label == "PERSON" else "org"
            elif label == "NORP" and " " in m.text:
                return None
        return m

    def surname(self, name: str) -> bool:
        """Is ``name`` the last word of a longer name seen in the story ("Musk" of "Elon Musk")?"""
        return name in self.surnames

    # -- one span --------------------------------------------------------------------------
    def _classify(self, text: str, toks: list[Token], i: int, j: int, title: bool) -> list[Mention]:
        while i < j and (toks[i].text in NOT_NAMES or toks[i].text.rstrip(".") in NOT_NAMES):
            i += 1
        while j > i and toks[j - 1].text in _PARTICLES | {"of", "the"}:
            j -= 1
        out: list[Mention] = []
        role_toks: list[str] = []
        of = ""
        while j - i > 1 and toks[i].text in DEMONYMS and not toks[i].poss:  # "Ukrainian President ...", "Nigerian Chibok"
            of = of or DEMONYMS[toks[i].text]
            if toks[i + 1].text.lower() in ROLES:
                role_toks.append(toks[i].text)
            i += 1
        while j - i > 1 and toks[i].text.lower() in ROLES and not toks[i].poss:
            role_toks.append(toks[i].text)
            i += 1
        # "Transport Minister Claude Martin", "UN Spokesperson Stephane Dujarric": a role word inside
        # the span ends its role part; a known name before it ("UN") is a mention of its own
        k = max((k for k in range(i, j - 1) if toks[k].text.lower() in _ROLE_HEADS), default=-1)
        if k >= 0 and not any(t.poss for t in toks[i:k + 1]):
            out += self._known_parts(text, toks, i, k, title)
            role_toks += [t.text for t in toks[i:k + 1]]
            i = k + 1
        if i >= j:
            return out
        whole = text[toks[i].start:toks[j - 1].end]
        if j - i >= 3 and not _known(whole) and toks[j - 1].text not in ORG_HEADS:
            for b in range(i + 1, min(j - 1, i + 3)):
                if _known(text[toks[i].start:toks[b - 1].end]) and toks[b].text not in _PARTICLES:
                    out += self._known_parts(text, toks, i, b, title)
                    i = b
                    break
        m = self._one(text, toks, i, j, title, role_toks, of)
        if m is not None:
            return out + [m]
        if title or j - i > 1:
            out += self._known_parts(text, toks, i, j, title)
        return out

    def _known_parts(self, text: str, toks: list[Token], i: int, j: int, title: bool) -> list[Mention]:
        """Known names (gazetteer, organisations, acronyms) inside a span, longest first."""
        out: list[Mention] = []
        a = i
        while a < j:
            for b in range(min(j, a + MAX_PLACE_WORDS + 2), a, -1):
                name = text[toks[a].start:toks[b - 1].end]
                if _known(name):
                    m = self._one(text, toks, a, b, True, [], "")
                    if m is not None:
                        out.append(m)
                        a = b - 1
                    break
            a += 1
        return out

    def _one(self, text: str, toks: list[Token], i: int, j: int, title: bool, role_toks: list[str],
             of: str) -> Mention | None:
        """Classify the span [i, j) as a who or where mention, or None."""
        name = text[toks[i].start:toks[j - 1].end]
        words = name.split()
        p = i - 1
        while p >= 0 and toks[p].text.lower() in _SKIP_BEFORE:  # "in the", "over northern"
            p -= 1
        prev = toks[p].text.lower() if p >= 0 else ""
        if prev == "to" and p > 0 and toks[p - 1].text.lower() == "according":
            prev = ""
        prev_lower = [t.text.lower() for t in toks[max(0, i - 3):i] if not t.cap and t.text.isalpha()]
        after = text[toks[j - 1].end:].lstrip()
        nxt = toks[j].text.lower() if j < len(toks) else ""
        acts = toks[j - 1].poss or bool(ACTION.match(after))
        geo_of = prev == "of" and p >= 1 and toks[p - 1].text.lower() in _GEO_OF
        if not role_toks and i > 0 and toks[i - 1].text.lower() in ROLES:
            # "Kremlin spokesman Dmitry Peskov", "the foreign minister Sergei Lavrov"
            k = i - 1
            while k >= 0 and (toks[k].text.lower() in ROLES or (k < i - 1 and toks[k].cap and toks[k].text not in NOT_NAMES)):
                k -= 1
            role_toks = [t.text for t in toks[k + 1:i]]
        m = Mention(toks[i].start, toks[j - 1].end, name, "who", "name", name, " ".join(role_toks), of)
        after_of = re.match(r"of\s+(?:the\s+)?([A-Z][\w.\-]+(?:\s+[A-Z][\w.\-]+)*)", after)
        if after_of and after_of.group(1) in PLACES:
            m.of = PLACES[after_of.group(1)].country
        if name in DEMONYMS or name.lower() in ROLES:
            return None
        known = _known(name)
        if known is not None:
            kind, key = known
            if kind == "metonym":
                m.kind, m.key = "org", key
            elif kind == "country":
                m.key = key
                where = prev in LOCATIVE_COUNTRY or geo_of or _followed_by_country(after) and not acts
                det = toks[i - 1].text.lower() if i > 0 else ""
                if det in _DETERMINERS and not acts and j < len(toks) and re.fullmatch(r"[a-z]+", toks[j].text) \
                        and nxt not in ACTOR_NOUNS | ROLES | STOPWORDS and not nxt.endswith("ly"):
                    where = True  # attributive: "modern US history", "its U.S. semiconductor peer"
                m.label, m.kind = ("where", "place") if where else ("who", "country")
            elif kind == "capital" and acts and prev not in LOCATIVE_PLACE:
                m.kind, m.key = "country", PLACES[key].country
                m.extra["as"] = name
            elif kind in ("capital", "place"):
                place = PLACES[key]
                m.label, m.kind, m.key = "where", "place", place.name
                m.extra["country"] = place.country
            else:
                m.kind = "org"
            return m
        if len(words) == 1 and (name in NOT_ALONE or name in DEMONYMS or name in ACRONYM_STOP
                                or re.fullmatch(r"[A-Z]\.?", name)):
            return None
        if any(w in EVENT_WORDS for w in words[1:]) or words[-1] in EVENT_WORDS or _numbered(words):
            return None
        if words[-1] in ORG_HEADS and len(words) > 1:
            m.kind = "org"
            return m
        if (words[-1] in FACILITIES and len(words) > 1) or nxt in GEO_NOUNS:
            m.label, m.kind = "where", "place"
            return m
        if title:
            return None  # headlines capitalise everything: only known names are trusted there
        at_start = i == 0 or toks[i - 1].text in _STARTERS or (i == 1 and toks[0].text in NOT_NAMES)
        if at_start and len(words) == 1 and name not in self.mid_caps and not role_toks and not acts:
            return None  # "Overall", "Despite": capitalised only because it starts the sentence
        person_shaped = 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z'\u2019\-]+", w) for w in words)
        if (prev in LOCATIVE or geo_of or prev in LOCATIVE_PLACE and not person_shaped) \
                and not role_toks and not any(t in ROLES for t in prev_lower):
            m.label, m.kind = "where", "place"
            return m
        if role_toks or any(t in ROLES for t in prev_lower):
            m.kind = "person"
        return m


_DETERMINERS = frozenset("the a an its his her their our this modern".split())
# Words skipped when looking for the preposition before a name.
_SKIP_BEFORE = frozenset("the northern southern eastern western central north south east west northeast northwest "
                         "southeast southwest neighbouring neighboring nearby".split())
# Tokens after which a capitalised word may be capitalised only because a sentence or quote starts.
_STARTERS = frozenset(['"', "\u201c", "\u2018", "(", ":", ".", "!", "?", "\u2014", "\u2013", "-", "--", "["])


def _known(name: str) -> tuple[str, str] | None:
    """(kind, key) of a name the lists know: metonym, country, capital, place or org; else None."""
    if name in METONYMS:
        return "metonym", METONYMS[name]
    for n in (name, name.title() if name.isupper() and len(name) > 3 else None):
        place = PLACES.get(n) if n else None
        if place is not None:
            if place.kind == "country":
                return "country", place.country
            return ("capital" if place.kind == "capital" else "place"), n  # type: ignore[return-value]
    c = _COMPASS.match(name)
    if c and c.group(1) in PLACES:
        return "place", c.group(1)
    if name in ORGANISATIONS:
        return "org", name
    if name.isupper() and name.replace(".", "").isalpha() and 2 <= len(name.replace(".", "")) <= 6 \
            and name not in ACRONYM_STOP:
        return "org", name
    return None


def _numbered(words: list[str]) -> bool:
    """'Pixel 2', 'HA446': a model, flight or game number, not a name ('Flightradar24' is one)."""
    return any(w.isdigit() or (any(c.isdigit() for c in w) and not re.search(r"[a-z]{3}", w)) for w in words)


def _quoted_title(text: str, m: Mention) -> bool:
    """A capitalised span that fills a quotation ("Space Oddity.") names a work, not an actor."""
    before = text[:m.start].rstrip()[-1:]
    after = text[m.end:].lstrip(".,!? ")[:1]
    return m.kind == "name" and before in "\"\u201c'\u2018" and before != "" and after in "\"\u201d'\u2019" and after != ""


def _followed_by_country(after: str) -> bool:
    """'Nice, France': a name followed by ', <country>' is a place, and so is the country."""
    m = re.match(r",\s*([A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)", after)
    return bool(m and PLACES.get(m.group(1)) is not None and PLACES[m.group(1)].kind in ("country", "region"))
