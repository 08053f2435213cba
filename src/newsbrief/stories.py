"""Stories in the store: cluster new articles, re-brief grown stories (keeping old versions),
link stories into storylines, and read them back for the CLI, the web site and the Atom feeds.

(Written by the lead engineer on top of ``cluster.StoryClusterer``; extend it, don't replace it.)
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import datetime

from newsbrief.briefing import BriefWriter
from newsbrief.cluster import StoryClusterer, publication_order
from newsbrief.ingest.dates import iso as _iso
from newsbrief.ingest.dates import utcnow
from newsbrief.models import Article
from newsbrief.store import Store
from newsbrief.text import tokens

# A story brief reads at most this many articles (newest originals first): a 40-outlet story
# says nothing more at 200 articles, and the brief must stay well under a second.
MAX_BRIEF_ARTICLES = 30
# Two stories whose briefs share this much vocabulary (cosine of headline + key point tokens)
# are about the same ongoing subject: one storyline (e.g. successive rounds of peace talks).
STORYLINE_LINK = 0.3
# Ranking: score = ln(1 + articles) + OUTLETS * ln(1 + outlets) + RECENCY * 2^(-age / HALF_LIFE),
# age in days from the newest article in the store (not the wall clock: an archive ranks stably).
OUTLETS, RECENCY, HALF_LIFE_DAYS = 2.0, 3.0, 2.0


def iso(dt: datetime | None) -> str | None:
    return _iso(dt) if dt else None


def story_id(n: int) -> str:
    return f"s{n}"


def _state(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT value FROM cluster_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def update_stories(store: Store, writer: BriefWriter | None = None) -> dict:
    """Cluster the articles added since the last run, re-brief every story that changed, link
    storylines. Returns counts: articles, new_stories, grown_stories, briefs, storylines."""
    writer = writer or BriefWriter()
    raw = _state(store, "engine")
    engine = StoryClusterer.from_state(json.loads(raw)) if raw else StoryClusterer()
    cursor = int(_state(store, "cursor") or 0)
    new: list[Article] = []
    for seq, art in store.iter_articles_after(cursor):
        cursor = seq
        new.append(art)
    known = {r[0] for r in store.conn.execute("SELECT article_id FROM story_articles")} if new else set()
    new = [a for a in new if a.id not in known]  # a revision keeps its story
    before = {r[0] for r in store.conn.execute("SELECT id FROM stories")}
    assigned: list[tuple[str, str]] = []
    for i in publication_order(new):
        assigned.append((new[i].id, story_id(engine.add(new[i]))))
    changed = sorted({s for _, s in assigned}, key=lambda s: int(s[1:]))
    now = _iso(utcnow())
    with store.transaction() as conn:
        conn.executemany("INSERT OR IGNORE INTO stories(id, updated_at) VALUES (?, ?)", [(s, now) for s in changed])
        conn.executemany("INSERT OR REPLACE INTO story_articles(article_id, story_id, added_at) VALUES (?, ?, ?)",
                         [(a, s, now) for a, s in assigned])
        for sid in changed:
            _rebrief(store, sid, writer, now)
        lines = link_storylines(store, changed)
        conn.execute("INSERT OR REPLACE INTO cluster_state(key, value) VALUES ('engine', ?)",
                     (json.dumps(engine.state()),))
        conn.execute("INSERT OR REPLACE INTO cluster_state(key, value) VALUES ('cursor', ?)", (str(cursor),))
    return {"articles": len(assigned), "new_stories": len(set(changed) - before),
            "grown_stories": len(set(changed) & before), "merged_stories": 0, "briefs": len(changed),
            "storylines": lines}


def story_articles(store: Store, sid: str) -> list[Article]:
    ids = [r[0] for r in store.conn.execute("SELECT article_id FROM story_articles WHERE story_id = ?", (sid,))]
    arts = store.get_articles(ids)
    return sorted(arts, key=lambda a: (iso(a.published) or "", a.id))


def _rebrief(store: Store, sid: str, writer: BriefWriter, now: str) -> None:
    arts = story_articles(store, sid)
    originals = [a for a in arts if not a.duplicate_of] or arts
    chosen = sorted(originals[-MAX_BRIEF_ARTICLES:], key=lambda a: (iso(a.published) or "", a.id))
    version = (store.conn.execute("SELECT MAX(version) FROM briefs WHERE story_id = ?", (sid,)).fetchone()[0] or 0) + 1
    b = writer.write(chosen, story_id=sid)
    d = b.to_dict()
    d["version"] = version
    times = [iso(a.published) for a in arts if a.published]
    outlets = {a.outlet for a in arts if a.outlet}
    store.conn.execute(
        "INSERT INTO stories(id, headline, first_seen, last_seen, n_articles, n_outlets, version, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET headline=excluded.headline, "
        "first_seen=excluded.first_seen, last_seen=excluded.last_seen, n_articles=excluded.n_articles, "
        "n_outlets=excluded.n_outlets, version=excluded.version, updated_at=excluded.updated_at",
        (sid, b.headline, min(times, default=None), max(times, default=None), len(arts), len(outlets), version, now))
    store.conn.execute("INSERT INTO briefs(story_id, version, created_at, headline, brief, article_ids) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (sid, version, now, b.headline, json.dumps(d, ensure_ascii=False),
                        json.dumps([a.id for a in chosen])))


def _brief_tokens(d: dict) -> Counter[str]:
    text = " ".join([d.get("headline", "")] + [p["text"] for p in d.get("key_points", [])])
    return Counter(tokens(text))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    num = sum(v * b[k] for k, v in a.items() if k in b)
    den = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return num / den if den else 0.0


def link_storylines(store: Store, changed: list[str]) -> int:
    """Put each changed story without a storyline on the storyline of the most similar story
    (or open one with it); returns how many stories got a storyline."""
    rows = store.conn.execute(
        "SELECT s.id, s.storyline_id, b.brief FROM stories s JOIN briefs b ON b.story_id = s.id "
        "AND b.version = s.version").fetchall()
    vecs = {sid: _brief_tokens(json.loads(brief)) for sid, _, brief in rows}
    line_of = {sid: line for sid, line, _ in rows}
    linked = 0
    for sid in changed:
        if line_of.get(sid) or sid not in vecs:
            continue
        best, best_sim = None, STORYLINE_LINK
        for other, vec in vecs.items():
            if other != sid:
                s = _cosine(vecs[sid], vec)
                if s >= best_sim:
                    best, best_sim = other, s
        if best is None:
            continue
        line = line_of.get(best)
        if not line:
            line = "l" + best[1:]
            store.conn.execute("INSERT OR IGNORE INTO storylines(id, label) VALUES (?, ?)",
                               (line, _label(vecs[best])))
            store.conn.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (line, best))
            line_of[best] = line
        store.conn.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (line, sid))
        line_of[sid] = line
        linked += 1
    store.conn.execute(
        "UPDATE storylines SET first_seen = (SELECT MIN(first_seen) FROM stories WHERE storyline_id = storylines.id), "
        "last_seen = (SELECT MAX(last_seen) FROM stories WHERE storyline_id = storylines.id)")
    return linked


def _label(vec: Counter[str]) -> str:
    return " ".join(w for w, _ in vec.most_common(4))


def _score(n_articles: int, n_outlets: int, last_seen: str | None, newest: str | None) -> float:
    age = 0.0
    if last_seen and newest:
        age = max(0.0, (datetime.fromisoformat(newest) - datetime.fromisoformat(last_seen)).total_seconds() / 86400)
    return math.log1p(n_articles) + OUTLETS * math.log1p(n_outlets) + RECENCY * 2 ** (-age / HALF_LIFE_DAYS)


def _article_dict(a: Article) -> dict:
    return {"id": a.id, "outlet": a.outlet, "published": iso(a.published), "title": a.title, "url": a.url,
            "duplicate_of": a.duplicate_of}


def list_stories(store: Store, since: datetime | None = None, min_outlets: int = 1, limit: int | None = 50,
                 offset: int = 0, with_articles: bool = True) -> list[dict]:
    """Stories ranked by score (see the constants above): id, score, times, counts, brief, articles."""
    newest = store.conn.execute("SELECT MAX(last_seen) FROM stories").fetchone()[0]
    sql = ("SELECT s.id, s.storyline_id, s.first_seen, s.last_seen, s.n_articles, s.n_outlets, s.version, b.brief "
           "FROM stories s JOIN briefs b ON b.story_id = s.id AND b.version = s.version WHERE s.n_outlets >= ?")
    args: list = [min_outlets if min_outlets > 1 else 0]
    if since:
        sql += " AND s.last_seen >= ?"
        args.append(iso(since))
    rows = store.conn.execute(sql, args).fetchall()
    out = []
    for sid, line, first, last, n, outlets, version, brief in rows:
        out.append({"id": sid, "score": round(_score(n, outlets, last, newest), 4), "storyline_id": line,
                    "first_seen": first, "last_seen": last, "n_articles": n, "n_outlets": outlets,
                    "version": version, "brief": json.loads(brief)})
    out.sort(key=lambda d: (-d["score"], d["id"]))
    out = out[offset:offset + limit if limit else None]
    if with_articles:
        for d in out:
            d["articles"] = [_article_dict(a) for a in story_articles(store, d["id"])]
    return out


def get_story(store: Store, sid: str) -> dict | None:
    """One story: its latest brief, earlier versions, what is new, articles and storyline."""
    found = [d for d in list_stories(store, limit=None, with_articles=False) if d["id"] == sid]
    if not found:
        return None
    d = found[0]
    d["articles"] = [_article_dict(a) for a in story_articles(store, sid)]
    d["versions"] = [{"version": v, "created_at": c, "headline": h} for v, c, h in store.conn.execute(
        "SELECT version, created_at, headline FROM briefs WHERE story_id = ? ORDER BY version DESC", (sid,))]
    d["changes"] = changes(store, sid)
    d["storyline"] = get_storyline(store, d["storyline_id"]) if d["storyline_id"] else None
    return d


def changes(store: Store, sid: str) -> list[str]:
    """Sentences of the latest brief about facts the previous version did not cover."""
    rows = store.conn.execute("SELECT brief FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 2",
                              (sid,)).fetchall()
    if len(rows) < 2:
        return []
    new, old = json.loads(rows[0][0]), json.loads(rows[1][0])
    old_sents = [set(tokens(p["text"])) for p in old["key_points"] + old["summary"]["sentences"]]
    out = []
    for p in new["key_points"] + new["summary"]["sentences"]:
        t = set(tokens(p["text"]))
        if t and p["text"] not in out and all(len(t & o) / len(t | o) < 0.5 for o in old_sents):
            out.append(p["text"])
    return out


def get_storyline(store: Store, line: str) -> dict | None:
    """A storyline as a dated timeline of its stories' headlines (oldest first)."""
    row = store.conn.execute("SELECT id, label, first_seen, last_seen FROM storylines WHERE id = ?", (line,)).fetchone()
    if not row:
        return None
    items = [{"story_id": s, "headline": h, "first_seen": f, "last_seen": ls, "n_articles": n}
             for s, h, f, ls, n in store.conn.execute(
                 "SELECT id, headline, first_seen, last_seen, n_articles FROM stories WHERE storyline_id = ? "
                 "ORDER BY first_seen, id", (line,))]
    return {"id": row[0], "label": row[1], "first_seen": row[2], "last_seen": row[3], "stories": items}


def reported_by(point: dict, limit: int = 2) -> str:
    """'reported by Reuters, BBC and 3 more' for a key point with its sources."""
    outlets = list(dict.fromkeys(s.get("outlet") or "" for s in point.get("sources", [])))
    outlets = [o for o in outlets if o] or ["1 source"]
    head = ", ".join(outlets[:limit])
    return f"reported by {head}" + (f" and {len(outlets) - limit} more" if len(outlets) > limit else "")

