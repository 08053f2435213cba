-- 002: stories (online clusters of articles), their briefs (every version kept), storylines
-- (stories about one ongoing subject), and the clustering engine's saved state.
-- Ids are text: stories "s<n>" (n = the clustering engine's story number), storylines "l<n>".
-- Times are ISO 8601 UTC strings, as in 001.

CREATE TABLE storylines (
    id         TEXT PRIMARY KEY,
    label      TEXT NOT NULL DEFAULT '',     -- a few words naming the subject
    first_seen TEXT,                         -- of its first and last story
    last_seen  TEXT
);

CREATE TABLE stories (
    id           TEXT PRIMARY KEY,
    storyline_id TEXT REFERENCES storylines(id) ON DELETE SET NULL,
    headline     TEXT NOT NULL DEFAULT '',   -- of the latest brief
    first_seen   TEXT,                       -- publication time of its first and last article
    last_seen    TEXT,
    n_articles   INTEGER NOT NULL DEFAULT 0, -- articles, wire copies included
    n_outlets    INTEGER NOT NULL DEFAULT 0, -- distinct outlets
    n_reports    INTEGER NOT NULL DEFAULT 0, -- articles, each wire copy counted once (0: not counted)
    version      INTEGER NOT NULL DEFAULT 0, -- latest brief version (0: none yet)
    dirty        INTEGER NOT NULL DEFAULT 0, -- 1: grew since its last brief (a new version is due)
    updated_at   TEXT NOT NULL               -- when it last grew or was re-briefed
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_storyline ON stories(storyline_id);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    added_at   TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Every version of every story's brief; a story's latest is the one with its stories.version.
CREATE TABLE briefs (
    story_id    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    headline    TEXT NOT NULL DEFAULT '',
    brief       TEXT NOT NULL,               -- Brief.to_dict() as JSON
    article_ids TEXT NOT NULL,               -- JSON list: the articles it was written from
    PRIMARY KEY (story_id, version)
);

-- Key/value: 'cursor' (articles.seq of the last clustered article), 'engine' (the JSON of
-- StoryClusterer.state()), so that each update reads only the articles added since.
CREATE TABLE cluster_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
