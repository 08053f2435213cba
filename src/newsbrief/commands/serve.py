"""``newsbrief serve``: the local news site, its JSON API and Atom feeds (read-only)."""

from __future__ import annotations

import os
import threading

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, handle_errors
from newsbrief.errors import NewsbriefError
from newsbrief.live.schedule import format_interval


@click.command("serve")
@DB
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the site to your network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--access-log/--no-access-log", default=False, help="Log every request on stderr.")
@click.option("--cache-entries", type=click.IntRange(0), default=512, show_default=True,
              help="Rendered pages kept in memory until the store changes (0: render every request).")
@click.option("--update-every", "update_every", default=None, metavar="INTERVAL",
              help="Live mode: poll the feeds in the background (each when due: this interval, or longer when "
                   "the feed asks or fails), re-cluster and re-brief, e.g. 15m.")
@handle_errors
def serve(db_path: str | None, host: str, port: int, access_log: bool, cache_entries: int,
          update_every: str | None) -> None:
    """Serve the stories, articles, search and feeds as a web site with a JSON twin of every page
    (add .json to the path), API docs at /docs and Atom feeds at /feed.atom. The site never writes;
    with --update-every a background poller updates the store while it serves."""
    from newsbrief.live.runner import stop_on_signals
    from newsbrief.live.schedule import parse_interval
    from newsbrief.store import Store
    from newsbrief.web.server import make_server

    interval = None
    if update_every is not None:
        try:
            interval = parse_interval(update_every)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--update-every") from None
    from newsbrief.web import create_app

    path = common.db_path(db_path)
    if not os.path.isfile(path):
        raise NewsbriefError(path, "no store here (create one with: newsbrief ingest SOURCE...)")
    if interval and not os.access(path, os.W_OK):
        raise NewsbriefError(path, "--update-every writes to the store, and this file is read-only")
    try:  # bring the schema up to date once, so that every table the pages read exists
        Store(path).close()
    except NewsbriefError:
        pass  # a store we cannot write (read-only file): serve it as it is
    app = create_app(path, cache_entries=cache_entries)
    shown = f"[{host}]" if ":" in host else host
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"newsbrief: warning: listening on {host}: other machines can read this site", err=True)
    click.echo(f"newsbrief: serving {path} at http://{shown}:{port}/ (Ctrl-C to stop)")
    stop = threading.Event()
    server = make_server(app, stop, host=host, port=port, log_level="warning", access_log=access_log,
                         server_header=False, timeout_graceful_shutdown=3)
    # our handlers for SIGTERM/SIGINT: uvicorn restores them and re-raises the signal once it has
    # shut down, so the process ends here, after the poller's write, not killed in the middle of it
    with stop_on_signals(stop, force=False):
        poller = _start_poller(path, interval, stop) if interval else None
        server.run()
        stop.set()
    with stop_on_signals(stop):  # now a second Ctrl-C interrupts the wait
        if poller is not None and poller.is_alive():
            click.echo("newsbrief: stopping: letting the current update finish its write", err=True)
            poller.join()
    click.echo("newsbrief: stopped", err=True)


def _start_poller(path: str, interval: float, stop: threading.Event) -> threading.Thread:
    """The live poller in a background thread: its own store connection, one line per round."""
    from newsbrief.live.runner import Runner
    from newsbrief.live.schedule import Scheduler

    runner = Runner(path, Scheduler(interval), stop=stop, log=lambda line: click.echo(f"newsbrief: {line}", err=True))
    thread = threading.Thread(target=runner.run, name="newsbrief-poller", daemon=True)
    thread.start()
    click.echo(f"newsbrief: live: polling the feeds every {format_interval(interval)}", err=True)
    return thread
