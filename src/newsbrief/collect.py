"""Ingestion: sources -> articles -> the store, in batches, one failing input never stopping the rest.

A source is a file, a folder (recursive), a glob, ``-`` (stdin), an http(s) URL of a page or a
feed, a feed file (RSS 2.0, RSS 1.0, Atom, JSON Feed), an OPML list, or a JSONL/CSV export. A
feed item that carries only a summary has its page fetched and extracted. Each article gets a
published time in UTC (metadata; else a date at the top of its text; else the ingest time, marked
estimated) and an outlet (feed title or site name; else the domain).

The ingest service: it sits above the pure readers (``newsbrief.ingest``), the fetcher and the store.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit

from newsbrief.dedup import signature
from newsbrief.errors import NewsbriefError
from newsbrief.fetch import Fetcher, Response
from newsbrief.ingest.document import parse_document
from newsbrief.ingest.feeds import FeedItem, ParsedFeed, discover_feeds, parse_feed, parse_opml, sniff
from newsbrief.ingest.records import Record, iter_records, record_articles
from newsbrief.ingest.sources import RECORD_EXTS, expand, read_bytes
from newsbrief.models import Article
from newsbrief.progress import Progress
from newsbrief.store import FeedRow, IngestReport, Store, StoreItem
from newsbrief.timeutil import date_in_text, iso
from newsbrief.urls import canonical_url, domain, id_for_key, id_for_url, is_http, looks_like_url

FEED_KINDS = ("rss", "rdf", "atom", "jsonfeed")
# One transaction per this many articles: a killed run loses at most one batch of work (never
# a half-written article), and other writers wait at most one batch (~0.2 s) for the lock.
BATCH_SIZE = 500
# A feed body with at least this many words is the article itself; shorter is a summary, and
# the page is fetched. Summaries run 20-80 words; full-text feeds carry 200+.
FULL_TEXT_WORDS = 150
# Pages fetched per feed per run. Real feeds carry 10-100 items; thousands of summary-only items
# would hammer one site for an hour. The rest are fetched by the next run (stored ones are skipped).
MAX_PAGE_FETCHES = 300
FEEDS_AT_ONCE = 32


class Ingestor:
    """Runs sources into a store. ``field_map`` renames record columns (``--map``)."""

    def __init__(self, store: Store, *, field_map: dict[str, str] | None = None, progress: Progress | None = None,
                 fetcher: Fetcher | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.store = store
        self.field_map = field_map or {}
        self.progress = progress or Progress(tty=False)
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None
        self.batch_size = batch_size
        self.report = IngestReport()
        self._pending: list[StoreItem] = []
        self._seen: set[str] = set()
        self._writer: ThreadPoolExecutor | None = None
        self._inflight: Future[IngestReport] | None = None
        self._inflight_size = 0

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
        return self._fetcher

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
                self._writer = None
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    # -- bookkeeping ------------------------------------------------------------------------------

    def _fail(self, item: str, message: str) -> None:
        self.report.failed.append((item, message))
        self.progress.error(item, message)

    def _add(self, article: Article, canonical: str = "", feed_id: int | None = None) -> None:
        if article.id in self._seen:  # the same item twice in one run (two feeds, a repeated file)
            self.report.unchanged += 1
            return
        self._seen.add(article.id)
        article = _finish(article)
        self._pending.append(StoreItem(article, canonical, feed_id, signature(article.text)))
        self.progress.advance()
        if len(self._pending) >= self.batch_size:
            self._submit()

    def _submit(self) -> None:
        """Hand the pending batch to the writer thread (after the one before it is committed).
        sqlite3 lets go of the GIL while SQLite works, so the next batch is read and signed
        while this one is indexed: ~1.6x the speed of doing both in turn on two cores."""
        self._sync()
        if self._pending:
            batch, self._pending = self._pending, []
            if self._writer is None:
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbrief-store")
            self._inflight = self._writer.submit(self.store.add_articles, batch)
            self._inflight_size = len(batch)

    def _sync(self) -> None:
        """Wait for the batch in flight (call before any other use of the store)."""
        if self._inflight is not None:
            future, self._inflight = self._inflight, None
            try:
                self.report.merge(future.result())
            except NewsbriefError as exc:  # e.g. the store stayed locked: the whole batch is not stored
                self._fail(exc.item, f"{exc.message} ({self._inflight_size} articles not stored)")

    def flush(self) -> None:
        """Commit every pending article, and wait until it is committed."""
        self._submit()
        self._sync()

    # -- sources ----------------------------------------------------------------------------------

    def ingest(self, sources: Sequence[str], stdin: bytes | None = None) -> IngestReport:
        """Read every source; returns the run's report (failures included, never raised)."""
        try:
            for src in sources:
                self.progress.source(src)
                self._guard(self._source, src, stdin)
            self.flush()
        finally:
            self.close()
            self.progress.finish()
        return self.report

    def _source(self, src: str, stdin: bytes | None) -> None:
        if src == "-":
            self._bytes(stdin or b"", "<stdin>")
            return
        if looks_like_url(src):
            if not is_http(src):
                raise NewsbriefError(src, "only http(s) URLs are fetched (give a local file as a path)")
            self._url(src)
            return
        files, skipped = expand(src)
        if skipped:
            self.progress.info(f"{src}: skipped {skipped} hidden files or files of other kinds")
        for path in files:
            self._guard(self._file, path)

    def _file(self, path: str) -> None:
        if path.lower().endswith(RECORD_EXTS):
            try:
                with open(path, "rb") as f:
                    self._records(iter_records(f, path), path)
            except OSError as exc:
                raise NewsbriefError(path, exc.strerror or str(exc)) from None
            return
        self._bytes(read_bytes(path), path, file_id=id_for_key("file:" + os.path.abspath(path)))

    def _bytes(self, data: bytes, item: str, url: str = "", content_type: str = "", file_id: str = "") -> None:
        kind = sniff(data, content_type)
        if kind in FEED_KINDS or kind == "xml":
            self._feed(parse_feed(data, item, url), item, url)
        elif kind == "opml":
            for feed_url, _title in parse_opml(data, item):
                self._guard(self._url, feed_url, expect_feed=True)
        elif kind == "json":
            self._records(_json_records(data, item), item)
        else:
            page = read_document(data, item, url)
            if is_http(item):  # a page fetched from ``item``; ``url`` is where redirects ended
                self._add(replace(page, id=id_for_url(item), url=item, source=item), _page_canonical(page.url, url or item))
            else:
                self._add(replace(page, id=file_id or page.id, source=item))

    def _guard(self, fn: Callable[..., object], item: str, *args: object, **kwargs: object) -> None:
        """``fn(item, ...)``, its failure recorded against its input, never raised: a reader that
        trips over hostile bytes in a way nobody foresaw still costs one input, not the run."""
        try:
            fn(item, *args, **kwargs)
        except NewsbriefError as exc:
            self._fail(exc.item, exc.message)
        except (sqlite3.Error, MemoryError):
            raise  # the store or the machine, not the input: stop
        except Exception as exc:  # noqa: BLE001 - see the docstring
            self._fail(item, f"unexpected {type(exc).__name__} while reading it: {str(exc)[:120]}")

    def _records(self, records: Iterable[Record], name: str) -> None:
        for item, rec in records:
            if isinstance(rec, NewsbriefError):
                self._fail(rec.item, rec.message)
                continue
            self._guard(self._record, item, rec, name)

    def _record(self, item: str, rec: dict, name: str) -> None:
        for art in record_articles(rec, item, self.field_map, source=name):
            self._add(art)

    def _url(self, url: str, expect_feed: bool = False) -> None:
        resp = self.fetcher.get(url)
        kind = sniff(resp.content, resp.content_type)
        if kind in FEED_KINDS or (expect_feed and kind != "html"):
            self._sync()
            registered = self.store.get_feed(url)
            self._feed(parse_feed(resp.content, url, resp.url), url, resp.url, registered.id if registered else None)
        elif expect_feed:
            raise NewsbriefError(url, _not_a_feed(resp))
        elif urlsplit(resp.url).path.lower().endswith(RECORD_EXTS):
            self._records(iter_records(resp.content, urlsplit(resp.url).path), url)
        else:
            self._bytes(resp.content, url, resp.url, resp.content_type)

    # -- feeds ------------------------------------------------------------------------------------

    def _feed(self, feed: ParsedFeed, item: str, url: str = "", feed_id: int | None = None) -> int:
        """Store a parsed feed's items (fetching pages for summary-only items); the number that failed."""
        failed_before = len(self.report.failed)
        if feed.warning:
            self.progress.warn(item, feed.warning)
        outlet = feed.title or domain(url or feed.link)
        self._sync()
        known = self.store.known_ids(id_for_url(it.link) for it in feed.items if is_http(it.link))
        to_fetch: list[FeedItem] = []
        unchanged: list[str] = []
        for n, it in enumerate(feed.items, 1):
            link = it.link if is_http(it.link) else ""
            body = it.body.strip()
            if len(body.split()) >= FULL_TEXT_WORDS or (not link and body):
                aid = id_for_url(link) if link else id_for_key(f"guid:{url or item}:{it.guid}" if it.guid else "text:" + body)
                self._add(Article(id=aid, text=body, title=it.title, url=link, outlet=outlet, published=it.published,
                                  lang=it.lang or feed.lang or "en", authors=it.authors, source=url or item),
                          feed_id=feed_id)
            elif not link:
                self._fail(f"{item} (item {n})", "feed item has no text and no link to its page")
            elif id_for_url(link) in known and not (it.updated and iso(it.updated) > known[id_for_url(link)]):
                self.report.unchanged += 1
                unchanged.append(id_for_url(link))
            else:
                to_fetch.append(it)
        if feed_id is not None and unchanged:
            self._sync()
            self.store.link_feed(feed_id, unchanged)
        if len(to_fetch) > MAX_PAGE_FETCHES:
            self.progress.warn(item, f"{len(to_fetch)} items need their page fetched; fetching {MAX_PAGE_FETCHES} "
                                     "now, the rest on the next run")
            to_fetch = to_fetch[:MAX_PAGE_FETCHES]
        by_link = {it.link: it for it in to_fetch}
        for link, resp in self.fetcher.get_many(by_link):
            if isinstance(resp, NewsbriefError):
                self._fail(resp.item, resp.message)
                continue
            self._guard(self._item_page, link, resp, by_link[link], outlet, feed.lang, url or item, feed_id)
        return len(self.report.failed) - failed_before

    def _item_page(self, link: str, resp: Response, it: FeedItem, outlet: str, lang: str, source: str,
                   feed_id: int | None) -> None:
        """A feed item's fetched page -> its article (the feed's title, time and authors first)."""
        page = read_document(resp.content, link, resp.url)
        self._add(replace(page, id=id_for_url(link), url=link, title=it.title or page.title, outlet=outlet or page.outlet,
                          published=it.published or page.published, authors=it.authors or page.authors,
                          lang=page.lang or it.lang or lang or "en", source=source),
                  _page_canonical(page.url, resp.url), feed_id)

    def poll(self, feeds: Sequence[FeedRow]) -> IngestReport:
        """``update``: poll registered feeds (conditional GET, concurrently), store new items,
        and record each feed's success or error. A feed whose items partly failed keeps no ETag,
        so that the next poll reads it in full and retries them."""
        try:
            for feed, resp in zip(feeds, self._get_feeds(feeds), strict=True):
                self.progress.source(feed.url)
                if isinstance(resp, NewsbriefError):
                    self._feed_failed(feed, resp.message)
                    continue
                if resp.not_modified:
                    self.progress.info(f"{self.progress.label}: {feed.url}: not modified")
                    self._sync()
                    self.store.record_poll(feed.id)
                    continue
                if sniff(resp.content, resp.content_type) == "html":
                    self._feed_failed(feed, _not_a_feed(resp))
                    continue
                try:
                    parsed = parse_feed(resp.content, feed.url, resp.url)
                except NewsbriefError as exc:
                    self._feed_failed(feed, exc.message)
                    continue
                failed = self._feed(parsed, feed.url, resp.url, feed.id)
                self.flush()  # the items are committed before the poll's state is recorded
                self.store.record_poll(feed.id, etag=None if failed else resp.etag,
                                       last_modified=None if failed else resp.last_modified,
                                       item_count=len(parsed.items), title=parsed.title or None,
                                       site_url=parsed.link or None)
        finally:
            self.close()
            self.progress.finish()
        return self.report

    def _get_feeds(self, feeds: Sequence[FeedRow]) -> Iterator[Response | NewsbriefError]:
        # A few dozen at a time: concurrent enough, and never every feed's body in memory at once.
        for i in range(0, len(feeds), FEEDS_AT_ONCE):
            for _url, resp in self.fetcher.get_many((f.url, f.etag, f.last_modified) for f in feeds[i:i + FEEDS_AT_ONCE]):
                yield resp

    def _feed_failed(self, feed: FeedRow, message: str) -> None:
        self._fail(feed.url, message)
        self._sync()
        self.store.record_poll(feed.id, error=message)


def read_document(data: bytes, item: str, url: str = "") -> Article:
    """``parse_document``, with the UnicodeError it lets out on a truncated UTF-16 body (found
    by the fuzz test) turned into a NewsbriefError like every other bad input."""
    try:
        return parse_document(data, item, url)
    except UnicodeError as exc:
        raise NewsbriefError(item, f"not valid text ({getattr(exc, 'reason', exc)})") from None


def _finish(a: Article) -> Article:
    """Fill what metadata left out: a date from the text, the outlet from the domain."""
    published = a.published or (date_in_text(a.text) if not a.published_estimated else None)
    return replace(a, published=published, outlet=a.outlet or domain(a.url))  # the store adds the hash


def _page_canonical(meta_url: str, fetched_url: str) -> str:
    """The page's own canonical URL when it is believable, else the URL it was fetched from.
    (Some sites declare their home page as every article's canonical URL.)"""
    meta = canonical_url(meta_url)
    if meta and (urlsplit(meta).path not in ("", "/") or urlsplit(fetched_url).path in ("", "/")):
        return meta
    return canonical_url(fetched_url)


def _not_a_feed(resp: Response) -> str:
    found = discover_feeds(resp.content, resp.url)
    hint = f"; it links to a feed: {found[0]}" if found else ""
    return f"not a feed: it is an HTML page{hint}"


def _json_records(data: bytes, item: str) -> Iterator[Record]:
    """A JSON file: one record (an object) or a list of them."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        yield item, NewsbriefError(item, f"not JSON: {exc}")
        return
    rows = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(rows):
        name = f"{item}[{i}]" if isinstance(doc, list) else item
        yield name, rec if isinstance(rec, dict) else NewsbriefError(name, "a record must be a JSON object")
