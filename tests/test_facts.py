"""Key facts: the seed's targets, and the same rules on texts written for these tests."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newsbrief.facts import (
    attach_facts,
    facts_of_articles,
    facts_of_brief,
    lead_of,
    positions_over_time,
    render_facts,
    sentences_of,
)
from newsbrief.ingest.document import parse_text
from newsbrief.models import Article

FERRY = """Dockworkers in Marseille, France, ended a nine-day strike on Tuesday after the port authority \
offered a 4 percent pay rise. "We have won what we came for," union leader Marie Dubois told reporters at the \
harbour. The Marseille Port Authority said 129 ships had been delayed and 3,000 containers were stranded during \
the dispute, which began on March 3, 2024.
Transport Minister Claude Martin rejected calls for a public inquiry. Dubois had demanded a 7 percent rise as a \
condition for returning to work, but she accepted the offer after a vote. The White House declined to comment, \
while the European Union urged both sides to respect the agreement."""

SENATE = """Senator Jane Holloway, a Democrat from Ohio, said on Monday that she would oppose the bill unless it \
included funding for rural hospitals. Holloway's conditions include a cap on drug prices. The United Nations \
warned last week that 2 million people in Sudan face famine. The UN has asked donors for $1.5 billion. Prime \
Minister Keir Starmer offered to host talks in London in September. Beijing rejected the plan, while Chinese \
officials met diplomats in Beijing."""

def names(facts: dict, key: str) -> list[str]:
    return [e["name"] for e in facts[key]]


def seed_article(data) -> Article:
    lines = (data / "seed" / "000_e3d1573f0c87503e.txt").read_text(encoding="utf-8").strip().split("\n")
    return parse_text(lines[0] + "\n\n" + "\n".join(lines[4:]).strip() + "\n", "seed")


def check_seed(f: dict) -> None:
    assert set(f) >= {"who", "where", "when", "figures", "statements", "positions"}
    assert {"Russia", "Ukraine", "Volodymyr Zelensky", "Dmitry Peskov", "NATO"} <= set(names(f, "who"))
    assert {"Istanbul", "Luhansk", "Donetsk"} <= set(names(f, "where"))
    assert {"2025-06-02", "2022-02"} <= {e["date"] for e in f["when"]}
    russia = [p for p in f["positions"] if p["actor"] == "Russia" and "withdraw" in p["object"]]
    assert russia and russia[0]["type"] == "demand" and "precondition" in russia[0]["condition"]
    zel = [p for p in f["positions"] if p["actor"] == "Volodymyr Zelensky"]
    assert zel and "unconditional ceasefire" in zel[0]["object"]
    assert any(s["speaker"] == "Dmitry Peskov" and s["verb"] == "suggested" for s in f["statements"])
    # Moscow and the Kremlin act for Russia in this text: grouped under it
    russia_e = next(e for e in f["who"] if e["name"] == "Russia")
    assert {"Moscow", "the Kremlin"} <= set(russia_e["also"])
    assert "Volodymyr Zelensky" in [e["name"] for e in f["who"]] and "Zelensky" not in names(f, "who")


@pytest.mark.data
def test_seed_targets_rules(data):
    check_seed(facts_of_articles([seed_article(data)], nlp="rules"))


@pytest.mark.data
@pytest.mark.nlp
def test_seed_targets_spacy(data, spacy_model):
    f = facts_of_articles([seed_article(data)], nlp="spacy")
    assert f["engine"] == "spacy"
    check_seed(f)


@pytest.mark.nlp
def test_spacy_path_on_a_written_text(spacy_model):
    """Without the data: the spaCy path runs, and what the rules found is still there."""
    art = parse_text("Dockworkers end strike\n\n" + FERRY + "\n", "ferry")
    f, rules = facts_of_articles([art], nlp="spacy"), facts_of_articles([art], nlp="rules")
    assert f["engine"] == "spacy" and rules["engine"] != "spacy"
    assert set(names(rules, "who")) & set(names(f, "who")) and "Marseille" in names(f, "where")


@pytest.mark.data
def test_seed_cli_json(data, cli):
    lines = (data / "seed" / "000_e3d1573f0c87503e.txt").read_text(encoding="utf-8").strip().split("\n")
    r = cli(["facts", "-", "--format", "json", "--nlp", "rules"], input=lines[0] + "\n\n" + "\n".join(lines[4:]))
    assert r.exit_code == 0, r.stderr
    f = json.loads(r.stdout)
    check_seed(f)


def test_citations_point_at_their_sentences():
    art = Article(id="ferry", text=FERRY, published=datetime(2024, 3, 12))
    f = facts_of_articles([art], nlp="rules")
    for key in ("who", "where", "when", "figures", "statements", "positions"):
        assert f[key], key
        for e in f[key]:
            for src in e["sources"]:
                assert src["article_id"] == "ferry"
                sent = FERRY[src["start"]:src["end"]]
                assert sent and sent == sent.strip()
                if "span" in src:
                    s, t = src["span"]
                    assert src["start"] <= s < t <= src["end"]
    marie = next(e for e in f["who"] if e["name"] == "Marie Dubois")
    assert [FERRY[slice(*s["span"])] for s in marie["sources"]] == ["Marie Dubois", "Dubois"]


def test_roles_merges_places_and_quotes():
    f = facts_of_articles([Article(id="ferry", text=FERRY, published=datetime(2024, 3, 12))], nlp="rules")
    who = {e["name"]: e for e in f["who"]}
    assert who["Claude Martin"]["roles"] == ["Transport Minister"]
    assert "the White House" in who["United States"]["also"]
    assert {"Marseille", "France"} <= set(names(f, "where")) and "France" not in who
    quote = next(s for s in f["statements"] if s["speaker"] == "Marie Dubois")
    assert quote["verb"] == "told" and quote["content"] == "We have won what we came for"
    pos = {(p["actor"], p["type"]): p for p in f["positions"]}
    assert "public inquiry" in pos[("Claude Martin", "refusal")]["object"]
    dem = pos[("Marie Dubois", "demand")]
    assert dem["object"] == "a 7 percent rise" and dem["condition"] == "as a condition for returning to work"
    assert not any("comment" in p["object"] for p in f["positions"])  # "declined to comment" is no position
    when = {e["date"]: e for e in f["when"]}
    assert when["2024-03-12"]["text"] == "Tuesday"  # relative to the publication date
    assert "dispute" in when["2024-03-03"]["event"]
    assert {"129 ships", "3,000 containers", "4 percent pay rise"} <= {x["text"] for x in f["figures"]}


def test_actor_capitals_acronyms_and_pronouns():
    f = facts_of_articles([Article(id="senate", text=SENATE, published=datetime(2025, 3, 20))], nlp="rules")
    who = {e["name"]: e for e in f["who"]}
    assert "UN" in who["United Nations"]["also"]
    assert "Beijing" in who["China"]["also"] and "Beijing" in names(f, "where")  # acts once, is a place once
    assert who["Keir Starmer"]["roles"] == ["Prime Minister"]
    pos = {(p["actor"], p["type"]): p for p in f["positions"]}
    assert pos[("Jane Holloway", "refusal")]["condition"].startswith("unless it included funding")
    assert pos[("Jane Holloway", "condition")]["object"] == "a cap on drug prices"
    assert pos[("China", "refusal")]["as"] == "Beijing"
    assert pos[("Keir Starmer", "offer")]["object"].startswith("to host talks in London")
    said = next(s for s in f["statements"] if s["speaker"] == "Jane Holloway")
    assert said["content"].startswith("she would oppose the bill")
    assert {"2025-03-17", "2025-W11", "2025-09"} <= {e["date"] for e in f["when"]}


def test_brief_facts_come_from_brief_sentences(cli, tmp_path):
    from newsbrief.briefing import BriefWriter

    art = Article(id="ferry", text=FERRY, title="Ferry strike ends")
    b = BriefWriter(words=40).write([art])
    cited = {(c.article_id, c.sentence_index) for p in (*b.key_points, *b.summary) for c in p.citations}
    cited |= {(s.article_id, s.index) for s in lead_of(sentences_of(art))}  # the lead dates and places the event
    f = facts_of_brief(b, nlp="rules")
    for key in ("who", "where", "when", "statements", "positions"):
        for e in f[key]:
            assert all((s["article_id"], s["sentence"]) in cited for s in e["sources"])
    b2 = attach_facts(b, nlp="rules")
    assert b2.facts and b.facts is None and b2.to_dict()["facts"]["who"]
    p = tmp_path / "ferry.txt"
    p.write_text("Ferry strike ends\n\n" + FERRY, encoding="utf-8")
    r = cli(["brief", str(p), "--facts"], env={"NEWSBRIEF_NLP": "rules"})
    assert r.exit_code == 0 and "\nFacts\n" in r.stdout and "Who:" in r.stdout
    r = cli(["brief", str(p), "--facts", "--format", "markdown"], env={"NEWSBRIEF_NLP": "rules"})
    assert "## Key facts" in r.stdout


def test_render_and_cli_formats(cli, tmp_path):
    p = tmp_path / "senate.txt"
    p.write_text(SENATE, encoding="utf-8")
    for fmt, marker in (("text", "  Positions:"), ("markdown", "- **Positions:**")):
        r = cli(["facts", str(p), "--format", fmt, "--nlp", "rules"])
        assert r.exit_code == 0 and marker in r.stdout
    assert render_facts(None) == "" and render_facts({}) == ""
    r = cli(["facts", str(p), str(tmp_path / "missing.txt"), "--format", "json", "--nlp", "rules"])
    assert r.exit_code == 1 and "missing.txt: no such file" in r.stderr and json.loads(r.stdout)["who"]
    assert cli(["facts"]).exit_code == 2


def test_positions_over_time():
    from newsbrief.briefing import BriefWriter

    w = BriefWriter(words=60)
    old = Article(id="a1", text="Russia demanded that Ukraine withdraw from Donetsk as a precondition for talks. "
                  "Officials met in Istanbul on Monday.", published=datetime(2025, 5, 16))
    new = Article(id="a2", text="Russia demanded guarantees that NATO will not expand eastward. Officials met "
                  "again in Istanbul on Monday.", published=datetime(2025, 6, 2))
    hist = positions_over_time([w.write([new]), w.write([old])])["Russia"]
    assert [h["date"][:10] for h in hist] == ["2025-05-16", "2025-06-02"]
    assert [h["changed"] for h in hist] == [False, True]
