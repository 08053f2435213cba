"""One error shape for every 4xx and 5xx, pinned; missing ids are 404s, never tracebacks."""

from __future__ import annotations

import pytest

SHAPE = {"ok", "error", "status"}


def assert_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == SHAPE, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in r.text
    assert r.headers["cache-control"] == "no-store"
    assert "content-security-policy" in r.headers
    return body


@pytest.mark.parametrize("path", [
    "/stories/does-not-exist.json", "/stories/does-not-exist", "/articles/nope.json", "/articles/nope",
    "/storylines/nope.json", "/storylines/nope/feed.atom", "/nothing-here", "/nothing-here.json",
    "/stories/x/y.json", "/static/missing.css",
])
def test_not_found(client, path):
    assert_error(client.get(path), 404)


def test_missing_story_names_it(client):
    assert "does-not-exist" in assert_error(client.get("/stories/does-not-exist.json"), 404)["error"]


@pytest.mark.parametrize("path", [
    "/stories.json?limit=0", "/stories.json?limit=abc", "/stories.json?offset=-1", "/stories.json?since=yesterdayish",
    "/articles.json?since=soon", "/search.json?q=x&limit=1000", "/articles/a1.json?hl=zz", "/stories.json?min_outlets=0",
    "/search.json?q=" + "x" * 600,
])
def test_bad_parameters(client, path):
    assert_error(client.get(path), 400)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only(client, method):
    r = client.request(method, "/stories.json")
    assert_error(r, 405)
    assert "GET" in r.headers["allow"]


def test_browser_gets_an_error_page(client):
    r = client.get("/stories/does-not-exist", headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "does-not-exist" in r.text and "Traceback" not in r.text
    # .json stays JSON whatever the client accepts
    assert_error(client.get("/stories/does-not-exist.json", headers={"Accept": "text/html"}), 404)


def test_crash_is_a_500_in_the_error_shape(site_db):
    from newsbrief.web import create_app
    from tests.web.conftest import test_client

    class Broken:
        def list_stories(self, *a, **k):
            raise RuntimeError("secret internals /etc/passwd")

        def get_story(self, *a, **k):
            raise RuntimeError("secret internals")

        def get_storyline(self, *a, **k):
            raise RuntimeError("secret internals")

    with test_client(create_app(site_db, stories=Broken())) as c:
        for path in ("/stories.json", "/stories/1.json", "/storylines/l1.json", "/storylines/l1/feed.atom"):
            body = assert_error(c.get(path), 500)
            assert "secret" not in body["error"]
        r = c.get("/", headers={"Accept": "text/html"})
        assert r.status_code == 500 and "secret" not in r.text
