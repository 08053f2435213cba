"""``run_batch`` on a real LocalCluster (2 worker processes) against the single-process pipeline:
the same stories as ``cluster_articles``, the same duplicate links as the store, the same briefs;
and a complete, identical result when a worker process is killed mid-run."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import cloudpickle
import pytest

from newsbrief.batch import BatchConfig, run_batch
from newsbrief.batch.output import read_manifest, read_table
from newsbrief.briefing import BriefWriter
from newsbrief.cluster import cluster_articles, publication_order
from newsbrief.ingest.records import record_articles
from newsbrief.store import Store
from newsbrief.store_types import StoreItem
from tests.batch import corpus, killer

distributed = pytest.importorskip("distributed")
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


def _reference(recs: list[dict], tmp: Path, follow: bool = False) -> dict:
    """The single-process pipeline: the ingest record reader, the store's duplicate links
    (articles stored in publication order), ``cluster_articles``, one brief per story."""
    arts = [record_articles(r, r["id"])[0] for r in corpus.in_input_order(recs)]
    order = publication_order(arts)
    with Store(tmp / f"ref-{follow}.db") as store:
        store.add_articles(StoreItem(arts[i]) for i in order)
        dup = {a.id: a.duplicate_of for a in store.articles()}
    if follow:
        arts = [replace(a, duplicate_of=dup[a.id]) for a in arts]
    stories = cluster_articles(arts)
    members: dict[int, list] = {}
    for i in order:
        members.setdefault(stories[i], []).append(arts[i])
    writer = BriefWriter()
    briefs = {sid: writer.write(m, str(sid)).to_dict() for sid, m in members.items()}
    return {"story": {a.id: s for a, s in zip(arts, stories, strict=True)}, "dup": dup, "briefs": briefs}


def _result(out: Path) -> dict:
    arts = read_table(out, "articles")
    briefs = read_table(out, "briefs")
    return {"story": dict(zip(arts["id"], arts["story_id"].tolist(), strict=True)),
            "dup": dict(zip(arts["id"], arts["duplicate_of"], strict=True)),
            "briefs": {int(s): json.loads(b) for s, b in zip(briefs["story_id"], briefs["brief"], strict=True)},
            "ranks": arts.sort_values("rank")["id"].tolist()}


@pytest.mark.parametrize("follow", [False, True])
def test_batch_equals_single_process(client, data, tmp_path, follow):
    recs, paths = data
    # Small blocks: the plain JSONL files are read in several byte ranges, lines cut at the borders.
    cfg = BatchConfig(follow_duplicates=follow, block_bytes=4096)
    report = run_batch([str(p) for p in paths], str(tmp_path / "out"), client, cfg)
    ref = _reference(recs, tmp_path, follow)
    got = _result(tmp_path / "out")
    assert report.partitions >= 8  # JSONL blocks, a gzipped file, Parquet row groups
    assert report.articles == len(recs) and report.errors == 2
    assert len(report.error_sample) == 2 and report.error_sample[0][1].startswith("not JSON")
    assert got["story"] == ref["story"]  # the very same story ids, article by article
    assert got["dup"] == {k: v or None for k, v in ref["dup"].items()}
    assert sum(v is not None for v in got["dup"].values()) >= 3  # the corpus has copies to find
    assert report.stories == len(ref["briefs"]) == len(got["briefs"])
    assert got["briefs"] == ref["briefs"]  # identical briefs, sources included
    arts = [record_articles(r, r["id"])[0] for r in corpus.in_input_order(recs)]
    assert got["ranks"] == [arts[i].id for i in publication_order(arts)]
    assert read_manifest(tmp_path / "out")["articles"] == len(recs)
    assert len(read_table(tmp_path / "out", "errors")) == 2


@pytest.mark.parametrize("stage", ["nb-cluster-", "nb-brief-"])
def test_worker_killed_mid_run(data, tmp_path, stage):
    """SIGKILL the worker as it starts the clustering task (or a briefing task): the scheduler
    reruns it, and whatever died with the worker, elsewhere; the output is complete and the same
    as a clean run's."""
    recs, paths = data
    flag = tmp_path / "killed"
    with _cluster() as lc, distributed.Client(lc) as c:
        c.wait_for_workers(2)
        c.register_plugin(killer.KillOnce(stage, str(flag)))
        report = run_batch([str(p) for p in paths], str(tmp_path / "out"), c)
    assert flag.exists(), "no worker was killed"
    ref = _reference(recs, tmp_path)
    got = _result(tmp_path / "out")
    assert report.articles == len(recs)
    assert got["story"] == ref["story"]
    assert got["briefs"] == ref["briefs"]
    assert read_manifest(tmp_path / "out") is not None
    assert len(read_table(tmp_path / "out", "stories")) == len(ref["briefs"])
