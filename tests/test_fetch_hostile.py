"""fetch.py under a hostile server (threads on 127.0.0.1): every fetch ends within 3x the timeout
with a one-line error and under 300 MB of memory; private addresses are refused for URLs that
came from feeds and pages, after redirects too."""

from __future__ import annotations

import gzip
import resource
import struct
import time
import zlib

import pytest

from newsbrief.errors import NewsbriefError
from newsbrief.fetch import Fetcher, Skipped, is_public, origin
from tests.ingest.server import Route, Server

TIMEOUT = 0.5
MAX_MB = 300


@pytest.fixture
def server():
    with Server() as s:
        yield s


@pytest.fixture
def fetcher(monkeypatch):
    # the real body cap (20 MiB), a short NEWSBRIEF_FETCH_TIMEOUT; private addresses refused unless trusted
    monkeypatch.setenv("NEWSBRIEF_FETCH_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE", "0")
    with Fetcher() as f:
        assert f.deadline == 3 * TIMEOUT and not f.allow_private
        yield f


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _fails_fast(fetcher: Fetcher, url: str, match: str) -> NewsbriefError:
    t = time.monotonic()
    with pytest.raises(NewsbriefError, match=match) as exc:
        fetcher.get(url)
    assert time.monotonic() - t < 3 * TIMEOUT + 0.5
    assert "\n" not in exc.value.message and exc.value.item == url
    return exc.value


def gzip_bomb(gigabytes: int = 4) -> bytes:
    """gzip(gzip(zeros)): a few KB that inflate to ``gigabytes`` GB. The inner layer repeats one
    independently decodable (full-flush) block of 1 MiB of zeros, so it is built in milliseconds;
    its CRC is left 0 (nobody reads that far)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = c.compress(b"\0" * 2**20) + c.flush(zlib.Z_FULL_FLUSH)
    n = gigabytes * 1024
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    inner = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + block * n + end + struct.pack("<II", 0, (n << 20) & 0xFFFFFFFF)
    return gzip.compress(inner, 9)


def test_trickled_headers_end_at_the_deadline(server, fetcher):
    server.routes["/h"] = Route(trickle_headers=0.02)  # 6,000+ header bytes, each within the read timeout
    _fails_fast(fetcher, server.url("/h"), "too slow")


def test_trickled_body_ends_at_the_deadline(server, fetcher):
    server.routes["/b"] = Route(b"x" * 2000, trickle=0.01)
    _fails_fast(fetcher, server.url("/b"), "too slow")


def test_nested_gzip_bomb_is_too_large_not_memory_error(server, fetcher):
    bomb = gzip_bomb(4)
    assert len(bomb) < 20_000
    server.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip, gzip"})
    before = _rss_mb()
    _fails_fast(fetcher, server.url("/bomb"), "too large")
    assert _rss_mb() - before < MAX_MB


def test_nested_gzip_within_the_cap_is_decoded(server, fetcher):
    body = b"nested news " * 1000
    server.routes["/gz2"] = Route(gzip.compress(gzip.compress(body)), headers={"Content-Encoding": "gzip, gzip"})
    server.routes["/defl"] = Route(zlib.compress(body), headers={"Content-Encoding": "deflate"})
    assert fetcher.get(server.url("/gz2")).content == body
    assert fetcher.get(server.url("/defl")).content == body


def test_corrupt_and_unknown_encodings_are_one_line_errors(server, fetcher):
    server.routes["/bad"] = Route(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    server.routes["/br"] = Route(b"xx", headers={"Content-Encoding": "br"})
    _fails_fast(fetcher, server.url("/bad"), "corrupt")
    _fails_fast(fetcher, server.url("/br"), "unsupported Content-Encoding")


def test_redirect_to_a_private_address_is_refused(server, fetcher):
    # the URL the user named may reach its own host (127.0.0.1:port); a redirect elsewhere may not
    server.routes["/go"] = Route(redirect=f"http://localhost:{server.port}/inside")
    server.routes["/inside"] = Route(b"secret")
    err = _fails_fast(fetcher, server.url("/go"), "refused")
    assert "private" in err.message and "--allow-private" in err.message
    assert [p for p, _ in server.requests] == ["/go"]


def test_links_from_feeds_may_not_reach_private_addresses(server, fetcher):
    server.routes["/p"] = Route(b"page")
    with pytest.raises(NewsbriefError, match="refused"):
        fetcher.get(server.url("/p"), source="")  # named by a local feed file
    with pytest.raises(NewsbriefError, match="refused"):
        fetcher.get(server.url("/p"), source="https://news.example.org/feed")
    assert fetcher.get(server.url("/p"), source=server.url("/feed")).content == b"page"  # the feed's own host
    out = dict(fetcher.get_many([server.url("/p")], source=""))
    assert isinstance(out[server.url("/p")], NewsbriefError)


def test_a_pooled_private_connection_is_not_reused_by_an_untrusted_request(server, fetcher):
    server.routes["/p"] = Route(b"page")
    assert fetcher.get(server.url("/p")).content == b"page"  # the user's own URL: trusted, pooled
    with pytest.raises(NewsbriefError, match="refused"):
        fetcher.get(server.url("/p"), source="https://news.example.org/feed")


def test_allow_private_lets_local_feeds_through(server, monkeypatch):
    server.routes["/p"] = Route(b"page")
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE", "1")
    with Fetcher(timeout=TIMEOUT) as f:
        assert f.get(server.url("/p"), source="").content == b"page"


def test_get_many_skips_what_the_batch_deadline_leaves(server):
    server.routes["/slow"] = Route(b"x" * 100, trickle=0.02)
    server.routes["/fast"] = Route(b"ok")
    with Fetcher(timeout=TIMEOUT, per_host=1, allow_private=True) as f:
        t = time.monotonic()
        out = list(f.get_many([server.url("/slow"), server.url("/fast"), server.url("/fast")], until=t + 0.5))
    assert time.monotonic() - t < 2
    assert isinstance(out[0][1], NewsbriefError) and "too slow" in out[0][1].message  # cut at the batch's end
    assert [type(r) for _, r in out[1:]] == [Skipped, Skipped] and "next run" in out[1][1].message


@pytest.mark.parametrize("ip,public", [("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False),
                                       ("169.254.169.254", False), ("::1", False), ("fe80::1", False),
                                       ("::ffff:10.0.0.1", False), ("100.64.0.1", False), ("224.0.0.1", False),
                                       ("93.184.216.34", True), ("2606:4700::1111", True)])
def test_address_classes(ip, public):
    import ipaddress

    assert is_public(ipaddress.ip_address(ip)) is public


def test_origin_fills_in_the_port():
    assert origin("https://Example.org/x") == ("example.org", 443)
    assert origin("http://127.0.0.1:8080/") == ("127.0.0.1", 8080)
