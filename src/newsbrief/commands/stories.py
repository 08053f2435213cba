"""``newsbrief stories``, ``story ID``, ``storyline ID``: read the store's story briefs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from newsbrief.commands import common
from newsbrief.commands.articles import SINCE, _since
from newsbrief.commands.common import DB, FORMAT, handle_errors
from newsbrief.errors import NewsbriefError

if TYPE_CHECKING:
    from newsbrief.models import Brief
    from newsbrief.store import Store
    from newsbrief.stories import ArticleRef, StoryDetail, StoryView


def _store(db_path: str | None) -> Store:
    from newsbrief.store import Store

    return Store(common.existing_db(db_path))


def _form(s: StoryView, fmt: str) -> str:
    """A story's stored brief in the seed's form (text) or as Markdown."""
    from newsbrief.models import Brief

    b = Brief.from_dict(s.brief or {})
    return b.to_markdown(level=2) if fmt == "markdown" else b.to_text()


def _sources(s: StoryView, articles: Iterable[ArticleRef] | None = None, title: str = "") -> str:
    lines = ["", (title or f"Sources ({common.plural(s.n_articles, 'article')}, {common.plural(s.n_outlets, 'outlet')})")
             + ":"]
    for a in s.articles or () if articles is None else articles:
        dup = " (copy)" if a.duplicate_of else ""
        lines.append(f"  {a.outlet or '-'} | {(a.published or '')[:16]} | {a.title or '(untitled)'} | "
                     f"{a.url or a.id}{dup}")
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
        click.echo(json.dumps([s.to_dict() for s in rows], ensure_ascii=False, indent=2))
        return
    for s in rows:
        span = f"{(s.first_seen or '')[:10]} .. {(s.last_seen or '')[:10]}"
        head = f"[{s.id}] {common.plural(s.n_articles, 'article')}, {common.plural(s.n_outlets, 'outlet')}, {span}"
        click.echo(("<!-- " + head + " -->\n" if fmt == "markdown" else head + "\n") + _form(s, fmt))


def _update_brief(store: Store, d: StoryDetail) -> Brief | None:
    """What a story's new articles add for a reader of its previous brief version (None for a first one)."""
    from newsbrief.briefing import BriefWriter
    from newsbrief.stories import story_articles

    fresh = set(d.new_articles)
    if len(d.versions) < 2 or not fresh:
        return None
    arts = story_articles(store, d.id)
    new = [a for a in arts if a.id in fresh]
    try:
        return BriefWriter().write(new, d.id, seen=[a.text for a in arts if a.id not in fresh]) if new else None
    except NewsbriefError:
        return None  # nothing briefable in the new articles: the key point changes still show


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
    from newsbrief.stories import get_story, reported_by, story_articles, story_why

    with _store(db_path) as store:
        d = get_story(store, story_id)
        if d is None:
            raise NewsbriefError(story_id, "no such story")
        if with_facts:  # the facts of the brief shown: the stored one, not a fresh brief
            from newsbrief.facts import facts_of_stored

            d = replace(d, facts=facts_of_stored(d.brief, story_articles(store, story_id)))
        update = _update_brief(store, d) if changes else None
        reasons = story_why(store, d.id) if why else None
    if fmt == "json":
        out = d.to_dict()
        if update is not None:
            out["update"] = update.to_dict()
        if reasons is not None:
            out["why"] = reasons
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    brief = d.brief or {}
    if changes:
        prev = d.versions[1].version if len(d.versions) > 1 else None
        click.echo(f"What's new in version {d.version}" + (f" (since version {prev}):" if prev else
                                                           " (first version: everything):"))
        for s in d.changes if prev else [p["text"] for p in brief.get("key_points", [])]:
            click.echo(f"- {s}")
        if update:
            click.echo("\nUpdate brief (what the new articles add):\n" + update.summary_text)
            click.echo("Update brief sources: " + "; ".join(
                f"{c.outlet or '-'} {c.article_id} #{c.sentence_index}" for p in update.summary for c in p.citations[:1]))
        fresh = set(d.new_articles)
        if fresh:
            click.echo(_sources(d, [a for a in d.articles or () if a.id in fresh], title=f"New sources ({len(fresh)})"),
                       nl=False)
        return
    click.echo(_form(d, fmt), nl=False)
    click.echo("\nKey points " + "; ".join(f"{i + 1}: {reported_by(p)}" for i, p in
                                           enumerate(brief.get("key_points", []))))
    click.echo(_sources(d), nl=False)
    if reasons is not None:
        click.echo("\nWhy each article joined:")
        for r in reasons:
            click.echo("  " + r["line"])
    if with_facts and d.facts:
        from newsbrief.facts import render_facts

        click.echo(render_facts(d.facts, fmt))


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
        positions = None
        if with_facts:  # each story's stored brief, as `story` shows it
            from newsbrief.facts import positions_over_time, stored_brief
            from newsbrief.stories import get_story

            details = [get_story(store, s.story_id) for s in line.stories]
            positions = positions_over_time([stored_brief(x.brief, story_articles(store, x.id))
                                             for x in details if x is not None and x.brief])
    if fmt == "json":
        out = line.to_dict()
        if positions is not None:
            out["positions"] = positions
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"Storyline {line.id}: {line.label}")
    for s in line.stories:
        click.echo(f"  {(s.first_seen or '')[:10]}  [{s.story_id}] {s.headline} ({s.n_articles} articles)")
    for actor, found in (positions or {}).items():
        click.echo(f"{actor}:")
        for p in found:
            click.echo(f"  {p.get('date') or '?'}: {p.get('type', '')} {p.get('object', '')}")
