-- 003: live mode (newsbrief/live.py). Each feed's polling schedule, and the lease that lets one
-- process at a time poll the feeds. Times are ISO 8601 UTC strings, as in 001.

-- When each feed is next due and how its polls have been failing (no row: due now).
CREATE TABLE feed_schedule (
    feed_id       INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
    next_due      TEXT,                        -- not polled before this time (NULL: due now)
    delay_s       INTEGER NOT NULL DEFAULT 0,  -- the wait chosen at the last poll
    reason        TEXT NOT NULL DEFAULT '',    -- why that wait: interval, max-age, ttl, retry-after, backoff
    failures      INTEGER NOT NULL DEFAULT 0,  -- polls failed in a row (0 after a success)
    failing_since TEXT,                        -- the first failure of the current run of failures
    last_error    TEXT                         -- the last failure's reason (NULL after a success)
);

-- One row per lease ('poll'): the process holding it (NULL: free) until expires_at, renewed while
-- it works; a process that dies loses it when it expires. Also when the last poll ran.
CREATE TABLE leases (
    name          TEXT PRIMARY KEY,
    holder        TEXT,                        -- host:pid:token of the holder, NULL when free
    acquired_at   TEXT,
    expires_at    TEXT,
    last_started  TEXT,                        -- the last poll round: start, end, one-line summary
    last_finished TEXT,
    last_summary  TEXT
);
