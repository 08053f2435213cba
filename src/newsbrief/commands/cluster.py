"""``newsbrief cluster``: assign articles to stories (store), or ``--jsonl`` evaluation mode (no store)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, FORMAT, error, handle_errors
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article

if TYPE_CHECKING:
    from newsbrief.stories import UpdateReport


def record_article(rec: dict[str, Any] | NewsbriefError, item: str) -> Article:
    """A JSONL record ``{"id", "title"?, "text", "published"?, "source"?, "url"?, "duplicate_of"?}``
    as an Article, read by the one record reader (its date policy included); a record needs an
    id (the output names it) and a text or a title."""
    from newsbrief.ingest.records import record_articles

    if isinstance(rec, NewsbriefError):
        raise rec
    rid = rec.get("id")
    if rid is None or rid == "":
        raise NewsbriefError(item, "record has no 'id'")
    text, title = rec.get("text"), rec.get("title")
    if not isinstance(text, str | None) or not isinstance(title, str | None):
        raise NewsbriefError(str(rid), "'text' and 'title' must be strings")
    if not (text or "").strip() and not (title or "").strip():
        raise NewsbriefError(str(rid), "record has neither 'text' nor 'title'")
    # one article a record here: a story's 'documents' are not read
    return record_articles({**rec, "documents": None}, str(rid), title_only=True, links=True)[0]


def read_records(stream: BinaryIO, name: str) -> tuple[list[Any], list[Article | NewsbriefError]]:
    """Every record's id (for output) and its Article, or the error that stops it."""
    from newsbrief.ingest.records import iter_jsonl

    ids: list[Any] = []
    items: list[Article | NewsbriefError] = []
    for item, rec in iter_jsonl(stream, name):
        ids.append(rec.get("id") if isinstance(rec, dict) else None)
        try:
            items.append(record_article(rec, item))
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
        ids, items = read_records(sys.stdin.buffer, "stdin")
    else:
        try:
            with open(path, "rb") as f:
                ids, items = read_records(f, path)
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
