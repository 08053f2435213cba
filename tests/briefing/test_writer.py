import re

import pytest

from newsbrief.briefing import SCORERS, BriefWriter
from newsbrief.briefing.edits import opens_with_reference
from newsbrief.ingest import read_path
from tests.conftest import FIXTURES

TALKS = str(FIXTURES / "brief" / "talks.txt")
TALKS2 = str(FIXTURES / "brief" / "talks2.txt")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def faithful(text: str, source: str) -> bool:
    """A brief sentence, up to a bracketed name and a recapitalised first letter, is in the source."""
    core = re.sub(r"^\[[^\]]+\]\s*", "", norm(text))
    return core[1:] in norm(source)


@pytest.fixture
def brief():
    return BriefWriter().write([read_path(TALKS)])


def test_seed_form(brief):
    lines = brief.to_text().rstrip("\n").split("\n")
    assert len(lines) == 5
    assert not lines[0].startswith("- ") and not lines[0].endswith(".") and len(lines[0].split()) <= 16
    assert all(line.startswith("- ") for line in lines[1:4])
    assert not lines[4].startswith("- ")


def test_every_sentence_is_from_the_source_and_cited(brief):
    art = brief.articles[0]
    for p in list(brief.key_points) + list(brief.summary):
        assert faithful(p.text, art.text), p.text
        c = p.citations[0]
        assert c.article_id == art.id
        assert norm(art.text[c.start:c.end])[1:].find(norm(re.sub(r"^\[[^\]]+\]\s*", "", p.text))[1:]) >= 0


def test_key_points_stand_alone_are_distinct_and_in_source_order(brief):
    pts = brief.key_points
    assert len(pts) == 3
    assert not any(opens_with_reference(p.text) for p in pts)
    assert len({p.text for p in pts}) == 3
    idx = [p.citations[0].sentence_index for p in pts]
    assert idx == sorted(idx)


def test_summary_references_follow_their_antecedent(brief):
    # every summary sentence that opens with a pronoun or connective comes right after the sentence
    # before it in the source
    prev = None
    for p in brief.summary:
        c = p.citations[0]
        if opens_with_reference(p.text):
            assert prev is not None and prev.sentence_index == c.sentence_index - 1, p.text
        prev = c


def test_summary_respects_the_word_budget():
    b = BriefWriter(words=60).write([read_path(TALKS)])
    assert 40 <= len(b.summary_text.split()) <= 90


def test_headline_is_the_title_for_a_titled_article(brief):
    assert brief.headline == "Harbour workers end strike after pay deal"
    assert brief.headline_source == "title"


def test_headline_without_title_is_a_shortened_sentence():
    art = read_path(TALKS)
    from dataclasses import replace

    b = BriefWriter().write([replace(art, title="")])
    assert b.headline_source == "sentence"
    assert 3 <= len(b.headline.split()) <= 16 and not b.headline.endswith(".")


def test_story_brief_cites_every_article_carrying_a_fact():
    b = BriefWriter().write([read_path(TALKS), read_path(TALKS2)])
    cited = [{c.article_id for c in p.citations} for p in b.key_points]
    assert any(len(c) == 2 for c in cited)
    d = b.to_dict()
    assert {s["article"] for p in d["key_points"] for s in p["sources"]} == {0, 1}


def test_json_shape(brief):
    d = brief.to_dict()
    assert set(d) >= {"headline", "key_points", "summary", "articles"}
    for p in d["key_points"]:
        assert set(p) == {"text", "sources"}
        for s in p["sources"]:
            assert set(s) >= {"article", "article_id", "sentence", "start", "end", "edits"}
    assert isinstance(d["summary"]["text"], str) and d["summary"]["sentences"]


def test_registry_lists_the_peers():
    assert {"news", "lead", "lexrank"} <= set(SCORERS)
    for name in SCORERS:
        assert len(BriefWriter(name).write([read_path(TALKS)]).key_points) == 3


def test_photo_captions_are_not_key_points():
    from newsbrief.models import Article

    text = ("FILE - In this May 18, 2017 file photo, the actress poses for photographers in Cannes, France. "
            "The actress said on Saturday that the producer had assaulted her in a hotel room. "
            "The director said allowing her to drive the car was the biggest regret of his life. "
            "The producer's lawyer denied the account in a statement on Sunday.")
    pts = [p.text for p in BriefWriter().write([Article(id="a", text=text)]).key_points]
    assert not any(p.startswith("FILE") for p in pts)
