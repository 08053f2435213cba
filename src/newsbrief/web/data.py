"""The site's read side: read-only store connections, a change token, and stories as pages want them.

The server never writes. Each worker thread keeps one read-only SQLite connection
(``mode=ro``, ``query_only``) wrapped in a :class:`ReadOnlyStore`, so the store's own read methods
(``search``, ``get_article``, ``article_rows``, ``feeds``) and the stories module's functions work
unchanged, and 50 concurrent clients never wait on one connection.

Stories come from ``newsbrief.stories`` (``list_stories``, ``get_story``, ``get_storyline``); the
functions here turn what it returns into the flat dicts the templates and the JSON API share, and
tolerate missing parts (a store not yet clustered has no stories; a story without versions has no
"what's new").
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import quote

from newsbrief.dedup import DuplicateIndex
from newsbrief.errors import NewsbriefError
from newsbrief.models import Brief, Citation, Point
from newsbrief.store import Store
from newsbrief.web.safety import clean_text, safe_url


class StoriesAPI(Protocol):
    """What the site needs from ``newsbrief.stories`` (tests may pass a stand-in)."""

    def list_stories(self, store: Any, since: datetime | None = None, min_outlets: int = 1, limit: int = 50,
                     offset: int = 0) -> list[dict]: ...

    def get_story(self, store: Any, story_id: str) -> dict | None: ...

    def get_storyline(self, store: Any, storyline_id: str) -> Any: ...


class ReadOnlyStore(Store):
    """A :class:`Store` over a read-only connection: no migrations, no writes (SQLite refuses them)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:  # noqa: D107 - no super(): it would migrate
        self.path = str(path)
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5, check_same_thread=False)
            self.conn.execute("PRAGMA query_only = ON")
            self.conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error as exc:
            raise NewsbriefError(self.path, f"cannot open the store read-only: {exc}") from None
        self._depth = 0
        self._dups = DuplicateIndex(self.conn)


class Reader:
    """One store opened read-only per worker thread, and the stories API to read it with."""

    def __init__(self, db_path: str | os.PathLike[str], stories: StoriesAPI | ModuleType | None = None) -> None:
        self.path = str(db_path)
        self._stories = stories
        self._local = threading.local()

    @property
    def stories(self) -> StoriesAPI | ModuleType | None:
        """The stories API (``newsbrief.stories`` unless one was given), or None when absent."""
        if self._stories is None:
            try:
                self._stories = importlib.import_module("newsbrief.stories")
            except ImportError:
                return None
        return self._stories

    def store(self) -> ReadOnlyStore:
        """This thread's read-only store (opened on first use)."""
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = ReadOnlyStore(self.path)
        return st

    def generation(self) -> tuple[int, ...]:
        """A token that changes whenever the store does: sizes and mtimes of the file and its WAL."""
        out: list[int] = []
        for p in (self.path, self.path + "-wal"):
            try:
                st = os.stat(p)
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def has_table(self, name: str) -> bool:
        row = self.store().conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return row is not None


# -- links ------------------------------------------------------------------------------------------
def story_path(story_id: object) -> str:
    return "/stories/" + quote(str(story_id), safe="")


def article_path(article_id: object) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def storyline_path(storyline_id: object) -> str:
    return "/storylines/" + quote(str(storyline_id), safe="")


# -- times ------------------------------------------------------------------------------------------
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


# -- stories as pages want them ---------------------------------------------------------------------
def _first(d: dict, *keys: str, default: Any = None) -> Any:
    for k in keys:
        v = d.get(k)
        if v is not None:
            return v
    return default


def _text(p: object) -> str:
    return clean_text(p.get("text", "") if isinstance(p, dict) else p)


def article_ref(a: dict | Any, n: int | None = None) -> dict:
    """One source article: id, title, outlet, time, its page here, and its URL only when http(s)."""
    if not isinstance(a, dict):  # an Article
        a = {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "published": a.published}
    aid = str(_first(a, "id", "article_id", default=""))
    out = {"id": aid, "title": clean_text(a.get("title")), "outlet": clean_text(a.get("outlet") or a.get("source")),
           "published": to_iso(a.get("published")), "url": safe_url(a.get("url")), "page": article_path(aid)}
    if n is not None:
        out["n"] = n
    return out


def _articles_of(s: dict) -> list[dict]:
    brief = s.get("brief") if isinstance(s.get("brief"), dict) else {}
    arts = s.get("articles") or brief.get("articles") or []
    return [a if isinstance(a, dict) else article_ref(a) for a in arts]


def story_card(s: dict) -> dict:
    """A story as a front-page card and a ``/stories.json`` item."""
    brief = s.get("brief") if isinstance(s.get("brief"), dict) else {}
    arts = _articles_of(s)
    outlets = _first(s, "outlets", "n_outlets", "outlet_count")
    names = sorted({clean_text(a.get("outlet") or a.get("source")) for a in arts} - {""})
    if isinstance(outlets, list | tuple):
        names, outlets = [clean_text(o) for o in outlets], len(outlets)
    if outlets is None:
        outlets = len(names)
    times = sorted(t for t in (to_iso(a.get("published")) for a in arts) if t)
    sid = str(_first(s, "id", "story_id", default=""))
    size = _first(s, "size", "n_articles", "article_count")
    return {
        "id": sid,
        "headline": clean_text(_first(s, "headline", default=None) or brief.get("headline") or ""),
        "key_points": [_text(p) for p in (_first(s, "key_points", default=None) or brief.get("key_points") or [])][:3],
        "outlets": int(outlets),
        "outlet_names": names,
        "articles": int(size if isinstance(size, int) else len(arts)),
        "first_seen": to_iso(_first(s, "first_seen", "first_published")) or (times[0] if times else None),
        "last_seen": to_iso(_first(s, "last_seen", "last_published")) or (times[-1] if times else None),
        "updated": to_iso(_first(s, "updated_at", "brief_updated_at", "updated")),
        "version": _first(s, "version", default=None) or brief.get("version"),
        "score": _first(s, "score", default=None),
        "storyline_id": None if _first(s, "storyline_id", "storyline") is None else str(_first(s, "storyline_id", "storyline")),
        "url": story_path(sid),
    }


def _points(points: Iterable[Any], refs: dict[str, dict]) -> list[dict]:
    """Brief sentences with their citations resolved to footnote numbers and outlets/times."""
    out = []
    for p in points:
        if not isinstance(p, dict):
            out.append({"text": clean_text(p), "sources": []})
            continue
        cites = []
        for c in p.get("sources") or p.get("citations") or []:
            aid = str(c.get("article_id", ""))
            ref = refs.get(aid)
            start, end = c.get("start"), c.get("end")
            hl = f"?hl={int(start)}-{int(end)}#hl" if isinstance(start, int) and isinstance(end, int) else ""
            cites.append({"article_id": aid, "n": ref["n"] if ref else None,
                          "outlet": clean_text(c.get("outlet") or (ref or {}).get("outlet")),
                          "published": (ref or {}).get("published"), "title": (ref or {}).get("title", ""),
                          "sentence": c.get("sentence"), "start": start, "end": end,
                          "page": article_path(aid) + hl})
        out.append({"text": clean_text(p.get("text")), "sources": cites})
    return out


def brief_view(brief: dict, refs: dict[str, dict]) -> dict:
    """A brief dict (``Brief.to_dict()`` form) with its citations resolved against ``refs``."""
    summary = brief.get("summary")
    sentences = summary.get("sentences", []) if isinstance(summary, dict) else (summary or [])
    return {"headline": clean_text(brief.get("headline")), "version": brief.get("version"),
            "key_points": _points(brief.get("key_points") or [], refs), "summary": _points(sentences, refs)}


def story_detail(d: dict) -> dict:
    """A story page's dict: the card, the brief with footnotes, sources, versions, storyline, facts."""
    card = story_card(d)
    arts = _articles_of(d)
    refs: dict[str, dict] = {}
    for a in arts:
        ref = article_ref(a, n=len(refs) + 1)
        refs.setdefault(ref["id"], ref)
    brief = d.get("brief") if isinstance(d.get("brief"), dict) else {}
    versions = []
    for v in d.get("versions") or []:
        if not isinstance(v, dict):
            continue
        vb = v.get("brief") if isinstance(v.get("brief"), dict) else v
        versions.append({"version": _first(v, "version", default=vb.get("version")),
                         "created_at": to_iso(_first(v, "created_at", "written_at", "updated_at")),
                         "headline": clean_text(vb.get("headline")),
                         "key_points": [_text(p) for p in vb.get("key_points") or []],
                         "articles": _first(v, "n_articles", "articles_count", "size", default=None)})
    versions.sort(key=lambda v: (v["version"] is None, v["version"] or 0), reverse=True)
    facts = d.get("facts") if isinstance(d.get("facts"), dict) else brief.get("facts")
    return {"story": card, "brief": brief_view(brief, refs), "sources": list(refs.values()), "versions": versions,
            "changes": changes_view(d.get("changes") or d.get("whats_new") or d.get("new")),
            "storyline": storyline_view(d.get("storyline"), card["id"]),
            "facts": facts if isinstance(facts, dict) and any(facts.get(k) for k in FACT_KEYS) else None}


FACT_KEYS = ("who", "where", "when", "figures", "statements", "positions")


def _brief_points(points: Iterable[Any]) -> tuple[Point, ...]:
    out = []
    for p in points:
        if not isinstance(p, dict):
            continue
        cites = tuple(Citation(str(c.get("article_id", "")), int(c.get("sentence") or 0), int(c.get("start") or 0),
                               int(c.get("end") or 0), tuple(c.get("edits") or ()), str(c.get("outlet") or ""))
                      for c in p.get("sources") or [] if isinstance(c, dict))
        out.append(Point(str(p.get("text", "")), cites))
    return tuple(out)


def facts_for(store: Store, brief: dict) -> dict | None:
    """Key facts of a brief given as a dict (``Brief.to_dict()`` form), read from the article
    sentences it cites, with the rule engine (milliseconds; spaCy stays off the request path)."""
    from newsbrief.facts import facts_of_brief

    summary = brief.get("summary")
    sentences = summary.get("sentences", []) if isinstance(summary, dict) else (summary or [])
    key_points, summary_points = _brief_points(brief.get("key_points") or []), _brief_points(sentences)
    ids = list(dict.fromkeys(c.article_id for p in (*key_points, *summary_points) for c in p.citations))
    if not ids:
        return None
    obj = Brief(story_id=str(brief.get("story_id", "")), headline=str(brief.get("headline", "")),
                headline_source=str(brief.get("headline_source", "")), key_points=key_points, summary=summary_points,
                articles=tuple(store.get_articles(ids)))
    facts = facts_of_brief(obj, nlp="rules")
    return facts if any(facts.get(k) for k in FACT_KEYS) else None


def changes_view(ch: object) -> dict | None:
    """"What's new" since the previous version: ``{"since_version", "points": [text]}`` or None."""
    if not ch:
        return None
    if isinstance(ch, list):
        return {"since_version": None, "points": [_text(p) for p in ch]}
    if isinstance(ch, dict):
        pts = _first(ch, "new", "points", "sentences", "summary", default=[])
        if isinstance(pts, str):
            pts = [pts]
        return {"since_version": _first(ch, "since_version", "previous_version", "from_version"),
                "points": [_text(p) for p in pts]}
    return {"since_version": None, "points": [clean_text(ch)]}


def storyline_view(sl: object, current: str | None = None) -> dict | None:
    """A storyline as a dated timeline: ``{"id", "title", "stories": [{id, headline, first_seen, ...}]}``."""
    if sl is None:
        return None
    if isinstance(sl, list):
        sl = {"stories": sl}
    if not isinstance(sl, dict):
        return None
    items = []
    for s in sl.get("stories") or sl.get("timeline") or []:
        if not isinstance(s, dict):
            continue
        c = story_card(s)
        c["current"] = c["id"] == current
        items.append(c)
    items.sort(key=lambda c: (c["first_seen"] or c["last_seen"] or "", c["id"]))
    sid = _first(sl, "id", "storyline_id")
    return {"id": None if sid is None else str(sid), "title": clean_text(_first(sl, "title", "headline", default="")),
            "stories": items, "url": storyline_path(sid) if sid is not None else None}
