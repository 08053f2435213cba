"""The order-dependent step: one task runs the online engine over the whole corpus, in
publication order, exactly as ``newsbrief cluster`` would.

Why one task: :class:`~newsbrief.cluster.StoryClusterer` decides each article against the state
left by all earlier ones (IDF, centroids, the inverted index), so any split of the stream changes
some decisions. Everything around it is parallel: parsing, hashing and signing before, briefing
after. What reaches this task is compact: per article its id, title, the lead the engine reads
(``body_chars``), its content hash and time; never the full text.

The task also resolves the duplicate pairs into ``duplicate_of`` links (the first copy's id, as the
store links them) and balances the stories over the briefing buckets.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from newsbrief.batch.dedup import targets
from newsbrief.cluster import ClusterConfig, StoryClusterer
from newsbrief.models import Article


@dataclass
class ClusterInput:
    """What the engine reads of one partition's articles (input order)."""

    part: int
    ids: list[str]
    titles: list[str]
    leads: list[str]
    hashes: list[str]
    duplicate_of: list[str | None]  # as given by the record
    ts: np.ndarray  # float64, NaN when undated
    order: np.ndarray  # float64 publication-order keys (undated filled in)


def cluster_input(part: int, df, ts: np.ndarray, order: np.ndarray, body_chars: int) -> ClusterInput:
    """The engine's view of a partition's articles frame."""
    return ClusterInput(part, df["id"].tolist(), df["title"].tolist(), [t[:body_chars] for t in df["text"]],
                        df["content_hash"].tolist(), df["duplicate_of"].tolist(), ts, order)


@dataclass
class ClusterSlice:
    """The clustering's result for one partition's articles (input order)."""

    story: np.ndarray  # int64 story ids, as ``cluster_articles`` numbers them
    duplicate_of: list[str | None]
    rank: np.ndarray  # int64 position in publication order over the whole corpus
    bucket: np.ndarray  # int32 briefing bucket of the article's story


@dataclass
class ClusterResult:
    slices: list[ClusterSlice]
    stories: int
    duplicates: int


def _brief_cost(n: int) -> float:
    # The brief writer compares every sentence of a story with every other: quadratic in its
    # articles (~20 sentences each), linear below a handful.
    return n + n * n / 20.0


def balance(sizes: dict[int, int], n_buckets: int) -> dict[int, int]:
    """Story -> bucket, largest first into the least loaded bucket (LPT), deterministic."""
    heap = [(0.0, b) for b in range(n_buckets)]
    out: dict[int, int] = {}
    for sid, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        load, b = heapq.heappop(heap)
        out[sid] = b
        heapq.heappush(heap, (load + _brief_cost(n), b))
    return out


def cluster_all(inputs: list[ClusterInput], exact: list[np.ndarray], near: list[np.ndarray], n_buckets: int,
                config: ClusterConfig | None = None, follow_duplicates: bool = False) -> ClusterResult:
    """Cluster every article in publication order (ties: input order, as ``publication_order``).

    The engine always sends exact copies and record-given ``duplicate_of`` to their original's
    story, as ``newsbrief cluster --jsonl`` does; ``follow_duplicates`` also sends the
    near-duplicates found here (as the store path does with the links ingest found).
    """
    lengths = [len(x.ids) for x in inputs]
    part = np.repeat(np.arange(len(inputs), dtype=np.int64), lengths)
    row = np.concatenate([np.arange(n, dtype=np.int64) for n in lengths] or [np.zeros(0, np.int64)])
    order = np.concatenate([x.order for x in inputs] or [np.zeros(0)])
    seq = np.lexsort((row, part, order))
    rank = np.empty(len(seq), dtype=np.int64)
    rank[seq] = np.arange(len(seq))

    known = {i for x in inputs for i in x.ids}
    links = targets(exact, near)
    dups: list[list[str | None]] = [[None] * n for n in lengths]
    stories = [np.zeros(n, dtype=np.int64) for n in lengths]
    eng = StoryClusterer(config)
    for p, r in zip(part[seq].tolist(), row[seq].tolist(), strict=True):
        x = inputs[p]
        given = x.duplicate_of[r]
        dup = given if given in known else None
        if dup is None:
            t = links.get((p, r))
            dup = (dups[t[0]][t[1]] or inputs[t[0]].ids[t[1]]) if t else None
        dups[p][r] = dup
        ts = x.ts[r]
        published = None if np.isnan(ts) else datetime.fromtimestamp(float(ts), UTC)
        art = Article(id=x.ids[r], text=x.leads[r], title=x.titles[r], published=published,
                      content_hash=x.hashes[r], duplicate_of=dup if follow_duplicates else given)
        stories[p][r] = eng.add(art)

    sizes: dict[int, int] = {}
    for s in stories:
        for sid, n in zip(*np.unique(s, return_counts=True), strict=True):
            sizes[int(sid)] = sizes.get(int(sid), 0) + int(n)
    where = balance(sizes, n_buckets)
    slices = []
    offset = 0
    for p, n in enumerate(lengths):
        st = stories[p]
        bucket = np.array([where[int(s)] for s in st], dtype=np.int32)
        slices.append(ClusterSlice(st, dups[p], rank[offset:offset + n], bucket))
        offset += n
    n_dups = sum(d is not None for ds in dups for d in ds)
    return ClusterResult(slices, len(sizes), n_dups)
