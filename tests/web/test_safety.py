"""Untrusted article text, titles and URLs: every page escapes them and links only http(s) URLs."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from newsbrief.web.safety import MARK_CLOSE, MARK_OPEN, highlight, safe_url, split_snippet


class Audit(HTMLParser):
    """Collects what could run: script elements, event-handler attributes, non-http(s) links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "img", "svg", "base", "frame"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.links.append(value)
                low = value.strip().lower()
                if not (low.startswith(("/", "#", "?", "http://", "https://"))):
                    self.problems.append(f"{tag} {name}={value!r}")
                if low.startswith("//"):
                    self.problems.append(f"protocol-relative {value!r}")


def audit(html: str) -> Audit:
    a = Audit()
    a.feed(html)
    return a


def all_pages(client) -> dict[str, str]:
    stories = client.get("/stories.json").json()["stories"]
    paths = ["/", "/articles", "/search?q=flood", "/search?q=script", "/search?q=alert", "/feeds",
             "/articles/a6", "/articles/a7", "/articles/a6?hl=80-130"]
    paths += [s["url"] for s in stories]
    lines = {s["storyline_id"] for s in stories if s["storyline_id"]}
    paths += [f"/storylines/{x}" for x in lines]
    return {p: client.get(p).text for p in paths}


def test_hostile_text_never_reaches_a_page_as_markup(client):
    pages = all_pages(client)
    joined = "\n".join(pages.values())
    assert "nb-title" in joined and "nb-text" in joined  # the hostile articles are shown...
    for path, html in pages.items():
        found = audit(html)
        assert not found.problems, (path, found.problems)
        assert "<script>alert(" not in html and "<img src=x" not in html, path
        assert "javascript:" not in html.lower().replace("javascript:alert(&#39;nb-url&#39;)", ""), path
    # ...and the javascript:/data: source URLs are shown as outlets, never as links
    page = pages["/articles/a6"]
    assert 'href="javascript' not in page and "no http(s) link" in page
    assert 'href="data:' not in pages["/articles/a7"]


def test_hostile_json_keeps_text_but_drops_bad_urls(client):
    a = client.get("/articles/a6.json").json()["article"]
    assert a["title"].startswith("<script>")  # JSON carries the text as it is, for a client to escape
    assert a["url"] is None
    assert client.get("/articles/a7.json").json()["article"]["url"] is None


def test_error_page_escapes_the_path(client):
    r = client.get("/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "<script>alert(1)" not in r.text and not audit(r.text).problems


def test_search_query_is_escaped(client):
    html = client.get("/search", params={"q": '"><script>alert(9)</script>'}).text
    assert "<script>alert(9)" not in html and not audit(html).problems


def test_content_security_policy_allows_no_script(client):
    for path in ("/", "/stories.json", "/articles/a6", "/feed.atom", "/nope"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp, path
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"


@pytest.mark.parametrize("url,ok", [
    ("https://example.com/a?b=1#c", True), ("http://example.com", True), ("HTTPS://EXAMPLE.COM/x", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<b>", False), ("//evil.example/x", False), ("/relative", False), ("ftp://x.example", False),
    ("http://", False), ("https://exa mple.com", False), ("https://example.com/\x00", False), (None, False),
    ("vbscript:msgbox", False), ("http:/example.com", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_snippet_marks_come_from_offsets_not_markup():
    snippet = f"a <b>{MARK_OPEN}flood{MARK_CLOSE}</b> & {MARK_OPEN}<i>{MARK_CLOSE} end{MARK_OPEN}"
    plain, spans = split_snippet(snippet)
    assert plain == "a <b>flood</b> & <i> end"
    assert [plain[s:e] for s, e in spans] == ["flood", "<i>"]
    html = str(highlight(plain, spans))
    assert html == "a &lt;b&gt;<mark>flood</mark>&lt;/b&gt; &amp; <mark>&lt;i&gt;</mark> end"
    assert str(highlight("abc", [[2, 1], [0, 9], [-1, 1]])) == "abc"
