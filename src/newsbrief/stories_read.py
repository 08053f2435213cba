"""Reading stories back (re-exported by ``newsbrief.stories``): ranked lists, one story with its
brief versions and what is new, storylines as timelines. Used by the CLI, the web site and Atom.

Ranking (``newsbrief stories``, the front page)::

    score = ln(1 + reports) + 2 * ln(1 + outlets) + 3 * 2 ** (-age / 2 days)

``reports`` counts a story's articles with each wire copy once, ``outlets`` its distinct
outlets, ``age`` the time from its last article to the newest article of any story (not the
wall clock: an archive ranks the same tomorrow). Outlets weigh double: ten outlets make a story
more than ten articles from one. A fresh story gets up to 3 points, halving every 2 days.
"""

from __future__ import annotations

import json
import math
from datetime import datetime

from newsbrief.models import Article
from newsbrief.store import Store
from newsbrief.text import tokens
from newsbrief.timeutil import iso as _iso

OUTLETS, RECENCY, HALF_LIFE_DAYS = 2.0, 3.0, 2.0
_COLS = "s.id, s.storyline_id, s.first_seen, s.last_seen, s.n_articles, s.n_outlets, s.n_reports, s.version, s.headline"


def iso(dt: datetime | None) -> str | None:
    return _iso(dt) if dt else None


def story_id(n: int) -> str:
    """The store's id of the clustering engine's story number ``n``."""
    return f"s{n}"


def story_number(sid: str) -> int:
    return int(sid[1:])


def _norm(key: object, prefix: str) -> str:
    """``12``, ``"12"`` or ``"s12"`` -> ``"s12"`` (ids may be typed without their letter)."""
    s = str(key).strip()
    return prefix + s if s.isdigit() else s


def score(reports: int, outlets: int, last_seen: str | None, newest: str | None) -> float:
    """The ranking score (see the module docstring)."""
    age = 0.0
    if last_seen and newest:
        age = max(0.0, (datetime.fromisoformat(newest) - datetime.fromisoformat(last_seen)).total_seconds() / 86400)
    return math.log1p(reports) + OUTLETS * math.log1p(outlets) + RECENCY * 2 ** (-age / HALF_LIFE_DAYS)


def _newest(store: Store) -> str | None:
    return store.conn.execute("SELECT MAX(last_seen) FROM stories").fetchone()[0]


def _row(r: tuple, newest: str | None) -> dict:
    sid, line, first, last, n, outlets, reports, version, headline = r
    reports = reports or n  # a row written by other code (a batch load) may not count reports
    return {"id": sid, "score": round(score(reports, outlets, last, newest), 4), "storyline_id": line,
            "first_seen": first, "last_seen": last, "n_articles": n, "n_outlets": outlets, "n_reports": reports,
            "version": version, "headline": headline}


def _briefs(store: Store, sids: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for i in range(0, len(sids), 500):
        chunk = sids[i:i + 500]
        for sid, brief in store.conn.execute(
                "SELECT b.story_id, b.brief FROM briefs b JOIN stories s ON s.id = b.story_id AND b.version = s.version "
                f"WHERE b.story_id IN ({','.join('?' * len(chunk))})", chunk):
            out[sid] = json.loads(brief)
    return out


def _article_dict(a: Article) -> dict:
    return {"id": a.id, "outlet": a.outlet, "published": iso(a.published), "title": a.title, "url": a.url,
            "duplicate_of": a.duplicate_of}


def story_articles(store: Store, sid: str) -> list[Article]:
    """A story's articles, oldest first."""
    ids = [r[0] for r in store.conn.execute("SELECT article_id FROM story_articles WHERE story_id = ?",
                                            (_norm(sid, "s"),))]
    return sorted(store.get_articles(ids), key=lambda a: (iso(a.published) or "", a.id))


def list_stories(store: Store, since: datetime | None = None, min_outlets: int = 1, limit: int | None = 50,
                 offset: int = 0, with_articles: bool = True) -> list[dict]:
    """Briefed stories ranked by score: id, score, storyline_id, first/last_seen, n_articles,
    n_outlets, n_reports, version, headline, brief (``Brief.to_dict()``) and, with
    ``with_articles``, articles (``{id, outlet, published, title, url, duplicate_of}``).
    ``since`` keeps stories whose last article is that recent; ``min_outlets`` those from at
    least that many outlets. Only the page asked for is read in full."""
    sql = f"SELECT {_COLS} FROM stories s WHERE s.version > 0 AND s.n_outlets >= ?"
    args: list = [min_outlets if min_outlets > 1 else 0]
    if since:
        sql += " AND s.last_seen >= ?"
        args.append(iso(since))
    newest = _newest(store)
    rows = sorted((_row(r, newest) for r in store.conn.execute(sql, args)),
                  key=lambda d: (-d["score"], story_number(d["id"])))
    page = rows[offset:offset + limit if limit else None]
    briefs = _briefs(store, [d["id"] for d in page])
    for d in page:
        d["brief"] = briefs.get(d["id"])
        if with_articles:
            d["articles"] = [_article_dict(a) for a in story_articles(store, d["id"])]
    return page


def get_story(store: Store, sid: str) -> dict | None:
    """One story (``12`` or ``s12``) as in :func:`list_stories`, with its articles, earlier brief
    versions (``{version, created_at, headline, n_articles}``, newest first), ``changes`` (what
    the latest version says that the previous did not), ``new_articles`` (ids added since the
    previous version) and its storyline; None when there is no such story."""
    sid = _norm(sid, "s")
    r = store.conn.execute(f"SELECT {_COLS} FROM stories s WHERE s.id = ?", (sid,)).fetchone()
    if r is None:
        return None
    d = _row(r, _newest(store))
    d["brief"] = _briefs(store, [sid]).get(sid)
    d["articles"] = [_article_dict(a) for a in story_articles(store, sid)]
    versions = store.conn.execute("SELECT version, created_at, headline, article_ids FROM briefs WHERE story_id = ? "
                                  "ORDER BY version DESC", (sid,)).fetchall()
    d["versions"] = [{"version": v, "created_at": c, "headline": h, "n_articles": len(json.loads(ids))}
                     for v, c, h, ids in versions]
    d["changes"] = changes(store, sid)
    d["new_articles"] = ([a for a in json.loads(versions[0][3]) if a not in set(json.loads(versions[1][3]))]
                         if len(versions) > 1 else [])
    d["storyline"] = get_storyline(store, d["storyline_id"]) if d["storyline_id"] else None
    return d


def changes(store: Store, sid: str) -> list[str]:
    """Sentences of the latest brief about facts the previous version did not cover (no
    previous sentence shares half of their words)."""
    rows = store.conn.execute("SELECT brief FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 2",
                              (_norm(sid, "s"),)).fetchall()
    if len(rows) < 2:
        return []
    new, old = json.loads(rows[0][0]), json.loads(rows[1][0])
    old_sents = [set(tokens(p["text"])) for p in old["key_points"] + old["summary"]["sentences"]]
    out: list[str] = []
    for p in new["key_points"] + new["summary"]["sentences"]:
        t = set(tokens(p["text"]))
        if t and p["text"] not in out and all(len(t & o) / len(t | o) < 0.5 for o in old_sents):
            out.append(p["text"])
    return out


def get_storyline(store: Store, line: str) -> dict | None:
    """A storyline (``3`` or ``l3``) as a dated timeline of its stories' headlines, oldest first."""
    row = store.conn.execute("SELECT id, label, first_seen, last_seen FROM storylines WHERE id = ?",
                             (_norm(line, "l"),)).fetchone()
    if not row:
        return None
    items = [{"id": s, "story_id": s, "headline": h, "first_seen": f, "last_seen": ls, "n_articles": n,
              "n_outlets": o}
             for s, h, f, ls, n, o in store.conn.execute(
                 "SELECT id, headline, first_seen, last_seen, n_articles, n_outlets FROM stories "
                 "WHERE storyline_id = ? ORDER BY first_seen, id", (row[0],))]
    return {"id": row[0], "label": row[1], "first_seen": row[2], "last_seen": row[3], "stories": items}


def reported_by(point: dict, limit: int = 2) -> str:
    """'reported by Reuters, BBC and 3 more' for a key point with its sources."""
    outlets = list(dict.fromkeys(s.get("outlet") or "" for s in point.get("sources", [])))
    outlets = [o for o in outlets if o] or ["1 source"]
    head = ", ".join(outlets[:limit])
    return f"reported by {head}" + (f" and {len(outlets) - limit} more" if len(outlets) > limit else "")
