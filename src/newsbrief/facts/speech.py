"""Statements (speaker -> verb -> content) and positions (actor -> demand/offer/refusal/condition
-> object, with the condition) read from one sentence by patterns over its names.

Every pattern is a general one of news English: "X said (that) ...", "'...,' X said", "according to
X, ...", "X called for / demanded / insisted on / refused / offered ...", "X's demands include ...",
"... as a precondition for ...". The speaker or actor is the name that is the verb's subject: the
nearest name before it (across "of Ukraine" and an appositive such as ", through spokesman X,"),
or the person a sentence-initial "He"/"She" refers to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.facts.base import Mention, clean_span, trim_words
from newsbrief.facts.gazetteer import ROLES

SAY = (r"said|says|say|told|tells|added|adds|stated|announced|announces|warned|warns|argued|argues|claimed|claims|"
       r"insisted|insists|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|suggested|suggests|condemned|condemns|"
       r"denied|denies|confirmed|confirms|noted|notes|urged|urges|accused|accuses|praised|critici[sz]ed|"
       r"acknowledged|admitted|admits|explained|wrote|writes|tweeted|declared|declares|pledged|promised|vowed|"
       r"threatened|reiterated|maintained|asserted|countered|replied|responded|described|blamed|signall?ed|"
       r"indicated|revealed|predicted|believes|questioned|apologi[sz]ed|welcomed|dismissed|conceded|recalled|"
       r"estimated|expects|hopes|called")
_SAY = re.compile(rf"\b(?P<verb>{SAY})\b")
# Position verbs by type; the object follows the match.
POSITION_VERBS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"\b(?P<verb>{rx})\b\s*(?:that\s+)?"))
    for kind, rx in (
        ("demand", r"(?:(?:emphasi[sz]ed|emphasi[sz]es|stressed|stresses|underlined|underscored|reiterated|"
                   r"repeated|highlighted) the need for|call(?:ed|s)? for|call(?:ed|s)? on|demand(?:ed|s)?|"
                   r"insist(?:ed|s)? on|insist(?:ed|s)?|urg(?:ed|es)|press(?:ed|es) for|push(?:ed|es) for|"
                   r"seeks|sought|want(?:s|ed)|requir(?:ed|es)|ask(?:ed|s) for)"),
        ("offer", r"(?:offer(?:ed|s)|pledg(?:ed|es)|promis(?:ed|es)|"
                  r"(?:is|was|are|were) (?:ready|willing|prepared) to)"),
        ("proposal", r"(?:propos(?:ed|es)|put forward|tabled)"),
        ("agreement", r"(?:agreed to|agrees to|agree to|agreed on|agree on|agreed that|reached an agreement on|"
                      r"reached a deal on|struck a deal on|signed (?=(?:an? |the )?(?:[\w\-]+ ){0,2}(?:agreement|deal|"
                      r"accord|treaty|memorandum|ceasefire|truce|pact)))"),
        ("warning", r"(?:warn(?:ed|s) (?:that|of|against)|warn(?:ed|s))"),
        ("refusal", r"(?:refus(?:ed|es|e) to|reject(?:ed|s)?|rul(?:ed|es|e) out|declin(?:ed|es|e) to|"
                    r"(?:will|would|could) (?:not (?:accept|agree to|allow|support)|oppose|veto|block)|"
                    r"won't (?:accept|agree to|allow|support)|oppos(?:ed|es)|vetoed|blocked)"),
        ("condition", r"(?:condition(?:ed|s)? (?:\w+ ){0,3}on|ma(?:de|kes) (?:\w+ ){0,3}conditional on)"),
    )
)
_NOUN_KIND = {"demand": "demand", "demands": "demand", "condition": "condition", "conditions": "condition",
              "proposal": "proposal", "proposals": "proposal", "offer": "offer", "refusal": "refusal",
              "insistence": "demand", "call": "demand", "calls": "demand", "preconditions": "condition",
              "precondition": "condition"}
# "Moscow's (broader) demands, which also include ..." / "the demands of Moscow include ..."
_NOMINAL = re.compile(
    r"(?P<noun>demands?|conditions?|preconditions?|proposals?|offer|refusal|insistence|calls?)\s*,?\s*"
    r"(?:which\s+(?:also\s+)?)?(?P<verb>include[sd]?|(?:is|are|was|were)|for|to|that)\s+"
)
# Where a position's object ends and its condition begins.
CONDITION = re.compile(
    r",?\s+(?=(?:as|being)\s+(?:a|the|an)\s+(?:pre-?condition|prerequisite|condition|requirement)\b|in exchange for\b|"
    r"in return for\b|before\b|unless\b|only if\b|provided that\b|on condition that\b|if\b|until\b)"
)
_ADVERBS = re.compile(r"(?:\s+(?:also|later|then|previously|repeatedly|publicly|again|reportedly|"
                      r"earlier|quickly|swiftly|firmly|has|have|had|will|would|once|recently|has also|had also|"
                      r"(?:on|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today))+\s*$")
_PRONOUN = re.compile(r"(?:^|[,;]\s+|\b(?:and|but|that|because|while|as|if|said|says|added|adds|insisted|told\s+\w+)\s+)"
                      r"(?P<p>[Hh]e|[Ss]he)\s*$")
_GENERIC = re.compile(
    r"(?:^|\s)(?P<g>(?:the\s+|a\s+|an\s+)?(?:[a-z]+\s+)?(?:police|officials?|authorities|ministry|government|army|"
    r"military|spokes(?:man|woman|person)|witnesses|prosecutors|investigators|company|agency|statement|report|"
    r"sources?|experts?|analysts?|residents|organi[sz]ers|lawyers?|family|campaign|court))\s*$"
)
_QUOTE = "\"\u201c\u201d"
# Subjects that are both parties at once: a joint position ("Both sides agreed to ...").
JOINT = re.compile(r"(?:^|\s)(?P<j>(?:both|the two)\s+(?:sides|parties|countries|delegations|governments|leaders|"
                   r"teams|presidents|camps))\s*$", re.I)
# A position verb right after "that"/"which": its subject is the noun before (a memorandum, a plan), whose
# holder is the main clause's subject ("Russia handed over a memorandum that calls for ...").
_RELATIVE = re.compile(r"\b(?:that|which)\s+(?:also\s+|still\s+)?$")
# What follows "said" when the clause is background, not speech: "officials said, a day after ...".
_BACKGROUND = re.compile(r"^(?:(?:a|an|one|two|three|several|\d+)\s+)?(?:(?:day|days|week|weeks|hour|hours|month|"
                         r"months|year|years)\s+)?(?:after|before|since|following|during|amid|ahead of)\b", re.I)
_VERB_ONLY_POSITION = frozenset("called calls demanded demands rejected rejects refused refuses offered offers "
                                "proposed proposes".split())


@dataclass(slots=True)
class Found:
    """A statement or position: ``who`` is a Mention, or a plain string (generic speaker)."""

    kind: str  # "statement" or demand/offer/refusal/condition
    who: Mention | str
    verb: str
    content: str
    condition: str = ""
    verb_start: int = 0
    joint: tuple[Mention, ...] = ()  # "Russia and Ukraine signed ...": both, the first in ``who``


def subject(sentence: str, at: int, mentions: list[Mention], last_person: Mention | None) -> Mention | str | None:
    """The name that is the subject of the verb starting at ``at`` (or None)."""
    before = sentence[:at].rstrip()
    before = _ADVERBS.sub("", before)
    who = [m for m in mentions if m.label == "who" and m.end <= len(before)]
    if before.endswith(","):
        # an appositive: "The Kremlin, through spokesman Dmitry Peskov," / "Peskov, the Kremlin spokesman,"
        open_ = before.rfind(",", 0, len(before) - 1)
        if open_ > 0:
            inner = [m for m in who if open_ < m.start]
            head = [m for m in who if m.end <= open_ and not sentence[m.end:open_].strip()]
            text_inner = sentence[open_ + 1:len(before) - 1].strip().lower()
            people = [m for m in inner if m.kind in ("person", "name")]
            if people and (text_inner.startswith(("through", "via", "represented by")) or not head):
                return people[-1]
            if head:
                return _head_of(head[-1], who, sentence)
        before = before[:-1].rstrip()
    p = _PRONOUN.search(before)
    if p:
        # "X said that she ...": the person earlier in the sentence, else the one before it
        earlier = [m for m in who if m.kind == "person" or m.kind == "name" and " " in m.text] \
            or [m for m in who if m.kind == "name"]
        return earlier[-1] if p.start("p") > 0 and earlier else last_person
    if who:
        last = who[-1]
        gap = sentence[last.end:len(before)]
        if not gap.strip() or re.fullmatch(r"\s*(?:,\s*)?(?:the\s+)?[a-z\- ]{0,30}(?:spokes(?:man|woman|person)|minister|"
                                           r"president|official|chief|leader|secretary)\s*", gap):
            return _head_of(last, who, sentence)
    g = _GENERIC.search(before)
    if g and not re.search(r"\b(?:that|which|who)\s", g.group("g")):
        return g.group("g").strip()
    return None


def _head_of(m: Mention, who: list[Mention], sentence: str) -> Mention:
    """'Volodymyr Zelensky of Ukraine' -> Zelensky: a name after 'of' belongs to the name before it."""
    k = who.index(m)
    if k > 0 and re.fullmatch(r"\s+of\s+(?:the\s+)?", sentence[who[k - 1].end:m.start]):
        head = who[k - 1]
        if head.kind in ("person", "name"):
            head.of = head.of or m.key
            return head
    return m


_WHEN_FIRST = re.compile(r"^(?:(?:on|last|this|earlier|late|in)\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|"
                         r"year|yesterday|today|[A-Z][a-z]+\s+\d{1,2})\b(?:\s+(?:morning|afternoon|evening|night))?,?\s+")


def _content(text: str) -> str:
    text = _WHEN_FIRST.sub("", text.strip())
    text = re.sub(r"^(?:that|:)\s+", "", text)
    return clean_span(text.rstrip(".!?"))


def _speaker_after(sentence: str, at: int, mentions: list[Mention]) -> Mention | None:
    """'..., said Ambassador Lena Ortiz': the name right after the verb (role words may come between)."""
    for x in mentions:
        if x.label == "who" and x.start >= at:
            gap = sentence[at:x.start].strip(" ,").split()
            return x if all(w.lower().rstrip(".") in ROLES or w.lower() in ROLES for w in gap) else None
    return None


# A quote closing just before the speaker: "'...,' union leader X told reporters".
_QUOTE_BEFORE = re.compile(rf"[{_QUOTE}](?P<q>[^{_QUOTE}]{{8,}}?)[,.!?]?[{_QUOTE}]\s*,?\s*(?P<s>[^{_QUOTE}]{{0,80}})$")


def statements(sentence: str, mentions: list[Mention], last_person: Mention | None) -> list[Found]:
    """Quotes and reported speech in one sentence."""
    out: list[Found] = []
    for m in _SAY.finditer(sentence):
        verb = m.group("verb")
        rest = sentence[m.end():]
        if verb in _VERB_ONLY_POSITION:
            continue
        if verb in ("called", "calls") and not re.match(r"\s+(?:it|the|a|an|this|that|him|her|them)\b", rest):
            continue
        quote = _QUOTE_BEFORE.search(sentence[:m.start()])
        who = subject(sentence, m.start(), mentions, last_person)
        if who is None and quote is not None and not quote.group("s").strip():
            who = _speaker_after(sentence, m.end(), mentions)  # "'...,' said X"
        if who is None:
            continue
        if quote is not None and not re.match(r"\s*(?:that\b|:)", rest):
            content = clean_span(quote.group("q"))
        else:
            content = _content(re.split(r",\s+(?:adding|according)\b", rest)[0])
        if len(content.split()) >= 2 and not _BACKGROUND.match(content):
            out.append(Found("statement", who, verb, trim_words(content, 40), verb_start=m.start()))
    acc = re.search(r"\b[Aa]ccording to\s+", sentence)
    if acc:
        names = [x for x in mentions if x.label == "who" and x.start >= acc.end() and x.start - acc.end() < 40]
        if names:
            content = (sentence[:acc.start()] + sentence[names[0].end:]).strip(" ,.")
            out.append(Found("statement", names[0], "according to", trim_words(clean_span(content), 40),
                             verb_start=acc.start()))
    return out


_CLAUSE_END = re.compile(r",\s+(?:saying|adding|which|who|but|while|whereas|although|though|and\s+(?:he|she|they|it))\b|;|\s+\u2014\s+")


def _cut(text: str) -> str:
    """A phrase up to the end of its clause."""
    return clean_span(_CLAUSE_END.split(text)[0])


def _split_condition(obj: str) -> tuple[str, str]:
    m = CONDITION.search(obj)
    if m and m.start() > 0:
        return clean_span(obj[:m.start()]), clean_span(obj[m.end():])
    return clean_span(obj), ""


def _coordinated(sentence: str, who: Mention | str, mentions: list[Mention]) -> tuple[Mention, ...]:
    """"Russia and Ukraine agreed ...": the two actors of a coordinated subject, else ()."""
    if not isinstance(who, Mention) or who.kind not in ("country", "org", "person", "name"):
        return ()
    for a in mentions:
        if a.label == "who" and a.end <= who.start and re.fullmatch(r"\s+and\s+(?:the\s+)?", sentence[a.end:who.start]) \
                and re.fullmatch(r"(?:.*[,;:]\s*|\s*)(?:the\s+|both\s+)?", sentence[:a.start], re.S | re.I):
            return (a, who)
    return ()


def in_quote(sentence: str, at: int) -> bool:
    """Is offset ``at`` inside a quotation?"""
    before = sentence[:at]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


def main_subject(sentence: str, mentions: list[Mention]) -> Mention | None:
    """The sentence's subject: its first actor name, when no verb comes before it."""
    from newsbrief.facts.frame import main_verb

    verb = main_verb(sentence, [(m.start, m.end) for m in mentions])
    who = [m for m in mentions if m.label == "who" and (verb is None or m.end <= verb)]
    return who[0] if who else None


def positions(sentence: str, mentions: list[Mention], last_person: Mention | None,
              speaker: Mention | None = None) -> list[Found]:
    """Demands, offers, proposals, refusals, agreements, warnings and conditions stated in one sentence.
    ``speaker``: who speaks the sentence's quotation (a position inside quotes is theirs)."""
    out: list[Found] = []
    body = sentence.rstrip(" .!?\"\u201d")
    for kind, rx in POSITION_VERBS:
        for m in rx.finditer(body):
            if any(f.verb_start <= m.start() < f.verb_start + len(f.verb) + 1 for f in out):
                continue
            if re.search(r"\b(?:the|a|an|its|their|his|her|of|for|to)\s*$", body[:m.start()]) and kind != "condition":
                continue  # a noun ("calls for a ceasefire" after "including"), not a verb with a subject
            before = _ADVERBS.sub("", body[:m.start()].rstrip())
            joint = JOINT.search(before)
            who: Mention | str | None
            if in_quote(sentence, m.start()):
                who = speaker  # "We reject ...," Zelensky said: the speaker's position
            elif joint:
                who = "both sides"
            elif _RELATIVE.search(body[:m.start()]):
                who = main_subject(body, mentions)
            else:
                who = subject(body, m.start(), mentions, last_person)
            if not isinstance(who, Mention) and who != "both sides":
                continue  # a position needs a named actor
            rest = body[m.end():]
            if who is speaker and speaker is not None and in_quote(sentence, m.start()):
                rest = re.split(r"[\"\u201d]", rest)[0]  # the quotation's words only
            obj, cond = _split_condition(rest)
            obj, cond = _cut(obj), _cut(cond)
            if not obj or kind == "refusal" and re.match(r"(?:to )?comment\b", obj.lower()):
                continue
            out.append(Found(kind, who, clean_span(m.group("verb")), trim_words(obj, 30), trim_words(cond, 20),
                             verb_start=m.start(), joint=_coordinated(body, who, mentions)))
    for m in _NOMINAL.finditer(body):
        noun = m.group("noun").lower()
        owner = [x for x in mentions if x.label == "who" and x.end <= m.start()
                 and re.fullmatch(r"(?:'s|\u2019s|'|\u2019)\s*(?:[a-z\-]+\s+){0,2}", body[x.end:m.start()])]
        if not owner:
            of = re.match(r"\s+of\s+(?:the\s+)?", body[m.end("noun"):])
            owner = [x for x in mentions if x.label == "who" and of and x.start == m.end("noun") + of.end()]
        if not owner:
            continue
        obj, cond = _split_condition(body[m.end():])
        if len(obj.split()) >= 2:
            out.append(Found(_NOUN_KIND[noun], owner[-1], f"{noun} {m.group('verb')}".strip(), trim_words(obj, 30),
                             trim_words(cond, 20), verb_start=m.start()))
    return out
