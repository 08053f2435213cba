"""The one module that does HTTP (httpx): only http(s) URLs, conditional GET (ETag /
Last-Modified), gzip, timeouts and an overall deadline, a size cap, a redirect limit, a
per-host concurrency limit and a real User-Agent. Every failure is a NewsbriefError naming the URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from newsbrief import settings
from newsbrief.errors import NewsbriefError
from newsbrief.settings import MAX_BYTES
from newsbrief.urls import is_http

# Five hops cover http->https->www->canonical; more is a loop or a tracker chain.
MAX_REDIRECTS = 5
# Total connections at once: enough to overlap slow servers on a 2-core machine without
# spending much memory; per host we stay at NEWSBRIEF_HOST_CONCURRENCY (polite to each site).
MAX_CONNECTIONS = 8
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
          "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")


@dataclass(frozen=True)
class Response:
    """A finished GET. ``status`` 304 (``not_modified``) has an empty ``content``."""

    url: str
    status: int
    content: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """A thread-safe HTTP client. ``timeout`` bounds connecting and each read; ``deadline``
    (default 3x timeout) bounds a whole response, so a server trickling bytes cannot hang a run."""

    def __init__(self, timeout: float | None = None, deadline: float | None = None, max_bytes: int = MAX_BYTES,
                 per_host: int | None = None, user_agent: str | None = None) -> None:
        self.timeout = float(timeout if timeout is not None else settings.get("NEWSBRIEF_FETCH_TIMEOUT"))
        self.deadline = deadline if deadline is not None else 3 * self.timeout
        self.max_bytes = max_bytes
        self.per_host = max(1, int(per_host if per_host is not None else settings.get("NEWSBRIEF_HOST_CONCURRENCY")))
        self.client = httpx.Client(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": user_agent or settings.get("NEWSBRIEF_USER_AGENT"), "Accept": ACCEPT},
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS),
            trust_env=False,  # no proxies or .netrc picked up from the environment
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host_slot(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            return self._hosts.setdefault(host, threading.BoundedSemaphore(self.per_host))

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given)."""
        if not is_http(url):
            raise NewsbriefError(url, "only http(s) URLs can be fetched (give a local file as a path)")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._host_slot(url):
            try:
                return self._get(url, headers)
            except httpx.TooManyRedirects:
                raise NewsbriefError(url, f"too many redirects (more than {MAX_REDIRECTS}: a redirect loop?)") from None
            except httpx.TimeoutException:
                raise NewsbriefError(url, f"timed out (no answer within {self.timeout:g} s)") from None
            except httpx.UnsupportedProtocol:
                raise NewsbriefError(url, "redirected to a URL that is not http(s)") from None
            except httpx.DecodingError:
                raise NewsbriefError(url, "the compressed body is corrupt") from None
            except httpx.ConnectError as exc:
                raise NewsbriefError(url, f"cannot connect ({_short(exc)})") from None
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                raise NewsbriefError(url, f"fetch failed ({type(exc).__name__}: {_short(exc)})") from None

    def _get(self, url: str, headers: dict[str, str]) -> Response:
        start = time.monotonic()
        with self.client.stream("GET", url, headers=headers) as r:
            final = str(r.url)
            if r.status_code == 304:
                return Response(final, 304, b"", etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"))
            if r.status_code >= 400:
                raise NewsbriefError(url, f"HTTP {r.status_code} {r.reason_phrase}".strip())
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                raise NewsbriefError(url, f"too large ({int(length) / 1e6:.0f} MB; the limit is {self.max_bytes // 2**20} MiB)")
            body = bytearray()
            for chunk in r.iter_bytes():  # decoded (gunzipped) bytes: the cap also stops gzip bombs
                body += chunk
                if len(body) > self.max_bytes:
                    raise NewsbriefError(url, f"too large (over {self.max_bytes // 2**20} MiB)")
                if time.monotonic() - start > self.deadline:
                    raise NewsbriefError(url, f"too slow (the body took over {self.deadline:g} s)")
            return Response(final, r.status_code, bytes(body), content_type=r.headers.get("content-type", ""),
                            etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"))

    def get_many(self, requests: Iterable[str | tuple[str, str | None, str | None]]
                 ) -> Iterator[tuple[str, Response | NewsbriefError]]:
        """GET each URL (or ``(url, etag, last_modified)``) concurrently, the per-host limit kept;
        ``(url, response or error)`` in input order."""
        reqs = [(r, None, None) if isinstance(r, str) else r for r in requests]
        if not reqs:
            return
        with ThreadPoolExecutor(max_workers=min(MAX_CONNECTIONS, len(reqs))) as pool:
            futures = [pool.submit(self._safe_get, *r) for r in reqs]
            for r, f in zip(reqs, futures, strict=True):
                yield r[0], f.result()

    def _safe_get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response | NewsbriefError:
        try:
            return self.get(url, etag, last_modified)
        except NewsbriefError as exc:
            return exc


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
