"""Headlines are never cut inside a name or a clause; a question, clickbait, a URL slug or an emoji
title is not chosen (issue 12). Text written for the tests."""

from __future__ import annotations

from newsbrief.briefing import BriefWriter
from newsbrief.briefing.headline import MAX_WORDS, clean_title, compress, cut_at_phrase, usable_title
from newsbrief.models import Article


def test_a_long_title_is_cut_where_a_clause_starts_not_inside_it():
    t = ("Northland says it will never give up its missile programme unless United States lifts "
         "its hostile policy toward the Northland capital")
    h = clean_title(t)
    assert len(h.split()) <= MAX_WORDS
    assert h == "Northland says it will never give up its missile programme"


def test_a_cut_never_splits_a_name():
    words = ("Officials met on Tuesday with the visiting delegation from the Federal Republic of "
             "Southland Trade Ministry Office").split()
    out = cut_at_phrase(words, 14)
    assert out[-1] not in {"Federal", "Republic", "Southland", "Trade"}
    assert not (out[-1][:1].isupper() and words[len(out)][:1].isupper())


def test_compress_cuts_at_phrase_boundaries():
    s = ("Harbour officials in the northern port city of Portville said on Tuesday that the dock workers strike "
         "which began nine days ago would end once the union accepted the offer made by the port authority.")
    h = compress(s)
    assert len(h.split()) <= MAX_WORDS
    nxt = s.split()[len(h.split()):len(h.split()) + 1]
    assert h.split()[-1].lower() not in {"the", "a", "of", "to", "which"}, (h, nxt)


def test_questions_clickbait_slugs_and_emoji_titles_are_not_chosen():
    assert not usable_title("Will the harbour strike end this week?")
    assert not usable_title("You won't believe what the dock workers did next")
    assert not usable_title("harbour-strike-ends-after-nine-days")
    assert not usable_title("Strike over \U0001F389")
    assert not usable_title("WATCH: dock workers march through Portville")
    assert usable_title("Portville dock strike ends after nine days")


def test_a_story_headline_skips_a_question_title():
    arts = [Article(id="q1", title="Is the harbour strike finally over?", outlet="One",
                    text="Dock workers in Portville ended a nine-day strike on Wednesday after talks."),
            Article(id="q2", title="Portville dock strike ends after nine days", outlet="Two",
                    text="The nine-day strike by Portville dock workers ended on Wednesday after talks.")]
    b = BriefWriter().write(arts, story_id="s")
    assert b.headline == "Portville dock strike ends after nine days"
