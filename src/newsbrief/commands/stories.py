"""``newsbrief stories``, ``story ID``, ``storyline ID``: read the store's story briefs."""

from __future__ import annotations

import json

import click

from newsbrief.commands import common
from newsbrief.commands.articles import SINCE, _since
from newsbrief.commands.common import DB, FORMAT, handle_errors
from newsbrief.errors import NewsbriefError


def _store(db_path: str | None):
    from newsbrief.store import Store

    return Store(common.db_path(db_path))


def _form(d: dict, fmt: str) -> str:
    """A stored brief dict in the seed's form (text) or as Markdown."""
    b = d["brief"]
    pts = [p["text"] for p in b["key_points"]]
    if fmt == "markdown":
        return f"## {b['headline']}\n\n" + "".join(f"- {p}\n" for p in pts) + f"\n{b['summary']['text']}\n"
    return b["headline"] + "\n" + "".join(f"- {p}\n" for p in pts) + b["summary"]["text"] + "\n"


def _sources(d: dict, title: str = "") -> str:
    lines = ["", (title or f"Sources ({d['n_articles']} articles, {d['n_outlets']} outlets)") + ":"]
    for a in d["articles"]:
        dup = " (copy)" if a.get("duplicate_of") else ""
        lines.append(f"  {a['outlet'] or '-'} | {(a['published'] or '')[:16]} | {a['title'] or '(untitled)'} | "
                     f"{a['url'] or a['id']}{dup}")
    return "\n".join(lines) + "\n"


@click.command()
@SINCE
@click.option("--min-outlets", type=int, default=1, show_default=True, help="Only stories from at least N outlets.")
@click.option("--limit", type=int, default=0, help="At most N stories (default: all).")
@click.option("--offset", type=int, default=0)
@DB
@FORMAT
@handle_errors
def stories(since: str | None, min_outlets: int, limit: int, offset: int, db_path: str | None, fmt: str) -> None:
    """List stories, ranked by size, outlets and recency (see README: Stories)."""
    from newsbrief.stories import list_stories

    with _store(db_path) as store:
        rows = list_stories(store, since=_since(since), min_outlets=min_outlets, limit=limit or None, offset=offset)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for d in rows:
        span = f"{(d['first_seen'] or '')[:10]} .. {(d['last_seen'] or '')[:10]}"
        head = f"[{d['id']}] {d['n_articles']} articles, {d['n_outlets']} outlets, {span}"
        click.echo(("<!-- " + head + " -->\n" if fmt == "markdown" else head + "\n") + _form(d, fmt))


@click.command()
@click.argument("story_id")
@click.option("--changes", is_flag=True, help="Show what is new since the brief's previous version.")
@click.option("--facts", "with_facts", is_flag=True, help="Add the key facts of the brief.")
@click.option("--why", "why", is_flag=True,
              help="Why each article joined the story: shared names, numbers, dates and the similarity.")
@DB
@FORMAT
@handle_errors
def story(story_id: str, changes: bool, with_facts: bool, why: bool, db_path: str | None, fmt: str) -> None:
    """Print one story's brief in the seed's form, then its sources."""
    from newsbrief.stories import get_story, reported_by, story_articles

    with _store(db_path) as store:
        d = get_story(store, story_id)
        if d is None:
            raise NewsbriefError(story_id, "no such story")
        if with_facts:
            from newsbrief.briefing import BriefWriter
            from newsbrief.facts import attach_facts

            d["facts"] = attach_facts(BriefWriter().write(story_articles(store, story_id), story_id)).facts
        if why:
            d["why"] = story_why(store, story_id)
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    if changes:
        prev = d["versions"][1]["version"] if len(d["versions"]) > 1 else None
        click.echo(f"What's new in version {d['version']}" + (f" (since version {prev}):" if prev else
                                                               " (first version: everything):"))
        for s in d["changes"] if prev else [p["text"] for p in d["brief"]["key_points"]]:
            click.echo(f"- {s}")
        fresh = set(d.get("new_articles") or [])
        if fresh:
            click.echo(_sources({**d, "articles": [a for a in d["articles"] if a["id"] in fresh]},
                                title=f"New sources ({len(fresh)})"), nl=False)
        return
    click.echo(_form(d, fmt), nl=False)
    click.echo("\nKey points " + "; ".join(f"{i + 1}: {reported_by(p)}" for i, p in
                                           enumerate(d["brief"]["key_points"])))
    click.echo(_sources(d), nl=False)
    if why:
        click.echo("\nWhy each article joined:")
        for r in d["why"]:
            click.echo("  " + r["line"])
    if with_facts and d.get("facts"):
        from newsbrief.facts import render_facts

        click.echo(render_facts(d["facts"], fmt))


def story_why(store, story_id: str) -> list[dict]:
    """The JSON form of :func:`newsbrief.cluster_explain.explain_story` for a stored story."""
    from dataclasses import asdict

    from newsbrief.cluster_explain import explain_story
    from newsbrief.stories import load_engine, story_articles

    engine, _ = load_engine(store)
    why = explain_story(story_id, story_articles(store, story_id), engine)  # story_articles takes 12 or s12
    return [{**asdict(r), "line": r.line()} for r in why.reasons]


@click.command()
@click.argument("storyline_id")
@click.option("--facts", "with_facts", is_flag=True, help="Each actor's positions over time.")
@DB
@FORMAT
@handle_errors
def storyline(storyline_id: str, with_facts: bool, db_path: str | None, fmt: str) -> None:
    """A storyline: its stories as a dated timeline of headlines."""
    from newsbrief.stories import get_storyline, story_articles

    with _store(db_path) as store:
        line = get_storyline(store, storyline_id)
        if line is None:
            raise NewsbriefError(storyline_id, "no such storyline")
        if with_facts:
            from newsbrief.briefing import BriefWriter
            from newsbrief.facts import positions_over_time

            briefs = [BriefWriter().write(story_articles(store, s["story_id"]), s["story_id"]) for s in line["stories"]]
            line["positions"] = positions_over_time(briefs)
    if fmt == "json":
        click.echo(json.dumps(line, ensure_ascii=False, indent=2))
        return
    click.echo(f"Storyline {line['id']}: {line['label']}")
    for s in line["stories"]:
        click.echo(f"  {(s['first_seen'] or '')[:10]}  [{s['story_id']}] {s['headline']} ({s['n_articles']} articles)")
    for actor, positions in (line.get("positions") or {}).items():
        click.echo(f"{actor}:")
        for p in positions:
            click.echo(f"  {p.get('date') or '?'}: {p.get('type', '')} {p.get('object', '')}")
