"""Web furniture that reached Multi-News summaries stays out of the pool: notices of embedded widgets,
promos in brackets and pointers to the page. All text written for the test, none copied."""

from __future__ import annotations

import pytest

from newsbrief.clean import furniture_sentence
from newsbrief.text import split_sentences

WIDGETS = [
    "Tweet with a location and share where you are.",
    "You may remove your Tweet location history at any time.",
    "Switch location on/off for every post you write.",
    "These crawls are part of an effort to archive pages as they appear.",
    "The collection's crawl data reach the public after a delay.",
    "This feature is not available right now.",
    "Rating is available when the video has been rented.",
    "Get push notifications with the headlines of the day.",
    "Thank you for subscribing to our updates.",
]
PROMOS = [
    "(MORE: Ten towns that rebuilt after the flood)",
    "(Also on The Daily Planet: a mayor's first hundred days)",
    "(Published Friday, March 3, 2017)",
    "Read the council's full statement here.",
    "Watch the interview below to hear what the mayor said.",
    "The trailer is out, and you can watch it here.",
]
NEWS = [
    "The mayor said the location of the new bridge is still under review.",
    "Archive staff found the letters in a box of crawl space insulation.",
    "(The council, which met on Friday, also approved a new school.)",
    "The water stood here below the old bridge for three days, residents said.",
    "Read said the plan was above board, according to the minutes.",
    "Subscribers to the plan will pay less, the ministry said.",
]


@pytest.mark.parametrize("text", WIDGETS + PROMOS)
def test_widget_notices_promos_and_page_pointers_are_furniture(text):
    assert furniture_sentence(text)


@pytest.mark.parametrize("text", NEWS)
def test_news_that_shares_their_words_is_not(text):
    assert not furniture_sentence(text)


def test_the_pool_keeps_the_article_around_the_furniture():
    page = ("The river rose two metres overnight in the town of Marrow, officials said. "
            "You can add location information to your Tweets from the web. "
            "About 4,000 residents were evacuated to schools on higher ground. "
            "(MORE: How the town prepared for the storm)")
    kept = split_sentences(page)
    assert [s.text for s in kept] == [
        "The river rose two metres overnight in the town of Marrow, officials said.",
        "About 4,000 residents were evacuated to schools on higher ground.",
    ]
