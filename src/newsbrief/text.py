"""Sentence splitting, news clean-up and tokens: the text primitives every stage shares.

The splitter is a single-pass regex splitter (pysbd splits ~50 articles/s, too slow for the
speed targets); it keeps character offsets into the original text so every citation can be
shown in context. News clean-up (datelines, bylines, "Read more" lines, captions) marks
spans as skipped instead of rewriting the text, so offsets stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsbrief.clean import Gates, caption_end, furniture_line, furniture_sentence, line_skip, sentence_skip

# Abbreviations after which a period does not end a sentence (lower-case, without the dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col sgt capt cmdr adm maj cpl pvt sen rep gov pres supt insp det
    jan feb mar apr jun jul aug sep sept oct nov dec st jr sr inc corp co ltd llc plc bros vs etc
    no nos vol fig ft mt rev hon messrs mme mlle dept univ approx est ave blvd rd
    a.m p.m u.s u.k u.n e.u d.c l.a n.y u.s.a i.e e.g ph.d""".split()
)
# Words that, capitalised after "U.S." or "a.m.", show that the abbreviation did end the sentence.
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you his her their its this these those there but and
    however in on at after before when while as if for meanwhile officials police authorities
    some many most one two three according""".split()
)

# A sentence end: punctuation, closing quotes, then spaces, or no space at all before a capitalised
# word: two sentences a scraper ran together (".The"), accepted only after a lower-case word that
# is not a domain, a path or an abbreviation (see ``_runs_together``).
_BOUNDARY = re.compile(r"""([.!?]+|\.\.\.)(["'\u201d\u2019)\]]*)(\s+|(?=[A-Z][a-z]))(?=["'\u201c\u2018(\[]?[A-Z0-9])""")
_WORD_START = re.compile(r"""[\w./@]*$""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'\u2019-]*)$")
_NEXT_WORD = re.compile(r"""["'\u201c\u2018(\[]?([A-Za-z]+)""")

@dataclass(frozen=True, slots=True)
class Span:
    """A sentence found in a text: offsets into that text, its paragraph and cleaned text."""

    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(chunk: str, next_text: str) -> bool:
    """Does the period ending ``chunk`` belong to an abbreviation rather than end a sentence?"""
    m = _WORD_BEFORE.search(chunk[-80:])  # the word before the period (the tail only: the search is anchored at $)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    nxt = _NEXT_WORD.match(next_text)
    next_word = nxt.group(1) if nxt else ""
    if len(word) == 1 and word.isalpha():  # an initial: "B.B. King", "John F. Kennedy"
        return True
    if word in ABBREVIATIONS or word.replace("'", "") in ABBREVIATIONS:
        if "." in word or word in {"a.m", "p.m", "etc", "inc", "corp", "co", "ltd", "jr", "sr", "plc"}:
            # "in the U.S. The president ..." ends a sentence; "U.S. Army" does not
            return next_word.lower() not in SENTENCE_STARTERS
        return True
    if "." in word and all(len(p) <= 2 for p in word.split(".")):  # other dotted acronyms
        return next_word.lower() not in SENTENCE_STARTERS
    return False


def split_paragraph(text: str, base: int, paragraph: int) -> list[Span]:
    """Split one paragraph (no newlines) into sentences with offsets shifted by ``base``."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(2)
        if not m.group(3) and not _runs_together(text, start, m):
            continue
        if m.group(1) == "." and _is_abbreviation(text[start:m.start(1)], text[m.end():]):
            continue
        seg = text[start:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append(Span(base + start + lead, base + end, seg.strip(), paragraph))
        start = m.end()
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        spans.append(Span(base + start + lead, base + start + lead + len(seg.strip()), seg.strip(), paragraph))
    return _merge_quotes(spans, text, base)


def _runs_together(text: str, start: int, m: re.Match[str]) -> bool:
    """Is the ".X" at ``m`` two sentences run together, not a domain, a path or an abbreviation?"""
    if m.group(2):
        return False
    word = _WORD_START.search(text, start, m.start(1)).group(0)  # type: ignore[union-attr]
    return len(word) >= 2 and word[0].isalpha() and word[1:].islower() and word[1:].isalpha()


# A quotation running over more sentences than this is left split (a long speech excerpt).
MAX_QUOTE_SENTENCES = 4


def _open_quotes(s: str) -> int:
    return s.count('"') % 2 + max(0, s.count("\u201c") - s.count("\u201d"))


def _merge_quotes(spans: list[Span], text: str, base: int) -> list[Span]:
    """Join sentences of one quotation ('"We know where. We know how," she said.') into one unit,
    so that no sentence of a brief opens or closes a quote it does not contain."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        j = i
        while _open_quotes(text[spans[i].start - base:spans[j].end - base]) and j + 1 < len(spans) \
                and j - i + 1 < MAX_QUOTE_SENTENCES:
            j += 1
        if j > i and not _open_quotes(text[spans[i].start - base:spans[j].end - base]):
            a, b = spans[i].start, spans[j].end
            out.append(Span(a, b, text[a - base:b - base], spans[i].paragraph))
            i = j + 1
        else:
            out.append(spans[i])
            i += 1
    return out


# What a complete sentence ends with (closing quotes and brackets after the stop included).
_TERMINAL = frozenset('.!?"\')\u201d\u2019:')


def split_sentences(text: str, clean: bool = True) -> list[Span]:
    """Sentences of ``text`` in order. With ``clean``, page furniture (datelines, bylines, captions,
    appeals, breadcrumbs, emoji text: see :mod:`newsbrief.clean`) is left out, and so are headings
    (subtitles, standfirst labels: a line that is one unterminated phrase) when the text has any
    complete sentence; offsets stay valid."""
    out: list[Span] = []
    headings: set[int] = set()
    gates = Gates(text) if clean else None
    pos = 0
    paragraph = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            paragraph += 1
            continue
        furniture = False
        if clean:
            furniture = furniture_line(line)
            if not furniture:
                skip = line_skip(line)
                base += skip
                line = line[skip:]
        spans = split_paragraph(line, base, paragraph)
        if furniture and not (spans and sentence_skip(spans[0].text)):
            # a furniture line may run into the article ("Read more ... The port ..."): keep the rest;
            # player controls opening it ("Skip Ad x Embed x Share The port ...") are stepped over below
            spans = spans[1:]
        for sp in spans:
            if clean:
                skip = sentence_skip(sp.text)
                skip += caption_end(sp.text[skip:])
                if furniture_sentence(sp.text[skip:], gates or Gates()):
                    continue
                if skip:
                    sp = Span(sp.start + skip, sp.end, sp.text[skip:], sp.paragraph)
                if len(spans) == 1 and sp.text[-1:] not in _TERMINAL:
                    headings.add(len(out))
            out.append(sp)
        paragraph += 1
    if headings and len(headings) < len(out):
        out = [sp for n, sp in enumerate(out) if n not in headings]
    return out


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he he'd he'll he's her here hers herself him himself his how i i'd i'm i've if in into is
    isn't it it's its itself let's me more most my myself no nor not of off on once only or other ought our
    ours ourselves out over own same she she'd she's should so some such than that that's the their theirs
    them themselves then there there's these they they'd they're they've this those through to too under
    until up very was wasn't we we'd we're we've were what when where which while who whom why will with
    would you you're your yours yourself also said says say told just like one two new year years
    s t mr mrs ms""".split()
)


def stem(word: str) -> str:
    """A cheap suffix stripper: enough to match 'talks'/'talk', 'killed'/'kill'."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    for suf in ("ing", "ed", "es", "s"):
        if len(word) > len(suf) + 3 and word.endswith(suf):
            return word[: -len(suf)]
    return word


# Stems of the words seen so far: tokenising is on every sentence's path and a news vocabulary repeats
# (a cache hit is ~10x cheaper than the suffix loop). Bounded: cleared when it passes this many words.
_STEMS: dict[str, str] = {}
_STEMS_MAX = 200_000


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, no stopwords, stemmed."""
    out = []
    for w in _TOKEN.findall(text.lower()):
        if w in STOPWORDS:
            continue
        s = _STEMS.get(w)
        if s is None:
            if len(_STEMS) >= _STEMS_MAX:
                _STEMS.clear()
            s = _STEMS[w] = stem(w)
        out.append(s)
    return out


def words(text: str) -> list[str]:
    """Whitespace words (what a reader counts)."""
    return text.split()


def normalize_space(text: str) -> str:
    return " ".join(text.split())


def count_words(parts: Iterable[str]) -> int:
    return sum(len(p.split()) for p in parts)
