"""``newsbrief feeds add/list/remove`` and ``newsbrief update`` (poll every feed, ingest, re-cluster)."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import click

from newsbrief.commands import common
from newsbrief.commands.common import DB, FORMAT, handle_errors
from newsbrief.errors import NewsbriefError

if TYPE_CHECKING:
    from newsbrief.store import Store
    from newsbrief.stories import UpdateReport


@click.group("feeds")
def feeds_group() -> None:
    """The feeds that `newsbrief update` polls."""


@feeds_group.command("add")
@click.argument("url")
@click.option("--name", default=None, help="A name to show instead of the feed's title.")
@click.option("--no-check", is_flag=True, help="Add without fetching the URL to check it is a feed.")
@DB
@handle_errors
def add(url: str, name: str | None, no_check: bool, db_path: str | None) -> None:
    """Add the feed at URL (http/https), or every feed of a local OPML file. The URL is fetched
    once to check it is a feed; an HTML page that links to its feed adds that feed."""
    from newsbrief.store import Store
    from newsbrief.urls import is_http, looks_like_url

    if not looks_like_url(url) and os.path.isfile(url):
        _add_opml(url, db_path)
        return
    if not is_http(url):
        raise click.UsageError(f"{url}: a feed is an http(s) URL (or an OPML file)")
    title = None
    if not no_check:
        url, title = _check(url)
    with Store(common.db_path(db_path)) as store:
        feed = store.add_feed(url, name=name, title=title)
    click.echo(f"feed {feed.id}: {feed.label} <{feed.url}>")


def _check(url: str) -> tuple[str, str | None]:
    """Fetch the URL: (the feed's URL, its title); follows an HTML page's feed link once."""
    from newsbrief.fetch import Fetcher
    from newsbrief.ingest.feeds import discover_feeds, parse_feed, sniff

    with Fetcher() as fetcher:
        resp = fetcher.get(url)
        if sniff(resp.content, resp.content_type) == "html":
            found = discover_feeds(resp.content, resp.url)
            if not found:
                raise NewsbriefError(url, "not a feed: it is an HTML page that links to no feed")
            url = found[0]
            resp = fetcher.get(url)
        feed = parse_feed(resp.content, url, resp.url)
    return url, feed.title or None


def _add_opml(path: str, db_path: str | None) -> None:
    from newsbrief.ingest.feeds import parse_opml
    from newsbrief.ingest.sources import read_bytes
    from newsbrief.store import Store

    found = parse_opml(read_bytes(path), path)
    with Store(common.db_path(db_path)) as store:
        for url, title in found:
            store.add_feed(url, title=title or None)
    click.echo(f"{len(found)} feeds added from {path}")


@feeds_group.command("list")
@DB
@FORMAT
@handle_errors
def list_feeds(db_path: str | None, fmt: str) -> None:
    """Each feed with its last success, last error and item count."""
    from newsbrief.store import Store

    with Store(common.db_path(db_path)) as store:
        feeds = store.feeds()
    if fmt == "json":
        click.echo(json.dumps([f.to_dict() for f in feeds], ensure_ascii=False, indent=2))
        return
    if not feeds:
        click.echo("no feeds (add one with: newsbrief feeds add URL)")
        return
    for f in feeds:
        ok = f.last_success or "never"
        err = f"; last error {f.last_error_at}: {f.last_error}" if f.last_error else ""
        line = f"{f.id}. {f.label} <{f.url}>\n   last success {ok}; {f.item_count} items, {f.article_count} articles stored{err}"
        click.echo(f"- {line}" if fmt == "markdown" else line)


@feeds_group.command("remove")
@click.argument("feed")
@DB
@handle_errors
def remove(feed: str, db_path: str | None) -> None:
    """Forget FEED (its id or URL); its articles stay in the store."""
    from newsbrief.store import Store

    with Store(common.db_path(db_path)) as store:
        if not store.remove_feed(feed):
            raise NewsbriefError(feed, "no such feed (see: newsbrief feeds list)")
    click.echo(f"removed {feed}")


@click.command("update")
@DB
@FORMAT
@handle_errors
def update(db_path: str | None, fmt: str) -> None:
    """Poll every feed (conditional GET), store new articles, then cluster and re-brief the
    stories. Exit 1 if any feed or page failed (each is recorded, see `feeds list`)."""
    from newsbrief.collect import Ingestor
    from newsbrief.commands.ingest import print_report
    from newsbrief.progress import Progress
    from newsbrief.store import Store

    with Store(common.db_path(db_path)) as store:
        feeds = store.feeds()
        if not feeds:
            click.echo("no feeds to poll (add one with: newsbrief feeds add URL)", err=True)
        with Progress(label="update") as progress:
            report = Ingestor(store, progress=progress).poll(feeds)
        stories = _update_stories(store)
    if fmt == "json":
        click.echo(json.dumps({**report.to_dict(), "stories": stories and stories.to_dict()}, ensure_ascii=False,
                              indent=2, default=str))
    else:
        print_report(report, fmt, label="update")
        if stories is not None:
            click.echo("stories: " + _stories_line(stories))
    sys.exit(1 if report.failed else 0)


def _update_stories(store: Store) -> UpdateReport | None:
    """Cluster the new articles into stories and re-brief what changed; its summary (tests that
    are about feeds alone replace this step by one that returns None)."""
    from newsbrief.stories import update_stories

    return update_stories(store)


def _stories_line(summary: UpdateReport) -> str:
    from newsbrief.commands.cluster import summary_line

    return summary_line(summary)
