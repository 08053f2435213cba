"""Stories in a real SQLite store: incremental clustering, versioned briefs, storylines, reading
them back (API and CLI)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from newsbrief.cluster import cluster_articles
from newsbrief.store import Store
from newsbrief.stories import (
    StoryView,
    get_story,
    get_storyline,
    import_stories,
    list_stories,
    load_engine,
    story_articles,
    update_stories,
)
from tests.test_cluster import EVENTS, QUAKE, T0, art, vary

OUTLETS = ("Reuters", "BBC", "AP", "AFP", "NPR")
EXTRA = ("Rescuers pulled a girl alive from the rubble of a Valdoria apartment block on Monday. "
         "The death toll rose to 19, Governor Elena Marsh said, and 300 families were in shelters. "
         "Montevia's president declared three days of mourning for the earthquake victims.")


def article(name: str, n: int, hours: float, **kw):
    text, title = EVENTS[name]
    return art(f"{name}{n}", vary(text, n), f"{title} ({n})", hours=hours, outlet=OUTLETS[n % len(OUTLETS)],
               url=f"https://news.example/{name}/{n}", **kw)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


def first_batch():
    return [article("quake", n, n) for n in range(3)] + [article("ferry", n, 10 + n) for n in range(2)]


def test_update_clusters_briefs_and_is_incremental(store):
    store.add_articles(first_batch())
    summary = update_stories(store)
    assert (summary.articles, summary.new_stories, summary.briefs) == (5, 2, 2)
    assert update_stories(store).articles == 0  # nothing new, nothing done
    rows = list_stories(store)
    assert [r.n_articles for r in rows] == [3, 2]
    top = rows[0]
    assert top.id == "s1" and top.version == 1 and top.n_outlets == 3
    assert set(top.brief) >= {"headline", "key_points", "summary", "articles"}
    assert set(top.to_dict()["articles"][0]) >= {"id", "outlet", "published", "title", "url"}
    # the quake story grows: a second brief version, the first kept, and what is new
    grown = art("quake9", EXTRA, "Valdoria death toll rises to 19", hours=30, outlet="AFP", url="https://afp.example/9")
    store.add_articles([grown])
    summary = update_stories(store)
    assert (summary.articles, summary.grown_stories, summary.new_stories) == (1, 1, 0)
    d = get_story(store, "1")
    assert d.version == 2 and [v.version for v in d.versions] == [2, 1]
    assert d.new_articles == ("quake9",) and d.n_outlets == 4
    assert any("19" in s for s in d.changes)


def test_incremental_equals_one_pass(store, tmp_path):
    arts = [article(name, n, n) for n in range(6) for name in EVENTS]
    for i in range(0, len(arts), 5):  # five articles per update
        store.add_articles(arts[i:i + 5])
        update_stories(store)
    got = {a: s for a, s in store.conn.execute("SELECT article_id, story_id FROM story_articles")}
    want = dict(zip([a.id for a in arts], cluster_articles(arts), strict=True))
    assert got == {a: f"s{n}" for a, n in want.items()}


def test_wire_copies_count_once(store):
    arts = first_batch()
    store.add_articles(arts)
    copy = replace(arts[0], id="copy", outlet="Yahoo", url="https://yahoo.example/1",
                   published=arts[0].published + timedelta(hours=1))
    store.add_articles([copy])
    assert store.get_article("copy").duplicate_of == arts[0].id
    update_stories(store)
    d = get_story(store, "s1")
    assert (d.n_articles, d.n_reports, d.n_outlets) == (4, 3, 4)


def test_ranking_filters_and_paging(store):
    store.add_articles(first_batch() + [article("vote", 0, 40)])
    update_stories(store)
    rows = list_stories(store)
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert [r.id for r in list_stories(store, min_outlets=3)] == ["s1"]
    assert len(list_stories(store, since=T0 + timedelta(hours=20))) == 1
    assert [r.id for r in list_stories(store, limit=1, offset=1)] == [rows[1].id]
    assert get_story(store, "s99") is None and get_story(store, "nonsense") is None


def test_storylines_link_related_stories(store):
    quake = [article("quake", n, n) for n in range(3)]
    later = [art(f"aftershock{n}", vary(QUAKE, n + 3).replace("magnitude 6.1", "magnitude 5.2"),
                 f"Strong aftershock hits Valdoria ({n})", hours=200 + n, outlet=OUTLETS[n]) for n in range(2)]
    ferry = [article("ferry", n, 300 + n) for n in range(2)]
    store.add_articles(quake + later + ferry)
    # force two stories about one subject (as a later event would be), then let linking find them
    update_stories(store, assign={**{a.id: 1 for a in quake}, **{a.id: 2 for a in later}, **{a.id: 3 for a in ferry}})
    lines = {r[0]: r[1] for r in store.conn.execute("SELECT id, storyline_id FROM stories")}
    assert lines["s1"] == lines["s2"] == "l1" and lines["s3"] is None  # named after its first story
    sl = get_storyline(store, "1")
    assert [s.id for s in sl.stories] == ["s1", "s2"] and sl.label
    assert get_story(store, "s2").storyline.id == "l1"


def test_import_equals_update(tmp_path):
    arts = [article(name, n, n) for n in range(4) for name in EVENTS]
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        a.add_articles(arts)
        update_stories(a)
        story_of = {x: int(s[1:]) for x, s in a.conn.execute("SELECT article_id, story_id FROM story_articles")}
        b.add_articles(arts)
        import_stories(b, story_of)
        strip = ("score",)
        ra = [{k: v for k, v in d.items() if k not in strip} for d in map(StoryView.to_dict, list_stories(a))]
        rb = [{k: v for k, v in d.items() if k not in strip} for d in map(StoryView.to_dict, list_stories(b))]
        assert ra == rb
        assert load_engine(a)[0].state() == load_engine(b)[0].state()


def test_story_articles_in_time_order(store):
    store.add_articles(list(reversed(first_batch())))
    update_stories(store)
    times = [a.published for a in story_articles(store, "s1")]
    assert times == sorted(times)


def test_cli_stories_story_storyline(cli, tmp_path):
    db = str(tmp_path / "c.db")
    with Store(db) as s:
        s.add_articles(first_batch())
    res = cli(["cluster", "--db", db])
    assert res.exit_code == 0 and "5 articles clustered: 2 new stories" in res.stdout
    res = cli(["stories", "--db", db, "--format", "json"])
    rows = json.loads(res.stdout)
    assert [r["id"] for r in rows] == ["s1", "s2"] and rows[0]["brief"]["key_points"]
    res = cli(["story", "1", "--db", db])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == rows[0]["brief"]["headline"] and lines[1].startswith("- ") and "Sources" in res.stdout
    assert "https://news.example/quake/0" in res.stdout
    assert cli(["story", "1", "--changes", "--db", db]).exit_code == 0
    res = cli(["story", "s42", "--db", db])
    assert res.exit_code == 1 and "no such story" in res.stderr
    assert cli(["storyline", "l9", "--db", db]).exit_code == 1


def test_loaded_stories_rank_as_updated_ones(tmp_path):
    """A story stored by ``load_story`` (``newsbrief load``) counts its reports as an update does,
    so it ranks the same (a wire copy counts once)."""
    from newsbrief import story_tables as tables

    arts = first_batch()
    copy = replace(arts[0], id="copy", outlet="Yahoo", url="https://yahoo.example/1",
                   published=arts[0].published + timedelta(hours=1))
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        for st in (a, b):
            st.add_articles(arts)
            st.add_articles([copy])
        update_stories(a)
        with b.transaction():
            for v in list_stories(a):
                r = tables.story_row(a, v.id)
                assert r is not None
                tables.load_story(b, tables.LoadedStory(r.id, r.headline, r.first_seen, r.last_seen, r.n_articles,
                                                        r.n_outlets, tuple(tables.article_ids(a, r.id)),
                                                        tables.brief_rows(a, r.id)[0]), "2025-01-01T00:00:00+00:00")
        assert tables.story_row(b, "s1") == tables.story_row(a, "s1") and tables.story_row(b, "s1").n_reports == 3
        assert [v.to_dict() for v in list_stories(b)] == [v.to_dict() for v in list_stories(a)]
