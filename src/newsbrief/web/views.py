"""Stories as the pages show them: what ``newsbrief.stories`` returns, turned into the flat dicts
that the templates, the JSON twins and the Atom feeds share.

Every text value passes through :func:`~newsbrief.web.safety.clean_text` and every outside URL
through :func:`~newsbrief.web.safety.safe_url` (None unless http(s)); links to this site's own
pages are built here from quoted ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from newsbrief.web.safety import clean_text, safe_url


def story_path(story_id: object) -> str:
    return "/stories/" + quote(str(story_id), safe="")


def article_path(article_id: object) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def storyline_path(storyline_id: object) -> str:
    return "/storylines/" + quote(str(storyline_id), safe="")


def to_iso(value: object) -> str | None:
    """A time (datetime, ISO string, epoch seconds) as an ISO 8601 UTC string, or None."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            dt = value
        elif isinstance(value, int | float):
            dt = datetime.fromtimestamp(float(value), UTC)
        else:
            dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.replace(microsecond=0).isoformat()


def _text(p: object) -> str:
    return clean_text(p.get("text", "") if isinstance(p, dict) else p)


def _brief(s: dict) -> dict:
    b = s.get("brief")
    return b if isinstance(b, dict) else {}


def article_ref(a: dict | Any, n: int | None = None) -> dict:
    """One source article: id, title, outlet, time, its page here, and its URL only when http(s)."""
    if not isinstance(a, dict):  # an Article
        a = {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "published": a.published}
    aid = str(a.get("id", ""))
    out = {"id": aid, "title": clean_text(a.get("title")), "outlet": clean_text(a.get("outlet")),
           "published": to_iso(a.get("published")), "url": safe_url(a.get("url")), "page": article_path(aid)}
    if n is not None:
        out["n"] = n
    if a.get("duplicate_of"):
        out["duplicate_of"] = str(a["duplicate_of"])
    return out


def story_card(s: dict) -> dict:
    """A story as a front-page card, a ``/stories.json`` item and an Atom entry."""
    brief = _brief(s)
    arts = s.get("articles") or brief.get("articles") or []
    names = sorted({clean_text(a.get("outlet")) for a in arts if isinstance(a, dict)} - {""})
    sid = str(s.get("id", ""))
    line = s.get("storyline_id")
    return {
        "id": sid,
        "headline": clean_text(brief.get("headline") or s.get("headline") or ""),
        "key_points": [_text(p) for p in brief.get("key_points") or []][:3],
        "outlets": int(s.get("n_outlets") or len(names)),
        "outlet_names": names,
        "articles": int(s.get("n_articles") or len(arts)),
        "first_seen": to_iso(s.get("first_seen")),
        "last_seen": to_iso(s.get("last_seen")),
        "updated": to_iso(s.get("updated")),
        "version": s.get("version") or brief.get("version"),
        "score": s.get("score"),
        "storyline_id": None if line in (None, "") else str(line),
        "url": story_path(sid),
    }


def _points(points: Iterable[Any], refs: dict[str, dict]) -> list[dict]:
    """Brief sentences, each citation resolved to its footnote number, outlet, time and a link to
    the article page with the cited sentence marked."""
    out = []
    for p in points:
        if not isinstance(p, dict):
            continue
        cites = []
        for c in p.get("sources") or []:
            aid = str(c.get("article_id", ""))
            ref = refs.get(aid, {})
            start, end = c.get("start"), c.get("end")
            hl = f"?hl={start}-{end}#hl" if isinstance(start, int) and isinstance(end, int) else ""
            cites.append({"article_id": aid, "n": ref.get("n"), "outlet": clean_text(c.get("outlet") or ref.get("outlet")),
                          "published": ref.get("published"), "title": ref.get("title", ""),
                          "sentence": c.get("sentence"), "start": start, "end": end, "page": article_path(aid) + hl})
        out.append({"text": clean_text(p.get("text")), "sources": cites})
    return out


def brief_view(brief: dict, refs: dict[str, dict]) -> dict:
    """A brief (``Brief.to_dict()`` form) with its citations resolved against ``refs``."""
    summary = brief.get("summary")
    sentences = summary.get("sentences", []) if isinstance(summary, dict) else []
    return {"headline": clean_text(brief.get("headline")), "version": brief.get("version"),
            "key_points": _points(brief.get("key_points") or [], refs), "summary": _points(sentences, refs)}


def story_detail(d: dict, versions: list[dict] | None = None) -> dict:
    """A story page's dict (``get_story``'s story): the card, the brief with footnotes, sources,
    brief versions (``versions``: with their key points, from ``data.brief_versions``), what's new
    since the previous version, the storyline. Facts are added by the page."""
    card = story_card(d)
    brief = _brief(d)
    refs: dict[str, dict] = {}
    # footnotes number the articles the brief was written from first, then the story's others
    for a in [*(brief.get("articles") or []), *(d.get("articles") or [])]:
        if isinstance(a, dict) and str(a.get("id", "")) not in refs:
            ref = article_ref(a, n=len(refs) + 1)
            refs[ref["id"]] = ref
    _mark_copies(refs, d.get("articles") or [])
    shown = versions if versions is not None else d.get("versions") or []
    vs = [{"version": v.get("version"), "created_at": to_iso(v.get("created_at")), "headline": clean_text(v.get("headline")),
           "key_points": [clean_text(p) for p in v.get("key_points") or []]} for v in shown if isinstance(v, dict)]
    new = [str(a) for a in d.get("new_articles") or []]
    changes = None
    if len(vs) > 1:
        changes = {"since_version": vs[1]["version"], "points": [_text(p) for p in d.get("changes") or []],
                   "new_articles": [refs[a] for a in new if a in refs]}
    return {"story": card, "brief": brief_view(brief, refs), "sources": list(refs.values()), "versions": vs,
            "changes": changes, "storyline": storyline_view(d.get("storyline"), card["id"]), "facts": None}


def _mark_copies(refs: dict[str, dict], articles: Iterable[Any]) -> None:
    """Give each wire copy among the sources ``copy_of``: its original's footnote number (None
    when the original is not a source here) and page."""
    for a in articles:
        if isinstance(a, dict) and a.get("duplicate_of") and str(a.get("id", "")) in refs:
            refs[str(a["id"])]["duplicate_of"] = str(a["duplicate_of"])
    for ref in refs.values():
        dup = ref.get("duplicate_of")
        if dup:
            orig = refs.get(dup, {})
            ref["copy_of"] = {"id": dup, "n": orig.get("n"), "outlet": orig.get("outlet", ""), "page": article_path(dup)}


def storyline_view(sl: object, current: str | None = None) -> dict | None:
    """A storyline (``get_storyline``'s) as a dated timeline, oldest first, ``current`` marked."""
    if not isinstance(sl, dict):
        return None
    items = []
    for s in sl.get("stories") or []:
        if isinstance(s, dict):
            c = story_card(s)
            c["current"] = c["id"] == current
            items.append(c)
    items.sort(key=lambda c: (c["first_seen"] or c["last_seen"] or "", c["id"]))
    sid = str(sl.get("id", ""))
    return {"id": sid, "title": clean_text(sl.get("label") or sl.get("title") or ""),
            "first_seen": to_iso(sl.get("first_seen")), "last_seen": to_iso(sl.get("last_seen")),
            "stories": items, "url": storyline_path(sid)}
