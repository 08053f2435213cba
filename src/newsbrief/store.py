"""The SQLite store: articles (with revisions and duplicate links), feeds, full-text search.

One :class:`Store` wraps one connection (WAL, busy timeout, foreign keys on). The schema is made
and changed only by the migrations in ``newsbrief/migrations/NNN_name.sql``, applied in order and
recorded in ``schema_migrations``; any module may add its own (002+) for its own tables and use
``store.conn`` and ``store.transaction()`` to read and write them.

Article API: :meth:`Store.add_articles`, :meth:`get_article`, :meth:`get_articles`,
:meth:`articles`, :meth:`article_rows`, :meth:`search`, :meth:`iter_articles_after`,
:meth:`revisions`, :meth:`known_ids`. Feed API: :meth:`add_feed`, :meth:`feeds`, :meth:`get_feed`,
:meth:`remove_feed`, :meth:`record_poll`.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from newsbrief.dedup import DuplicateIndex, signature
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article
from newsbrief.schema import MIGRATIONS, migration_files, statements
from newsbrief.store_types import FeedRow, IngestReport, SearchHit, StoreItem
from newsbrief.timeutil import iso, utcnow
from newsbrief.urls import canonical_url

__all__ = ["FeedRow", "IngestReport", "MIGRATIONS", "SearchHit", "Store", "StoreItem", "migration_files"]

# A concurrent ingest holds the write lock for one batch (well under a second); 30 s rides out
# a slow disk or a long migration in another process before giving up.
BUSY_TIMEOUT_MS = 30_000
_ARTICLE_COLS = ("id, url, canonical_url, outlet, title, authors, published, published_estimated, lang, text, "
                 "content_hash, duplicate_of, source, feed_id, revision, ingested_at, updated_at, seq")


class Store:
    """The SQLite store at ``path`` (created, and migrated to the latest schema, on open).
    ``readonly=True`` opens an existing store for reading only (``mode=ro``, ``query_only``): no
    migrations, every write refused by SQLite; for readers such as the web server."""

    def __init__(self, path: str | os.PathLike[str], *, migrations: Path = MIGRATIONS, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self._depth = 0
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5, check_same_thread=False)
                self.conn.execute("PRAGMA query_only = ON")
            else:
                # check_same_thread off: the ingest pipeline commits from a writer thread (one
                # thread at a time uses the store; SQLite serialises calls on a connection anyway).
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                            check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not readonly:
                self._wal()
                # NORMAL is durable against a killed process in WAL mode; only a power cut may
                # lose the last commits, and never corrupts the file.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise NewsbriefError(self.path, f"cannot open the store: {exc}") from None
        if not readonly:
            try:
                self.migrate(migrations)
            except BaseException:
                self.conn.close()
                raise
        self._dups = DuplicateIndex(self.conn)

    def _wal(self) -> None:
        """Switch to WAL. Switching takes an exclusive lock and SQLite answers "locked" at once,
        without waiting, while another process is creating the same store: so retry a while."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE: waits up to the busy timeout for other writers).
        Commits on success, rolls back on any error; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        if self.readonly:
            raise NewsbriefError(self.path, "the store is open read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise NewsbriefError(self.path, f"the store is busy ({exc}); another process holds it") from None
        self._depth = 1
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    # -- migrations -------------------------------------------------------------------------------

    def migrate(self, folder: Path = MIGRATIONS) -> list[str]:
        """Apply the migrations not yet recorded, each in its own transaction; their names."""
        try:
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in self.conn.execute("SELECT name FROM schema_migrations")}
        except sqlite3.DatabaseError as exc:
            raise NewsbriefError(self.path, f"not a newsbrief store ({exc})") from None
        applied = []
        for path in migration_files(folder):
            if path.stem in done:
                continue
            with self.transaction():  # re-check under the write lock: another process may have won
                if self.conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (path.stem,)).fetchone():
                    continue
                try:
                    for stmt in statements(path.read_text(encoding="utf-8")):
                        self.conn.execute(stmt)
                except (sqlite3.Error, ValueError) as exc:
                    raise NewsbriefError(self.path, f"migration {path.name} failed: {exc}") from None
                self.conn.execute("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", (path.stem, iso(utcnow())))
            applied.append(path.stem)
        return applied

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]

    # -- writing articles -------------------------------------------------------------------------

    def add_articles(self, items: Iterable[Article | StoreItem], feed_id: int | None = None) -> IngestReport:
        """Store articles in ONE transaction (pass batches). Per article, by id: new -> added (linked
        by ``duplicate_of`` to the first copy when its text duplicates one, exactly or nearly);
        same text -> unchanged; changed text -> a new revision (the old one kept in
        ``article_revisions``). An article without ``published`` gets the ingest time, marked estimated."""
        report = IngestReport()
        now = iso(utcnow())
        with self.transaction():
            for it in items:
                item = it if isinstance(it, StoreItem) else StoreItem(it)
                art = item.article.with_hash()
                row = self.conn.execute("SELECT seq, content_hash, revision, title, text, published, updated_at, feed_id "
                                        "FROM articles WHERE id = ?", (art.id,)).fetchone()
                fid = item.feed_id if item.feed_id is not None else feed_id
                if row is None:
                    self._insert(art, item, fid, now, report)
                elif row[1] == art.content_hash:
                    report.unchanged += 1
                    if fid is not None and row[7] is None:
                        self.link_feed(fid, [art.id])
                else:
                    self._revise(art, item, row, now)
                    report.revisions += 1
                    report.revised_ids.append(art.id)
        return report

    def _insert(self, art: Article, item: StoreItem, feed_id: int | None, now: str, report: IngestReport) -> None:
        sig = item.signature if item.signature is not None else signature(art.text)
        dup = art.duplicate_of or self._dups.find(art.content_hash, sig)
        published, estimated = (iso(art.published), art.published_estimated) if art.published else (now, True)
        cur = self.conn.execute(
            "INSERT INTO articles(id, url, canonical_url, outlet, title, authors, published, published_estimated, lang, "
            "text, content_hash, duplicate_of, source, feed_id, revision, ingested_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
            (art.id, art.url, item.canonical_url or canonical_url(art.url), art.outlet, art.title,
             json.dumps(list(art.authors), ensure_ascii=False), published, int(estimated), art.lang or "en", art.text,
             art.content_hash, dup, art.source, feed_id, now, now))
        seq = int(cur.lastrowid or 0)
        self.conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)", (seq, art.title, art.text))
        self._dups.add(seq, sig)
        report.added += 1
        report.added_ids.append(art.id)
        if dup:
            report.duplicates += 1

    def _revise(self, art: Article, item: StoreItem, row: tuple, now: str) -> None:
        seq, old_hash, rev, old_title, old_text, old_published, old_updated, _feed = row
        self.conn.execute("INSERT OR REPLACE INTO article_revisions(article_id, revision, title, text, content_hash, "
                          "published, ingested_at, replaced_at) VALUES (?,?,?,?,?,?,?,?)",
                          (art.id, rev, old_title, old_text, old_hash, old_published, old_updated, now))
        published = iso(art.published) if art.published and not art.published_estimated else old_published
        self.conn.execute("UPDATE articles SET title = ?, text = ?, content_hash = ?, published = ?, revision = ?, "
                          "updated_at = ?, url = COALESCE(NULLIF(?, ''), url), "
                          "canonical_url = COALESCE(NULLIF(?, ''), canonical_url) WHERE seq = ?",
                          (art.title or old_title, art.text, art.content_hash, published, rev + 1, now, art.url,
                           item.canonical_url or canonical_url(art.url), seq))
        self._dups.replace(seq, item.signature if item.signature is not None else signature(art.text))

    # -- reading articles -------------------------------------------------------------------------

    @staticmethod
    def _article(row: sqlite3.Row | tuple) -> Article:
        pub = datetime.fromisoformat(row[6]) if row[6] else None
        return Article(id=row[0], url=row[1], outlet=row[3], title=row[4], authors=tuple(json.loads(row[5] or "[]")),
                       published=pub, published_estimated=bool(row[7]), lang=row[8], text=row[9], content_hash=row[10],
                       duplicate_of=row[11], source=row[12])

    @staticmethod
    def _row_dict(row: tuple, with_text: bool) -> dict:
        d = {"id": row[0], "url": row[1], "canonical_url": row[2], "outlet": row[3], "title": row[4],
             "authors": json.loads(row[5] or "[]"), "published": row[6], "published_estimated": bool(row[7]),
             "lang": row[8], "words": len(row[9].split()), "content_hash": row[10], "duplicate_of": row[11],
             "source": row[12], "feed_id": row[13], "revision": row[14], "ingested_at": row[15], "updated_at": row[16]}
        if with_text:
            d["text"] = row[9]
        return d

    def get_article(self, article_id: str) -> Article | None:
        """One article by id (its latest revision), or None."""
        row = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        """The articles with these ids that exist, in the order asked."""
        ids = list(dict.fromkeys(ids))
        found: dict[str, Article] = {}
        for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[i:i + 500]
            for row in self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                found[row[0]] = self._article(row)
        return [found[i] for i in ids if i in found]

    def _where(self, since: datetime | None, outlet: str | None) -> tuple[str, list]:
        clauses, args = [], []
        if since is not None:
            clauses.append("a.published >= ?")
            args.append(iso(since))
        if outlet:
            clauses.append("a.outlet = ? COLLATE NOCASE")
            args.append(outlet)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def _select(self, since: datetime | None, outlet: str | None, limit: int | None, offset: int) -> list[tuple]:
        where, args = self._where(since, outlet)
        sql = f"SELECT {_ARTICLE_COLS} FROM articles a{where} ORDER BY a.published DESC, a.seq DESC LIMIT ? OFFSET ?"
        return self.conn.execute(sql, [*args, -1 if limit is None else limit, offset]).fetchall()

    def articles(self, since: datetime | None = None, outlet: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[Article]:
        """Stored articles, newest published first; ``outlet`` matches case-insensitively."""
        return [self._article(r) for r in self._select(since, outlet, limit, offset)]

    def article_rows(self, since: datetime | None = None, outlet: str | None = None, limit: int | None = None,
                     offset: int = 0, with_text: bool = False) -> list[dict]:
        """Like :meth:`articles`, as JSON-ready dicts with the store's own fields (canonical_url,
        feed_id, revision, ingested_at, words...); the text only when ``with_text``."""
        return [self._row_dict(r, with_text) for r in self._select(since, outlet, limit, offset)]

    def last_seq(self) -> int:
        """``seq`` of the newest stored article (0 when there is none)."""
        return int(self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def iter_articles_after(self, seq: int = 0, batch_size: int = 500) -> Iterator[tuple[int, Article]]:
        """``(seq, article)`` for every article stored after ``seq``, in insertion order: keep the
        last seq as a cursor to consume new articles incrementally. Revisions keep their seq."""
        while True:
            rows = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                                     (seq, batch_size)).fetchall()
            if not rows:
                return
            for row in rows:
                seq = row[17]
                yield seq, self._article(row)

    def revisions(self, article_id: str) -> list[dict]:
        """Earlier versions of an article, oldest first."""
        rows = self.conn.execute("SELECT revision, title, text, content_hash, published, ingested_at, replaced_at "
                                 "FROM article_revisions WHERE article_id = ? ORDER BY revision", (article_id,))
        keys = ("revision", "title", "text", "content_hash", "published", "ingested_at", "replaced_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def known_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: updated_at}`` for those of ``ids`` already stored."""
        ids, out = list(ids), dict[str, str]()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update(self.conn.execute(f"SELECT id, updated_at FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def search(self, query: str, since: datetime | None = None, outlet: str | None = None, limit: int = 20,
               highlight: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search of titles and texts (FTS5 query syntax; a query that is not valid syntax
        is searched as plain words), best bm25 first (title matches weigh 3x), with a snippet."""
        where, args = self._where(since, outlet)
        where = where.replace(" WHERE ", " AND ")
        sql = ("SELECT a.id, a.title, a.url, a.outlet, a.published, a.duplicate_of, bm25(articles_fts, 3.0, 1.0) AS score, "
               "snippet(articles_fts, 1, ?, ?, '…', 16) FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
               f"WHERE articles_fts MATCH ?{where} ORDER BY score LIMIT ?")
        try:
            rows = self.conn.execute(sql, [*highlight, query, *args, limit]).fetchall()
        except sqlite3.OperationalError:
            words = re.findall(r"\w+", query)
            if not words:
                return []
            plain = " ".join('"' + w + '"' for w in words)
            rows = self.conn.execute(sql, [*highlight, plain, *args, limit]).fetchall()
        return [SearchHit(id=r[0], title=r[1], url=r[2], outlet=r[3], published=r[4], duplicate_of=r[5],
                          score=-float(r[6]), snippet=r[7]) for r in rows]

    # -- feeds ------------------------------------------------------------------------------------

    _FEED_COLS = ("id, url, name, title, site_url, etag, last_modified, added_at, last_polled, last_success, "
                  "last_error, last_error_at, item_count, (SELECT COUNT(*) FROM articles WHERE feed_id = feeds.id)")

    def add_feed(self, url: str, name: str | None = None, title: str | None = None) -> FeedRow:
        """Register a feed (its URL is its identity); adding one twice updates its name."""
        with self.transaction():
            self.conn.execute("INSERT INTO feeds(url, name, title, added_at) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT(url) DO UPDATE SET name = COALESCE(excluded.name, feeds.name), "
                              "title = COALESCE(excluded.title, feeds.title)", (url, name, title, iso(utcnow())))
        feed = self.get_feed(url)
        assert feed is not None
        return feed

    def feeds(self) -> list[FeedRow]:
        return [FeedRow(*r) for r in self.conn.execute(f"SELECT {self._FEED_COLS} FROM feeds ORDER BY id")]

    def get_feed(self, key: int | str) -> FeedRow | None:
        """A feed by id (an int or a string of digits) or by URL."""
        col = "id" if isinstance(key, int) or str(key).isdigit() else "url"
        row = self.conn.execute(f"SELECT {self._FEED_COLS} FROM feeds WHERE {col} = ?", (key,)).fetchone()
        return FeedRow(*row) if row else None

    def remove_feed(self, key: int | str) -> bool:
        """Forget a feed (its articles stay, unlinked); False when there was no such feed."""
        feed = self.get_feed(key)
        if feed is None:
            return False
        with self.transaction():
            self.conn.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
        return True

    def link_feed(self, feed_id: int, ids: Iterable[str]) -> None:
        """Mark stored articles that came from no known feed as coming from this one."""
        ids = list(ids)
        with self.transaction():
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                self.conn.execute(f"UPDATE articles SET feed_id = ? WHERE feed_id IS NULL AND id IN ({','.join('?' * len(chunk))})",
                                  [feed_id, *chunk])

    def record_poll(self, feed_id: int, *, error: str | None = None, etag: str | None = None,
                    last_modified: str | None = None, item_count: int | None = None, title: str | None = None,
                    site_url: str | None = None) -> None:
        """Remember how a poll went: on success the conditional-GET state and item count, on
        failure the reason (earlier state is kept, so the next poll is still conditional)."""
        now = iso(utcnow())
        with self.transaction():
            if error:
                self.conn.execute("UPDATE feeds SET last_polled = ?, last_error = ?, last_error_at = ? WHERE id = ?",
                                  (now, error, now, feed_id))
                return
            self.conn.execute(
                "UPDATE feeds SET last_polled = ?, last_success = ?, last_error = NULL, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "item_count = COALESCE(?, item_count), title = COALESCE(?, title), site_url = COALESCE(?, site_url) "
                "WHERE id = ?", (now, now, etag, last_modified, item_count, title, site_url, feed_id))

