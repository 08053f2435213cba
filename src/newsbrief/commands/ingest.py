"""``newsbrief ingest SOURCE...``: files, folders, globs, stdin, pages, feeds, OPML, JSONL/CSV -> the store."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, FORMAT, handle_errors

if TYPE_CHECKING:  # the store is imported when a command runs, not at CLI start-up
    from newsbrief.store import IngestReport


def print_report(report: IngestReport, fmt: str, label: str = "ingest") -> None:
    """The run's summary on stdout: one line, or a JSON object with every failure."""
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{label}: {report.summary()}")


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=COLUMN,...",
              help="Record columns for JSONL/CSV fields, e.g. --map title=headline,text=body.")
@DB
@FORMAT
@handle_errors
def ingest(sources: tuple[str, ...], mapping: tuple[str, ...], db_path: str | None, fmt: str) -> None:
    """Store articles from each SOURCE: a file, a folder (recursive), a glob, '-' (stdin), an
    http(s) URL of a page or a feed, an RSS/Atom/JSON Feed file, an OPML list, a JSONL/CSV export.

    Items already stored are skipped; changed text at the same URL is stored as a new revision;
    near-duplicates are kept and linked to the first copy. Exit 1 if any input failed.
    """
    from newsbrief.collect import Ingestor
    from newsbrief.ingest.records import parse_map
    from newsbrief.progress import Progress
    from newsbrief.store import Store

    try:
        field_map = parse_map(mapping)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    stdin = sys.stdin.buffer.read() if "-" in sources else None
    with Store(common.db_path(db_path)) as store, Progress() as progress:
        report = Ingestor(store, field_map=field_map, progress=progress).ingest(sources, stdin)
    print_report(report, fmt)
    sys.exit(1 if report.failed else 0)
