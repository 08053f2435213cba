"""The clustering of a large corpus in pieces: an exact chain, or time windows in parallel.

**Chain** (exact; used when the corpus has more than ``chain_articles``): the corpus, in
publication order, is cut into links of equal size, and one task per link runs the single
engine on, handing it to the next. The result is the single pass's; what it bounds is memory (a
task holds one link's features, not the corpus's), not time.

**Windows** (``--window-days D``; approximate), for corpora whose serial clustering would take
too long.

The corpus is cut by publication time into blocks of ``D`` days. Window ``k`` is one task
running a fresh engine over block ``k - 1`` (a warm-up that rebuilds the stories running across
the border) and then block ``k``. Its IDF is seeded with the document frequencies of blocks
``0 .. k - 2``, so every article is weighed as in the single pass. Windows are then stitched in
order: a window's story that holds warm-up articles continues the story most of them belong to in
the window before; any other story is new.

What differs from the single pass: an article cannot join a story whose last article lies more
than a block back (it opens a new one), so ``D`` must exceed the gaps within most stories; and
near a border a story can be split or two joined where the warm-up's stories differ from the
full history's. ``bench/bench_batch.py`` measures the agreement (BCubed F1) with the single pass.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, replace

import numpy as np

from newsbrief.batch.clustering import (
    ClusterInput,
    ClusterResult,
    ClusterSlice,
    Features,
    LinkKeys,
    _global_order,
    balance,
)
from newsbrief.cluster import STATE_VERSION, ClusterConfig, StoryClusterer

DAY = 86400.0


def n_windows(first: float, last: float, days: float) -> int:
    """How many windows of ``days`` the span from ``first`` to ``last`` (seconds) covers."""
    if not (math.isfinite(first) and math.isfinite(last)) or days <= 0:
        return 1
    return int((last - first) // (days * DAY)) + 1


def plan_blocks(keys: list[LinkKeys], first: float, days: float, k: int) -> list[np.ndarray]:
    """Per partition, each article's block (its window of ``days`` from ``first``, by its
    publication-order time; undated ones at the head go to the first) and its global rank."""
    _, _, rank, lengths = _global_order([x.order for x in keys])
    order = np.concatenate([x.order for x in keys] or [np.zeros(0)])
    block = np.clip((np.nan_to_num(order, neginf=first) - first) // (days * DAY), 0, k - 1).astype(np.int64)
    offsets = np.cumsum([0, *lengths])
    return [np.stack([block[offsets[p]:offsets[p + 1]], rank[offsets[p]:offsets[p + 1]]]) for p in range(len(lengths))]


@dataclass
class Block:
    """One partition's articles of one block: what a window task reads."""

    part: int
    rows: np.ndarray  # int64 rows in the partition
    rank: np.ndarray  # int64 global ranks
    x: ClusterInput


def _take(x: ClusterInput, rows: np.ndarray) -> ClusterInput:
    f = x.features
    spans = [np.arange(f.ptr[r], f.ptr[r + 1]) for r in rows]
    pos = np.concatenate(spans) if spans else np.zeros(0, np.int64)
    used, idx = np.unique(f.idx[pos], return_inverse=True)
    feats = Features([f.vocab[i] for i in used.tolist()], idx.astype(np.int32), f.cnt[pos],
                     np.cumsum([0, *(len(s) for s in spans)]).astype(np.int64), f.nw[rows],
                     None if f.titled is None else f.titled[rows])
    return ClusterInput(x.part, [x.ids[r] for r in rows], [x.hashes[r] for r in rows],
                        [x.duplicate_of[r] for r in rows], x.ts[rows], x.order[rows], feats)


def split_blocks(x: ClusterInput, plan: np.ndarray, k: int, links: list[str | None] | None = None
                 ) -> tuple[list[Block], list[tuple[Counter, int]]]:
    """A partition's engine input cut by block (with the dedup ``links`` as its duplicate links
    when given), and each block's document frequencies."""
    if links is not None:
        x = replace(x, duplicate_of=links)
    blocks, dfs = [], []
    for b in range(k):
        rows = np.flatnonzero(plan[0] == b)
        sub = _take(x, rows)
        blocks.append(Block(x.part, rows, plan[1][rows], sub))
        df: Counter = Counter()
        for r in range(len(rows)):
            words, ents = sub.features.get(r)
            df.update(words.keys())
            df.update(ents.keys())
        dfs.append((df, len(rows)))
    return blocks, dfs


def seeds(k: int, *per_part: list[tuple[Counter, int]]) -> list[tuple[Counter, int]]:
    """For each window, the document frequencies and count of the blocks before its warm-up."""
    out: list[tuple[Counter, int]] = []
    acc: Counter = Counter()
    n = 0
    for w in range(k):
        out.append((Counter(acc), n))
        if w >= 1:  # block w - 1 is window w + 1's first block not warmed up
            for dfs in per_part:
                acc.update(dfs[w - 1][0])
                n += dfs[w - 1][1]
    return out


def _engine(config: ClusterConfig, seed: tuple[Counter, int]) -> StoryClusterer:
    df, n = seed
    state = {"version": STATE_VERSION, "config": asdict(config), "n_docs": n, "next_id": 1, "df": df,
             "stories": {}, "postings": {}, "recent": []}
    return StoryClusterer.from_state(state, config)


def _run(eng: StoryClusterer, warm: list[Block], own: list[Block]) -> dict:
    """The engine over the warm-up blocks, then the own blocks, in publication order: the story
    of each article, by rank (``warm`` and ``own``)."""
    from datetime import UTC, datetime

    from newsbrief.models import Article

    out: dict = {"warm": {}, "own": {}}
    items = [(int(rk), "warm", b, i) for b in warm for i, rk in enumerate(b.rank)]
    items += [(int(rk), "own", b, i) for b in own for i, rk in enumerate(b.rank)]
    for rank, kind, b, i in sorted(items, key=lambda t: t[0]):
        x = b.x
        ts = x.ts[i]
        published = None if np.isnan(ts) else datetime.fromtimestamp(float(ts), UTC)
        art = Article(id=x.ids[i], text="", published=published, content_hash=x.hashes[i],
                      duplicate_of=x.duplicate_of[i])
        titled = x.features.titled is None or bool(x.features.titled[i])
        out[kind][rank] = eng.add(art, features=x.features.get(i), titled=titled)
    return out


def cluster_window(config: ClusterConfig, seed: tuple[Counter, int], warm: list[Block], own: list[Block],
                   keep_engine: bool = False) -> dict:
    """One window: a fresh engine, IDF seeded, over its warm-up blocks then its own; local story
    per rank, and the engine when asked (the last window's, whose state goes on)."""
    eng = _engine(config, seed)
    out = _run(eng, warm, own)
    out["engine"] = eng if keep_engine else None
    return out


def chain_link(config: ClusterConfig, prev: StoryClusterer | None, own: list[Block]) -> dict:
    """One link of the exact chain: the previous link's engine (the one state of a single pass)
    goes on over this block. The engine is taken over, not copied: the previous result has no
    other reader, and if a worker dies the chain is recomputed from its start, so it is safe."""
    eng = prev if prev is not None else StoryClusterer(config)
    out = _run(eng, [], own)
    out["engine"] = eng
    return out


def chained(n_buckets: int, plans: list[np.ndarray], *links: dict) -> ClusterResult:
    """The chain's stories, numbered as the single pass numbers them, back per partition."""
    glob: dict[int, int] = {}
    for link in links:
        glob.update(link["own"])
    return _result(n_buckets, plans, glob, links[-1]["engine"] if links else None)


def plan_chain(keys: list[LinkKeys], size: int, k: int) -> list[np.ndarray]:
    """Per partition, each article's link of the chain (``rank // size``) and its global rank."""
    _, _, rank, lengths = _global_order([x.order for x in keys])
    block = np.minimum(rank // max(1, size), k - 1)
    offsets = np.cumsum([0, *lengths])
    return [np.stack([block[offsets[p]:offsets[p + 1]], rank[offsets[p]:offsets[p + 1]]]) for p in range(len(lengths))]


def stitch(n_buckets: int, plans: list[np.ndarray], *windows: dict) -> ClusterResult:
    """Global story numbers from the windows' local ones, window by window (see the module doc)."""
    glob: dict[int, int] = {}  # rank -> global story
    next_id = 1
    for w in windows:
        votes: dict[int, Counter] = {}
        for rank, local in w["warm"].items():
            votes.setdefault(local, Counter())[glob[rank]] += 1
        mapping: dict[int, int] = {}
        for rank in sorted(w["own"]):
            local = w["own"][rank]
            if local not in mapping:
                if local in votes:
                    best = max(votes[local].items(), key=lambda kv: (kv[1], -kv[0]))
                    mapping[local] = best[0]
                else:
                    mapping[local], next_id = next_id, next_id + 1
            glob[rank] = mapping[local]
    return _result(n_buckets, plans, glob, windows[-1]["engine"] if windows else None)


def _result(n_buckets: int, plans: list[np.ndarray], glob: dict[int, int], engine: StoryClusterer | None
            ) -> ClusterResult:
    stories = [np.array([glob[int(r)] for r in plan[1]], dtype=np.int64) for plan in plans]
    sizes = Counter(int(s) for st in stories for s in st)
    where = balance(dict(sizes), n_buckets)
    slices = [ClusterSlice(st, plan[1].astype(np.int64), np.array([where[int(s)] for s in st], dtype=np.int32))
              for st, plan in zip(stories, plans, strict=True)]
    return ClusterResult(slices, len(sizes), engine)
