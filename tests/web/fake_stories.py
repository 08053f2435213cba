"""A stand-in for ``newsbrief.stories`` (used only when that module is absent): clusters the store's
articles with the real engine and briefs each story with the real writer, in memory."""

from __future__ import annotations

from datetime import datetime

from newsbrief.briefing import BriefWriter
from newsbrief.cluster import cluster_articles


def _stories(store) -> list[dict]:
    arts = store.articles()
    if not arts:
        return []
    groups: dict[int, list] = {}
    for a, sid in zip(arts, cluster_articles(arts), strict=True):
        groups.setdefault(sid, []).append(a)
    out = []
    for sid, members in groups.items():
        members.sort(key=lambda a: a.published or datetime.min)
        brief = BriefWriter().write(members, story_id=str(sid))
        times = [a.published.isoformat() for a in members if a.published]
        out.append({"id": str(sid), "brief": brief.to_dict(), "first_seen": min(times), "last_seen": max(times),
                    "outlets": len({a.outlet for a in members}), "size": len(members), "storyline_id": "1",
                    "versions": [{"version": 1, "headline": brief.headline,
                                  "key_points": [p.text for p in brief.key_points]}]})
    out.sort(key=lambda s: (-s["size"], s["id"]))
    return out


def list_stories(store, since=None, min_outlets=1, limit=50, offset=0) -> list[dict]:
    rows = [s for s in _stories(store) if s["outlets"] >= min_outlets
            and (since is None or s["last_seen"] >= since.isoformat())]
    return rows[offset:offset + limit]


def get_story(store, story_id):
    return next((s for s in _stories(store) if s["id"] == str(story_id)), None)


def get_storyline(store, storyline_id):
    if str(storyline_id) != "1":
        return None
    return {"id": "1", "title": "Everything", "stories": _stories(store)}
