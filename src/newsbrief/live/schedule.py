"""When each feed is next polled: the pure part of live mode (no I/O, an injectable clock).

After a success a feed waits the polling interval, or longer when the feed asks for it
(``Cache-Control: max-age``, RSS ``<ttl>``, ``Retry-After``); after a failure it backs off
exponentially from the interval. No wait exceeds :data:`MAX_DELAY`, so a feed failing for a week
(or one asking for a year's ``max-age``) is still polled daily.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime

Clock = Callable[[], float]

# The longest wait between two polls of a feed: a feed that has failed for days (or says it will
# not change for a year) is still tried once a day, so it comes back within a day of being fixed.
MAX_DELAY = 86_400.0
# A feed failing this long is flagged on the feeds page (by then it is polled daily).
FLAG_AFTER = 7 * 86_400.0
# RSS <ttl> is read only from the channel head: it precedes the first item in every feed that has one.
TTL_SCAN_BYTES = 65_536
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_TTL = re.compile(rb"<(?:\w+:)?ttl>\s*(\d{1,7})\s*</(?:\w+:)?ttl>", re.IGNORECASE)
_MAX_AGE = re.compile(r"(?:^|,)\s*(s-maxage|max-age)\s*=\s*\"?(\d{1,10})\"?", re.IGNORECASE)


def parse_interval(text: str) -> float:
    """``15m``, ``1h``, ``30s``, ``2d`` or a number of seconds -> seconds; ValueError otherwise."""
    m = _DURATION.match(str(text))
    if not m:
        raise ValueError(f"{text!r}: give an interval like 30s, 15m, 1h or 1d")
    seconds = float(m.group(1)) * _UNITS[(m.group(2) or "s").lower()]
    if seconds <= 0:
        raise ValueError(f"{text!r}: the interval must be above zero")
    return seconds


def format_interval(seconds: float) -> str:
    """900 -> ``15m``; 5400 -> ``90m``; 45.5 -> ``45.5s``."""
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


@dataclass(frozen=True)
class Hints:
    """What one response said about when to come back, in seconds from now (None: nothing said)."""

    max_age: float | None = None
    retry_after: float | None = None
    ttl: float | None = None

    def merge(self, other: Hints) -> Hints:
        return Hints(*(b if b is not None else a for a, b in zip(
            (self.max_age, self.retry_after, self.ttl), (other.max_age, other.retry_after, other.ttl), strict=True)))


def hints_from_headers(headers: Mapping[str, str], now: float) -> Hints:
    """``Cache-Control: max-age`` (``no-store``/``no-cache`` say nothing) and ``Retry-After``
    (seconds or an HTTP date) from a response's headers."""
    max_age = None
    cc = headers.get("cache-control") or ""
    if cc and not re.search(r"no-(?:store|cache)", cc, re.IGNORECASE):
        found = {k.lower(): float(v) for k, v in _MAX_AGE.findall(cc)}
        max_age = found.get("max-age", found.get("s-maxage"))
    return Hints(max_age=max_age, retry_after=parse_retry_after(headers.get("retry-after"), now))


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After``: delta seconds or an HTTP date -> seconds from ``now`` (None if unreadable)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def rss_ttl(body: bytes) -> float | None:
    """An RSS channel's ``<ttl>`` (minutes) in seconds, or None."""
    head = body[:TTL_SCAN_BYTES]
    item = re.search(rb"<(?:\w+:)?(?:item|entry)[\s>]", head)
    m = _TTL.search(head, 0, item.start() if item else len(head))
    return float(m.group(1)) * 60 if m else None


@dataclass(frozen=True)
class FeedState:
    """A feed's place in the schedule. Times are epoch seconds."""

    feed_id: int
    next_due: float | None = None
    delay: float = 0.0
    reason: str = ""
    failures: int = 0
    failing_since: float | None = None
    last_error: str | None = None

    def flagged(self, now: float) -> bool:
        """Failing for :data:`FLAG_AFTER` (a week) or more."""
        return self.failing_since is not None and now - self.failing_since >= FLAG_AFTER


class Scheduler:
    """Decides which feeds are due and when each is next polled. ``interval`` in seconds."""

    def __init__(self, interval: float, clock: Clock = time.time, max_delay: float = MAX_DELAY) -> None:
        if interval <= 0:
            raise ValueError("the interval must be above zero")
        self.interval = float(interval)
        self.clock = clock
        self.max_delay = max(float(max_delay), self.interval)

    def due(self, states: Iterable[FeedState]) -> list[int]:
        """The feeds due now, the longest overdue first (never polled: first of all)."""
        now = self.clock()
        ready = [s for s in states if s.next_due is None or s.next_due <= now]
        ready.sort(key=lambda s: (s.next_due is not None, s.next_due or 0.0, s.feed_id))
        return [s.feed_id for s in ready]

    def next_wake(self, states: Iterable[FeedState]) -> float:
        """When the next feed falls due (now when one is; ``now + interval`` when there are none)."""
        now = self.clock()
        dues = [now if s.next_due is None else s.next_due for s in states]
        return max(now, min(dues)) if dues else now + self.interval

    def _wait(self, floor: float, hints: Hints) -> tuple[float, str]:
        options = [(floor, "backoff" if floor > self.interval else "interval")]
        options += [(v, name) for name, v in (("max-age", hints.max_age), ("ttl", hints.ttl),
                                              ("retry-after", hints.retry_after)) if v is not None]
        delay, reason = max(options, key=lambda o: o[0])
        if delay > self.max_delay:
            return self.max_delay, reason + " (capped at a day)"
        return delay, reason

    def success(self, state: FeedState, hints: Hints = Hints()) -> FeedState:
        """After a good poll: the interval, or longer where the feed's hints ask for it."""
        now = self.clock()
        delay, reason = self._wait(self.interval, hints)
        return replace(state, next_due=now + delay, delay=delay, reason=reason, failures=0, failing_since=None,
                       last_error=None)

    def failure(self, state: FeedState, error: str, hints: Hints = Hints()) -> FeedState:
        """After a failed poll: ``interval * 2**failures`` (capped at a day), or a longer
        ``Retry-After``. Cache hints of an error response say nothing about the feed."""
        now = self.clock()
        failures = state.failures + 1
        backoff = self.interval * 2.0 ** min(failures, 40)
        delay, reason = self._wait(backoff, Hints(retry_after=hints.retry_after))
        return replace(state, next_due=now + delay, delay=delay, reason=reason, failures=failures,
                       failing_since=state.failing_since if state.failing_since is not None else now,
                       last_error=error)
