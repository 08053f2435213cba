"""Page furniture stays out of the sentence pool, kept in the stored text (issue 12). Every page
here is written for the test in the shape of real scraped pages; none is copied."""

from __future__ import annotations

from newsbrief.briefing import BriefWriter
from newsbrief.models import Article
from newsbrief.text import split_sentences


def texts(t: str) -> list[str]:
    spans = split_sentences(t)
    for s in spans:
        assert t[s.start:s.end] == s.text  # offsets still point into the stored text
    return [s.text for s in spans]


BBC_LIKE = (
    "Image copyright Reuters Image caption Fishing boats stayed in harbour at Portville on Monday "
    "The port authority has closed the harbour to all shipping after a fuel spill, officials said. "
    "Clean-up crews worked through the night to contain the oil. "
    "Media playback is unsupported on your device Media caption Aerial footage shows the spill "
    "The spill began when a tanker struck the harbour wall."
)


def test_an_article_opening_with_photo_furniture_briefs():
    b = BriefWriter().write([Article(id="bbc", text=BBC_LIKE)])
    assert b.key_points
    for p in (*b.key_points, *b.summary):
        assert "Image" not in p.text and "caption" not in p.text and "Media playback" not in p.text


def test_captions_and_credits_are_out():
    got = texts(BBC_LIKE)
    assert got[0] == "The port authority has closed the harbour to all shipping after a fuel spill, officials said."
    assert not any("copyright" in s or "caption" in s for s in got)
    assert texts("Fans cheer the winning goal at the stadium (Getty Images)\nThe club won the cup on Sunday.") == \
        ["The club won the cup on Sunday."]
    assert texts("Rescue workers search the rubble in Alden, Westland, March 3, 2019.\nThe quake struck at dawn.") == \
        ["The quake struck at dawn."]


def test_appeals_breadcrumbs_bylines_and_publication_notes_are_out():
    page = ("Home > News > Business\n"
            "By Jane Cole and Sam Ortiz | Harbour Herald\n"
            "The grain exchange reopened after a week-long closure.\n"
            "Sign up for our daily business newsletter to get the markets in your inbox.\n"
            "If you value our journalism, become a member today for just a few pounds a month.\n"
            "Published in the Harbour Herald print edition on Monday.\n"
            "Traders expect prices to settle by the end of the month.")
    assert texts(page) == ["The grain exchange reopened after a week-long closure.",
                           "Traders expect prices to settle by the end of the month."]


def test_agency_datelines_and_prefixes_are_stepped_over():
    assert texts("Bangkok, MINA \u2013 Thai police arrested five men at the border on Tuesday.") == \
        ["Thai police arrested five men at the border on Tuesday."]
    assert texts("PORTVILLE (Reuters) - The port reopened on Friday.") == ["The port reopened on Friday."]


def test_run_together_sentences_are_split_and_abbreviations_are_not():
    assert texts("The court adjourned until Monday.The judge said the case was complex.") == \
        ["The court adjourned until Monday.", "The judge said the case was complex."]
    assert texts("Prices rose in the U.S.The president spoke.") == ["Prices rose in the U.S.The president spoke."]
    assert texts("Visit news.com for more.") == ["Visit news.com for more."]


def test_emoji_text_and_list_markers():
    page = ("- The bridge will close for repairs in March.\n"
            "\u2022 Drivers should use the ring road instead.\n"
            "What a day for the town \U0001F389\U0001F389 so proud!\n"
            "The council approved the budget on Monday.")
    assert texts(page) == ["The bridge will close for repairs in March.", "Drivers should use the ring road instead.",
                           "The council approved the budget on Monday."]


def test_player_controls_and_subscription_walls_are_out():
    page = ("HARBOUR NEWS 3 of 12 Skip in Skip x Embed x Share CLOSE The harbour reopened today.\n"
            "Sorry, this zipcode is not in our deliverable area for this subscription service.\n"
            "The harbour reopened on Friday after a week of repairs.")
    assert texts(page) == ["The harbour reopened on Friday after a week of repairs."]


def test_headings_and_subtitles_are_out_when_the_text_has_sentences():
    page = ("Portville strike ends\n"
            "Dock workers return after nine days as the grain queue clears\n"
            "The nine-day dock strike in Portville ended on Wednesday.\n"
            "What happens next")
    assert texts(page) == ["The nine-day dock strike in Portville ended on Wednesday."]
    assert texts("Portville strike ends") == ["Portville strike ends"]  # nothing else: kept


def test_a_reporting_aside_is_a_droppable_opener():
    from newsbrief.briefing.edits import edit_sentence

    ed = edit_sentence("As we have reported, the harbour reopened on Friday after repairs.", [], False)
    assert ed.text == "The harbour reopened on Friday after repairs." and not ed.dangling


def test_fragments_are_not_usable_and_colon_datelines_are_stepped_over():
    from newsbrief.briefing.pool import Pool

    text = ("PORTVILLE: The harbour reopened on Friday after a week of repairs. "
            "Worth the wait, every single day of it,' the harbour master posted.\n"
            "and the ferries resumed their normal timetable in the afternoon.")
    pool = Pool([Article(id="f", text=text)])
    assert pool.items[0].text == "The harbour reopened on Friday after a week of repairs." and pool.items[0].usable
    assert not any(it.usable for it in pool.items[1:])


def test_newsletter_sign_up_forms_are_out():
    page = ("HB News Email Enter your email address Please enter an email address Email address is invalid. "
            "The harbour reopened on Friday after a week of repairs.")
    assert texts(page) == ["The harbour reopened on Friday after a week of repairs."]


def test_a_furniture_line_running_into_the_article_keeps_the_article():
    page = "Advertisement Scroll to continue. The harbour reopened on Friday after a week of repairs. Ships queued."
    assert texts(page) == ["The harbour reopened on Friday after a week of repairs.", "Ships queued."]
