"""The story page and its JSON twin say how many outlets report each key point (issue 12)."""

from __future__ import annotations

from tests.web.conftest import client, site_db  # noqa: F401 - the web tests' store and client fixtures


def test_key_points_say_reported_by_n_of_m_outlets(client):  # noqa: F811
    stories = client.get("/stories.json").json()["stories"]
    shown = 0
    for s in stories:
        data = client.get(f"/stories/{s['id']}.json").json()
        page = client.get(f"/stories/{s['id']}").text
        for p in data["brief"]["key_points"]:
            if p.get("reported_by"):
                assert p["reported_by"].startswith("reported by ") and p["reported_by"].endswith(" outlets")
                assert f"({p['reported_by']})" in page
                shown += 1
    assert shown, "no key point of a multi-outlet story says how many outlets report it"
