"""The online clusterer: features, assignment, wire copies, saved state, the CLI's JSONL mode."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from newsbrief.cluster import ClusterConfig, StoryClusterer, _Story, cluster_articles, publication_order
from newsbrief.cluster_baseline import single_pass_tfidf
from newsbrief.cluster_features import article_features, entity_counts, title_case
from newsbrief.evaluate import bcubed
from newsbrief.models import Article
from tests.conftest import read_jsonl

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
QUAKE = ("A magnitude 6.1 earthquake struck near the town of Valdoria in northern Montevia on Sunday. "
         "Rescue teams searched collapsed houses in Valdoria and nearby villages through the night. "
         "Governor Elena Marsh said at least 12 people were killed in the Valdoria earthquake. "
         "Aftershocks shook the region, and schools in Valdoria stayed closed on Monday. "
         "The Montevia seismology institute said the quake was shallow, which made it more destructive. "
         "Hospitals in Valdoria asked for blood donors as the injured arrived. "
         "Army trucks brought tents and water to families sleeping outside in Valdoria. "
         "Neighbouring countries offered rescue teams to Montevia after the earthquake.")
FERRY = ("A passenger ferry ran aground off Port Keswin on Tuesday with 240 people on board. "
         "All passengers were taken off the Keswin Line ferry by lifeboats and no one was seriously hurt. "
         "The Keswin Line said its ferry had lost steering in strong winds off Port Keswin. "
         "Investigators from the maritime agency boarded the ferry on Tuesday afternoon. "
         "Tugs will try to refloat the Keswin Line ferry at high tide, the Port Keswin harbour master said. "
         "Passengers described a loud bang as the ferry hit rocks outside Port Keswin. "
         "Ferry services between Port Keswin and the islands were cancelled for the rest of the week. "
         "The coastguard watched for fuel leaks around the grounded ferry.")
VOTE = ("Parliament in Drenland approved the new budget on Wednesday by 201 votes to 188. "
        "Finance minister Tomas Berg said the Drenland budget would cut the deficit within two years. "
        "Opposition leader Ana Krol called the budget unfair to pensioners and promised to fight it. "
        "The Drenland budget raises fuel taxes and freezes public sector pay. "
        "Unions in Drenland announced a protest against the budget's pay freeze. "
        "Tomas Berg told parliament the budget protected spending on schools and hospitals. "
        "The vote on the budget followed two days of debate in the Drenland parliament. "
        "Economists said the Drenland budget's fuel tax would add to inflation this year.")


def art(i: str, text: str, title: str = "", hours: float = 0.0, **kw) -> Article:
    return Article(id=i, text=text, title=title, published=T0 + timedelta(hours=hours), **kw)


def vary(text: str, n: int) -> str:
    """Another outlet's report of the same event: four of its eight sentences, one of its own."""
    sents = [x if x.endswith(".") else x + "." for x in text.split(". ")]
    picked = [sents[(n * 3 + k * (1 + n % 3)) % len(sents)] for k in range(4)]
    return " ".join(dict.fromkeys(picked)) + f" Correspondent number {n} filed this report at {n + 7} o'clock."


EVENTS = {"quake": (QUAKE, "Deadly earthquake hits Valdoria"), "ferry": (FERRY, "Ferry runs aground off Port Keswin"),
          "vote": (VOTE, "Drenland parliament passes budget")}


def stream() -> tuple[list[Article], dict[str, str]]:
    arts, gold = [], {}
    for n in range(9):
        name = list(EVENTS)[n % 3]
        text, title = EVENTS[name]
        a = art(f"{name}{n}", vary(text, n), title if n % 2 else "", hours=n)
        arts.append(a)
        gold[a.id] = name
    return arts, gold


def test_entities_skip_sentence_openers_and_keep_names():
    text = "Scores of people fled. Officials counted scores of houses. Governor Elena Marsh visited Valdoria."
    ents = entity_counts(text, text)
    assert "e:scores" not in ents
    assert ents["e:governor elena marsh"] == 1 and ents["e:marsh"] == 1 and ents["e:valdoria"] == 1


def test_a_multi_word_demonym_names_its_place():
    # "the North Montevian army" and "North Montevia" name one participant.
    text = "The North Montevian army fired a rocket. North Montevians cheered. Montevian papers said little."
    ents = entity_counts(text, set(text.split()))
    assert ents["e:north montevia"] == 2 and "e:north montevian" not in ents
    assert ents["e:montevia"] == 2  # the place, as a lone "Montevia" would give it
    assert ents["e:montevian"] == 2  # "North Montevian"'s last word as written, and the lone demonym
    # A place that merely ends in "-an" keeps its link to its lone mentions.
    text = "The Republic of Valdoristan voted. Valdoristan said so."
    ents = entity_counts(text, set(text.split()))
    assert ents["e:valdoristan"] == 2 and "e:valdorista" not in ents  # a place in "-an" is no demonym


def test_company_and_generational_forms_are_not_names():
    # "Veltrix Inc." is Veltrix: its "e:inc" key met no later "Veltrix" and joined it to other companies.
    text = "Veltrix Inc. reported a data breach. Veltrix said Marek Pell Jr. would lead the review."
    ents = entity_counts(text, set(text.split()))
    assert ents["e:veltrix"] == 2 and ents["e:pell"] == 1 and "e:marek pell" in ents
    assert not [k for k in ents if k.rstrip(".").endswith((" inc", ":inc", " jr", ":jr"))]


def test_a_phrase_past_a_full_stop_names_the_word_before_it():
    # "... Mount Kresnik. The ..." is one capitalised run: its name is "Kresnik", not "Kresnik.".
    text = "Two climbers died on Mount Kresnik. The guides said Kresnik was icy. U.S. teams helped."
    ents = entity_counts(text, set(text.split()))
    assert ents["e:kresnik"] == 2 and not [k for k in ents if k.endswith("kresnik.")]
    assert "e:u.s" in ents or "e:u.s." in ents  # an abbreviation keeps its stops


def test_title_case_titles_take_the_bodys_names():
    assert title_case("Deadly Earthquake Hits Valdoria In Montevia")
    assert not title_case("Deadly earthquake hits Valdoria")
    words, ents = article_features("Deadly Earthquake Hits Valdoria", QUAKE, 2500, 3.0)
    assert ents["e:valdoria"] > 3  # the body's three mentions plus the title's weight
    assert "e:deadly earthquake hits valdoria" not in ents
    assert words["w:valdoria"] >= 3 + 3


def test_events_are_told_apart():
    arts, gold = stream()
    labels = cluster_articles(arts)
    score = bcubed(dict(zip([a.id for a in arts], labels, strict=True)), gold)
    assert score["bcubed_f1"] == 1.0


def test_input_order_kept_and_publication_order_used():
    arts, _ = stream()
    rev = list(reversed(arts))
    assert publication_order(rev) == list(reversed(range(len(arts))))
    labels = cluster_articles(rev)
    assert labels[-1] == 1  # the earliest article (last in this input) opened the first story


def test_undated_article_keeps_its_place():
    a, b, c = art("a", QUAKE, hours=5), Article(id="b", text=FERRY), art("c", VOTE, hours=1)
    assert publication_order([a, b, c]) == [2, 0, 1]


def test_wire_copies_count_once():
    eng = StoryClusterer()
    s = eng.add(art("q1", QUAKE))
    before = dict(eng.stories[s].centroid), eng.n_docs
    assert eng.add(art("q2", QUAKE, hours=1, duplicate_of="q1", outlet="Other")) == s
    assert eng.add(art("q3", QUAKE, hours=2)) == s  # same text: an exact copy
    assert eng.stories[s].n == 1 and eng.n_docs == before[1] and eng.stories[s].centroid == before[0]


def test_state_round_trip_resumes_exactly():
    arts, _ = stream()
    whole = cluster_articles(arts)
    eng = StoryClusterer()
    first = [eng.add(a) for a in arts[:4]]
    resumed = StoryClusterer.from_state(json.loads(json.dumps(eng.state())))
    assert first + [resumed.add(a) for a in arts[4:]] == whole


def test_forced_assignment_and_retire():
    eng = StoryClusterer()
    assert eng.add(art("x", QUAKE), story=7) == 7
    assert eng.add(art("y", FERRY, hours=1)) == 8  # numbering continues after a forced story
    assert eng.retire(1) == [7] and list(eng.stories) == [8]  # the least recently grown goes
    assert eng.add(art("z", vary(QUAKE, 1), hours=2)) == 9  # a retired story attracts nothing


def test_short_texts_need_a_closer_match():
    eng = StoryClusterer()
    assert eng._threshold(200) == eng.config.threshold
    assert eng._threshold(12) > eng.config.threshold * 2


def test_threshold_config():
    arts, _ = stream()
    # Threshold 0 still only joins stories the inverted index offers as candidates.
    assert len(set(cluster_articles(arts, ClusterConfig(threshold=0.0)))) <= 3
    assert len(set(cluster_articles(arts, ClusterConfig(threshold=1.01)))) == len(arts)


def test_baseline_peer_runs():
    arts, gold = stream()
    labels = single_pass_tfidf(arts)
    assert bcubed(dict(zip([a.id for a in arts], labels, strict=True)), gold)["bcubed_f1"] > 0.8


def _records(arts: list[Article]) -> str:
    return "".join(json.dumps({"id": a.id, "title": a.title, "text": a.text,
                               "published": a.published.isoformat() if a.published else None}) + "\n" for a in arts)


def test_cli_jsonl_mode(cli):
    arts, gold = stream()
    res = cli(["cluster", "--jsonl", "-"], input=_records(arts))
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["id"] for o in out] == [a.id for a in arts]
    assert bcubed({o["id"]: o["story"] for o in out}, gold)["bcubed_f1"] == 1.0


def test_cli_jsonl_bad_records(cli):
    arts, _ = stream()
    payload = _records(arts[:2]) + "not json\n" + json.dumps({"id": "e", "text": ""}) + "\n"
    res = cli(["cluster", "--jsonl", "-"], input=payload)
    assert res.exit_code == 1
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [("story" in o) for o in out] == [True, True, False, False]
    assert "newsbrief: error: e: record has neither 'text' nor 'title'" in res.stderr


def test_eval_clusters(cli, tmp_path):
    arts, gold = stream()
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text, "event_id": gold[a.id],
                                        "published": a.published.isoformat()}) + "\n" for a in arts))
    res = cli(["eval", "clusters", str(path), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)["scores"]
    assert scores["newsbrief"]["bcubed_f1"] == 1.0 and "single-pass tf-idf 0.20" in scores


@pytest.mark.data
def test_clusters_dev_target(data):
    rows = read_jsonl(data / "clusters-dev.jsonl")
    arts = [Article(id=r["id"], title=r["title"], text=r["text"], published=datetime.fromisoformat(r["published"]))
            for r in rows]
    pred = dict(zip([a.id for a in arts], cluster_articles(arts), strict=True))
    # A floor just under the 0.965 measured with constants chosen on all three dev sets (issue
    # 11's goal 0.96; see README, clustering). TF-IDF peer: 0.932.
    assert bcubed(pred, {r["id"]: r["event_id"] for r in rows})["bcubed_f1"] >= 0.96


def test_retire_drops_old_one_article_stories_first():
    eng = StoryClusterer()
    big = eng.add(art("q0", vary(QUAKE, 0)))
    assert eng.add(art("q1", vary(QUAKE, 1), hours=1)) == big
    lone = eng.add(art("f0", vary(FERRY, 0), hours=2))
    last = eng.add(art("v0", vary(VOTE, 0), hours=3))
    assert eng.retire(2) == [lone] and set(eng.stories) == {big, last}


MEMBERS = ClusterConfig(member_exemplars=2, member_gate=0.5, member_gate_age=False)


def test_member_exemplars_keep_the_first_and_the_most_recent():
    eng = StoryClusterer(ClusterConfig(member_exemplars=3))
    arts = [art(f"q{n}", vary(QUAKE, n), hours=n) for n in range(6)]
    sids = {eng.add(a) for a in arts}
    assert len(sids) == 1
    st = eng.stories[sids.pop()]
    assert st.n == 6 and len(st.members) == 3
    probe = StoryClusterer(ClusterConfig(member_exemplars=3))
    first = probe.vector(arts[0])[0]
    assert st.members[0] == first  # the founding article stays an exemplar


def test_member_gate_stops_a_join_the_blended_centroid_allows():
    # A story of two members that share nothing ("a topic"): an article like only one of them
    # matches the blended centroid well, but is unlike the other member.
    def story(cfg: ClusterConfig) -> StoryClusterer:
        eng = StoryClusterer(cfg)
        eng.stories[1] = _Story()
        eng._join(1, {"w:harbour": 1.0}, ["w:harbour"], None)
        eng._join(1, {"w:strike": 1.0}, ["w:strike"], None)
        return eng

    vec = {"w:strike": 0.9, "w:docker": 0.19 ** 0.5}
    plain = story(ClusterConfig(member_exemplars=0)).match(vec, 1, None)
    assert plain.joins and plain.member is None
    gated = story(MEMBERS).match(vec, 1, None)
    assert gated.similarity == pytest.approx(plain.similarity) and gated.member == 0.0 and not gated.joins
    # Grown with the story's age, the gate needs dates: an undated article meets none.
    assert story(MEMBERS.replace(member_gate_age=True)).match(vec, 1, None).joins


def test_member_state_round_trips_and_old_state_loads():
    arts, gold = stream()
    whole = cluster_articles(arts, MEMBERS)
    assert bcubed(dict(zip((a.id for a in arts), whole, strict=True)), gold)["bcubed_f1"] == 1.0
    eng = StoryClusterer(MEMBERS)
    first = [eng.add(a) for a in arts[:4]]
    state = json.loads(json.dumps(eng.state()))
    assert any(len(s) == 8 for s in state["stories"].values())
    resumed = StoryClusterer.from_state(state)
    assert first + [resumed.add(a) for a in arts[4:]] == whole
    # A state saved before exemplars existed (six or seven fields a story) loads with none.
    for s in state["stories"].values():
        del s[6:]
    old = StoryClusterer.from_state(state)
    assert all(st.members == [] for st in old.stories.values())
    # A state saved with the member knobs since removed (they lost in bench/tune_members.py)
    # loads: unknown config keys are dropped.
    state["config"].update(member_mix=0.0, member_gate_base=False, member_terms=0, member_stat="min")
    assert StoryClusterer.from_state(state).config == MEMBERS
