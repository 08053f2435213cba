"""One dict per page: the HTML template and the JSON twin render the same dict.

Each builder takes the :class:`~newsbrief.web.data.Reader` and the page's parameters and returns a
plain JSON-ready dict, or raises :class:`NotFound` / :class:`BadRequest`. They run in a worker
thread (SQLite calls block) and never write.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from newsbrief.timeutil import parse_since, to_iso
from newsbrief.web.data import Reader, brief_versions, briefs_updated, newest_briefs
from newsbrief.web.safety import MARK_CLOSE, MARK_OPEN, clean_text, safe_url, split_snippet
from newsbrief.web.views import article_path, article_ref, story_card, story_detail, storyline_view

log = logging.getLogger("newsbrief.web")
# The longest article text an article page shows; past it the page says where it was cut.
MAX_TEXT = 200_000
# Search has no offset in FTS5's bm25 ranking: pages are cut from the first MAX_SEARCH hits.
MAX_SEARCH = 1000


class NotFound(Exception):
    """No such story, article, storyline (-> 404 in the error shape)."""


class BadRequest(Exception):
    """A parameter that cannot be used (-> 400 in the error shape)."""


def since_of(value: str | None) -> datetime | None:
    """``?since=24h|7d|2025-06-01`` as a datetime (None when absent); BadRequest when unreadable."""
    if not value:
        return None
    try:
        return parse_since(value)
    except ValueError:
        raise BadRequest(f"since={value!r}: give a duration like 24h, 7d, 2w or a date like 2025-06-01") from None


def paging(params: dict[str, Any], limit: int, offset: int, more: bool) -> dict[str, Any]:
    """Links to the previous and next page of a list (None at either end), as query strings
    relative to the page itself, so they serve the HTML page and its JSON twin alike."""
    keep = {k: v for k, v in params.items() if v not in (None, "", False)}

    def link(off: int) -> str:
        return "?" + urlencode({**keep, "limit": limit, **({"offset": off} if off else {})})

    return {"limit": limit, "offset": offset, "next": link(offset + limit) if more else None,
            "prev": link(max(0, offset - limit)) if offset > 0 else None}


def front(reader: Reader, since: str | None, min_outlets: int, limit: int, offset: int) -> dict[str, Any]:
    """The stories, ranked as ``newsbrief stories`` ranks them."""
    params = {"since": since, "min_outlets": min_outlets if min_outlets > 1 else None}
    rows = reader.stories.list_stories(reader.store(), since=since_of(since), min_outlets=min_outlets,
                                       limit=limit + 1, offset=offset, with_articles=False)
    cards = [story_card(s) for s in rows[:limit]]
    note = None if cards or offset else "No stories yet (newsbrief update clusters the stored articles into stories)."
    return {"stories": cards, "filters": params, "paging": paging(params, limit, offset, len(rows) > limit),
            "note": note}


def story(reader: Reader, story_id: str) -> dict[str, Any]:
    """A story's page: brief with footnotes, sources, versions and what's new, storyline, facts."""
    store = reader.store()
    d = reader.stories.get_story(store, story_id)
    if d is None:
        raise NotFound(f"no story {story_id!r}")
    page = story_detail(d, brief_versions(store, d.id))
    if d.brief is not None:
        try:
            page["facts"] = reader.facts(d.id, d.brief)
        except Exception as exc:  # noqa: BLE001 - facts are an extra: the brief stands without them
            log.warning("story %s: no facts (%s: %s)", story_id, type(exc).__name__, exc)
    return page


def storyline(reader: Reader, storyline_id: str) -> dict[str, Any]:
    """A storyline: its stories as a dated timeline of headlines."""
    view = storyline_view(reader.stories.get_storyline(reader.store(), storyline_id))
    if view is None:
        raise NotFound(f"no storyline {storyline_id!r}")
    updated = briefs_updated(reader.store(), [c["id"] for c in view["stories"]])
    for c in view["stories"]:
        c["updated"] = to_iso(updated.get(c["id"])) or c["updated"]
    return {"storyline": view}


def article(reader: Reader, article_id: str, hl: str | None = None) -> dict[str, Any]:
    """One stored article: metadata, text (with a cited span marked), earlier revisions."""
    st = reader.store()
    a = st.get_article(article_id)
    if a is None:
        raise NotFound(f"no article {article_id!r}")
    text = clean_text(a.text)
    span = None
    if hl:
        m = re.fullmatch(r"(\d{1,9})-(\d{1,9})", hl)
        if not m:
            raise BadRequest(f"hl={hl!r}: give a character span like 120-245")
        s, e = int(m.group(1)), int(m.group(2))
        if 0 <= s < e <= len(text):
            span = [s, e]
    ref = article_ref(a)
    original = st.get_article(a.duplicate_of) if a.duplicate_of else None
    dup = article_ref(original) if original else None
    revisions = [{"revision": r["revision"], "title": clean_text(r["title"]), "published": to_iso(r["published"]),
                  "replaced_at": to_iso(r["replaced_at"])} for r in st.revisions(article_id)]
    return {"article": {**ref, "authors": [clean_text(x) for x in a.authors], "lang": a.lang,
                        "published_estimated": a.published_estimated, "text": text[:MAX_TEXT],
                        "truncated": len(text) > MAX_TEXT, "words": len(text.split()),
                        "duplicate_of": dup, "highlight": span},
            "revisions": revisions}


def articles(reader: Reader, since: str | None, outlet: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Stored articles, newest first, with date and outlet filters."""
    rows = reader.store().article_rows(since=since_of(since), outlet=outlet or None, limit=limit + 1, offset=offset)
    items = [{**article_ref(r), "words": r["words"], "duplicate_of": r["duplicate_of"],
              "published_estimated": r["published_estimated"]} for r in rows[:limit]]
    params = {"since": since, "outlet": outlet}
    return {"articles": items, "filters": params,
            "paging": paging(params, limit, offset, len(rows) > limit)}


def search(reader: Reader, q: str, since: str | None, outlet: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Full-text search (FTS5, bm25) with snippets; matches as offsets into each snippet."""
    params = {"q": q, "since": since, "outlet": outlet}
    if not q.strip():
        return {"query": q, "results": [], "filters": params, "paging": paging(params, limit, 0, False)}
    if offset + limit > MAX_SEARCH:
        raise BadRequest(f"search pages stop at {MAX_SEARCH} results: narrow the query")
    hits = reader.store().search(q, since=since_of(since), outlet=outlet or None, limit=offset + limit + 1,
                                 highlight=(MARK_OPEN, MARK_CLOSE))
    results = []
    for h in hits[offset:offset + limit]:
        snippet, spans = split_snippet(h.snippet or "")
        results.append({"id": h.id, "title": clean_text(h.title), "outlet": clean_text(h.outlet),
                        "published": to_iso(h.published), "url": safe_url(h.url), "page": article_path(h.id),
                        "score": round(h.score, 4), "duplicate_of": h.duplicate_of,
                        "snippet": snippet, "matches": spans})
    return {"query": q, "results": results, "filters": params,
            "paging": paging(params, limit, offset, len(hits) > offset + limit)}


def feeds(reader: Reader) -> dict[str, Any]:
    """The registered feeds and how their polls went (read-only)."""
    out = []
    for f in reader.store().feeds():
        health = "error" if f.last_error else ("ok" if f.last_success else "never polled")
        out.append({"id": f.id, "label": clean_text(f.label), "url": safe_url(f.url), "feed_url": clean_text(f.url),
                    "site_url": safe_url(f.site_url), "health": health, "added_at": to_iso(f.added_at),
                    "last_polled": to_iso(f.last_polled), "last_success": to_iso(f.last_success),
                    "last_error": clean_text(f.last_error) or None, "last_error_at": to_iso(f.last_error_at),
                    "item_count": f.item_count, "article_count": f.article_count})
    return {"feeds": out}


def feed_entries(reader: Reader, limit: int = 50) -> list[dict[str, Any]]:
    """The site feed's entries: the stories whose briefs were written or rewritten last."""
    return [story_card(s) for s in newest_briefs(reader.store(), limit)]


__all__ = ["BadRequest", "NotFound", "article", "articles", "feed_entries", "feeds", "front",
           "search", "since_of", "story", "storyline"]
