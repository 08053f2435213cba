"""Live mode's runner: poll the due feeds under the store's lease, re-cluster and re-brief, and
schedule each feed's next poll; :meth:`Runner.run` does that until told to stop.

Used by ``newsbrief update`` (one round, every feed), ``update --every`` (rounds until SIGTERM or
SIGINT) and ``serve --update-every`` (rounds in a background thread while the site serves).
A stop request is honoured between writes: the feeds of the chunk being polled are stored and
scheduled, then the round ends (the stories catch up in the next run).
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsbrief.errors import NewsbriefError
from newsbrief.fetch import Fetcher, Response
from newsbrief.live import state as st
from newsbrief.live.schedule import Clock, FeedState, Hints, Scheduler, hints_from_headers, rss_ttl
from newsbrief.store import FeedRow, IngestReport, Store

if TYPE_CHECKING:
    from newsbrief.collect import Ingestor
    from newsbrief.progress import Progress

# Feeds polled per chunk: the ingest pipeline's own concurrency (FEEDS_AT_ONCE). A stop request
# and a lost lease are checked between chunks, so this bounds how long stopping can take.
CHUNK = 32
# A lease outlives its holder by at most this long; the holder renews it every LEASE_TTL / 4 while
# it works, so a write that blocks the renewal for a minute or two does not lose it.
LEASE_TTL = 300.0
# While another process holds the lease, ask again this often (it may be a one-off `update`).
LEASE_RETRY = 30.0


def _update_stories(store: Store) -> Any:
    from newsbrief.stories import update_stories

    return update_stories(store)


def _due_clustering(store: Store) -> bool:
    """Articles not clustered yet (this round's, or an interrupted round's) or stories due a brief:
    live mode skips the clustering step (loading the engine's state) when there are none."""
    from newsbrief import story_tables

    last = store.conn.execute("SELECT MAX(seq) FROM articles").fetchone()[0] or 0
    return last > story_tables.cursor(store) or bool(story_tables.dirty(store))


class HintFetcher(Fetcher):
    """A :class:`Fetcher` that also keeps, per requested URL, what its last response said about
    when to come back (``Cache-Control``, ``Retry-After``, RSS ``<ttl>``), errors included."""

    def __init__(self, *args: object, clock: Clock = time.time, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.clock = clock
        self.hints: dict[str, Hints] = {}
        self._current = threading.local()
        self._lock = threading.Lock()
        try:  # httpx calls response hooks with the headers, before the body and before any error
            self.client.event_hooks["response"].append(self._on_response)
        except (AttributeError, KeyError, TypeError):
            pass  # a client without hooks: no header hints, the interval alone

    def get(self, url: str, *args: object, **kwargs: object) -> Response:
        self._current.url = url
        try:
            resp = super().get(url, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            self._current.url = None
        ttl = rss_ttl(resp.content) if resp.content else None
        if ttl is not None:
            self._note(url, Hints(ttl=ttl))
        return resp

    def _on_response(self, response: object) -> None:
        url = getattr(self._current, "url", None)
        if url is None or getattr(response, "is_redirect", False):
            return
        self._note(url, hints_from_headers(getattr(response, "headers", {}), self.clock()))

    def _note(self, url: str, hints: Hints) -> None:
        with self._lock:
            old = self.hints.get(url)
            self.hints[url] = hints if old is None else old.merge(hints)


@dataclass
class RoundReport:
    """What one poll round did. ``skipped``: why it did not run (the lease is held elsewhere)."""

    report: IngestReport = field(default_factory=IngestReport)
    polled: int = 0
    stories: Any = None
    stopped: bool = False
    skipped: str | None = None

    def summary(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        line = f"{self.polled} feed{'s' if self.polled != 1 else ''} polled; {self.report.summary()}"
        return line + ("; stopped early" if self.stopped else "")


class _Heartbeat:
    """Renews the lease from its own connection every ``ttl / 4`` until stopped."""

    def __init__(self, path: str, holder: str, clock: Clock, ttl: float) -> None:
        self.path, self.holder, self.clock, self.ttl = path, holder, clock, ttl
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsbrief-lease", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.wait(self.ttl / 4):
                try:
                    if not st.renew(conn, self.holder, self.clock(), self.ttl):
                        self.lost.set()
                        return
                except sqlite3.Error:
                    continue  # busy: the next beat tries again, well before the lease runs out
        finally:
            conn.close()


class Runner:
    """Poll rounds over the store at ``path``, scheduled by ``scheduler`` (whose clock also times
    the lease). ``stop`` ends :meth:`run` (and a round, between chunks); ``log`` gets one line
    per round; ``fetcher`` makes the HTTP client (tests)."""

    def __init__(self, path: str, scheduler: Scheduler, *, stop: threading.Event | None = None,
                 log: Callable[[str], None] | None = None, fetcher: Callable[[], HintFetcher] | None = None,
                 lease_ttl: float = LEASE_TTL, progress: Callable[[], Progress] | None = None,
                 recluster: Callable[[Store], Any] | None = None) -> None:
        self.path = path
        self.scheduler = scheduler
        self.clock = scheduler.clock
        self.stop = stop or threading.Event()
        self.log = log or (lambda line: None)
        self._fetcher = fetcher or (lambda: HintFetcher(clock=self.clock))
        self._progress = progress
        self._recluster = recluster or _update_stories
        self.lease_ttl = lease_ttl
        self.holder = st.new_holder()

    def poll_round(self, all_feeds: bool = False, always_recluster: bool = True) -> RoundReport:
        """Poll the due feeds (``all_feeds``: every feed), store their items, schedule each
        feed's next poll, then re-cluster and re-brief (unless ``always_recluster`` is off and
        there is nothing to do). Skipped when another process polls."""
        out = RoundReport()
        with Store(self.path) as store:
            if not st.acquire(store.conn, self.holder, self.clock(), self.lease_ttl):
                info = st.lease_info(store.conn)
                out.skipped = f"another process is polling the feeds ({info.holder if info else 'unknown'})"
                return out
            summary = None
            try:
                with _Heartbeat(self.path, self.holder, self.clock, self.lease_ttl) as beat:
                    self._poll(store, out, all_feeds, beat)
                    out.stopped = out.stopped or self.stop.is_set()  # stopping: the stories catch up next run
                    if not out.stopped and not beat.lost.is_set() and (always_recluster or _due_clustering(store)):
                        out.stories = self._recluster(store)
                summary = out.summary()
            finally:
                if store.conn.in_transaction:  # interrupted mid-write (Ctrl-C, a crash): undo it
                    store.conn.rollback()
                st.release(store.conn, self.holder, self.clock(), summary)
        return out

    def _poll(self, store: Store, out: RoundReport, all_feeds: bool, beat: _Heartbeat) -> None:
        feeds = {f.id: f for f in store.feeds()}
        states = st.load_states(store.conn)
        ids = list(feeds) if all_feeds else self.scheduler.due(states.values())
        fetcher = self._fetcher()
        try:
            for i in range(0, len(ids), CHUNK):
                if self.stop.is_set() or beat.lost.is_set():
                    out.stopped = True
                    return
                chunk = [feeds[j] for j in ids[i:i + CHUNK]]
                fetcher.hints.clear()
                out.report.merge(self._ingestor(store, fetcher).poll(chunk))
                out.polled += len(chunk)
                self._schedule(store, chunk, states, fetcher.hints)
        finally:
            fetcher.close()

    def _ingestor(self, store: Store, fetcher: Fetcher) -> Ingestor:
        from newsbrief.collect import Ingestor
        from newsbrief.progress import Progress

        progress = self._progress() if self._progress else Progress(tty=False, label="update")
        return Ingestor(store, fetcher=fetcher, progress=progress)

    def _schedule(self, store: Store, chunk: Sequence[FeedRow], states: dict[int, FeedState],
                  hints: dict[str, Hints]) -> None:
        with store.transaction() as conn:
            for feed in chunk:
                row = store.get_feed(feed.id)
                if row is None:  # removed while we polled
                    continue
                old = states.get(feed.id) or FeedState(feed.id)
                h = hints.get(feed.url, Hints())
                failed = bool(row.last_error) and row.last_error_at == row.last_polled
                new = self.scheduler.failure(old, row.last_error or "", h) if failed else self.scheduler.success(old, h)
                st.save_state(conn, new)
                states[feed.id] = new

    def run(self, on_round: Callable[[RoundReport], None] | None = None,
            wait: Callable[[float], bool] | None = None) -> None:
        """Rounds until ``stop`` is set: poll what is due, then sleep until the next feed falls
        due (at most one interval). A failing round is logged and retried at the next wake-up."""
        wait = wait or self.stop.wait
        while not self.stop.is_set():
            skipped = False
            try:
                rnd = self.poll_round(always_recluster=False)
                skipped = rnd.skipped is not None
                self.log(f"update: {rnd.summary()}")
                if on_round:
                    on_round(rnd)
            except NewsbriefError as exc:
                self.log(f"error: update: {exc.message}")
            except Exception as exc:  # noqa: BLE001 - one bad round must not end live mode
                self.log(f"error: update: {type(exc).__name__}: {exc}")
            if self.stop.is_set():
                break
            wait(min(self.scheduler.interval, LEASE_RETRY) if skipped else self._pause())

    def _pause(self) -> float:
        """Seconds until the next feed is due (at least a second, at most one interval)."""
        try:
            with Store(self.path) as store:
                states = st.load_states(store.conn).values()
        except (NewsbriefError, sqlite3.Error):
            return self.scheduler.interval
        return min(self.scheduler.interval, max(1.0, self.scheduler.next_wake(states) - self.clock()))


@contextmanager
def stop_on_signals(stop: threading.Event, force: bool = True) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop`` (the write in hand finishes, then the loop ends); with
    ``force``, a SIGINT once stopping interrupts at once. Outside the main thread: nothing."""
    def handler(sig: int, _frame: object) -> None:
        if force and stop.is_set() and sig == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)
