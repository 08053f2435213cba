"""The SQLite store: migrations, articles (idempotent, revisions, duplicates), search, feeds."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsbrief.errors import NewsbriefError
from newsbrief.models import Article
from newsbrief.store import MIGRATIONS, Store, StoreItem, migration_files

T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
FERRY = ("The ferry between Harbour Town and Gull Island resumed its full timetable on Tuesday after three weeks "
         "of winter storms kept the vessel in port. Engineers spent the weekend checking the ramp at the island "
         "slipway, which was damaged when waves washed over the harbour wall in February.")
BRIDGE = ("A new footbridge linking the two halves of the village opened on Saturday, ending a detour of two miles "
          "for people on foot. The mayor cut the ribbon in front of a crowd of schoolchildren and their parents.")


def art(i: str, text: str = FERRY, **kw) -> Article:
    kw.setdefault("published", T0)
    return Article(id=i, text=text, **kw)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_schema_comes_from_recorded_migrations(store, tmp_path):
    assert store.applied_migrations()[0] == "001_articles"
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    store.close()
    with Store(tmp_path / "s.db") as again:  # reopening applies nothing twice
        assert again.migrate() == []


def test_migration_runner_applies_any_new_file_in_order(tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    real = [f.stem for f in migration_files(MIGRATIONS)]
    for f in migration_files(MIGRATIONS):
        (folder / f.name).write_text(f.read_text())
    (folder / "950_late.sql").write_text("CREATE TABLE late (x INTEGER);\n")
    (folder / "940_extra.sql").write_text(
        "-- a comment\nCREATE TABLE extra (id TEXT PRIMARY KEY);\n"
        "CREATE TRIGGER t AFTER INSERT ON extra BEGIN\n  SELECT 1;\nEND;\nCREATE INDEX late_x ON late(x);\n")
    (folder / "notes.txt").write_text("ignored")
    with pytest.raises(NewsbriefError, match="migration 940_extra.sql failed: no such table: .*late"):  # order matters...
        Store(tmp_path / "bad.db", migrations=folder)
    (folder / "940_extra.sql").write_text("CREATE TABLE extra (id TEXT PRIMARY KEY);\n")
    with Store(tmp_path / "m.db", migrations=folder) as s:
        assert s.applied_migrations() == [*real, "940_extra", "950_late"]
    with Store(tmp_path / "bad.db", migrations=folder) as s:  # ...and a failed one left nothing half-done
        assert s.applied_migrations() == [*real, "940_extra", "950_late"]


def test_two_processes_opening_a_new_store_at_once(tmp_path):
    errors = []

    def open_it() -> None:
        try:
            Store(tmp_path / "race.db").close()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store(tmp_path / "race.db") as s:
        assert s.applied_migrations() == [f.stem for f in migration_files(MIGRATIONS)]


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NewsbriefError, match="not a newsbrief store|cannot open"):
        Store(bad)


def test_add_is_idempotent_and_a_changed_text_is_a_revision(store):
    r = store.add_articles([art("a", title="Ferry back", url="https://g.example/ferry?utm_source=x"), art("b", BRIDGE)])
    assert (r.added, r.unchanged, r.revisions, r.added_ids) == (2, 0, 0, ["a", "b"])
    assert store.add_articles([art("a"), art("b", BRIDGE)]).unchanged == 2
    r = store.add_articles([art("a", FERRY + " The first crossing carried forty passengers.", title="Ferry back (updated)")])
    assert (r.added, r.revisions, r.revised_ids) == (0, 1, ["a"])
    a = store.get_article("a")
    assert a.text.endswith("forty passengers.") and a.title == "Ferry back (updated)"
    assert [v["revision"] for v in store.revisions("a")] == [1] and store.revisions("a")[0]["text"] == FERRY
    row = store.article_rows()[-1]
    assert row["revision"] == 2 and row["canonical_url"] == "https://g.example/ferry"
    assert store.count_articles() == 2


def test_every_article_field_round_trips(store):
    a = Article(id="x1", text=FERRY, title="T", url="https://g.example/a", outlet="Gazette", published=T0, lang="de",
                authors=("Ann Lee", "Bo Grant"), source="feed.xml")
    store.add_articles([StoreItem(a, canonical_url="https://g.example/canon")])
    b = store.get_article("x1")
    assert (b.title, b.url, b.outlet, b.published, b.lang, b.authors, b.source) == \
        ("T", "https://g.example/a", "Gazette", T0, "de", ("Ann Lee", "Bo Grant"), "feed.xml")
    assert b.content_hash and not b.published_estimated
    assert store.article_rows()[0]["canonical_url"] == "https://g.example/canon"


def test_missing_published_time_is_the_ingest_time_marked_estimated(store):
    before = datetime.now(UTC).replace(microsecond=0)  # the store may keep whole seconds
    store.add_articles([Article(id="n", text=FERRY)])
    a = store.get_article("n")
    assert a.published_estimated and before <= a.published <= datetime.now(UTC)


def test_exact_and_near_duplicates_link_to_the_first_copy(store):
    edited = FERRY.replace("Tuesday", "Wednesday").replace("weekend", "week") + " Copyright Wire."
    r = store.add_articles([art("first"), art("exact", FERRY.upper()), art("near", edited), art("other", BRIDGE)])
    assert (r.added, r.duplicates) == (4, 2)
    links = {a.id: a.duplicate_of for a in store.articles()}
    assert links == {"first": None, "exact": "first", "near": "first", "other": None}
    # a copy of a copy still points at the first
    store.add_articles([art("copy2", edited.replace("Engineers", "Workers"))])
    assert store.get_article("copy2").duplicate_of == "first"


def test_articles_filters_and_order(store):
    store.add_articles([art(f"a{i}", f"{BRIDGE} Item number {i} of the day.", outlet="Courier" if i % 2 else "Gazette",
                            published=T0 + timedelta(hours=i)) for i in range(6)])
    assert [a.id for a in store.articles()] == ["a5", "a4", "a3", "a2", "a1", "a0"]
    assert [a.id for a in store.articles(since=T0 + timedelta(hours=4))] == ["a5", "a4"]
    assert [a.id for a in store.articles(outlet="courier")] == ["a5", "a3", "a1"]
    assert [a.id for a in store.articles(limit=2, offset=1)] == ["a4", "a3"]
    assert [a.id for a in store.get_articles(["a2", "zz", "a0"])] == ["a2", "a0"]
    assert set(store.known_ids(["a1", "nope"])) == {"a1"}


def test_iter_articles_after_is_a_cursor(store):
    store.add_articles([art("a", FERRY), art("b", BRIDGE)])
    seen = list(store.iter_articles_after(0, batch_size=1))
    assert [a.id for _, a in seen] == ["a", "b"]
    store.add_articles([art("c", FERRY + " Later news.")])
    assert [a.id for _, a in store.iter_articles_after(seen[-1][0])] == ["c"]


def test_search_ranks_highlights_and_filters(store):
    store.add_articles([
        art("t", BRIDGE, title="Ferry news in brief", outlet="Courier"),
        art("f", FERRY, title="Island crossing resumes", outlet="Gazette", published=T0 - timedelta(days=3)),
    ])
    hits = store.search("ferry", highlight=("<b>", "</b>"))
    assert [h.id for h in hits] == ["t", "f"]  # a title match weighs more
    assert "<b>ferry</b>" in hits[1].snippet.lower() and hits[0].score > hits[1].score > 0
    assert [h.id for h in store.search("ferry", outlet="gazette")] == ["f"]
    assert [h.id for h in store.search("ferry", since=T0 - timedelta(days=1))] == ["t"]
    assert [h.id for h in store.search('"winter storms"')] == ["f"]
    assert [h.id for h in store.search("storm")] == ["f"]  # porter stemming
    assert [h.id for h in store.search('ferry "island (')] == ["f"]  # not FTS syntax: searched as plain words
    assert sorted(h.id for h in store.search("slipway OR ribbon")) == ["f", "t"]
    assert store.search("") == [] and store.search("***") == []


def test_fts_index_stays_in_sync(store):
    store.add_articles([art("a"), art("b", BRIDGE)])
    store.add_articles([art("a", FERRY.replace("ferry", "hovercraft"))])
    store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    assert [h.id for h in store.search("hovercraft")] == ["a"]
    assert store.search("ferry") == []  # the old text is gone from the index, kept in the revisions
    with store.transaction():
        store.conn.execute("DELETE FROM articles WHERE id = 'b'")
    assert store.search("footbridge") == []
    store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_a_failed_batch_leaves_nothing_behind(store):
    class Boom(Exception):
        pass

    def items():
        yield art("ok")
        raise Boom

    with pytest.raises(Boom):
        store.add_articles(items())
    assert store.count_articles() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == 0


def test_feeds_crud_and_poll_state(store):
    f = store.add_feed("https://g.example/rss", name="Gazette")
    assert store.add_feed("https://g.example/rss").id == f.id  # same URL, same feed
    store.record_poll(f.id, etag='"e1"', last_modified="Tue", item_count=12, title="Harbour Town Gazette")
    g = store.get_feed(f.id)
    assert (g.etag, g.item_count, g.title, g.label, g.last_error) == ('"e1"', 12, "Harbour Town Gazette", "Gazette", None)
    store.record_poll(f.id, error="HTTP 500 Internal Server Error")
    g = store.get_feed("https://g.example/rss")
    assert g.last_error.startswith("HTTP 500") and g.etag == '"e1"' and g.last_success
    store.add_articles([art("a")], feed_id=f.id)
    assert store.feeds()[0].article_count == 1
    assert store.remove_feed(str(f.id)) and not store.remove_feed(f.id)
    assert store.feeds() == [] and store.get_article("a").id == "a"  # articles stay


def test_readonly_store_reads_and_refuses_writes(store, tmp_path):
    store.add_articles([art("a")])
    with Store(tmp_path / "s.db", readonly=True) as ro:
        assert ro.get_article("a").text == FERRY and [h.id for h in ro.search("ferry")] == ["a"]
        with pytest.raises(NewsbriefError, match="read-only"):
            ro.add_articles([art("b", BRIDGE)])
    with pytest.raises(NewsbriefError):
        Store(tmp_path / "missing.db", readonly=True)
