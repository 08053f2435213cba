"""Headlines: a source title when there is one, else the most central sentence cut to its core.

Compression only deletes words, in order (never adds or reorders): attributions ("police said
Wednesday"), leading adverbials, parentheticals, appositives, relative clauses, trailing
subordinate clauses, articles. At most 16 words.
"""

from __future__ import annotations

import re

MAX_WORDS = 16
# The length compression aims at: real titles on BBC-100 / clusters-dev average 6-10 words;
# ROUGE-1 against them peaks near 11 words when the cut falls at a clause boundary.
TARGET_WORDS = 11

_SAY = r"(?:said|says|say|told\s+[\w .'-]{1,40}|reported|reports|announced|confirmed|added|according\s+to\s+[^,.;]{1,80})"
_TRAILING_ATTRIBUTION = re.compile(
    r"""(?:,\s*|\s+)(?:(?:[\w.'-]+\s+){0,6}?""" + _SAY + r"""(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|last\s+\w+|this\s+\w+|in\s+a\s+[\w ]{1,40}))?(?:,.*)?)\s*[.!]?["\u201d']?\s*$""",
    re.I,
)
_LEADING_ATTRIBUTION = re.compile(r"^(?:according\s+to\s+[^,]{1,80},\s*)", re.I)
_LEADING_CLAUSE = re.compile(
    r"^(?:(?:after|as|when|while|although|though|because|since|despite|following|amid|in|on|at|with|"
    r"without|for|during|before|under|over|by|from|once|if|unless|until|having|facing|speaking|"
    r"according)\b[^,;]{2,90},\s*)+",
    re.I,
)
_PAREN = re.compile(r"\s*(?:\([^()]{0,120}\)|\[[^\[\]]{0,120}\]|\s--\s[^-]{1,120}\s--|\s[\u2014\u2013]\s[^\u2014\u2013]{1,120}\s[\u2014\u2013])")
_APPOSITIVE = re.compile(
    r",\s*(?:who|which|whose|where|a|an|the|aged|\d+|now|then|formerly|known|also)\b[^,;]{1,90},", re.I
)
_TRAILING_CLAUSE = re.compile(
    r"(?:,|;|:|\s[\u2014\u2013-]+)\s*(?:and|but|while|as|after|before|which|who|where|when|because|"
    r"although|though|since|with|amid|following|including|leaving|saying|prompting|according|"
    r"in\s+what|in\s+a|in\s+an|despite|than|so|unless|until|if|whereas|even\s+as|even\s+though)\b.*$",
    re.I,
)
_DROP_WORDS = frozenset({"a", "an", "the"})
_END_STOP = frozenset(
    "a an the of to in on at for with by from and or but as that which who whose its their his her "
    "has have had is are was were be been will would could should may might than".split()
)


# Where a headline may end when it must be cut: before a clause or a phrase starts (a conjunction,
# a subordinator, a preposition, a relative pronoun, a "to" infinitive), never inside one.
_PHRASE_START = frozenset(
    "and but or nor so yet while as after before because since although though unless until if when "
    "where whereas which who whom whose that to of in on at for with by from into over under amid "
    "despite during following including against between without".split()
)


def cut_at_phrase(words: list[str], limit: int) -> list[str]:
    """The longest prefix of ``words`` of at most ``limit`` words that ends where a phrase or clause
    ends: before a word that starts one, after a comma/colon/semicolon, never inside a name (a run
    of capitalised words) or a number. ``words`` itself when it fits."""
    if len(words) <= limit:
        return words
    best = 0
    for n in range(min(limit, len(words) - 1), 2, -1):
        prev, nxt = words[n - 1], words[n]
        if prev[-1:] in ",;:" or nxt.lower().strip("\"'(") in _PHRASE_START:
            after = words[n + 1] if n + 1 < len(words) else ""
            in_name = prev[:1].isupper() and (nxt[:1].isupper() or after[:1].isupper() and nxt.islower()
                                               and nxt in ("of", "for", "and", "de", "the"))
            if not in_name or prev[-1:] in ",;:":
                best = n
                break
    if best == 0:  # no boundary: end before the last name or number that would be split
        best = limit
        while best > 3 and words[best][:1].isupper() and words[best - 1][:1].isupper():
            best -= 1
    out = words[:best]
    while len(out) > 3 and out[-1].lower().strip(",;:") in _END_STOP:
        out.pop()
    return out


def _clean(text: str) -> str:
    text = text.strip().strip('"\u201c\u201d\'').strip()
    return re.sub(r"\s+", " ", text)


def compress(sentence: str, target: int = TARGET_WORDS, limit: int = MAX_WORDS) -> str:
    """Shorten a sentence to its core clause by deletion only; at most ``limit`` words."""
    s = _clean(sentence)
    if s.count('"') % 2 or s.startswith(("\"", "\u201c")):
        s = s.replace('"', "").replace("\u201c", "").replace("\u201d", "")
    steps = (
        lambda t: _LEADING_ATTRIBUTION.sub("", t),
        lambda t: _TRAILING_ATTRIBUTION.sub("", t),
        lambda t: _PAREN.sub("", t),
        lambda t: _LEADING_CLAUSE.sub("", t),
        lambda t: _APPOSITIVE.sub("", t),
        lambda t: _TRAILING_CLAUSE.sub("", t),
    )
    for step in steps:
        if len(s.split()) <= target:
            break
        cut = step(s).strip(" ,;:")
        if len(cut.split()) >= 4:
            s = cut
    s = s.rstrip(" .!?;:,")
    words = s.split()
    if len(words) > limit:
        words = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _DROP_WORDS]
    words = cut_at_phrase(words, limit)
    while len(words) > 3 and words[-1].lower().strip(",;:") in _END_STOP:
        words.pop()
    out = " ".join(words).rstrip(" .,;:")
    if out[:1].islower():
        out = out[0].upper() + out[1:]
    return out


# Titles a reader should not get as a story's headline: a question, clickbait, a URL slug, emoji.
_CLICKBAIT = re.compile(
    r"\b(?:you\s+won'?t\s+believe|will\s+(?:blow\s+your\s+mind|make\s+you)|here'?s\s+(?:why|what|how)|"
    r"this\s+is\s+(?:why|what|how)|what\s+(?:you\s+need|we)\s+know|everything\s+(?:you|we)\s+(?:need\s+to\s+)?know|"
    r"\d+\s+(?:things|reasons|ways|photos|pictures|facts)\b|find\s+out|the\s+reason\s+why|you\s+need\s+to\s+see|"
    r"can'?t\s+stop|jaw-?dropping|shocking|omg|wow\b|must\s+see|goes\s+viral)|^(?:watch|video|photos|pictures|"
    r"live|listen|opinion|quiz|gallery|in\s+pictures)\s*[:|-]",
    re.I,
)
_SLUG = re.compile(r"^(?:https?://|www\.)|^[\w]+(?:[-_][\w]+){2,}(?:\.html?)?$")


def usable_title(title: str) -> bool:
    """May ``title`` be a story's headline? Not a question, clickbait, a URL slug or emoji text."""
    from newsbrief.clean import EMOJI

    t = " ".join(title.split())
    return bool(t) and not (t.rstrip(" .\"'\u201d").endswith("?") or _CLICKBAIT.search(t) or _SLUG.match(t)
                            or EMOJI.search(t))


def clean_title(title: str) -> str:
    """A source title as a headline: one line, no site suffix, no final period, at most 16 words."""
    t = " ".join(title.split())
    t = re.sub(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{2,40}$", "", t) if len(t.split()) > 6 else t
    t = t.rstrip(" .")
    words = t.split()
    if len(words) > MAX_WORDS:
        t = compress(t, target=MAX_WORDS)
    return t
