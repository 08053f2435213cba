"""Stories as the pages show them: what ``newsbrief.stories`` returns (dataclasses), turned into
the flat JSON-ready dicts that the templates, the JSON twins and the Atom feeds share.

Every text value passes through :func:`~newsbrief.web.safety.clean_text` and every outside URL
through :func:`~newsbrief.web.safety.safe_url` (None unless http(s)); links to this site's own
pages are built here from quoted ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from newsbrief.models import Article, Brief, Point
from newsbrief.stories import ArticleRef, StoryDetail, Storyline, StorylineStory, StoryView
from newsbrief.timeutil import to_iso
from newsbrief.web.data import BriefedStory, VersionPoints
from newsbrief.web.safety import clean_text, safe_url


def story_path(story_id: object) -> str:
    return "/stories/" + quote(str(story_id), safe="")


def article_path(article_id: object) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def storyline_path(storyline_id: object) -> str:
    return "/storylines/" + quote(str(storyline_id), safe="")


def article_ref(a: Article | ArticleRef | Mapping[str, Any], n: int | None = None) -> dict[str, Any]:
    """One source article: id, title, outlet, time, its page here, and its URL only when http(s);
    ``duplicate_of`` for a story's article (:class:`ArticleRef`) or a stored row that is a copy."""
    if isinstance(a, Mapping):  # a row of Store.article_rows
        aid, title, outlet, url, published = (str(a.get("id", "")), a.get("title"), a.get("outlet"), a.get("url"),
                                              a.get("published"))
        dup = a.get("duplicate_of")
    else:
        aid, title, outlet, url, published = a.id, a.title, a.outlet, a.url, a.published
        dup = a.duplicate_of if isinstance(a, ArticleRef) else None
    out: dict[str, Any] = {"id": aid, "title": clean_text(title), "outlet": clean_text(outlet),
                           "published": to_iso(published), "url": safe_url(url), "page": article_path(aid)}
    if n is not None:
        out["n"] = n
    if dup:
        out["duplicate_of"] = str(dup)
    return out


def story_card(s: StoryView | StorylineStory | BriefedStory) -> dict[str, Any]:
    """A story as a front-page card, a ``/stories.json`` item, a storyline's item and an Atom entry."""
    updated = s.updated if isinstance(s, BriefedStory) else None
    ranked = not isinstance(s, BriefedStory)
    if isinstance(s, BriefedStory):
        s = s.story
    view = s if isinstance(s, StoryView) else None
    brief = Brief.from_dict(view.brief) if view and view.brief is not None else None
    arts: tuple[Article | ArticleRef, ...] = (view.articles or ()) if view else ()
    arts = arts or (brief.articles if brief else ())
    names = sorted({clean_text(a.outlet) for a in arts} - {""})
    line = view.storyline_id if view else None
    return {
        "id": s.id,
        "headline": clean_text((brief.headline if brief else "") or s.headline or ""),
        "key_points": [clean_text(p.text) for p in brief.key_points][:3] if brief else [],
        "outlets": int(s.n_outlets or len(names)),
        "outlet_names": names,
        "articles": int(s.n_articles or len(arts)),
        "first_seen": to_iso(s.first_seen),
        "last_seen": to_iso(s.last_seen),
        "updated": to_iso(updated),
        "version": (view.version or (brief.version if brief else None)) if view else None,
        "score": view.score if view and ranked else None,
        "storyline_id": None if line in (None, "") else str(line),
        "url": story_path(s.id),
    }


def _points(points: Iterable[Point], refs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Brief sentences, each citation resolved to its footnote number, outlet, time and a link to
    the article page with the cited sentence marked."""
    out = []
    for p in points:
        cites = []
        for c in p.citations:
            ref = refs.get(c.article_id, {})
            cites.append({"article_id": c.article_id, "n": ref.get("n"), "outlet": clean_text(c.outlet or ref.get("outlet")),
                          "published": ref.get("published"), "title": ref.get("title", ""),
                          "sentence": c.sentence_index, "start": c.start, "end": c.end,
                          "page": article_path(c.article_id) + f"?hl={c.start}-{c.end}#hl"})
        out.append({"text": clean_text(p.text), "sources": cites})
    return out


def brief_view(brief: Brief, refs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A brief with its citations resolved against ``refs``."""
    return {"headline": clean_text(brief.headline), "version": brief.version,
            "key_points": _points(brief.key_points, refs), "summary": _points(brief.summary, refs)}


def story_detail(d: StoryDetail, versions: list[VersionPoints]) -> dict[str, Any]:
    """A story page's dict: the card, the brief with footnotes, sources, brief versions (with
    their key points, from ``data.brief_versions``), what's new since the previous version, the
    storyline. Facts are added by the page."""
    card = story_card(d)
    brief = Brief.from_dict(d.brief or {})
    refs: dict[str, dict[str, Any]] = {}
    # footnotes number the articles the brief was written from first, then the story's others
    arts: list[Article | ArticleRef] = [*brief.articles, *(d.articles or ())]
    for a in arts:
        if a.id not in refs:
            ref = article_ref(a, n=len(refs) + 1)
            refs[ref["id"]] = ref
    vs = [{"version": v.version, "created_at": to_iso(v.created_at), "headline": clean_text(v.headline),
           "key_points": [clean_text(p) for p in v.key_points]} for v in versions]
    changes = None
    if len(vs) > 1:
        changes = {"since_version": vs[1]["version"], "points": [clean_text(p) for p in d.changes],
                   "new_articles": [refs[a] for a in d.new_articles if a in refs]}
    return {"story": card, "brief": brief_view(brief, refs), "sources": list(refs.values()), "versions": vs,
            "changes": changes, "storyline": storyline_view(d.storyline, card["id"]), "facts": None}


def storyline_view(sl: Storyline | None, current: str | None = None) -> dict[str, Any] | None:
    """A storyline as a dated timeline, oldest first, ``current`` marked."""
    if sl is None:
        return None
    items = []
    for s in sl.stories:
        c = story_card(s)
        c["current"] = c["id"] == current
        items.append(c)
    items.sort(key=lambda c: (c["first_seen"] or c["last_seen"] or "", c["id"]))
    return {"id": sl.id, "title": clean_text(sl.label or ""), "first_seen": to_iso(sl.first_seen),
            "last_seen": to_iso(sl.last_seen), "stories": items, "url": storyline_path(sl.id)}
