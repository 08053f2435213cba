"""The data model's JSON form: ``Brief.from_dict`` is the inverse of ``Brief.to_dict``."""

from __future__ import annotations

from datetime import UTC, datetime

from newsbrief.models import Article, Brief, Citation, Point


def _brief() -> Brief:
    arts = (Article("a1", "text one", title="One", url="https://x.example/1", outlet="X",
                    published=datetime(2025, 6, 2, 10, tzinfo=UTC)),
            Article("a2", "text two", title="Two", outlet="Y"))
    c1 = Citation("a1", 0, 0, 20, ("dropped connective", "recapitalised"), "X")
    c2 = Citation("a2", 3, 40, 90, (), "Y")
    return Brief(story_id="s7", headline="Talks resume", headline_source="a1",
                 key_points=(Point("First point.", (c1, c2)), Point("Second point.", (c2,))),
                 summary=(Point("A summary sentence.", (c1,)),), articles=arts, version=3,
                 facts={"who": [{"name": "Elena Marsh"}], "when": []})


def test_from_dict_inverts_to_dict():
    d = _brief().to_dict()
    back = Brief.from_dict(d)
    assert back.to_dict() == d  # citations with their edits, articles' metadata, version, facts
    assert back.key_points[0].citations[0].edits == ("dropped connective", "recapitalised")
    assert back.articles[0].published == datetime(2025, 6, 2, 10, tzinfo=UTC) and back.articles[0].text == ""
    assert back.to_text() == _brief().to_text() and back.to_markdown(level=2).startswith("## Talks resume\n")


def test_from_dict_reads_a_partial_or_odd_brief():
    b = Brief.from_dict({"headline": "H", "key_points": [{"text": "P", "sources": [{"article_id": "a"}, "junk"]}, 5],
                         "summary": {"sentences": "not a list"}, "articles": [{"id": "a", "published": "never"}]})
    assert (b.headline, len(b.key_points), b.summary, b.articles[0].published) == ("H", 1, (), None)
    assert b.key_points[0].citations == (Citation("a", 0, 0, 0, (), ""),) and b.facts is None
