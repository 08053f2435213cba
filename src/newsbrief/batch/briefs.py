"""After clustering: each partition writes its articles and sends them to their story's
briefing bucket; each bucket briefs its stories with the same brief writer as the store path."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

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
    df = part.articles.copy()
    df["duplicate_of"] = pd.Series(links, dtype=object)
    df["story_id"] = sl.story
    df["rank"] = sl.rank
    df = df.sort_values("rank", kind="stable").reset_index(drop=True)
    write_table(df, part_path(out, "articles", part.index))
    if part.errors:
        write_table(pd.DataFrame(part.errors, columns=["item", "error"]), part_path(out, "errors", part.index))
    bucket = sl.bucket[np.argsort(sl.rank, kind="stable")]
    slices = [df[bucket == b] for b in range(n_buckets)]
    return slices, {"articles": len(df), "duplicates": int(df["duplicate_of"].notna().sum()),
                    "errors": len(part.errors), "error_sample": part.errors[:20]}


def brief_story(writer, articles: list[Article], story_id: str) -> Brief:
    """The story's brief: the brief writer over all its articles, in publication order."""
    return writer.write(articles, story_id)


@dataclass
class BucketRows:
    stories: list[dict] = field(default_factory=list)
    briefs: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _brief_rows(rows: BucketRows, sid: int, brief: Brief) -> None:
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
    if len(df):
        df = df.sort_values(["story_id", "rank"], kind="stable")
        for sid, g in df.groupby("story_id", sort=True):
            sid = int(sid)
            articles = frame_articles(g)
            pub = g["published"].dropna()
            rows.stories.append({
                "story_id": sid, "first_seen": pub.min() if len(pub) else pd.NaT,
                "last_seen": pub.max() if len(pub) else pd.NaT, "articles": len(g),
                "outlets": int(g["outlet"].replace("", np.nan).nunique()), "article_ids": g["id"].tolist(),
                "headline": "",
            })
            try:
                brief = brief_story(writer, articles, str(sid))
            except NewsbriefError as exc:
                rows.failed.append((f"story {sid}", exc.message))
                continue
            rows.stories[-1]["headline"] = brief.headline
            _brief_rows(rows, sid, brief)
    _write(rows, out, bucket)
    return {"stories": len(rows.stories), "briefs": len(rows.briefs), "failed": rows.failed}


def _write(rows: BucketRows, out: str, bucket: int) -> None:
    stories = pd.DataFrame(rows.stories, columns=["story_id", "first_seen", "last_seen", "articles", "outlets",
                                                  "article_ids", "headline"])
    stories["first_seen"] = pd.to_datetime(stories["first_seen"], utc=True)
    stories["last_seen"] = pd.to_datetime(stories["last_seen"], utc=True)
    write_table(stories.astype({"story_id": "int64", "articles": "int64", "outlets": "int64"}),
                part_path(out, "stories", bucket))
    briefs = pd.DataFrame(rows.briefs, columns=["story_id", "version", "headline", "headline_source", "key_points",
                                                "summary", "brief"])
    write_table(briefs.astype({"story_id": "int64", "version": "int64"}), part_path(out, "briefs", bucket))
    sources = pd.DataFrame(rows.sources, columns=["story_id", "kind", "point", "article_id", "outlet", "sentence",
                                                  "start", "end", "edits"])
    write_table(sources.astype({"story_id": "int64", "point": "int64", "sentence": "int64", "start": "int64",
                                "end": "int64"}), part_path(out, "sources", bucket))
