"""``newsbrief articles`` (what is stored) and ``newsbrief search QUERY`` (full text, bm25)."""

from __future__ import annotations

import json
from datetime import datetime

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, FORMAT, handle_errors

SINCE = click.option("--since", default=None, metavar="24h|7d|2025-06-01",
                     help="Only articles published since then (a duration back from now, or a date).")
OUTLET = click.option("--outlet", default=None, help="Only articles from this outlet (case-insensitive).")


def _since(value: str | None) -> datetime | None:
    from newsbrief.timeutil import parse_since

    if value is None:
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None


def _when(published: str | None, estimated: bool = False) -> str:
    return ((published or "")[:16].replace("T", " ") or "-") + ("~" if estimated else "")


@click.command("articles")
@SINCE
@OUTLET
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many (0: all).")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many first.")
@click.option("--with-text", is_flag=True, help="Include each article's text (json, markdown).")
@DB
@FORMAT
@handle_errors
def articles(since: str | None, outlet: str | None, limit: int, offset: int, with_text: bool, db_path: str | None,
             fmt: str) -> None:
    """List stored articles, newest first. A '~' after the time: no date was found, it is the
    ingest time. --format json prints a JSON list of article objects."""
    from newsbrief.store import Store

    with Store(common.db_path(db_path)) as store:
        rows = store.article_rows(since=_since(since), outlet=outlet, limit=limit or None, offset=offset,
                                  with_text=with_text)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        dup = f" (duplicate of {r['duplicate_of']})" if r["duplicate_of"] else ""
        when = _when(r["published"], r["published_estimated"])
        if fmt == "markdown":
            title = f"[{r['title'] or r['id']}]({r['url']})" if r["url"] else (r["title"] or r["id"])
            click.echo(f"- **{title}** — {r['outlet'] or '?'}, {when}, `{r['id']}`{dup}")
            if with_text:
                click.echo("\n  " + r["text"].replace("\n", "\n  ") + "\n")
        else:
            click.echo(f"{when}  {r['id']}  {r['outlet'] or '-'}  {r['title'] or '(untitled)'}{dup}")
    if not rows and fmt == "text":
        click.echo("no articles", err=True)


@click.command("search")
@click.argument("query")
@SINCE
@OUTLET
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="At most this many results.")
@DB
@FORMAT
@handle_errors
def search(query: str, since: str | None, outlet: str | None, limit: int, db_path: str | None, fmt: str) -> None:
    """Search titles and texts (SQLite FTS5: words, "exact phrases", OR, NOT, prefix*), best
    match first, with the matching words highlighted in a snippet."""
    from newsbrief.store import Store

    marks = {"markdown": ("**", "**"), "json": ("<b>", "</b>")}.get(fmt, ("[", "]"))
    with Store(common.db_path(db_path)) as store:
        hits = store.search(query, since=_since(since), outlet=outlet, limit=limit, highlight=marks)
    if fmt == "json":
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    for n, h in enumerate(hits, 1):
        dup = f" (duplicate of {h.duplicate_of})" if h.duplicate_of else ""
        snippet = " ".join(h.snippet.split())
        if fmt == "markdown":
            title = f"[{h.title or h.id}]({h.url})" if h.url else (h.title or h.id)
            click.echo(f"{n}. **{title}** — {h.outlet or '?'}, {_when(h.published)}{dup}\n   > {snippet}")
        else:
            click.echo(f"{n}. {h.title or '(untitled)'} — {h.outlet or '-'}, {_when(h.published)}  [{h.id}]{dup}\n"
                       f"   {snippet}")
    if not hits and fmt == "text":
        click.echo("no matches", err=True)
