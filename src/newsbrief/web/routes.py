"""The site's routes. Each page is one endpoint registered twice: at its HTML path and at the same
path plus ``.json`` (the JSON route first, so ``/stories/x.json`` never reads as story ``x.json``).
Ids take the rest of the path (``{id:path}``): an id may hold ``/``, which a link sends as ``%2F``
and the server sees decoded. Only GET (and HEAD) exist: the server is read-only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from newsbrief.web import pages
from newsbrief.web.app import FEED_CACHE, Site
from newsbrief.web.atom import ATOM_TYPE, build_feed, feed_id
from newsbrief.web.render import Body
from newsbrief.web.views import storyline_path

router = APIRouter()

ERROR_DOC = {"description": "Error: `{\"ok\": false, \"error\": \"...\", \"status\": N}`",
             "content": {"application/json": {"example": {"ok": False, "error": "no story 'x'", "status": 404}}}}
Since = Annotated[str | None, Query(max_length=40, description="Only since then: 24h, 7d, 2w or 2025-06-01.")]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Items to skip (paging).")]
Outlet = Annotated[str | None, Query(max_length=200, description="Only this outlet (case-insensitive).")]
Ident = Annotated[str, Path(max_length=300)]


def twin(html: list[str], json: str, summary: str, tag: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an endpoint at its JSON path (documented) and its HTML paths (not in the API docs)."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(json, fn, methods=["GET"], summary=summary, tags=[tag], name=fn.__name__ + "_json",
                             responses={400: ERROR_DOC, 404: ERROR_DOC}, response_class=Response)
        for path in html:
            router.add_api_route(path, fn, methods=["GET"], name=fn.__name__ if path == html[0] else None,
                                 include_in_schema=False, response_class=Response)
        return fn

    return deco


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def site(request: Request) -> Site:
    return request.app.state.site


@twin(["/", "/stories"], "/stories.json", "Stories, ranked as `newsbrief stories` ranks them", "stories")
async def front(request: Request, since: Since = None,
                min_outlets: Annotated[int, Query(ge=1, le=1000, description="Only stories from this many outlets.")] = 1,
                limit: Limit = 30, offset: Offset = 0) -> Response:
    return await site(request).respond(request, "index.html",
                                       lambda r: pages.front(r, since, min_outlets, limit, offset))


@twin(["/stories/{story_id:path}"], "/stories/{story_id:path}.json", "One story: brief, sources, versions, storyline, facts",
      "stories")
async def story(request: Request, story_id: Ident,
                why: Annotated[bool, Query(description="Add why each article joined: shared names, numbers, "
                                                       "dates and the similarity.")] = False) -> Response:
    return await site(request).respond(request, "story.html", lambda r: pages.story(r, story_id, why))


@router.get("/storylines/{storyline_id:path}/feed.atom", tags=["feeds"], summary="Atom feed of one storyline",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}, 404: ERROR_DOC})
async def storyline_feed(request: Request, storyline_id: Ident) -> Response:
    s = site(request)
    base = _base(request)

    def make() -> Body:
        line = pages.storyline(s.reader, storyline_id)["storyline"]
        cards = sorted(line["stories"], key=lambda c: (c["updated"] or c["last_seen"] or "", c["id"]), reverse=True)
        url = base + storyline_path(storyline_id)
        xml = build_feed(title=f"newsbrief storyline: {line['title'] or storyline_id}", ident=feed_id("storyline", storyline_id),
                         self_url=url + "/feed.atom", site_url=url, base=base, cards=cards)
        return Body.of(xml, ATOM_TYPE, FEED_CACHE)

    return await s.cached(request, make)


@twin(["/storylines/{storyline_id:path}"], "/storylines/{storyline_id:path}.json", "A storyline's timeline of stories",
      "stories")
async def storyline(request: Request, storyline_id: Ident) -> Response:
    return await site(request).respond(request, "storyline.html", lambda r: pages.storyline(r, storyline_id))


@twin(["/articles"], "/articles.json", "Stored articles, newest first", "articles")
async def articles(request: Request, since: Since = None, outlet: Outlet = None, limit: Limit = 50,
                   offset: Offset = 0) -> Response:
    return await site(request).respond(request, "articles.html",
                                       lambda r: pages.articles(r, since, outlet, limit, offset))


@twin(["/articles/{article_id:path}"], "/articles/{article_id:path}.json", "One stored article and its revisions", "articles")
async def article(request: Request, article_id: Ident,
                  hl: Annotated[str | None, Query(max_length=24, description="A span to mark: START-END.")] = None,
                  ) -> Response:
    return await site(request).respond(request, "article.html", lambda r: pages.article(r, article_id, hl))


@twin(["/search"], "/search.json", "Full-text search of titles and texts (FTS5) with snippets", "articles")
async def search(request: Request, q: Annotated[str, Query(max_length=500, description="FTS5 query.")] = "",
                 since: Since = None, outlet: Outlet = None, limit: Limit = 20, offset: Offset = 0) -> Response:
    return await site(request).respond(request, "search.html",
                                       lambda r: pages.search(r, q, since, outlet, limit, offset))


@twin(["/feeds"], "/feeds.json", "The polled feeds and their health (read-only)", "feeds")
async def feeds(request: Request) -> Response:
    return await site(request).respond(request, "feeds.html", pages.feeds)


@router.get("/feed.atom", tags=["feeds"], summary="Atom feed of the newest and updated briefs",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
async def site_feed(request: Request) -> Response:
    s = site(request)
    base = _base(request)

    def make() -> Body:
        cards = pages.feed_entries(s.reader)
        xml = build_feed(title="newsbrief: latest briefs", ident=feed_id("feed"), self_url=f"{base}/feed.atom",
                         site_url=base + "/", base=base, cards=cards,
                         subtitle="Stories whose briefs were written or rewritten last")
        return Body.of(xml, ATOM_TYPE, FEED_CACHE)

    return await s.cached(request, make)
