"""The order-dependent step: one task runs the online engine over the whole corpus, in
publication order, exactly as ``newsbrief cluster`` would.

Why one task: :class:`~newsbrief.cluster.StoryClusterer` decides each article against the state
left by all earlier ones (IDF, centroids, the inverted index), so any split of the stream changes
some decisions. Everything around it is parallel: parsing, hashing, signing and the articles'
features (``article_features``, computed where the partition lives) before; briefing after. What
reaches this task is compact: per article its id, content hash, time and feature counts (indices
into the partition's vocabulary); never a text.

The task also balances the stories over the briefing buckets. Beside it, a small task resolves the
duplicate pairs into ``duplicate_of`` links (the first copy's id, as the store links them).
"""

from __future__ import annotations

import gzip
import heapq
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from newsbrief.batch.dedup import targets
from newsbrief.cluster import ClusterConfig, StoryClusterer
from newsbrief.cluster_features import article_features
from newsbrief.models import Article


@dataclass
class Features:
    """``article_features`` of a partition's articles, packed: the keys of article ``r`` are
    ``vocab[idx[ptr[r]:ptr[r + 1]]]`` (its ``nw[r]`` word keys first, then its entity keys, each
    block in the order ``article_features`` gave them), their counts ``cnt[...]``."""

    vocab: list[str]
    idx: np.ndarray  # int32
    cnt: np.ndarray  # float64
    ptr: np.ndarray  # int64, one more than articles
    nw: np.ndarray  # int32
    # bool: whether the article has a title (a short untitled text is a blurb: see
    # StoryClusterer.article_heads); None: all have.
    titled: np.ndarray | None = None

    @classmethod
    def of(cls, titles: list[str], texts: list[str], config: ClusterConfig) -> Features:
        import pandas as pd

        keys: list[str] = []
        cnt: list[float] = []
        ptr, nw = [0], []
        for title, text in zip(titles, texts, strict=True):
            words, ents = article_features(title, text, config.body_chars, config.title_weight)
            keys += words  # list += dict: its keys, at C speed
            keys += ents
            cnt += words.values()
            cnt += ents.values()
            nw.append(len(words))
            ptr.append(len(keys))
        codes, vocab = pd.factorize(np.array(keys, dtype=object))  # hashing in C, not a dict per key
        return cls(vocab.tolist(), codes.astype(np.int32), np.array(cnt, dtype=np.float64),
                   np.array(ptr, dtype=np.int64), np.array(nw, dtype=np.int32),
                   np.array([isinstance(t, str) and t != "" for t in titles], dtype=bool))

    def get(self, r: int) -> tuple[dict[str, float], dict[str, float]]:
        """Article ``r``'s (word counts, entity counts), as ``article_features`` returned them."""
        a, b = int(self.ptr[r]), int(self.ptr[r + 1])
        keys = list(map(self.vocab.__getitem__, self.idx[a:b].tolist()))
        counts = self.cnt[a:b].tolist()
        m = int(self.nw[r])
        return dict(zip(keys[:m], counts[:m], strict=True)), dict(zip(keys[m:], counts[m:], strict=True))


@dataclass
class ClusterInput:
    """What the engine needs of one partition's articles (input order)."""

    part: int
    ids: list[str]
    hashes: list[str]
    duplicate_of: list[str | None]  # as given by the record
    ts: np.ndarray  # float64, NaN when undated
    order: np.ndarray  # float64 publication-order keys (undated filled in)
    features: Features


def cluster_input(part: int, df, ts: np.ndarray, order: np.ndarray, config: ClusterConfig) -> ClusterInput:
    """The engine's view of a partition's articles frame (computes their features)."""
    feats = Features.of(df["title"].tolist(), df["text"].tolist(), config)
    return ClusterInput(part, df["id"].tolist(), df["content_hash"].tolist(), df["duplicate_of"].tolist(), ts,
                        order, feats)


@dataclass
class ClusterSlice:
    """The clustering's result for one partition's articles (input order)."""

    story: np.ndarray  # int64 story ids, as ``cluster_articles`` numbers them
    rank: np.ndarray  # int64 position in publication order over the whole corpus
    bucket: np.ndarray  # int32 briefing bucket of the article's story


@dataclass
class ClusterResult:
    """Per-partition results, the number of stories, and the engine whose state is saved."""

    slices: list[ClusterSlice]
    stories: int
    engine: StoryClusterer | None = None


def _brief_cost(n: int) -> float:
    # A brief reads at most MAX_BRIEF_ARTICLES articles and compares each of their sentences
    # with every other (quadratic); writing the story's rows is linear in all its articles.
    from newsbrief.stories import MAX_BRIEF_ARTICLES

    m = min(n, MAX_BRIEF_ARTICLES)
    return m + m * m / 20.0 + n / 20.0


def balance(sizes: dict[int, int], n_buckets: int) -> dict[int, int]:
    """Story -> bucket, largest first into the least loaded bucket (LPT), deterministic."""
    heap = [(0.0, b) for b in range(n_buckets)]
    out: dict[int, int] = {}
    for sid, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        load, b = heapq.heappop(heap)
        out[sid] = b
        heapq.heappush(heap, (load + _brief_cost(n), b))
    return out


def save_state(result: ClusterResult, path: str) -> int:
    """The engine's final state as gzipped JSON (for ``load`` to hand on to later incremental
    runs), written whole (temporary name, then rename); the number of stories it holds."""
    eng = result.engine
    assert eng is not None
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
        json.dump(eng.state(), f)
    os.replace(tmp, path)
    return len(eng.stories)


def read_state(path: str) -> str | None:
    """The saved engine state as JSON text, or None when the run saved none."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def _global_order(orders: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """(partition, row) of every article in publication order (ties: input order, as
    ``publication_order`` breaks them), each article's rank, and the partitions' lengths."""
    lengths = [len(o) for o in orders]
    part = np.repeat(np.arange(len(orders), dtype=np.int64), lengths)
    row = np.concatenate([np.arange(n, dtype=np.int64) for n in lengths] or [np.zeros(0, np.int64)])
    seq = np.lexsort((row, part, np.concatenate(orders or [np.zeros(0)])))
    rank = np.empty(len(seq), dtype=np.int64)
    rank[seq] = np.arange(len(seq))
    return part[seq], row[seq], rank, lengths


@dataclass
class LinkKeys:
    """What resolving duplicate links needs of a partition: ids, given links, order keys."""

    ids: list[str]
    duplicate_of: list[str | None]
    order: np.ndarray


def link_keys(x: ClusterInput) -> LinkKeys:
    """The part of an engine input that resolving links needs (without the features)."""
    return LinkKeys(x.ids, x.duplicate_of, x.order)


def resolve_links(keys: list[LinkKeys], exact: list[np.ndarray], near: list[np.ndarray]) -> list[list[str | None]]:
    """``duplicate_of`` of every article (per partition, input order), as the store sets it when
    the articles are stored in publication order: a record's own link when it names an article of
    the corpus, else the root of the copy found (the copy's own link, or the copy)."""
    _, _, rank, lengths = _global_order([k.order for k in keys])
    offsets = np.cumsum([0, *lengths])
    known = {i for k in keys for i in k.ids}
    dups = [[d if d in known else None for d in k.duplicate_of] for k in keys]
    links = targets(exact, near)
    todo = sorted((int(rank[offsets[p] + r]), p, r) for p, r in links if dups[p][r] is None)
    for _, p, r in todo:  # targets come earlier in publication order: resolved before their copies
        tp, tr = links[(p, r)]
        dups[p][r] = dups[tp][tr] or keys[tp].ids[tr]
    return dups


def cluster_all(inputs: list[ClusterInput], n_buckets: int, config: ClusterConfig | None = None,
                links: list[list[str | None]] | None = None) -> ClusterResult:
    """Cluster every article in publication order, exactly as ``cluster_articles`` would.

    The engine sends exact copies and record-given ``duplicate_of`` to their original's story, as
    ``newsbrief cluster --jsonl`` does; given ``links`` (from :func:`resolve_links`), it follows
    those instead, as the store path follows the links ingest found. The result keeps the engine,
    whose state :func:`save_state` writes (in a task of its own, off the critical path).
    """
    part, row, rank, lengths = _global_order([x.order for x in inputs])
    stories = [np.zeros(n, dtype=np.int64) for n in lengths]
    eng = StoryClusterer(config)
    for p, r in zip(part.tolist(), row.tolist(), strict=True):
        x = inputs[p]
        ts = x.ts[r]
        published = None if np.isnan(ts) else datetime.fromtimestamp(float(ts), UTC)
        art = Article(id=x.ids[r], text="", published=published, content_hash=x.hashes[r],
                      duplicate_of=links[p][r] if links is not None else x.duplicate_of[r])
        titled = x.features.titled is None or bool(x.features.titled[r])
        stories[p][r] = eng.add(art, features=x.features.get(r), titled=titled)

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
        slices.append(ClusterSlice(st, rank[offset:offset + n], bucket))
        offset += n
    return ClusterResult(slices, len(sizes), eng)
