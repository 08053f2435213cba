"""Exact and near-duplicates across all shards, as the store finds them, in three shuffles.

The store links an article to the first copy (in insertion order) with the same content hash,
else to the earliest of its LSH candidates whose estimated Jaccard reaches ``dedup.THRESHOLD``.
Here the insertion order is the publication order, and the same search is spread out:

1. :func:`route` (per partition): content-hash keys and MinHash band keys, each sent to one of
   ``B`` buckets by key; only 24 bytes per key travel, never the texts.
2. :func:`bucket` (per bucket): entries sorted by key then publication order; same-hash groups
   give exact pairs (copy, first copy); same-band groups give candidate pairs (later, earlier),
   at most ``dedup.MAX_CANDIDATES`` earlier ones per group (a superset of the store's earliest
   candidates over all bands). Candidates are sent on to the partition holding the earlier article.
3. :func:`serve` (per partition): attaches the earlier article's signature, sends the pair to the
   partition holding the later article; :func:`verify` there keeps each article's
   ``MAX_CANDIDATES`` earliest candidates, as the store does, and of those the pairs whose
   signatures agree enough. Signatures (``NUM_PERM`` x 4 bytes) move only for candidate pairs.

The surviving pairs are few (copies and near-copies); the clustering task resolves them into
``duplicate_of`` links in publication order (``clustering.resolve_links``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsbrief import dedup

ENTRY = np.dtype([("key", "<i8"), ("ts", "<f8"), ("part", "<i4"), ("row", "<i4")])
PAIR = np.dtype([("i_part", "<i4"), ("i_row", "<i4"), ("j_part", "<i4"), ("j_row", "<i4"), ("j_ts", "<f8")])


@dataclass
class Signatures:
    """One partition's dedup material: order keys, 64-bit content-hash keys, MinHash signatures."""

    part: int
    order: np.ndarray  # float64 publication-order times (undated filled in)
    hash_keys: np.ndarray  # int64: the first 16 hex digits of the content hash
    sigs: np.ndarray  # uint32 [n, NUM_PERM]; rows of texts too short to sign are zero
    signed: np.ndarray  # bool [n]


def signatures(part: int, texts: list[str], hashes: list[str], order: np.ndarray) -> Signatures:
    """Sign a partition's texts (the expensive step: ~0.1 ms per article, in parallel)."""
    sigs = np.zeros((len(texts), dedup.NUM_PERM), dtype=np.uint32)
    signed = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        s = dedup.signature(text)
        if s is not None:
            sigs[i] = s
            signed[i] = True
    keys = np.array([int(h[:16], 16) if h else 0 for h in hashes], dtype=np.uint64).view(np.int64)
    return Signatures(part, order, keys, sigs, signed)


def _entries(keys: np.ndarray, rows: np.ndarray, sig: Signatures) -> np.ndarray:
    e = np.empty(len(keys), dtype=ENTRY)
    e["key"], e["ts"], e["part"], e["row"] = keys, sig.order[rows], sig.part, rows
    return e


def route(sig: Signatures, n_buckets: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``[(hash entries, band entries)]`` per bucket, a key's bucket being ``key mod B``."""
    rows = np.arange(len(sig.order), dtype=np.int32)
    has = sig.hash_keys != 0
    exact = _entries(sig.hash_keys[has], rows[has], sig)
    signed = np.flatnonzero(sig.signed).astype(np.int32)
    if len(signed):
        bands = np.array([dedup.band_keys(sig.sigs[r]) for r in signed], dtype=np.int64)
        near = _entries(bands.ravel(), np.repeat(signed, bands.shape[1]), sig)
    else:
        near = np.empty(0, dtype=ENTRY)
    eb = exact["key"].view(np.uint64) % np.uint64(n_buckets)
    nb = near["key"].view(np.uint64) % np.uint64(n_buckets)
    return [(exact[eb == b], near[nb == b]) for b in range(n_buckets)]


def _groups(entries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries sorted by (key, ts, part, row), and the start and size of each key's group."""
    e = entries[np.lexsort((entries["row"], entries["part"], entries["ts"], entries["key"]))]
    if not len(e):
        return e, np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, e["key"][1:] != e["key"][:-1]])
    sizes = np.diff(np.r_[starts, len(e)])
    return e, starts, sizes


def _pairs(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    p = np.empty(len(later), dtype=PAIR)
    p["i_part"], p["i_row"] = later["part"], later["row"]
    p["j_part"], p["j_row"], p["j_ts"] = earlier["part"], earlier["row"], earlier["ts"]
    return p


def _runs(counts: np.ndarray) -> np.ndarray:
    """``0 .. c-1`` for each count ``c``, concatenated (vectorised ``arange`` per group)."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def _later_earlier(starts: np.ndarray, sizes: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (later, earlier) index pair within each group (``starts``, ``sizes``) of a sorted
    array, at most ``cap`` earliest ones for each later entry; vectorised over all groups."""
    first = np.repeat(starts, sizes)
    pos = _runs(sizes)
    count = np.minimum(pos, cap)
    return np.repeat(first + pos, count), np.repeat(first, count) + _runs(count)


def bucket(n_parts: int, *routed: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Exact pairs, and candidate pairs split by the earlier article's partition."""
    exact, starts, sizes = _groups(np.concatenate([r[0] for r in routed]))
    multi = sizes > 1
    later, _ = _later_earlier(starts[multi], sizes[multi], 1)
    exact_pairs = _pairs(exact[later], exact[np.repeat(starts[multi], sizes[multi] - 1)])

    near, starts, sizes = _groups(np.concatenate([r[1] for r in routed]))
    multi = sizes > 1
    later, earlier = _later_earlier(starts[multi], sizes[multi], dedup.MAX_CANDIDATES)
    cand = _unique(_pairs(near[later], near[earlier]))  # articles sharing several bands: one pair
    return exact_pairs, [cand[cand["j_part"] == q] for q in range(n_parts)]


def _unique(pairs: np.ndarray) -> np.ndarray:
    """The distinct pairs (by both ends), sorted by later then earlier end."""
    if len(pairs) < 2:
        return pairs
    ip, ir = pairs["i_part"].astype(np.uint64), pairs["i_row"].astype(np.uint64)
    jp, jr = pairs["j_part"].astype(np.uint64), pairs["j_row"].astype(np.uint64)
    if max(ip.max(), jp.max()) < 1 << 12 and max(ir.max(), jr.max()) < 1 << 20:
        # One 64-bit key per pair (12 + 20 bits per end): sorting it is ~5x faster than a lexsort.
        key = (ip << np.uint64(52)) | (ir << np.uint64(32)) | (jp << np.uint64(20)) | jr
        _, first = np.unique(key, return_index=True)
        return pairs[first]
    pairs = pairs[np.lexsort((pairs["j_row"], pairs["j_part"], pairs["i_row"], pairs["i_part"]))]
    repeat = np.zeros(len(pairs), dtype=bool)
    repeat[1:] = True
    for col in ("i_part", "i_row", "j_part", "j_row"):
        repeat[1:] &= pairs[col][1:] == pairs[col][:-1]
    return pairs[~repeat]


def serve(sig: Signatures, n_parts: int, *candidates: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Candidate pairs whose earlier article is here, each once, with that article's signature,
    split by the later article's partition."""
    cand = _unique(np.concatenate(candidates)) if candidates else np.empty(0, dtype=PAIR)
    sigs = sig.sigs[cand["j_row"]]
    return [(cand[m], sigs[m]) for m in (cand["i_part"] == p for p in range(n_parts))]


def verify(sig: Signatures, *served: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The candidate pairs of this partition's articles whose estimated Jaccard reaches the
    store's threshold (``dedup.similarity``, vectorised), among each article's
    ``dedup.MAX_CANDIDATES`` earliest candidates over all bands, as the store looks them up."""
    pairs = np.concatenate([s[0] for s in served]) if served else np.empty(0, dtype=PAIR)
    if not len(pairs):
        return pairs
    theirs = np.concatenate([s[1] for s in served])
    o = np.lexsort((pairs["j_row"], pairs["j_part"], pairs["j_ts"], pairs["i_row"]))
    pairs, theirs = pairs[o], theirs[o]
    starts = np.flatnonzero(np.r_[True, pairs["i_row"][1:] != pairs["i_row"][:-1]])
    nth = np.arange(len(pairs)) - np.repeat(starts, np.diff(np.r_[starts, len(pairs)]))
    keep = nth < dedup.MAX_CANDIDATES
    pairs, theirs = pairs[keep], theirs[keep]
    sim = np.count_nonzero(sig.sigs[pairs["i_row"]] == theirs, axis=1) / sig.sigs.shape[1]
    return pairs[sim >= dedup.THRESHOLD]


def targets(exact: list[np.ndarray], near: list[np.ndarray]) -> dict[tuple[int, int], tuple[int, int]]:
    """``(part, row) -> (part, row)`` of the copy each duplicate points at: the first same-hash
    article, else the earliest verified near-duplicate (by publication order)."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    if near:
        n = np.concatenate(near)
        # Latest candidates first, so the earliest one is written last and wins.
        n = n[np.lexsort((n["j_row"], n["j_part"], n["j_ts"]))[::-1]]
        out.update(zip(zip(n["i_part"].tolist(), n["i_row"].tolist(), strict=True),
                       zip(n["j_part"].tolist(), n["j_row"].tolist(), strict=True), strict=True))
    for e in exact:  # an exact copy wins over a near one, as in the store
        out.update(zip(zip(e["i_part"].tolist(), e["i_row"].tolist(), strict=True),
                       zip(e["j_part"].tolist(), e["j_row"].tolist(), strict=True), strict=True))
    return out
