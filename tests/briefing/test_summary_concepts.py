"""The summary engine: concepts weighted by corroborating articles, covered once, key points not repeated."""

from __future__ import annotations

import numpy as np

from newsbrief.briefing import BriefWriter
from newsbrief.briefing.concepts import Concepts, concepts, cover, focus_terms
from tests.briefing.summary_texts import FLOOD, articles


def test_concepts_are_stemmed_bigrams_without_stopword_pairs():
    cs = concepts("The talks ended in Geneva.")
    assert "talk ended" in cs and "ended in" in cs and "in geneva" in cs
    assert "the talk" in cs
    assert not any(c == "of the" for c in concepts("Most of the talks."))


def test_weight_counts_the_other_articles_that_carry_a_concept():
    con = Concepts.build([(0, "Dam held firm."), (1, "The dam held firm."), (2, "Dam held firm today."),
                          (2, "Bakery gave bread.")])
    assert all(con.weights[i] == 0 for i in con.rows[3])  # one article only: worth nothing
    assert max(con.weights[i] for i in con.rows[0]) == 2  # three articles: two others corroborate


def test_seen_concepts_are_worth_nothing_and_focus_words_double():
    sents = [(0, "Dam held firm."), (1, "Dam held firm."), (0, "Relief money pledged."), (1, "Relief money pledged.")]
    con = Concepts.build(sents, seen=["The dam held firm on Tuesday."], focus=focus_terms("How much relief money?"))
    assert all(con.weights[i] == 0 for i in con.rows[0])
    relief = [con.weights[i] for i in con.rows[2]]
    assert max(relief) == 2 and min(relief) > 0  # one other article, doubled; a single word weighs less


def test_cover_counts_each_concept_once():
    sents = [(0, "Dam held firm."), (1, "Dam held firm."), (0, "Relief money pledged."), (1, "Relief money pledged.")]
    con = Concepts.build(sents)
    chosen = cover(con, np.zeros(4), [3, 3, 3, 3], [True] * 4, budget=6, slack=0)
    texts = {sents[k][1] for k in chosen}
    assert texts == {"Dam held firm.", "Relief money pledged."}


def test_summary_prefers_what_most_outlets_report_and_repeats_no_key_point():
    b = BriefWriter(words=30, points=1).write(articles(FLOOD))
    keys = {p.text for p in b.key_points}
    summary = [p.text for p in b.summary]
    assert not keys & set(summary)
    # the facts three outlets carry come before any single outlet's colour
    joined = " ".join(summary)
    assert "Kessel dam" in joined or "4,000 residents" in joined
    assert "bakery" not in joined and "choir" not in joined


def test_summary_sentences_are_cited_to_their_articles_in_source_order():
    b = BriefWriter(words=40).write(articles(FLOOD))
    pos = [(int(p.citations[0].article_id[1:]), p.citations[0].sentence_index) for p in b.summary]
    assert pos == sorted(pos)
    for p in b.summary:
        src = FLOOD[int(p.citations[0].article_id[1:])]
        assert p.text[1:] in src


def test_summary_takes_no_near_copy_of_a_key_point_but_a_fuller_sentence_of_the_fact():
    wire = "The old Kessel dam upstream of Marrow held through the night, engineers said."
    fuller = ("The old Kessel dam upstream of Marrow held through the night, engineers said, after a "
              "crew of forty worked until dawn to clear the spillway of fallen trees and debris.")
    docs = [wire + " The river fell by noon on Wednesday. Schools reopened on Thursday morning.",
            wire + " Schools reopened on Thursday morning. Traders counted the cost in the high street.",
            fuller + " The river fell by noon on Wednesday. Traders counted the cost in the high street."]
    b = BriefWriter(words=60, points=1).write(articles(docs))
    key = b.key_points[0].text
    summary = [p.text for p in b.summary]
    assert wire in key or fuller in key
    if wire in key:
        assert wire not in summary and fuller in summary
    assert key not in summary
