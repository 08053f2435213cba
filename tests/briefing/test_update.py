"""What's new: a record's "seen" documents make what the reader knows worth nothing to the summary."""

from __future__ import annotations

import json

from newsbrief.briefing.pool import Pool
from newsbrief.briefing.scorers import get_scorer
from newsbrief.briefing.summary import choose_summary
from tests.briefing.summary_texts import DAY_ONE, DAY_TWO, articles


def _summary(seen: list[str], words: int = 20) -> list[str]:
    pool = Pool(articles(DAY_TWO))
    scores = get_scorer("news").score(pool)
    chosen = choose_summary(pool, scores, pool.similarity(), words, seen=seen)
    return [pool.items[k].text for k in chosen]


def test_without_seen_the_most_reported_fact_leads():
    assert any("4,000 residents" in s for s in _summary([]))


def test_with_seen_only_what_is_new_earns():
    got = _summary(DAY_ONE)
    assert got and not any("4,000 residents" in s for s in got)
    assert any("20 million euros" in s or "claims centre" in s for s in got)


def test_update_record_briefs_only_the_new_documents(cli):
    rec = {"id": "u1", "documents": [{"id": f"n{i}", "text": t} for i, t in enumerate(DAY_TWO)],
           "seen": [{"id": f"o{i}", "text": t} for i, t in enumerate(DAY_ONE)]}
    r = cli(["brief", "--jsonl", "-", "--format", "json", "--words", "20"], input=json.dumps(rec) + "\n")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    ids = {s["article_id"] for p in out["summary"]["sentences"] + out["key_points"] for s in p["sources"]}
    assert ids and ids <= {"n0", "n1"}
    assert "4,000" not in out["summary"]["text"]


def test_bad_seen_is_a_one_line_error_naming_the_record(cli):
    rec = {"id": "u2", "documents": DAY_TWO, "seen": [{"title": "no text"}]}
    r = cli(["brief", "--jsonl", "-"], input=json.dumps(rec) + "\n" + json.dumps({"id": "ok", "text": DAY_TWO[0]}) + "\n")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0] == {"id": "u2", "error": "seen document 0 has no 'text'"}
    assert "error" not in lines[1]
    assert r.exit_code == 1


def test_story_changes_shows_the_update_brief_with_its_sources(cli, tmp_path):
    from newsbrief.store import Store
    from tests.test_stories import EXTRA, art, first_batch

    db = str(tmp_path / "u.db")
    with Store(db) as s:
        s.add_articles(first_batch())
    assert cli(["cluster", "--db", db]).exit_code == 0
    with Store(db) as s:
        s.add_articles([art("quake9", EXTRA, "Valdoria death toll rises to 19", hours=30, outlet="AFP",
                            url="https://afp.example/9")])
    assert cli(["cluster", "--db", db]).exit_code == 0
    res = cli(["story", "1", "--changes", "--db", db])
    assert res.exit_code == 0, res.output
    assert "Update brief" in res.stdout and "AFP quake9" in res.stdout
    d = json.loads(cli(["story", "1", "--changes", "--db", db, "--format", "json"]).stdout)
    ids = {c["article_id"] for p in d["update"]["summary"]["sentences"] for c in p["sources"]}
    assert ids == {"quake9"}
