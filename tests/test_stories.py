"""Stories in a real SQLite store: incremental clustering, versioned briefs, storylines, commands."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsbrief.ingest import read_path
from newsbrief.models import Article
from newsbrief.store import Store
from newsbrief.stories import changes, get_story, list_stories, reported_by, update_stories
from tests.conftest import FIXTURES

T0 = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)


def strike(n: int, outlet: str, text_file: str = "talks.txt"):
    a = read_path(str(FIXTURES / "brief" / text_file))
    return replace(a, id=f"strike-{n}", outlet=outlet, url=f"https://{outlet.lower()}.example/{n}",
                   published=T0 + timedelta(hours=n))


def other(n: int):
    text = ("Astronomers announced on Friday the discovery of a comet that will pass close to Mars next "
            "spring. The comet, named C/2025 Q4, was spotted by a telescope in Chile. Scientists said the "
            "comet is about ten kilometres wide and poses no danger to Earth.")
    return Article(
        id=f"comet-{n}", text=text, title="Comet to pass close to Mars", outlet="Skyward",
        url=f"https://skyward.example/{n}", published=T0 + timedelta(hours=n))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "nb.db") as s:
        yield s


def test_update_clusters_only_new_articles_and_keeps_old_briefs(store):
    store.add_articles([strike(1, "Portville Post"), other(1)])
    first = update_stories(store)
    assert first["articles"] == 2 and first["new_stories"] == 2
    assert update_stories(store)["articles"] == 0  # nothing new: nothing done
    store.add_articles([strike(2, "Harbour Times", "talks2.txt")])
    again = update_stories(store)
    assert again == {**again, "articles": 1, "new_stories": 0, "grown_stories": 1}
    rows = list_stories(store)
    grown = next(d for d in rows if d["n_articles"] == 2)
    assert grown["n_outlets"] == 2 and grown["version"] == 2
    d = get_story(store, grown["id"])
    assert [v["version"] for v in d["versions"]] == [2, 1]
    assert {a["outlet"] for a in d["articles"]} == {"Portville Post", "Harbour Times"}
    assert isinstance(changes(store, grown["id"]), list)
    assert get_story(store, "nope") is None


def test_ranking_prefers_more_outlets(store):
    store.add_articles([strike(1, "Portville Post"), strike(2, "Harbour Times", "talks2.txt"), other(1)])
    update_stories(store)
    rows = list_stories(store)
    assert rows[0]["n_outlets"] == 2 and rows[0]["score"] > rows[1]["score"]
    assert [d["n_outlets"] for d in list_stories(store, min_outlets=2)] == [2]


def test_key_points_say_who_reported_them(store):
    store.add_articles([strike(1, "Portville Post"), strike(2, "Harbour Times", "talks2.txt")])
    update_stories(store)
    pts = list_stories(store)[0]["brief"]["key_points"]
    assert any("Portville Post" in reported_by(p) and "Harbour Times" in reported_by(p) for p in pts)


def test_commands(store, cli, tmp_path):
    store.add_articles([strike(1, "Portville Post"), strike(2, "Harbour Times", "talks2.txt"), other(1)])
    update_stories(store)
    db = str(store.path)
    js = json.loads(cli(["stories", "--db", db, "--format", "json"]).stdout)
    assert js[0]["articles"][0]["id"].startswith("strike-") and js[0]["brief"]["headline"]
    sid = js[0]["id"]
    out = cli(["story", sid, "--db", db]).stdout.split("\n")
    assert out[0] == js[0]["brief"]["headline"] and all(x.startswith("- ") for x in out[1:4])
    assert "Sources (2 articles, 2 outlets)" in "\n".join(out)
    assert cli(["story", sid, "--db", db, "--changes"]).exit_code == 0
    r = cli(["story", "s999", "--db", db])
    assert r.exit_code == 1 and "s999: no such story" in r.stderr
    assert cli(["storyline", "l999", "--db", db]).exit_code == 1
