"""After clustering: each partition writes its articles and sends them to their story's
briefing bucket; each bucket briefs its stories by the store path's rule (``newsbrief.stories``):
the same articles chosen, the same brief writer, the same story ids, so that an identical story
gets an identical brief."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
import pandas as pd

from newsbrief.batch.clustering import ClusterSlice
from newsbrief.batch.output import part_path, write_table
from newsbrief.batch.read import Part, frame_articles
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, Brief


def finish_partition(part: Part, sl: ClusterSlice, links: list[str | None], out: str,
                     n_buckets: int) -> tuple[list[pd.DataFrame], dict]:
    """Write the partition's articles (with story and duplicate links) and its read errors; return
    its articles split by briefing bucket, and what was written."""
    from newsbrief.stories import story_id

    df = part.articles.copy()
    df["duplicate_of"] = pd.Series(links, dtype=object)
    df["story_id"] = [story_id(int(s)) for s in sl.story]
    df["rank"] = sl.rank
    df = df.sort_values("rank", kind="stable").reset_index(drop=True)
    write_table(df, part_path(out, "articles", part.index))
    if part.errors:
        write_table(pd.DataFrame(part.errors, columns=["item", "error"]), part_path(out, "errors", part.index))
    bucket = sl.bucket[np.argsort(sl.rank, kind="stable")]
    slices = [df[bucket == b] for b in range(n_buckets)]
    return slices, {"articles": len(df), "duplicates": int(df["duplicate_of"].notna().sum()),
                    "errors": len(part.errors), "error_sample": part.errors[:20]}


def brief_articles(articles: list[Article]) -> list[Article]:
    """The articles a story's brief is written from: the store path's own rule."""
    from newsbrief.stories import brief_articles as rule

    return rule(articles)


def as_stored(a: Article) -> Article:
    """The article as the store gives it back (publication time to the second, in UTC)."""
    from newsbrief.timeutil import iso

    return replace(a, published=datetime.fromisoformat(iso(a.published))) if a.published else a


def story_row(sid: str, articles: list[Article]) -> dict:
    """A story's row, as the store keeps it: times of its first and last article (ISO UTC
    strings), counts of articles (copies included) and distinct outlets."""
    from newsbrief.stories import iso

    times = [t for t in (iso(a.published) for a in articles) if t]
    return {"story_id": sid, "first_seen": min(times, default=None), "last_seen": max(times, default=None),
            "articles": len(articles), "outlets": len({a.outlet for a in articles if a.outlet}),
            "article_ids": [a.id for a in articles], "brief_article_ids": [], "headline": ""}


@dataclass
class BucketRows:
    """The rows one briefing bucket writes, and the stories it could not brief."""

    stories: list[dict] = field(default_factory=list)
    briefs: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _brief_rows(rows: BucketRows, sid: str, brief: Brief) -> None:
    d = brief.to_dict()
    rows.briefs.append({"story_id": sid, "version": brief.version, "headline": brief.headline,
                        "headline_source": brief.headline_source, "key_points": [p.text for p in brief.key_points],
                        "summary": brief.summary_text, "brief": json.dumps(d, ensure_ascii=False)})
    for kind, points in (("key_point", brief.key_points), ("summary", brief.summary)):
        for n, p in enumerate(points):
            for c in p.citations:
                rows.sources.append({"story_id": sid, "kind": kind, "point": n, "article_id": c.article_id,
                                     "outlet": c.outlet, "sentence": c.sentence_index, "start": c.start,
                                     "end": c.end, "edits": list(c.edits)})


def brief_bucket(bucket: int, out: str, words: int, scorer: str, *slices: pd.DataFrame) -> dict:
    """Brief every story of this bucket; write its stories, briefs and sources tables."""
    from newsbrief.briefing import BriefWriter

    writer = BriefWriter(scorer, words=words)
    df = pd.concat(slices, ignore_index=True) if slices else pd.DataFrame()
    rows = BucketRows()
    members: dict[str, list[Article]] = {}
    if len(df):
        df = df.sort_values("rank", kind="stable")
        # One conversion for the whole bucket: pandas per story costs more than the briefs do.
        for sid, a in zip(df["story_id"].tolist(), frame_articles(df), strict=True):
            members.setdefault(sid, []).append(as_stored(a))
    for sid, articles in members.items():
        row = story_row(str(sid), articles)
        rows.stories.append(row)
        chosen = brief_articles(articles)
        try:
            brief = writer.write(chosen, story_id=str(sid))
        except NewsbriefError as exc:
            rows.failed.append((f"story {sid}", exc.message))
            continue
        row["headline"] = brief.headline
        row["brief_article_ids"] = [a.id for a in chosen]
        _brief_rows(rows, str(sid), brief)
    _write(rows, out, bucket)
    return {"stories": len(rows.stories), "briefs": len(rows.briefs), "failed": rows.failed}


def _write(rows: BucketRows, out: str, bucket: int) -> None:
    cols = ["story_id", "first_seen", "last_seen", "articles", "outlets", "article_ids", "brief_article_ids",
            "headline"]
    stories = pd.DataFrame(rows.stories, columns=cols).astype({"articles": "int64", "outlets": "int64"})
    write_table(stories, part_path(out, "stories", bucket))
    briefs = pd.DataFrame(rows.briefs, columns=["story_id", "version", "headline", "headline_source", "key_points",
                                                "summary", "brief"])
    write_table(briefs.astype({"version": "int64"}), part_path(out, "briefs", bucket))
    sources = pd.DataFrame(rows.sources, columns=["story_id", "kind", "point", "article_id", "outlet", "sentence",
                                                  "start", "end", "edits"])
    write_table(sources.astype({"point": "int64", "sentence": "int64", "start": "int64", "end": "int64"}),
                part_path(out, "sources", bucket))
