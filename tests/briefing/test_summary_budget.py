"""The summary's word budget counts the text as printed: anchored dates included (made-up texts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from newsbrief.briefing import BriefWriter
from newsbrief.briefing.pool import Pool
from newsbrief.briefing.summary import printed_words
from tests.briefing.summary_texts import FLOOD, articles

WHEN = datetime(2019, 12, 18, 9, 0)


def _dated(estimated: bool = False):
    return [replace(a, published=WHEN, published_estimated=estimated) for a in articles(FLOOD)]


def test_printed_words_count_the_anchor_of_a_relative_date():
    pool = Pool(_dated())
    counts = printed_words(pool)
    by_text = {it.text: (it.nwords, n) for it, n in zip(pool.items, counts, strict=True)}
    nwords, n = by_text["Marrow's mayor, Ines Dorra, declared an emergency on Tuesday."]
    assert n == nwords + 3  # "on Tuesday [17 Dec 2019]"
    nwords, n = by_text["A school choir sang for the families sheltering in the gym."]
    assert n == nwords


def test_an_estimated_publication_time_anchors_nothing_and_adds_nothing():
    pool = Pool(_dated(estimated=True))
    assert printed_words(pool) == [it.nwords for it in pool.items]


def test_the_printed_summary_fits_the_budget_with_its_anchors():
    words = 40
    for arts in (_dated(), articles(FLOOD)):
        brief = BriefWriter(words=words).write(arts)
        slack = max(10, words // 8)  # the cover's allowance over the budget (summary.choose_summary)
        assert len(brief.summary_text.split()) <= words + slack
    text = BriefWriter(words=words).write(_dated()).summary_text
    assert "[" in text  # the anchors are printed, and were counted
