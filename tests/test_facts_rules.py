"""The fact extractor's parts: dates, figures, names and speech patterns, on sentences written here."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.facts.base import Sent
from newsbrief.facts.dates import event_of, find_dates
from newsbrief.facts.extract import extract
from newsbrief.facts.figures import find_figures
from newsbrief.facts.mentions import Finder
from newsbrief.facts.nlp import SpacyNames, load_model

PUB = datetime(2017, 12, 27)  # a Wednesday


@pytest.mark.parametrize("text,iso", [
    ("Talks were held on June 2, 2025, in Istanbul.", "2025-06-02"),
    ("It began in February 2022.", "2022-02"),
    ("The vote is on 2 June 2025.", "2025-06-02"),
    ("Filed 2024-11-05 in court.", "2024-11-05"),
    ("The plane landed on Tuesday night.", "2017-12-26"),
    ("The plane landed yesterday.", "2017-12-26"),
    ("Sales fell last year.", "2016"),
    ("He left three days ago.", "2017-12-24"),
    ("The mission launches in March.", "2018-03"),
    ("Talks resumed in November.", "2017-11"),
    ("It happened on December 20.", "2017-12-20"),
    ("It will happen on January 4.", "2018-01-04"),
    ("The company was founded in 1998.", "1998"),
    ("It was updated next week.", "2018-W01"),
])
def test_dates(text, iso):
    assert [d.iso for d in find_dates(text, PUB)] == [iso]


@pytest.mark.parametrize("text", [
    "You may leave.", "He scored 2015 points.", "Black Friday sales rose.", "She met March, the coach.",
    "The 1990 people attended.",
])
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_dates_without_publication_date():
    assert [d.iso for d in find_dates("It happened on Monday, not on March 3.")] == [None, "--03-03"]


def test_event_of_date():
    s = "Tensions have persisted since the full-scale invasion by Russia in February 2022."
    assert event_of(s, find_dates(s)[0]) == "the full-scale invasion by Russia"
    s = "In a bid to end the war, delegations met on June 2, 2025, in Istanbul."
    assert event_of(s, find_dates(s)[0]) == "delegations met"


@pytest.mark.parametrize("text,expected", [
    ("A tourist ship hit a bridge; 25 hurt.", ["25 hurt"]),
    ("The plane had 129 people on board.", ["129 people on board"]),
    ("At least 60 people were killed.", ["At least 60 people"]),
    ("Goldman expects a $5 billion hit.", ["$5 billion hit"]),
    ("Turnout rose to 64 percent.", ["64 percent"]),
    ("The Pixel 2 and Game 7 were in 2016.", []),
    ("The game starts at 10:30 p.m. on the 3rd.", []),
    ("One of them left. The tensions rose.", []),
    ("Two workers were injured and one worker died.", ["Two workers", "one worker"]),
])
def test_figures(text, expected):
    assert [f"{f.value} {f.what}".strip() for f in find_figures(text)] == expected


def _mentions(*texts: str) -> list[list]:
    sents = [Sent("a", i, 0, len(t), t) for i, t in enumerate(texts)]
    finder = Finder()
    for s in sents:
        finder.note(s)
    return [finder.scan(s) for s in sents]


def test_mentions_roles_and_labels():
    (ms,) = _mentions("Kremlin spokesman Dmitry Peskov said talks in Moscow and Nice, France, would resume.")
    got = {m.text: (m.label, m.kind, m.role) for m in ms}
    assert got["Dmitry Peskov"] == ("who", "person", "Kremlin spokesman")
    assert got["Kremlin"][:2] == ("who", "org")
    assert got["Moscow"][0] == got["Nice"][0] == got["France"][0] == "where"
    (ms,) = _mentions("Moscow's demands include a pledge; Washington said no.")
    assert [(m.text, m.label, m.key) for m in ms] == [("Moscow", "who", "Russia"), ("Washington", "who", "United States")]


def test_sentence_initial_words_and_headlines():
    ms = _mentions("Overall, the plan failed.", "Analysts Say Chicago Cubs Fans Celebrate World Series Win",
                   "Despite this, Harriet Quill of Acme Group said prices rose.")
    assert ms[0] == []
    assert [m.text for m in ms[1]] == ["Chicago"]  # a title-case headline: only known names trusted there
    assert [m.text for m in ms[2]] == ["Harriet Quill", "Acme Group"]


def test_statements_and_positions_patterns():
    texts = [
        "\u201cWe will not give up,\u201d said Ambassador Lena Ortiz.",
        "Ortiz, the envoy of Chile, insisted that any deal must include a ceasefire.",
        "She rejected the proposal as unacceptable.",
        "Iran's conditions include sanctions relief before any talks.",
        "According to the World Health Organization, cases doubled.",
        "The ministry refused to confirm the figures.",
    ]
    sents = [Sent("x", i, 0, len(t), t) for i, t in enumerate(texts)]
    f = extract(sents)
    st_ = {(s["speaker"], s["verb"]): s["content"] for s in f["statements"]}
    assert st_[("Lena Ortiz", "said")] == "We will not give up"
    assert st_[("World Health Organization", "according to")] == "cases doubled"
    pos = {(p["actor"], p["type"]): p for p in f["positions"]}
    assert pos[("Lena Ortiz", "demand")]["object"] == "any deal must include a ceasefire"
    assert pos[("Lena Ortiz", "refusal")]["object"].startswith("the proposal")  # "She" -> Ortiz
    assert pos[("Iran", "condition")] == {**pos[("Iran", "condition")], "object": "sanctions relief",
                                          "condition": "before any talks"}
    assert not any(p["actor"] == "The ministry" for p in f["positions"])  # positions need a named actor


@pytest.mark.nlp
def test_spacy_mode_switch(monkeypatch):
    assert SpacyNames.get("rules") is None
    if load_model() is None:
        with pytest.raises(RuntimeError):
            SpacyNames.get("spacy")
    else:
        assert SpacyNames.get("spacy") is not None


def test_rules_are_the_default_engine(monkeypatch):
    from newsbrief.settings import SETTINGS

    assert next(x for x in SETTINGS if x.name == "NEWSBRIEF_NLP").default == "rules"
    monkeypatch.delenv("NEWSBRIEF_NLP", raising=False)
    assert SpacyNames.get("auto") is None  # not asked for: rules, installed or not
    monkeypatch.setenv("NEWSBRIEF_NLP", "auto")
    assert (SpacyNames.get("auto") is None) == (load_model() is None)  # asked for: spaCy when installed


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab Zq.,\"'\u201c\u201d-$0123456789 JuneMayRussia said demanded ")),
               max_size=200))
def test_never_crashes_and_spans_stay_inside(text):
    f = extract([Sent("h", 0, 0, len(text), text, PUB)])
    for key in ("who", "where", "when", "figures"):
        for e in f[key]:
            for s in e["sources"]:
                assert 0 <= s["span"][0] <= s["span"][1] <= len(text)
