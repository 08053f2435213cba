"""The story JSON's ``why`` (issue 11): only when asked, one reason per article, the first opens."""

from __future__ import annotations


def test_story_json_why(client):
    rows = client.get("/stories.json").json()
    stories = rows["stories"] if isinstance(rows, dict) else rows
    sid = next(s["id"] for s in stories if s["articles"] >= 2)
    plain = client.get(f"/stories/{sid}.json").json()
    assert "why" not in plain
    res = client.get(f"/stories/{sid}.json?why=true")
    assert res.status_code == 200
    why = res.json()["why"]
    assert len(why) >= 2 and why[0]["opened"] and not why[1]["opened"]
    assert {"similarity", "needed", "gap_days", "names", "numbers", "dates", "line"} <= set(why[1])
