"""Key facts of a story: who, where, when, figures, statements and positions, each citing the
sentence it was read from (article id, sentence index, character offsets).

Public API: ``facts_of_articles`` (articles as one story), ``facts_of_brief`` / ``attach_facts`` (the
sentences a brief cites, plus each article's lead), ``story_positions`` (a story's positions by actor,
merged across outlets), ``positions_over_time`` (a storyline's), ``facts_of_stored`` /
``stored_brief`` (a brief as the store keeps it, for ``story --facts``), ``render_facts``,
``sentences_of``, ``lead_of``. Positions have a ``type``: demand, offer, proposal, refusal, agreement, warning or
condition; a joint one ("both sides agreed") has actor ``both sides`` and ``joint`` (the two parties).
Who, where and when are ordered event first (``frame``, ``rank``): the first answer is the event's.

Rule-based by default (capitalised spans, role words, a gazetteer, date patterns, speech and
position patterns); with the ``nlp`` extra installed, spaCy's ``en_core_web_sm`` adds the names the
rules miss, on the sentences asked about only. Nothing is inferred beyond the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from newsbrief.facts.base import Sent
from newsbrief.facts.extract import KEYS, extract
from newsbrief.facts.furniture import blank
from newsbrief.facts.render import render_facts
from newsbrief.models import Article, Brief
from newsbrief.text import split_sentences

__all__ = ["KEYS", "attach_facts", "facts_of_articles", "facts_of_brief", "lead_of", "positions_over_time",
           "render_facts", "sentences_of", "stored_brief", "facts_of_stored", "story_positions"]


def _nlp(mode: str):
    from newsbrief.facts.nlp import SpacyNames

    return SpacyNames.get(mode)


def sentences_of(article: Article) -> list[Sent]:
    """An article's sentences as the brief writer numbers them (same splitter, same indices), page
    furniture blanked (``furniture``: same length, so offsets hold)."""
    return [Sent(article.id, i, sp.start, sp.end, blank(sp.text), article.published)
            for i, sp in enumerate(split_sentences(article.text))]


# A lead is the first sentences of this many words or more: shorter ones at an article's top are
# furniture ("Photo", "Skip Ad", a one-line caption), not the sentence that tells the event.
LEAD_MIN_WORDS = 8
# How many sentences make the lead: news leads tell who, what, where and when in one or two.
LEAD_SENTENCES = 2


def lead_of(sents: Sequence[Sent]) -> list[Sent]:
    """An article's lead: its first ``LEAD_SENTENCES`` sentences of ``LEAD_MIN_WORDS`` words or more
    that the page does not print twice. A reporter does not write a sentence twice; a page repeats a
    photo's caption (under the photo, again in the gallery or with its credit run in front), so a
    sentence whose words recur in another one is a caption, not the lead."""
    long = [s for s in sents if len(s.text.split()) >= LEAD_MIN_WORDS]
    out: list[Sent] = []
    for s in long:
        body = " ".join(s.text.split())
        if not any(t is not s and ((tb := " ".join(t.text.split())) in body or body in tb) for t in long):
            out.append(s)
            if len(out) == LEAD_SENTENCES:
                break
    return out


# At most this many body sentences are read for the names a headline gives (one per name): a
# headline rarely names more than three actors and places.
HEADLINE_NAMES = 3


def headline_sentences(article: Article, sents: Sequence[Sent]) -> list[Sent]:
    """For each name the headline gives (only names the gazetteer or the body vouch for: headlines
    capitalise every word), the first body sentence that names it: where the article tells of it."""
    if not article.title:
        return []
    from newsbrief.facts.mentions import Finder

    finder = Finder()
    for s in sents:
        finder.note(s)
    head = Sent(article.id, -1, 0, 0, article.title, article.published, title=True)
    out: list[Sent] = []
    for m in finder.scan(head):
        rx = re.compile(rf"(?<!\w){re.escape(m.text)}(?!\w)")
        hit = next((s for s in sents if rx.search(s.text)), None)
        if hit is not None and hit not in out:
            out.append(hit)
        if len(out) >= HEADLINE_NAMES:
            break
    return out


def _titles(articles: Iterable[Article]) -> dict[str, str]:
    return {a.id: a.title for a in articles if a.title}


def facts_of_articles(articles: Sequence[Article], nlp: str = "auto") -> dict:
    """The facts of every sentence of ``articles`` taken as one story (``newsbrief facts PATH...``).

    ``nlp``: ``rules`` never uses spaCy, ``spacy`` requires it, ``auto`` follows ``NEWSBRIEF_NLP``
    (default ``rules``; ``auto`` there: spaCy when installed).
    """
    per = [sentences_of(a) for a in articles]
    sents = [s for ss in per for s in ss]
    leads = [(s.article_id, s.index) for ss in per for s in lead_of(ss)]
    engine = _nlp(nlp)
    facts = extract(sents, nlp=engine, leads=leads, titles=_titles(articles))
    return {**facts, "engine": "spacy" if engine else "rules"}


def facts_of_brief(brief: Brief, nlp: str = "auto") -> dict:
    """The facts of a brief: read from the article sentences its key points and summary cite and from
    each article's lead (the sentence before each is read too, for names and pronouns only); the
    headlines and leads decide which who, where and when come first."""
    by_id = {a.id: a for a in brief.articles}
    wanted: dict[tuple[str, int], None] = {}
    for p in (*brief.key_points, *brief.summary):
        for c in p.citations:
            if c.article_id in by_id:
                wanted[(c.article_id, c.sentence_index)] = None
    sents: list[Sent] = []
    context: list[Sent] = []
    leads: list[tuple[str, int]] = []
    for a in brief.articles:
        cited = {i for aid, i in wanted if aid == a.id}
        if not cited:
            continue
        all_s = sentences_of(a)
        lead = lead_of(all_s)
        leads += [(s.article_id, s.index) for s in lead]
        idx = sorted(cited | {s.index for s in (*lead, *headline_sentences(a, all_s))})
        sents += [all_s[i] for i in idx if i < len(all_s)]
        context += [all_s[i - 1] for i in idx if 0 < i <= len(all_s) and i - 1 not in idx]
    engine = _nlp(nlp)
    facts = extract(sents, context, nlp=engine, leads=leads, titles=_titles(brief.articles))
    return {**facts, "engine": "spacy" if engine else "rules"}


def attach_facts(brief: Brief, nlp: str = "auto") -> Brief:
    """A copy of ``brief`` with ``facts`` set (see ``facts_of_brief``)."""
    return replace(brief, facts=facts_of_brief(brief, nlp))


def stored_brief(brief: Mapping, articles: Iterable[Article]) -> Brief:
    """A stored brief (its ``to_dict`` form, which carries no article text) with the texts of its
    articles put back from ``articles`` (the store's), so its citations can be read again."""
    b = Brief.from_dict(brief)
    texts = {a.id: a for a in articles}
    return replace(b, articles=tuple(
        replace(a, text=texts[a.id].text, published=a.published or texts[a.id].published, title=a.title or texts[a.id].title)
        if a.id in texts else a for a in b.articles))


def facts_of_stored(brief: Mapping | None, articles: Iterable[Article], nlp: str = "auto") -> dict | None:
    """The facts of the brief as stored (``story --facts``): the ones stored with it, else read from
    the sentences it cites; None when there is no stored brief."""
    if not brief:
        return None
    if isinstance(brief.get("facts"), Mapping):
        return dict(brief["facts"])
    return facts_of_brief(stored_brief(brief, articles), nlp)


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


# Two positions of one actor whose objects share less than this (Jaccard over words of 4+ letters)
# are a change; why 0.5: rewordings of one demand by different outlets share well over half.
CHANGED = 0.5


def story_positions(facts: dict) -> dict[str, list[dict]]:
    """A story's positions by actor, across its outlets: ``{actor: [position]}``, strongest-sourced
    first. The extractor already merges an actor's name variants (transliterations, surname only,
    titles; ``facts.names``); here one position worded differently by several outlets (same type,
    objects sharing at least ``CHANGED`` of their words) becomes one, citing every sentence, with
    ``outlets`` (how many articles state it) and ``wordings`` (the other objects)."""
    out: dict[str, list[dict]] = {}
    for p in facts.get("positions", []):
        mine = out.setdefault(p["actor"], [])
        a = _tokens(p["object"])
        same = next((q for q in mine if q["type"] == p["type"]
                     and len(a & (b := _tokens(q["object"]))) / max(1, len(a | b)) >= CHANGED), None)
        if same is None:
            mine.append({**p, "sources": list(p["sources"]), "wordings": []})
            continue
        same["sources"] += [x for x in p["sources"] if x not in same["sources"]]
        if p["object"] != same["object"] and p["object"] not in same["wordings"]:
            same["wordings"].append(p["object"])
    for mine in out.values():
        for q in mine:
            q["outlets"] = len({x["article_id"] for x in q["sources"]})
        mine.sort(key=lambda q: -q["outlets"])
    return out


def positions_over_time(briefs: Iterable[Brief]) -> dict[str, list[dict]]:
    """Each actor's positions across a storyline's briefs, oldest first: ``{actor: [position]}``, each
    position with ``date`` (its article's publication date, else None), the brief it came from and
    ``changed`` (true when its object differs from the actor's previous position of the same type).
    Briefs without facts get them computed (rules and spaCy as installed)."""
    rows: list[dict] = []
    for n, b in enumerate(briefs):
        facts = b.facts if b.facts is not None else facts_of_brief(b)
        dates = {a.id: a.published.isoformat() if a.published else None for a in b.articles}
        for p in facts.get("positions", []):
            src = p["sources"][0]["article_id"] if p.get("sources") else ""
            rows.append({**p, "date": p.get("published") or dates.get(src), "story_id": b.story_id,
                         "version": b.version, "order": n})
    out: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["date"] or "", r["order"])):
        hist = out.setdefault(r["actor"], [])
        prev = next((h for h in reversed(hist) if h["type"] == r["type"]), None)
        a, b2 = _tokens(r["object"]), _tokens(prev["object"]) if prev else set()
        r["changed"] = prev is not None and len(a & b2) / max(1, len(a | b2)) < CHANGED
        r.pop("order")
        hist.append(r)
    return out
