"""``newsbrief batch`` and ``newsbrief load`` as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.batch import corpus


@pytest.mark.slow  # a LocalCluster of worker processes
def test_batch_load_stories(cli, tmp_path):
    recs = corpus.records(n_events=6, seed=11)
    paths = corpus.write_shards(recs, tmp_path / "in")
    out, db = tmp_path / "out", tmp_path / "nb.db"
    r = cli(["batch", *map(str, paths), "--out", str(out), "--workers", "1", "--format", "json"])
    assert r.exit_code == 1  # two records could not be read; the rest was done
    assert r.stderr.count("newsbrief: error: ") == 2 and f"{paths[0]}:3: not JSON" in r.stderr
    report = json.loads(r.stdout)
    assert report["articles"] == len(recs) and report["errors"] == 2
    r = cli(["load", str(out), "--db", str(db)])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"{len(recs)} articles, {report['stories']} stories")
    r = cli(["stories", "--format", "json", "--limit", "0", "--db", str(db)])
    listed = json.loads(r.stdout)
    assert {a["id"] for s in listed for a in s["articles"]} == {x["id"] for x in recs}
    r = cli(["load", str(out), "--db", str(db)])  # a second load would clash with the stories
    assert r.exit_code == 1 and "already has stories" in r.stderr


def test_usage_and_input_errors(cli, tmp_path):
    r = cli(["batch", "x.jsonl", "--out", str(tmp_path / "o"), "--workers", "1", "--scheduler", "tcp://h:8786"])
    assert r.exit_code == 2
    r = cli(["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"), "--workers", "1"])
    assert r.exit_code == 1
    assert r.stderr.strip() == f"newsbrief: error: {tmp_path / 'missing.jsonl'}: no such file or directory"
    (tmp_path / "half").mkdir()
    r = cli(["load", str(tmp_path / "half"), "--db", str(tmp_path / "nb.db")])
    assert r.exit_code == 1 and "no _manifest.json" in r.stderr
