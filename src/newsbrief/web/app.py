"""The FastAPI application: read-only pages, their JSON twins, Atom feeds, one error shape.

Every page builds one dict (``newsbrief.web.pages``) rendered either by a Jinja2 template or as
JSON (the same path with ``.json``). Errors, 4xx and 5xx alike, are ``{"ok": false, "error",
"status"}`` (HTML pages asked for by a browser get an error page saying the same). Every
response carries a Content-Security-Policy that allows no script, and cache headers; rendered
bodies are cached until the store changes.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsbrief import __version__
from newsbrief.web import pages
from newsbrief.web.data import Reader, StoriesAPI
from newsbrief.web.reads import live_status
from newsbrief.web.render import HTML_TYPE, JSON_TYPE, Body, BodyCache, make_env, to_json

log = logging.getLogger("newsbrief.web")
STATIC = Path(__file__).resolve().parent / "static"

# No script anywhere; styles and images from this site only; no framing; forms submit here only.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
# Worker threads building pages at once (SQLite reads release the GIL; rendering does not).
BUILDERS = 4
PAGE_CACHE = "public, max-age=60"
FEED_CACHE = "public, max-age=300"
STATIC_CACHE = "public, max-age=86400"
ERROR_CACHE = "no-store"


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers every response carries."""
    return [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin")]


def page_path(request: Request) -> str:
    """The request's path as a link to itself: the decoded path quoted again, so an id holding
    ``/``, ``%``, ``?`` or ``#`` links back to the same page (its JSON twin: this plus ``.json``)."""
    return quote(request.url.path, safe="/:@!$&'()*+,;=-._~")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v
    return None


def cache_key(scope: Scope) -> tuple[str, bytes, bytes]:
    """What a rendered body depends on: path, query string and Host (Atom links are absolute)."""
    return scope["path"], scope.get("query_string", b""), _header(scope, b"host") or b""


class SiteMiddleware:
    """ASGI middleware in front of the app: security headers and a default Cache-Control on every
    response; HEAD answered as GET without the body; and the fast path, where a body rendered
    earlier for the same request, still valid for the store as it is now, is sent directly
    (a 304 when ``If-None-Match`` matches), without routing or validating again."""

    def __init__(self, app: ASGIApp, site: Site) -> None:
        self.app = app
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        path = scope["path"]
        if scope["method"] == "GET":
            body = self.site.lookup(cache_key(scope))
            if body is not None:
                await self._send(scope, send, body, head)
                return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                names = {k.lower() for k, _ in headers}
                headers += [h for h in security_headers(path) if h[0] not in names]
                if b"cache-control" not in names:
                    status = message["status"]
                    cc = STATIC_CACHE if path.startswith("/static/") and status < 400 else \
                        (PAGE_CACHE if status < 400 else ERROR_CACHE)
                    headers.append((b"cache-control", cc.encode()))
                message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, wrapped)

    @staticmethod
    async def _send(scope: Scope, send: Send, body: Body, head: bool) -> None:
        fresh = _header(scope, b"if-none-match") == body.etag.encode()
        headers = [(b"etag", body.etag.encode()), (b"cache-control", body.cache_control.encode())]
        if not fresh:
            headers += [(b"content-type", body.media_type.encode()),
                        (b"content-length", str(len(body.content)).encode())]
        await send({"type": "http.response.start", "status": 304 if fresh else 200,
                    "headers": headers + security_headers(scope["path"])})
        await send({"type": "http.response.body", "body": b"" if fresh or head else body.content})


class Site:
    """What the routes share: the reader, the templates and the body cache."""

    def __init__(self, reader: Reader, cache_entries: int = 512) -> None:
        self.reader = reader
        self.env = make_env()
        self.cache = BodyCache(cache_entries)
        self._building: dict[Hashable, asyncio.Future[Body]] = {}
        # Pages are built in worker threads; past a few at once they only contend for the GIL.
        self._limiter = anyio.CapacityLimiter(BUILDERS)

    def html(self, template: str, data: dict, **extra: Any) -> bytes:
        return self.env.get_template(template).render(page=data, **extra).encode("utf-8")

    def lookup(self, key: Hashable) -> Body | None:
        """A body rendered for ``key`` and still valid (the store has not changed since), or None."""
        return self.cache.get(key, self.reader.generation())

    async def respond(self, request: Request, template: str, build: Callable[[Reader], dict],
                      cache_control: str = PAGE_CACHE) -> Response:
        """The page's dict as HTML, or as JSON when the path ends with ``.json``."""
        fmt = "json" if request.url.path.endswith(".json") else "html"

        def make() -> Body:
            data = build(self.reader)
            if fmt == "json":
                return Body.of(to_json({"ok": True, **data}), JSON_TYPE, cache_control)
            return Body.of(self.html(template, data, path=page_path(request), query=dict(request.query_params),
                                     live=live_status(self.reader.store())), HTML_TYPE, cache_control)

        return await self.cached(request, make)

    async def cached(self, request: Request, make: Callable[[], Body]) -> Response:
        """The body for this request: from the cache, or made in a worker thread (once: requests
        for the same page while it is being made wait for it) and cached for this store generation."""
        key = cache_key(request.scope)
        gen = self.reader.generation()
        body = self.cache.get(key, gen)
        if body is None:
            pending = self._building.get(key)
            if pending is not None:
                body = await asyncio.shield(pending)
            else:
                fut: asyncio.Future[Body] = asyncio.get_running_loop().create_future()
                self._building[key] = fut
                try:
                    body = await anyio.to_thread.run_sync(make, limiter=self._limiter)
                    self.cache.put(key, gen, body)
                    fut.set_result(body)
                except BaseException as exc:
                    fut.set_exception(exc)
                    fut.exception()  # retrieved: no "never retrieved" warning when nobody waited
                    raise
                finally:
                    del self._building[key]
        headers = {"ETag": body.etag, "Cache-Control": body.cache_control}
        if request.headers.get("if-none-match") == body.etag:
            return Response(status_code=304, headers=headers)
        return Response(body.content, media_type=body.media_type, headers=headers)


# -- errors -----------------------------------------------------------------------------------------
def wants_html(request: Request) -> bool:
    """An HTML error page only for a browser asking for a page (never for .json, .atom, /openapi.json)."""
    path = request.url.path
    if path.endswith((".json", ".atom")) or path.startswith("/static/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str) -> Response:
    """``{"ok": false, "error": message, "status": status}``, or an HTML page saying the same."""
    headers = {"Cache-Control": ERROR_CACHE}
    headers.update({k.decode(): v.decode() for k, v in security_headers(request.url.path)})
    site: Site | None = getattr(request.app.state, "site", None)
    if site is not None and wants_html(request):
        body = site.html("error.html", {"ok": False, "error": message, "status": status}, path=request.url.path,
                         query={})
        return Response(body, status_code=status, media_type=HTML_TYPE, headers=headers)
    return Response(to_json({"ok": False, "error": message, "status": status}), status_code=status,
                    media_type=JSON_TYPE, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:3]:
        where = ".".join(str(x) for x in e.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def add_error_handlers(app: FastAPI) -> None:
    """One error shape for every 4xx and 5xx: routing, validation, missing ids, crashes."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        msg = f"not found: {request.url.path}" if exc.status_code == 404 and exc.detail == "Not Found" else str(exc.detail)
        resp = error_response(request, exc.status_code, msg)
        if exc.status_code == 405:
            resp.headers["Allow"] = "GET, HEAD"
        return resp

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(exc))

    @app.exception_handler(pages.NotFound)
    async def not_found(request: Request, exc: pages.NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(pages.BadRequest)
    async def bad_request(request: Request, exc: pages.BadRequest) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return error_response(request, 500, "internal error: the page could not be built")


def create_app(db_path: str | os.PathLike[str], *, stories: StoriesAPI | None = None,
               cache_entries: int = 512) -> FastAPI:
    """The site over the store at ``db_path`` (opened read-only per worker thread).

    ``stories`` replaces ``newsbrief.stories`` (tests); ``cache_entries`` bounds the body cache
    (0 turns it off).
    """
    from newsbrief.web.routes import router

    # /docs is our own server-rendered page of the OpenAPI schema (Swagger UI would need a CDN,
    # which an offline machine cannot reach, and scripts, which the site's policy forbids).
    app = FastAPI(title="newsbrief", version=__version__, redoc_url=None, docs_url=None,
                  description="Story briefs with their sources. Every HTML page has a JSON twin at the same "
                              "path plus `.json`; errors are `{\"ok\": false, \"error\", \"status\"}`.")
    app.state.site = Site(Reader(db_path, stories), cache_entries)
    add_error_handlers(app)
    app.include_router(router)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        schema = app.openapi()
        ops = [{"method": m.upper(), "path": path, "summary": op.get("summary", ""),
                "parameters": op.get("parameters", [])}
               for path, item in schema.get("paths", {}).items() for m, op in item.items()]
        html = make_env().get_template("docs.html").render(
            info=schema.get("info", {}), openapi=schema.get("openapi", ""), operations=ops, path="/docs", query={})
        return Response(html, media_type=HTML_TYPE)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:  # browsers ask for it at the root, whatever the page links
        return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon", headers={"Cache-Control": STATIC_CACHE})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SiteMiddleware, site=app.state.site)
    return app
