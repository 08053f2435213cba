"""The one module that does HTTP (httpx): only http(s) URLs, conditional GET (ETag /
Last-Modified), gzip/deflate, timeouts and an overall deadline, a size cap at every layer of
decompression, a redirect limit, a per-host concurrency limit, a real User-Agent, and no private,
loopback or link-local addresses for URLs that came from feeds and pages. Every failure is a
NewsbriefError naming the URL.

The deadline and the address check live in the network layer (``_GuardedBackend``): every read
of a socket waits at most until the response's deadline (httpx's own read timeout restarts on
every byte, so a server trickling its headers would otherwise never time out), and every
connection, redirects included, is checked against the address it really connects to.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
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
# Only what we decode ourselves, layer by layer and bounded (httpx would inflate a chunk whole).
ACCEPT_ENCODING = "gzip, deflate"
# Bytes one inflate step may produce: small enough that a bomb never holds much memory at once.
INFLATE_STEP = 256 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


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


class Skipped(NewsbriefError):
    """A request not started because its batch's deadline had passed (``get_many(until=...)``)."""


def allow_private_default() -> bool:
    """``NEWSBRIEF_ALLOW_PRIVATE`` as a flag (1/true/yes/on)."""
    return settings.get("NEWSBRIEF_ALLOW_PRIVATE").strip().lower() in ("1", "true", "yes", "on")


def origin(url: str) -> tuple[str, int]:
    """``(host, port)`` of a URL, the port filled in from the scheme."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(parts.scheme.lower(), 0)


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address on the public internet (not private, loopback, link-local, reserved, multicast)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _Context(threading.local):
    """The request in progress on this thread (httpx's sync client does all its I/O in the
    calling thread): its deadline, the origins it may reach on private addresses, and why a
    connection was refused."""

    deadline: float = float("inf")
    trusted: frozenset[tuple[str, int]] = frozenset()
    allow_private: bool = True
    refused: str = ""


_ctx = _Context()


class _GuardedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # noqa: ANN001, ANN201 - httpcore's API
        return _GuardedStream(self.inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> object:
        return self.inner.get_extra_info(info)


def _bounded(timeout: float | None) -> float:
    """A socket timeout that ends by the response's deadline; ReadTimeout once it has passed."""
    left = _ctx.deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the response's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, with the deadline on every socket operation and the address
    check on every connection (to the address checked: no second DNS answer in between)."""

    def __init__(self, private_origins: set[tuple[str, int]]) -> None:
        self.inner = httpcore.SyncBackend()
        self.private_origins = private_origins  # origins reached on a private address (pooled)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable | None = None) -> httpcore.NetworkStream:
        timeout = _bounded(timeout)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        addrs = list(dict.fromkeys(ipaddress.ip_address(str(i[4][0]).split("%")[0]) for i in infos))
        private = [a for a in addrs if not is_public(a)]
        if private:
            if not (_ctx.allow_private or (host.lower(), port) in _ctx.trusted):
                _ctx.refused = (f"refused: {host} is a private, loopback or link-local address ({private[0]}); "
                                "use --allow-private or NEWSBRIEF_ALLOW_PRIVATE=1 for local feeds")
                raise httpcore.ConnectError(_ctx.refused)
            self.private_origins.add((host.lower(), port))
        error: Exception | None = None
        for addr in addrs:
            try:
                return _GuardedStream(self.inner.connect_tcp(str(addr), port, timeout, local_address, socket_options))
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class Fetcher:
    """A thread-safe HTTP client. ``timeout`` bounds connecting and each read; ``deadline``
    (default 3x timeout) bounds a whole response, headers and body, so a server trickling bytes
    cannot hang a run. ``allow_private`` (default ``$NEWSBRIEF_ALLOW_PRIVATE``) lets URLs from
    feeds and pages reach private addresses; a URL the user named may always reach its own host."""

    def __init__(self, timeout: float | None = None, deadline: float | None = None, max_bytes: int = MAX_BYTES,
                 per_host: int | None = None, user_agent: str | None = None,
                 allow_private: bool | None = None) -> None:
        self.timeout = float(timeout if timeout is not None else settings.get("NEWSBRIEF_FETCH_TIMEOUT"))
        self.deadline = deadline if deadline is not None else 3 * self.timeout
        self.max_bytes = max_bytes
        self.per_host = max(1, int(per_host if per_host is not None else settings.get("NEWSBRIEF_HOST_CONCURRENCY")))
        self.allow_private = allow_private_default() if allow_private is None else allow_private
        limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
        transport = httpx.HTTPTransport(limits=limits, trust_env=False)
        self._private_origins: set[tuple[str, int]] = set()
        transport._pool._network_backend = _GuardedBackend(self._private_origins)  # noqa: SLF001 - no public hook
        self.client = httpx.Client(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": user_agent or settings.get("NEWSBRIEF_USER_AGENT"), "Accept": ACCEPT,
                     "Accept-Encoding": ACCEPT_ENCODING},
            transport=transport, event_hooks={"request": [self._check_pooled]},
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

    def _check_pooled(self, request: httpx.Request) -> None:
        """A pooled connection skips the connect check: refuse an untrusted request to an origin
        that was reached on a private address before (every redirect hop passes here)."""
        o = (request.url.host.lower(), request.url.port or _DEFAULT_PORTS.get(request.url.scheme, 0))
        if not _ctx.allow_private and o not in _ctx.trusted and o in self._private_origins:
            _ctx.refused = f"refused: {o[0]} is a private address; use --allow-private for local feeds"
            raise httpx.ConnectError(_ctx.refused, request=request)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None, *,
            source: str | None = None, until: float | None = None) -> Response:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given). ``source`` is the
        URL of the feed or page that named ``url`` (``""``: a local file); None when the user named
        it. ``until`` (a ``time.monotonic()`` value) ends the response earlier than its deadline."""
        if not is_http(url):
            raise NewsbriefError(url, "only http(s) URLs can be fetched (give a local file as a path)")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        trusted = url if source is None else source
        with self._host_slot(url):
            start = time.monotonic()
            if until is not None and start >= until:  # waited for the host past the batch's time
                raise Skipped(url, "not fetched in this run's time (the next run fetches it)")
            deadline = min(start + self.deadline, until if until is not None else float("inf"))
            budget = max(0.0, deadline - start)
            _ctx.deadline, _ctx.refused = deadline, ""
            _ctx.trusted = frozenset([origin(trusted)]) if trusted else frozenset()
            _ctx.allow_private = self.allow_private
            try:
                return self._get(url, headers)
            except httpx.TooManyRedirects:
                raise NewsbriefError(url, f"too many redirects (more than {MAX_REDIRECTS}: a redirect loop?)") from None
            except httpx.TimeoutException:
                if time.monotonic() >= deadline - 0.01:
                    raise NewsbriefError(url, f"too slow (no complete answer within {budget:.3g} s)") from None
                raise NewsbriefError(url, f"timed out (no answer within {self.timeout:g} s)") from None
            except httpx.UnsupportedProtocol:
                raise NewsbriefError(url, "redirected to a URL that is not http(s)") from None
            except httpx.ConnectError as exc:
                raise NewsbriefError(url, _ctx.refused or f"cannot connect ({_short(exc)})") from None
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                raise NewsbriefError(url, f"fetch failed ({type(exc).__name__}: {_short(exc)})") from None
            finally:
                _ctx.deadline, _ctx.trusted, _ctx.allow_private = float("inf"), frozenset(), True

    def _get(self, url: str, headers: dict[str, str]) -> Response:
        with self.client.stream("GET", url, headers=headers) as r:
            final = str(r.url)
            if r.status_code == 304:
                return Response(final, 304, b"", etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"))
            if r.status_code >= 400:
                raise NewsbriefError(url, f"HTTP {r.status_code} {r.reason_phrase}".strip())
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                raise NewsbriefError(url, f"too large ({int(length) / 1e6:.0f} MB; the limit is {self.max_bytes // 2**20} MiB)")
            chunks: Iterator[bytes] = _capped(r.iter_raw(), self.max_bytes, url)
            encodings = [e.strip().lower() for e in r.headers.get_list("content-encoding", split_commas=True)]
            for enc in reversed([e for e in encodings if e and e != "identity"]):
                if enc not in ("gzip", "x-gzip", "deflate"):
                    raise NewsbriefError(url, f"unsupported Content-Encoding {enc!r}")
                chunks = _capped(_inflate(chunks, enc, url), self.max_bytes, url)  # every layer bounded
            body = bytearray()
            for chunk in chunks:
                body += chunk
            return Response(final, r.status_code, bytes(body), content_type=r.headers.get("content-type", ""),
                            etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"))

    def get_many(self, requests: Iterable[str | tuple[str, str | None, str | None]], *, source: str | None = None,
                 until: float | None = None) -> Iterator[tuple[str, Response | NewsbriefError]]:
        """GET each URL (or ``(url, etag, last_modified)``) concurrently, the per-host limit kept;
        ``(url, response or error)`` in input order. ``source`` as for :meth:`get`; a request not
        started by ``until`` (``time.monotonic()``) is answered with :class:`Skipped`."""
        reqs = [(r, None, None) if isinstance(r, str) else r for r in requests]
        if not reqs:
            return
        with ThreadPoolExecutor(max_workers=min(MAX_CONNECTIONS, len(reqs))) as pool:
            futures = [pool.submit(self._safe_get, *r, source=source, until=until) for r in reqs]
            try:
                for r, f in zip(reqs, futures, strict=True):
                    yield r[0], f.result()
            finally:
                for f in futures:
                    f.cancel()

    def _safe_get(self, url: str, etag: str | None = None, last_modified: str | None = None, *,
                  source: str | None = None, until: float | None = None) -> Response | NewsbriefError:
        try:
            return self.get(url, etag, last_modified, source=source, until=until)
        except NewsbriefError as exc:
            return exc


def _capped(chunks: Iterable[bytes], limit: int, url: str) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise NewsbriefError(url, f"too large (over {limit // 2**20} MiB)")
        if time.monotonic() > _ctx.deadline:  # a fast body of a slow server: checked between chunks
            raise httpx.ReadTimeout("the response's deadline has passed")
        yield chunk


def _inflate(chunks: Iterable[bytes], encoding: str, url: str) -> Iterator[bytes]:
    """One layer of gzip (all members) or deflate (zlib or raw), never more than INFLATE_STEP
    bytes produced at once, so the caller's cap stops a bomb after a few steps."""
    gz = encoding != "deflate"
    d: zlib._Decompress | None = None
    members = 0
    for chunk in chunks:
        data = chunk
        while data:
            if d is None:
                wbits = zlib.MAX_WBITS | 32 if gz else (zlib.MAX_WBITS if _zlib_header(data) else -zlib.MAX_WBITS)
                d = zlib.decompressobj(wbits)
            try:
                out = d.decompress(data, INFLATE_STEP)
            except zlib.error:
                if members:  # trailing bytes after a complete body: ignored, as browsers do
                    return
                raise NewsbriefError(url, "the compressed body is corrupt") from None
            if out:
                yield out
            if d.eof:
                members += 1
                data = d.unused_data if gz else b""
                d = None
            else:
                data = d.unconsumed_tail
    if d is not None:
        while out := d.decompress(b"", INFLATE_STEP):  # output still held back by the step size
            yield out


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
