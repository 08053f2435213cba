"""Key points of a story told by several outlets (issue 12): facts across outlets, every outlet
cited, news first, then who wants what, background below news, anchored dates. All text here is
written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsbrief.briefing import BriefWriter
from newsbrief.briefing.factgroups import FactGroups
from newsbrief.briefing.keypoints import is_background
from newsbrief.briefing.pool import Pool
from newsbrief.models import Article

DAY = datetime(2019, 12, 19, 9, 0)  # a Thursday

STRIKE = [
    ("a1", "Harbour Herald",
     "Dock workers in Portville ended a nine-day strike on Wednesday after talks with the port authority. "
     "The union demanded a 10 percent pay rise for all dock workers. "
     "The port authority offered a 4 percent increase over two years. "
     "Portville handles a third of the country's grain exports."),
    ("a2", "Coast Times",
     "The nine-day strike by Portville dock workers ended on Wednesday after talks with the port authority. "
     "Ships queued outside the harbour for more than a week. "
     "The union demanded a 10 percent rise in pay for the dock workers. "
     "A harbour is a form of sheltered body of water where ships can dock."),
    ("a3", "Daily Ledger",
     "Portville's dock workers ended their nine-day strike on Wednesday after talks with the port authority. "
     "The port authority offered a 4 percent pay increase spread over two years. "
     "Grain prices rose during the strike."),
    ("a4", "Evening Post",
     "Grain traders said prices would fall now that ships can load again in Portville. "
     "Dock workers in Portville ended their strike on Wednesday after nine days of talks with the port authority."),
]


def articles(rows=STRIKE, published=DAY) -> list[Article]:
    return [Article(id=i, text=t, title="", outlet=o, published=published) for i, o, t in rows]


@pytest.fixture
def brief():
    return BriefWriter().write(articles(), story_id="strike")


def test_first_key_point_is_the_news_and_cites_every_outlet_carrying_it(brief):
    first = brief.key_points[0]
    assert "ended" in first.text and "strike" in first.text
    assert {c.outlet for c in first.citations} == {"Harbour Herald", "Coast Times", "Daily Ledger", "Evening Post"}
    assert first.reported_by == "reported by 4 of 4 outlets"
    d = brief.to_dict()["key_points"][0]
    assert d["reported_by"] == "reported by 4 of 4 outlets" and d["outlets"] == 4 and d["outlets_total"] == 4


def test_next_key_points_give_each_sides_position_naming_the_party(brief):
    rest = [p.text for p in brief.key_points[1:]]
    assert any("union demanded" in t for t in rest), rest
    assert any("port authority offered" in t for t in rest), rest


def test_no_two_key_points_report_one_fact(brief):
    """How we decide: two sentences are one fact when FactGroups.same() holds (close wording, or
    looser wording sharing a name or number and an action word); no key point may be a member of
    another's fact group, nor one fact with another."""
    pool = Pool(list(brief.articles))
    groups = FactGroups(pool, pool.similarity())
    where = {(pool.articles[it.doc].id, it.index): k for k, it in enumerate(pool.items)}
    keys = [where[(p.citations[0].article_id, p.citations[0].sentence_index)] for p in brief.key_points]
    for n, k in enumerate(keys):
        assert not groups.overlaps(k, keys[:n] + keys[n + 1:])
    # the four wordings of the strike's end are one fact, and one key point
    assert sum("strike" in p.text and "ended" in p.text for p in brief.key_points) == 1


def test_two_wordings_of_one_fact_group_and_a_topical_neighbour_does_not():
    rows = [("b1", "One", "Talks between the two delegations in Istanbul ended after an hour."),
            ("b2", "Two", "The Istanbul talks between the delegations ended after only an hour without a breakthrough."),
            ("b3", "Three", "The delegations arrived in Istanbul by plane on a grey morning.")]
    pool = Pool(articles(rows))
    groups = FactGroups(pool, pool.similarity())
    assert groups.same(0, 1)
    assert not groups.same(0, 2)
    assert groups.fact(0).weight == 2


def test_background_ranks_below_news(brief):
    assert is_background("A tropical depression is a form of tropical cyclone.")
    assert is_background("A harbour is a form of sheltered body of water where ships can dock.")
    assert not is_background("The storm killed four people on Tuesday.")
    assert all("form of" not in p.text for p in brief.key_points)


def test_relative_dates_are_anchored_and_recorded_as_edits(brief):
    first = brief.key_points[0]
    assert "Wednesday [18 Dec 2019]" in first.text
    assert any("anchored" in e and "[18 Dec 2019]" in e for e in first.citations[0].edits)
    for p in (*brief.key_points, *brief.summary):
        for word in ("Wednesday", "yesterday", "today"):
            i = p.text.find(word)
            assert i < 0 or p.text[i + len(word):].lstrip().startswith("["), p.text


def test_no_publication_time_no_anchor():
    b = BriefWriter().write(articles(published=None), story_id="strike")
    assert all("[" not in p.text for p in b.key_points)


def test_a_leading_pronoun_is_bracketed_only_for_a_person():
    from newsbrief.briefing.edits import resolve_pronoun

    assert resolve_pronoun("She also commented on the plan.", ["Storms hit the Eastern Mediterranean coast."]) is None
    assert resolve_pronoun("He also commented on the plan.", ["Flooding closed the Mediterranean Sea ports."]) is None
    got = resolve_pronoun("He also commented on the plan.", ["Harbour master Tom Ellery said the port was open."])
    assert got is not None and got[0].startswith("[Ellery] also commented")


def test_a_single_article_brief_keeps_its_form_and_cites_one_outlet():
    b = BriefWriter().write(articles(STRIKE[:1]))
    assert len(b.key_points) == 3
    assert all(p.reported_by == "" for p in b.key_points)


def test_background_ranks_below_news_in_a_single_article():
    text = ("A tropical depression is a form of tropical cyclone. "
            "The depression brought heavy rain to the islands of the southern archipelago on Monday. "
            "Three people were killed when a landslide buried a road near the port. "
            "Schools in the capital were closed and ferries stayed in harbour.")
    b = BriefWriter().write([Article(id="w", text=text)])
    assert all("form of" not in p.text for p in b.key_points)


def test_outlet_counts_survive_the_stored_json(brief):
    from newsbrief.models import Brief

    back = Brief.from_dict(brief.to_dict())
    assert [p.reported_by for p in back.key_points] == [p.reported_by for p in brief.key_points]


def test_two_casualty_counts_of_one_accident_are_one_key_point():
    rows = [("c1", "One", "At least six people were killed when a ferry capsized off Portville on Monday. "
                          "Divers searched the wreck through the night."),
            ("c2", "Two", "At least four people are dead after a ferry capsized off Portville. "
                          "The coastguard said the sea was calm."),
            ("c3", "Three", "Six people died when a ferry capsized off Portville on Monday, police said. "
                            "The ferry operator suspended all sailings.")]
    b = BriefWriter().write(articles(rows), story_id="ferry")
    assert sum("capsized" in p.text for p in b.key_points) == 1, [p.text for p in b.key_points]
