"""Positions on text written for this test in the form of real multi-outlet coverage: two parties, a
memorandum of demands, an offer, a proposal, a rejection, a warning, a joint agreement, a quote over
two sentences, a background clause, and one leader's name spelt two ways by two outlets."""

from __future__ import annotations

from datetime import datetime

from newsbrief.facts import facts_of_articles, story_positions
from newsbrief.facts.names import name_key
from newsbrief.models import Article

WIRE = """Russian and Ukrainian delegations met in Istanbul on Monday for a second round of direct talks. \
Russia handed Ukraine a memorandum of demands that calls for Kyiv to withdraw its troops from four regions. \
Ukrainian President Volodymyr Zelenskyy rejected the memorandum as an ultimatum. \
"We will not give away our land. We demand a full and unconditional ceasefire first," Zelenskyy told reporters \
in Kyiv. The talks opened in Istanbul, officials said, a day after a massive drone attack on Russian air bases. \
Both sides agreed to exchange all severely wounded prisoners of war."""

PAPER = """Ukraine's leader Volodymyr Zelenskiy offered to meet Vladimir Putin in person. \
Moscow proposed a ceasefire of two or three days along parts of the front. \
Russia warned that Western weapons deliveries would prolong the war. \
"We are ready to keep talking," Kremlin spokesman Dmitry Peskov said. "But we will reject any ultimatum from Kyiv." \
Zelenskiy said he would not accept the Russian demands."""


def _facts() -> dict:
    arts = [Article(id="wire", text=WIRE, outlet="wire", published=datetime(2025, 6, 3)),
            Article(id="paper", text=PAPER, outlet="paper", published=datetime(2025, 6, 3))]
    return facts_of_articles(arts, nlp="rules")


def _has(f: dict, actor: str, kind: str, words: str) -> dict:
    hits = [p for p in f["positions"] if p["actor"] == actor and p["type"] == kind and words in p["object"]]
    assert hits, (actor, kind, words, [(p["actor"], p["type"], p["object"]) for p in f["positions"]])
    return hits[0]


def test_every_position_has_its_actor_and_kind():
    f = _facts()
    zel = "Volodymyr Zelenskyy"
    _has(f, "Russia", "demand", "withdraw its troops")  # the memorandum's demand is Russia's, not Ukraine's
    _has(f, zel, "refusal", "the memorandum")
    _has(f, zel, "demand", "unconditional ceasefire")  # inside a two-sentence quote, speaker after it
    _has(f, zel, "offer", "to meet Vladimir Putin")  # the other outlet's spelling, merged
    _has(f, "Russia", "proposal", "a ceasefire of two or three days")
    _has(f, "Russia", "warning", "prolong the war")
    _has(f, "Dmitry Peskov", "refusal", "any ultimatum")  # a quote continued in the next sentence
    _has(f, zel, "refusal", "the Russian demands")
    joint = _has(f, "both sides", "agreement", "exchange all severely wounded prisoners")
    assert set(joint["joint"]) == {"Russia", "Ukraine"}
    assert not any(p["actor"] == "Ukraine" and "withdraw" in p["object"] for p in f["positions"])


def test_background_clause_is_no_statement():
    f = _facts()
    assert not any(s["content"].startswith("a day after") for s in f["statements"])
    assert not any("drone attack" in p["object"] for p in f["positions"])


def test_story_positions_merge_outlets_and_spellings():
    f = _facts()
    merged = story_positions(f)
    zel = merged["Volodymyr Zelenskyy"]
    outlets = {s["article_id"] for p in zel for s in p["sources"]}
    assert outlets == {"wire", "paper"}
    assert not any(k in merged for k in ("Zelenskiy", "Volodymyr Zelenskiy", "Zelenskyy"))
    for p in zel:
        assert p["sources"] and all("sentence" in s for s in p["sources"])


def test_name_variants_share_a_key():
    assert name_key("Zelenskyy") == name_key("Zelenskiy") == name_key("Zelensky")
    assert name_key("President Volodymyr Zelensky") == name_key("Volodymyr Zelenskyy")
    assert name_key("Dmitry Peskov") == name_key("Dmitri Peskov")
    assert name_key("Mr. Trump") == name_key("Trump")
    assert name_key("Tesla CEO Elon Musk") == name_key("Elon Musk") == name_key("CEO Elon Musk")
    assert name_key("Putin") != name_key("Peskov")


def test_rendered_joint_position_names_both_parties():
    from newsbrief.facts import render_facts

    out = render_facts(_facts())
    assert "both sides (Russia, Ukraine) \u2014 agreement" in out


def test_coordinated_subject_is_joint_and_signing_a_law_is_no_agreement():
    text = ("Russia and Ukraine signed a ceasefire agreement in Minsk on Friday. President Ann Lee signed the tax "
            "bill into law. The ministry declined to comment on the talks.")
    f = facts_of_articles([Article(id="x", text=text)], nlp="rules")
    got = [(p["actor"], p["type"], p.get("joint")) for p in f["positions"]]
    assert got == [("Russia and Ukraine", "agreement", ["Russia", "Ukraine"])]
