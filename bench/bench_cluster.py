"""Story clustering: quality next to the single-pass TF-IDF peer (same run), speed and growth.

* clusters-dev: BCubed and pairwise P/R/F1 of newsbrief's online clusterer and of the peer
  (single-pass TF-IDF centroid, cosine 0.20), articles in publication order.
* Wikipedia current-events items (2025H1): gold = the item's full story path ("Gaza war >
  Israeli bombing of the Gaza Strip"); every item is clustered, only items that have a story
  path are scored (an item without one has no gold group). Text only: these items have no titles.
* Speed and growth: synthetic streams of 10,000 and 100,000 articles (``bench/streamgen.py``),
  each built in memory first and then clustered in a fresh subprocess (so its peak memory is its
  own: the corpus, then what clustering adds); time per article at 100k over time per article
  at 10k (target <= 1.5), articles/s at 10k (target >= 2,000). Wall and CPU time are both
  reported: on a shared machine the wall clock also counts other people's work.
* A brief of a 50-article story (target < 0.5 s).

Run: ``python -m bench.bench_cluster [--quick]`` (``--quick`` skips the 100k stream).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, data_dir, read_jsonl
from newsbrief.cluster import StoryClusterer, cluster_articles
from newsbrief.cluster_baseline import single_pass_tfidf
from newsbrief.evaluate import bcubed
from newsbrief.models import Article
from newsbrief.timeutil import parse_time

CURRENT_EVENTS = "redistributable/wikipedia-current-events-2025H1"


def _score(articles: list[Article], gold: dict[str, object], scored: set[str] | None = None) -> dict:
    """newsbrief and the peer on the same articles: scores and articles/s of each."""
    out = {}
    for name, fn in (("newsbrief", cluster_articles), ("single-pass tf-idf 0.20", single_pass_tfidf)):
        t = time.perf_counter()
        labels = fn(articles)
        dt = time.perf_counter() - t
        pred = {a.id: s for a, s in zip(articles, labels, strict=True) if scored is None or a.id in scored}
        out[name] = {**bcubed(pred, gold), "articles_per_s": len(articles) / max(dt, 1e-9)}
    return out


def clusters_dev(data: Path) -> dict:
    rows = read_jsonl(data / "clusters-dev.jsonl")
    arts = [Article(id=r["id"], title=r["title"], text=r["text"], outlet=r["source"], url=r["url"],
                    published=parse_time(r["published"])) for r in rows]
    return _score(arts, {r["id"]: r["event_id"] for r in rows})


def current_events(data: Path) -> dict | None:
    files = sorted((data / CURRENT_EVENTS).glob("blurbs_*.jsonl"))
    if not files:
        return None
    rows = [r for f in files for r in read_jsonl(f)]
    arts = [Article(id=r["id"], text=r["text"], published=parse_time(r["date"])) for r in rows]
    gold = {r["id"]: " > ".join(r["story_path"]) for r in rows if r.get("story_path")}
    res = _score(arts, gold, set(gold))
    res["one story per item"] = bcubed({i: i for i in gold}, gold)
    res["_note"] = (f"{len(rows)} items clustered, {len(gold)} with a story path scored "
                    f"({len(set(gold.values()))} gold groups, full path)")
    return res


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not carry over the
    parent's peak across fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream(n: int, seed: int = 0) -> dict:
    """Cluster a synthetic stream of ``n`` articles in this process; time and memory."""
    from bench.streamgen import generate, load_material

    data = data_dir()
    assert data is not None
    material = load_material(data)
    pairs = list(generate(n, material, seed=seed))  # built first: only the clustering is timed
    gold = {art.id: ev for art, ev in pairs}
    eng = StoryClusterer()
    rss_before = peak_rss_mb()
    pred: dict[str, int] = {}
    t, c = time.perf_counter(), time.process_time()
    for art, _ in pairs:
        pred[art.id] = eng.add(art)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    peak = peak_rss_mb()
    s = bcubed(pred, gold)
    return {"articles": n, "articles_per_s": n / wall, "us_per_article": 1e6 * wall / n,
            "cpu_us_per_article": 1e6 * cpu / n, "peak_rss_mb": peak,
            "rss_growth_mb": peak - rss_before, "stories": len(eng.stories),
            "corpus_words": sum(len(a.text.split()) for a, _ in pairs) // n,
            "gold_events": len(set(gold.values())), "bcubed_f1": s["bcubed_f1"], "bcubed_p": s["bcubed_p"],
            "bcubed_r": s["bcubed_r"], "index_features": len(eng.postings), "vocabulary": len(eng.df)}


def _stream_subprocess(n: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-m", "bench.bench_cluster", "--stream", str(n)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=3600)
    if r.returncode:
        raise RuntimeError(f"stream {n} failed: {r.stderr[-500:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def brief_50(data: Path) -> dict:
    from bench.streamgen import event_articles, load_material
    from newsbrief.briefing import BriefWriter

    arts = event_articles(load_material(data), 50)
    w = BriefWriter(words=150)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        b = w.write(arts, story_id="s1")
        times.append(time.perf_counter() - t)
    return {"articles": len(arts), "words": sum(len(a.text.split()) for a in arts), "first_s": times[0],
            "best_s": min(times), "key_point_citations": [len(p.citations) for p in b.key_points]}


def run(data: Path | None = None, quick: bool = False) -> dict:
    """Every clustering benchmark; skips (with a note) what needs missing data."""
    data = data or data_dir()
    if data is None:
        return {"skipped": "no evaluation data (set NEWSBRIEF_DATA)"}
    out: dict = {"clusters_dev": clusters_dev(data) if (data / "clusters-dev.jsonl").exists() else None,
                 "current_events": current_events(data)}
    if (data / "redistributable").is_dir():
        out["stream"] = {str(n): _stream_subprocess(n) for n in ((10_000,) if quick else (10_000, 100_000))}
        if "100000" in out["stream"]:
            big, small = out["stream"]["100000"], out["stream"]["10000"]
            out["stream"]["growth_100k_over_10k"] = big["us_per_article"] / small["us_per_article"]
            out["stream"]["growth_cpu_100k_over_10k"] = big["cpu_us_per_article"] / small["cpu_us_per_article"]
        out["brief_50"] = brief_50(data)
    return out


def _print(res: dict) -> None:
    from newsbrief.evaluate import table

    cols = ["bcubed_p", "bcubed_r", "bcubed_f1", "pair_p", "pair_r", "pair_f1", "clusters", "articles_per_s"]
    for key, title in (("clusters_dev", "clusters-dev (gold: event_id)"),
                       ("current_events", "Wikipedia current events 2025H1 (gold: full story path)")):
        r = res.get(key)
        if r:
            print(f"\n{title}" + (f": {r.pop('_note')}" if "_note" in r else ""))
            print(table(r.items(), cols))
    for n, s in res.get("stream", {}).items():
        if isinstance(s, dict):
            print(f"\nstream {n}: {s['articles_per_s']:.0f} articles/s ({s['us_per_article']:.0f} us/article, "
                  f"cpu {s['cpu_us_per_article']:.0f} us), peak RSS {s['peak_rss_mb']:.0f} MB "
                  f"(+{s['rss_growth_mb']:.0f} MB clustering), {s['corpus_words']} words/article, "
                  f"{s['stories']} stories for {s['gold_events']} "
                  f"synthetic events, BCubed F1 {s['bcubed_f1']:.3f}")
    if "growth_100k_over_10k" in res.get("stream", {}):
        print(f"time per article, 100k / 10k: {res['stream']['growth_100k_over_10k']:.2f} wall, "
              f"{res['stream']['growth_cpu_100k_over_10k']:.2f} cpu (target <= 1.5)")
    if res.get("brief_50"):
        b = res["brief_50"]
        print(f"\nbrief of a {b['articles']}-article story ({b['words']} words): {b['first_s']:.3f} s first, "
              f"{b['best_s']:.3f} s best of 3 (target < 0.5 s)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--stream":
        print(json.dumps(stream(int(sys.argv[2]))))
        sys.exit(0)
    result = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2, default=str))
    else:
        _print(result)
