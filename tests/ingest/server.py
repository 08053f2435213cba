"""A real HTTP server on 127.0.0.1 for the network tests: routes of canned responses, including
the hostile ones (redirect loops, hangs, trickles, huge bodies, errors)."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path answers. ``body`` may be a callable of the handler (for dynamic answers)."""

    body: bytes | Callable[[BaseHTTPRequestHandler], bytes] = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    gzip: bool = False
    redirect: str | None = None
    hang: float = 0.0           # sleep this long before answering
    trickle: float = 0.0        # send the body a byte at a time, this many seconds apart
    stream_bytes: int = 0       # send this many bytes, chunked, with no Content-Length
    fake_length: int | None = None  # announce this Content-Length (and send little)
    delay: float = 0.0          # sleep before the body (to measure concurrency)
    trickle_headers: float = 0.0  # send the status line and headers a byte at a time, this far apart


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout, size cap) is what these tests provoke


class Server:
    """``with Server() as s: s.routes["/x"] = Route(b"..."); s.url("/x")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sent: dict[str, int] = {}  # body bytes written per path (streams and trickles): what a client read
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                with server._lock:
                    server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                try:
                    server._answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server._lock:
                        server.active -= 1

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _sleep(self, seconds: float) -> None:
        self._stop.wait(seconds)

    def _count(self, h: BaseHTTPRequestHandler, n: int) -> None:
        path = h.path.split("?")[0]
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + n

    def fetches(self, prefix: str) -> int:
        """How many requests asked for a path starting with ``prefix``."""
        return sum(path.startswith(prefix) for path, _ in self.requests)

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(h.path.split("?")[0])
        if route is None:
            h.send_response(404)
            h.send_header("Content-Length", "9")
            h.end_headers()
            h.wfile.write(b"not found")
            return
        if route.hang:
            self._sleep(route.hang)
            return
        if route.redirect:
            h.send_response(302)
            h.send_header("Location", route.redirect)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if route.etag and h.headers.get("If-None-Match") == route.etag:
            h.send_response(304)
            h.send_header("ETag", route.etag)
            h.end_headers()
            return
        if route.trickle_headers:
            head = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Pad-%d: %s\r\n" % (i, b"p" * 60) for i in range(100))
            for i in range(len(head)):
                if self._stop.is_set():
                    return
                h.wfile.write(head[i:i + 1])
                h.wfile.flush()
                time.sleep(route.trickle_headers)
            return
        body = route.body(h) if callable(route.body) else route.body
        h.send_response(route.status)
        h.send_header("Content-Type", route.content_type)
        for k, v in route.headers.items():
            h.send_header(k, v)
        if route.etag:
            h.send_header("ETag", route.etag)
        if route.stream_bytes:
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            chunk, sent = b"a" * 65536, 0
            while sent < route.stream_bytes and not self._stop.is_set():
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
                self._count(h, len(chunk))
            h.wfile.write(b"0\r\n\r\n")
            return
        if route.gzip:
            body = gzip.compress(body)
            h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(route.fake_length if route.fake_length is not None else len(body)))
        h.end_headers()
        if route.delay:
            self._sleep(route.delay)
        if route.trickle:
            for i in range(len(body)):
                if self._stop.is_set():
                    return
                h.wfile.write(body[i:i + 1])
                h.wfile.flush()
                self._count(h, 1)
                time.sleep(route.trickle)
            return
        h.wfile.write(body if route.fake_length is None else body[:1000])


def page(title: str, *paragraphs: str) -> bytes:
    """An HTML article page."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article>"
            "</body></html>").encode()


def rss(title: str, items: list[dict], link: str = "https://example.org/") -> bytes:
    """An RSS 2.0 feed of items {title, link, description, pubDate, content}."""
    out = []
    for it in items:
        parts = [f"<{k}>{v}</{k}>" for k, v in it.items() if k in ("title", "link", "description", "pubDate", "guid")]
        if it.get("content"):
            parts.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append("<item>" + "".join(parts) + "</item>")
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{title}</title><link>{link}</link><description>d</description>{''.join(out)}"
            "</channel></rss>").encode()
