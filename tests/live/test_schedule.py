"""The scheduler with a fake clock: intervals, feed hints, backoff, the daily cap, the flag."""

from __future__ import annotations

import pytest

from newsbrief.live.schedule import (
    FLAG_AFTER,
    MAX_DELAY,
    FeedState,
    Hints,
    Scheduler,
    format_interval,
    hints_from_headers,
    parse_interval,
    parse_retry_after,
    rss_ttl,
)


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("1h", 3600), ("30s", 30), ("2d", 172_800),
                                               ("45", 45), ("1.5h", 5400), (" 10M ", 600)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "0m", "soon", "-5m", "15 minutes", "1w"])
def test_parse_interval_refuses(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_format_interval():
    assert [format_interval(s) for s in (900, 3600, 86_400, 5400, 1, 45.5)] == ["15m", "1h", "1d", "90m", "1s", "45.5s"]


def test_new_feeds_are_due_first_then_by_how_overdue():
    clock = Clock()
    s = Scheduler(900, clock)
    states = [FeedState(1, next_due=clock.t - 10), FeedState(2), FeedState(3, next_due=clock.t + 5),
              FeedState(4, next_due=clock.t - 100)]
    assert s.due(states) == [2, 4, 1]
    assert s.next_wake(states) == clock.t
    assert s.next_wake([FeedState(3, next_due=clock.t + 5)]) == clock.t + 5
    assert s.next_wake([]) == clock.t + 900


def test_success_waits_the_interval_or_what_the_feed_asks():
    clock = Clock()
    s = Scheduler(900, clock)
    assert s.success(FeedState(1)).next_due == clock.t + 900
    ok = s.success(FeedState(1), Hints(max_age=3600))
    assert (ok.next_due, ok.reason) == (clock.t + 3600, "max-age")
    assert s.success(FeedState(1), Hints(ttl=7200, max_age=60)).reason == "ttl"
    assert s.success(FeedState(1), Hints(max_age=10)).next_due == clock.t + 900  # never sooner than the interval
    year = s.success(FeedState(1), Hints(max_age=365 * 86_400))
    assert year.delay == MAX_DELAY and "capped" in year.reason


def test_failures_back_off_exponentially_to_daily_and_are_flagged_after_a_week():
    clock = Clock()
    s = Scheduler(900, clock)
    st = FeedState(7)
    delays = []
    start = clock.t
    while clock.t - start < 8 * 86_400:
        st = s.failure(st, "HTTP 500")
        delays.append(st.delay)
        clock.t = st.next_due
    assert delays[:4] == [1800, 3600, 7200, 14_400]
    assert delays[-1] == MAX_DELAY and max(delays) == MAX_DELAY  # a week in: polled daily
    assert st.failing_since == start and st.flagged(clock.t) and not st.flagged(start + FLAG_AFTER - 1)
    assert st.failures == len(delays) and st.last_error == "HTTP 500"
    ok = s.success(st)
    assert (ok.failures, ok.failing_since, ok.last_error, ok.delay) == (0, None, None, 900)
    assert not ok.flagged(clock.t)


def test_retry_after_on_an_error_is_honoured_but_capped():
    clock = Clock()
    s = Scheduler(60, clock)
    st = s.failure(FeedState(1), "HTTP 429", Hints(retry_after=3600, max_age=99_999))
    assert (st.delay, st.reason) == (3600, "retry-after")  # an error's max-age says nothing
    assert s.failure(FeedState(1), "HTTP 503", Hints(retry_after=10**9)).delay == MAX_DELAY


def test_hints_from_headers():
    now = 1_700_000_000.0
    h = hints_from_headers({"cache-control": "public, max-age=600", "retry-after": "120"}, now)
    assert (h.max_age, h.retry_after) == (600, 120)
    assert hints_from_headers({"cache-control": "no-cache, max-age=600"}, now).max_age is None
    assert hints_from_headers({"cache-control": 's-maxage="30"'}, now).max_age == 30
    assert hints_from_headers({}, now) == Hints()
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412420.0) == 60
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412540.0) == 0
    assert parse_retry_after("soon", now) is None


def test_rss_ttl_from_the_channel_only():
    assert rss_ttl(b"<rss><channel><title>x</title><ttl>60</ttl><item><ttl>5</ttl></item></channel></rss>") == 3600
    assert rss_ttl(b"<rss><channel><item><ttl>5</ttl></item></channel></rss>") is None
    assert rss_ttl(b"<feed><entry/></feed>") is None
    assert rss_ttl(b"<rss><channel><ttl>soon</ttl></channel></rss>") is None
