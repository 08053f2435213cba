"""``newsbrief cluster``: assign articles to stories (store), or ``--jsonl`` evaluation mode (no store)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, FORMAT, error, handle_errors
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, content_hash

if TYPE_CHECKING:
    from newsbrief.stories import UpdateReport


def record_article(rec: Any, n: int) -> Article:
    """A JSONL record ``{"id", "title"?, "text", "published"?, "source"?, "url"?}`` as an Article."""
    from newsbrief.timeutil import parse_time

    if isinstance(rec, Exception):
        raise NewsbriefError(f"line {n}", f"not JSON: {rec}")
    if not isinstance(rec, dict):
        raise NewsbriefError(f"line {n}", "a record must be a JSON object")
    rid = rec.get("id")
    if rid is None or rid == "":
        raise NewsbriefError(f"line {n}", "record has no 'id'")
    text, title = rec.get("text") or "", rec.get("title") or ""
    if not isinstance(text, str) or not isinstance(title, str):
        raise NewsbriefError(str(rid), "'text' and 'title' must be strings")
    if not text.strip() and not title.strip():
        raise NewsbriefError(str(rid), "record has neither 'text' nor 'title'")
    published = _time(rec.get("published") or rec.get("date"), parse_time)
    return Article(id=str(rid), text=text, title=title, url=str(rec.get("url") or ""),
                   outlet=str(rec.get("source") or rec.get("outlet") or ""), published=published,
                   content_hash=content_hash(text) if text.strip() else "",
                   duplicate_of=rec.get("duplicate_of") or None)


def _time(value: Any, fallback) -> datetime | None:
    """ISO 8601 as given (evaluation sets may be dated anywhere), else the ingest's parser."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    return fallback(value)


def read_records(stream) -> tuple[list[Any], list[Article | NewsbriefError]]:
    """Every record's id (for output) and its Article, or the error that stops it."""
    from newsbrief.jsonl import iter_jsonl

    ids: list[Any] = []
    items: list[Article | NewsbriefError] = []
    for n, rec in iter_jsonl(stream):
        ids.append(rec.get("id") if isinstance(rec, dict) else None)
        try:
            items.append(record_article(rec, n))
        except NewsbriefError as exc:
            items.append(exc)
    return ids, items


@click.command("cluster")
@click.option("--jsonl", "jsonl", metavar="FILE|-",
              help="Evaluation mode, no store: cluster these records in publication order, write "
                   '{"id", "story"} lines in input order.')
@DB
@FORMAT
@handle_errors
def cluster(jsonl: str | None, db_path: str | None, fmt: str) -> None:
    """Assign the store's new articles to stories (then re-brief and link storylines).

    With --jsonl FILE|-, cluster a JSONL file of articles instead, with no store.
    """
    if jsonl:
        _jsonl_mode(jsonl)
        return
    from newsbrief.store import Store
    from newsbrief.stories import update_stories

    with Store(common.db_path(db_path)) as store:
        summary = update_stories(store)
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        click.echo(summary_line(summary))


def summary_line(s: UpdateReport) -> str:
    """One line saying what an update of the stories did."""
    return (f"{s.articles} articles clustered: {s.new_stories} new stories, {s.grown_stories} grown, "
            f"{s.merged_stories} merged, {s.briefs} briefs written, {s.storylines} storylines")


def _jsonl_mode(path: str) -> None:
    from newsbrief.cluster import cluster_articles

    if path == "-":
        ids, items = read_records(sys.stdin)
    else:
        try:
            with open(path, encoding="utf-8") as f:
                ids, items = read_records(f)
        except OSError as exc:
            raise NewsbriefError(path, exc.strerror or str(exc)) from None
    good = [(k, it) for k, it in enumerate(items) if isinstance(it, Article)]
    stories = cluster_articles([a for _, a in good])
    story_of = {k: s for (k, _), s in zip(good, stories, strict=True)}
    failed = 0
    out = sys.stdout
    for k, it in enumerate(items):
        if isinstance(it, NewsbriefError):
            failed += 1
            error(it.item, it.message)
            out.write(json.dumps({"id": ids[k], "error": it.message}, ensure_ascii=False) + "\n")
        else:
            out.write(json.dumps({"id": ids[k], "story": story_of[k]}, ensure_ascii=False) + "\n")
    out.flush()
    sys.exit(1 if failed else 0)
