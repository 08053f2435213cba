"""Relative dates get the date from the article's publication time, in brackets (issue 12)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from newsbrief.briefing.edits import anchor_dates

THU = datetime(2019, 12, 19, 15, 30, tzinfo=UTC)  # a Thursday


def test_days_weekdays_and_weeks():
    assert anchor_dates("On Wednesday, the talks ended.", THU)[0] == "On Wednesday [18 Dec 2019], the talks ended."
    assert anchor_dates("Yesterday the port closed.", THU)[0] == "Yesterday [18 Dec 2019] the port closed."
    assert anchor_dates("Today the port reopened.", THU)[0] == "Today [19 Dec 2019] the port reopened."
    assert anchor_dates("Talks resume tomorrow.", THU)[0] == "Talks resume tomorrow [20 Dec 2019]."
    assert anchor_dates("They met last week.", THU)[0] == "They met last week [week of 9 Dec 2019]."
    assert anchor_dates("The vote was on Thursday.", THU)[0] == "The vote was on Thursday [19 Dec 2019]."


def test_a_weekday_in_a_future_sentence_is_the_next_one():
    assert anchor_dates("The minister will speak on Monday.", THU)[0] == "The minister will speak on Monday [23 Dec 2019]."
    assert anchor_dates("The minister spoke on Monday.", THU)[0] == "The minister spoke on Monday [16 Dec 2019]."


def test_each_anchor_is_recorded_as_an_edit_and_names_are_left_alone():
    text, edits = anchor_dates("USA Today reported on Tuesday that prices rose.", date(2019, 12, 19))
    assert text == "USA Today reported on Tuesday [17 Dec 2019] that prices rose."
    assert edits == ["anchored 'on Tuesday' to [17 Dec 2019]"]
    assert anchor_dates("On Wednesday, the talks ended.", None) == ("On Wednesday, the talks ended.", [])
