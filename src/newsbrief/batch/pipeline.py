"""The batch run as a graph of Dask tasks: read -> sign -> dedup shuffles -> cluster -> brief.

The client only plans and waits: it reads file sizes and Parquet footers, gathers one small summary
per partition (its last, earliest and latest publication times: to order undated articles and to
plan time windows) and, at the end, the counts each writing task returns. Articles never pass through it; every stage is a task whose
inputs stay on the workers, and every task is a pure function of its inputs (files are written
whole, under fixed names), so when a worker dies the scheduler recomputes what was lost and the
output is the same.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsbrief.batch import dedup as bdedup
from newsbrief.batch import windows
from newsbrief.batch.briefs import brief_bucket, finish_partition
from newsbrief.batch.clustering import (
    ClusterInput,
    ClusterResult,
    LinkKeys,
    cluster_all,
    cluster_input,
    link_keys,
    resolve_links,
    save_state,
)
from newsbrief.batch.output import STATE_FILE, prepare, write_manifest
from newsbrief.batch.read import BLOCK_BYTES, Part, expand_inputs, fill_times, plan_partitions, read_partition
from newsbrief.cluster import ClusterConfig
from newsbrief.errors import NewsbriefError


@dataclass(frozen=True)
class BatchConfig:
    """Knobs of a batch run. ``dedup_buckets``/``brief_buckets`` default to twice the cluster's
    worker threads (at most the number of partitions for dedup): two tasks per thread even out
    uneven buckets without making files or tasks tiny."""

    block_bytes: int = BLOCK_BYTES
    dedup_buckets: int | None = None
    brief_buckets: int | None = None
    words: int = 150
    scorer: str = "news"
    field_map: dict[str, str] | None = None
    # Near-duplicates found by dedup join their first copy's story (the store path's behaviour);
    # off, the clustering is exactly ``newsbrief cluster --jsonl``'s (see the README).
    follow_duplicates: bool = False
    # > 0: cluster time windows of this many days in parallel, stitched (approximate; windows.py).
    window_days: float = 0.0
    # A larger corpus is clustered exactly by a chain of tasks of this many articles, each handing
    # the engine to the next: one task then holds ~0.3 GB of features, not the whole corpus's.
    chain_articles: int = 100_000
    cluster: ClusterConfig = field(default_factory=ClusterConfig)


@dataclass
class BatchReport:
    """What a run did (also written to ``_manifest.json``)."""

    inputs: list[str]
    partitions: int
    articles: int = 0
    duplicates: int = 0
    stories: int = 0
    briefs: int = 0
    errors: int = 0
    error_sample: list[tuple[str, str]] = field(default_factory=list)
    failed_briefs: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    cluster_seconds: float = 0.0
    task_seconds: dict[str, float] = field(default_factory=dict)  # wall time of the tasks, by stage
    task_cpu_seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The report as JSON-ready plain data."""
        return asdict(self)


def _timed(fn: Callable[..., Any]) -> Callable[..., tuple[Any, tuple[float, float]]]:
    """``fn`` returning ``(result, (wall seconds, CPU seconds))``: CPU time is what a task costs
    even on a machine that other work slows down."""

    def run(*args: Any) -> tuple[Any, tuple[float, float]]:
        t, c = time.perf_counter(), time.process_time()
        return fn(*args), (time.perf_counter() - t, time.process_time() - c)

    run.__name__ = fn.__name__
    run.__qualname__ = fn.__qualname__
    return run


def _pick(obj: Any, *path: int | str) -> Any:
    for k in path:
        obj = obj[k]
    return obj


def _summary(part: Part) -> tuple[float | None, float | None, float | None, int]:
    """The last publication time in input order, the earliest and the latest (None when all
    are undated), and the number of articles."""
    dated = part.ts[~np.isnan(part.ts)]
    if not len(dated):
        return None, None, None, len(part)
    return float(dated[-1]), float(dated.min()), float(dated.max()), len(part)


def _prepare(part: Part, carry: float, config: ClusterConfig) -> tuple[ClusterInput, bdedup.Signatures, LinkKeys]:
    """What the global steps need of a partition: the engine's input, signatures, link keys."""
    order = fill_times(part.ts, carry)
    df = part.articles
    cin = cluster_input(part.index, df, part.ts, order, config)
    sigs = bdedup.signatures(part.index, df["text"].tolist(), df["content_hash"].tolist(), order)
    return cin, sigs, link_keys(cin)


def _slice(result: ClusterResult, p: int):
    return result.slices[p]


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a client without workers yet: plan for one
        return 1


class _Graph:
    """Submits the run's tasks under readable keys (``nb-STAGE-RUN-i...``); ``timed`` ones also
    report their wall and CPU seconds, gathered by group at the end."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.run_id = uuid.uuid4().hex[:8]
        self.times: dict[str, list[Any]] = {}

    def submit(self, stage: str, fn: Callable[..., Any], *args: Any, i: tuple[int, ...] = ()) -> Any:
        key = "-".join(["nb", stage, self.run_id, *map(str, i)])
        return self.client.submit(fn, *args, key=key, pure=False)

    def timed(self, group: str, stage: str, fn: Callable[..., Any], *args: Any, i: tuple[int, ...] = ()) -> Any:
        f = self.submit(stage, _timed(fn), *args, i=i)
        self.times.setdefault(group, []).append(self.submit(stage + "-t", _pick, f, 1, i=i))
        return self.submit(stage + "-r", _pick, f, 0, i=i)

    def seconds(self) -> dict[str, list[tuple[float, float]]]:
        return {g: self.client.gather(fs) for g, fs in self.times.items()}


def run_batch(inputs: list[str], out: str, client: Any, config: BatchConfig | None = None) -> BatchReport:
    """Run the whole pipeline over ``inputs`` on the Dask ``client``'s cluster; write ``out``."""
    cfg = config or BatchConfig()
    t0 = time.perf_counter()
    root = Path(out).resolve()
    files = [f for f in expand_inputs(inputs) if not Path(f).resolve().is_relative_to(root)]  # not our own output
    if not files:
        raise NewsbriefError(" ".join(inputs), "no input files (besides the output folder)")
    plan = plan_partitions(files, cfg.block_bytes)
    prepare(out)
    n_parts = len(plan)
    threads = _threads(client)
    n_dedup = cfg.dedup_buckets or max(1, min(n_parts, 2 * threads))
    n_brief = cfg.brief_buckets or 2 * threads
    g = _Graph(client)

    parts = [g.timed("read", "read", read_partition, pp, cfg.field_map, i=(pp.index,)) for pp in plan]
    summaries = client.gather([g.submit("summary", _summary, f, i=(p,)) for p, f in enumerate(parts)])
    carry, last = [], -math.inf
    for t, *_ in summaries:  # the time an undated article at the head of each partition inherits
        carry.append(last)
        last = t if t is not None else last

    prep = [g.timed("prepare", "prepare", _prepare, parts[p], carry[p], cfg.cluster, i=(p,)) for p in range(n_parts)]
    cin, sigs, keys = ([g.submit(name, _pick, f, k, i=(p,)) for p, f in enumerate(prep)]
                       for k, name in enumerate(("cin", "sigs", "keys")))

    # -- dedup shuffles; duplicate links and the order-dependent step; then write and brief
    exact, verified = _dedup_graph(g, sigs, n_parts, n_dedup)
    links = g.timed("dedup", "links", resolve_links, keys, exact, verified)
    first = min((t[1] for t in summaries if t[1] is not None), default=math.nan)
    last = max((t[2] for t in summaries if t[2] is not None), default=math.nan)
    n_win = windows.n_windows(first, last, cfg.window_days)
    n_links = math.ceil(sum(n for *_, n in summaries) / cfg.chain_articles)
    if n_win > 1:
        clustered = _windows_graph(g, cin, keys, links, n_parts, n_brief, cfg, first, n_win)
    elif n_links > 1:
        clustered = _chain_graph(g, cin, keys, links, n_parts, n_brief, cfg, n_links)
    else:
        clustered = g.timed("cluster", "cluster", cluster_all, cin, n_brief, cfg.cluster,
                            links if cfg.follow_duplicates else None)
    state = g.timed("state", "state", save_state, clustered, str(Path(out) / STATE_FILE))
    finished = [g.timed("finish", "finish", finish_partition, parts[p], g.submit("slice", _slice, clustered, p, i=(p,)),
                        g.submit("link", _pick, links, p, i=(p,)), out, n_brief, i=(p,)) for p in range(n_parts)]
    briefs = [g.timed("brief", "brief", brief_bucket, s, out, cfg.words, cfg.scorer,
                      *[g.submit("to-brief", _pick, finished[p], 0, s, i=(p, s)) for p in range(n_parts)], i=(s,))
              for s in range(n_brief)]
    infos = client.gather([g.submit("info", _pick, f, 1, i=(p,)) for p, f in enumerate(finished)])
    brief_res = client.gather(briefs)
    client.gather(state)
    stories = client.gather(g.submit("stats", _stories, clustered))
    report = _report(inputs, n_parts, stories, infos, brief_res, g.seconds())
    report.seconds = time.perf_counter() - t0
    write_manifest(out, {**report.to_dict(), "files": files, "dedup_buckets": n_dedup, "brief_buckets": n_brief,
                         "windows": n_win, "config": {"words": cfg.words, "scorer": cfg.scorer,
                                                      "follow_duplicates": cfg.follow_duplicates,
                                                      "window_days": cfg.window_days, "cluster": asdict(cfg.cluster)}})
    return report


def _dedup_graph(g: _Graph, sigs: list, n_parts: int, n_dedup: int) -> tuple[list, list]:
    """Futures of the exact pairs (per bucket) and the verified near pairs (per partition): keys
    to buckets, candidates to the earlier article's partition, its signature to the later's."""
    routes = [g.timed("dedup", "route", bdedup.route, sigs[p], n_dedup, i=(p,)) for p in range(n_parts)]
    buckets = [g.timed("dedup", "bucket", bdedup.bucket, n_parts,
                       *[g.submit("to-bucket", _pick, routes[p], b, i=(p, b)) for p in range(n_parts)], i=(b,))
               for b in range(n_dedup)]
    exact = [g.submit("exact", _pick, buckets[b], 0, i=(b,)) for b in range(n_dedup)]
    served = [g.timed("dedup", "serve", bdedup.serve, sigs[q], n_parts,
                      *[g.submit("to-serve", _pick, buckets[b], 1, q, i=(b, q)) for b in range(n_dedup)], i=(q,))
              for q in range(n_parts)]
    verified = [g.timed("dedup", "verify", bdedup.verify, sigs[p],
                        *[g.submit("to-verify", _pick, served[q], p, i=(q, p)) for q in range(n_parts)], i=(p,))
                for p in range(n_parts)]
    return exact, verified


def _split(g: _Graph, cin: list, plans: list, links: Any, cfg: BatchConfig, k: int) -> tuple[list, list]:
    """Each partition's engine input cut into ``k`` blocks (futures per partition, per block),
    and each partition's per-block document frequencies."""
    split = [g.timed("cluster", "split", windows.split_blocks, cin[p], plans[p], k,
                     g.submit("wlink", _pick, links, p, i=(p,)) if cfg.follow_duplicates else None, i=(p,))
             for p in range(len(cin))]
    blocks = [[g.submit("block", _pick, split[p], 0, b, i=(p, b)) for b in range(k)] for p in range(len(cin))]
    return blocks, [g.submit("dfs", _pick, split[p], 1, i=(p,)) for p in range(len(cin))]


def _chain_graph(g: _Graph, cin: list, keys: list, links: Any, n_parts: int, n_brief: int,
                 cfg: BatchConfig, k: int) -> Any:
    """The exact clustering as a chain of ``k`` tasks handing the engine on (see :mod:`.windows`)."""
    plan = g.submit("plan", windows.plan_chain, keys, cfg.chain_articles, k)
    plans = [g.submit("plan-p", _pick, plan, p, i=(p,)) for p in range(n_parts)]
    blocks, _ = _split(g, cin, plans, links, cfg, k)
    chain: list[Any] = []
    for w in range(k):
        prev = g.submit("engine-in", _pick, chain[-1], "engine", i=(w,)) if chain else None
        chain.append(g.timed("cluster", "chain", windows.chain_link, cfg.cluster, prev,
                             [blocks[p][w] for p in range(n_parts)], i=(w,)))
    return g.timed("cluster", "assemble", windows.chained, n_brief, plans, *chain)


def _windows_graph(g: _Graph, cin: list, keys: list, links: Any, n_parts: int, n_brief: int,
                   cfg: BatchConfig, first: float, k: int) -> Any:
    """The clustering as ``k`` window tasks and a stitch (see :mod:`.windows`)."""
    plan = g.submit("plan", windows.plan_blocks, keys, first, cfg.window_days, k)
    plans = [g.submit("plan-p", _pick, plan, p, i=(p,)) for p in range(n_parts)]
    blocks, dfs = _split(g, cin, plans, links, cfg, k)
    seeds = g.submit("seeds", windows.seeds, k, *dfs)
    wins = [g.timed("cluster", "window", windows.cluster_window, cfg.cluster, g.submit("seed", _pick, seeds, w, i=(w,)),
                    [blocks[p][w - 1] for p in range(n_parts)] if w else [], [blocks[p][w] for p in range(n_parts)],
                    w == k - 1, i=(w,)) for w in range(k)]
    return g.timed("cluster", "stitch", windows.stitch, n_brief, plans, *wins)


def _report(inputs: list[str], n_parts: int, stories: int, infos: list[dict], brief_res: list[dict],
            timings: dict[str, list[tuple[float, float]]]) -> BatchReport:
    report = BatchReport(inputs=list(inputs), partitions=n_parts, stories=stories)
    report.articles = sum(i["articles"] for i in infos)
    report.duplicates = sum(i["duplicates"] for i in infos)
    report.errors = sum(i["errors"] for i in infos)
    report.error_sample = [e for i in infos for e in i["error_sample"]][:20]
    report.briefs = sum(r["briefs"] for r in brief_res)
    report.failed_briefs = [f for r in brief_res for f in r["failed"]]
    report.task_seconds = {k: round(sum(w for w, _ in v), 2) for k, v in timings.items()}
    report.task_cpu_seconds = {k: round(sum(c for _, c in v), 2) for k, v in timings.items()}
    report.cluster_seconds = report.task_seconds.get("cluster", 0.0)
    return report


def _stories(result: ClusterResult) -> int:
    return result.stories
