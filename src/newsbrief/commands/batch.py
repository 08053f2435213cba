"""``newsbrief batch`` (the pipeline over a corpus on Dask) and ``newsbrief load`` (its result into a store)."""

from __future__ import annotations

import json
import os
import sys

import click

from newsbrief import settings
from newsbrief.commands import common
from newsbrief.commands.common import DB, FORMAT, error, handle_errors
from newsbrief.errors import NewsbriefError


def _client(scheduler: str | None, workers: int | None, threads: int):
    """A Dask client: to a running scheduler, or to a local cluster of worker processes."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise NewsbriefError(scheduler, f"cannot reach the Dask scheduler ({exc})") from None
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=threads, processes=True, dashboard_address=":0",
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder for the Parquet result.")
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Run on this Dask scheduler's workers.")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Start a local cluster of N worker processes (default: one per CPU).")
@click.option("--threads-per-worker", "threads", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Threads of each local worker (the pipeline is pure Python: processes scale, threads don't).")
@click.option("--words", type=click.IntRange(20, 5000), default=None,
              help="Summary length in words (default: $NEWSBRIEF_WORDS or 150).")
@click.option("--scorer", default=None, help="Sentence scorer of the briefs (default: $NEWSBRIEF_SCORER or news).")
@click.option("--follow-duplicates", is_flag=True,
              help="Near-duplicates found across the corpus join their first copy's story (as after "
                   "`ingest`); by default stories are exactly those of `cluster --jsonl`.")
@click.option("--window-days", type=click.FloatRange(0, min_open=False), default=0, metavar="D",
              help="Cluster time windows of D days in parallel and stitch them (approximate; see the "
                   "README); by default one exact pass.")
@click.option("--block-mb", type=click.IntRange(1, 4096), default=32, show_default=True,
              help="Size of the pieces an uncompressed JSONL file is read in.")
@click.option("--map", "field_map", multiple=True, metavar="FIELD=COLUMN", help="Name other record fields.")
@FORMAT
@handle_errors
def batch(inputs: tuple[str, ...], out: str, scheduler: str | None, workers: int | None, threads: int,
          words: int | None, scorer: str | None, follow_duplicates: bool, window_days: float, block_mb: int,
          field_map: tuple[str, ...], fmt: str) -> None:
    """Run the whole pipeline over INPUT... (JSONL, .jsonl.gz, CSV or Parquet files, folders, globs)
    on Dask: parse, deduplicate across all shards, cluster into stories, brief every story.
    Writes Parquet tables (articles, stories, briefs, sources) to --out; `newsbrief load` reads them.
    """
    from newsbrief.batch import BatchConfig, run_batch
    from newsbrief.batch.read import expand_inputs
    from newsbrief.ingest.records import parse_map

    if scheduler and workers:
        raise click.UsageError("give either --scheduler or --workers, not both")
    try:
        fmap = parse_map(field_map)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    cfg = BatchConfig(block_bytes=block_mb * 2**20, words=words or int(settings.get("NEWSBRIEF_WORDS")),
                      scorer=scorer or settings.get("NEWSBRIEF_SCORER"), field_map=fmap or None,
                      follow_duplicates=follow_duplicates, window_days=window_days)
    expand_inputs(list(inputs))  # a missing input fails now, before a cluster is started
    client, cluster = _client(scheduler, workers, threads)
    try:
        report = run_batch(list(inputs), out, client, cfg)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for item, msg in report.error_sample + report.failed_briefs[:20]:
        error(item, msg)
    if report.errors > len(report.error_sample):
        error("", f"{report.errors - len(report.error_sample)} more records failed (see {out}/errors)")
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        click.echo(f"{report.articles} articles ({report.duplicates} duplicates) -> {report.stories} stories, "
                   f"{report.briefs} briefs; {report.errors} failed; {report.seconds:.1f} s; written to {out}")
    sys.exit(1 if report.errors or report.failed_briefs else 0)


@click.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@DB
@FORMAT
@handle_errors
def load(folder: str, db_path: str | None, fmt: str) -> None:
    """Bring a `newsbrief batch` result (FOLDER) into the store: articles, stories and briefs."""
    from newsbrief.batch.load import load_batch
    from newsbrief.store import Store

    with Store(common.db_path(db_path)) as store:
        summary = load_batch(folder, store)
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(f"{summary['articles']} articles, {summary['stories']} stories, {summary['briefs']} briefs "
                   f"loaded from {folder}")
