"""The extractor: sentences in, the facts dict (who, where, when, figures, statements, positions) out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsbrief.facts.base import Mention, Sent, clean_span
from newsbrief.facts.dates import DateMention, event_of, find_dates
from newsbrief.facts.figures import find_figures
from newsbrief.facts.frame import Lead, read_lead
from newsbrief.facts.gazetteer import FACILITIES
from newsbrief.facts.mentions import Finder
from newsbrief.facts.names import name_key, strip_titles
from newsbrief.facts.rank import rank_when, rank_where, rank_who
from newsbrief.facts.speech import Found, positions, statements

KEYS = ("who", "where", "when", "figures", "statements", "positions")
# Institutions shown with their article ("the Kremlin said").
_THE = frozenset(("Kremlin", "White House", "Pentagon", "State Department", "Elysee", "Élysée", "Elysee Palace",
                  "Blue House"))


def _norm(name: str) -> str:
    return re.sub(r"[\s\-.]+", " ", name.lower()).strip()


class _Entities:
    """Merges mentions: countries with their capitals and institutions acting for them, a surname
    with the full name it belongs to, an acronym with the name it abbreviates."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.items: dict[str, dict] = {}
        self.alias: dict[str, str] = {}
        self.parts: dict[str, str] = {}  # first and last word (keyed) of full names -> the name

    def key_of(self, m: Mention) -> str:
        if m.kind in ("country", "place") or m.key != m.text:
            return m.key
        n = name_key(m.text)
        if n in self.alias:
            return self.alias[n]
        words = n.split()
        if m.kind in ("person", "name") and len(words) == 1:
            k = self.parts.get(words[0])  # the first full name it is the surname or first name of
            if k is not None and self.items[k]["kind"] in ("person", "name"):
                return k
        if m.kind == "org" and m.text.isupper():
            for k in self.items:
                initials = "".join(w[0] for w in k.split() if w[:1].isupper())
                if initials == m.text.replace(".", ""):
                    return k
        return strip_titles(m.text) if m.kind in ("person", "name") else m.text

    def add(self, m: Mention, sent: Sent) -> str:
        key = self.key_of(m)
        e = self.items.get(key)
        if e is None:
            kind = "country" if m.kind == "country" else m.kind
            e = self.items[key] = {"name": key, "kind": kind, "also": [], "roles": [], "of": "", "sources": []}
            if m.kind == "place":
                e["country"] = m.extra.get("country", "")
        self.alias.setdefault(name_key(m.text), key)
        parts = name_key(key).split()
        if len(parts) > 1 and e["kind"] in ("person", "name"):
            for w in (parts[0], parts[-1]):
                self.parts.setdefault(w, key)
        surface = ("the " + m.text) if m.text in _THE else m.text
        if surface != key and surface not in e["also"]:
            e["also"].append(surface)
        if m.role and m.role not in e["roles"]:
            e["roles"].append(m.role)
        if m.kind == "person" and e["kind"] == "name":
            e["kind"] = "person"
        if m.of and not e["of"] and m.of != key:
            e["of"] = m.of
        e["sources"].append({**sent.source(), "span": [sent.start + m.start, sent.start + m.end]})
        return key

    def listing(self) -> list[dict]:
        out = []
        for e in sorted(self.items.values(), key=lambda e: -len(e["sources"])):
            d = {**e, "mentions": len(e["sources"])}  # every key always there: templates read them
            out.append(d)
        return out


def extract(sents: Sequence[Sent], context: Sequence[Sent] = (), nlp: object | None = None,
            leads: Sequence[tuple[str, int]] = (), titles: dict[str, str] | None = None) -> dict:
    """The facts of ``sents`` (one story's sentences, in article order). ``context`` sentences are read
    for names and pronouns only (the sentence before a chosen one); ``nlp`` is an optional
    ``newsbrief.facts.nlp.SpacyNames`` that adds model-found names to the rule-found ones.
    ``leads`` (article id, sentence index) of each article's lead sentences (among ``sents``) and
    ``titles`` (article id -> headline) decide which who, where and when come first (``frame``)."""
    finder = Finder()
    for s in (*context, *sents):
        finder.note(s)
    chosen = {(s.article_id, s.index) for s in sents}
    ordered = sorted({(s.article_id, s.index): s for s in (*context, *sents)}.values(),
                     key=lambda s: (s.article_id, s.index))
    # sentences in input order of articles
    art_order = {a: i for i, a in enumerate(dict.fromkeys(s.article_id for s in sents))}
    ordered.sort(key=lambda s: (art_order.get(s.article_id, -1), s.index))
    # names inside a date ("Nov. 9", "Bastille Day") are the date's
    dated: dict[tuple[str, int], list[DateMention]] = {(s.article_id, s.index): find_dates(s.text, s.published)
                                                       for s in ordered}  # read once, asked three times
    found = {(s.article_id, s.index): _outside_dates(finder.scan(s), dated[(s.article_id, s.index)]) for s in ordered}
    if nlp is not None:
        picked = [s for s in ordered if (s.article_id, s.index) in chosen]
        for s, spans in zip(picked, nlp.spans(picked), strict=True):  # type: ignore[attr-defined]
            k = (s.article_id, s.index)
            found[k] = _outside_dates(nlp.merge(finder, s, found[k], spans), dated[k])  # type: ignore[attr-defined]
    who, where = _Entities("who"), _Entities("where")
    pairs = [(m, s) for s in ordered if (s.article_id, s.index) in chosen for m in found[(s.article_id, s.index)]]
    # full names first, so that "Zelensky" meets "Volodymyr Zelensky" already known
    for m, s in sorted(pairs, key=lambda p: -len(p[0].text.split())):
        (who if m.label == "who" else where).add(m, s)
    frames = _frames(ordered, found, dated, set(leads) & chosen, finder.mid_caps)
    subjects, places, datelines = _frame_counts(frames, who, where)
    for e in (*who.items.values(), *where.items.values()):
        e["sources"].sort(key=lambda x: (art_order.get(x["article_id"], -1), x["sentence"], x["span"][0]))
    when: dict[str, dict] = {}
    figures: dict[tuple[str, str], dict] = {}
    says: list[dict] = []
    stances: list[dict] = []
    last_person: dict[str, Mention | None] = {}
    last_speaker: dict[str, Mention | None] = {}
    for s in ordered:
        ms = found[(s.article_id, s.index)]
        lp = last_person.get(s.article_id)
        if (s.article_id, s.index) in chosen:
            dates = dated[(s.article_id, s.index)]
            for d in dates:
                key = d.iso or d.text.lower()
                e = when.setdefault(key, {"date": d.iso, "text": d.text, "event": "", "sources": []})
                e["event"] = e["event"] or event_of(s.text, d)
                e["sources"].append({**s.source(), "span": [s.start + d.start, s.start + d.end]})
            taken = [(d.start, d.end) for d in dates] + [(m.start, m.end) for m in ms]
            for f in find_figures(s.text, taken):
                e = figures.setdefault((f.value, f.what.lower()), {"value": f.value, "what": f.what,
                                                                  "text": f"{f.value} {f.what}".strip(), "sources": []})
                e["sources"].append({**s.source(), "span": [s.start + f.start, s.start + f.end]})
            sts = statements(s.text, ms, lp)
            for st in sts:
                says.append(_found(st, s, who, "speaker"))
            speaker = next((st.who for st in sts if isinstance(st.who, Mention)), None)
            if speaker is None and s.text.lstrip()[:1] in "\"\u201c":
                speaker = last_speaker.get(s.article_id)  # a quotation continued from the sentence before
            last_speaker[s.article_id] = speaker
            for p in positions(s.text, ms, lp, speaker):
                stances.append(_found(p, s, who, "actor"))
        people = [m for m in ms if m.label == "who" and (m.kind == "person" or m.kind == "name" and (
            " " in m.text and m.text.split()[-1] not in FACILITIES or finder.surname(m.text)))]
        if people:
            last_person[s.article_id] = people[0] if re.match(r"\s*$", s.text[:people[0].start]) else people[-1]
        elif lp is not None and not re.match(r"\s*(?:He|She)\b", s.text):
            last_person[s.article_id] = lp
    published = {s.article_id: s.published for s in ordered}
    _drop_people_as_places(who, where, finder.mid_caps)
    return {
        "who": rank_who(who.listing(), frames, subjects, titles or {}, art_order),
        "where": rank_where(where.listing(), frames, places, titles or {}, art_order, datelines),
        "when": rank_when(list(when.values()), frames, published, art_order),
        "figures": list(figures.values()),
        "statements": _dedup(says, ("speaker", "verb", "content")),
        "positions": _joint(_dedup(stances, ("actor", "type", "object")), who),
    }


def _frames(ordered: list[Sent], found: dict, dated: dict, leads: set[tuple[str, int]], known: set[str]) -> list[Lead]:
    """The lead reading of each lead sentence, in article order."""
    out = []
    for s in ordered:
        if (s.article_id, s.index) in leads:
            spans = [(d.start, d.end) for d in dated[(s.article_id, s.index)]]
            out.append(read_lead(s, found[(s.article_id, s.index)], spans, known))
    return out


def _frame_counts(frames: list[Lead], who: _Entities, where: _Entities) -> tuple[dict[str, int], ...]:
    """Per entity: articles whose lead has it as subject / as the event's place / as its dateline. A
    subject that is no name ("A gunman") becomes a who entity of kind ``group``."""
    subjects: dict[str, int] = {}
    places: dict[str, int] = {}
    seen_subject: set[str] = set()
    seen_place: set[str] = set()
    seen_dateline: set[str] = set()
    datelines: dict[str, int] = {}
    for ld in frames:
        aid = ld.sent.article_id
        if aid not in seen_subject and (ld.subject is not None or ld.phrase is not None):
            seen_subject.add(aid)
            if ld.subject is not None:
                key = who.key_of(ld.subject)
            else:
                a, b, text = ld.phrase  # type: ignore[misc]
                key = _group(who, clean_span(text), ld.sent, a, b)
            subjects[key] = subjects.get(key, 0) + 1
        if aid not in seen_place and ld.place is not None:
            seen_place.add(aid)
            key = where.key_of(ld.place)
            places[key] = places.get(key, 0) + 1
        if aid not in seen_dateline and ld.dateline is not None:
            seen_dateline.add(aid)
            key = where.key_of(ld.dateline)
            datelines[key] = datelines.get(key, 0) + 1
    return subjects, places, datelines


def _bare(phrase: str) -> str:
    """A noun phrase without its article: "A gunman" and "the gunman" are one actor across outlets."""
    return re.sub(r"^(?:a|an|the)\s+", "", phrase.lower())


def _group(who: _Entities, text: str, sent: Sent, a: int, b: int) -> str:
    """A who entity for a subject that is a noun phrase, not a name ("At least seven people")."""
    bare = _bare(text)
    key = next((k for k, e in who.items.items() if e["kind"] == "group" and _bare(k) == bare), text)
    e = who.items.setdefault(key, {"name": key, "kind": "group", "also": [], "roles": [], "of": "", "sources": []})
    e["sources"].append({**sent.source(), "span": [sent.start + a, sent.start + b]})
    return key


def _joint(stances: list[dict], who: _Entities) -> list[dict]:
    """Joint positions ("both sides agreed") name the story's two parties: its two most-mentioned
    countries or bodies (people when it has fewer)."""
    if not any(p["actor"] == "both sides" for p in stances):
        return stances
    ranked = sorted(who.items.values(), key=lambda e: -len(e["sources"]))
    parties = [e["name"] for e in ranked if e["kind"] in ("country", "org")][:2]
    parties += [e["name"] for e in ranked if e["kind"] == "person"][:2 - len(parties)]
    for p in stances:
        if p["actor"] == "both sides":
            p["joint"] = parties
    return stances


def _drop_people_as_places(who: _Entities, where: _Entities, known: set[str]) -> None:
    """A name that is no known place and names a person elsewhere in the story ("to Hillary Clinton",
    "from Trump", "Hamilton" of "Lewis Hamilton") is that person, not a place. ``known``: words the
    story capitalises mid-sentence (so "Eventually Duisburg" is no person's name)."""
    people: set[str] = set()
    surnames: set[str] = set()
    for k, e in who.items.items():
        # a person: so named by a role or a pronoun, or a full name also used by its last word alone
        if e["kind"] == "person" or e["kind"] == "name" and " " in k and k.split()[-1] in e["also"] \
                and all(w in known for w in k.split()):
            people |= {name_key(k), *(name_key(a) for a in e["also"])}
            if " " in k:
                people.add(name_key(k.split()[-1]))
        elif e["kind"] == "name" and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", k) \
                and all(w in known for w in k.split()):
            surnames.add(name_key(k.split()[-1]))  # person-shaped: its surname alone is that person
    for k in [k for k, e in where.items.items() if not e.get("country") and (
            name_key(k) in people or " " not in k and name_key(k) in surnames
            or re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", k) and name_key(k.split()[-1]) in people)]:
        del where.items[k]


def _outside_dates(ms: list[Mention], dates: list[DateMention]) -> list[Mention]:
    spans = [(d.start, d.end) for d in dates]
    return [m for m in ms if not any(m.start < b and a < m.end for a, b in spans)]


def _found(f: Found, s: Sent, who: _Entities, role: str) -> dict:
    if isinstance(f.who, Mention):
        name = who.key_of(f.who)
        surface = f.who.text
    else:
        name = surface = clean_span(f.who)
        name = name.lower() if name.lower() == "both sides" else name
    d: dict = {role: name, "as": ""}
    if surface != name and isinstance(f.who, Mention):
        d["as"] = ("the " + surface) if surface in _THE else surface
    if f.joint:
        keys = [who.key_of(x) for x in f.joint]
        d.update({role: " and ".join(keys), "as": "", "joint": keys})
    if f.kind == "statement":
        d.update(verb=f.verb, content=f.content)
    else:
        d.update(type=f.kind, verb=f.verb, object=f.content, condition=f.condition)
    if s.published is not None and hasattr(s.published, "isoformat"):
        d["published"] = s.published.isoformat()  # type: ignore[union-attr]
    d["sources"] = [s.source()]
    return d


def _dedup(items: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """The same fact from several sentences (articles) once, citing them all."""
    seen: dict[tuple, dict] = {}
    for it in items:
        k = tuple(str(it.get(x, "")).lower() for x in keys)
        if k in seen:
            seen[k]["sources"].extend(it["sources"])
        else:
            seen[k] = it
    return list(seen.values())
