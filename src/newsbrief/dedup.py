"""Duplicates: the same text (exact content hash) and near-duplicates (MinHash LSH).

A near-duplicate is a wire copy republished by another outlet or the same story lightly edited.
It is kept in the store, linked by ``duplicate_of`` to the first copy (the root of its chain), so
"carried by N outlets" can be counted while the copies never count twice as evidence.

Signatures are datasketch MinHashes of word 3-shingles. The LSH index (banding, as in
``datasketch.MinHashLSH``) lives in the store's ``minhash_bands`` table rather than in memory,
so that it survives between runs and is shared by concurrent ingests: candidates are looked up
inside the writing transaction, then confirmed by the estimated Jaccard similarity.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

# 128 permutations estimate Jaccard within about ±0.05, enough to tell a copy (J > 0.6) from a
# different article on the same event (J < 0.15 on clusters-dev); changing any of these four
# constants invalidates the signatures already stored.
NUM_PERM = 128
BANDS, ROWS = 32, 4  # LSH threshold ~ (1/32)^(1/4) = 0.42: P(candidate) = 0.99 at J=0.6, 0.87 at J=0.5
SHINGLE = 3
SEED = 1
# Estimated Jaccard at or above this links a candidate as a near-duplicate. Lightly edited copies
# score 0.6-0.9, different articles about one event under 0.2 (measured by bench/bench_ingest.py).
THRESHOLD = 0.5
# Texts shorter than this many shingles are only matched exactly: on a sentence or two, a
# few changed words swing the estimate too far to call a near-duplicate.
MIN_SHINGLES = 12
# A story carried by hundreds of outlets makes hundreds of candidates; the earliest are enough
# to find the first copy, and the cap keeps one lookup under a millisecond.
MAX_CANDIDATES = 200

_TOKEN = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def _identity(x: np.uint64) -> np.uint64:
    return x


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's lower-cased word 3-shingles."""
    toks = _TOKEN.findall(text.lower())
    if len(toks) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(t.encode("utf-8", "surrogatepass")) for t in toks), dtype=np.uint64, count=len(toks))
    s = h[: len(h) - 2] * _MIX[0] + h[1 : len(h) - 1] * _MIX[1] + h[2:] * _MIX[2]  # wraps mod 2^64
    return np.unique((s ^ (s >> np.uint64(32))) & _MASK32)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values) of a text, or None when it is too short."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=_permutations())
    m.update_batch(hashes)
    return m.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (the band's index is mixed in, so bands never collide)."""
    b = sig.reshape(BANDS, ROWS).astype(np.uint64)
    k = np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX[2]
    for r in range(ROWS):
        k = (k ^ b[:, r]) * _MIX[0]
    return k.view(np.int64).tolist()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class DuplicateIndex:
    """Exact and near-duplicate lookups over a store's connection (tables of migration 001).

    Call ``find`` then ``add`` for each new article inside the same write transaction.
    """

    def __init__(self, conn: sqlite3.Connection, threshold: float = THRESHOLD) -> None:
        self.conn = conn
        self.threshold = threshold

    def _root(self, article_id: str, duplicate_of: str | None) -> str:
        return duplicate_of or article_id

    def find(self, content_hash: str, sig: np.ndarray | None) -> str | None:
        """The id of the first copy this text duplicates (exactly or nearly), or None."""
        row = self.conn.execute("SELECT id, duplicate_of FROM articles WHERE content_hash = ? ORDER BY seq LIMIT 1",
                                (content_hash,)).fetchone()
        if row:
            return self._root(row[0], row[1])
        if sig is None:
            return None
        keys = band_keys(sig)
        cands = self.conn.execute(
            f"SELECT DISTINCT seq FROM minhash_bands WHERE band_key IN ({','.join('?' * len(keys))}) ORDER BY seq LIMIT ?",
            [*keys, MAX_CANDIDATES]).fetchall()
        if not cands:
            return None
        seqs = [c[0] for c in cands]
        rows = self.conn.execute(
            "SELECT a.seq, a.id, a.duplicate_of, s.signature FROM article_signatures s JOIN articles a ON a.seq = s.seq "
            f"WHERE s.seq IN ({','.join('?' * len(seqs))}) ORDER BY a.seq", seqs).fetchall()
        for _seq, aid, dup, blob in rows:  # the earliest match is the first copy
            if similarity(sig, from_blob(blob)) >= self.threshold:
                return self._root(aid, dup)
        return None

    def add(self, seq: int, sig: np.ndarray | None) -> None:
        """Index a stored article's signature."""
        if sig is None:
            return
        self.conn.execute("INSERT OR REPLACE INTO article_signatures(seq, signature) VALUES (?, ?)", (seq, to_blob(sig)))
        self.conn.executemany("INSERT OR IGNORE INTO minhash_bands(band_key, seq) VALUES (?, ?)",
                              [(k, seq) for k in band_keys(sig)])

    def replace(self, seq: int, sig: np.ndarray | None) -> None:
        """Re-index an article whose text changed (a new revision)."""
        row = self.conn.execute("SELECT signature FROM article_signatures WHERE seq = ?", (seq,)).fetchone()
        if row:
            self.conn.executemany("DELETE FROM minhash_bands WHERE band_key = ? AND seq = ?",
                                  [(k, seq) for k in band_keys(from_blob(row[0]))])
            self.conn.execute("DELETE FROM article_signatures WHERE seq = ?", (seq,))
        self.add(seq, sig)
