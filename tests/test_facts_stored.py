"""`story --facts` and `storyline --facts` read the brief the store keeps (the one shown), not a fresh one."""

from __future__ import annotations

import json

from newsbrief.facts import facts_of_brief, facts_of_stored, stored_brief
from newsbrief.store import Store
from newsbrief.stories import get_story, story_articles, update_stories
from tests.test_stories import first_batch


def test_story_facts_are_the_stored_briefs(cli, tmp_path):
    db = str(tmp_path / "f.db")
    with Store(db) as s:
        s.add_articles(first_batch())
        update_stories(s)
        d = get_story(s, "s1")
        arts = story_articles(s, "s1")
        brief = stored_brief(d.brief, arts)
        assert [a.id for a in brief.articles] == [a["id"] for a in d.brief["articles"]]
        assert all(a.text for a in brief.articles)  # texts put back from the store
        want = facts_of_brief(brief)  # as the CLI reads it (spaCy when installed: one model cache)
        assert facts_of_stored(None, arts) is None
        assert facts_of_stored({**d.brief, "facts": {"who": []}}, arts) == {"who": []}  # stored facts win
    r = cli(["story", "1", "--facts", "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    got = json.loads(r.stdout)["facts"]
    assert got == json.loads(json.dumps(want))
    shown = {a["id"] for a in d.brief["articles"]}
    assert all(src["article_id"] in shown for key in ("who", "where", "when") for e in got[key] for src in e["sources"])
    r = cli(["story", "1", "--facts", "--db", db], env={"NEWSBRIEF_NLP": "rules"})
    assert r.exit_code == 0 and "Facts" in r.stdout
    line = d.storyline.id if d.storyline else None
    if line:
        assert cli(["storyline", line, "--facts", "--db", db], env={"NEWSBRIEF_NLP": "rules"}).exit_code == 0


def test_storyline_facts_read_stored_briefs(cli, tmp_path):
    from tests.test_stories import QUAKE, art, article, vary

    db = str(tmp_path / "l.db")
    quake = [article("quake", n, n) for n in range(3)]
    later = [art(f"aftershock{n}", vary(QUAKE, n + 3).replace("magnitude 6.1", "magnitude 5.2"),
                 f"Strong aftershock hits Valdoria ({n})", hours=200 + n) for n in range(2)]
    with Store(db) as s:
        s.add_articles(quake + later)
        update_stories(s, assign={**{a.id: 1 for a in quake}, **{a.id: 2 for a in later}})
    r = cli(["storyline", "l1", "--facts", "--db", db, "--format", "json"], env={"NEWSBRIEF_NLP": "rules"})
    assert r.exit_code == 0, r.stderr
    assert isinstance(json.loads(r.stdout)["positions"], dict)
