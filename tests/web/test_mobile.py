"""At 390 px (a phone) no page scrolls sideways: the article page with a long "Original:" URL,
the feeds table with long URLs and errors, and the rest. Debian's chromium via Playwright;
skips, saying why, where there is none."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsbrief.models import Article
from newsbrief.store import Store
from tests.web.conftest import ARTICLES, ARTIFACTS, LATER, SHIP, T0, build_store, serving

pytestmark = pytest.mark.browser
LONG_URL = ("https://herald.example/news/2025/03/04/" + "averylongslugwithoutanybreaks" * 8
            + "?utm_source=feed&utm_medium=rss")
PAGES = ["/", "/articles", "/articles/story7%2F0", "/feeds", "/search?q=bridge", "/docs"]


@pytest.fixture(scope="module")
def mobile_server(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("mobile") / "m.db", ARTICLES + [
        Article(id="story7/0", title="Bridge inspection finds no serious damage", outlet="Herald", url=LONG_URL,
                text=SHIP.replace("Monday", "Sunday"), published=T0 + timedelta(hours=3))], LATER)
    with Store(db) as s:
        f = s.add_feed(LONG_URL + "/feed.xml", name="Herald " + "LongFeedNameWithoutSpaces" * 3)
        s.record_poll(f.id, error="cannot connect (" + "x" * 120 + ")")
    with serving(db) as base:
        yield base


def test_no_page_scrolls_sideways_at_390px(browser, mobile_server):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True)
    page = ctx.new_page()
    page.route("https://*.example/**", lambda route: route.fulfill(status=200, body="outlet"))
    story = None
    wide = []
    for path in [*PAGES, "story"]:
        if path == "story":
            path = story
        page.goto(mobile_server + path)
        if path == "/":
            story = page.locator("article.card h2 a").first.get_attribute("href")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append((path, width))
        name = "root" if path == "/" else path.strip("/").replace("/", "_").replace("%", "").replace("?", "_")[:40]
        page.screenshot(path=str(ARTIFACTS / f"mobile-{name}.png"), full_page=True)
    assert not wide, wide
    # the long URL is shown whole (wrapped), and the feeds table scrolls inside its own box
    page.goto(mobile_server + "/articles/story7%2F0")
    assert page.locator("a.out", has_text="averylongslug").count() == 1
    page.goto(mobile_server + "/feeds")
    box = page.locator(".table-wrap").bounding_box()
    assert box is not None and box["width"] <= 390
    ctx.close()
