"""Corpus scale: ``newsbrief batch`` on Dask (1 and 2 local worker processes) next to the same
pipeline run in one process, on the synthetic stream of ``bench/streamgen.py``.

The corpus (default 100,000 articles; ``--n`` for quick runs) is generated at run time from the
redistributable text and written to 4 JSONL shards in a temporary folder, never into the repo.
The single-process pipeline does the same work with the same library calls and no Dask: parse
(the ingest record reader), MinHash-sign and deduplicate (the store's rule, an in-memory index),
``cluster_articles`` (= ``newsbrief cluster --jsonl``), one ``BriefWriter`` brief per story from
the articles the store path picks (``newsbrief.stories``: the newest 30 originals), Parquet out. Reported: seconds and articles/s of each, the overhead of Dask with one worker,
the speedup of two, the per-article cost of each stage, and the agreement: BCubed F1 between the
batch's and the single process's stories, and how many identical stories got identical briefs.

``python -m bench.bench_batch [--n N] [--skip-single]`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import data_dir
from bench.streamgen import PER_DAY
from newsbrief import dedup
from newsbrief.batch.briefs import as_stored, brief_articles
from newsbrief.briefing import BriefWriter
from newsbrief.cluster import cluster_articles, publication_order
from newsbrief.ingest.records import iter_jsonl, record_articles
from newsbrief.models import Article
from newsbrief.stories import story_id

N = int(os.environ.get("NEWSBRIEF_BENCH_BATCH_N", "100000"))
SHARDS = 4


def make_corpus(data: Path, n: int, folder: Path) -> list[Path]:
    """``n`` streamgen articles as JSONL, dealt round-robin into SHARDS files (so every shard
    spans the whole time range, as independent crawls do)."""
    from bench.streamgen import generate, load_material

    files = [folder / f"part-{i}.jsonl" for i in range(SHARDS)]
    handles = [open(f, "w", encoding="utf-8") for f in files]
    try:
        for k, (a, ev) in enumerate(generate(n, load_material(data))):
            rec = {"id": a.id, "title": a.title, "text": a.text, "source": a.outlet, "url": a.url,
                   "published": a.published.isoformat() if a.published else None, "event_id": ev}
            handles[k % SHARDS].write(json.dumps(rec) + "\n")
    finally:
        for h in handles:
            h.close()
    return files


# -- the same pipeline in one process ---------------------------------------------------------------
def _dedup(articles: list[Article], order: list[int]) -> dict[str, str]:
    """``duplicate_of`` links by the store's rule (first same-hash copy, else the earliest LSH
    candidate at or above the threshold), articles taken in publication order."""
    first_hash: dict[str, int] = {}
    bands: dict[int, list[int]] = defaultdict(list)
    sigs: dict[int, np.ndarray] = {}
    root: dict[int, int] = {}
    pos = {i: k for k, i in enumerate(order)}
    for i in order:
        a = articles[i]
        sig = dedup.signature(a.text)
        target = first_hash.get(a.content_hash)
        if target is None and sig is not None:
            cands = sorted({c for k in dedup.band_keys(sig) for c in bands.get(k, ())}, key=pos.__getitem__)
            for c in cands[: dedup.MAX_CANDIDATES]:
                if dedup.similarity(sig, sigs[c]) >= dedup.THRESHOLD:
                    target = c
                    break
        if target is not None:
            root[i] = root.get(target, target)
        first_hash.setdefault(a.content_hash, i)
        if sig is not None:
            sigs[i] = sig
            for k in dedup.band_keys(sig):
                bands[k].append(i)
    return {articles[i].id: articles[r].id for i, r in root.items()}


def single_process(files: list[Path], out: Path, words: int = 150) -> dict:
    """The pipeline in this process; timings, story per article id, brief JSON per story id."""
    t = {"start": time.perf_counter()}
    c = {"start": time.process_time()}
    articles: list[Article] = []
    for f in files:
        with open(f, "rb") as fh:
            for item, rec in iter_jsonl(fh, str(f)):
                articles += record_articles(rec, item, source=str(f))
    t["parse"], c["parse"] = time.perf_counter(), time.process_time()
    order = publication_order(articles)
    dups = _dedup(articles, order)
    t["dedup"], c["dedup"] = time.perf_counter(), time.process_time()
    stories = cluster_articles(articles)
    t["cluster"], c["cluster"] = time.perf_counter(), time.process_time()
    members: dict[str, list[Article]] = defaultdict(list)
    for i in order:
        a = articles[i]
        members[story_id(stories[i])].append(as_stored(replace(a, duplicate_of=dups.get(a.id))))
    writer = BriefWriter(words=words)
    briefs = {sid: json.dumps(writer.write(brief_articles(arts), sid).to_dict(), ensure_ascii=False)
              for sid, arts in members.items()}
    t["brief"], c["brief"] = time.perf_counter(), time.process_time()
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"id": [a.id for a in articles], "text": [a.text for a in articles],
                  "story_id": [story_id(s) for s in stories],
                  "duplicate_of": [dups.get(a.id) for a in articles]}).to_parquet(out / "articles.parquet")
    pd.DataFrame({"story_id": list(briefs), "brief": list(briefs.values())}).to_parquet(out / "briefs.parquet")
    t["write"], c["write"] = time.perf_counter(), time.process_time()
    steps = ["start", "parse", "dedup", "cluster", "brief", "write"]
    return {"seconds": {s: round(t[s] - t[p], 2) for p, s in zip(steps, steps[1:], strict=False)},
            "cpu_seconds": {s: round(c[s] - c[p], 2) for p, s in zip(steps, steps[1:], strict=False)},
            "total": round(t["write"] - t["start"], 2), "total_cpu": round(c["write"] - c["start"], 2), "articles": len(articles), "duplicates": len(dups),
            "story_of": {a.id: story_id(s) for a, s in zip(articles, stories, strict=True)}, "briefs": briefs,
            "dup_of": {a.id: dups.get(a.id) for a in articles}}


# -- batch on a local Dask cluster -------------------------------------------------------------------
def batch(files: list[Path], out: Path, workers: int, window_days: float = 0.0) -> dict:
    """``run_batch`` on a fresh LocalCluster of ``workers`` processes (start-up timed apart)."""
    import logging

    from distributed import Client, LocalCluster

    from newsbrief.batch import BatchConfig, run_batch
    from newsbrief.batch.output import read_table

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as lc, Client(lc) as client:
        client.wait_for_workers(workers)
        t1 = time.perf_counter()
        report = run_batch([str(f) for f in files], str(out), client, BatchConfig(window_days=window_days))
    arts = read_table(out, "articles", ["id", "story_id", "duplicate_of"])
    briefs = read_table(out, "briefs", ["story_id", "brief"])
    return {"startup": round(t1 - t0, 2), "total": round(report.seconds, 2), "task_seconds": report.task_seconds,
            "task_cpu_seconds": report.task_cpu_seconds,
            "articles": report.articles, "duplicates": report.duplicates, "stories": report.stories,
            "story_of": dict(zip(arts["id"], arts["story_id"].tolist(), strict=True)),
            "dup_of": dict(zip(arts["id"], arts["duplicate_of"], strict=True)),
            "briefs": dict(zip(briefs["story_id"].tolist(), briefs["brief"], strict=True))}


def bcubed_f1(a: dict, b: dict) -> float:
    """BCubed F1 of assignment ``b`` against ``a`` (linear time, by counting)."""
    ids = [i for i in a if i in b]
    both = Counter((a[i], b[i]) for i in ids)
    ca, cb = Counter(a[i] for i in ids), Counter(b[i] for i in ids)
    p = sum(n * n / cb[y] for (_, y), n in both.items()) / len(ids)
    r = sum(n * n / ca[x] for (x, _), n in both.items()) / len(ids)
    return 2 * p * r / (p + r)


def same_briefs(single: dict, other: dict) -> dict:
    """Of the stories with exactly the same articles in both runs, how many have the same brief
    (its JSON, story id aside)."""
    def members(story_of: dict) -> dict[str, frozenset]:
        m: dict[int, set] = defaultdict(set)
        for i, s in story_of.items():
            m[s].add(i)
        return {s: frozenset(v) for s, v in m.items()}

    def norm(js: str) -> dict:
        d = json.loads(js)
        d.pop("story_id", None)
        return d

    ms, mo = members(single["story_of"]), members(other["story_of"])
    by_set = {v: s for s, v in ms.items()}
    same = [(by_set[v], s) for s, v in mo.items() if v in by_set]
    equal = sum(norm(single["briefs"][a]) == norm(other["briefs"][b]) for a, b in same
                if a in single["briefs"] and b in other["briefs"])
    return {"identical_stories": len(same), "of_stories": len(mo), "identical_briefs": equal}


def run(data: Path | None, n: int = N, skip_single: bool = False) -> dict:
    if data is None:
        return {"skipped": "no data folder (set NEWSBRIEF_DATA)"}
    res: dict = {"n": n, "shards": SHARDS, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        d = Path(tmp)
        t = time.perf_counter()
        files = make_corpus(data, n, d)
        res["generate_seconds"] = round(time.perf_counter() - t, 1)
        runs = {}
        res["loadavg_before"] = [round(x, 2) for x in os.getloadavg()]
        if not skip_single:
            from threadpoolctl import threadpool_limits

            # One BLAS thread, as in each Dask worker (the nanny sets OPENBLAS_NUM_THREADS=1):
            # the comparison is per core.
            with threadpool_limits(1):
                runs["single"] = single_process(files, d / "single")
        for w in (1, 2):
            runs[f"batch_{w}w"] = batch(files, d / f"out{w}", w)
        # The approximate mode: four time windows clustered in parallel and stitched.
        res["window_days"] = round(n / PER_DAY / 4, 1)
        runs["batch_2w_windows"] = batch(files, d / "outw", 2, res["window_days"])
    res["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    for name, r in runs.items():
        res[name] = {k: v for k, v in r.items() if k not in ("story_of", "briefs", "dup_of")}
        res[name]["articles_per_s"] = round(r["articles"] / r["total"], 1)
        res[name]["ms_per_article"] = round(1000 * r["total"] / r["articles"], 3)
    b1, b2, bw = runs["batch_1w"], runs["batch_2w"], runs["batch_2w_windows"]
    res["windows_bcubed_f1_vs_exact"] = round(bcubed_f1(b2["story_of"], bw["story_of"]), 4)
    res["speedup_2w_vs_1w"] = round(b1["total"] / b2["total"], 2)
    res["batch_1w_vs_2w_bcubed_f1"] = round(bcubed_f1(b1["story_of"], b2["story_of"]), 4)
    if "single" in runs:
        s = runs["single"]
        res["overhead_1w_vs_single"] = round(b1["total"] / s["total"] - 1, 3)
        res["speedup_2w_vs_single"] = round(s["total"] / b2["total"], 2)
        res["bcubed_f1_vs_single"] = round(bcubed_f1(s["story_of"], b2["story_of"]), 4)
        res["briefs_vs_single"] = same_briefs(s, b2)
        res["duplicate_links_vs_single"] = {"same": sum(s["dup_of"][i] == b2["dup_of"].get(i) for i in s["dup_of"]),
                                            "of": len(s["dup_of"])}
    return res


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=N, help="articles in the synthetic corpus")
    ap.add_argument("--skip-single", action="store_true", help="skip the single-process run")
    args = ap.parse_args()
    d = data_dir()
    if d is None:
        sys.exit("no data folder (set NEWSBRIEF_DATA)")
    print(json.dumps(run(d, args.n, args.skip_single), indent=2))
