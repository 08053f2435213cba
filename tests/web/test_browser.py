"""End to end in a real browser: Debian's chromium driven by Playwright, against ``newsbrief serve``.

Opens the front page, follows a story, follows a cited sentence to its source article (the cited
span marked), follows the article's link out to the outlet (answered by a stub, offline), and saves
screenshots in ``test-artifacts/``. Skips, saying why, where no chromium is installed.
"""

from __future__ import annotations

import pytest

from tests.web.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_front_page_story_source(browser, live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=True)
    page = ctx.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # the outlets' sites are not reachable offline: answer for them
    page.route("https://*.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>outlet</title><h1>The outlet's page</h1>"))

    page.goto(live_server + "/")
    assert page.title() == "newsbrief: stories"
    cards = page.locator("article.card")
    assert cards.count() >= 3
    headline = cards.first.locator("h2 a").inner_text()
    page.screenshot(path=str(ARTIFACTS / "web-front.png"), full_page=True)

    cards.first.locator("h2 a").click()
    page.wait_for_url("**/stories/*")
    assert page.locator("h1").inner_text() == headline
    assert page.locator(".sources li").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "web-story.png"), full_page=True)

    cite = page.locator("ul.points a.cite").first
    hover = cite.get_attribute("title") or ""
    assert "UTC" in hover  # outlet and time on hover
    cite.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("mark#hl").count() == 1
    page.screenshot(path=str(ARTIFACTS / "web-article.png"), full_page=True)

    out = page.locator("a.out").first
    href = out.get_attribute("href") or ""
    assert href.startswith("https://")
    out.click()
    page.wait_for_url(href)
    assert page.locator("h1").inner_text() == "The outlet's page"

    # the hostile article: shown as text, runs nothing
    page.goto(live_server + "/articles/a6")
    assert "<script>alert('nb-title')</script>" in page.locator("h1").inner_text()
    page.goto(live_server + "/search?q=flood")
    assert page.locator("ol.results mark").count() >= 1
    assert not dialogs, dialogs
    assert not problems, problems  # no CSP violations, no script errors
    ctx.close()
    assert (ARTIFACTS / "web-story.png").stat().st_size > 5000
