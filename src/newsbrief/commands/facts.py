"""``newsbrief facts PATH...``: the key facts of one article, or of several as one story."""

from __future__ import annotations

import json
import sys

import click

from newsbrief.commands.common import FORMAT, handle_errors, read_paths


@click.command()
@click.argument("paths", nargs=-1)
@FORMAT
@click.option("--nlp", type=click.Choice(["auto", "rules", "spacy"]), default="auto", show_default=True,
              help="Names from spaCy too, or the rules only (auto: as NEWSBRIEF_NLP says, default rules).")
@handle_errors
def facts(paths: tuple[str, ...], fmt: str, nlp: str) -> None:
    """Key facts of PATH... (files, '-' for stdin; several paths are one story): who, where, when,
    figures, statements and positions, each citing the sentence it was read from."""
    from newsbrief.facts import facts_of_articles, render_facts

    articles, failed = read_paths(paths)
    try:
        result = facts_of_articles(articles, nlp=nlp)
    except RuntimeError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        result["articles"] = [{"index": i, "id": a.id, "title": a.title, "source": a.source}
                              for i, a in enumerate(articles)]
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        titles = [a.title for a in articles if a.title]
        head = (f"# {titles[0]}\n\n" if fmt == "markdown" else f"{titles[0]}\n") if titles else ""
        sys.stdout.write(head + (render_facts(result, fmt) or "No facts found.\n"))
    sys.exit(1 if failed else 0)
