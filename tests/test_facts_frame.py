"""The event frame: the first who, where and when are the event's (headline subject, lead subject,
lead place, dateline, lead date, publication date), on texts written for these tests."""

from __future__ import annotations

import json
from datetime import datetime

from newsbrief.facts import facts_of_articles
from newsbrief.facts.dates import find_dates
from newsbrief.facts.frame import find_datelines, headline_body, main_verb, subject_phrase
from newsbrief.models import Article

SAT = datetime(2016, 11, 12, 17, 58)  # Saturday 12 November 2016

SHOOTING = """A gunman opened fire in downtown Springfield on Wednesday night after an argument, wounding five \
people near a protest against Governor Ann Ruiz. Governor Ann Ruiz condemned the attack. Ruiz said the city \
would pay for the victims' care. Ruiz later met police chiefs in Shelbyville. Ruiz thanked nurses in 2009."""


def facts(text: str, title: str = "", published: datetime | None = SAT) -> dict:
    return facts_of_articles([Article(id="a", text=text, title=title, published=published)], nlp="rules")


def test_relative_weekday_from_publication():
    assert [d.iso for d in find_dates("It happened on Wednesday.", SAT)] == ["2016-11-09"]
    assert [d.iso for d in find_dates("Talks resume on Monday.", SAT)] == ["2016-11-07"]


def test_lead_subject_phrase_place_and_date_come_first():
    f = facts(SHOOTING, "Protest march in Springfield marred by shooting")
    assert f["who"][0]["name"] == "A gunman" and f["who"][0]["kind"] == "group"
    assert "Ann Ruiz" in [e["name"] for e in f["who"]]  # named more often, but not the event's actor
    assert f["where"][0]["name"] == "Springfield"
    assert f["when"][0]["date"] == "2016-11-09" and f["when"][0]["text"] == "Wednesday night"


def test_headline_subject_first_but_not_a_modifier_or_an_object():
    f = facts(SHOOTING, "Governor Ann Ruiz condemns shooting in Springfield")
    assert f["who"][0]["name"] == "Ann Ruiz"
    f = facts(SHOOTING, "Ruiz protest march in Springfield marred by shooting")
    assert f["who"][0]["name"] == "A gunman"  # "Ruiz" only modifies the headline's subject
    f = facts(SHOOTING, "Springfield shooting leaves five hurt near protest against Ann Ruiz")
    assert f["who"][0]["name"] == "A gunman"  # after a preposition: the headline's object


def test_things_are_no_actors():
    f = facts("A truck crashed into a bridge in Springfield on Monday. Police closed the road for hours.")
    assert "A truck" not in [e["name"] for e in f["who"]]


def test_dateline_places_the_story():
    text = ("Agency stands by its finding By Ann Lee WASHINGTON, Nov 6 (Reuters) - The agency said on Sunday it "
            "stood by its earlier finding "
            "that no charges were warranted. The agency's director wrote to lawmakers about the review.")
    spans = find_datelines(text)
    assert spans and spans[0][2][0].key == "Washington"
    f = facts(text, "Agency stands by its finding", datetime(2016, 11, 7))
    assert f["where"][0]["name"] == "Washington"
    assert "Ann Lee" in [e["name"] for e in f["who"]]  # the byline name is cut before the dateline


def test_publication_date_when_the_text_dates_nothing_recent():
    f = facts("The Cubs won the World Series for the first time since 1908, ending a long wait for their fans.",
              "Cubs win", datetime(2016, 11, 3))
    assert f["when"][0]["date"] == "2016-11-03" and f["when"][0]["basis"] == "published"
    assert not f["when"][0]["sources"]
    assert "1908" in [e["date"] for e in f["when"]]
    assert facts("No dates here at all, just words about things.", "", None)["when"] == []


def test_frame_helpers():
    assert headline_body("US election 2016: Trump cries foul as FBI clears Clinton") == "Trump cries foul as FBI clears Clinton"
    assert headline_body("While the U.S. talks about election, UK outraged over chocolate") == "UK outraged over chocolate"
    text = "At least seven people were killed when a tram derailed."
    verb = main_verb(text, [])
    assert text[verb:].startswith("were")
    assert subject_phrase(text, verb, []) == (0, 21, "At least seven people")


def test_furniture_first_article_gives_facts(cli):
    text = ("Image copyright Reuters Image caption Rescuers at the scene after the search A boy trapped in a well "
            "has been found dead after a four-day rescue. The six-year-old fell into the well in Hebei province "
            "while picking vegetables on Sunday, state media reported. More than 500 rescuers took part.")
    rec = {"id": "well", "title": "Boy found dead in well", "text": text, "published": "2016-11-11 03:34:29"}
    bad = {"id": "bad", "text": ""}
    r = cli(["brief", "--jsonl", "-", "--facts", "--format", "json"], input=json.dumps(rec) + "\n" + json.dumps(bad) + "\n",
            env={"NEWSBRIEF_NLP": "rules"})
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    ok = next(x for x in lines if x["id"] == "well")
    # the caption is cut off the first line, so the lead sentence itself names the actor
    assert ok["facts"]["who"][0]["name"] in {"A boy", "The six-year-old"} and ok["facts"]["where"][0]["name"] == "Hebei"
    assert ok["facts"]["when"][0]["date"] == "2016-11-06"  # "on Sunday", from the record's publication time
    err = next(x for x in lines if x["id"] == "bad")
    assert err["error"] and "\n" not in err["error"] and r.exit_code == 1  # one line, the others still briefed


def test_page_furniture_is_no_actor():
    text = ("TNI Bureau: Officials from Russia and Ukraine met in Istanbul on Monday. Click to share on WhatsApp "
            "(Opens in new window) Click to share on Twitter (Opens in new window) Delegates posed for photos "
            "Getty Images 22 The talks lasted two hours, Turkish officials said.\n"
            "Technology What the talks mean for grain exports was not discussed, Ukraine's envoy Olena Marchenko said.")
    f = facts(text, "Russia and Ukraine meet in Istanbul")
    who = {e["name"] for e in f["who"]} | {a for e in f["who"] for a in e["also"]}
    assert not who & {"TNI Bureau", "TNI", "Click", "WhatsApp", "Twitter", "Getty Images", "Getty", "Technology",
                      "Technology What"}
    assert {"Russia", "Ukraine", "Olena Marchenko"} <= who
    sources = [s for e in f["who"] for s in e["sources"]]
    assert all(text[s["span"][0]:s["span"][1]] in who for s in sources)  # offsets still point at the names


def test_one_actor_phrase_across_outlets():
    a = Article(id="a", text="A gunman opened fire in downtown Springfield on Wednesday night, wounding five people.")
    b = Article(id="b", text="The gunman opened fire near a protest in Springfield, police said on Thursday.")
    f = facts_of_articles([a, b], nlp="rules")
    assert f["who"][0]["name"] == "A gunman" and {s["article_id"] for s in f["who"][0]["sources"]} == {"a", "b"}


def test_a_caption_printed_twice_is_no_lead():
    from newsbrief.facts import lead_of, sentences_of

    caption = "Crowds filled the square of Portville after the dock strike ended."
    text = (f"{caption} (Jo Lane/The Portville Star) {caption} (Jo Lane/The Portville Star) The dock workers "
            "of Portville ended their strike here on Wednesday night after nine days. Ships queued for a berth "
            "again by morning, the port authority said.")
    lead = lead_of(sentences_of(Article(id="a", text=text, published=SAT)))
    assert "The dock workers" in lead[0].text and lead[1].text.startswith("Ships queued")  # both copies skipped
    f = facts(text)
    assert f["when"][0]["date"] == "2016-11-09" and f["when"][0]["text"] == "Wednesday night"


def test_player_controls_opening_the_text_leave_its_first_sentence(cli):
    text = ("Skip Ad Ad Loading... x Embed x Share The mayor and the port director met for the first time at "
            "Harbour Hall, agreeing to reopen the docks. Portville council members later met the strikers' union "
            "leaders in the city's guild rooms for two hours.")
    f = facts(text)
    assert "Harbour Hall" in [e["name"] for e in f["where"]]
    assert not {"Skip", "Ad", "Embed", "Share"} & {e["name"] for e in f["who"]}
