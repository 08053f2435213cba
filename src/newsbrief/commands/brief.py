"""``newsbrief brief``: the brief of one article, or of several as one story; ``--jsonl`` batch mode."""

from __future__ import annotations

import json
import sys
from typing import BinaryIO

import click

from newsbrief import settings
from newsbrief.commands.common import FORMAT, handle_errors, read_paths
from newsbrief.errors import NewsbriefError
from newsbrief.ingest.records import iter_jsonl
from newsbrief.jsonl import brief_records
from newsbrief.models import Brief


def render(brief: Brief, fmt: str) -> str:
    """A brief in the chosen output format."""
    if fmt == "json":
        return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"
    from newsbrief.facts.render import render_facts

    if fmt == "markdown":
        return brief.to_markdown() + ("\n" + render_facts(brief.facts, fmt) if brief.facts else "")
    return brief.to_text() + ("\n" + render_facts(brief.facts, fmt) if brief.facts else "")


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--jsonl", "jsonl", metavar="FILE|-", help="Batch mode: one JSON record in, one JSON brief out, a line each.")
@FORMAT
@click.option("--words", type=click.IntRange(20, 5000), default=None,
              help="Summary length in words (default: $NEWSBRIEF_WORDS or 150).")
@click.option("--scorer", default=None, help="Sentence scorer: news (default), lead, lexrank.")
@click.option("--facts", "with_facts", is_flag=True, help="Add the key facts (who, where, when, figures, positions).")
@handle_errors
def brief(paths: tuple[str, ...], jsonl: str | None, fmt: str, words: int | None, scorer: str | None,
          with_facts: bool) -> None:
    """Brief PATH... (files, '-' for stdin): one path, one article; several, one story.

    Prints a headline, three '- ' key points and one summary paragraph.
    """
    from newsbrief.briefing import BriefWriter

    words = words or int(settings.get("NEWSBRIEF_WORDS"))
    try:
        writer = BriefWriter(scorer or settings.get("NEWSBRIEF_SCORER"), words=words)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if jsonl:
        if paths:
            raise click.UsageError("give either PATH... or --jsonl, not both")
        stream = sys.stdin.buffer if jsonl == "-" else _open(jsonl)
        failed = 0
        for line in brief_records(iter_jsonl(stream, "stdin" if jsonl == "-" else jsonl), writer, with_facts=with_facts):
            failed += "error" in line
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        sys.exit(1 if failed else 0)
    if not paths:
        raise click.UsageError("give at least one PATH (or - for stdin), or --jsonl FILE")
    articles, failed = read_paths(paths)
    b = writer.write(articles)
    if with_facts:
        from newsbrief.facts import attach_facts

        b = attach_facts(b)
    sys.stdout.write(render(b, fmt))
    sys.exit(1 if failed else 0)


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise NewsbriefError(path, exc.strerror or str(exc)) from None
