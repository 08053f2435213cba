"""``newsbrief serve``: the local news site, its JSON API and Atom feeds (read-only)."""

from __future__ import annotations

import os

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, handle_errors
from newsbrief.errors import NewsbriefError


@click.command("serve")
@DB
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the site to your network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--access-log/--no-access-log", default=False, help="Log every request on stderr.")
@click.option("--cache-entries", type=click.IntRange(0), default=512, show_default=True,
              help="Rendered pages kept in memory until the store changes (0: render every request).")
@handle_errors
def serve(db_path: str | None, host: str, port: int, access_log: bool, cache_entries: int) -> None:
    """Serve the stories, articles, search and feeds as a web site with a JSON twin of every page
    (add .json to the path), API docs at /docs and Atom feeds at /feed.atom. Read-only."""
    import uvicorn

    from newsbrief.store import Store
    from newsbrief.web import create_app

    path = common.db_path(db_path)
    if not os.path.isfile(path):
        raise NewsbriefError(path, "no store here (create one with: newsbrief ingest SOURCE...)")
    try:  # bring the schema up to date once, so that every table the pages read exists
        Store(path).close()
    except NewsbriefError:
        pass  # a store we cannot write (read-only file): serve it as it is
    app = create_app(path, cache_entries=cache_entries)
    shown = f"[{host}]" if ":" in host else host
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"newsbrief: warning: listening on {host}: other machines can read this site", err=True)
    click.echo(f"newsbrief: serving {path} at http://{shown}:{port}/ (Ctrl-C to stop)")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=access_log,
                            server_header=False, timeout_graceful_shutdown=3)
    uvicorn.Server(config).run()
