-- 002: stories (online clusters of articles), their briefs (every version kept), storylines
-- (stories about one ongoing subject), and the clustering engine's saved state.
-- Times are ISO 8601 UTC strings, as in 001.

CREATE TABLE storylines (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE stories (
    id           INTEGER PRIMARY KEY,          -- the clustering engine's story id
    storyline_id INTEGER REFERENCES storylines(id) ON DELETE SET NULL,
    first_seen   TEXT,                         -- publication time of its first and last article
    last_seen    TEXT,
    size         INTEGER NOT NULL DEFAULT 0,   -- articles, wire copies included
    reports      INTEGER NOT NULL DEFAULT 0,   -- articles, each wire copy counted once
    outlets      INTEGER NOT NULL DEFAULT 0,   -- distinct outlets
    headline     TEXT NOT NULL DEFAULT '',     -- of the latest brief
    version      INTEGER NOT NULL DEFAULT 0,   -- latest brief version (0: none yet)
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL                 -- when it last grew or was re-briefed
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_storyline ON stories(storyline_id);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    added_at   TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Every version of every story's brief; a story's latest is the one with its stories.version.
CREATE TABLE briefs (
    story_id    INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    brief       TEXT NOT NULL,                 -- Brief.to_dict() as JSON
    article_ids TEXT NOT NULL,                 -- JSON list: the articles it was written from
    changes     TEXT,                          -- JSON: what is new since the previous version
    created_at  TEXT NOT NULL,
    PRIMARY KEY (story_id, version)
);

-- One row: how far clustering has read the articles (articles.seq) and the engine's state
-- (zlib-compressed JSON of StoryClusterer.state()), so each update reads only new articles.
CREATE TABLE cluster_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    cursor     INTEGER NOT NULL DEFAULT 0,
    state      BLOB,
    updated_at TEXT NOT NULL
);
