"""``run_batch`` on a real LocalCluster (2 worker processes) against the single-process pipeline:
the same stories as ``cluster_articles``, the same duplicate links as the store, the same briefs;
and a complete, identical result when a worker process is killed mid-run."""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from pathlib import Path

import cloudpickle
import distributed  # the batch extra is in [dev]: missing, it is an error, not a silent skip
import pytest

from newsbrief.batch import BatchConfig, run_batch
from newsbrief.batch.load import load_batch
from newsbrief.batch.output import read_manifest, read_table
from newsbrief.cluster import cluster_articles, publication_order
from newsbrief.evaluate import bcubed
from newsbrief.ingest.records import record_articles
from newsbrief.store import Store
from newsbrief.store_types import StoreItem
from newsbrief.stories import list_stories, story_id, update_stories
from tests.batch import corpus, killer

pytestmark = pytest.mark.slow  # a LocalCluster of worker processes: `make test-slow`
cloudpickle.register_pickle_by_value(killer)  # the workers cannot import the tests package


def _cluster():
    return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                    silence_logs=logging.ERROR)


@pytest.fixture(scope="module")
def client():
    with _cluster() as lc, distributed.Client(lc) as c:
        c.wait_for_workers(2)
        yield c


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    recs = corpus.records()
    return recs, corpus.write_shards(recs, d / "in")


def _store_path(recs: list[dict], tmp: Path) -> dict:
    """The single-process pipeline through the store: the articles stored in publication order
    (ingest's duplicate links), then ``update_stories`` (clusters, briefs)."""
    arts = [record_articles(r, r["id"])[0] for r in corpus.in_input_order(recs)]
    with Store(tmp / "ref.db") as store:
        store.add_articles(StoreItem(arts[i]) for i in publication_order(arts))
        update_stories(store)
        return _from_store(store)


def _from_store(store: Store) -> dict:
    conn = store.conn
    return {"story": dict(conn.execute("SELECT article_id, story_id FROM story_articles")),
            "dup": dict(conn.execute("SELECT id, duplicate_of FROM articles")),
            "briefs": {s: json.loads(b) for s, b in conn.execute("SELECT story_id, brief FROM briefs")}}


def _jsonl_stories(recs: list[dict]) -> dict[str, str]:
    """``newsbrief cluster --jsonl``'s stories: ``cluster_articles`` over the records in input order."""
    arts = [record_articles(r, r["id"])[0] for r in corpus.in_input_order(recs)]
    return {a.id: story_id(s) for a, s in zip(arts, cluster_articles(arts), strict=True)}


def _result(out: Path) -> dict:
    arts = read_table(out, "articles")
    briefs = read_table(out, "briefs")
    return {"story": dict(zip(arts["id"], arts["story_id"], strict=True)),
            "dup": dict(zip(arts["id"], arts["duplicate_of"], strict=True)),
            "briefs": {s: json.loads(b) for s, b in zip(briefs["story_id"], briefs["brief"], strict=True)},
            "ranks": arts.sort_values("rank")["id"].tolist()}


def _same_briefs(a: dict, b: dict) -> int:
    """How many stories have the same articles in both runs; asserts each has the same brief."""
    members = defaultdict(set)
    for art, sid in a["story"].items():
        members[sid].add(art)
    by_set = {frozenset(v): k for k, v in members.items()}
    other = defaultdict(set)
    for art, sid in b["story"].items():
        other[sid].add(art)
    same = [(by_set[frozenset(v)], k) for k, v in other.items() if frozenset(v) in by_set]
    for x, y in same:
        assert a["briefs"][x] == b["briefs"][y] | {"story_id": x}
    return len(same)


def test_batch_equals_cluster_jsonl(client, data, tmp_path):
    """Default: the stories of ``cluster --jsonl``; duplicate links and briefs as the store's."""
    recs, paths = data
    # Small blocks: the plain JSONL files are read in several byte ranges, lines cut at the borders.
    report = run_batch([str(p) for p in paths], str(tmp_path / "out"), client, BatchConfig(block_bytes=4096))
    got = _result(tmp_path / "out")
    ref = _store_path(recs, tmp_path)
    assert report.partitions >= 8  # JSONL blocks, a gzipped file, Parquet row groups
    assert report.articles == len(recs) and report.errors == 2
    assert len(report.error_sample) == 2 and report.error_sample[0][1].startswith("not JSON")
    assert got["story"] == _jsonl_stories(recs)  # the very same story ids, article by article
    assert got["dup"] == {k: v or None for k, v in ref["dup"].items()}
    assert sum(v is not None for v in got["dup"].values()) >= 3  # the corpus has copies to find
    assert report.stories == len(got["briefs"])
    assert _same_briefs(ref, got) >= 0.8 * len(ref["briefs"])  # identical stories: identical briefs
    arts = [record_articles(r, r["id"])[0] for r in corpus.in_input_order(recs)]
    assert got["ranks"] == [arts[i].id for i in publication_order(arts)]
    assert read_manifest(tmp_path / "out")["articles"] == len(recs)
    assert len(read_table(tmp_path / "out", "errors")) == 2


def test_follow_duplicates_then_load_equals_store_path(client, data, tmp_path):
    """``--follow-duplicates`` + ``load``: the store holds what ingest + ``update_stories`` make
    (same story ids, members and briefs), and ``list_stories`` reads it."""
    recs, paths = data
    run_batch([str(p) for p in paths], str(tmp_path / "out"), client, BatchConfig(follow_duplicates=True))
    ref = _store_path(recs, tmp_path)
    with Store(tmp_path / "loaded.db") as store:
        summary = load_batch(tmp_path / "out", store)
        got = _from_store(store)
        listed = list_stories(store, limit=None)
        state = store.conn.execute("SELECT value FROM cluster_state WHERE key = 'engine'").fetchone()
    assert summary["articles"] == len(recs) and summary["stories"] == len(ref["briefs"])
    assert got == ref
    assert {a.id for s in listed for a in s.articles or ()} == {r["id"] for r in recs}
    assert json.loads(state[0])["n_docs"] > 0


@pytest.mark.parametrize("follow", [False, True])
def test_chain_of_links_is_the_single_pass(client, data, tmp_path, follow):
    """A corpus larger than ``chain_articles`` is clustered by a chain of tasks handing the engine
    on: the same stories, numbered the same, as one pass."""
    recs, paths = data
    cfg = BatchConfig(chain_articles=25, follow_duplicates=follow)
    run_batch([str(p) for p in paths], str(tmp_path / "chain"), client, cfg)
    got = _result(tmp_path / "chain")
    if follow:
        assert got["story"] == _store_path(recs, tmp_path)["story"]
    else:
        assert got["story"] == _jsonl_stories(recs)
    assert read_manifest(tmp_path / "chain")["articles"] == len(recs)


def test_time_windows_agree_with_the_single_pass(client, data, tmp_path):
    """``window_days``: windows clustered in parallel and stitched; close to the single pass when
    the windows are longer than the stories' gaps (the corpus spans 20 days)."""
    recs, paths = data
    exact = _jsonl_stories(recs)
    scores = {}
    for days in (8.0, 3.0):
        report = run_batch([str(p) for p in paths], str(tmp_path / f"w{days}"), client, BatchConfig(window_days=days))
        got = _result(tmp_path / f"w{days}")
        assert set(got["story"]) == set(exact) and report.stories == len(got["briefs"])
        scores[days] = bcubed(got["story"], exact)["bcubed_f1"]
    assert scores[8.0] >= 0.95 and scores[3.0] >= 0.8


@pytest.mark.parametrize(("stage", "chain"), [("cluster", 100_000), ("brief", 100_000), ("chain", 25)])
def test_worker_killed_mid_run(data, tmp_path, stage, chain):
    """SIGKILL the worker as it starts the clustering task (or a briefing task, or the third
    link of a clustering chain, whose engine it took over): the scheduler reruns it, and
    whatever died with the worker, elsewhere; the output is complete and the same as a clean
    run's."""
    recs, paths = data
    flag = tmp_path / "killed"
    with _cluster() as lc, distributed.Client(lc) as c:
        c.wait_for_workers(2)
        # Task keys are nb-STAGE-RUN[-i] (pipeline._Graph); their -t / -r companions don't match.
        pattern = rf"nb-{stage}-[0-9a-f]{{8}}(-\d+)?"
        c.register_plugin(killer.KillOnce(pattern, str(flag), nth=3 if stage == "chain" else 1))
        report = run_batch([str(p) for p in paths], str(tmp_path / "out"), c, BatchConfig(chain_articles=chain))
    assert flag.exists(), "no worker was killed"
    assert re.fullmatch(pattern, flag.read_text()), flag.read_text()
    got = _result(tmp_path / "out")
    assert report.articles == len(recs)
    assert got["story"] == _jsonl_stories(recs)
    assert _same_briefs(_store_path(recs, tmp_path), got) >= 1
    assert read_manifest(tmp_path / "out") is not None
    assert len(read_table(tmp_path / "out", "stories")) == len(got["briefs"]) == report.stories
