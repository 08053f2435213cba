"""fetch.py against a real HTTP server on 127.0.0.1: the good, the conditional and the hostile."""

from __future__ import annotations

import pytest

from newsbrief.errors import NewsbriefError
from newsbrief.fetch import MAX_REDIRECTS, Fetcher
from tests.ingest.server import Route


@pytest.fixture
def fetcher():
    with Fetcher(timeout=0.5, deadline=1.5, max_bytes=1 << 20, per_host=2, user_agent="nb-test/1.0") as f:
        yield f


def test_get_returns_body_and_sends_user_agent(server, fetcher):
    server.routes["/a"] = Route(b"<html>hi</html>", headers={"Last-Modified": "Tue, 04 Mar 2025 08:00:00 GMT"})
    r = fetcher.get(server.url("/a"))
    assert (r.status, r.content, r.not_modified) == (200, b"<html>hi</html>", False)
    assert r.content_type.startswith("text/html") and r.last_modified.startswith("Tue")
    assert server.requests[0][1]["user-agent"] == "nb-test/1.0"


def test_default_user_agent_comes_from_settings(server, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_USER_AGENT", "newsbrief-ua-test")
    server.routes["/a"] = Route(b"x")
    with Fetcher(timeout=1) as f:
        f.get(server.url("/a"))
    assert server.requests[0][1]["user-agent"] == "newsbrief-ua-test"


def test_conditional_get_with_etag_gives_304(server, fetcher):
    server.routes["/feed"] = Route(b"<rss/>", etag='"v1"')
    first = fetcher.get(server.url("/feed"))
    again = fetcher.get(server.url("/feed"), etag=first.etag, last_modified="Tue, 04 Mar 2025 08:00:00 GMT")
    assert first.etag == '"v1"' and again.not_modified and again.content == b""
    assert server.requests[1][1]["if-none-match"] == '"v1"'
    assert server.requests[1][1]["if-modified-since"].startswith("Tue")


def test_gzip_body_is_decoded(server, fetcher):
    server.routes["/z"] = Route(b"compressed news " * 100, gzip=True)
    assert fetcher.get(server.url("/z")).content == b"compressed news " * 100
    assert "gzip" in server.requests[0][1]["accept-encoding"]


@pytest.mark.parametrize("status,text", [(500, "HTTP 500"), (404, "HTTP 404"), (403, "HTTP 403")])
def test_http_errors_name_the_status(server, fetcher, status, text):
    server.routes["/e"] = Route(b"oops", status=status)
    with pytest.raises(NewsbriefError, match=text) as exc:
        fetcher.get(server.url("/e"))
    assert exc.value.item == server.url("/e")


def test_announced_100mb_body_is_refused_before_reading(server, fetcher):
    server.routes["/big"] = Route(b"x" * 1000, fake_length=100 * 2**20)
    with pytest.raises(NewsbriefError, match="too large"):
        fetcher.get(server.url("/big"))


def test_unannounced_huge_body_is_cut_at_the_cap(server, fetcher):
    server.routes["/stream"] = Route(stream_bytes=100 * 2**20)
    with pytest.raises(NewsbriefError, match="too large"):
        fetcher.get(server.url("/stream"))
    # the client hung up near the 1 MiB cap: the server wrote a small part of the 100 MiB (socket buffers aside)
    assert server.sent["/stream"] < 100 * 2**20 // 4


def test_redirects_are_followed_up_to_the_limit(server, fetcher):
    server.routes["/old"] = Route(redirect="/new")
    server.routes["/new"] = Route(b"moved here")
    r = fetcher.get(server.url("/old"))
    assert r.content == b"moved here" and r.url == server.url("/new")


def test_redirect_loop_is_an_error(server, fetcher):
    server.routes["/loop1"] = Route(redirect="/loop2")
    server.routes["/loop2"] = Route(redirect="/loop1")
    with pytest.raises(NewsbriefError, match="too many redirects"):
        fetcher.get(server.url("/loop1"))
    assert len(server.requests) == MAX_REDIRECTS + 1


def test_redirect_to_a_file_url_is_refused(server, fetcher):
    server.routes["/sneaky"] = Route(redirect="file:///etc/passwd")
    with pytest.raises(NewsbriefError, match="not http"):
        fetcher.get(server.url("/sneaky"))


def test_hanging_server_times_out(server, fetcher):
    server.routes["/hang"] = Route(hang=30)
    with pytest.raises(NewsbriefError, match="timed out"):  # not a disconnect after the 30 s hang
        fetcher.get(server.url("/hang"))
    assert server.fetches("/hang") == 1  # given up once, not retried


def test_trickling_server_hits_the_deadline(server, fetcher):
    server.routes["/slow"] = Route(b"x" * 400, trickle=0.05)  # 20 s in all, each byte well within the timeout
    with pytest.raises(NewsbriefError, match="too slow"):
        fetcher.get(server.url("/slow"))
    assert server.sent["/slow"] < 400  # cut by the deadline before the body was complete


def test_connection_refused_is_an_error(fetcher):
    with pytest.raises(NewsbriefError, match="cannot connect"):
        fetcher.get("http://127.0.0.1:9/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "/etc/passwd", ""])
def test_only_http_urls_are_fetched(fetcher, url):
    with pytest.raises(NewsbriefError, match="only http"):
        fetcher.get(url)


def test_get_many_keeps_order_limits_each_host_and_returns_errors(server, fetcher):
    for i in range(6):
        server.routes[f"/p{i}"] = Route(f"page {i}".encode(), delay=0.15)
    server.routes["/bad"] = Route(b"", status=500)
    urls = [server.url(f"/p{i}") for i in range(6)] + [server.url("/bad")]
    out = list(fetcher.get_many(urls))
    assert [u for u, _ in out] == urls
    assert [r.content for _, r in out[:6]] == [f"page {i}".encode() for i in range(6)]
    assert isinstance(out[6][1], NewsbriefError)
    assert server.max_active == 2  # per_host=2, though 7 requests were in flight
